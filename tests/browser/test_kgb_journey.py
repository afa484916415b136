"""e-KGB end to end in real Chromium: the daily job drafts a periodic salary increase that falls due, BKD sees it
in its register, the authorized official signs the notice with their own TOTP code (a wrong code first is
refused), and the employee sees the signed notice with the new base salary, downloads its PDF and reads it at
360 px without sideways scroll. axe-core checks every page on the way; nothing leaves the live server."""

import datetime as dt

import pytest

from loket.core import money
from loket.hr.kgb import services
from loket.hr.models import Employee, KgbDecision
from loket.org.models import Role
from tests.helpers.hr import otp
from tests.helpers.journey import Journey
from tests.helpers.org import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = dt.date(2026, 11, 23)  # the day the job runs: staf's step 8 falls due on 1 Dec 2026, within the window


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LOKET_SIGNING_DIR = str(tmp_path / "signing")
    settings.LOKET_SIGNING_BACKEND = "local"


@pytest.fixture
def hr_admin(kota_bandung):
    return make_user("bkd_bandung", (Role.HR_ADMIN, kota_bandung))


@pytest.fixture
def journey(chromium, live_server):
    journey = Journey(chromium, live_server)
    yield journey
    journey.close()


def test_daily_job_to_signed_kgb_notice(journey, staff, hr_admin):
    siti, bambang = staff["staf"], staff["kadis"]
    # staf: III/a, last salary decree 1 Dec 2024 at MKG 6; everybody else far from due.
    Employee.objects.filter(pk=siti.pk).update(
        grade="IIIa", salary_tmt=dt.date(2024, 12, 1), mkg_years=6, mkg_months=0, base_salary=3057300
    )
    Employee.objects.exclude(pk=siti.pk).update(salary_tmt=dt.date(2026, 6, 1), mkg_years=10, mkg_months=0)
    Employee.objects.update(performance="baik")
    assert services.draft_due(today=TODAY) == 1
    decision = KgbDecision.objects.get()
    assert decision.employee_id == siti.pk and decision.status == KgbDecision.Status.SIGNATURE
    assert decision.effective_date == dt.date(2026, 12, 1) and decision.case_id is not None
    new_salary = money.rupiah(decision.new_salary)

    bkd = journey.sign_in(hr_admin, "/kantor/kepegawaian/kgb/")
    row = bkd.locator(f"#kgb-{decision.pk}").inner_text()
    assert siti.full_name in row and new_salary in row and "1 Des 2026" in row
    journey.check(bkd, "register KGB BKD")

    official = journey.sign_in(bambang.user, "/pegawai/")
    official.get_by_role("link", name="Tanda tangan KGB (1)").click()
    official.wait_for_url("**/pegawai/kgb/")
    assert new_salary in official.locator("main").inner_text()
    journey.check(official, "tanda tangan KGB")
    otp(bambang)  # the official's authenticator (activated after signing in, so the login needs no code)
    official.get_by_label(f"Kode TOTP {siti.full_name}", exact=True).fill("000000")
    official.get_by_role("button", name=f"Tandatangani {siti.full_name}").click()
    assert "Kode verifikasi salah" in official.locator("main").inner_text()
    assert KgbDecision.objects.get(pk=decision.pk).status == KgbDecision.Status.SIGNATURE
    journey.check(official, "kode TOTP salah")
    official.get_by_label(f"Kode TOTP {siti.full_name}", exact=True).fill(otp(bambang))
    official.get_by_role("button", name=f"Tandatangani {siti.full_name}").click()
    main = official.locator("main").inner_text()
    assert "ditandatangani secara elektronik" in main and "Tidak ada yang menunggu tanda tangan Anda" in main

    decision.refresh_from_db()
    assert decision.status == KgbDecision.Status.SIGNED and decision.document_id and decision.number
    employee = journey.sign_in(siti.user, "/pegawai/dokumen/")
    notices = employee.locator("#kgb-notices").inner_text()
    assert decision.number in notices and new_salary in notices
    journey.check(employee, "dokumen saya")
    employee.get_by_role("link", name=decision.number, exact=True).click()
    employee.wait_for_url(f"**/pegawai/kgb/{decision.pk}/")
    facts = employee.locator("main").inner_text()
    assert f"Gaji pokok baru\n{new_salary}" in facts or f"Gaji pokok baru\t{new_salary}" in facts, facts
    assert "1 Desember 2026" in facts and bambang.full_name in facts
    journey.check(employee, "pemberitahuan KGB")
    with employee.expect_download() as download:
        employee.locator("#kgb-pdf").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    employee.set_viewport_size({"width": 360, "height": 800})
    width = employee.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the KGB notice scrolls sideways at 360 px ({width} px)"
    journey.check(employee, "pemberitahuan KGB 360 px")
    assert not [url for log in journey.logs for url in log.foreign()]
    assert len(journey.checked) == 6
