"""Issue 15 in real Chromium, at 1280 px and 360 px: an officer signs in with password and TOTP, lands on the back
office's home (/kantor/) with his queue, types a tracking number without dashes, finds it in the inbox and opens the
task; a supervisor's team view offers colleagues, never himself. axe-core checks every page; no page scrolls sideways
(under 600 px the inbox's rows are cards)."""

import os
import time
from pathlib import Path

import pytest

from loket.org.models import Role
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.helpers.applications import file_application
from tests.helpers.auth import activate_totp
from tests.helpers.browser import check_page, sign_in
from tests.helpers.org import make_user, unit_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("production_rules")]


@pytest.mark.parametrize("width", [1280, 360])
def test_officer_journey(chromium, live_server, process_service, agency_a, units, applicant, tmp_path, width):
    officer = unit_user("petugas_perizinan", agency_a, units["front"])
    officer.first_name, officer.last_name = "Rina", "Kartika"
    officer.save()
    colleague = unit_user("petugas_kedua", agency_a, units["front"])
    supervisor = make_user("penyelia_perizinan", (Role.SUPERVISOR, agency_a))
    secret, supervisor_secret = activate_totp(officer), activate_totp(supervisor)
    cases = [file_application(process_service, applicant, f"j-{index}") for index in range(4)]
    wanted = cases[2]
    workflow.claim(actor=officer, task_id=Task.objects.get(application=cases[0], status="open").pk)
    shots = Path(os.environ.get("LOKET_JOURNEY_SHOTS", tmp_path))  # set it to keep the screenshots and look

    # 1. Signing in lands on the back office's home with the queue in numbers.
    context, page = sign_in(chromium, live_server, officer, secret=secret, width=width)
    assert page.url.endswith("/kantor/")
    main = page.locator("main")
    assert "Antrean Anda" in main.inner_text() and "Selamat datang, Rina Kartika" in main.inner_text()
    mine = page.get_by_role("link", name="Tugas milik Anda")
    assert mine.locator(".count").inner_text() == "1"
    assert page.get_by_role("link", name="Belum diambil siapa pun").locator(".count").inner_text() == "3"
    assert page.get_by_role("link", name="Kotak tugas", exact=True).count() == 1
    assert page.get_by_role("link", name="Laporan integritas").count() == 0  # not his to open
    check_page(page, shots, "officer-home")

    # 2. The tracking number typed without dashes finds the one case.
    page.get_by_label("Cari nomor permohonan, nama pemohon, atau NIK").fill(wanted.tracking_number.replace("-", ""))
    page.get_by_role("button", name="Cari", exact=True).click()
    page.wait_for_url("**/kantor/tugas/?q=*")
    rows = page.locator("table.inbox-table tbody tr")
    assert rows.count() == 1
    assert wanted.tracking_number in rows.first.inner_text()
    assert "I*** M***" in rows.first.inner_text()  # not his task yet: initials only
    check_page(page, shots, "officer-inbox-search")

    # 3. The whole inbox: the claimed case with the applicant's name, the others masked; cards on a phone.
    page.goto("/kantor/tugas/")
    text = page.locator("table.inbox-table").inner_text()
    assert "Imas Masitoh" in text and text.count("I*** M***") == 3
    if width < 600:
        box = page.locator("table.inbox-table tbody tr").first.bounding_box()
        assert box["width"] <= width  # a card, not a row wider than the screen
    check_page(page, shots, "officer-inbox")

    # 4. Opening the found task.
    page.goto(f"/kantor/tugas/?q={wanted.tracking_number.replace('-', '')}")
    page.get_by_role("link", name=wanted.tracking_number).click()
    page.wait_for_url("**/kantor/tugas/*/")
    assert wanted.tracking_number in page.locator("main").inner_text()
    check_page(page, shots, "officer-task")
    context.close()

    # 5. The supervisor's team view: colleagues of the unit, never himself.
    context, page = sign_in(chromium, live_server, supervisor, secret=supervisor_secret, width=width)
    assert page.url.endswith("/kantor/")
    page.goto("/kantor/tugas/tim/")
    task = Task.objects.get(application=wanted, status="open")
    choices = page.locator(f"#reassign-{task.pk} option").all_inner_texts()
    assert any("petugas_kedua" in choice for choice in choices) and any("petugas_perizinan" in c for c in choices)
    assert not any("penyelia_perizinan" in choice for choice in choices)
    page.locator(f"#reassign-{task.pk}").select_option(str(colleague.pk))
    page.locator("form", has=page.locator(f"#reassign-{task.pk}")).get_by_role("button", name="Alihkan").click()
    page.wait_for_load_state()
    assert "dialihkan kepada petugas_kedua" in page.locator("main").inner_text()
    check_page(page, shots, "supervisor-team")
    context.close()
