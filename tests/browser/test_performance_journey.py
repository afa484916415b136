"""SKP ratings end to end in real Chromium: the direct superior rates a direct report for last year on
/pegawai/kinerja/ and sees it saved, the employee reads the rating in the history on their profile, and BKD
imports a file of ratings whose import job, run by the worker, finishes with the new entries. axe-core checks
every page on the way; nothing leaves the live server."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from loket.hr.models import Employee, ImportJob, PerformanceRating
from loket.hr.performance.importing import COLUMNS
from loket.org.models import Role
from tests.helpers.journey import Journey
from tests.helpers.org import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hr_admin(kota_bandung):
    return make_user("bkd_bandung", (Role.HR_ADMIN, kota_bandung))


@pytest.fixture
def journey(chromium, live_server):
    journey = Journey(chromium, live_server)
    yield journey
    journey.close()


def test_superior_rates_employee_reads_bkd_imports(journey, staff, hr_admin):
    last_year = timezone.localdate().year - 1
    rudi, siti, agus = staff["kasi"], staff["staf"], staff["staf2"]  # Rudi heads the section of Siti and Agus

    superior = journey.sign_in(rudi.user, "/pegawai/kinerja/")
    team = superior.locator("main").inner_text()
    assert f"Predikat kinerja tahun {last_year}" in team and siti.full_name in team and agus.full_name in team
    journey.check(superior, "predikat kinerja tim")
    superior.get_by_label(f"Predikat {siti.full_name}").select_option(label="Baik")
    superior.get_by_role("button", name=f"Simpan {siti.full_name}").click()
    superior.wait_for_url(f"**/pegawai/kinerja/?tahun={last_year}*")
    assert "Predikat kinerja disimpan" in superior.locator("main").inner_text()
    saved = superior.locator("tr", has_text=siti.full_name).inner_text()
    assert "Baik" in saved and "Belum diisi" not in saved
    assert superior.get_by_label(f"Predikat {siti.full_name}").input_value() == "baik"
    journey.check(superior, "predikat kinerja disimpan")
    rating = PerformanceRating.objects.get(employee=siti)
    assert (rating.year, rating.rating, rating.source, rating.assessed_by) == (last_year, "baik", "entered", rudi.user)

    employee = journey.sign_in(siti.user, "/pegawai/")
    history = employee.locator("table[aria-labelledby=ratings-heading]")  # "Riwayat predikat kinerja (SKP)"
    assert history.locator("tbody tr").count() == 1
    row = history.locator("tbody tr").inner_text()
    assert str(last_year) in row and "Baik" in row and "Sangat" not in row and "impor BKD" not in row
    journey.check(employee, "profil dengan riwayat predikat kinerja")

    bkd = journey.sign_in(hr_admin, "/kantor/kepegawaian/kinerja/impor/")
    main = bkd.locator("main").inner_text()
    assert all(column in main for column in COLUMNS)
    journey.check(bkd, "impor predikat kinerja")
    data = f"NIP_BARU,TAHUN,PREDIKAT_KINERJA,PERIODE,CATATAN\n{agus.nip},{last_year},Sangat Baik,,SKP {last_year}\n"
    bkd.get_by_label("Berkas").set_input_files({"name": "skp.csv", "mimeType": "text/csv", "buffer": data.encode()})
    bkd.get_by_role("button", name="Unggah dan impor").click()
    bkd.wait_for_url("**/kantor/kepegawaian/impor/*/")
    job = ImportJob.objects.get()
    assert job.kind == "ratings" and bkd.locator("#job-status").inner_text().startswith("Menunggu")
    call_command("loket_worker", batch=True, interval=0.1)  # the worker takes the queued job (database queue)
    bkd.get_by_role("link", name="Perbarui status").click()
    assert bkd.locator("#job-status").inner_text().startswith("Selesai")
    assert "predikat kinerja baru" in bkd.locator("#job-message").inner_text()
    assert "1 / 1" in bkd.locator("main").inner_text()
    journey.check(bkd, "impor selesai")
    imported = PerformanceRating.objects.get(employee=agus)
    assert (imported.year, imported.rating, imported.source) == (last_year, "sangat baik", "import")
    assert Employee.objects.get(pk=agus.pk).performance == "sangat baik"
    assert not [url for log in journey.logs for url in log.foreign()]
    assert len(journey.checked) == 5
