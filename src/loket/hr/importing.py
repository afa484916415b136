"""Employee import: CSV/XLSX files with SIASN (BKN) column names, and one write path for every source.

`read_rows(name, data)` turns a file into (row number, {column: text}) pairs; `upsert_employees(rows,
source=...)` validates every row first and writes nothing unless all are valid, then writes them all in
one transaction (bulk upserts keyed by NIP, so a re-import changes nothing twice). A later SIASN API
sync calls `upsert_employees` with rows built from the API's JSON (same column names) and
`source="siasn"`. Columns are documented in docs/import-columns.md.
"""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from loket.core import audit
from loket.core.identifiers import parse_nik, parse_nip
from loket.hr.grades import clean_grade
from loket.hr.models import Employee, GradeHistory, Headship, PositionHistory, SalaryHistory
from loket.org.models import Agency, Unit

# Column names follow the SIASN "data utama" export; the last group are Loket extensions. Each with what it holds,
# in Indonesian and English (the import page).
COLUMNS = {
    "NIP_BARU": ("NIP 18 digit (wajib)", "18-digit NIP (required)"),
    "NAMA": ("nama tanpa gelar (wajib)", "name without titles (required)"),
    "NIK": (
        "NIK 16 digit (untuk konflik kepentingan: keluarga yang dinyatakan pejabat)",
        "16-digit NIK (for conflicts of interest: relatives declared by officials)",
    ),
    "GELAR_DEPAN": ("gelar depan", "titles before the name"),
    "GELAR_BELAKANG": ("gelar belakang", "titles after the name"),
    "TANGGAL_LAHIR": ("tanggal lahir (harus sama dengan NIP)", "date of birth (must match the NIP)"),
    "JENIS_KELAMIN": ("M/F atau L/P (harus sama dengan NIP)", "M/F or L/P (must match the NIP)"),
    "STATUS_CPNS_PNS": ("C/CPNS, P/PNS, atau PPPK (wajib)", "C/CPNS, P/PNS, or PPPK (required)"),
    "TMT_CPNS": ("TMT CPNS/PPPK (bawaan: dari NIP)", "CPNS/PPPK start date (default: from the NIP)"),
    "GOL_AKHIR_NAMA": ("golongan, mis. III/a; PPPK I–XVII (wajib)", "grade, e.g. III/a; PPPK I–XVII (required)"),
    "TMT_GOLONGAN": ("TMT golongan", "grade start date"),
    "MK_TAHUN": ("masa kerja golongan, tahun", "years of service in the grade"),
    "MK_BULAN": ("masa kerja golongan, bulan (0–11)", "months of service in the grade (0–11)"),
    "JENIS_JABATAN_NAMA": (
        "JPT, Administrator, Pengawas, Pelaksana, Fungsional (wajib)",
        "JPT, Administrator, Pengawas, Pelaksana, Fungsional (required)",
    ),
    "JABATAN_NAMA": ("nama jabatan (wajib)", "position title (required)"),
    "TMT_JABATAN": ("TMT jabatan", "position start date"),
    "SATUAN_KERJA_KERJA_NAMA": (
        "perangkat daerah: nama atau kode singkat (wajib)",
        "agency: name or short code (required)",
    ),
    "UNOR_NAMA": ("unit organisasi di perangkat daerah itu", "organisational unit within that agency"),
    "TINGKAT_PENDIDIKAN_NAMA": (
        "tingkat pendidikan (SD, SMP, SMA, D3, S1, S2, S3, ...)",
        "education level (SD, SMP, SMA, D3, S1, S2, S3, ...)",
    ),
    "PENDIDIKAN_NAMA": ("jurusan / program studi", "major / study programme"),
    "EMAIL": ("surel dinas", "official e-mail"),
    # Loket extensions (not in the SIASN export)
    "KEPALA_UNOR": (
        "Y bila memimpin UNOR_NAMA (atau perangkat daerah bila UNOR_NAMA kosong)",
        "Y when heading UNOR_NAMA (or the agency when UNOR_NAMA is empty)",
    ),
    "GAJI_POKOK": ("gaji pokok pada SK gaji terakhir (rupiah)", "basic salary in the latest salary decree (rupiah)"),
    "TMT_KGB": (
        "TMT SK gaji terakhir (KGB, pangkat, atau pengangkatan)",
        "start date of the latest salary decree (KGB, promotion or appointment)",
    ),
    "PREDIKAT_KINERJA": (
        "predikat kinerja SKP terakhir (sangat baik, baik, butuh perbaikan, kurang, sangat kurang)",
        "latest SKP performance rating (sangat baik, baik, butuh perbaikan, kurang, sangat kurang)",
    ),
    "HUKUMAN_DISIPLIN": (
        "Y bila sedang menjalani hukuman disiplin yang menunda KGB",
        "Y when under a disciplinary penalty that postpones the KGB",
    ),
}
REQUIRED = (
    "NIP_BARU",
    "NAMA",
    "STATUS_CPNS_PNS",
    "GOL_AKHIR_NAMA",
    "JENIS_JABATAN_NAMA",
    "JABATAN_NAMA",
    "SATUAN_KERJA_KERJA_NAMA",
)

POSITION_TYPES = {
    "jpt": "jpt",
    "jabatan pimpinan tinggi": "jpt",
    "pimpinan tinggi": "jpt",
    "administrator": "administrator",
    "jabatan administrator": "administrator",
    "pengawas": "pengawas",
    "jabatan pengawas": "pengawas",
    "pelaksana": "pelaksana",
    "jabatan pelaksana": "pelaksana",
    "fungsional umum": "pelaksana",
    "jabatan fungsional umum": "pelaksana",
    "fungsional": "fungsional",
    "jabatan fungsional": "fungsional",
    "fungsional tertentu": "fungsional",
    "jabatan fungsional tertentu": "fungsional",
}
STATUSES = {"C": "CPNS", "CPNS": "CPNS", "P": "PNS", "PNS": "PNS", "PPPK": "PPPK"}
YES = {"Y", "YA", "YES", "1", "TRUE"}
NO = {"", "N", "T", "TIDAK", "NO", "0", "FALSE"}
MAX_ERRORS = 1000
BATCH = 2000


class ImportFileError(ValueError):
    """The file as a whole cannot be read (wrong format, no header, missing required columns)."""


def _header(name) -> str:
    return re.sub(r"[\s\-]+", "_", str(name or "").strip()).upper()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(file_name: str, data: bytes, required: tuple[str, ...] = REQUIRED):
    """Yield (row number, {COLUMN: text}) from a CSV (comma or semicolon) or XLSX file; row 1 is the header, which
    must name the `required` columns (the employee register's by default; a ratings file names its own)."""
    if file_name.lower().endswith(".xlsx"):
        yield from _xlsx_rows(data, required)
    elif file_name.lower().endswith(".csv"):
        yield from _csv_rows(data, required)
    else:
        raise ImportFileError("Format berkas tidak didukung; unggah berkas .csv atau .xlsx.")


def _check_header(header: list[str], required: tuple[str, ...] = REQUIRED) -> None:
    if not any(header):
        raise ImportFileError("Berkas kosong atau baris pertama (judul kolom) tidak ada.")
    missing = [column for column in required if column not in header]
    if missing:
        raise ImportFileError("Kolom wajib tidak ada pada baris judul: " + ", ".join(missing) + ".")


def _csv_rows(data: bytes, required: tuple[str, ...] = REQUIRED):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("Berkas CSV harus berkodekan UTF-8.") from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [_header(h) for h in next(reader, [])]
    _check_header(header, required)
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        yield number, {column: (values[i].strip() if i < len(values) else "") for i, column in enumerate(header)}


def _xlsx_rows(data: bytes, required: tuple[str, ...] = REQUIRED):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or mislabelled file
        raise ImportFileError("Berkas XLSX tidak dapat dibaca; pastikan berkas Excel (.xlsx) yang benar.") from None
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [_header(h) for h in next(rows, ())]
        _check_header(header, required)
        for number, values in enumerate(rows, start=2):
            if not any(v not in (None, "") for v in values):
                continue
            yield number, {column: _text(values[i]) if i < len(values) else "" for i, column in enumerate(header)}
    finally:
        workbook.close()


# --- validation -----------------------------------------------------------------------------------

_DATE_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), (1, 2, 3)),
    (re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$"), (3, 2, 1)),  # SIASN exports DD-MM-YYYY
)


def parse_date(text: str) -> dt.date:
    text = text.strip().split(" ")[0].split("T")[0]
    for pattern, (y, m, d) in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return dt.date(int(match.group(y)), int(match.group(m)), int(match.group(d)))
            except ValueError:
                break
    raise ValueError(f'Tanggal "{text}" tidak valid; gunakan format HH-BB-TTTT (mis. 01-03-2020).')


@dataclass
class ValidRow:
    number: int
    values: dict
    agency: Agency
    unit: Unit | None
    head: bool
    user_email: str


@dataclass
class Outcome:
    total: int = 0
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0


class _Lookup:
    """Agencies and units the import may write to, found by slug, name or short name."""

    def __init__(self, agencies):
        self.agencies: dict[str, Agency] = {}
        for agency in agencies.select_related("region"):
            for key in (agency.slug, agency.name, agency.short_name):
                if key:
                    self.agencies.setdefault(key.casefold(), agency)
        self.units: dict[tuple[int, str], Unit] = {
            (unit.agency_id, unit.name.casefold()): unit
            for unit in Unit.objects.filter(agency__in=[a.pk for a in set(self.agencies.values())])
        }


def _validate_row(number: int, row: dict, lookup: _Lookup, today: dt.date, errors: list) -> ValidRow | None:
    start = len(errors)

    def error(column: str, message: str) -> None:
        errors.append({"row": number, "column": column, "message": message})

    for column in REQUIRED:
        if not row.get(column, "").strip():
            error(column, "Wajib diisi.")
    values: dict = {}
    nip_text = row.get("NIP_BARU", "").replace(" ", "").lstrip("'")
    nip = None
    if nip_text:
        try:
            nip = parse_nip(nip_text, today=today)
        except ValueError as exc:
            error("NIP_BARU", str(exc))
    nik_text = row.get("NIK", "").replace(" ", "").lstrip("'")
    values["nik"] = ""
    if nik_text:
        try:
            values["nik"] = parse_nik(nik_text, today=today).number
        except ValueError as exc:
            error("NIK", str(exc))
    status = STATUSES.get(row.get("STATUS_CPNS_PNS", "").strip().upper())
    if row.get("STATUS_CPNS_PNS", "").strip() and status is None:
        error("STATUS_CPNS_PNS", "Isi C/CPNS, P/PNS, atau PPPK.")
    if nip and status and (nip.kind == "PPPK") != (status == "PPPK"):
        error("STATUS_CPNS_PNS", f"Status {status} tidak sesuai dengan NIP {nip.kind}.")
    if nip:
        values.update(nip=nip.number, birth_date=nip.birth_date, sex=nip.sex, service_start=nip.tmt)
        if row.get("TANGGAL_LAHIR"):
            try:
                if parse_date(row["TANGGAL_LAHIR"]) != nip.birth_date:
                    error("TANGGAL_LAHIR", "Tanggal lahir tidak sama dengan tanggal lahir pada NIP.")
            except ValueError as exc:
                error("TANGGAL_LAHIR", str(exc))
        sex = {"M": "M", "L": "M", "1": "M", "F": "F", "P": "F", "W": "F", "2": "F"}.get(
            row.get("JENIS_KELAMIN", "").strip().upper()[:1]
        )
        if row.get("JENIS_KELAMIN", "").strip() and sex != nip.sex:
            error("JENIS_KELAMIN", "Jenis kelamin tidak sesuai dengan NIP.")
    values["status"] = status
    for column, key in (
        ("TMT_CPNS", "service_start"),
        ("TMT_GOLONGAN", "grade_tmt"),
        ("TMT_JABATAN", "position_tmt"),
        ("TMT_KGB", "salary_tmt"),
    ):
        if row.get(column):
            try:
                values[key] = parse_date(row[column])
            except ValueError as exc:
                error(column, str(exc))
                continue
            if values[key] > today + dt.timedelta(days=366):
                error(column, "Tanggal lebih dari satu tahun ke depan.")
    if row.get("GOL_AKHIR_NAMA") and status:
        try:
            values["grade"] = clean_grade(row["GOL_AKHIR_NAMA"], status)
        except ValueError as exc:
            error("GOL_AKHIR_NAMA", str(exc))
    for column, key, upper in (
        ("MK_TAHUN", "mkg_years", 60),
        ("MK_BULAN", "mkg_months", 11),
        ("GAJI_POKOK", "base_salary", 100_000_000),
    ):
        text = row.get(column, "").replace(".", "") if column == "GAJI_POKOK" else row.get(column, "")
        if text:
            if not text.isdigit() or int(text) > upper:
                error(column, f"Harus bilangan bulat 0 sampai {upper:,}.".replace(",", "."))
            else:
                values[key] = int(text)
    position = row.get("JENIS_JABATAN_NAMA", "").strip()
    if position:
        values["position_type"] = POSITION_TYPES.get(position.casefold())
        if values["position_type"] is None:
            error("JENIS_JABATAN_NAMA", "Isi JPT, Administrator, Pengawas, Pelaksana, atau Fungsional.")
    name = row.get("NAMA", "").strip()
    if len(name) > 200:
        error("NAMA", "Paling panjang 200 karakter.")
    values.update(
        name=name,
        position_name=row.get("JABATAN_NAMA", "").strip()[:200],
        front_title=row.get("GELAR_DEPAN", "").strip()[:60],
        back_title=row.get("GELAR_BELAKANG", "").strip()[:80],
        education_level=row.get("TINGKAT_PENDIDIKAN_NAMA", "").strip()[:10],
        education_major=row.get("PENDIDIKAN_NAMA", "").strip()[:200],
        performance=row.get("PREDIKAT_KINERJA", "").strip().lower()[:30],
    )
    penalty = row.get("HUKUMAN_DISIPLIN", "").strip().upper()
    if penalty not in YES | NO:
        error("HUKUMAN_DISIPLIN", "Isi Y atau N.")
    values["disciplinary_penalty"] = penalty in YES
    head = row.get("KEPALA_UNOR", "").strip().upper()
    if head not in YES | NO:
        error("KEPALA_UNOR", "Isi Y atau N.")
    email = row.get("EMAIL", "").strip()
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        error("EMAIL", "Alamat surel tidak valid.")
    values["email"] = email
    agency = unit = None
    agency_text = row.get("SATUAN_KERJA_KERJA_NAMA", "").strip()
    if agency_text:
        agency = lookup.agencies.get(agency_text.casefold())
        if agency is None:
            error(
                "SATUAN_KERJA_KERJA_NAMA",
                f'Perangkat daerah "{agency_text}" tidak dikenal atau di luar wilayah kewenangan Anda.',
            )
    unit_text = row.get("UNOR_NAMA", "").strip()
    if agency and unit_text:
        unit = lookup.units.get((agency.pk, unit_text.casefold()))
        if unit is None:
            error("UNOR_NAMA", f'Unit "{unit_text}" tidak ada di {agency.short_name or agency.name}.')
    if len(errors) > start:
        return None
    return ValidRow(number, values, agency, unit, head in YES, email)


# --- write ----------------------------------------------------------------------------------------

EMPLOYEE_FIELDS = (
    "nik",
    "name",
    "front_title",
    "back_title",
    "birth_date",
    "sex",
    "status",
    "service_start",
    "agency",
    "region",
    "unit",
    "grade",
    "grade_tmt",
    "position_type",
    "position_name",
    "position_tmt",
    "education_level",
    "education_major",
    "salary_tmt",
    "mkg_years",
    "mkg_months",
    "base_salary",
    "performance",
    "disciplinary_penalty",
    "email",
    "source",
    "user",
)


def upsert_employees(
    rows, *, source: str, actor=None, agencies=None, today: dt.date | None = None, progress=None
) -> Outcome:
    """Validate all `rows` ((row number, {COLUMN: text}) pairs), then write all or nothing.

    `agencies`: the agencies the caller may write to (None = every agency: the system's SIASN sync).
    `progress(done, total, phase)` is called every few thousand rows. Returns an Outcome; when it has
    errors nothing was written.
    """
    today = today or timezone.localdate()
    lookup = _Lookup(agencies if agencies is not None else Agency.objects.all())
    outcome = Outcome()
    valid: list[ValidRow] = []
    errors: list = []
    seen: dict[str, int] = {}
    heads: dict[tuple, int] = {}
    rows = list(rows)
    outcome.total = len(rows)
    for index, (number, row) in enumerate(rows, start=1):
        checked = _validate_row(number, row, lookup, today, errors)
        if checked is not None:
            nip = checked.values["nip"]
            if nip in seen:
                errors.append(
                    {"row": number, "column": "NIP_BARU", "message": f"NIP ganda; sudah ada pada baris {seen[nip]}."}
                )
                checked = None
            else:
                seen[nip] = number
        if checked is not None and checked.head:
            key = (checked.agency.pk, checked.unit.pk if checked.unit else None)
            if key in heads:
                errors.append(
                    {
                        "row": number,
                        "column": "KEPALA_UNOR",
                        "message": f"Unit ini sudah dipimpin pegawai pada baris {heads[key]}.",
                    }
                )
                checked = None
            else:
                heads[key] = number
        if checked is not None:
            valid.append(checked)
        if progress and index % 5000 == 0:
            progress(index, outcome.total, "validating")
    outcome.error_count = len(errors)
    outcome.errors = errors[:MAX_ERRORS]
    if errors or not rows:
        if not rows:
            outcome.errors = [{"row": 1, "column": "", "message": "Berkas tidak memuat baris data pegawai."}]
            outcome.error_count = 1
        return outcome
    with transaction.atomic():
        for start in range(0, len(valid), BATCH):
            created, updated = _write_batch(valid[start : start + BATCH], source, today)
            outcome.created += created
            outcome.updated += updated
            _follow_rating_history(valid[start : start + BATCH])
            if progress:
                progress(min(start + BATCH, len(valid)), outcome.total, "writing")
        _write_headships(valid)
        audit.record(
            "hr.employees_imported",
            actor=actor,
            object_type="hr.employee",
            object_id="*",
            data={"source": source, "rows": outcome.total, "created": outcome.created, "updated": outcome.updated},
        )
    return outcome


def _follow_rating_history(batch: list[ValidRow]) -> None:
    """Where Loket keeps an employee's yearly ratings (hr.performance), the latest of them is their rating, not the
    file's PREDIKAT_KINERJA column (which only seeds employees without a rating history)."""
    from loket.hr.performance.services import follow_latest

    ids = Employee.objects.filter(nip__in=[row.values["nip"] for row in batch]).values_list("pk", flat=True)
    follow_latest(list(ids))


def _write_batch(batch: list[ValidRow], source: str, today: dt.date) -> tuple[int, int]:
    User = get_user_model()
    nips = [row.values["nip"] for row in batch]
    existing = dict(Employee.objects.filter(nip__in=nips).values_list("nip", "user_id"))
    # Each employee signs in with an account whose username is the NIP (unusable password until the
    # government IdP or a reset sets one); an existing account is kept.
    # An account that already exists with the employee's official email (and no employee yet) is linked.
    unlinked = [row for row in batch if existing.get(row.values["nip"]) is None]
    emails = {row.user_email.lower(): row.values["nip"] for row in unlinked if row.user_email}
    by_email = {}
    if emails:
        for pk, email in User.objects.filter(
            email__in=list(emails) + [e for e in emails if e != e.lower()], employee__isnull=True
        ).values_list("pk", "email"):
            by_email.setdefault(emails.get(email.lower()), pk)
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(
                username=row.values["nip"], email=row.user_email, password=unusable, first_name=row.values["name"][:150]
            )
            for row in unlinked
            if row.values["nip"] not in by_email
        ],
        ignore_conflicts=True,
        batch_size=BATCH,
    )
    users = dict(
        User.objects.filter(username__in=[row.values["nip"] for row in unlinked]).values_list("username", "pk")
    )
    users.update({nip: pk for nip, pk in by_email.items() if nip})
    employees = []
    for row in batch:
        v = row.values
        employees.append(
            Employee(
                nip=v["nip"],
                nik=v["nik"],
                name=v["name"],
                front_title=v["front_title"],
                back_title=v["back_title"],
                birth_date=v["birth_date"],
                sex=v["sex"],
                status=v["status"],
                service_start=v["service_start"],
                agency=row.agency,
                region_id=row.agency.region_id,
                unit=row.unit,
                grade=v["grade"],
                grade_tmt=v.get("grade_tmt"),
                position_type=v["position_type"],
                position_name=v["position_name"],
                position_tmt=v.get("position_tmt"),
                education_level=v["education_level"],
                education_major=v["education_major"],
                salary_tmt=v.get("salary_tmt"),
                mkg_years=v.get("mkg_years", 0),
                mkg_months=v.get("mkg_months", 0),
                base_salary=v.get("base_salary"),
                performance=v["performance"],
                disciplinary_penalty=v["disciplinary_penalty"],
                email=v["email"],
                source=source,
                user_id=existing.get(v["nip"]) or users.get(v["nip"]),
                leave_records_from=today.year,
                updated_at=timezone.now(),
            )
        )
    Employee.objects.bulk_create(
        employees,
        update_conflicts=True,
        unique_fields=["nip"],
        update_fields=list(EMPLOYEE_FIELDS) + ["updated_at"],
        batch_size=BATCH,
    )
    ids = {e.nip: e.pk for e in employees}
    if any(pk is None for pk in ids.values()):  # backends that do not return ids on upsert
        ids = dict(Employee.objects.filter(nip__in=nips).values_list("nip", "pk"))
    grades, positions, salaries = [], [], []
    for row in batch:
        v, pk = row.values, ids[row.values["nip"]]
        if v.get("grade_tmt"):
            grades.append(GradeHistory(employee_id=pk, grade=v["grade"], tmt=v["grade_tmt"]))
        if v.get("position_tmt"):
            positions.append(
                PositionHistory(
                    employee_id=pk,
                    position_type=v["position_type"],
                    position_name=v["position_name"],
                    unit_name=row.unit.name if row.unit else "",
                    tmt=v["position_tmt"],
                )
            )
        if v.get("salary_tmt") and v.get("base_salary"):
            salaries.append(
                SalaryHistory(
                    employee_id=pk,
                    amount=v["base_salary"],
                    tmt=v["salary_tmt"],
                    mkg_years=v.get("mkg_years", 0),
                    mkg_months=v.get("mkg_months", 0),
                    grade=v["grade"],
                    reason="import",
                )
            )
    for model, objects in ((GradeHistory, grades), (PositionHistory, positions), (SalaryHistory, salaries)):
        model.objects.bulk_create(objects, ignore_conflicts=True, batch_size=BATCH)
    created = sum(1 for n in nips if n not in existing)
    return created, len(nips) - created


def _write_headships(valid: list[ValidRow]) -> None:
    head_rows = [row for row in valid if row.head]
    if not head_rows:
        return
    ids = dict(Employee.objects.filter(nip__in=[r.values["nip"] for r in head_rows]).values_list("nip", "pk"))
    for row in head_rows:
        employee_id = ids[row.values["nip"]]
        if row.unit is not None:
            Headship.objects.update_or_create(
                unit=row.unit, defaults={"agency": row.agency, "employee_id": employee_id}
            )
        else:
            Headship.objects.update_or_create(agency=row.agency, unit=None, defaults={"employee_id": employee_id})
