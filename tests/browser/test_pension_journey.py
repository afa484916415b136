"""Issue 17 end to end in real Chromium: the daily job opens an employee's pension file ahead of the retirement date
(prefilled from the registry); the employee adds their family and the bank account and confirms; BKD verifies, the
case waits for BKN's technical approval (its clock stopped) and BKD records it; the authorized official signs the
pension decree with their own TOTP code; the job run on the pension date takes the employee out of the active
registry, and BKD's list of staff no longer shows them. axe-core checks every page; nothing leaves the live server."""

import datetime as dt

import pytest
from django.utils import timezone

from loket.hr.kgb.rules import add_months
from loket.hr.models import Employee, PensionFile
from loket.hr.pension import services
from loket.org.models import Role
from tests.browser.test_promotion_journey import Journey
from tests.helpers.hr import otp, publish_pension_service
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


def test_proactive_pension_file_to_leaving_the_registry(journey, staff, hr_admin, province_agency, category):
    publish_pension_service(province_agency, category)
    today = timezone.localdate()
    agus, bambang = staff["staf2"], staff["kadis"]
    pension_date = add_months(today.replace(day=1), 3)
    birth_month = add_months(pension_date, -1)
    Employee.objects.filter(pk=agus.pk).update(  # a pelaksana (BUP 58) reaching the age in two months' time
        birth_date=dt.date(birth_month.year - 58, birth_month.month, 12), base_salary=4_200_000
    )
    assert services.open_due(today=today) == 1  # the daily job
    file = PensionFile.objects.get(employee=agus)

    employee = journey.sign_in(agus.user, "/pegawai/")
    employee.get_by_role("link", name="Pensiun", exact=True).click()
    main = employee.locator("main").inner_text()
    assert "Menunggu konfirmasi pegawai" in main and "Rp4.200.000" in main
    journey.check(employee, "berkas pensiun saya")
    employee.get_by_label("Hubungan").select_option("pasangan")
    employee.get_by_label("Nama lengkap").fill("Sri Wahyuni")
    employee.get_by_label("Tanggal lahir").fill("1972-01-05")
    employee.get_by_role("button", name="Tambahkan").click()
    assert "Anggota keluarga ditambahkan" in employee.locator("main").inner_text()
    employee.get_by_label("Hubungan").select_option("anak")
    employee.get_by_label("Nama lengkap").fill("Rina Salim")
    employee.get_by_label("Tanggal lahir").fill("2008-07-17")
    employee.get_by_role("button", name="Tambahkan").click()
    employee.get_by_label("Bank", exact=True).select_option("bni")
    employee.get_by_label("Nomor rekening").fill("01234")
    employee.get_by_label("Nama pemilik rekening").fill(agus.name)
    employee.get_by_role("button", name="Simpan rekening").click()
    assert "terdiri atas 10 angka" in employee.locator("main").inner_text()  # checked, said why
    employee.get_by_label("Bank", exact=True).select_option("bni")
    employee.get_by_label("Nomor rekening").fill("0123 456 789")
    employee.get_by_label("Nama pemilik rekening").fill(agus.name)
    employee.get_by_role("button", name="Simpan rekening").click()
    assert "Rekening bank disimpan" in employee.locator("main").inner_text()
    journey.check(employee, "keluarga dan rekening")
    employee.get_by_role("button", name="Data benar, konfirmasi berkas pensiun").click()
    assert "diteruskan ke BKD" in employee.locator("main").inner_text()
    file.refresh_from_db()
    assert file.status == "verification" and file.case is not None

    bkd = journey.sign_in(hr_admin, "/kantor/kepegawaian/pensiun/")
    journey.check(bkd, "pensiun pegawai")
    bkd.get_by_role("link", name=agus.full_name).click()
    detail = bkd.locator("main").inner_text()
    assert "Sri Wahyuni" in detail and "0123456789" not in detail and "6789" in detail  # masked until asked
    journey.check(bkd, "berkas pensiun: verifikasi")
    bkd.get_by_role("button", name="Tampilkan nomor rekening lengkap").click()
    assert "0123456789" in bkd.locator("#pension-account").inner_text()  # a logged read (the employee sees it)
    bkd.goto(f"/kantor/kepegawaian/pensiun/{file.pk}/")
    bkd.get_by_role("button", name="Berkas lengkap dan sesuai, kirim ke BKN").click()
    assert "menunggu pertimbangan teknis BKN" in bkd.locator("main").inner_text()
    file.case.refresh_from_db()
    assert file.case.status == "waiting"  # the clock is stopped
    journey.check(bkd, "menunggu pertimbangan teknis BKN")
    bkd.get_by_label("Nomor pertimbangan teknis").fill("PT-777/KR.III/2026")
    bkd.get_by_label("Tanggal", exact=True).fill(today.isoformat())
    bkd.get_by_role("button", name="Catat pertimbangan teknis BKN").click()
    assert "Pertimbangan teknis BKN tercatat" in bkd.locator("main").inner_text()

    official = journey.sign_in(bambang.user, "/pegawai/")
    official.get_by_role("link", name="Tanda tangan pensiun (1)").click()
    official.wait_for_url("**/pegawai/pensiun/tandatangani/")
    journey.check(official, "tanda tangan pensiun")
    otp(bambang)
    official.get_by_label(f"Kode TOTP {agus.full_name}").fill(otp(bambang))
    official.get_by_role("button", name=f"Tandatangani {agus.full_name}").click()
    assert "Keputusan pensiun ditandatangani" in official.locator("main").inner_text()
    file.refresh_from_db()
    assert file.status == "signed" and file.document_id

    employee.goto("/pegawai/pensiun/")
    mine = employee.locator("main").inner_text()
    assert "Ditetapkan" in mine and file.number in mine
    journey.check(employee, "keputusan pensiun")

    assert services.leave_due(today=pension_date - dt.timedelta(days=1)) == 0
    assert services.leave_due(today=pension_date) == 1  # the job on the pension date
    agus.refresh_from_db()
    assert (agus.left_on, agus.left_reason) == (pension_date, "pensiun")
    bkd.goto("/kantor/kepegawaian/")
    staff_list = bkd.locator("main").inner_text()
    assert agus.full_name not in staff_list and staff["staf"].full_name in staff_list
    journey.check(bkd, "data pegawai aktif")
    bkd.goto("/transparansi/")  # the public figure: signed before the pension date
    cells = bkd.locator("#pension-figure td").all_inner_texts()
    assert cells == ["1", "0", "1"]
    assert not [url for log in journey.logs for url in log.foreign()]
    assert len(journey.checked) == 8
