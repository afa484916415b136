"""Issue 16 end to end in real Chromium: BKD opens the promotion period (who is eligible, and every reason for the
others), verifies a promotion to IV/a, records BKN's technical approval (the case waited with its clock stopped), the
authorized official signs the decree with their own TOTP code, and the employee sees the promotion, the new rank and
the new base salary. axe-core checks every page on the way; nothing leaves the live server."""

import datetime as dt

import pytest
from django.utils import timezone

from loket.core import money
from loket.hr.models import Employee, PerformanceRating, Promotion
from loket.hr.promotion import rules
from loket.org.models import Role
from tests.helpers.browser import assert_accessible
from tests.helpers.hr import otp, publish_promotion_service
from tests.helpers.journey import PASSWORD, Journey
from tests.helpers.org import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


def test_promotion_period_to_signed_decree(journey, staff, hr_admin, province_agency, category):
    publish_promotion_service(province_agency, category)
    on = rules.next_promotion_date(timezone.localdate() - dt.timedelta(days=1))
    rudi, bambang, agus = staff["kasi"], staff["kadis"], staff["staf2"]
    Employee.objects.filter(pk=rudi.pk).update(education_level="S2")  # III/d with S-2: the ceiling is IV/a
    for employee, ratings in ((rudi, ("baik", "sangat baik")), (agus, ("baik", "kurang"))):
        for year, rating in zip((on.year - 2, on.year - 1), ratings, strict=True):
            PerformanceRating.objects.create(employee=employee, year=year, rating=rating, source="import")

    bkd = journey.sign_in(hr_admin, "/kantor/kepegawaian/kenaikan-pangkat/")
    main = bkd.locator("main").inner_text()
    assert "Memenuhi syarat (1)" in main
    journey.check(bkd, "periode kenaikan pangkat")
    bkd.get_by_role("link", name="Belum memenuhi syarat").click()
    reasons = bkd.locator("main").inner_text()
    assert agus.full_name in reasons and f'Predikat kinerja tahun {on.year - 1} "Kurang"' in reasons
    journey.check(bkd, "alasan belum memenuhi syarat")
    bkd.get_by_role("button", name="Buka periode dan buat kasus bagi yang memenuhi syarat").click()
    bkd.wait_for_url("**tampil=dibuka")
    assert "1 kasus dibuka" in bkd.locator("main").inner_text()
    promotion = Promotion.objects.get(employee=rudi)
    assert promotion.needs_bkn and promotion.case is not None
    bkd.get_by_role("link", name=rudi.full_name).click()
    journey.check(bkd, "kenaikan pangkat: verifikasi")
    bkd.get_by_role("button", name="Persyaratan lengkap dan sesuai").click()
    bkd.wait_for_url(f"**/kenaikan-pangkat/{promotion.pk}/")
    promotion.case.refresh_from_db()
    assert promotion.case.status == "waiting"  # BKN's technical approval: the clock is stopped
    journey.check(bkd, "menunggu pertimbangan teknis BKN")
    bkd.get_by_label("Nomor pertimbangan teknis").fill("PT-12345/BKN/2026")
    bkd.get_by_label("Tanggal", exact=True).fill(timezone.localdate().isoformat())
    bkd.get_by_role("button", name="Catat pertimbangan teknis BKN").click()
    assert "Pertimbangan teknis BKN tercatat" in bkd.locator("main").inner_text()
    assert Promotion.objects.get(pk=promotion.pk).status == Promotion.Status.SIGNATURE

    official = journey.sign_in(bambang.user, "/pegawai/")
    official.get_by_role("link", name="Tanda tangan kenaikan pangkat (1)").click()
    journey.check(official, "tanda tangan kenaikan pangkat")
    otp(bambang)  # the official's authenticator (activated after signing in, so the login needs no code)
    official.get_by_label(f"Kode TOTP {rudi.full_name}").fill("000000")
    official.get_by_role("button", name=f"Tandatangani {rudi.full_name}").click()
    assert "Kode verifikasi salah" in official.locator("main").inner_text()
    official.get_by_label(f"Kode TOTP {rudi.full_name}").fill(otp(bambang))
    official.get_by_role("button", name=f"Tandatangani {rudi.full_name}").click()
    assert "ditandatangani secara elektronik" in official.locator("main").inner_text()

    promotion.refresh_from_db()
    assert promotion.status == Promotion.Status.SIGNED and promotion.document_id
    employee = journey.sign_in(rudi.user, "/pegawai/")
    profile = employee.locator("main").inner_text()
    assert "Pembina, IV/a" in profile and money.rupiah(promotion.new_salary) in profile
    journey.check(employee, "profil dengan pangkat baru")
    employee.get_by_role("link", name="Kenaikan pangkat", exact=True).click()
    mine = employee.locator("main").inner_text()
    assert "Ditetapkan" in mine and money.rupiah(promotion.new_salary) in mine
    journey.check(employee, "kenaikan pangkat saya")
    employee.get_by_role("link", name=on.strftime("%-d")).first.click()
    detail = employee.locator("main").inner_text()
    assert promotion.number in detail and "PT-12345/BKN/2026" in detail
    journey.check(employee, "keputusan kenaikan pangkat")
    assert not [url for log in journey.logs for url in log.foreign()]
    assert len(journey.checked) == 8


def test_a_level_promotion_in_flight_on_the_employees_page(journey, staff, hr_admin, province_agency, category):
    """A functional official (Analis Kebijakan Ahli Muda, III/d) whose signed PAK establishes the 200 the next level
    asks for: BKD opens the period, and the employee's page lists the level promotion (kenaikan jenjang) with both
    levels, in Indonesian, accessible."""
    from loket.hr.functional import services as functional
    from loket.hr.models import FunctionalPosition
    from loket.hr.promotion import services as promotions
    from tests.helpers.hr import publish_pak_service

    publish_pak_service(province_agency, category)
    publish_promotion_service(province_agency, category)
    on = rules.next_promotion_date(timezone.localdate() - dt.timedelta(days=1))
    Employee.objects.filter(pk=staff["staf"].pk).update(grade="IIId", grade_tmt=dt.date(on.year - 4, 4, 1))
    employee = Employee.objects.get(pk=staff["staf"].pk)
    functional.appoint(
        actor=hr_admin,
        employee=employee,
        name="Analis Kebijakan",
        level="ahli_muda",
        tmt=dt.date(on.year - 4, 1, 1),
        reason=FunctionalPosition.Reason.TRANSFER,
        opening_credit="150",
    )
    for year in (on.year - 3, on.year - 2):
        functional.credit_from_rating(actor=hr_admin, employee=employee, year=year, rating="baik")
    for year in (on.year - 2, on.year - 1):
        PerformanceRating.objects.create(employee=employee, year=year, rating="baik", source="import")
    decree = functional.open_pak(actor=hr_admin, employee=employee)
    functional.verify_pak(actor=hr_admin, pak_id=decree.pk)
    functional.sign_pak(actor=staff["kadis"].user, pak_id=decree.pk, otp=otp(staff["kadis"]))
    promotions.open_period(actor=hr_admin, on=on, today=timezone.localdate())
    assert Promotion.objects.get(employee=employee).kind == "jenjang"

    page = journey.sign_in(employee.user, "/pegawai/kenaikan-pangkat/")
    mine = page.locator("main").inner_text()
    assert "Kenaikan jenjang jabatan fungsional: IIId → IVa" in mine and "Ahli Muda → Ahli Madya" in mine
    assert "Verifikasi BKD" in mine
    journey.check(page, "kenaikan jenjang saya")
    assert not [url for log in journey.logs for url in log.foreign()]
