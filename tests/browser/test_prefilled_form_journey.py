"""Issue 15 in real Chromium at 1280 px and 360 px (plain HTML forms, no script of Loket's): a signed-in citizen with a
saved profile opens an application form and finds their NIK, name, address and phone filled in and marked; a time
of 25:99 and a birth date contradicting the NIK are refused with errors naming the field and the format; the
corrected form is sent. axe-core finds no violation and no page scrolls sideways."""

import os
from pathlib import Path

import pytest

from loket.applications import services as applications
from loket.catalogue import services as catalogue
from loket.org.models import Region
from tests.helpers.applications import PDF
from tests.helpers.browser import assert_accessible, check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-uji-123"
FORM = [
    {"key": "nik", "type": "nik", "label": {"id": "NIK pemohon"}, "required": True},
    {"key": "nama_lengkap", "type": "text", "label": {"id": "Nama lengkap sesuai KTP-el"}, "required": True},
    {"key": "tanggal_lahir", "type": "date", "label": {"id": "Tanggal lahir"}, "required": True},
    {"key": "alamat", "type": "address", "label": {"id": "Alamat domisili"}, "required": True},
    {"key": "hp", "type": "phone", "label": {"id": "Nomor HP"}, "required": True},
    {"key": "jam_buka", "type": "time", "label": {"id": "Jam buka usaha"}, "required": True},
    {"key": "modal", "type": "money", "label": {"id": "Modal usaha"}, "required": True},
]


@pytest.fixture(autouse=True)
def _production_rules(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def service_with_profile_form(process_service, editor_a):
    draft = catalogue.open_draft(actor=editor_a, service=process_service)
    applications.save_form(actor=editor_a, standard=draft, fields=FORM)
    catalogue.publish(actor=editor_a, service=process_service)
    process_service.refresh_from_db()
    return process_service


@pytest.mark.parametrize("width", [1280, 360])
def test_citizen_finds_the_form_prefilled_and_typed_fields_checked(
    chromium, live_server, service_with_profile_form, applicant, tmp_path, width
):
    applications.save_profile(
        user=applicant,
        nik="3273014101900001",
        full_name="Imas Masitoh",
        address="Jl. Cihampelas 12, RT 03/RW 05, Cipaganti, Coblong",
        phone="081234567890",
        region=Region.objects.get(code="32.73"),
    )
    shots = Path(os.environ.get("LOKET_JOURNEY_SHOTS", tmp_path))
    context = chromium.new_context(
        base_url=live_server.url,
        locale="id-ID",
        viewport={"width": width, "height": 900},
    )
    page = context.new_page()
    page.goto(f"/layanan/{service_with_profile_form.code}/ajukan/")
    page.wait_for_url("**/akun/login/**")
    page.locator("input[name=login]").fill(applicant.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form", has=page.locator("input[name=password]")).locator("button[type=submit]").first.click()
    page.wait_for_url("**/ajukan/")

    # 1. The profile's facts are in the fields, each marked for the citizen to check.
    assert page.get_by_label("NIK pemohon").input_value() == "3273014101900001"
    assert page.get_by_label("Nama lengkap sesuai KTP-el").input_value() == "Imas Masitoh"
    assert page.locator("#f-alamat-street").input_value().startswith("Jl. Cihampelas 12")
    assert page.locator("#f-alamat-region").input_value() == "32.73"
    assert page.get_by_label("Nomor HP").input_value() == "081234567890"
    assert page.locator(".prefill-note").count() == 4
    main = page.locator("main").inner_text()
    assert "Sebagian isian sudah terisi" in main and "Terisi otomatis dari profil Anda." in main
    check_page(page, shots, "apply-prefilled")

    # 2. A time of 25:99 and a birth date that is not the NIK's are refused, naming field and format.
    page.get_by_label("Tanggal lahir").fill("1990-01-02")
    page.get_by_label("Jam buka usaha").fill("25:99")
    page.get_by_label("Modal usaha").fill("2.385.000")
    page.locator("#f-req_0").set_input_files(files=[{"name": "ktp.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Kirim permohonan").click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary").inner_text()
    assert "Jam buka usaha: jam tidak valid: tulis jam 00:00–23:59 dengan format JJ:MM (mis. 08:30)." in summary
    assert "Tanggal lahir tidak sesuai NIK pemohon" in summary
    assert page.get_by_label("Modal usaha").input_value() == "2.385.000"  # what was typed is kept
    assert page.get_by_label("Nama lengkap sesuai KTP-el").input_value() == "Imas Masitoh"
    check_page(page, shots, "apply-typed-errors")

    # 3. Corrected, the application goes through.
    page.get_by_label("Tanggal lahir").fill("1990-01-01")
    page.get_by_label("Jam buka usaha").fill("8.30")
    page.get_by_role("button", name="Kirim permohonan").click()
    page.wait_for_url("**/tanda-terima/**")
    application = applicant.applications.get()
    assert application.data["jam_buka"] == "08:30" and application.data["modal"] == 2385000
    assert application.data["alamat"] == {
        "region": "32.73",
        "street": "Jl. Cihampelas 12, RT 03/RW 05, Cipaganti, Coblong",
    }
    context.close()
