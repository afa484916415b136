"""e-Fungsional end to end in real Chromium (issue 16): BKD records an employee's appointment as Analis Kebijakan
Ahli Pertama with credit carried in, then a year's rating, and sees the credit and what it suffices for; the
employee reads their own credit from their menu, at 1280 and 360 px. Then the credit-point decree (PAK): BKD opens
it, verifies it, the authorized official signs it with their own TOTP code, and the employee sees the decree, the
established credit and downloads the signed PDF. axe-core checks every page."""

import datetime as dt

import pytest

from loket.hr.functional import services as functional
from loket.hr.models import CreditDecree, CreditEntry, Employee, FunctionalPosition
from loket.org.models import Role
from tests.helpers.browser import RequestLog, assert_accessible
from tests.helpers.hr import otp, publish_pak_service
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
        if width < 640:  # on a phone the employee menu is a disclosure: open it first
            page.locator("details.group-nav-fold > summary").click()
        page.get_by_role("link", name="Angka kredit").click()
        page.wait_for_url("**/pegawai/angka-kredit/")
        assert page.get_by_role("heading", name="Angka kredit saya").is_visible()
        body = page.locator("main").inner_text()
        assert "Analis Kebijakan Ahli Pertama" in body and "1 Januari 2023" in body and "42,000" in body
        assert "Sangat Baik" in body and page.locator("form input[name=action]").count() == 0
        assert no_sideways_scroll(page), f"sideways scroll at {width} px"
        assert_accessible(page)
        context.close()


@pytest.fixture
def _signing(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LOKET_SIGNING_DIR = str(tmp_path / "signing")
    settings.LOKET_SIGNING_BACKEND = "local"


def test_bkd_opens_a_pak_the_official_signs_and_the_employee_reads_it(
    chromium, live_server, staff, kota_bandung, province_agency, category, _signing
):
    publish_pak_service(province_agency, category)
    hr_admin = make_user("bkd_bandung", (Role.HR_ADMIN, kota_bandung))
    hr_admin.set_password(PASSWORD)
    hr_admin.save()
    Employee.objects.filter(pk=staff["staf"].pk).update(grade="IIIa", grade_tmt=dt.date(2020, 4, 1))
    siti, bambang = Employee.objects.get(pk=staff["staf"].pk), staff["kadis"]
    functional.appoint(
        actor=hr_admin,
        employee=siti,
        name="Analis Kebijakan",
        level="ahli_pertama",
        tmt=dt.date(2024, 1, 1),
        reason=FunctionalPosition.Reason.FIRST,
        opening_credit="10",
    )
    functional.credit_from_rating(actor=hr_admin, employee=siti, year=2024, rating="baik")
    functional.credit_from_rating(actor=hr_admin, employee=siti, year=2025, rating="sangat baik")
    url = f"/kantor/kepegawaian/pegawai/{siti.nip}/fungsional/"

    context, page, log = sign_in(chromium, live_server, hr_admin.username, url)
    page.get_by_role("button", name="Buka PAK untuk verifikasi").click()
    page.wait_for_url(f"**{url}")
    assert page.get_by_text("PAK dibuka untuk verifikasi").is_visible()
    decree = CreditDecree.objects.get(employee=siti)
    assert decree.status == CreditDecree.Status.VERIFICATION and decree.total == 41.25
    assert_accessible(page)
    page.goto("/kantor/kepegawaian/angka-kredit/")
    register = page.locator("main").inner_text()
    assert siti.full_name in register and "41,250" in register and "kurang 8,750" in register
    assert_accessible(page)
    page.get_by_role("link", name=siti.full_name).click()
    page.wait_for_url(f"**/kantor/kepegawaian/angka-kredit/{decree.pk}/")
    detail = page.locator("main").inner_text()
    assert "1 Januari 2024" in detail and "Sangat Baik" in detail and bambang.full_name in detail
    assert_accessible(page)
    page.get_by_role("button", name="Angka kredit sesuai").click()
    assert page.get_by_text("Verifikasi BKD tercatat").is_visible()
    assert CreditDecree.objects.get(pk=decree.pk).status == CreditDecree.Status.SIGNATURE
    context.close()

    context, official, _ = sign_in(chromium, live_server, bambang.user.username, "/pegawai/")
    official.get_by_role("link", name="Tanda tangan PAK (1)").click()
    official.wait_for_url("**/pegawai/angka-kredit/tandatangani/")
    assert_accessible(official)
    otp(bambang)  # the official's authenticator (activated after signing in, so the login needs no code)
    official.get_by_label(f"Kode TOTP {siti.full_name}").fill("000000")
    official.get_by_role("button", name=f"Tandatangani {siti.full_name}").click()
    assert "Kode verifikasi salah" in official.locator("main").inner_text()
    official.get_by_label(f"Kode TOTP {siti.full_name}").fill(otp(bambang))
    official.get_by_role("button", name=f"Tandatangani {siti.full_name}").click()
    assert "ditandatangani secara elektronik" in official.locator("main").inner_text()
    decree.refresh_from_db()
    assert decree.status == CreditDecree.Status.SIGNED and decree.document_id
    context.close()

    for width in (1280, 360):
        context, page, log = sign_in(chromium, live_server, siti.user.username, "/pegawai/angka-kredit/", width)
        body = page.locator("main").inner_text()
        assert decree.number in body and "Ditetapkan" in body and "41,250" in body
        assert "Angka kredit yang telah ditetapkan (PAK)" in body
        link = page.locator("a.pak-pdf").first
        response = page.request.get(live_server.url + link.get_attribute("href"))
        assert response.status == 200 and response.body()[:5] == b"%PDF-"
        assert no_sideways_scroll(page), f"sideways scroll at {width} px"
        assert_accessible(page)
        assert log.foreign() == []
        context.close()
