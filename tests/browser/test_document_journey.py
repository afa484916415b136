"""Issue 4 end to end in real Chromium: the official signs with TOTP; the citizen downloads the signed PDF
from the wallet, opens the QR target and sees it valid, checks the file, then reuses the document in a
second application; the officer sees it as a verified Loket document. axe-core checks every page."""

import time

import pytest

from loket.applications.models import Application
from loket.documents import render, verify
from loket.documents.models import Document
from tests.browser.test_application_journey import PASSWORD, fresh_totp, submit_form_of
from tests.helpers.browser import assert_accessible
from tests.helpers.documents import complete, file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _production_rules(settings, tmp_path, live_server):
    settings.LOKET_REQUIRE_OFFICER_MFA = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LOKET_SIGNING_DIR = str(tmp_path / "signing")
    settings.LOKET_SIGNING_BACKEND = "local"
    settings.LOKET_PUBLIC_URL = live_server.url  # the QR code opens this live server
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def next_unused_code(secret: str, used: str) -> str:
    """A code is accepted once: after signing in with one, wait for the authenticator's next code."""
    code = fresh_totp(secret)
    while code == used:
        time.sleep(30 - time.time() % 30 + 0.1)
        code = fresh_totp(secret)
    return code


def sign_in(context_page, username: str, secret: str | None = None, target: str = "/dompet/"):
    page = context_page
    page.goto(target)
    page.wait_for_url("**/akun/login/**")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    submit_form_of(page, "input[name=password]")
    if secret:
        page.wait_for_url("**/akun/2fa/authenticate/**")
        page.login_code = fresh_totp(secret)
        page.locator("input[name=code]").fill(page.login_code)
        submit_form_of(page, "input[name=code]")
    page.wait_for_url(f"**{target}")
    return page


# The verdict box's computed background (loket.css --ok-bg and --bad-bg): the colour, not only the class.
SUCCESS, ERROR = "rgb(237, 247, 239)", "rgb(253, 240, 240)"


def tone_of(page) -> str:
    return page.locator("#verdict").evaluate("box => getComputedStyle(box).backgroundColor")


def test_sign_download_verify_and_reuse(
    chromium,
    live_server,
    simple_service,
    applicant,
    head_a,
    official,
    tmp_path,
):
    application = complete(file(simple_service, applicant), head_a)
    document = application.documents.get()

    # The signing official signs from the to-sign list with a fresh TOTP code.
    staff_context = chromium.new_context(base_url=live_server.url, locale="id-ID")
    staff = sign_in(
        staff_context.new_page(), official.username, official.totp_secret, target="/kantor/dokumen/tanda-tangan/"
    )
    assert document.number in staff.locator("main").inner_text()
    assert_accessible(staff)
    staff.get_by_label(f"Pilih {document.number}").check()
    staff.get_by_label("Kode TOTP").fill(next_unused_code(official.totp_secret, staff.login_code))
    staff.get_by_role("button", name="Tandatangani dokumen yang dipilih").click()
    staff.wait_for_url("**/kantor/dokumen/tanda-tangan/")
    assert "1 dokumen telah ditandatangani" in staff.locator("main").inner_text()
    assert_accessible(staff)
    document.refresh_from_db()
    assert document.status == Document.Status.VALID

    # The citizen downloads it from the wallet.
    context = chromium.new_context(base_url=live_server.url, locale="id-ID", accept_downloads=True)
    citizen = sign_in(context.new_page(), applicant.username)
    assert_accessible(citizen)
    with citizen.expect_download() as download_info:
        citizen.get_by_role("link", name=f"Unduh PDF {document.number}").click()
    path = tmp_path / "unduhan.pdf"
    download_info.value.save_as(path)
    data = path.read_bytes()
    check = verify.check_pdf(data)
    assert check.ok and check.code == document.code

    # The QR target: the verification page says valid.
    qr_target = render.verify_url(check.code)
    assert qr_target.startswith(live_server.url)
    citizen.goto(qr_target)
    assert "Dokumen ini SAH" in citizen.locator("main").inner_text()
    assert "I*** M******" in citizen.locator("main").inner_text()
    assert tone_of(citizen) == SUCCESS
    assert_accessible(citizen)

    # Anyone can check the file itself.
    citizen.get_by_role("link", name="unggah untuk diperiksa").click()
    citizen.get_by_label("Berkas PDF").set_input_files(str(path))
    citizen.get_by_role("button", name="Periksa").click()
    assert "SAH: tanda tangan utuh" in citizen.locator("#result").inner_text()
    assert tone_of(citizen) == SUCCESS
    assert_accessible(citizen)

    # A tampered copy reads as an error in the error colour, with no green badge anywhere in the result.
    data = path.read_bytes()
    start = data.index(b"stream\n") + len(b"stream\n") + 10
    tampered = tmp_path / "diubah.pdf"
    tampered.write_bytes(data[:start] + bytes([data[start] ^ 0x01]) + data[start + 1 :])
    citizen.goto("/verifikasi/")
    citizen.get_by_label("Berkas PDF").set_input_files(str(tampered))
    citizen.get_by_role("button", name="Periksa").click()
    assert "TIDAK SAH" in citizen.locator("#result").inner_text()
    assert tone_of(citizen) == ERROR
    green = citizen.locator("main .badge-ok, main .notice-success")
    assert green.count() == 0
    assert_accessible(citizen)

    # A second application meets its PDF requirement with the wallet document: nothing uploaded again.
    citizen.goto(f"/layanan/{simple_service.code}/ajukan/")
    citizen.get_by_label("Nama usaha").fill("Warung Sunda Bu Imas Cabang Dago")
    citizen.get_by_label("NIK pemilik").fill("3273014101900001")
    citizen.get_by_label("Atau pakai dokumen dari dompet Anda untuk KTP-el").select_option(document.code)
    assert_accessible(citizen)
    citizen.get_by_role("button", name="Kirim permohonan").click()
    citizen.wait_for_load_state()
    assert "/tanda-terima/" in citizen.url, citizen.locator("main").inner_text()
    second = Application.objects.exclude(pk=application.pk).get(applicant=applicant)
    upload = second.uploads.get()
    assert upload.sha256 == document.sha256

    # The head of the agency sees it as a verified Loket document on the task page.
    from tests.helpers.auth import activate_totp

    secret = activate_totp(head_a)
    head_context = chromium.new_context(base_url=live_server.url, locale="id-ID")
    head = sign_in(head_context.new_page(), head_a.username, secret, target="/kantor/tugas/")
    head.get_by_role("link", name=second.tracking_number).click()
    assert "Dokumen Loket terverifikasi" in head.locator("main").inner_text()
    for ctx in (staff_context, context, head_context):
        ctx.close()
