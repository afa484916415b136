"""Issue 18 in real Chromium: a citizen applies for a paid service (a billboard permit charged per m²), an officer
verifies it and the case waits for its levy with its clock stopped; the citizen sees the assessment with QRIS and
virtual account, opens the provider's pay page (the simulator, its own process) and pays by QRIS; the provider's
signed callback reaches Loket's endpoint, the worker applies it, the case's clock runs again; the agency head
decides, the decision is signed, and the citizen finds the decision and the sealed payment receipt in the wallet (the
receipt's text and its signature checked with poppler). axe-core checks the pages at 1280 px and 360 px, which never
scroll sideways; no request of Loket's pages leaves the live server except the citizen's visit to the pay page."""

import os
import time
from pathlib import Path

import pytest

from loket.applications.models import Application
from loket.documents import pki
from loket.documents.models import Document
from loket.org.models import Role
from loket.payments import services as payments
from loket.payments.models import Assessment, PaymentEvent
from tests.helpers.applications import PDF
from tests.helpers.auth import activate_totp
from tests.helpers.browser import RequestLog, check_page, sign_in
from tests.helpers.documents import nss_db, pdfsig, sign_now
from tests.helpers.letters import flat, pdf_text
from tests.helpers.org import make_user, unit_user
from tests.helpers.payments import Simulator, billboard_service, simulated_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("production_rules")]


def _both_widths(page, shots, name):
    """axe-core and no sideways scroll at 1280 px, then at 360 px (the page reloaded at that width)."""
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        page.wait_for_load_state()
        check_page(page, shots, name)
    page.set_viewport_size({"width": 1280, "height": 900})


def _approve(page, tracking: str):
    page.goto("/kantor/tugas/")
    page.locator("tbody tr", has=page.get_by_role("link", name=tracking)).get_by_role("link", name=tracking).click()
    page.wait_for_url("**/kantor/tugas/*/")
    if "disamarkan sampai tugas diambil" in page.locator("main").inner_text():
        page.get_by_role("button", name="Ambil tugas ini").click()
        page.wait_for_url("**/kantor/tugas/*/")
    page.get_by_role("button", name="Setujui tahap ini").click()
    page.wait_for_url("**/kantor/tugas/")
    assert f"{tracking}: Tahap disetujui." in page.locator("main").inner_text()


def _wait(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_pay_by_qris_and_get_the_receipt(
    chromium, live_server, settings, editor_a, agency_a, category, units, applicant, kota_bandung, tmp_path
):
    shots = Path(os.environ.get("LOKET_JOURNEY_SHOTS", tmp_path))  # set it to keep the screenshots and look
    service = billboard_service(editor_a, agency_a, category, units)
    simulator = Simulator(tmp_path / "bank.sqlite3", f"{live_server.url}/api/v1/pembayaran/notifikasi/sim")
    simulated_provider(settings, simulator)
    officer = unit_user("petugas_perizinan", agency_a, units["front"])
    head = make_user("kepala_dinas", (Role.AGENCY_HEAD, agency_a))
    signer = make_user("pejabat_ttd", (Role.SIGNING_OFFICIAL, agency_a))
    officer_secret, head_secret = activate_totp(officer), activate_totp(head)
    signer.totp_secret = activate_totp(signer)
    try:
        # 1. The citizen applies for the paid service; the public page states the fee.
        citizen_context, citizen = sign_in(chromium, live_server, applicant, start=f"/layanan/{service.code}/ajukan/")
        log = RequestLog(live_server.url)
        citizen.on("request", log)
        citizen.get_by_label("Lokasi reklame").fill("Jl. Asia Afrika 8, Bandung")
        citizen.get_by_label("Luas bidang reklame (m²)").fill("4")
        ktp = tmp_path / "ktp.pdf"
        ktp.write_bytes(PDF)
        citizen.get_by_label("KTP-el").set_input_files(str(ktp))
        citizen.get_by_role("button", name="Kirim permohonan").click()
        citizen.wait_for_url("**/permohonan/*/tanda-terima/")
        application = Application.objects.get(applicant=applicant)
        tracking = application.tracking_number

        # 2. An officer verifies it: the assessment is issued and the case waits, its clock stopped.
        officer_context, office = sign_in(chromium, live_server, officer, secret=officer_secret, start="/kantor/tugas/")
        _approve(office, tracking)
        application.refresh_from_db()
        assert application.status == Application.Status.WAITING and application.paused_at is not None
        payments.run_round()  # the worker registers the bill at the provider
        assessment = Assessment.objects.get(application=application)
        assert assessment.codes == Assessment.Codes.READY

        # 3. The citizen sees the assessment with its QRIS and virtual account.
        citizen.goto(f"/permohonan/{tracking}/")
        card = citizen.locator("section", has=citizen.get_by_role("heading", name="Retribusi", exact=True))
        text = card.inner_text()
        assert assessment.number in text and "Rp110.000" in text and assessment.va_number in text
        assert card.locator("svg title", has_text="QRIS").count() == 1 or card.locator(".qr svg").count() == 1
        assert card.get_by_role("link", name="Laporkan pungutan liar").count() == 1
        _both_widths(citizen, shots, "payment-assessment")

        # 4. The pay page (the provider's, another host): pay by QRIS.
        card.get_by_role("link", name="Buka halaman pembayaran").click()
        citizen.wait_for_url(f"{simulator.base}/bayar/*")
        assert "Rp110.000" in citizen.locator("body").inner_text()
        citizen.get_by_role("button", name="Bayar dengan QRIS").click()
        citizen.wait_for_load_state()
        assert "Pembayaran diterima" in citizen.locator("body").inner_text()

        # 5. The provider's signed callback reaches Loket; the worker applies it; the clock runs again.
        _wait(lambda: PaymentEvent.objects.filter(kind="payment.paid").exists())
        payments.run_round()
        assessment.refresh_from_db()
        application.refresh_from_db()
        assert assessment.status == Assessment.Status.PAID and assessment.paid_channel == "qris"
        assert application.status == Application.Status.SUBMITTED and application.paused_at is None
        assert assessment.receipt is not None  # written in the same round, after the payment

        citizen.goto(f"/permohonan/{tracking}/")
        text = citizen.locator("main").inner_text()
        assert "Lunas" in text and "Unduh tanda bukti pembayaran (PDF)" in text
        _both_widths(citizen, shots, "payment-paid")

        # 6. The agency head decides; the decision is signed.
        head_context, head_page = sign_in(chromium, live_server, head, secret=head_secret, start="/kantor/tugas/")
        _approve(head_page, tracking)
        application.refresh_from_db()
        assert application.status == Application.Status.COMPLETED
        decision = Document.objects.get(application=application)
        sign_now(decision, signer)

        # 7. The wallet holds the decision and the sealed receipt; the receipt reads right and its seal validates.
        citizen.goto("/dompet/")
        wallet = citizen.locator("main").inner_text()
        assessment.refresh_from_db()
        receipt = assessment.receipt
        assert decision.number in wallet and receipt.number in wallet
        assert "Tanda Bukti Pembayaran Retribusi Daerah" in wallet
        _both_widths(citizen, shots, "payment-wallet")
        with citizen.expect_download() as download:
            citizen.locator(f"a[href='/dompet/{receipt.code}/unduh']").first.click()
        path = Path(download.value.path())
        data = path.read_bytes()
        text = flat(pdf_text(data))
        for expected in (assessment.number, assessment.reference, tracking, "Imas Masitoh", "Rp110.000",
                         "Seratus sepuluh ribu rupiah", "QRIS", "WIB", "pungutan liar"):  # fmt: skip
            assert expected in text, expected
        report = pdfsig(path, nss_db(tmp_path, pki.root().cert))
        assert "Signature is Valid." in report and "Certificate is Trusted." in report
        (shots / "payment-receipt.pdf").write_bytes(data)

        # 8. Its public verification page.
        citizen.goto(f"/verifikasi/{receipt.code}")
        assert "Sah" in citizen.locator("main").inner_text() or "SAH" in citizen.locator("main").inner_text()
        _both_widths(citizen, shots, "payment-receipt-verification")

        foreign = [url for url in log.foreign() if not url.startswith(simulator.base)]
        assert foreign == []
        for context in (citizen_context, officer_context, head_context):
            context.close()
    finally:
        simulator.kill()
