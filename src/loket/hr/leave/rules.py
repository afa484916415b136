"""Pure leave (cuti) rules for civil servants (no Django imports).

Sources: PP 11/2017 on civil-servant management, arts. 310–334, as amended by PP 17/2020; BKN
regulation 24/2017 (procedure and forms) as amended by BKN regulation 7/2021; PP 49/2018 for PPPK.
See ../shared/domain/README.md section 4. Values the domain notes mark "(confirm)" are module
constants flagged CONFIGURABLE/UNCONFIRMED so they can be changed in one place.

Counting: annual leave counts working days (Monday–Friday minus national holidays and cuti bersama,
via `loket.core.calendar.WorkCalendar`, which also carries the region's overrides); the other types
are granted in months or calendar days, so their limits compare calendar dates.
"""

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from loket.core.calendar import WorkCalendar
from loket.core.dates import long_date
from loket.hr.grades import PNS_GRADES, PPPK_GRADES

# --- Leave types ---------------------------------------------------------------------------------


class LeaveType(StrEnum):
    """The seven leave types of PP 11/2017 art. 310."""

    ANNUAL = "tahunan"
    LONG = "besar"
    SICK = "sakit"
    MATERNITY = "melahirkan"
    IMPORTANT_REASONS = "alasan_penting"
    UNPAID = "cltn"
    COLLECTIVE = "bersama"

    @property
    def label(self) -> str:
        return LEAVE_LABELS[self]


LEAVE_LABELS: dict[LeaveType, str] = {
    LeaveType.ANNUAL: "cuti tahunan",
    LeaveType.LONG: "cuti besar",
    LeaveType.SICK: "cuti sakit",
    LeaveType.MATERNITY: "cuti melahirkan",
    LeaveType.IMPORTANT_REASONS: "cuti karena alasan penting",
    LeaveType.UNPAID: "cuti di luar tanggungan negara",
    LeaveType.COLLECTIVE: "cuti bersama",
}
LEAVE_LABELS_EN: dict[LeaveType, str] = {
    LeaveType.ANNUAL: "annual leave",
    LeaveType.LONG: "long service leave",
    LeaveType.SICK: "sick leave",
    LeaveType.MATERNITY: "maternity leave",
    LeaveType.IMPORTANT_REASONS: "leave for important reasons",
    LeaveType.UNPAID: "unpaid leave (outside the state's charge)",
    LeaveType.COLLECTIVE: "collective leave",
}


class SickKind(StrEnum):
    GENERAL = "umum"
    MISCARRIAGE = "gugur_kandungan"
    WORK_ACCIDENT = "kecelakaan_kerja"


class LongLeaveReason(StrEnum):
    """Why long leave is taken; the last two waive the 5-year service rule."""

    GENERAL = "umum"
    FIRST_HAJJ = "haji_pertama"
    FOURTH_OR_LATER_BIRTH = "kelahiran_anak_keempat"


class ImportantReason(StrEnum):
    """Reasons listed for leave for important reasons (PP 11/2017 art. 326; BKN reg. 7/2021)."""

    FAMILY_GRAVELY_ILL = "keluarga_sakit_keras"
    FAMILY_DECEASED = "keluarga_meninggal"
    OWN_MARRIAGE = "perkawinan"
    WIFE_CAESAREAN = "istri_melahirkan_caesar"
    FIRE_OR_DISASTER = "kebakaran_bencana"


class Attachment(StrEnum):
    DOCTOR_NOTE = "surat_dokter"
    GOVERNMENT_DOCTOR_NOTE = "surat_dokter_pemerintah"


PPPK = "PPPK"

# --- Constants -----------------------------------------------------------------------------------

ANNUAL_DAYS = 12  # PP 11/2017 art. 311(2): 12 working days a year.
ANNUAL_MIN_SERVICE_YEARS = 1  # PP 11/2017 art. 311(1): ≥ 1 year of continuous service.
ANNUAL_MIN_DAYS_PER_REQUEST = 1  # PP 11/2017 art. 311(3): at least 1 working day per request.
CARRY_MAX_PER_YEAR = 6  # PP 11/2017 art. 312(1): 12 + 6 carried = 18 in the next year.
ANNUAL_CAP_ONE_YEAR_UNUSED = 18  # PP 11/2017 art. 312(1).
ANNUAL_CAP_TWO_YEARS_UNUSED = 24  # PP 11/2017 art. 312(2): unused ≥ 2 years running.
REMOTE_TRAVEL_CALENDAR_DAYS = 12  # PP 11/2017 art. 311(4): travel days in a hard-to-reach place.
# PP 11/2017 art. 314(1)-(2) (annual leave deferred by the PPK or the official delegated to grant leave,
# "ditangguhkan", for pressing service needs, at most 1 year; BKN reg. 24/2017 lampiran I.A; confirm the article
# number against the published text, the rule itself is in the domain notes §4): the deferred days are usable in
# the next year, up to 24 working days in total including that year's own 12.
ANNUAL_CAP_DEFERRED = 24
ANNUAL_DEFERRAL_YEARS = 1
# CONFIGURABLE, UNCONFIRMED: long leave may be deferred by the authorized official for at most 1 year, except
# long leave for religious duty (the first hajj), which may not be deferred (PP 11/2017 arts. 317–318 on cuti
# besar, BKN reg. 24/2017 lampiran I.B — confirm the article and whether a deferral may be repeated).
LONG_LEAVE_DEFERRAL_MAX_MONTHS = 12
DEFERRABLE_TYPES = frozenset({"tahunan", "besar"})

LONG_LEAVE_MIN_SERVICE_YEARS = 5  # PP 11/2017 art. 315(1).
LONG_LEAVE_MAX_MONTHS = 3  # PP 11/2017 art. 315(1).
LONG_LEAVE_INTERVAL_YEARS = 5  # BKN reg. 24/2017 (long leave): once per 5 years.

SICK_DOCTOR_NOTE_ABOVE_DAYS = 1  # PP 11/2017 art. 319(3): > 1 day needs a doctor's note.
SICK_GOVERNMENT_DOCTOR_ABOVE_DAYS = 14  # PP 11/2017 art. 319(4): > 14 days, government doctor.
SICK_MAX_MONTHS = 12  # PP 11/2017 art. 319(5): up to 1 year.
SICK_EXTENSION_MONTHS = 6  # PP 11/2017 art. 319(6): + at most 6 months.
MISCARRIAGE_MAX = (1, 15)  # PP 11/2017 art. 320: 1.5 months, read as 1 month + 15 days.

MATERNITY_MAX_MONTHS = 3  # PP 11/2017 art. 325(3).
MATERNITY_MAX_CHILD_NUMBER = 3  # PP 11/2017 art. 325(1)-(2): from the 4th child, long leave.

IMPORTANT_REASONS_MAX_MONTHS = 1  # PP 11/2017 art. 326 (as amended): up to 1 month.

# CONFIGURABLE, UNCONFIRMED (domain notes: "confirm"): CLTN limits, PP 11/2017 art. 334.
UNPAID_MIN_SERVICE_YEARS = 5
UNPAID_MAX_YEARS = 3
UNPAID_EXTENSION_YEARS = 1

# CONFIGURABLE, UNCONFIRMED (domain notes: "confirm"): leave types open to PPPK, PP 49/2018.
PPPK_LEAVE_TYPES = frozenset({LeaveType.ANNUAL, LeaveType.SICK, LeaveType.MATERNITY, LeaveType.COLLECTIVE})

# CONFIGURABLE, UNCONFIRMED (domain notes: "confirm"): annual columns on the BKN form.
FORM_COLUMNS = ("N-2", "N-1", "N")


# --- Date helpers --------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last_day in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last_day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def period_last_day(first: dt.date, months: int, days: int = 0) -> dt.date:
    """Last day of a period of `months` (then `days` more) that starts on `first`.

    Convention: a period of n months ends on the day before the day with the same number n months later
    (1 Mar + 1 month ends 31 Mar; 3 Aug + 3 months ends 2 Nov), and when that day does not exist in the
    month, the period ends on the last day of that month (30 Jan + 1 month: there is no 30 February, so
    it ends on 28 February, or 29 in a leap year; 31 Mar + 1 month ends 30 Apr). Clamping first and then
    taking the day before would end it a day early (27 February): the month would be short of its days.
    This is how PP 11/2017 periods in months are counted here (maternity 3 months, art. 325; long leave up
    to 3 months, art. 315; sick 1 year + 6 months and miscarriage 1.5 months, arts. 319–320; CLTN in years,
    art. 334). `days` is added after the months (1.5 months = 1 month, then 15 days).
    """
    index = first.month - 1 + months
    year, month = first.year + index // 12, index % 12 + 1
    month_end = calendar.monthrange(year, month)[1]
    end = (
        dt.date(year, month, month_end) if first.day > month_end else dt.date(year, month, first.day) - dt.timedelta(1)
    )
    return end + dt.timedelta(days=days)


def format_date(day: dt.date) -> str:
    return long_date(day)


# PP 11/2017 art. 311(2) and BKN reg. 24/2017: annual leave counts working days (weekends,
# national holidays and cuti bersama excluded; the region's calendar overrides win).
def working_days(first: dt.date, last: dt.date, calendar: WorkCalendar | None = None) -> int:
    """Working days from `first` to `last`, both included; 0 when the dates are reversed."""
    if last < first:
        return 0
    return (calendar or WorkCalendar()).working_days_in(first, last)


# --- Annual leave --------------------------------------------------------------------------------


# PP 11/2017 art. 311(1): annual leave after at least 1 year of continuous service.
def annual_eligible_from(service_start: dt.date) -> dt.date:
    """First day on which annual leave may be taken (service_start = TMT CPNS/PPPK)."""
    return add_years(service_start, ANNUAL_MIN_SERVICE_YEARS)


# PP 11/2017 arts. 311(2) and 315(2): 12 days a year once eligible; none in a year with long leave.
def annual_entitlement(year: int, service_start: dt.date, long_leave_years: Iterable[int] = ()) -> int:
    """Own days of `year` (column N on the form), before carry-over and collective-leave additions."""
    if year in set(long_leave_years):
        return 0
    return ANNUAL_DAYS if annual_eligible_from(service_start) <= dt.date(year, 12, 31) else 0


@dataclass(frozen=True)
class AnnualBalance:
    """Annual leave of one year as on the form: columns N-2, N-1 and N, plus on-duty days."""

    year: int
    from_n_minus_2: int  # unused days of N-2, also untouched in N-1 (≤ 6)
    from_n_minus_1: int  # unused own days of N-1 (≤ 6)
    own: int  # 12, or 0 before eligibility / in a long-leave year
    collective_on_duty: int  # cuti bersama days worked in N, usable in N only
    taken: int  # annual-leave working days already taken (or requested) in N
    deferred: int = 0  # days of N-1 the official deferred ("ditangguhkan"), usable in N only

    @property
    def total(self) -> int:
        return self.from_n_minus_2 + self.from_n_minus_1 + self.own + self.collective_on_duty + self.deferred

    @property
    def remaining(self) -> int:
        return max(0, self.total - self.taken)


@dataclass
class _YearPots:
    on_duty: int  # expires at the end of the year
    from_n_minus_2: int  # expires at the end of the year
    from_n_minus_1: int  # may move on once more, as the next year's N-2 column
    own: int  # may move on as the next year's N-1 column
    deferred: int = 0  # deferred from the year before: expires at the end of the year (at most 1 year)

    def consume(self, days: int, pots=("on_duty", "from_n_minus_2", "deferred", "from_n_minus_1", "own")) -> int:
        """Oldest (soonest-expiring) days first, so days carried over are not lost needlessly; returns the days
        the pots could not give."""
        for pot in pots:
            used = min(days, getattr(self, pot))
            setattr(self, pot, getattr(self, pot) - used)
            days -= used
        return days


# PP 11/2017 art. 314(2) (deferred annual leave: 24 days including the current year's) and art. 312(1)-(2) (6 + 6).
def carry_into_next_year(
    from_n_minus_2: int, from_n_minus_1: int, own: int, deferred_days: int, next_own: int
) -> tuple[int, int, int]:
    """The (N-2, N-1, deferred) columns of the next year from the unused days at the end of a year.

    `from_n_minus_2`, `from_n_minus_1` and `own` are the year's unused days per column (after the days taken);
    `deferred_days` are the working days of the year's annual leave the authorized official deferred
    ("ditangguhkan"). Deferred days carry in full, not 6 at most: they come out of the unused days oldest
    column first (those that would lapse or be capped otherwise), as far as unused days remain. The rest carries
    as usual: unused own days to N-1 and unused N-1 days to N-2, 6 each. The next year may then hold at most 24
    days including its own `next_own` (ANNUAL_CAP_DEFERRED): above that the ordinary carry gives way first (N-2,
    then N-1), then the deferred days. Days deferred from the year before are not deferred again (at most one
    year) and lapse with the year.
    """
    pots = _YearPots(on_duty=0, from_n_minus_2=from_n_minus_2, from_n_minus_1=from_n_minus_1, own=own)
    kept = max(0, deferred_days) - pots.consume(max(0, deferred_days), ("from_n_minus_2", "from_n_minus_1", "own"))
    n2, n1 = min(CARRY_MAX_PER_YEAR, pots.from_n_minus_1), min(CARRY_MAX_PER_YEAR, pots.own)
    room = max(0, ANNUAL_CAP_DEFERRED - next_own)
    over = max(0, n2 + n1 + kept - room)
    columns = [n2, n1, kept]
    for index, days in enumerate(columns):
        cut = min(over, days)
        columns[index], over = days - cut, over - cut
    return columns[0], columns[1], columns[2]


# PP 11/2017 art. 312(1)-(2), art. 315(2), art. 333(2)-(3); BKN reg. 24/2017 (carry-over, N-2/N-1/N).
def annual_balance(
    year: int,
    taken_by_year: Mapping[int, int],
    service_start: dt.date,
    *,
    long_leave_years: Iterable[int] = (),
    collective_worked_by_year: Mapping[int, int] | None = None,
    records_from: int | None = None,
    deferred_by_year: Mapping[int, int] | None = None,
) -> AnnualBalance:
    """Annual leave available in `year`, replaying the history year by year.

    Each year Y has four pots: on-duty cuti bersama days of Y (usable in Y only, art. 333(3)), the
    N-2 column, the N-1 column and Y's own 12 days (0 in a long-leave year, art. 315(2)). Days taken
    in Y (annual leave only: cuti bersama never reduces it, art. 333(2)) use the soonest-expiring pot
    first. At the end of Y: unused own days move to Y+1's N-1 column, at most 6 (so 12 + 6 = 18,
    art. 312(1)); unused N-1 days — left over from Y-1 and untouched in Y too, i.e. not used two
    years running — move to Y+1's N-2 column, at most 6 (12 + 6 + 6 = 24, art. 312(2)); anything
    older lapses. `taken_by_year` maps a year to the annual-leave working days taken; a missing year
    means none. `records_from` is the first year whose records are complete (years before it open
    with empty columns); by default the first year of eligibility. `deferred_by_year` maps a year to the
    working days of its annual leave the authorized official deferred: they carry into the next year in full,
    up to 24 days with that year's own (`carry_into_next_year`).
    """
    on_duty = collective_worked_by_year or {}
    deferred_of = deferred_by_year or {}
    deferred = 0
    long_years = frozenset(long_leave_years)
    start = annual_eligible_from(service_start).year
    if records_from is not None:
        start = max(start, records_from)
    from_n_minus_2 = from_n_minus_1 = 0
    for current in range(start, year):
        pots = _YearPots(
            on_duty=on_duty.get(current, 0),
            from_n_minus_2=from_n_minus_2,
            from_n_minus_1=from_n_minus_1,
            own=annual_entitlement(current, service_start, long_years),
            deferred=deferred,
        )
        pots.consume(taken_by_year.get(current, 0))
        from_n_minus_2, from_n_minus_1, deferred = carry_into_next_year(
            pots.from_n_minus_2,
            pots.from_n_minus_1,
            pots.own,
            deferred_of.get(current, 0),
            annual_entitlement(current + 1, service_start, long_years),
        )
    return AnnualBalance(
        year=year,
        from_n_minus_2=from_n_minus_2,
        from_n_minus_1=from_n_minus_1,
        own=annual_entitlement(year, service_start, long_years),
        collective_on_duty=on_duty.get(year, 0),
        taken=taken_by_year.get(year, 0),
        deferred=deferred,
    )


# --- Requests ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeaveRequest:
    leave_type: LeaveType
    first: dt.date
    last: dt.date
    attachments: frozenset[Attachment] = frozenset()
    sick_kind: SickKind = SickKind.GENERAL
    extension: bool = False  # sick leave + 6 months, CLTN + 1 year
    long_leave_reason: LongLeaveReason = LongLeaveReason.GENERAL
    important_reason: ImportantReason | None = None
    child_number: int | None = None  # maternity: order of the child born while a civil servant
    travel_days: int = 0  # annual leave in a hard-to-reach place: calendar days of travel after `last`

    @property
    def absence_last(self) -> dt.date:
        """The last day away from work: the leave's last day plus the travel days (art. 311(4))."""
        return self.last + dt.timedelta(days=max(0, self.travel_days))


@dataclass(frozen=True)
class EmployeeLeaveFacts:
    """What the rules need to know about the employee; the caller reads it from the database."""

    status: str  # "CPNS", "PNS" or "PPPK"
    service_start: dt.date  # TMT CPNS (or TMT PPPK); continuous service counts from here
    sex: str | None = None  # "M" / "F"
    taken_by_year: Mapping[int, int] = field(default_factory=dict)  # annual days taken or pending
    collective_worked_by_year: Mapping[int, int] = field(default_factory=dict)
    long_leave_starts: tuple[dt.date, ...] = ()
    existing: tuple[tuple[dt.date, dt.date], ...] = ()  # other approved or pending leave
    records_from: int | None = None
    deferred_by_year: Mapping[int, int] = field(default_factory=dict)  # annual days the official deferred

    @property
    def long_leave_years(self) -> frozenset[int]:
        return frozenset(day.year for day in self.long_leave_starts)


def check_request(
    request: LeaveRequest, employee: EmployeeLeaveFacts, calendar: WorkCalendar | None = None
) -> list[str]:
    """Indonesian reasons to refuse `request`; an empty list means it may go to the approvers."""
    if request.last < request.first:
        return ["Tanggal selesai cuti tidak boleh sebelum tanggal mulai."]
    if employee.status == PPPK and request.leave_type not in PPPK_LEAVE_TYPES:
        return [pppk_refusal(request.leave_type)]
    refusals = overlap_refusals(request.first, request.absence_last, employee.existing)
    if request.travel_days:
        refusals.extend(travel_refusals(request))
    checker = _CHECKERS[request.leave_type]
    refusals.extend(checker(request, employee, calendar or WorkCalendar()))
    return refusals


# PP 49/2018 (PPPK leave): only the types in PPPK_LEAVE_TYPES.
def pppk_refusal(leave_type: LeaveType) -> str:
    allowed = ", ".join(LEAVE_LABELS[kind] for kind in LeaveType if kind in PPPK_LEAVE_TYPES)
    return f"PPPK tidak berhak atas {leave_type.label}; PPPK hanya berhak atas {allowed}."


# BKN reg. 24/2017: a period of leave cannot be granted twice (no overlapping requests).
def overlap_refusals(first: dt.date, last: dt.date, existing: Iterable[tuple[dt.date, dt.date]]) -> list[str]:
    return [
        f"Tanggal cuti bertabrakan dengan cuti lain ({format_date(other_first)} s.d. {format_date(other_last)})."
        for other_first, other_last in existing
        if other_first <= last and first <= other_last
    ]


# PP 11/2017 art. 311(4); BKN reg. 24/2017 lampiran I.A: + at most 12 calendar days in a hard-to-reach place.
def travel_refusals(request: LeaveRequest) -> list[str]:
    """Why the travel days of `request` are refused: only annual leave taken in a hard-to-reach place (daerah
    terpencil, sulit perhubungannya) gets them, at most REMOTE_TRAVEL_CALENDAR_DAYS calendar days. They are
    calendar days after the leave's last day and are not charged to the balance."""
    if request.leave_type is not LeaveType.ANNUAL:
        return ["Tambahan waktu perjalanan hanya untuk cuti tahunan di tempat yang sulit perhubungannya."]
    if not 0 <= request.travel_days <= REMOTE_TRAVEL_CALENDAR_DAYS:
        return [
            f"Tambahan waktu perjalanan ke tempat yang sulit perhubungannya paling lama "
            f"{REMOTE_TRAVEL_CALENDAR_DAYS} hari kalender."
        ]
    return []


# PP 11/2017 arts. 311(2), 312: the balance is kept per calendar year (columns N-2, N-1, N of the form).
def days_by_year(first: dt.date, last: dt.date, calendar: WorkCalendar | None = None) -> dict[int, int]:
    """Working days of `first`..`last` per calendar year, for a request across 1 January: each year's part is
    charged to that year's balance."""
    return {
        year: working_days(max(first, dt.date(year, 1, 1)), min(last, dt.date(year, 12, 31)), calendar)
        for year in range(first.year, last.year + 1)
    }


# PP 11/2017 arts. 311–312 and 315(2); art. 333(2): cuti bersama days are not counted.
def _check_annual(request: LeaveRequest, employee: EmployeeLeaveFacts, calendar: WorkCalendar) -> list[str]:
    eligible_from = annual_eligible_from(employee.service_start)
    if request.first < eligible_from:
        return [
            "Cuti tahunan baru dapat diambil setelah bekerja paling sedikit 1 tahun secara terus-menerus "
            f"(mulai {format_date(eligible_from)})."
        ]
    if request.last.year - request.first.year > 1:
        return ["Cuti tahunan paling banyak melintasi satu pergantian tahun; ajukan terpisah untuk tiap tahun."]
    per_year = days_by_year(request.first, request.last, calendar)
    for year in per_year:
        if year in employee.long_leave_years:
            return [f"Tidak ada hak cuti tahunan pada tahun {year} karena telah mengambil cuti besar."]
    days = sum(per_year.values())
    if days < ANNUAL_MIN_DAYS_PER_REQUEST:
        return ["Cuti tahunan paling sedikit 1 hari kerja; rentang tanggal ini tidak memuat hari kerja."]
    # Each year's part is charged to that year's balance, the earlier year first: the days of the new year can
    # only come from the new year's balance (which carries what is left of the old year), never the other way.
    taken = dict(employee.taken_by_year)
    refusals = []
    for year, part in per_year.items():
        balance = annual_balance(
            year,
            taken,
            employee.service_start,
            long_leave_years=employee.long_leave_years,
            collective_worked_by_year=employee.collective_worked_by_year,
            records_from=employee.records_from,
            deferred_by_year=employee.deferred_by_year,
        )
        if part > balance.remaining:
            refusals.append(
                f"Cuti tahunan {part} hari kerja melebihi sisa hak cuti tahunan {balance.remaining} hari kerja."
                if len(per_year) == 1
                else f"Cuti tahunan {part} hari kerja pada tahun {year} melebihi sisa hak cuti tahunan tahun {year} "
                f"({balance.remaining} hari kerja); hari cuti tiap tahun dibebankan pada hak tahun itu sendiri."
            )
        taken[year] = taken.get(year, 0) + part
    return refusals


# PP 11/2017 art. 315; BKN reg. 24/2017: ≥ 5 years, ≤ 3 months, once per 5 years; hajj/4th birth waive.
def _check_long(request: LeaveRequest, employee: EmployeeLeaveFacts, calendar: WorkCalendar) -> list[str]:
    refusals = []
    waived = request.long_leave_reason is not LongLeaveReason.GENERAL
    if not waived:
        if request.first < add_years(employee.service_start, LONG_LEAVE_MIN_SERVICE_YEARS):
            refusals.append(
                "Cuti besar hanya untuk PNS yang telah bekerja paling singkat 5 tahun secara terus-menerus."
            )
        for previous in employee.long_leave_starts:
            if previous <= request.first < add_years(previous, LONG_LEAVE_INTERVAL_YEARS):
                refusals.append(
                    f"Cuti besar hanya sekali dalam 5 tahun; cuti besar terakhir dimulai {format_date(previous)}."
                )
    if request.last > period_last_day(request.first, LONG_LEAVE_MAX_MONTHS):
        refusals.append("Cuti besar paling lama 3 bulan.")
    return refusals


# PP 11/2017 arts. 319–321: note thresholds 1/14 days, ≤ 1 year + 6 months, miscarriage 1.5 months.
def _check_sick(request: LeaveRequest, employee: EmployeeLeaveFacts, calendar: WorkCalendar) -> list[str]:
    refusals = []
    days = (request.last - request.first).days + 1
    government_note = Attachment.GOVERNMENT_DOCTOR_NOTE in request.attachments
    any_note = government_note or Attachment.DOCTOR_NOTE in request.attachments
    if days > SICK_GOVERNMENT_DOCTOR_ABOVE_DAYS and not government_note:
        refusals.append("Cuti sakit lebih dari 14 hari wajib melampirkan surat keterangan dokter pemerintah.")
    elif days > SICK_DOCTOR_NOTE_ABOVE_DAYS and not any_note:
        refusals.append("Cuti sakit lebih dari 1 hari wajib melampirkan surat keterangan dokter.")
    if request.sick_kind is SickKind.MISCARRIAGE:
        months, extra_days = MISCARRIAGE_MAX
        if request.last > period_last_day(request.first, months, extra_days):
            refusals.append("Cuti sakit karena gugur kandungan paling lama 1,5 bulan.")
    elif request.sick_kind is SickKind.GENERAL:
        limit = SICK_MAX_MONTHS + (SICK_EXTENSION_MONTHS if request.extension else 0)
        if request.last > period_last_day(request.first, limit):
            refusals.append(
                "Cuti sakit paling lama 1 tahun dan dapat diperpanjang paling lama 6 bulan."
                if not request.extension
                else "Cuti sakit dengan perpanjangan paling lama 1 tahun 6 bulan."
            )
    # Work accident (art. 321): until recovered, no upper limit.
    return refusals


# PP 11/2017 art. 325: 1st–3rd child while a civil servant, 3 months; from the 4th child, long leave.
def _check_maternity(request: LeaveRequest, employee: EmployeeLeaveFacts, calendar: WorkCalendar) -> list[str]:
    if employee.sex == "M":
        return ["Cuti melahirkan hanya untuk pegawai perempuan; suami dapat mengajukan cuti karena alasan penting."]
    if request.child_number is None or request.child_number < 1:
        return ["Sebutkan anak keberapa yang dilahirkan selama menjadi ASN."]
    if request.child_number > MATERNITY_MAX_CHILD_NUMBER:
        return ["Untuk kelahiran anak keempat dan seterusnya digunakan cuti besar, bukan cuti melahirkan."]
    if request.last > period_last_day(request.first, MATERNITY_MAX_MONTHS):
        return ["Cuti melahirkan paling lama 3 bulan."]
    return []


# PP 11/2017 art. 326 as amended by PP 17/2020; BKN reg. 7/2021: listed reasons, at most 1 month.
def _check_important(request: LeaveRequest, employee: EmployeeLeaveFacts, calendar: WorkCalendar) -> list[str]:
    refusals = []
    if request.important_reason is None:
        refusals.append("Pilih alasan penting yang diatur (keluarga sakit keras/meninggal, perkawinan, dan lainnya).")
    if request.last > period_last_day(request.first, IMPORTANT_REASONS_MAX_MONTHS):
        refusals.append("Cuti karena alasan penting paling lama 1 bulan.")
    return refusals


# PP 11/2017 art. 334: ≥ 5 years of service, up to 3 years + 1 year extension (UNCONFIRMED limits).
def _check_unpaid(request: LeaveRequest, employee: EmployeeLeaveFacts, calendar: WorkCalendar) -> list[str]:
    refusals = []
    if request.first < add_years(employee.service_start, UNPAID_MIN_SERVICE_YEARS):
        refusals.append(
            "Cuti di luar tanggungan negara hanya untuk PNS yang telah bekerja paling singkat 5 tahun "
            "secara terus-menerus."
        )
    years = UNPAID_MAX_YEARS + (UNPAID_EXTENSION_YEARS if request.extension else 0)
    if request.last > period_last_day(request.first, 12 * years):
        refusals.append(
            f"Cuti di luar tanggungan negara paling lama {UNPAID_MAX_YEARS} tahun, dapat diperpanjang "
            f"paling lama {UNPAID_EXTENSION_YEARS} tahun."
        )
    return refusals


# PP 11/2017 art. 333(1), (4): cuti bersama is set by presidential decree, never requested.
def _check_collective(request: LeaveRequest, employee: EmployeeLeaveFacts, calendar: WorkCalendar) -> list[str]:
    return ["Cuti bersama ditetapkan dengan Keputusan Presiden dan tidak diajukan perorangan."]


# PP 11/2017 art. 314(1) (annual) and arts. 317–318 (long leave; confirm): deferral by the authorized official, at
# most 1 year, never for the first hajj; BKN reg. 24/2017 lampiran I.A and I.B.
def deferral_refusal(request: LeaveRequest, until: dt.date | None) -> str | None:
    """Why the authorized official may not defer ("tangguhkan") `request` until `until`; None when they may.

    Only annual and long leave can be deferred. Annual leave is deferred to the next year (`until` is not
    asked: its days carry into the next year, `carry_into_next_year`). Long leave is deferred to a day the
    official names, at most LONG_LEAVE_DEFERRAL_MAX_MONTHS after the first day asked for; long leave for the
    first hajj is not deferred."""
    if request.leave_type not in DEFERRABLE_TYPES:
        return (
            f"{request.leave_type.label.capitalize()} tidak dapat ditangguhkan; hanya cuti tahunan dan cuti besar. "
            "Pilih disetujui, disetujui dengan perubahan, atau tidak disetujui."
        )
    if request.leave_type is LeaveType.ANNUAL:
        return None
    if request.long_leave_reason is LongLeaveReason.FIRST_HAJJ:
        return "Cuti besar untuk menunaikan ibadah haji pertama tidak dapat ditangguhkan."
    if until is None:
        return "Sebutkan sampai tanggal berapa cuti besar ditangguhkan (paling lama 1 tahun)."
    latest = period_last_day(request.first, LONG_LEAVE_DEFERRAL_MAX_MONTHS)
    if until <= request.first or until > latest:
        return (
            f"Cuti besar ditangguhkan paling lama 1 tahun: pilih tanggal setelah {format_date(request.first)} "
            f"dan paling lambat {format_date(latest)}."
        )
    return None


def annual_deferred_until(request_first: dt.date) -> dt.date:
    """Deferred annual leave is usable until the end of the next year (at most 1 year of deferral)."""
    return dt.date(request_first.year + ANNUAL_DEFERRAL_YEARS, 12, 31)


_CHECKERS = {
    LeaveType.ANNUAL: _check_annual,
    LeaveType.LONG: _check_long,
    LeaveType.SICK: _check_sick,
    LeaveType.MATERNITY: _check_maternity,
    LeaveType.IMPORTANT_REASONS: _check_important,
    LeaveType.UNPAID: _check_unpaid,
    LeaveType.COLLECTIVE: _check_collective,
}


# ---------------------------------------------------------------- stand-ins (plh) — issue 13
#
# A pelaksana harian (plh) stands in for an official who is away (UU 30/2014 art. 14(7); SE Kepala BKN 1/2021 on
# Plh and Plt): one stand-in at a time for one official, and never a chain that leads back to the official, or
# two officials could end up approving each other's requests through their stand-ins.
OVERLAPPING_DELEGATION = "overlapping"
DELEGATION_CYCLE = "cycle"


def delegation_refusal(
    delegator: int, delegate: int, first, last, existing: list[tuple[int, int, object, object]]
) -> str | None:
    """Why `delegator` may not name `delegate` from `first` to `last`, given the delegations `existing`
    ((delegator, delegate, first, last)); None when they may."""

    def overlaps(a_first, a_last) -> bool:
        return a_first <= last and first <= a_last

    live = [(a, b) for a, b, a_first, a_last in existing if overlaps(a_first, a_last)]
    if any(a == delegator for a, _ in live):
        return OVERLAPPING_DELEGATION
    # Follow the stand-ins of the new stand-in over the same days: reaching the delegator is a cycle.
    onward: dict[int, set[int]] = {}
    for a, b in live:
        onward.setdefault(a, set()).add(b)
    seen, frontier = {delegate}, [delegate]
    while frontier:
        for person in onward.get(frontier.pop(), ()):
            if person == delegator:
                return DELEGATION_CYCLE
            if person not in seen:
                seen.add(person)
                frontier.append(person)
    return None


# ---------------------------------------------------------------- ranks of a stand-in (plh) — issue 13
#
# SE Kepala BKN 1/SE/I/2021 (kewenangan Plh dan Plt dalam aspek kepegawaian), as earlier BKN circulars on Plh/Plt:
# the official named plh (or plt) holds a position of the same level as the one they stand in for, or one level
# below, in the same unit or its line of command (confirm the exact wording a region applies). Levels follow the
# position types of UU 20/2023 and PP 11/2017: JPT > administrator > pengawas > pelaksana. A jabatan fungsional
# has no managerial level of its own: its grade places it (PermenPANRB 17/2021 on penyetaraan made administrator
# posts Ahli Madya, IV/a upwards, and pengawas posts Ahli Muda, III/c–III/d; PPPK by the grades of Perpres 98/2020).
# CONFIGURABLE (setting LOKET_PLH_LEVELS_BELOW), UNCONFIRMED: how many levels below the delegator a plh may be.
PLH_LEVELS_BELOW = 1
POSITION_LEVELS = {"jpt": 4, "administrator": 3, "pengawas": 2, "pelaksana": 1}
# UNCONFIRMED (penyetaraan, see above): the lowest grade of a fungsional for each level above the base one.
FUNCTIONAL_LEVEL_FROM_GRADE = (("IVa", 3), ("IIIc", 2), ("XIII", 3), ("XI", 2))
PLH_ABOVE = "plh_above"
PLH_TOO_LOW = "plh_too_low"
PLH_OUTSIDE_LINE = "plh_outside_line"


def _grade_order(grade: str) -> tuple[int, int] | None:
    """(ladder, position) of a PNS grade (Ia..IVe) or a PPPK grade (I..XVII); None when unknown."""
    if grade in PNS_GRADES:
        return (0, PNS_GRADES.index(grade))
    if grade in PPPK_GRADES:
        return (1, PPPK_GRADES.index(grade))
    return None


def position_level(position_type: str, grade: str = "") -> int:
    """The level of a position on the plh ladder: 4 JPT, 3 administrator, 2 pengawas, 1 pelaksana; a fungsional
    by its grade (FUNCTIONAL_LEVEL_FROM_GRADE), else 1."""
    if position_type in POSITION_LEVELS:
        return POSITION_LEVELS[position_type]
    own = _grade_order(grade)
    for lowest, level in FUNCTIONAL_LEVEL_FROM_GRADE:
        floor = _grade_order(lowest)
        if own is not None and floor is not None and own[0] == floor[0] and own[1] >= floor[1]:
            return level
    return 1


def unit_line(unit: int | None, parents: Mapping[int, int | None]) -> frozenset[int | None] | None:
    """The units in the line of command of `unit` (itself, the units above it, the units below it, and the agency's
    own level, None), from `parents` (unit -> parent unit) of its agency; None for the agency level (everything)."""
    if unit is None:
        return None
    line: set[int | None] = {None, unit}
    above = parents.get(unit)
    while above is not None and above not in line:
        line.add(above)
        above = parents.get(above)
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(child)
    frontier = [unit]
    while frontier:
        for child in children.get(frontier.pop(), ()):
            if child not in line:
                line.add(child)
                frontier.append(child)
    return frozenset(line)


def plh_rank_refusal(
    *,
    delegator_level: int,
    delegate_level: int,
    delegate_unit: int | None,
    delegator_line: frozenset[int | None] | None,
    levels_below: int = PLH_LEVELS_BELOW,
) -> str | None:
    """Why the delegate may not stand in for the delegator by rank or place (SE Kepala BKN 1/SE/I/2021): above the
    delegator, more than `levels_below` levels below, or outside the delegator's line (`unit_line`; None: the
    whole agency). None when they may."""
    if delegate_level > delegator_level:
        return PLH_ABOVE
    if delegator_level - delegate_level > levels_below:
        return PLH_TOO_LOW
    if delegator_line is not None and delegate_unit not in delegator_line:
        return PLH_OUTSIDE_LINE
    return None


# ---------------------------------------------------------------- two people decide leave — issue 13
#
# PP 11/2017 art. 310ff with BKN reg. 24/2017 (the leave form, sections VII "pertimbangan atasan langsung" and
# VIII "keputusan pejabat yang berwenang memberikan cuti"): the direct superior considers, the authorized official
# grants — two roles, and (issue 13) two different people. When the direct superior is the official too (the head
# of a top unit, staff of a unit without a head, whose superior is the agency head), the consideration goes to the
# first of CONSIDERERS (in this order) who is neither the employee nor the official: the superior's own superior,
# then the HR office (BKD) of the employee's region, which verifies leave in any case. With nobody, the request is
# not filed: BKD sets a considerer first. And the same person never takes both levels: not the superior whose
# consideration it was (acting at level 2 as the official's plh), nor whoever gave it for them.
SUPERIOR_OF_SUPERIOR = "superior_of_superior"
HR_OFFICE = "hr_office"
# CONFIGURABLE (setting LOKET_LEAVE_CONSIDERERS), UNCONFIRMED: BKN reg. 24/2017 does not name who considers when the
# superior is the official; confirm the order with the region's BKD.
CONSIDERERS = (SUPERIOR_OF_SUPERIOR, HR_OFFICE)
SAME_PERSON = "same_person"


def considerer(*, employee: int, superior: int | None, official: int, candidates: Iterable[int | None]) -> int | None:
    """Who gives the level-1 consideration on `employee`'s leave: the direct superior when they are not the official,
    else the first of `candidates` (CONSIDERERS resolved in order; None where nobody holds one) who is neither the
    employee nor the official. None: nobody can, the request waits for BKD."""
    if superior is not None and superior not in (official, employee):
        return superior
    return next((person for person in candidates if person is not None and person not in (employee, official)), None)


def second_level_refusal(*, level: int, actor: int, superior: int | None, level_one_actor: int | None) -> str | None:
    """Why `actor` may not take the official's decision (level 2) on a request whose consideration (level 1) was the
    `superior`'s, given by `level_one_actor` (the superior, their plh or a superior stepping in): one person never
    takes both levels, plh or not. None at level 1, or when they may."""
    if level == 2 and actor in {superior, level_one_actor} - {None}:
        return SAME_PERSON
    return None
