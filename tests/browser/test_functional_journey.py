"""e-Fungsional end to end in real Chromium (issue 16): BKD records an employee's appointment as Analis Kebijakan
Ahli Pertama with credit carried in, then a year's rating, and sees the credit and what it suffices for; the
employee reads their own credit from their menu, at 1280 and 360 px. axe-core checks every page."""

import datetime as dt

import pytest

from loket.hr.models import CreditEntry, Employee, FunctionalPosition
from loket.org.models import Role
from tests.helpers.browser import RequestLog, assert_accessible
from tests.helpers.org import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-uji-123"


def sign_in(chromium, live_server, username: str, landing: str, width: int = 1280):
    context = chromium.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": width, "height": 900})
    page = context.new_page()
    log = RequestLog(live_server.url)
    page.on("request", log)
    page.goto(landing)
    page.wait_for_url("**/akun/login/**")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form", has=page.locator("input[name=password]")).locator("button[type=submit]").first.click()
    page.wait_for_url(f"**{landing}")
    return context, page, log


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_bkd_records_a_functional_post_and_credit_and_the_employee_reads_it(chromium, live_server, staff, kota_bandung):
    hr_admin = make_user("bkd_bandung", (Role.HR_ADMIN, kota_bandung))
    Employee.objects.filter(pk=staff["staf"].pk).update(grade="IIIa", grade_tmt=dt.date(2020, 4, 1))
    hr_admin.set_password(PASSWORD)
    hr_admin.save()
    siti = staff["staf"]
    url = f"/kantor/kepegawaian/pegawai/{siti.nip}/fungsional/"

    context, page, log = sign_in(chromium, live_server, hr_admin.username, url)
    assert page.get_by_text("Tidak sedang menduduki jabatan fungsional").is_visible()
    assert_accessible(page)
    page.get_by_label("Nama jabatan fungsional", exact=True).fill("Analis Kebijakan")
    page.get_by_label("Jenjang", exact=True).select_option("ahli_pertama")
    page.get_by_label("Dasar", exact=True).select_option("perpindahan")
    page.get_by_label("TMT", exact=True).fill("2023-01-01")
    page.get_by_label("Angka kredit bawaan (PAK sebelumnya atau konversi)", exact=True).fill("4,5")
    page.get_by_role("button", name="Catat pengangkatan").click()
    page.wait_for_url(f"**{url}")
    assert page.get_by_text("Pengangkatan dalam jabatan fungsional dicatat").is_visible()

    # A part-month period is refused with a clear message and nothing is written.
    page.get_by_label("Awal periode", exact=True).fill("2023-01-15")
    page.get_by_label("Akhir periode", exact=True).fill("2023-12-31")
    page.get_by_role("button", name="Hitung dan catat").click()
    page.wait_for_url(f"**{url}")
    assert page.get_by_text("bulan penuh", exact=False).first.is_visible()
    assert not CreditEntry.objects.exists()

    for year, rating in ((2023, "sangat baik"), (2024, "sangat baik")):
        page.get_by_label("Awal periode", exact=True).fill(f"{year}-01-01")
        page.get_by_label("Akhir periode", exact=True).fill(f"{year}-12-31")
        page.get_by_label("Predikat kinerja", exact=True).select_option(rating)
        page.get_by_role("button", name="Hitung dan catat").click()
        page.wait_for_url(f"**{url}")
        assert page.get_by_text("Angka kredit dicatat: 18,750").is_visible()
    # 18.75 + 18.75 + 4.5 carried in = 42.0 of the 50 that III/a → III/b asks for
    notice = page.locator(".notice-warning").first
    assert "Angka kredit belum mencukupi" in notice.inner_text() and "kurang 8,000" in notice.inner_text()
    assert "ke golongan III/b" in notice.inner_text()
    assert_accessible(page)
    assert FunctionalPosition.objects.get(employee=siti).opening_credit == 4.5
    assert log.foreign() == []
    context.close()

    for width in (1280, 360):
        context, page, _ = sign_in(chromium, live_server, siti.user.username, "/pegawai/", width)
        page.get_by_role("link", name="Angka kredit").click()
        page.wait_for_url("**/pegawai/angka-kredit/")
        assert page.get_by_role("heading", name="Angka kredit saya").is_visible()
        body = page.locator("main").inner_text()
        assert "Analis Kebijakan Ahli Pertama" in body and "1 Januari 2023" in body and "42,000" in body
        assert "Sangat Baik" in body and page.locator("form input[name=action]").count() == 0
        assert no_sideways_scroll(page), f"sideways scroll at {width} px"
        assert_accessible(page)
        context.close()
