"""Issue 13 in real Chromium, at 1280 px and 360 px: an officer is refused on his own case, a return is limited to
the standard's requirements and cannot ask for money, the citizen sees who opened their application, and the
inspector reads the anomaly report. axe-core checks every page; no page scrolls sideways on a phone."""

import os
import time
from pathlib import Path

import pytest

from loket.applications import services as applications
from loket.org.models import Role
from tests.helpers.applications import ANSWERS, PDF, file_application
from tests.helpers.auth import activate_totp
from tests.helpers.browser import check_page, sign_in
from tests.helpers.org import make_user, unit_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("production_rules")]


@pytest.mark.parametrize("width", [1280, 360])
def test_integrity_journey(
    chromium, live_server, process_service, agency_a, units, applicant, kota_bandung, tmp_path, width
):
    officer = unit_user("petugas_perizinan", agency_a, units["front"])
    secret = activate_totp(officer)
    applications.save_profile(user=officer, nik="3273014101900002", full_name="Petugas Perizinan")
    own = file_application(process_service, officer, "milik-petugas")
    citizens = file_application(process_service, applicant, "milik-warga")
    inspector = make_user("inspektur_bandung", (Role.INSPECTOR, kota_bandung))
    inspector_secret = activate_totp(inspector)
    shots = Path(os.environ.get("LOKET_JOURNEY_SHOTS", tmp_path))  # set it to keep the screenshots and look

    # 1. The officer opens his own application's task: refused, no way to take or decide it.
    context, page = sign_in(chromium, live_server, officer, secret=secret, width=width, start="/kantor/tugas/")
    page.goto(f"/kantor/tugas/{own.tasks.get(status='open').pk}/")
    text = page.locator("main").inner_text()
    assert "Konflik kepentingan" in text and "permohonan Anda sendiri" in text
    assert page.get_by_role("button", name="Ambil tugas ini").count() == 0
    assert page.get_by_role("button", name="Setujui tahap ini").count() == 0
    check_page(page, shots, "own-case")

    # 2. The citizen's task: masked until taken; a return names the standard's requirements, never money.
    page.goto(f"/kantor/tugas/{citizens.tasks.get(status='open').pk}/")
    assert "I*** M***" in page.locator("main").inner_text()
    check_page(page, shots, "task-masked")
    page.get_by_role("button", name="Ambil tugas ini").click()
    page.wait_for_url("**/kantor/tugas/*/")
    assert "Imas Masitoh" in page.locator("main").inner_text()
    page.get_by_label("KTP-el", exact=True).check()
    page.get_by_label("Penjelasan untuk pemohon").fill("Lampirkan bukti setor biaya administrasi Rp 350.000")
    page.get_by_role("button", name="Kembalikan kepada pemohon").click()
    page.wait_for_load_state()
    assert "tidak boleh meminta pembayaran" in page.locator("main").inner_text()
    check_page(page, shots, "return-refused")
    page.get_by_label("KTP-el", exact=True).check()
    page.get_by_label("Penjelasan untuk pemohon").fill("Pindaian KTP-el buram; unggah ulang yang terbaca.")
    page.get_by_role("button", name="Kembalikan kepada pemohon").click()
    page.wait_for_url("**/kantor/tugas/")
    assert "dikembalikan kepada pemohon" in page.locator("main").inner_text()
    context.close()

    # 3. The citizen reads who opened the application and what they read.
    context, page = sign_in(
        chromium, live_server, applicant, width=width, start=f"/permohonan/{citizens.tracking_number}/"
    )
    page.wait_for_url(f"**/permohonan/{citizens.tracking_number}/")
    assert "Persyaratan yang belum dipenuhi: KTP-el." in page.locator("main").inner_text()
    page.get_by_role("link", name="Lihat catatan akses").click()
    page.wait_for_url("**/akses/")
    tracker = page.locator("main").inner_text()
    assert f"Petugas · {agency_a.name}" in tracker and "Membaca data permohonan" in tracker
    assert "petugas_perizinan" not in tracker
    check_page(page, shots, "who-opened")
    context.close()

    # 4. The inspector's anomaly report.
    context, page = sign_in(chromium, live_server, inspector, secret=inspector_secret, width=width, start="/kantor/")
    page.goto("/kantor/integritas/")
    report = page.locator("main").inner_text()
    assert "Laporan integritas" in report and "Permohonan yang berulang kali dikembalikan" in report
    assert "petugas_perizinan" in report or "Petugas Perizinan" in report
    check_page(page, shots, "integrity-report")
    context.close()
