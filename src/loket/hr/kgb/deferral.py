"""Pure rules of issue 16 for e-KGB (no Django imports): deferral decrees, BKD's decision on a reviewed draft,
PPPK periodic increases, and the payroll export's rows.

Sources: PP 7/1977 arts. 11–13 (as amended, last by PP 5/2024); PP 49/2018 (PPPK) and Perpres 98/2020 (PPPK
salary table); domain notes §5.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from loket.hr.grades import PPPK_GRADES
from loket.hr.kgb.rules import (
    DUE,
    GRIDS,
    MAX_DEFERRAL_MONTHS,
    NOTICE_MONTHS,
    REVIEW,
    KgbResult,
    Mkg,
    _eligibility_reasons,
    _first_of_month_on_or_after,
    add_months,
    normalize_grade,
)

# --- Deferral decrees (PP 7/1977 art. 13) ------------------------------------------------------------------


@dataclass(frozen=True)
class DeferralDecree:
    """A deferral decree as the official issued it: its number and date, the months (1-12) and the reason."""

    number: str
    decree_date: dt.date | None
    months: int | None
    reason: str


# PP 7/1977 art. 13(1)-(2): an employee not yet eligible (performance below the minimum, a disciplinary penalty)
# has the increase deferred by decree, at most 1 year at a time; art. 13(5): the deferral counts in full toward the
# next increase.
def deferral_refusals(decree: DeferralDecree, *, effective_date: dt.date | None = None) -> dict[str, str]:
    """Indonesian reasons, per field, why the deferral decree cannot be recorded; empty when it can."""
    errors = {}
    if not decree.number.strip():
        errors["number"] = "Isi nomor surat keputusan penundaan."
    if decree.decree_date is None:
        errors["decree_date"] = "Isi tanggal surat keputusan penundaan."
    if decree.months is None or not 1 <= decree.months <= MAX_DEFERRAL_MONTHS:
        errors["months"] = (
            "Penundaan kenaikan gaji berkala 1 sampai 12 bulan setiap kali (PP 7/1977 pasal 13); "
            "bila masih belum memenuhi syarat, terbitkan penundaan berikutnya."
        )
    if not decree.reason.strip():
        errors["reason"] = "Tuliskan alasan penundaan (misalnya predikat kinerja atau hukuman disiplin)."
    if decree.decree_date and effective_date and decree.decree_date > add_months(effective_date, MAX_DEFERRAL_MONTHS):
        errors["decree_date"] = "Tanggal surat keputusan penundaan lebih dari 1 tahun setelah tanggal berlaku KGB."
    return errors


def deferral_months_for(due_date: dt.date, deferrals: Iterable[tuple[dt.date, int]]) -> tuple[int, ...]:
    """The months of the deferral decrees issued for the increase due on `due_date` ((due date, months) pairs):
    what `rules.next_kgb(deferrals=...)` takes. Decrees for another increase do not count."""
    return tuple(months for due, months in deferrals if due == due_date)


# PP 7/1977 art. 13(5) with the table's grid: after an increase given late by a deferral, the next one still falls
# due when MKG reaches the next step — the deferred months already count — not 2 years after the late TMT.
def next_increase_date(grade: str, new_mkg: Mkg | tuple[int, int], effective_date: dt.date) -> dt.date | None:
    """When the increase after the one taking effect on `effective_date` at `new_mkg` falls due (before any new
    deferral): the next step of the grade's grid (PNS; PPPK grades every PPPK_INTERVAL_YEARS), on the 1st of a
    month. None at the top of the scale or for an unknown grade."""
    new_mkg = Mkg.of(new_mkg)
    grid = GRIDS.get(normalize_grade(grade))
    if grid is None:
        grid = tuple(range(0, PPPK_MAX_MK_YEARS + 1, PPPK_INTERVAL_YEARS)) if grade in PPPK_GRADES else ()
    upcoming = [step for step in grid if step * 12 > new_mkg.total_months]
    if not upcoming:
        return None
    return _first_of_month_on_or_after(add_months(effective_date, upcoming[0] * 12 - new_mkg.total_months))


# --- BKD's decision on a reviewed draft ------------------------------------------------------------------------

APPROVE, DEFER, REJECT = "approve", "defer", "reject"


def approval_refusals(
    *, current_salary: int | None, new_salary: int | None, table_amounts: bool, entered: bool
) -> list[str]:
    """Why BKD may not pass a reviewed draft to the official: the amounts must be known. Where the salary table
    gave them (`table_amounts`), they stand and are not typed over; where it could not (a case outside the table,
    a PPPK without a table in Loket), BKD enters them from the decree it checked (`entered`), never guessed here.
    """
    if table_amounts and entered:
        return ["Gaji pokok dihitung dari tabel gaji yang berlaku dan tidak diubah manual; kosongkan isian gaji."]
    if not new_salary or not current_salary:
        return [
            "Tabel gaji di Loket tidak memuat kasus ini: isi gaji pokok lama dan baru dari tabel resmi yang Anda "
            "periksa sebelum meneruskan ke pejabat yang berwenang."
        ]
    if new_salary < current_salary:
        return ["Gaji pokok baru tidak boleh lebih kecil dari gaji pokok lama."]
    return []


# --- PPPK periodic increases (PP 49/2018; Perpres 98/2020) ---------------------------------------------------

# CONFIGURABLE, UNCONFIRMED: PPPK receive periodic increases by masa kerja on the Perpres 98/2020 table (PP 49/2018
# art. 38: gaji according to the table set by presidential regulation). The table is NOT in the repository: until
# it is loaded (grade I..XVII x masa kerja, each cell with its source, as the PNS tables in SOURCES.md), Loket
# computes the due date only and sends every PPPK increase to BKD, who enters the amounts from the table. The
# masa kerja steps are assumed every 2 years from 0 (confirm against the Perpres lampiran).
PPPK_TABLE_SOURCE = "Perpres 98/2020 lampiran (gaji PPPK) — belum dimuat di Loket; konfirmasi"
PPPK_INTERVAL_YEARS = 2
PPPK_MAX_MK_YEARS = 32
PPPK_NO_TABLE = (
    "Tabel gaji PPPK (Perpres 98/2020) belum dimuat di Loket; gaji pokok tidak ditebak. BKD mengisi gaji pokok lama "
    "dan baru dari tabel resmi."
)


def next_pppk_increase(
    grade: str,
    mk: Mkg | tuple[int, int],
    last_date: dt.date,
    *,
    performance: str | None,
    disciplinary_penalty: bool = False,
    table: Mapping[tuple[str, int], int] | None = None,
    deferrals: tuple[int, ...] = (),
) -> KgbResult:
    """The next periodic increase of a PPPK: due when masa kerja reaches the next step (every
    PPPK_INTERVAL_YEARS), on the 1st of a month, moved by deferrals (PP 7/1977 art. 13 as applied to PPPK —
    confirm). Amounts come from `table` ((grade, masa kerja step) -> rupiah) only; without one, or outside it,
    the result is REVIEW with the reason, amounts None."""
    mk = Mkg.of(mk)
    steps = [step for step in range(0, PPPK_MAX_MK_YEARS + 1, PPPK_INTERVAL_YEARS) if step * 12 > mk.total_months]
    reasons: list[str] = []
    if not steps:
        return KgbResult(
            status="top_of_scale",
            grade=grade,
            current_mkg=mk,
            due_date=None,
            effective_date=None,
            notice_date=None,
            new_mkg=None,
            current_salary=None,
            new_salary=None,
            regulation=None,
            next_step_date=None,
            reasons=("Masa kerja telah mencapai langkah terakhir tabel gaji PPPK.",),
        )
    due = _first_of_month_on_or_after(add_months(last_date, steps[0] * 12 - mk.total_months))
    deferred = sum(deferrals)
    effective = add_months(due, deferred)
    new_mk = Mkg.from_months(steps[0] * 12 + deferred)
    current_salary = new_salary = None
    if table is None:
        reasons.append(PPPK_NO_TABLE)
    else:
        current_salary = _pppk_amount(table, grade, mk.years)
        new_salary = _pppk_amount(table, grade, new_mk.years)
        if current_salary is None or new_salary is None:
            reasons.append(
                f"Golongan PPPK {grade} dengan masa kerja ini tidak ada dalam tabel gaji PPPK; ditinjau BKD."
            )
            current_salary = new_salary = None
    reasons += _eligibility_reasons(performance, disciplinary_penalty)
    following = (
        _first_of_month_on_or_after(add_months(last_date, steps[1] * 12 - mk.total_months)) if len(steps) > 1 else None
    )
    return KgbResult(
        status=REVIEW if reasons else DUE,
        grade=grade,
        current_mkg=mk,
        due_date=due,
        effective_date=effective,
        notice_date=add_months(effective, -NOTICE_MONTHS),
        new_mkg=new_mk,
        current_salary=current_salary,
        new_salary=new_salary,
        regulation="Perpres 98/2020" if table is not None else None,
        next_step_date=following,
        deferred_months=deferred,
        reasons=tuple(reasons),
    )


def _pppk_amount(table: Mapping[tuple[str, int], int], grade: str, years: int) -> int | None:
    steps = [step for (cell_grade, step) in table if cell_grade == grade and step <= years]
    return table[(grade, max(steps))] if steps else None


# --- The salary change handed to payroll (issue 16) ------------------------------------------------------------

PAYROLL_COLUMNS = (
    "NIP",
    "Nama",
    "Golongan",
    "Gaji Pokok Lama",
    "Gaji Pokok Baru",
    "TMT Gaji Baru",
    "Nomor Surat",
    "Tanggal Surat",
    "Perangkat Daerah",
)


def payroll_row(
    *,
    nip: str,
    name: str,
    grade: str,
    old_salary: int | None,
    new_salary: int | None,
    effective_date: dt.date,
    number: str,
    signed_on: dt.date | None,
    agency: str,
) -> list[str]:
    """One row of the payroll export, in PAYROLL_COLUMNS order: amounts as whole rupiah digits (payroll software
    reads them as numbers), dates ISO (YYYY-MM-DD, unambiguous for any spreadsheet), NIP as text. Text that a
    spreadsheet would run as a formula (=, +, -, @ first) is quoted."""
    return [
        _text(nip),
        _text(name),
        _text(grade),
        str(old_salary or ""),
        str(new_salary or ""),
        effective_date.isoformat(),
        _text(number),
        signed_on.isoformat() if signed_on else "",
        _text(agency),
    ]


def _text(value: str) -> str:
    value = str(value or "")
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
