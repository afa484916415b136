"""Issue 13, finding 5 in real Chromium at 360 px, without JavaScript doing the work: the counter officer has Loket
send the citizen a consent code (a plain POST that keeps what was typed), types the code the citizen reads out and
presses Enter, which files the application (not a second code); the citizen reads how they agreed."""

import time

import pytest

from loket.applications.models import Application
from loket.notify.models import Notification
from tests.helpers.applications import PDF
from tests.helpers.auth import activate_totp, totp_code
from tests.helpers.browser import assert_accessible
from tests.helpers.org import unit_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("production_rules")]
PASSWORD = "rahasia-uji-123"
WIDTH = 360


def _sign_in(chromium, live_server, user, start: str, secret: str = ""):
    context = chromium.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": WIDTH, "height": 900})
    page = context.new_page()
    page.goto(start)
    page.wait_for_url("**/akun/login/**")
    page.locator("input[name=login]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form", has=page.locator("input[name=password]")).locator("button[type=submit]").first.click()
    if secret:
        page.wait_for_url("**/akun/2fa/authenticate/**")
        if 30 - time.time() % 30 < 3:  # never a code that expires in flight
            time.sleep(30 - time.time() % 30 + 0.1)
        page.locator("input[name=code]").fill(totp_code(secret, time.time()))
        page.locator("form", has=page.locator("input[name=code]")).locator("button[type=submit]").first.click()
    page.wait_for_load_state()
    return context, page


def _check(page) -> None:
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url}: the page scrolls sideways ({width} px)"


def test_counter_consent_journey(chromium, live_server, process_service, agency_a, units, applicant, tmp_path):
    officer = unit_user("petugas_loket", agency_a, units["front"])
    secret = activate_totp(officer)
    ktp = tmp_path / "ktp.pdf"
    ktp.write_bytes(PDF)

    context, page = _sign_in(chromium, live_server, officer, "/kantor/loket/", secret)
    page.locator("#find-nik").fill("3273014101900001")
    page.get_by_role("button", name="Cari", exact=True).click()
    page.wait_for_url("**/kantor/loket/layanan/")
    page.goto("/kantor/loket/layanan/izin-usaha-mikro/")
    page.locator("#f-nama_usaha").fill("Warung Sunda Bu Imas")
    page.locator("#f-nik_pemilik").fill("3273014101900001")
    page.locator("#f-req_0").set_input_files(str(ktp))
    _check(page)

    # 1. Send the code: the form comes back with everything kept, the KTP stored, and where the code went.
    page.get_by_role("button", name="Kirim kode persetujuan").click()
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    assert "Kode persetujuan dikirim ke 0812****90" in text and not Application.objects.exists()
    assert page.locator("#f-nama_usaha").input_value() == "Warung Sunda Bu Imas" and "ktp.pdf" in text
    _check(page)

    # 2. The citizen reads the code out; the officer types it and presses Enter: the application is filed.
    code = Notification.objects.get(template="consent_code").context["secret_code"]
    page.locator("#consent-code").fill(code)
    page.locator("#consent-code").press("Enter")
    page.wait_for_url("**/kantor/loket/tanda-terima/*/")
    application = Application.objects.get()
    assert application.consent.method == "code" and Notification.objects.filter(template="consent_code").count() == 1
    _check(page)
    context.close()

    # 3. The citizen reads how they agreed on their application page.
    context, page = _sign_in(chromium, live_server, applicant, f"/permohonan/{application.tracking_number}/")
    page.wait_for_url(f"**/permohonan/{application.tracking_number}/")
    assert "dengan persetujuan kode yang dikirim ke 0812****90" in page.locator("main").inner_text()
    _check(page)
    context.close()
