"""The public complaint pages: file without an account, see the code and secret once, follow with them."""

import re

import pytest

from loket.complaints import rules
from loket.complaints.models import Complaint
from loket.org.models import Agency
from tests.helpers.complaints import open_desk


@pytest.fixture
def desks(agency_a, kota_bandung):
    inspectorate = Agency.objects.create(
        region=kota_bandung, slug="inspektorat-bandung", name="Inspektorat Kota Bandung"
    )
    return open_desk(agency_a), open_desk(inspectorate, inspectorate=True)


def _report(client, service, **overrides):
    data = {
        "kind": rules.PUNGLI,
        "service": service.pk,
        "title": "Diminta uang di loket",
        "body": "Petugas meminta Rp100.000 supaya izin saya cepat selesai.",
        "identity": rules.ANONYMOUS,
    }
    data.update(overrides)
    return client.post("/pengaduan/", data)


def test_an_anonymous_report_from_the_public_form_and_its_follow_up(client, desks, service_a):
    page = client.get("/pengaduan/")
    assert page.status_code == 200 and "Pungutan liar" in page.content.decode()
    answer = _report(client, service_a)
    assert answer.status_code == 201
    html = answer.content.decode()
    code = re.search(r'id="receipt-code">([^<]+)<', html).group(1)
    secret = re.search(r'id="receipt-secret">([^<]+)<', html).group(1)
    complaint = Complaint.objects.get(receipt_code=code)
    assert "Inspektorat Kota Bandung" in html and complaint.identity == rules.ANONYMOUS
    followed = client.post("/pengaduan/lacak/", {"code": code.lower(), "secret": secret})
    assert followed.status_code == 200
    body = followed.content.decode()
    assert "Diminta uang di loket" in body and "Diproses" in body
    wrong = client.post("/pengaduan/lacak/", {"code": code, "secret": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 400 and "tidak cocok" in wrong.content.decode()


def test_a_refused_report_keeps_what_was_written_and_says_why(client, desks, service_a):
    answer = _report(client, service_a, identity=rules.IDENTIFIED, body="Antrean terlalu panjang di loket tadi pagi.")
    html = answer.content.decode()
    assert answer.status_code == 400 and "Isi nama dan kontak" in html
    assert "Antrean terlalu panjang" in html  # nothing lost
    assert not Complaint.objects.exists()


def test_the_form_reads_in_english(client, desks, service_a):
    client.cookies["django_language"] = "en"
    page = client.get("/pengaduan/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "Make a complaint" in html and "An illegal fee" in html


def test_a_flood_from_one_address_is_stopped(client, desks, service_a, settings):
    from loket.complaints import views

    for _ in range(views.FILE_LIMIT):
        assert _report(client, service_a).status_code == 201
    assert _report(client, service_a).status_code == 429
    assert Complaint.objects.count() == views.FILE_LIMIT
