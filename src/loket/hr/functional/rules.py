"""Pure credit-point (angka kredit) rules of functional positions (no Django imports).

Sources: PermenPANRB 1/2023 on functional positions (jabatan fungsional) — a functional official's yearly
credit is the performance rating's percentage times the level's coefficient, pro-rated by the months served
in the year —, BKN regulation 3/2023 (its lampiran: the cumulative credit a rank step and a level step ask
for), PermenPANRB 6/2022 (the five performance ratings). Domain notes §7 and §12.

Data, not code: the levels (coefficients, the grades each level spans, the credit a level promotion asks
for) are `levels.csv`, the credit each rank step within a level asks for is `rank_credits.csv`, whether the
credit beyond what a promotion asked for (kelebihan angka kredit) carries to the next step is
`excess_credit.csv`, each row with its article, its source and whether it is confirmed (the domain notes mark
most "confirm" and hold no excess rule at all). A step the tables do not hold is refused
(`UnknownCreditRule`): HR decides, Loket never guesses.

Amounts are `Decimal`s rounded per period to `CREDIT_PLACES` places, half up (the PAK prints each period's
credit to three places and adds the printed amounts; confirm with the region's BKD).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from types import MappingProxyType

from loket.core.errors import LoketError
from loket.hr.grades import PNS_GRADES
from loket.hr.performance import rules as performance

HERE = Path(__file__).resolve().parent

EXPERT, SKILLED = "keahlian", "keterampilan"  # the two tracks of PermenPANRB 1/2023

# PermenPANRB 1/2023 (konversi predikat kinerja ke angka kredit), with the ratings of PermenPANRB 6/2022
# (hr.performance.rules): the share of the level's coefficient a year at that rating earns.
RATING_PERCENT: Mapping[str, int] = MappingProxyType(
    {
        performance.SANGAT_BAIK: 150,
        performance.BAIK: 100,
        performance.BUTUH_PERBAIKAN: 75,
        performance.KURANG: 50,
        performance.SANGAT_KURANG: 25,
    }
)
RATING_LABELS: Mapping[str, dict[str, str]] = MappingProxyType(
    {key: {"id": words[0], "en": words[1]} for key, words in performance.RATING_LABELS.items()}
)

LEVEL_LABELS: Mapping[str, dict[str, str]] = MappingProxyType(
    {
        "pemula": {"id": "Pemula", "en": "Beginner"},
        "terampil": {"id": "Terampil", "en": "Skilled"},
        "mahir": {"id": "Mahir", "en": "Proficient"},
        "penyelia": {"id": "Penyelia", "en": "Supervisor"},
        "ahli_pertama": {"id": "Ahli Pertama", "en": "First-level expert"},
        "ahli_muda": {"id": "Ahli Muda", "en": "Junior expert"},
        "ahli_madya": {"id": "Ahli Madya", "en": "Intermediate expert"},
        "ahli_utama": {"id": "Ahli Utama", "en": "Principal expert"},
    }
)


def position_title(name: str, level: str) -> str:
    """'Analis Kebijakan Ahli Muda': a functional post's name with its level, as a decree writes it."""
    label = LEVEL_LABELS.get(level)
    return f"{name} {label['id']}" if label else name


# CONFIGURABLE, UNCONFIRMED: three places, half up, per period (see the module's docstring).
CREDIT_PLACES = 3


class UnknownCreditRule(LoketError):
    """The tables hold no rule for this level, grade or rating: HR decides, Loket does not guess."""


@dataclass(frozen=True)
class Level:
    key: str
    track: str
    coefficient: Decimal
    lowest_grade: str
    highest_grade: str
    next_level: str
    credit_for_next_level: Decimal | None
    coefficient_confirmed: bool
    next_level_confirmed: bool
    source: str


@dataclass(frozen=True)
class RankStep:
    track: str
    from_grade: str
    to_grade: str
    credit: Decimal
    confirmed: bool
    source: str


@dataclass(frozen=True)
class CarryRule:
    """Whether the excess of a step (RANK or LEVEL) carries to the next one, with the article and its source."""

    step: str
    carries: bool
    article: str
    confirmed: bool
    source: str


@dataclass(frozen=True)
class CreditTable:
    levels: Mapping[str, Level]
    steps: Mapping[tuple[str, str], RankStep]  # (track, from_grade) -> the step within a level


def _yes(value: str) -> bool:
    return value.strip().lower() in {"yes", "ya", "true", "1"}


def parse_table(levels_text: str, steps_text: str) -> CreditTable:
    """Both CSV texts as a table; a malformed row raises ValueError naming it."""
    levels: dict[str, Level] = {}
    for number, row in enumerate(csv.DictReader(levels_text.splitlines()), start=2):
        try:
            level = Level(
                key=row["level"].strip(),
                track=row["track"].strip(),
                coefficient=Decimal(row["coefficient"]),
                lowest_grade=row["lowest_grade"].strip(),
                highest_grade=row["highest_grade"].strip(),
                next_level=row["next_level"].strip(),
                credit_for_next_level=Decimal(row["credit_for_next_level"]) if row["credit_for_next_level"] else None,
                coefficient_confirmed=_yes(row["coefficient_confirmed"]),
                next_level_confirmed=_yes(row["next_level_confirmed"]),
                source=row["source"].strip(),
            )
        except (KeyError, ArithmeticError, AttributeError) as error:
            raise ValueError(f"levels.csv row {number}: {error!r}") from error
        if level.track not in (EXPERT, SKILLED) or level.coefficient <= 0:
            raise ValueError(f"levels.csv row {number}: track or coefficient out of range")
        levels[level.key] = level
    steps: dict[tuple[str, str], RankStep] = {}
    for number, row in enumerate(csv.DictReader(steps_text.splitlines()), start=2):
        try:
            step = RankStep(
                track=row["track"].strip(),
                from_grade=row["from_grade"].strip(),
                to_grade=row["to_grade"].strip(),
                credit=Decimal(row["credit"]),
                confirmed=_yes(row["confirmed"]),
                source=row["source"].strip(),
            )
        except (KeyError, ArithmeticError, AttributeError) as error:
            raise ValueError(f"rank_credits.csv row {number}: {error!r}") from error
        steps[(step.track, step.from_grade)] = step
    for level in levels.values():
        if level.next_level and level.next_level not in levels:
            raise ValueError(f"levels.csv: {level.key} names an unknown next level {level.next_level}")
    return CreditTable(levels=MappingProxyType(levels), steps=MappingProxyType(steps))


@functools.cache
def default_table() -> CreditTable:
    """The shipped tables (`levels.csv`, `rank_credits.csv` beside this module)."""
    return parse_table((HERE / "levels.csv").read_text("utf-8"), (HERE / "rank_credits.csv").read_text("utf-8"))


def parse_carry_rules(text: str) -> Mapping[str, CarryRule]:
    """`excess_credit.csv` as step -> rule; a row without its article or source, an unknown step or a step twice
    raises ValueError naming it (a rule is never kept without where it comes from)."""
    found: dict[str, CarryRule] = {}
    for number, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        try:
            rule = CarryRule(
                step=row["step"].strip(),
                carries=_yes(row["carries"]),
                article=row["article"].strip(),
                confirmed=_yes(row["confirmed"]),
                source=row["source"].strip(),
            )
        except (KeyError, AttributeError) as error:
            raise ValueError(f"excess_credit.csv row {number}: {error!r}") from error
        if rule.step not in (RANK, LEVEL) or rule.step in found:
            raise ValueError(f"excess_credit.csv row {number}: unknown or repeated step {rule.step!r}")
        if not rule.article or not rule.source:
            raise ValueError(f"excess_credit.csv row {number}: the article and its source are required")
        found[rule.step] = rule
    return MappingProxyType(found)


@functools.cache
def default_carry_rules() -> Mapping[str, CarryRule]:
    """The shipped excess rules (`excess_credit.csv` beside this module)."""
    return parse_carry_rules((HERE / "excess_credit.csv").read_text("utf-8"))


def normalize_rating(rating: str) -> str:
    """'Sangat Baik', 'sangat_baik', ' BAIK ' -> the key of RATING_PERCENT; an unknown rating is refused."""
    return _normalized(str(rating or ""))


@functools.lru_cache(maxsize=256)
def _normalized(rating: str) -> str:
    """`normalize_rating` over a string: the few spellings a yearly run meets are normalized once (an unknown one
    raises, and a raise is never cached)."""
    key = " ".join(rating.replace("_", " ").lower().split())
    if key not in RATING_PERCENT:
        raise UnknownCreditRule(
            f'Predikat kinerja "{rating}" tidak dikenal (Sangat Baik, Baik, Butuh Perbaikan, Kurang, Sangat Kurang).'
        )
    return key


def level_of(key: str, table: CreditTable | None = None) -> Level:
    table = table or default_table()
    if key not in table.levels:
        raise UnknownCreditRule(f'Jenjang jabatan fungsional "{key}" tidak dikenal; angka kredit perlu ditetapkan BKD.')
    return table.levels[key]


def period_months(first: dt.date, last: dt.date) -> int:
    """Whole calendar months from `first` (the 1st of a month) to `last` (a month's last day), both included.

    Credit is pro-rated by months (PermenPANRB 1/2023): a period that does not start on the 1st or end on a
    month's last day is refused rather than rounded, because which part-month counts is the region's call."""
    if last < first:
        raise ValueError("Akhir periode tidak boleh sebelum awalnya.")
    if first.day != 1 or (last + dt.timedelta(days=1)).day != 1:
        raise ValueError(
            "Periode angka kredit dihitung per bulan penuh: mulai tanggal 1 dan berakhir pada hari terakhir bulan."
        )
    return (last.year - first.year) * 12 + last.month - first.month + 1


def period_credit(rating: str, level: str, months: int, table: CreditTable | None = None) -> Decimal:
    """Credit earned in `months` (1–12) of one year at `rating` in `level`: percentage × coefficient × months/12.

    PermenPANRB 1/2023 (angka kredit = persentase predikat kinerja × koefisien per tahun, proporsional per bulan).
    Ahli pertama, Sangat Baik, 12 months -> 18.750; Baik, 2 months -> 2.083."""
    if not 1 <= months <= 12:
        raise ValueError("Jumlah bulan dalam satu periode penilaian harus 1 sampai 12.")
    return _credit(RATING_PERCENT[normalize_rating(rating)], level_of(level, table).coefficient, months)


@functools.lru_cache(maxsize=1024)
def _credit(percent: int, coefficient: Decimal, months: int) -> Decimal:
    """percentage × coefficient × months/12, rounded: a few hundred distinct values, so a yearly run over
    100,000 officials computes each once."""
    exact = Decimal(percent) * coefficient * months / (Decimal(100) * 12)
    return exact.quantize(Decimal(1).scaleb(-CREDIT_PLACES), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CreditPeriod:
    """One rated stretch in one level within one year (a position change or a new year starts a new one)."""

    first: dt.date
    last: dt.date
    level: str
    rating: str


@dataclass(frozen=True)
class PeriodCredit:
    period: CreditPeriod
    months: int
    credit: Decimal


def credits_for(periods: Iterable[CreditPeriod], table: CreditTable | None = None) -> list[PeriodCredit]:
    """Each period's credit, in date order. Periods must lie within one calendar year each and not overlap."""
    ordered = sorted(periods, key=lambda period: period.first)
    out: list[PeriodCredit] = []
    for index, period in enumerate(ordered):
        if period.first.year != period.last.year:
            raise ValueError("Satu periode angka kredit tidak boleh melewati pergantian tahun; pisahkan per tahun.")
        if index and period.first <= ordered[index - 1].last:
            raise ValueError(f"Periode mulai {period.first.isoformat()} tumpang tindih dengan periode sebelumnya.")
        months = period_months(period.first, period.last)
        out.append(PeriodCredit(period, months, period_credit(period.rating, period.level, months, table)))
    return out


def periods_in_year(year: int, posts: Iterable[tuple[dt.date, dt.date | None, str]], rating: str) -> list[CreditPeriod]:
    """A yearly rating split over the functional posts (first day, last day or None while held, level) held in
    `year`: one period per post, clipped to the year. Months outside every post earn nothing (PermenPANRB
    1/2023: credit is earned in a functional post, pro-rated by its months)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    periods = []
    for first, last, level in sorted(posts, key=lambda post: post[0]):
        clipped_first, clipped_last = max(first, start), min(last or end, end)
        if clipped_first <= clipped_last:
            periods.append(CreditPeriod(clipped_first, clipped_last, level, rating))
    return periods


def accumulate(periods: Iterable[CreditPeriod], *, opening: Decimal = Decimal(0), table=None) -> Decimal:
    """The cumulative credit: an opening amount (an earlier PAK's, across positions) plus each period's credit."""
    return opening + sum((item.credit for item in credits_for(periods, table)), Decimal(0))


# --- Promotion by credit ------------------------------------------------------------------------

RANK, LEVEL, TOP = "pangkat", "jenjang", "puncak"


@dataclass(frozen=True)
class NextStep:
    """What comes after `grade` in `level`: a rank step in the level, a level step, or nothing (the top)."""

    kind: str  # RANK, LEVEL or TOP
    to_grade: str
    to_level: str
    credit: Decimal | None
    confirmed: bool
    source: str


def _next_grade(grade: str) -> str:
    index = PNS_GRADES.index(grade)
    return PNS_GRADES[index + 1] if index + 1 < len(PNS_GRADES) else ""


def next_step(level: str, grade: str, table: CreditTable | None = None) -> NextStep:
    """The next promotion of a functional official at `grade` in `level` and the credit it asks for.

    BKN regulation 3/2023 lampiran: within a level each rank step asks for a cumulative credit
    (`rank_credits.csv`); from the level's highest grade the next rank needs the next level, whose credit is
    the level's (`levels.csv`)."""
    table = table or default_table()
    current = level_of(level, table)
    if grade not in PNS_GRADES:
        raise UnknownCreditRule(f'Golongan "{grade}" tidak dikenal untuk jabatan fungsional.')
    low, high = PNS_GRADES.index(current.lowest_grade), PNS_GRADES.index(current.highest_grade)
    if not low <= PNS_GRADES.index(grade) <= high:
        raise UnknownCreditRule(
            f"Golongan {grade} di luar rentang jenjang {level} ({current.lowest_grade}–{current.highest_grade}); "
            "perlu ditinjau BKD."
        )
    if grade != current.highest_grade:
        step = table.steps.get((current.track, grade))
        if step is None:
            raise UnknownCreditRule(
                f"Angka kredit untuk kenaikan pangkat dari {grade} pada jenjang {level} belum ada di tabel; "
                "perlu ditetapkan BKD."
            )
        return NextStep(RANK, step.to_grade, level, step.credit, step.confirmed, step.source)
    if not current.next_level:
        return NextStep(TOP, "", level, None, True, current.source)
    if current.credit_for_next_level is None:
        raise UnknownCreditRule(
            f"Angka kredit untuk kenaikan jenjang dari {level} belum ada di tabel; perlu ditetapkan BKD."
        )
    return NextStep(
        LEVEL,
        _next_grade(grade),
        current.next_level,
        current.credit_for_next_level,
        current.next_level_confirmed,
        current.source,
    )


@dataclass(frozen=True)
class CreditStanding:
    step: NextStep
    credit: Decimal  # what counts toward the step (see `standing`)
    eligible: bool
    shortfall: Decimal  # how much is still missing (0 when eligible)
    excess: Decimal  # what carries over after the promotion (`carried_credit`: 0 where the step's rule carries none)


def standing(
    level: str,
    grade: str,
    *,
    credit_in_rank: Decimal,
    credit_in_level: Decimal,
    table: CreditTable | None = None,
    carry_rules: Mapping[str, CarryRule] | None = None,
) -> CreditStanding:
    """Whether the credit suffices for the next step: a rank step counts the credit gathered since the current
    rank (with what an earlier promotion carried over, `rank_credit`), a level step the credit gathered in the
    level."""
    step = next_step(level, grade, table)
    if step.kind == TOP:
        return CreditStanding(step, credit_in_rank, False, Decimal(0), Decimal(0))
    credit = credit_in_rank if step.kind == RANK else credit_in_level
    assert step.credit is not None
    missing = max(step.credit - credit, Decimal(0))
    excess = carried_credit(step.kind, credit, step.credit, carry_rules).amount
    return CreditStanding(step, credit, missing == 0, missing, excess)


# --- Excess credit (kelebihan angka kredit) ---------------------------------------------------------------------


@dataclass(frozen=True)
class Carry:
    """What a promotion's step leaves over and what of it the next step counts, with the rule applied."""

    step: str  # RANK or LEVEL
    counted: Decimal  # the credit the promotion was judged on
    required: Decimal  # what the step asked for
    excess: Decimal  # counted - required, never below 0
    amount: Decimal  # what carries to the next step: the excess where the rule carries it, else 0
    rule: CarryRule

    def summary(self, language: str = "id") -> str:
        """The excess and what carries, without the article ('Kelebihan ...: 10,000, diperhitungkan ...: 10,000.')."""
        excess, amount = format_credit(self.excess, language), format_credit(self.amount, language)
        if language == "en":
            what = "rank promotion" if self.step == RANK else "level promotion"
            verdict = "carried to the next step" if self.rule.carries else "not carried (the count starts again)"
            return f"Excess credit of the {what}: {excess}, {verdict}: {amount}."
        what = "kenaikan pangkat" if self.step == RANK else "kenaikan jenjang"
        verdict = "diperhitungkan untuk kenaikan berikutnya" if self.rule.carries else "tidak dibawa (dihitung dari 0)"
        return f"Kelebihan angka kredit {what}: {excess}, {verdict}: {amount}."

    def basis(self, language: str = "id") -> str:
        """The carried amount with its basis, as the PAK prints it: the summary, the article, whether to confirm."""
        if language == "en":
            confirm = "" if self.rule.confirmed else " (to confirm)"
            return f"{self.summary(language)} Basis: {self.rule.article}{confirm}."
        confirm = "" if self.rule.confirmed else " (perlu dikonfirmasi)"
        return f"{self.summary(language)} Dasar: {self.rule.article}{confirm}."


def carry_rule(step: str, carry_rules: Mapping[str, CarryRule] | None = None) -> CarryRule:
    """The excess rule of a step (RANK or LEVEL); a step without one is refused (HR decides)."""
    rules = carry_rules if carry_rules is not None else default_carry_rules()
    if step not in rules:
        raise UnknownCreditRule(f'Aturan kelebihan angka kredit untuk "{step}" belum ada di tabel; ditetapkan BKD.')
    return rules[step]


def carried_credit(
    step: str, counted: Decimal, required: Decimal, carry_rules: Mapping[str, CarryRule] | None = None
) -> Carry:
    """The credit beyond what a promotion's step asked for, and what of it counts toward the next step.

    Excess rule per step (`excess_credit.csv`, UNCONFIRMED, not in the domain notes): within a level the excess
    of a rank promotion counts toward the next rank promotion (PermenPANRB 1/2023 art. 39; BKN reg. 3/2023
    lampiran, the PAK's "kelebihan/kekurangan" row); a level promotion starts the new level's count at 0
    (PermenPANRB 1/2023 art. 30; BKN's integration model). 60 counted for 50 asked -> 10 carried on a rank step."""
    rule = carry_rule(step, carry_rules)
    excess = max(Decimal(counted) - Decimal(required), Decimal(0))
    return Carry(step, Decimal(counted), Decimal(required), excess, excess if rule.carries else Decimal(0), rule)


@dataclass(frozen=True)
class RankCredit:
    credit: Decimal  # what counts toward the next rank step
    carry: Carry | None  # what the last rank promotion in the level carried in (None: none recorded)


def rank_credit(
    level: str,
    *,
    level_first: dt.date,
    opening: Decimal,
    rank_since: dt.date,
    entries: Iterable[tuple[dt.date, Decimal]],
    promotions: Iterable[tuple[dt.date, str]] = (),
    table: CreditTable | None = None,
    carry_rules: Mapping[str, CarryRule] | None = None,
) -> RankCredit:
    """The credit toward the next rank step in the level held since `level_first` (with `opening` carried in):
    the credit `entries` (first day, amount) earned in the level, and the rank promotions recorded in it
    (`promotions`: TMT, grade promoted from), each leaving its excess to the next by `carried_credit`.

    Without a recorded rank promotion whose TMT is the current rank's (`rank_since`), the credit earned since
    `rank_since` counts (and `opening` when the rank began with the level): no excess is guessed."""
    entries = sorted(entries)
    steps = sorted((date, grade) for date, grade in promotions if level_first < date <= rank_since)
    if not steps or steps[-1][0] != rank_since:
        credit = sum((amount for first, amount in entries if first >= rank_since), Decimal(0))
        return RankCredit(credit + (opening if rank_since <= level_first else Decimal(0)), None)
    pool, since, carry = Decimal(opening), None, None
    for date, grade in steps:
        pool += sum((amount for first, amount in entries if (since is None or first >= since) and first < date), 0)
        try:
            step = next_step(level, grade, table)
        except UnknownCreditRule:
            step = None
        if step is None or step.kind != RANK or step.credit is None:
            pool, carry = Decimal(0), None  # the step is not in the tables: nothing carried is guessed
        else:
            carry = carried_credit(RANK, pool, step.credit, carry_rules)
            pool = carry.amount
        since = date
    pool += sum((amount for first, amount in entries if first >= since), Decimal(0))
    return RankCredit(pool, carry)


def format_credit(value: Decimal, language: str = "id") -> str:
    """18.75 -> '18,750' (Indonesian) or '18.750' (English), always `CREDIT_PLACES` places."""
    value = Decimal(str(value))
    text = f"{value.quantize(Decimal(1).scaleb(-CREDIT_PLACES), rounding=ROUND_HALF_UP):,.{CREDIT_PLACES}f}"
    if language == "id":
        return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text
