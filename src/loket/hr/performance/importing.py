"""Import of performance ratings (CSV/XLSX), all or nothing, through the import jobs of the employee register.

One row per employee, year and period: NIP_BARU, TAHUN, PREDIKAT_KINERJA (Sangat Baik … Sangat Kurang) and an
optional PERIODE (tahunan by default; tw1–tw4, sm1–sm2). Every row is checked first (the NIP must be an employee
of an agency the importer manages, the year and rating valid, no row twice); with any error nothing is written.
Otherwise each row whose rating differs from the one in force becomes a new entry (source "import"), audited as
one import, and `Employee.performance` follows the latest yearly rating.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from loket.core import audit
from loket.hr.functional import services as functional_services
from loket.hr.importing import MAX_ERRORS, Outcome
from loket.hr.models import Employee, PerformanceRating
from loket.hr.performance import rules
from loket.hr.performance.services import follow_latest

COLUMNS = {  # column -> (Indonesian, English) help shown on the import page
    "NIP_BARU": ("NIP 18 digit (wajib)", "18-digit NIP (required)"),
    "TAHUN": ("tahun penilaian, mis. 2025 (wajib)", "year rated, e.g. 2025 (required)"),
    "PREDIKAT_KINERJA": (
        "Sangat Baik, Baik, Butuh Perbaikan, Kurang, atau Sangat Kurang (wajib)",
        "Sangat Baik, Baik, Butuh Perbaikan, Kurang or Sangat Kurang (required)",
    ),
    "PERIODE": ("tahunan (bawaan), tw1–tw4, atau sm1–sm2", "tahunan (default), tw1–tw4 or sm1–sm2"),
    "CATATAN": ("catatan penilai (boleh kosong)", "the rater's note (optional)"),
}
REQUIRED = ("NIP_BARU", "TAHUN", "PREDIKAT_KINERJA")


def import_ratings(rows, *, actor=None, agencies=None, today: dt.date | None = None, progress=None) -> Outcome:
    """Validate all `rows` ((row number, {COLUMN: text}) pairs), then write all or nothing. `agencies`: whose
    employees the caller may rate (None: every agency). `Outcome.created` counts new entries, `updated` the rows
    that repeated the rating in force (nothing to write)."""
    today = today or timezone.localdate()
    rows = list(rows)
    outcome = Outcome(total=len(rows))
    if not rows:
        outcome.errors = [{"row": 1, "column": "", "message": "Berkas tidak memuat baris predikat kinerja."}]
        outcome.error_count = 1
        return outcome
    nips = {row.get("NIP_BARU", "").strip() for _number, row in rows}
    employees = Employee.objects.filter(nip__in=nips)
    if agencies is not None:
        employees = employees.filter(agency__in=agencies)
    known = dict(employees.values_list("nip", "pk"))
    errors, valid, seen = [], [], {}
    for index, (number, row) in enumerate(rows, start=1):
        nip = row.get("NIP_BARU", "").strip()
        problems = []
        if nip not in known:
            problems.append(("NIP_BARU", f'NIP "{nip}" bukan pegawai perangkat daerah yang Anda kelola.'))
        year = None
        try:
            year = int(row.get("TAHUN", "").strip())
            rules.check_year(year, today.year)
        except ValueError as exc:
            message = str(exc) if year is not None else f'Tahun "{row.get("TAHUN", "")}" tidak valid.'
            problems.append(("TAHUN", message))
            year = None
        try:
            rating = rules.parse_rating(row.get("PREDIKAT_KINERJA", ""), year=year)
        except ValueError as exc:
            problems.append(("PREDIKAT_KINERJA", str(exc)))
        try:
            period = rules.parse_period(row.get("PERIODE", ""))
        except ValueError as exc:
            problems.append(("PERIODE", str(exc)))
        if not problems:
            key = (nip, year, period)
            if key in seen:
                problems.append(("NIP_BARU", f"Pegawai, tahun, dan periode ini sudah ada pada baris {seen[key]}."))
            else:
                seen[key] = number
                valid.append((known[nip], year, period, rating, row.get("CATATAN", "").strip()[:300]))
        errors += [{"row": number, "column": column, "message": message} for column, message in problems]
        if progress and index % 5000 == 0:
            progress(index, outcome.total, "validating")
    outcome.error_count = len(errors)
    outcome.errors = errors[:MAX_ERRORS]
    if errors:
        return outcome
    with transaction.atomic():
        in_force = {}  # (employee, year, period) -> the rating in force: the latest entry counts
        for employee_id, year, period, rating in (
            PerformanceRating.objects.filter(employee_id__in=[entry[0] for entry in valid])
            .order_by("created_at", "pk")
            .values_list("employee_id", "year", "period", "rating")
        ):
            in_force[(employee_id, year, period)] = rating
        fresh = [
            PerformanceRating(
                employee_id=employee_id,
                year=year,
                period=period,
                rating=rating,
                note=note,
                assessed_by=actor if getattr(actor, "is_authenticated", False) else None,
                source=PerformanceRating.Source.IMPORT,
            )
            for employee_id, year, period, rating, note in valid
            if in_force.get((employee_id, year, period)) != rating
        ]
        PerformanceRating.objects.bulk_create(fresh, batch_size=2000)
        follow_latest({entry.employee_id for entry in fresh})
        functional_services.follow_ratings(
            (entry.employee_id, entry.year, entry.rating) for entry in fresh if entry.period == rules.YEARLY
        )
        outcome.created, outcome.updated = len(fresh), len(valid) - len(fresh)
        audit.record(
            "hr.performance_imported",
            actor=actor,
            object_type="hr.performancerating",
            object_id="*",
            data={"rows": outcome.total, "new_entries": outcome.created, "unchanged": outcome.updated},
        )
        if progress:
            progress(outcome.total, outcome.total, "writing")
    return outcome
