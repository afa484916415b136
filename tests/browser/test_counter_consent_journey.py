"""Issue 13, finding 5 in real Chromium at 360 px, without JavaScript doing the work: the counter officer has Loket
send the citizen a consent code (a plain POST that keeps what was typed), types the code the citizen reads out and
presses Enter, which files the application (not a second code); the citizen reads how they agreed."""

import time

import pytest

from loket.applications.models import Application
from loket.notify.models import Notification
from tests.helpers.applications import PDF
from tests.helpers.auth import activate_totp
from tests.helpers.browser import check_page, sign_in
from tests.helpers.org import unit_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("production_rules")]
WIDTH = 360


def test_counter_consent_journey(chromium, live_server, process_service, agency_a, units, applicant, tmp_path):
    officer = unit_user("petugas_loket", agency_a, units["front"])
    secret = activate_totp(officer)
    ktp = tmp_path / "ktp.pdf"
    ktp.write_bytes(PDF)

    context, page = sign_in(chromium, live_server, officer, secret=secret, width=WIDTH, start="/kantor/loket/")
    page.locator("#find-nik").fill("3273014101900001")
    page.get_by_role("button", name="Cari", exact=True).click()
    page.wait_for_url("**/kantor/loket/layanan/")
    page.goto("/kantor/loket/layanan/izin-usaha-mikro/")
    page.locator("#f-nama_usaha").fill("Warung Sunda Bu Imas")
    page.locator("#f-nik_pemilik").fill("3273014101900001")
    page.locator("#f-req_0").set_input_files(str(ktp))
    check_page(page)

    # 1. Send the code: the form comes back with everything kept, the KTP stored, and where the code went.
    page.get_by_role("button", name="Kirim kode persetujuan").click()
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    assert "Kode persetujuan dikirim ke 0812****90" in text and not Application.objects.exists()
    assert page.locator("#f-nama_usaha").input_value() == "Warung Sunda Bu Imas" and "ktp.pdf" in text
    check_page(page)

    # 2. The citizen reads the code out; the officer types it and presses Enter: the application is filed.
    code = Notification.objects.get(template="consent_code").context["secret_code"]
    page.locator("#consent-code").fill(code)
    page.locator("#consent-code").press("Enter")
    page.wait_for_url("**/kantor/loket/tanda-terima/*/")
    application = Application.objects.get()
    assert application.consent.method == "code" and Notification.objects.filter(template="consent_code").count() == 1
    check_page(page)
    context.close()

    # 3. The citizen reads how they agreed on their application page.
    context, page = sign_in(
        chromium, live_server, applicant, width=WIDTH, start=f"/permohonan/{application.tracking_number}/"
    )
    page.wait_for_url(f"**/permohonan/{application.tracking_number}/")
    assert "dengan persetujuan kode yang dikirim ke 0812****90" in page.locator("main").inner_text()
    check_page(page)
    context.close()
