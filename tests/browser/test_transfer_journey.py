"""Issue 17 end to end in real Chromium: an employee of a city (Kota Bandung) asks to be transferred to a vacant post
of the province (Provinsi Jawa Barat); the sending agency's official and the receiving agency's official approve on
their lists; the province's BKD verifies, the case waits for BKN's technical approval (its clock stopped) and BKD
records it; the receiving official signs the transfer decree with their own TOTP code; the job run on the effective
date moves the employee to the province: the city's BKD no longer lists them, the province's does. axe-core checks
every page; nothing leaves the live server."""

import datetime as dt

import pytest
from django.utils import timezone

from loket.hr.models import Employee, Transfer
from loket.hr.transfer import services
from loket.org.models import Role
from tests.helpers.hr import otp, publish_transfer_service, receiving_province
from tests.helpers.journey import Journey
from tests.helpers.org import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LOKET_SIGNING_DIR = str(tmp_path / "signing")
    settings.LOKET_SIGNING_BACKEND = "local"


@pytest.fixture
def journey(chromium, live_server):
    journey = Journey(chromium, live_server)
    yield journey
    journey.close()


def test_a_transfer_from_a_city_to_the_province(journey, staff, province_agency, category, kota_bandung):
    publish_transfer_service(province_agency, category)
    side = receiving_province(province_agency)
    bkd_bandung = make_user("bkd_bandung", (Role.HR_ADMIN, kota_bandung))
    siti, bambang, hendra = staff["staf"], staff["kadis"], side["head"]
    today = timezone.localdate()
    effective = today + dt.timedelta(days=45)

    employee = journey.sign_in(siti.user, "/pegawai/")
    employee.get_by_role("link", name="Mutasi", exact=True).click()
    journey.check(employee, "mutasi saya")
    employee.get_by_label("Jabatan tujuan (formasi yang masih lowong)").select_option(str(side["formation"].pk))
    employee.get_by_label("TMT mutasi yang diusulkan").fill(effective.isoformat())
    employee.get_by_label("Alasan mutasi").fill("Mengikuti suami yang bertugas di Bandung Barat.")
    employee.get_by_role("button", name="Ajukan mutasi").click()
    main = employee.locator("main").inner_text()
    assert "Permohonan mutasi dibuat" in main and "Menunggu persetujuan pejabat instansi asal" in main
    transfer = Transfer.objects.get(employee=siti)
    assert transfer.kind == "antar_daerah" and transfer.case is not None
    journey.check(employee, "mutasi diajukan")

    sender = journey.sign_in(bambang.user, "/pegawai/")
    sender.get_by_role("link", name="Persetujuan mutasi (1)").click()
    journey.check(sender, "persetujuan mutasi: instansi asal")
    sender.get_by_role("button", name=f"Setujui {siti.full_name}", exact=True).click()
    assert "Persetujuan mutasi tercatat" in sender.locator("main").inner_text()

    receiver = journey.sign_in(hendra.user, "/pegawai/")
    receiver.get_by_role("link", name="Persetujuan mutasi (1)").click()
    receiver.get_by_role("button", name=f"Setujui {siti.full_name}", exact=True).click()
    assert "Persetujuan mutasi tercatat" in receiver.locator("main").inner_text()
    transfer.refresh_from_db()
    assert transfer.status == "verification"

    bkd = journey.sign_in(side["bkd"], "/kantor/kepegawaian/mutasi/")
    journey.check(bkd, "mutasi pegawai")
    bkd.get_by_role("link", name=siti.full_name).click()
    assert "lowong 2" in bkd.locator("main").inner_text()  # quota 2, nobody holds it, no other approved transfer
    journey.check(bkd, "mutasi: verifikasi")
    bkd.get_by_role("button", name="Data lengkap dan sesuai").click()
    assert "menunggu pertimbangan teknis BKN" in bkd.locator("main").inner_text()
    transfer.case.refresh_from_db()
    assert transfer.case.status == "waiting"  # the clock is stopped
    bkd.get_by_label("Nomor pertimbangan teknis").fill("PT-321/KR.III/2026")
    bkd.get_by_label("Tanggal", exact=True).fill(today.isoformat())
    bkd.get_by_role("button", name="Catat pertimbangan teknis BKN").click()
    assert "Pertimbangan teknis BKN tercatat" in bkd.locator("main").inner_text()

    receiver.goto("/pegawai/")
    receiver.get_by_role("link", name="Tanda tangan mutasi (1)").click()
    journey.check(receiver, "tanda tangan mutasi")
    otp(hendra)
    receiver.get_by_label(f"Kode TOTP {siti.full_name}").fill(otp(hendra))
    receiver.get_by_role("button", name=f"Tandatangani {siti.full_name}").click()
    assert "Keputusan mutasi ditandatangani" in receiver.locator("main").inner_text()
    transfer.refresh_from_db()
    assert transfer.status == "signed" and transfer.document_id

    employee.goto("/pegawai/mutasi/")
    mine = employee.locator("main").inner_text()
    assert "Ditetapkan" in mine and transfer.number in mine and "PT-321/KR.III/2026" in mine
    journey.check(employee, "keputusan mutasi")

    assert services.apply_due(today=effective - dt.timedelta(days=1)) == 0
    assert services.apply_due(today=effective) == 1  # the job on the effective date
    siti.refresh_from_db()
    assert (siti.agency_id, siti.region_id, siti.unit_id) == (
        province_agency.pk,
        province_agency.region_id,
        side["unit"].pk,
    )
    assert Employee.objects.get(pk=siti.pk).position_name == "Analis Perizinan"

    city = journey.sign_in(bkd_bandung, "/kantor/kepegawaian/")
    assert siti.full_name not in city.locator("main").inner_text()
    assert staff["staf2"].full_name in city.locator("main").inner_text()
    bkd.goto("/kantor/kepegawaian/")
    assert siti.full_name in bkd.locator("main").inner_text()
    journey.check(bkd, "data pegawai provinsi")
    assert not [url for log in journey.logs for url in log.foreign()]
    assert len(journey.checked) == 8
