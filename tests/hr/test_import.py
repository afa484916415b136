"""Employee import: validation with row/column errors, all-or-nothing, idempotent re-import, CSV and XLSX."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from loket.core.models import AuditEvent
from loket.hr import services
from loket.hr.importing import ImportFileError, read_rows, upsert_employees
from loket.hr.models import Employee, GradeHistory, Headship, ImportJob, PositionHistory, SalaryHistory
from tests.helpers.hr import HEADER, STAFF, nip, numbered, row, to_csv

TODAY = dt.date(2026, 11, 23)


def test_valid_rows_are_created_with_decoded_nip_titles_and_histories(org):
    rows = [
        row(
            nip("19900202", "201503", 2, 4),
            "Siti Aminah",
            unit="Seksi Perizinan Usaha",
            GELAR_DEPAN="Dr.",
            GELAR_BELAKANG="S.T., M.Si.",
        )
    ]
    outcome = upsert_employees(numbered(rows), source="csv", today=TODAY)
    assert outcome.ok and outcome.created == 1
    employee = Employee.objects.get()
    assert employee.full_name == "Dr. Siti Aminah, S.T., M.Si."
    assert employee.birth_date == dt.date(1990, 2, 2) and employee.sex == "F"
    assert employee.service_start == dt.date(2015, 3, 1)  # TMT CPNS from the NIP
    assert employee.grade == "IIIa" and employee.rank == "Penata Muda, III/a"
    assert employee.unit == org["seksi"] and employee.region == org["agency"].region
    assert employee.user.username == employee.nip and not employee.user.has_usable_password()
    assert GradeHistory.objects.get().tmt == dt.date(2020, 4, 1)
    assert PositionHistory.objects.get().unit_name == "Seksi Perizinan Usaha"
    assert SalaryHistory.objects.get().amount == 3196000


def test_pppk_nip_and_grade(org):
    rows = [row(nip("19950505", "202121", 1, 9), "Budi PPPK", status="PPPK", grade="IX", position_type="Fungsional")]
    assert upsert_employees(numbered(rows), source="csv", today=TODAY).ok
    employee = Employee.objects.get()
    assert employee.status == "PPPK" and employee.grade == "IX" and employee.service_start == dt.date(2021, 1, 1)


def test_reimport_is_idempotent_and_updates_changed_fields(org):
    rows = [
        row(n, name, unit=org[u].name if u else "", head=h, grade=g, position_type=t)
        for (n, name, u, h, g, t) in STAFF.values()
    ]
    first = upsert_employees(numbered(rows), source="csv", today=TODAY)
    counts = (
        Employee.objects.count(),
        GradeHistory.objects.count(),
        SalaryHistory.objects.count(),
        Headship.objects.count(),
    )
    second = upsert_employees(numbered(rows), source="csv", today=TODAY)
    assert (first.created, first.updated) == (7, 0) and (second.created, second.updated) == (0, 7)
    assert (
        (
            Employee.objects.count(),
            GradeHistory.objects.count(),
            SalaryHistory.objects.count(),
            Headship.objects.count(),
        )
        == counts
        == (7, 7, 7, 4)
    )
    rows[3]["NAMA"] = "Siti Aminah Rahmawati"
    upsert_employees(numbered(rows), source="csv", today=TODAY)
    assert Employee.objects.get(nip=STAFF["staf"][0]).name == "Siti Aminah Rahmawati"


def test_broken_row_leaves_nothing_written_and_reports_row_and_column(org):
    good = row(nip("19900202", "201503", 2, 4), "Siti Aminah")
    bad_nip = row("19901302201503200", "Nama Salah")  # month 13, 17 digits
    bad_grade = row(nip("19910101", "201503", 1, 5), "Golongan Salah", grade="V/z")
    bad_unit = row(nip("19920101", "201503", 1, 6), "Unit Salah", unit="Bidang Tidak Ada")
    before = AuditEvent.objects.count()
    outcome = upsert_employees(numbered([good, bad_nip, bad_grade, bad_unit]), source="csv", today=TODAY)
    assert not outcome.ok
    assert {(e["row"], e["column"]) for e in outcome.errors} == {
        (3, "NIP_BARU"),
        (4, "GOL_AKHIR_NAMA"),
        (5, "UNOR_NAMA"),
    }
    assert all(e["message"] for e in outcome.errors)
    assert "NIP" in outcome.errors[0]["message"]
    assert Employee.objects.count() == 0 and GradeHistory.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_duplicate_nip_and_two_heads_of_one_unit_are_refused(org):
    same = nip("19900202", "201503", 2, 4)
    outcome = upsert_employees(numbered([row(same, "A"), row(same, "B")]), source="csv", today=TODAY)
    assert outcome.errors == [{"row": 3, "column": "NIP_BARU", "message": "NIP ganda; sudah ada pada baris 2."}]
    outcome = upsert_employees(
        numbered(
            [
                row(nip("19900202", "201503", 2, 4), "A", unit="Bidang Pengaduan", head="Y"),
                row(nip("19900203", "201503", 2, 5), "B", unit="Bidang Pengaduan", head="Y"),
            ]
        ),
        source="csv",
        today=TODAY,
    )
    assert [(e["row"], e["column"]) for e in outcome.errors] == [(3, "KEPALA_UNOR")]
    assert Employee.objects.count() == 0


def test_status_must_match_nip_kind_and_dates_must_match_nip(org):
    rows = [
        row(nip("19950505", "202121", 1, 9), "PPPK sebagai PNS", status="P"),
        row(nip("19900202", "201503", 2, 4), "Tanggal Lahir", TANGGAL_LAHIR="03-02-1990", JENIS_KELAMIN="M"),
    ]
    outcome = upsert_employees(numbered(rows), source="csv", today=TODAY)
    assert {(e["row"], e["column"]) for e in outcome.errors} == {
        (2, "STATUS_CPNS_PNS"),
        (3, "TANGGAL_LAHIR"),
        (3, "JENIS_KELAMIN"),
    }


def test_agency_outside_scope_is_refused(org, agency_b):
    from loket.org.models import Agency

    rows = [row(nip("19900202", "201503", 2, 4), "Siti", agency=agency_b.slug)]
    outcome = upsert_employees(
        numbered(rows), source="csv", agencies=Agency.objects.filter(pk=org["agency"].pk), today=TODAY
    )
    assert outcome.errors[0]["column"] == "SATUAN_KERJA_KERJA_NAMA"
    assert "di luar wilayah kewenangan" in outcome.errors[0]["message"]


def test_csv_with_semicolons_and_xlsx_read_the_same(org):
    rows = [row(nip("19900202", "201503", 2, 4), "Siti Aminah"), row(nip("19910101", "201503", 1, 5), "Agus")]
    from_csv = list(read_rows("pegawai.csv", to_csv(rows, delimiter=";")))
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for r in rows:
        sheet.append(
            [
                dt.datetime(2020, 4, 1)
                if h == "TMT_GOLONGAN"
                else (int(r[h]) if h in ("MK_TAHUN", "GAJI_POKOK") else r[h])
                for h in HEADER
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    from_xlsx = list(read_rows("pegawai.xlsx", buffer.getvalue()))
    assert [n for n, _ in from_csv] == [n for n, _ in from_xlsx] == [2, 3]
    assert from_csv[0][1]["NIP_BARU"] == from_xlsx[0][1]["NIP_BARU"]
    assert from_xlsx[0][1]["TMT_GOLONGAN"] == "2020-04-01" and from_xlsx[0][1]["MK_TAHUN"] == "6"
    assert upsert_employees(from_xlsx, source="xlsx", today=TODAY).ok


def test_file_level_errors():
    with pytest.raises(ImportFileError, match="Kolom wajib"):
        list(read_rows("x.csv", b"NIP_BARU,NAMA\n1,2\n"))
    with pytest.raises(ImportFileError, match="XLSX"):
        list(read_rows("x.xlsx", b"not a zip"))
    with pytest.raises(ImportFileError, match="tidak didukung"):
        list(read_rows("x.pdf", b"%PDF"))


def test_import_job_runs_and_reports(org, hr_admin):
    rows = [row(nip("19900202", "201503", 2, 4), "Siti Aminah"), row(nip("19910101", "201503", 1, 5), "Agus")]
    job = services.start_import(actor=hr_admin, file_name="pegawai.csv", data=to_csv(rows))
    assert job.status == ImportJob.Status.QUEUED
    job = services.run_import(job_id=job.pk)
    assert job.status == ImportJob.Status.DONE and job.created_count == 2 and job.percent == 100
    assert job.content in (b"", memoryview(b""))
    assert services.run_import(job_id=job.pk).created_count == 2  # a second run of the same job does nothing


def test_import_job_with_broken_file_fails_with_report(org, hr_admin):
    rows = [row(nip("19900202", "201503", 2, 4), "Siti Aminah"), row("123", "Salah")]
    job = services.run_import(job_id=services.start_import(actor=hr_admin, file_name="p.csv", data=to_csv(rows)).pk)
    assert job.status == ImportJob.Status.FAILED and "tidak ada data yang disimpan" in job.message
    assert job.errors[0]["row"] == 3 and job.errors[0]["column"] == "NIP_BARU"
    assert Employee.objects.count() == 0


def test_import_refused_without_hr_manage(org, editor_a):
    from loket.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.start_import(actor=editor_a, file_name="p.csv", data=b"x")
    assert ImportJob.objects.count() == 0


def test_hr_admin_of_another_region_cannot_write_here(org, agency_b, hr_admin_bogor):
    job = services.start_import(
        actor=hr_admin_bogor, file_name="p.csv", data=to_csv([row(nip("19900202", "201503", 2, 4), "Siti")])
    )
    job = services.run_import(job_id=job.pk)
    assert job.status == ImportJob.Status.FAILED and job.errors[0]["column"] == "SATUAN_KERJA_KERJA_NAMA"
    assert Employee.objects.count() == 0


def test_existing_account_with_the_official_email_is_linked(org):
    from tests.helpers.org import make_user

    user = make_user("kepala.dinas")  # email kepala.dinas@example.go.id
    rows = [
        row(nip("19700101", "199503", 1, 1), "Bambang", EMAIL="Kepala.Dinas@example.go.id"),
        row(nip("19900202", "201503", 2, 4), "Siti", EMAIL="siti@example.go.id"),
    ]
    assert upsert_employees(numbered(rows), source="csv", today=TODAY).ok
    assert Employee.objects.get(nip=rows[0]["NIP_BARU"]).user == user
    assert Employee.objects.get(nip=rows[1]["NIP_BARU"]).user.username == rows[1]["NIP_BARU"]


def test_the_nik_column_is_imported_and_checked(org):
    good = row(nip("19900202", "201503", 2, 4), "Siti Aminah", NIK="3273014202900001")
    assert upsert_employees(numbered([good]), source="csv", today=TODAY).ok
    assert Employee.objects.get().nik == "3273014202900001"
    bad = row(nip("19920303", "201803", 1, 5), "Agus Salim", NIK="3273013102900001")  # 31 February
    outcome = upsert_employees(numbered([bad]), source="csv", today=TODAY)
    assert not outcome.ok and outcome.errors[0]["column"] == "NIK"
    without = row(nip("19920303", "201803", 1, 5), "Agus Salim")
    assert upsert_employees(numbered([without]), source="csv", today=TODAY).ok
    assert Employee.objects.get(name="Agus Salim").nik == ""
