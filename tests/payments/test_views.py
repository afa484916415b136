"""The pages of receipts and refunds: the applicant's payment card (receipt, refund, where to report an illegal fee)
and the officials' assessment page (the refund form, its errors in Indonesian and English, the retry notice)."""

import time

import pytest
from django.core.cache import cache

from loket.org.models import Role
from loket.payments import receipts
from loket.payments.models import Refund
from tests.helpers.auth import login, totp_code
from tests.helpers.org import make_user

REASON = "Permohonan dicabut sebelum izin diproses; retribusi belum terutang."


@pytest.mark.django_db(transaction=True)
def test_the_card_offers_the_receipt_and_the_report_line(paid, applicant, client):
    client.force_login(applicant)
    page = client.get(f"/permohonan/{paid.application.tracking_number}/").content.decode()
    assert "Tanda bukti pembayaran sedang dibuat" in page and "Laporkan pungutan liar" in page
    assert "https://www.lapor.go.id/" in page
    receipts.issue_receipts()
    paid.refresh_from_db()
    page = client.get(f"/permohonan/{paid.application.tracking_number}/").content.decode()
    assert f"/dompet/{paid.receipt.code}/unduh" in page and "Unduh tanda bukti pembayaran" in page
    assert client.get(f"/dompet/{paid.receipt.code}/unduh").status_code == 200
    client.cookies["django_language"] = "en"
    page = client.get(f"/permohonan/{paid.application.tracking_number}/").content.decode()
    assert "Download the payment receipt" in page and "Report an illegal fee" in page


@pytest.mark.django_db(transaction=True)
def test_the_official_refunds_on_the_assessment_page(paid, official, officers, bank, client, agency_b):
    simulator, _ = bank
    url = f"/kantor/retribusi/{paid.pk}/"
    login(client, make_user("petugas_b", (Role.OFFICER, agency_b)))
    assert client.get(url).status_code == 404  # another agency's
    client.logout()
    login(client, officers["front"])
    page = client.get(url).content.decode()
    assert "pejabat yang berwenang" in page and "Kembalikan retribusi" not in page  # may see, may not refund
    client.logout()
    login(client, official)
    page = client.get(url).content.decode()
    assert "Kembalikan retribusi" in page and paid.number in page

    answer = client.post(url, {"reason": "salah", "otp": "123456"}).content.decode()
    assert "Tuliskan alasan pengembalian" in answer and 'aria-invalid="true"' in answer
    client.cookies["django_language"] = "en"
    answer = client.post(url, {"reason": "salah", "otp": "123456"}).content.decode()
    assert "Write the reason for the refund" in answer
    del client.cookies["django_language"]

    simulator.outage(True)
    cache.clear()
    response = client.post(url, {"reason": REASON, "otp": totp_code(official.totp_secret, time.time())}, follow=True)
    page = response.content.decode()
    assert "belum dapat dihubungi" in page and "mencoba lagi secara otomatis" in page
    assert Refund.objects.get().status == Refund.Status.PENDING
    assert "Kembalikan retribusi" not in page  # decided once
