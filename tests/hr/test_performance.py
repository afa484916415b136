"""Performance ratings (SKP, PermenPANRB 6/2022): entered by the direct superior or BKD, imported all or nothing,
history kept (a change is a new entry), every entry audited, `Employee.performance` following the latest yearly
rating so that the KGB and leave rules keep reading it."""

import datetime as dt

import pytest

from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.models import AuditEvent
from loket.hr import services
from loket.hr.models import Employee, ImportJob, PerformanceRating
from loket.hr.performance import importing, rules
from loket.hr.performance import services as ratings

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("Sangat Baik", 2025, "sangat baik"),
        ("SANGAT_BAIK", 2025, "sangat baik"),
        ("butuh-perbaikan", 2025, "butuh perbaikan"),
        ("BP", 2025, "butuh perbaikan"),
        (" baik ", 2025, "baik"),
        ("Very poor", 2025, "sangat kurang"),
        ("cukup", 2020, "cukup"),  # the PP 46/2011 scale, before PermenPANRB 6/2022
    ],
)
def test_rating_spellings(text, year, expected):
    assert rules.parse_rating(text, year=year) == expected


@pytest.mark.parametrize(("text", "year"), [("cukup", 2024), ("hebat", 2025), ("", 2025)])
def test_unknown_ratings_are_refused_in_indonesian(text, year):
    with pytest.raises(ValueError, match="tidak dikenal"):
        rules.parse_rating(text, year=year)


def test_latest_yearly_follows_the_latest_year_and_the_latest_entry():
    assert rules.latest_yearly([(2025, "tahunan", "baik"), (2024, "tahunan", "kurang")]) == "baik"
    assert rules.latest_yearly([(2025, "tahunan", "baik"), (2025, "tahunan", "sangat baik")]) == "sangat baik"
    assert rules.latest_yearly([(2025, "tw1", "kurang")]) == ""


def test_the_direct_superior_rates_and_the_employee_field_follows(staff):
    entry = ratings.rate(actor=staff["kasi"].user, nip=staff["staf"].nip, year=2025, rating="Sangat Baik", today=TODAY)
    assert entry.rating == "sangat baik" and entry.source == "entered" and entry.assessed_by == staff["kasi"].user
    assert Employee.objects.get(pk=staff["staf"].pk).performance == "sangat baik"
    event = AuditEvent.objects.get(action="hr.performance_rated")
    assert event.data == {"nip": staff["staf"].nip, "year": 2025, "period": "tahunan", "rating": "sangat baik"}


def test_a_change_is_a_new_entry_and_the_same_rating_twice_changes_nothing(staff):
    first = ratings.rate(actor=staff["kasi"].user, nip=staff["staf"].nip, year=2025, rating="baik", today=TODAY)
    again = ratings.rate(actor=staff["kasi"].user, nip=staff["staf"].nip, year=2025, rating="baik", today=TODAY)
    assert again.pk == first.pk
    changed = ratings.rate(
        actor=staff["kasi"].user, nip=staff["staf"].nip, year=2025, rating="butuh perbaikan", today=TODAY
    )
    assert PerformanceRating.objects.filter(employee=staff["staf"]).count() == 2 and changed.pk != first.pk
    assert AuditEvent.objects.filter(action="hr.performance_rated").last().data["previous"] == "baik"
    history = ratings.history_of(staff["staf"])
    assert [(entry.rating, entry.in_force) for entry in history] == [("butuh perbaikan", True), ("baik", False)]
    assert Employee.objects.get(pk=staff["staf"].pk).performance == "butuh perbaikan"


def test_an_earlier_year_entered_later_does_not_move_the_current_rating(staff):
    ratings.rate(actor=staff["kasi"].user, nip=staff["staf"].nip, year=2025, rating="baik", today=TODAY)
    ratings.rate(actor=staff["kasi"].user, nip=staff["staf"].nip, year=2024, rating="kurang", today=TODAY)
    ratings.rate(actor=staff["kasi"].user, nip=staff["staf"].nip, year=2025, period="tw1", rating="kurang", today=TODAY)
    assert Employee.objects.get(pk=staff["staf"].pk).performance == "baik"


def test_hr_of_the_region_may_rate_a_colleague_or_the_employee_may_not(staff, hr_admin, hr_admin_bogor):
    ratings.rate(actor=hr_admin, nip=staff["staf"].nip, year=2025, rating="baik", today=TODAY)
    with pytest.raises(NotFound):  # a colleague does not even learn the record
        ratings.rate(actor=staff["staf2"].user, nip=staff["staf"].nip, year=2025, rating="sangat baik", today=TODAY)
    with pytest.raises((PermissionDenied, NotFound)):
        ratings.rate(actor=staff["staf"].user, nip=staff["staf"].nip, year=2025, rating="sangat baik", today=TODAY)
    with pytest.raises(NotFound):  # another region's BKD does not even learn the employee exists
        ratings.rate(actor=hr_admin_bogor, nip=staff["staf"].nip, year=2025, rating="sangat baik", today=TODAY)
    with pytest.raises((PermissionDenied, NotFound)):  # the superior's superior is not the direct superior
        ratings.rate(actor=staff["kabid"].user, nip=staff["staf"].nip, year=2025, rating="kurang", today=TODAY)
    assert PerformanceRating.objects.filter(employee=staff["staf"]).count() == 1


@pytest.mark.parametrize(("year", "rating"), [(2027, "baik"), (2010, "baik"), (2025, "luar biasa")])
def test_bad_entries_get_an_indonesian_error_and_write_nothing(staff, year, rating):
    with pytest.raises(LoketError) as caught:
        ratings.rate(actor=staff["kasi"].user, nip=staff["staf"].nip, year=year, rating=rating, today=TODAY)
    assert "Tahun penilaian" in caught.value.message or "tidak dikenal" in caught.value.message
    assert not PerformanceRating.objects.exists()


def rating_rows(*rows):
    return [
        (number, {"NIP_BARU": nip, "TAHUN": year, "PREDIKAT_KINERJA": rating, "PERIODE": period})
        for number, (nip, year, rating, period) in enumerate(rows, start=2)
    ]


def test_the_import_is_all_or_nothing_with_every_error_named(staff):
    outcome = importing.import_ratings(
        rating_rows(
            (staff["staf"].nip, "2025", "Baik", ""),
            (staff["staf2"].nip, "2025", "hebat", ""),
            ("199001012015031999", "2025", "Baik", ""),
            (staff["staf"].nip, "2025", "Sangat Baik", "tahunan"),
            (staff["staf3"].nip, "20x5", "Baik", "tw9"),
        ),
        today=TODAY,
    )
    assert not outcome.ok and not PerformanceRating.objects.exists()
    assert [(error["row"], error["column"]) for error in outcome.errors] == [
        (3, "PREDIKAT_KINERJA"),
        (4, "NIP_BARU"),
        (5, "NIP_BARU"),
        (6, "TAHUN"),
        (6, "PERIODE"),
    ]
    assert "sudah ada pada baris 2" in outcome.errors[2]["message"]


def test_the_import_writes_new_entries_and_a_reimport_changes_nothing(staff, hr_admin):
    rows = rating_rows(
        (staff["staf"].nip, "2024", "Baik", ""),
        (staff["staf"].nip, "2025", "Butuh Perbaikan", ""),
        (staff["staf2"].nip, "2025", "Sangat Baik", "tw4"),
    )
    outcome = importing.import_ratings(rows, actor=hr_admin, today=TODAY)
    assert outcome.ok and (outcome.created, outcome.updated) == (3, 0)
    assert Employee.objects.get(pk=staff["staf"].pk).performance == "butuh perbaikan"
    assert Employee.objects.get(pk=staff["staf2"].pk).performance == "baik"  # a quarter is not the yearly rating
    assert set(PerformanceRating.objects.values_list("source", flat=True)) == {"import"}
    again = importing.import_ratings(rows, actor=hr_admin, today=TODAY)
    assert (again.created, again.updated) == (0, 3) and PerformanceRating.objects.count() == 3
    assert AuditEvent.objects.filter(action="hr.performance_imported").count() == 2


def test_the_import_runs_as_an_import_job_in_the_importers_scope(staff, agency_b, hr_admin, hr_admin_bogor):
    data = f"NIP_BARU;TAHUN;PREDIKAT_KINERJA\n{staff['staf'].nip};2025;Sangat Baik\n".encode()
    job = services.run_import(
        job_id=services.start_import(actor=hr_admin, file_name="skp.csv", data=data, kind="ratings").pk
    )
    assert job.status == ImportJob.Status.DONE and job.kind == "ratings" and job.created_count == 1
    assert "predikat kinerja baru" in job.message
    foreign = services.run_import(
        job_id=services.start_import(actor=hr_admin_bogor, file_name="skp.csv", data=data, kind="ratings").pk
    )
    assert foreign.status == ImportJob.Status.FAILED and foreign.errors[0]["column"] == "NIP_BARU"
    missing = services.run_import(
        job_id=services.start_import(
            actor=hr_admin, file_name="skp.csv", data=b"NIP_BARU;TAHUN\n1;2\n", kind="ratings"
        ).pk
    )
    assert missing.status == ImportJob.Status.FAILED and "PREDIKAT_KINERJA" in missing.message


def test_the_superiors_page_lists_direct_reports_and_saves(staff, client):
    client.force_login(staff["kasi"].user)
    page = client.get("/pegawai/kinerja/?tahun=2025").content.decode()
    assert staff["staf"].full_name in page and staff["staf2"].full_name in page
    assert staff["staf3"].full_name not in page and "Belum diisi" in page
    response = client.post("/pegawai/kinerja/", {"nip": staff["staf"].nip, "year": "2025", "rating": "sangat baik"})
    assert response.status_code == 302
    assert ratings.current_rating(staff["staf"].pk, 2025).rating == "sangat baik"
    client.force_login(staff["staf"].user)
    assert client.get("/pegawai/kinerja/").status_code == 403
    profile = client.get("/pegawai/").content.decode()
    assert "Riwayat predikat kinerja" in profile and "Sangat Baik" in profile


def test_the_ratings_import_page_is_for_hr_managers(staff, hr_admin, client):
    client.force_login(hr_admin)
    page = client.get("/kantor/kepegawaian/kinerja/impor/").content.decode()
    assert "PREDIKAT_KINERJA" in page
    client.force_login(staff["kasi"].user)
    assert client.get("/kantor/kepegawaian/kinerja/impor/").status_code in (302, 403)


def test_a_register_import_does_not_override_the_rating_history(staff):
    from loket.hr.importing import upsert_employees
    from tests.helpers.hr import STAFF, numbered, row

    ratings.rate(actor=staff["kasi"].user, nip=staff["staf"].nip, year=2025, rating="baik", today=TODAY)
    nip_, name, _unit, _head, grade, kind = STAFF["staf2"]
    outcome = upsert_employees(
        numbered(
            [
                row(staff["staf"].nip, "Siti Aminah", unit="Seksi Perizinan Usaha", performance="kurang"),
                row(nip_, name, unit="Seksi Perizinan Usaha", grade=grade, position_type=kind, performance="kurang"),
            ]
        ),
        source="csv",
        today=TODAY,
    )
    assert outcome.ok, outcome.errors
    assert Employee.objects.get(pk=staff["staf"].pk).performance == "baik"  # the rating history wins
    assert Employee.objects.get(pk=staff["staf2"].pk).performance == "kurang"  # no history: the file's column


def test_bkd_records_a_rating_on_the_employees_hr_page(staff, hr_admin, client):
    client.force_login(hr_admin)
    page = client.get(f"/kantor/kepegawaian/pegawai/{staff['staf'].nip}/").content.decode()
    assert "Catat predikat kinerja" in page
    response = client.post(
        f"/kantor/kepegawaian/pegawai/{staff['staf'].nip}/kinerja/", {"year": "2025", "rating": "sangat baik"}
    )
    assert response.status_code == 302 and ratings.current_rating(staff["staf"].pk, 2025).rating == "sangat baik"
    client.post(f"/kantor/kepegawaian/pegawai/{staff['staf'].nip}/kinerja/", {"year": "2025", "rating": "hebat"})
    assert ratings.current_rating(staff["staf"].pk, 2025).rating == "sangat baik"  # refused, nothing written
