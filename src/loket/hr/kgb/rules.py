"""Pure rules for base salary (gaji pokok) and the periodic salary increase (KGB). No Django imports.

Base salary is read from the table in force, stored cell by cell as CSV beside this module (see
SOURCES.md); nothing is ever derived by multiplying another table. A case the table does not cover
raises `NotInTable`; the KGB calculation turns such a case into a review by HR instead of guessing.

API
- `load_table(filename, regulation, in_force_from)` / `parse_table(text, ...)` -> `SalaryTable`
  (immutable, validated on load: 272 cells, grades Ia..IVe, each grade's MKG grid, positive amounts
  non-decreasing in MKG; a broken file raises `TableError`).
- `TABLES` (regulation -> table) and `table_in_force(on)`.
- `base_salary(grade, mkg_years, on, *, cpns=False) -> int` (rupiah a month).
- `Mkg(years, months)`: masa kerja golongan; `Mkg.of((years, months))` also accepts a pair.
- `next_kgb(grade, mkg, last_kgb_date, *, performance, disciplinary_penalty, cpns, deferrals)`
  -> `KgbResult` with `status` DUE, REVIEW (with Indonesian `reasons`) or TOP_OF_SCALE; `deferrals`
  are the deferral decrees (months, each 1-12, PP 7/1977 art. 13) already issued for this increase.
"""

from __future__ import annotations

import calendar
import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from types import MappingProxyType

from loket.core.errors import LoketError

# Grades in order, Ia..IVe (PP 7/1977 lampiran I; PP 5/2024 lampiran).
GRADES: tuple[str, ...] = tuple(
    f"{roman}{letter}"
    for roman, letters in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
    for letter in letters
)


def _grid_for(grade: str) -> tuple[int, ...]:
    # MKG steps of the PP 5/2024 / PP 15/2019 table: Ia 0..26; Ib-Id 3..27 odd; IIa 0, 1, 3..33 odd;
    # IIb-IId 3..33 odd; III and IV 0..32 even.
    if grade == "Ia":
        return tuple(range(0, 27, 2))
    if grade in ("Ib", "Ic", "Id"):
        return tuple(range(3, 28, 2))
    if grade == "IIa":
        return (0, 1) + tuple(range(3, 34, 2))
    if grade in ("IIb", "IIc", "IId"):
        return tuple(range(3, 34, 2))
    return tuple(range(0, 33, 2))


GRIDS: Mapping[str, tuple[int, ...]] = MappingProxyType({grade: _grid_for(grade) for grade in GRADES})
TABLE_CELLS = sum(len(grid) for grid in GRIDS.values())  # 272

# PP 7/1977 art. 5(1): a CPNS receives 80% of the base salary. Rounded to whole rupiah, half up
# (every PP 5/2024 and PP 15/2019 amount is a multiple of 100, so 80% is already whole).
CPNS_PERCENT = 80

# PP 7/1977 art. 11(b) says at least "cukup"; current practice (SKP under PermenPANRB 6/2022) asks
# for at least "baik". Configurable: change MIN_PERFORMANCE, not the code.
PERFORMANCE_RANK: Mapping[str, int] = MappingProxyType(
    {
        "sangat baik": 5,
        "baik": 4,
        "cukup": 3,  # PP 46/2011 scale
        "butuh perbaikan": 3,  # PermenPANRB 6/2022 scale
        "kurang": 2,
        "sangat kurang": 1,
        "buruk": 1,
    }
)
MIN_PERFORMANCE = "baik"

KGB_INTERVAL_YEARS = 2  # PP 7/1977 art. 11(a) with the table's grid: one step every 2 years of MKG
NOTICE_MONTHS = 2  # PP 7/1977 art. 12(2): notice issued 2 months before the increase takes effect
MAX_DEFERRAL_MONTHS = 12  # PP 7/1977 art. 13(1)-(2): deferred at most 1 year at a time

DUE = "due"
REVIEW = "review"
TOP_OF_SCALE = "top_of_scale"


class NotInTable(LoketError):
    """The salary table does not cover this case; HR must decide, the system never guesses."""


class TableError(ValueError):
    """A salary-table file failed validation on load."""


@dataclass(frozen=True)
class SalaryTable:
    regulation: str
    in_force_from: date
    cells: Mapping[tuple[str, int], int]

    def amount(self, grade: str, mkg_years: int) -> int:
        """The amount of the highest grid step <= mkg_years; above the last step the last applies."""
        grade = normalize_grade(grade)
        grid = GRIDS.get(grade)
        if grid is None:
            raise NotInTable(f'Golongan "{grade}" tidak dikenal dalam tabel gaji {self.regulation}.')
        if mkg_years < grid[0]:
            raise NotInTable(
                f"Masa kerja golongan {mkg_years} tahun berada di bawah langkah pertama golongan {grade} "
                f"({grid[0]} tahun) dalam tabel gaji {self.regulation}; perlu ditinjau BKD."
            )
        step = max(s for s in grid if s <= mkg_years)
        return self.cells[(grade, step)]


def normalize_grade(grade: str) -> str:
    """'III/a', 'iii a', 'IIIA' -> 'IIIa'. Unknown spellings are returned cleaned, for the error message."""
    cleaned = "".join(ch for ch in str(grade) if ch.isalpha())
    if len(cleaned) < 2:
        return cleaned
    return cleaned[:-1].upper() + cleaned[-1].lower()


def parse_table(text: str, regulation: str, in_force_from: date) -> SalaryTable:
    """Parse and validate CSV text with header grade,mkg,amount."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header != ["grade", "mkg", "amount"]:
        raise TableError(f"{regulation}: header must be grade,mkg,amount, got {header!r}")
    cells: dict[tuple[str, int], int] = {}
    for line, row in enumerate(reader, start=2):
        if not row:
            continue
        if len(row) != 3:
            raise TableError(f"{regulation} line {line}: expected 3 columns, got {row!r}")
        grade, mkg_text, amount_text = row
        if grade not in GRIDS:
            raise TableError(f"{regulation} line {line}: unknown grade {grade!r}")
        if not mkg_text.isdigit() or not amount_text.isdigit():
            raise TableError(f"{regulation} line {line}: mkg and amount must be whole numbers")
        key, amount = (grade, int(mkg_text)), int(amount_text)
        if key[1] not in GRIDS[grade]:
            raise TableError(f"{regulation} line {line}: MKG {key[1]} is not a step of grade {grade}")
        if key in cells:
            raise TableError(f"{regulation} line {line}: duplicate cell {grade} MKG {key[1]}")
        if amount <= 0:
            raise TableError(f"{regulation} line {line}: amount must be positive")
        cells[key] = amount
    if len(cells) != TABLE_CELLS:
        raise TableError(f"{regulation}: expected {TABLE_CELLS} cells, got {len(cells)}")
    for grade, grid in GRIDS.items():
        amounts = [cells[(grade, step)] for step in grid]
        if any(later < earlier for earlier, later in zip(amounts, amounts[1:])):
            raise TableError(f"{regulation}: amounts of grade {grade} decrease with MKG")
    return SalaryTable(regulation, in_force_from, MappingProxyType(cells))


def load_table(filename: str, regulation: str, in_force_from: date) -> SalaryTable:
    """Load a table shipped in this package."""
    text = resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")
    return parse_table(text, regulation, in_force_from)


# In force: PP 15/2019 from 1 January 2019 (applied retroactively, confirm); PP 5/2024 from 1 January 2024.
TABLES: Mapping[str, SalaryTable] = MappingProxyType(
    {
        "PP 15/2019": load_table("gaji_pokok_pp15_2019.csv", "PP 15/2019", date(2019, 1, 1)),
        "PP 5/2024": load_table("gaji_pokok_pp5_2024.csv", "PP 5/2024", date(2024, 1, 1)),
    }
)


def table_in_force(on: date) -> SalaryTable:
    """The latest table whose in-force date is on or before `on`."""
    candidates = [t for t in TABLES.values() if t.in_force_from <= on]
    if not candidates:
        raise NotInTable(f"Tidak ada tabel gaji pokok yang berlaku pada {on.isoformat()}; perlu ditinjau BKD.")
    return max(candidates, key=lambda t: t.in_force_from)


def base_salary(grade: str, mkg_years: int, on: date, *, cpns: bool = False) -> int:
    """Monthly base salary in rupiah from the table in force on `on` (PP 5/2024 from 2024-01-01)."""
    amount = table_in_force(on).amount(grade, mkg_years)
    if cpns:
        # PP 7/1977 art. 5(1): CPNS 80%; integer arithmetic, whole rupiah rounded half up.
        return (amount * CPNS_PERCENT + 50) // 100
    return amount


@dataclass(frozen=True, order=True)
class Mkg:
    """Masa kerja golongan: whole years and months (0-11)."""

    years: int
    months: int = 0

    def __post_init__(self):
        if self.years < 0 or not 0 <= self.months <= 11:
            raise ValueError(f"Masa kerja golongan tidak valid: {self.years} tahun {self.months} bulan.")

    @classmethod
    def of(cls, value: Mkg | tuple[int, int]) -> Mkg:
        return value if isinstance(value, Mkg) else cls(*value)

    @classmethod
    def from_months(cls, total: int) -> Mkg:
        return cls(total // 12, total % 12)

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months


def add_months(day: date, months: int) -> date:
    """Same day `months` later (or earlier); clamped to the month's last day."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last_day))


def _first_of_month_on_or_after(day: date) -> date:
    # Salary decrees take effect on the 1st of a month, so a step reached mid-month counts from the
    # next month (practice, confirm; PP 7/1977 art. 13(3) uses "mulai bulan berikutnya" after a deferral).
    return day if day.day == 1 else add_months(day.replace(day=1), 1)


@dataclass(frozen=True)
class KgbResult:
    """The next KGB of one employee. Amounts are None where the table cannot give them."""

    status: str  # DUE, REVIEW or TOP_OF_SCALE
    grade: str
    current_mkg: Mkg  # MKG as of last_kgb_date, as given
    due_date: date | None  # when MKG reaches the next grid step (before any deferral)
    effective_date: date | None  # due_date plus deferrals: the TMT of the decree
    notice_date: date | None  # 2 months before effective_date (PP 7/1977 art. 12(2))
    new_mkg: Mkg | None  # MKG on effective_date (deferral counts in full, art. 13(5))
    current_salary: int | None  # amount before the increase, same table as new_salary
    new_salary: int | None
    regulation: str | None  # the salary table applied, e.g. "PP 5/2024"
    next_step_date: date | None  # when the following step is reached (next KGB, deferrals ignored)
    deferred_months: int = 0
    cpns: bool = False
    reasons: tuple[str, ...] = ()  # Indonesian, for HR review

    @property
    def needs_review(self) -> bool:
        return self.status == REVIEW


def _eligibility_reasons(performance: str | None, disciplinary_penalty: bool) -> list[str]:
    reasons = []
    rank = PERFORMANCE_RANK.get((performance or "").strip().lower())
    if performance is None or not str(performance).strip():
        reasons.append("Predikat kinerja belum tercatat; perlu ditinjau BKD.")
    elif rank is None:
        reasons.append(f'Predikat kinerja "{performance}" tidak dikenal; perlu ditinjau BKD.')
    elif rank < PERFORMANCE_RANK[MIN_PERFORMANCE]:
        # PP 7/1977 art. 11(b), with the current minimum MIN_PERFORMANCE.
        reasons.append(
            f'Predikat kinerja "{performance}" di bawah syarat minimal "{MIN_PERFORMANCE}"; '
            "kenaikan gaji berkala dapat ditunda paling lama 1 tahun."
        )
    if disciplinary_penalty:
        reasons.append("Pegawai sedang menjalani hukuman disiplin yang menunda kenaikan gaji berkala.")
    return reasons


def next_kgb(
    grade: str,
    mkg: Mkg | tuple[int, int],
    last_kgb_date: date,
    *,
    performance: str | None,
    disciplinary_penalty: bool = False,
    cpns: bool = False,
    deferrals: tuple[int, ...] = (),
) -> KgbResult:
    """The next periodic salary increase after the salary decree dated `last_kgb_date`.

    `mkg` is the masa kerja golongan on `last_kgb_date` (the TMT of the last KGB, promotion or
    appointment decree, which states it). The increase falls due when MKG reaches the next step of
    the grade's grid (every 2 years; IIa also 0 -> 1; Ib-Id and IIb-IId on odd years); it takes
    effect on the 1st of a month. The new salary comes from the table in force on the effective date.

    `deferrals` lists, in months, the deferral decrees already issued for this increase (PP 7/1977
    art. 13: each at most 12 months, repeatable). They move the effective date and count in full
    toward the next increase, so `next_step_date` does not move. Pass the performance rating valid
    at the (new) effective date: eligibility is checked for that date.

    Ineligible or incomplete cases return status REVIEW with the Indonesian reasons; nothing is
    decided or guessed here.
    """
    for months in deferrals:
        if not 1 <= months <= MAX_DEFERRAL_MONTHS:
            raise ValueError("Penundaan kenaikan gaji berkala 1 sampai 12 bulan setiap kali (PP 7/1977 pasal 13).")
    grade = normalize_grade(grade)
    mkg = Mkg.of(mkg)
    grid = GRIDS.get(grade)
    if grid is None:
        return _empty(REVIEW, grade, mkg, cpns, f'Golongan "{grade}" tidak dikenal; perlu ditinjau BKD.')
    upcoming = [step for step in grid if step * 12 > mkg.total_months]
    if not upcoming:
        return _empty(
            TOP_OF_SCALE,
            grade,
            mkg,
            cpns,
            f"Masa kerja golongan telah mencapai langkah terakhir tabel golongan {grade}; "
            "tidak ada kenaikan gaji berkala berikutnya pada golongan ini.",
        )

    def reached(step: int) -> date:
        return _first_of_month_on_or_after(add_months(last_kgb_date, step * 12 - mkg.total_months))

    deferred = sum(deferrals)
    due = reached(upcoming[0])
    following = reached(upcoming[1]) if len(upcoming) > 1 else None
    effective = add_months(due, deferred)
    new_mkg = Mkg.from_months(upcoming[0] * 12 + deferred)  # art. 13(5): deferral counts in full
    fields = {
        "grade": grade,
        "current_mkg": mkg,
        "due_date": due,
        "effective_date": effective,
        "notice_date": add_months(effective, -NOTICE_MONTHS),
        "new_mkg": new_mkg,
        "next_step_date": following,
        "deferred_months": deferred,
        "cpns": cpns,
    }
    reasons: list[str] = []
    if following and effective >= following:
        reasons.append("Penundaan mencapai tanggal kenaikan gaji berkala berikutnya; perlu ditinjau BKD.")
    try:
        table = table_in_force(effective)
        new_salary = base_salary(grade, new_mkg.years, effective, cpns=cpns)
        current_salary = base_salary(grade, mkg.years, effective, cpns=cpns)
    except NotInTable as refusal:
        table, new_salary, current_salary = None, None, None
        reasons.append(refusal.message)
    reasons += _eligibility_reasons(performance, disciplinary_penalty)
    return KgbResult(
        status=REVIEW if reasons else DUE,
        current_salary=current_salary,
        new_salary=new_salary,
        regulation=table.regulation if table else None,
        reasons=tuple(reasons),
        **fields,
    )


def _empty(status: str, grade: str, mkg: Mkg, cpns: bool, reason: str) -> KgbResult:
    return KgbResult(
        status=status,
        grade=grade,
        current_mkg=mkg,
        due_date=None,
        effective_date=None,
        notice_date=None,
        new_mkg=None,
        current_salary=None,
        new_salary=None,
        regulation=None,
        next_step_date=None,
        cpns=cpns,
        reasons=(reason,),
    )
