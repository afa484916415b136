"""Pure rules of rank promotion (kenaikan pangkat, e-Pangkat): no Django imports.

Sources (domain notes §7 and §12). Values the notes mark "confirm" are data in `Policy` (with their source in
the comment), never constants buried in a rule: a region changes them in settings (LOKET_PROMOTION_POLICY).

API
- `promotion_dates(year)`, `is_promotion_date(day)`, `next_promotion_date(day)`: the promotion dates in force.
- `next_grade(grade)`, `grade_name(grade)`: the rank ladder (hr.grades, PP 99/2000 lampiran).
- `education_code(text)`, `ceiling(education)`: the highest grade a regular promotion reaches with a diploma.
- `regular(facts, on)`, `education_adjustment(facts, on)`: an `Eligibility` with the new grade or *every* reason
  it is refused (codes with Indonesian and English messages).
- `functional(facts, on, credit)`: promotion in a functional position (kind "fungsional"), judged on the credit
  established by signed PAKs (`Credit`, computed by hr/functional) through `functional_credit_reasons`, plus the
  shared checks (PNS, grade, promotion date, penalty, the top of the ladder, ratings, years in rank).
- `level_promotion(facts, on, credit)`: level promotion in a functional post (kind "jenjang"): the next rank is held
  only in the next level, so level and rank rise in one decree once the level's cumulative credit is established.
- `functional_credit_reasons(credit_total, required)`: the credit check itself.
- `needs_bkn_approval(new_grade)`: whether BKN's technical approval (pertimbangan teknis) is needed.
- `salary_after(grade_from, grade_to, mkg_on_date, on)`: the new MKG and base salary (PP 5/2024 table, read by
  hr.kgb.rules, never copied), or the reason it cannot be given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from types import MappingProxyType

from loket.core.dates import long_date
from loket.hr.grades import RANK_NAMES, display_grade
from loket.hr.kgb.rules import GRADES, Mkg, NotInTable, add_months, table_in_force
from loket.hr.kgb.rules import base_salary as table_salary
from loket.hr.kgb.rules import normalize_grade as _normalize_grade
from loket.hr.pension.rules import retired_reason, retires_by
from loket.hr.performance.rules import BAIK, at_least
from loket.hr.performance.rules import label as rating_label


@lru_cache(maxsize=256)
def normalize_grade(grade: str) -> str:
    """hr.kgb.rules.normalize_grade, remembered: a promotion period asks it for every employee, several times."""
    return _normalize_grade(grade)


_GRADE_INDEX = {grade: index for index, grade in enumerate(GRADES)}

# --- promotion dates ----------------------------------------------------------------------------------

# (in force from, months whose 1st day is a promotion date, source). Peraturan BKN 4/2023 (in force for promotions
# from 1 January 2024): six periods a year, 1 Feb, 1 Apr, 1 Jun, 1 Aug, 1 Oct, 1 Dec (not posthumous or long-service
# promotions). Before: PP 99/2000 art. 17 (as amended by PP 12/2002), two periods, 1 April and 1 October (confirm).
PROMOTION_CALENDARS: tuple[tuple[date, tuple[int, ...], str], ...] = (
    (date(2024, 1, 1), (2, 4, 6, 8, 10, 12), "Peraturan BKN 4/2023"),
    (date(2000, 1, 1), (4, 10), "PP 99/2000 pasal 17"),
)


def _calendar_on(day: date) -> tuple[date, tuple[int, ...], str]:
    for calendar in PROMOTION_CALENDARS:
        if day >= calendar[0]:
            return calendar
    raise ValueError(f"Tidak ada ketentuan periode kenaikan pangkat sebelum {long_date(PROMOTION_CALENDARS[-1][0])}.")


@lru_cache(maxsize=64)
def promotion_dates(year: int) -> tuple[date, ...]:
    """The promotion dates of `year` under the calendar in force on 1 January of that year."""
    _since, months, _source = _calendar_on(date(year, 1, 1))
    return tuple(date(year, month, 1) for month in months)


def is_promotion_date(day: date) -> bool:
    return day in promotion_dates(day.year)


def next_promotion_date(day: date) -> date:
    """The first promotion date strictly after `day` (1 Jan 2024 -> 1 Feb 2024; 1 Dec 2023 -> 1 Feb 2024)."""
    for year in (day.year, day.year + 1):
        for candidate in promotion_dates(year):
            if candidate > day:
                return candidate
    # Only a calendar configured without months gets here: say so instead of guessing a date.
    raise ValueError(
        f"Tidak ada tanggal kenaikan pangkat sesudah {long_date(day)}; periksa kalender periode kenaikan pangkat."
    )


def calendar_source(day: date) -> str:
    return _calendar_on(day)[2]


# --- the ladder ---------------------------------------------------------------------------------------


def next_grade(grade: str) -> str | None:
    """Ia -> Ib, …, IId -> IIIa, …, IVd -> IVe; None at IVe or for an unknown grade."""
    grade = normalize_grade(grade)
    if grade not in GRADES or grade == GRADES[-1]:
        return None
    return GRADES[GRADES.index(grade) + 1]


def grade_index(grade: str) -> int:
    return _GRADE_INDEX[normalize_grade(grade)]


def grade_name(grade: str) -> str:
    """'IIIb' -> 'Penata Muda Tingkat I, III/b'."""
    grade = normalize_grade(grade)
    return f"{RANK_NAMES[grade]}, {display_grade(grade)}" if grade in RANK_NAMES else grade


def group_of(grade: str) -> str:
    """'IIIb' -> 'III'."""
    return normalize_grade(grade)[:-1]


# --- education ----------------------------------------------------------------------------------------

SD, SLTP, SLTP_KEJURUAN, SLTA, D1, D2, D3, D4, S1, S2, DOKTER, S3 = (
    "SD",
    "SLTP",
    "SLTP-K",
    "SLTA",
    "D1",
    "D2",
    "D3",
    "D4",
    "S1",
    "S2",
    "DOKTER",
    "S3",
)
EDUCATION_LABELS = {
    SD: "SD",
    SLTP: "SLTP",
    SLTP_KEJURUAN: "SLTP kejuruan",
    SLTA: "SLTA",
    D1: "D-I",
    D2: "D-II",
    D3: "D-III",
    D4: "D-IV",
    S1: "S-1",
    S2: "S-2",
    DOKTER: "dokter",
    S3: "S-3",
}
_EDUCATION_SPELLINGS = {
    "SD": SD,
    "SR": SD,
    "MI": SD,
    "SMP": SLTP,
    "SLTP": SLTP,
    "MTS": SLTP,
    "SMPK": SLTP_KEJURUAN,
    "SLTPK": SLTP_KEJURUAN,
    "SLTPKEJURUAN": SLTP_KEJURUAN,
    "SMA": SLTA,
    "SMU": SLTA,
    "SMK": SLTA,
    "SLTA": SLTA,
    "MA": SLTA,
    "STM": SLTA,
    "SMEA": SLTA,
    "D1": D1,
    "DI": D1,
    "D2": D2,
    "DII": D2,
    "D3": D3,
    "DIII": D3,
    "D4": D4,
    "DIV": D4,
    "S1": S1,
    "SARJANA": S1,
    "S2": S2,
    "MAGISTER": S2,
    "DOKTER": DOKTER,
    "DOKTERGIGI": DOKTER,
    "PROFESI": DOKTER,
    "SPESIALIS": DOKTER,
    "S3": S3,
    "DOKTORAL": S3,
}


def education_code(text: str) -> str | None:
    """'SMA' -> 'SLTA', 'D-III' -> 'D3', 'S-1' -> 'S1', 'dokter' -> 'DOKTER'; None when not recognised."""
    cleaned = "".join(ch for ch in str(text or "").upper() if ch.isalnum())
    return _EDUCATION_SPELLINGS.get(cleaned)


# --- policy (values marked "confirm" in the domain notes) ----------------------------------------------


@dataclass(frozen=True)
class Policy:
    # Regular promotion: at least 4 years in the current rank (PP 99/2000 art. 7 as amended by PP 12/2002; domain
    # notes §7, confirm).
    min_years_in_rank: int = 4
    # Ratings of the last 2 years at least Baik (domain notes §7): the two calendar years before the promotion
    # date's year (the yearly rating of the current year is not set yet, confirm).
    rating_years: int = 2
    min_rating: str = BAIK
    # Highest grade a regular promotion reaches with each diploma (PP 99/2000 art. 18 as amended by PP 12/2002;
    # domain notes §7): SD II/a; SLTP II/c; vocational SLTP II/d; SLTA or D-I III/b; D-II III/b; D-III III/c;
    # S1 or D-IV III/d; S2 or medical doctor IV/a; S3 IV/b.
    ceilings: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType(
            {
                SD: "IIa",
                SLTP: "IIc",
                SLTP_KEJURUAN: "IId",
                SLTA: "IIIb",
                D1: "IIIb",
                D2: "IIIb",
                D3: "IIIc",
                S1: "IIId",
                D4: "IIId",
                S2: "IVa",
                DOKTER: "IVa",
                S3: "IVb",
            }
        )
    )
    # Promotion by education adjustment (penyesuaian ijazah; PP 99/2000 art. 18(2)-(3) as amended, confirm): the
    # grade a new diploma opens — SLTA/D-I II/a, D-II II/b, D-III II/c, S1/D-IV III/a, S2/doctor III/b, S3 III/c —
    # after at least 1 year in the current rank, a rating at least Baik in the last year, a position needing the
    # diploma's knowledge and the adjustment exam (UPKP) passed.
    adjustment_grades: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType(
            {
                SLTA: "IIa",
                D1: "IIa",
                D2: "IIb",
                D3: "IIc",
                S1: "IIIa",
                D4: "IIIa",
                S2: "IIIb",
                DOKTER: "IIIb",
                S3: "IIIc",
            }
        )
    )
    adjustment_min_years_in_rank: int = 1
    adjustment_rating_years: int = 1
    # Promotion in a functional position (kenaikan pangkat pilihan for functional officials; PP 99/2000 art. 8 as
    # amended by PP 12/2002): at least 2 years in the current rank, the credit the next rank asks for (BKN reg.
    # 3/2023 lampiran, hr/functional/rank_credits.csv), ratings at least Baik in the last 2 years (confirm whether
    # the years-in-rank condition still holds under PermenPANRB 1/2023; 0 turns it off).
    functional_min_years_in_rank: int = 2
    functional_rating_years: int = 2
    # BKN technical approval (pertimbangan teknis) for promotions to III/d and above in regions (domain notes §12,
    # confirm the threshold).
    bkn_approval_from: str = "IIId"
    # MKG when a promotion crosses a group (PP 7/1977 art. 8 as amended, confirm): I -> II minus 6 years,
    # II -> III minus 5 years; within a group and III -> IV the MKG carries over.
    mkg_reduction: Mapping[tuple[str, str], int] = field(
        default_factory=lambda: MappingProxyType({("I", "II"): 6, ("II", "III"): 5})
    )


DEFAULT_POLICY = Policy()


def policy_from(overrides: Mapping | None) -> Policy:
    """The default policy with a region's overrides (settings.LOKET_PROMOTION_POLICY), e.g. {"min_years_in_rank": 4}."""
    if not overrides:
        return DEFAULT_POLICY
    unknown = set(overrides) - set(Policy.__dataclass_fields__)
    if unknown:
        raise ValueError(f"Unknown promotion policy keys: {sorted(unknown)}")
    values = {
        key: MappingProxyType(dict(value)) if isinstance(value, Mapping) else value for key, value in overrides.items()
    }
    return Policy(**values)


def ceiling(education: str | None, policy: Policy = DEFAULT_POLICY) -> str | None:
    code = education_code(education) if education else None
    return policy.ceilings.get(code) if code else None


def needs_bkn_approval(new_grade: str, policy: Policy = DEFAULT_POLICY) -> bool:
    return grade_index(new_grade) >= grade_index(policy.bkn_approval_from)


# --- reasons ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    code: str
    id: str  # Indonesian message
    en: str  # English message


NOT_PNS = "not_pns"
UNKNOWN_GRADE = "unknown_grade"
TOP_OF_LADDER = "top_of_ladder"
NO_GRADE_DATE = "no_grade_date"
YEARS_IN_RANK = "years_in_rank"
RATING_MISSING = "rating_missing"
RATING_LOW = "rating_low"
EDUCATION_UNKNOWN = "education_unknown"
CEILING = "ceiling"
DISCIPLINE = "discipline"
NOT_PROMOTION_DATE = "not_promotion_date"
NO_HIGHER_DIPLOMA = "no_higher_diploma"
EXAM_NOT_PASSED = "exam_not_passed"
POSITION_MISMATCH = "position_mismatch"
CREDIT_SHORT = "credit_short"
CREDIT_UNKNOWN = "credit_unknown"
FUNCTIONAL_TOP = "functional_top"
LEVEL_STEP = "level_step"
NOT_LEVEL_STEP = "not_level_step"
COMPETENCE_TEST = "competence_test"
VACANT_POST = "vacant_post"
RETIRING = "retiring"


@dataclass(frozen=True)
class Facts:
    """What the rules read of an employee (the registry's record and the yearly ratings in force)."""

    status: str  # "PNS", "CPNS", "PPPK"
    grade: str
    grade_tmt: date | None
    education: str
    ratings: Mapping[int, str]  # year -> yearly rating in force
    disciplinary_penalty: bool = False
    # Education adjustment only: passed the adjustment exam (UPKP) / the position needs the diploma's knowledge.
    # None: not recorded in Loket — BKD verifies it on the case (not a reason to refuse).
    adjustment_exam_passed: bool | None = None
    diploma_fits_position: bool | None = None


@dataclass(frozen=True)
class Eligibility:
    kind: str  # "reguler" or "ijazah"
    on: date
    grade_from: str
    grade_to: str | None
    reasons: tuple[Reason, ...] = ()
    to_verify: tuple[Reason, ...] = ()  # conditions Loket cannot see, for BKD's verification step

    @property
    def eligible(self) -> bool:
        return not self.reasons and self.grade_to is not None


def retiring(eligibility: Eligibility, pension_date: date | None) -> Eligibility:
    """`eligibility` refused with a cited reason when a live pension file's date (TMT pensiun) is on or before the
    promotion date: the employee leaves the civil service on the pension date (PP 11/2017 art. 250), so no promotion
    takes effect for them on it. Unchanged otherwise (`pension_date` None: no live file)."""
    if not retires_by(pension_date, eligibility.on):
        return eligibility
    return replace(eligibility, reasons=(*eligibility.reasons, Reason(RETIRING, *retired_reason(pension_date))))


def _years_in_rank(facts: Facts, on: date, years: int) -> list[Reason]:
    if facts.grade_tmt is None:
        return [
            Reason(
                NO_GRADE_DATE,
                "TMT pangkat terakhir belum tercatat; perlu dilengkapi BKD.",
                "The date of the current rank is not recorded; the HR office must complete it.",
            )
        ]
    reached = add_months(facts.grade_tmt, 12 * years)
    if reached > on:
        return [
            Reason(
                YEARS_IN_RANK,
                f"Masa dalam pangkat terakhir belum {years} tahun (TMT {long_date(facts.grade_tmt)}; "
                f"terpenuhi {long_date(reached)}).",
                f"Fewer than {years} years in the current rank (since {long_date(facts.grade_tmt, english=True)}; "
                f"reached {long_date(reached, english=True)}).",
            )
        ]
    return []


def _ratings(facts: Facts, on: date, years: int, minimum: str) -> list[Reason]:
    reasons = []
    for year in range(on.year - years, on.year):
        rating = facts.ratings.get(year)
        if not rating:
            reasons.append(
                Reason(
                    RATING_MISSING,
                    f"Predikat kinerja tahun {year} belum tercatat.",
                    f"The performance rating of {year} is not recorded.",
                )
            )
        elif not at_least(rating, minimum):
            reasons.append(
                Reason(
                    RATING_LOW,
                    f'Predikat kinerja tahun {year} "{rating_label(rating)}" di bawah syarat minimal '
                    f'"{rating_label(minimum)}".',
                    f'The performance rating of {year} "{rating_label(rating, english=True)}" is below the '
                    f'minimum "{rating_label(minimum, english=True)}".',
                )
            )
    return reasons


def _common(facts: Facts, on: date) -> tuple[str | None, list[Reason]]:
    """The checks every kind of promotion shares: a PNS in a known grade, on a promotion date, without a penalty."""
    reasons = []
    grade = normalize_grade(facts.grade)
    if facts.status != "PNS":
        reasons.append(
            Reason(
                NOT_PNS,
                "Kenaikan pangkat hanya untuk PNS (bukan CPNS atau PPPK).",
                "Only civil servants (PNS, not CPNS or PPPK) are promoted in rank.",
            )
        )
    if grade not in GRADES:
        reasons.append(
            Reason(UNKNOWN_GRADE, f'Golongan "{facts.grade}" tidak dikenal.', f'Unknown grade "{facts.grade}".')
        )
        grade = None
    if not is_promotion_date(on):
        reasons.append(
            Reason(
                NOT_PROMOTION_DATE,
                f"{long_date(on)} bukan tanggal periode kenaikan pangkat ({calendar_source(on)}).",
                f"{long_date(on, english=True)} is not a promotion date ({calendar_source(on)}).",
            )
        )
    if facts.disciplinary_penalty:
        reasons.append(
            Reason(
                DISCIPLINE,
                "Pegawai sedang menjalani hukuman disiplin (PP 94/2021).",
                "The employee is serving a disciplinary penalty (PP 94/2021).",
            )
        )
    return grade, reasons


def regular(facts: Facts, on: date, policy: Policy = DEFAULT_POLICY) -> Eligibility:
    """Regular promotion (kenaikan pangkat reguler) to the next grade on promotion date `on`: every reason against
    it, not just the first."""
    grade, reasons = _common(facts, on)
    target = next_grade(grade) if grade else None
    if grade and target is None:
        reasons.append(
            Reason(TOP_OF_LADDER, "Sudah pada pangkat tertinggi (IV/e).", "Already at the highest rank (IV/e).")
        )
    reasons += _years_in_rank(facts, on, policy.min_years_in_rank)
    reasons += _ratings(facts, on, policy.rating_years, policy.min_rating)
    top = ceiling(facts.education, policy)
    if top is None:
        reasons.append(
            Reason(
                EDUCATION_UNKNOWN,
                f'Tingkat pendidikan "{facts.education or "-"}" belum tercatat atau tidak dikenal; '
                "batas pangkat tidak dapat ditentukan.",
                f'Education level "{facts.education or "-"}" is missing or unknown; the rank ceiling cannot be set.',
            )
        )
    elif grade and grade_index(grade) >= grade_index(top):
        label = EDUCATION_LABELS[education_code(facts.education)]
        reasons.append(
            Reason(
                CEILING,
                f"Pangkat {display_grade(grade)} sudah mencapai batas tertinggi kenaikan pangkat reguler untuk "
                f"pendidikan {label} ({display_grade(top)}).",
                f"Grade {display_grade(grade)} has reached the regular-promotion ceiling for {label} "
                f"({display_grade(top)}).",
            )
        )
    return Eligibility("reguler", on, grade or facts.grade, target, tuple(reasons))


def education_adjustment(facts: Facts, on: date, policy: Policy = DEFAULT_POLICY) -> Eligibility:
    """Promotion by education adjustment (penyesuaian ijazah): to the grade the employee's diploma opens, when it is
    above their grade. The exam and the position's need for the diploma are reasons only when recorded as not met;
    unrecorded, they are left `to_verify` by BKD."""
    grade, reasons = _common(facts, on)
    code = education_code(facts.education)
    target = policy.adjustment_grades.get(code) if code else None
    if grade and (target is None or grade_index(target) <= grade_index(grade)):
        reasons.append(
            Reason(
                NO_HIGHER_DIPLOMA,
                f"Ijazah {EDUCATION_LABELS.get(code, facts.education or '-')} tidak membuka pangkat di atas "
                f"{display_grade(grade)}.",
                f"The diploma ({EDUCATION_LABELS.get(code, facts.education or '-')}) opens no rank above "
                f"{display_grade(grade)}.",
            )
        )
        target = None
    reasons += _years_in_rank(facts, on, policy.adjustment_min_years_in_rank)
    reasons += _ratings(facts, on, policy.adjustment_rating_years, policy.min_rating)
    to_verify = []
    exam = Reason(
        EXAM_NOT_PASSED,
        "Lulus ujian penyesuaian kenaikan pangkat (UPKP).",
        "Passed the promotion adjustment exam (UPKP).",
    )
    fits = Reason(
        POSITION_MISMATCH,
        "Jabatan atau tugas memerlukan pengetahuan sesuai ijazah.",
        "The position or duties need the diploma's knowledge.",
    )
    for known, reason in ((facts.adjustment_exam_passed, exam), (facts.diploma_fits_position, fits)):
        if known is None:
            to_verify.append(reason)
        elif not known:
            reasons.append(
                Reason(reason.code, f"Belum terpenuhi: {reason.id[0].lower()}{reason.id[1:]}", f"Not met: {reason.en}")
            )
    return Eligibility("ijazah", on, grade or facts.grade, target, tuple(reasons), tuple(to_verify))


def functional_credit_reasons(credit_total: float, required: float) -> tuple[Reason, ...]:
    """Hook for promotion in a functional position (PermenPANRB 1/2023, BKN reg. 3/2023): the credit points gathered
    (`credit_total`, computed by e-Fungsional, hr/functional) against those the next rank requires (`required`).
    Returns the reason it is not met, or nothing."""
    if required < 0 or credit_total < 0:
        raise ValueError("Angka kredit tidak boleh negatif.")
    if credit_total + 1e-9 >= required:
        return ()
    short = required - credit_total

    def number(value: float) -> str:  # Indonesian decimal comma: 12,500
        return f"{value:.3f}".replace(".", ",")

    return (
        Reason(
            CREDIT_SHORT,
            f"Angka kredit {number(credit_total)} belum mencapai {number(required)} yang disyaratkan "
            f"(kurang {number(short)}).",
            f"Credit points {credit_total:.3f} are below the required {required:.3f} (short by {short:.3f}).",
        ),
    )


@dataclass(frozen=True)
class Credit:
    """A functional official's established credit toward their next rank (hr/functional: the credit of signed PAKs
    and credit carried in at appointment; PermenPANRB 1/2023)."""

    counted: float  # the established credit that counts toward the next step
    required: float | None  # what the next step asks for; None at the post's highest level and rank
    to_grade: str  # the rank the next step leads to
    level_step: bool = False  # the next rank needs the next level (kenaikan jenjang) first
    refusal: str = ""  # the credit tables hold no rule (HR decides): shown as the reason
    level: str = ""  # the level of the post held (hr/functional/levels.csv)
    to_level: str = ""  # the level the next step leads to (the same level unless `level_step`)


def functional(facts: Facts, on: date, credit: Credit, policy: Policy = DEFAULT_POLICY) -> Eligibility:
    """Promotion in a functional position (kind "fungsional", PP 99/2000 art. 8 as amended; PermenPANRB 1/2023; BKN
    reg. 3/2023): the shared checks (`_common`: PNS, known grade, promotion date, no penalty), the top of the
    ladder, years in rank and ratings (`policy.functional_*`), and the established credit against what the next
    rank asks for (`functional_credit_reasons`). A next rank that needs the next level is refused until the level
    promotion (its own conditions: competence test and a vacant post) is recorded as a new functional post."""
    grade, reasons = _common(facts, on)
    target = next_grade(grade) if grade else None
    if grade and target is None:
        reasons.append(
            Reason(TOP_OF_LADDER, "Sudah pada pangkat tertinggi (IV/e).", "Already at the highest rank (IV/e).")
        )
    if policy.functional_min_years_in_rank:
        reasons += _years_in_rank(facts, on, policy.functional_min_years_in_rank)
    reasons += _ratings(facts, on, policy.functional_rating_years, policy.min_rating)
    to_verify = []
    if credit.refusal:
        reasons.append(
            Reason(
                CREDIT_UNKNOWN, credit.refusal, "The credit tables hold no rule for this step; the HR office decides."
            )
        )
    elif credit.required is None:
        reasons.append(
            Reason(
                FUNCTIONAL_TOP,
                "Sudah pada jenjang dan pangkat tertinggi jabatan fungsional ini.",
                "Already at the highest level and rank of this functional post.",
            )
        )
    else:
        reasons += functional_credit_reasons(credit.counted, credit.required)
        target = normalize_grade(credit.to_grade) if credit.to_grade else target
        if credit.level_step:
            # The rank beyond the level's highest is held only in the next level (PermenPANRB 1/2023; BKN reg.
            # 3/2023): the level promotion (competence test, a vacant post) is recorded first, then the rank follows.
            reasons.append(
                Reason(
                    LEVEL_STEP,
                    "Pangkat berikutnya berada pada jenjang jabatan yang lebih tinggi: kenaikan jenjang (uji "
                    "kompetensi dan kebutuhan jabatan) dicatat lebih dahulu.",
                    "The next rank belongs to the next level of the post: the level promotion (competence test and "
                    "a vacant post) is recorded first.",
                )
            )
    return Eligibility("fungsional", on, grade or facts.grade, target, tuple(reasons), tuple(to_verify))


# PermenPANRB 1/2023 (kenaikan jenjang jabatan fungsional) with BKN reg. 3/2023 (its lampiran: the cumulative credit
# a level asks for, hr/functional/levels.csv): besides the credit, the official passes the level's competence test
# (uji kompetensi) and the next level has a vacant post in the staffing plan (kebutuhan jabatan). Loket does not hold
# either: BKD verifies them on the case. Article numbers: confirm with the region's BKD.
LEVEL_CONDITIONS = (
    Reason(
        COMPETENCE_TEST,
        "Lulus uji kompetensi untuk jenjang jabatan yang dituju.",
        "Passed the competence test of the next level.",
    ),
    Reason(
        VACANT_POST,
        "Tersedia kebutuhan jabatan (formasi) pada jenjang yang dituju.",
        "A vacant post of the next level in the staffing plan.",
    ),
)


def level_promotion(facts: Facts, on: date, credit: Credit, policy: Policy = DEFAULT_POLICY) -> Eligibility:
    """Level promotion in a functional post (kenaikan jenjang, kind "jenjang"; PermenPANRB 1/2023, BKN reg. 3/2023):
    at the level's highest rank the next rank is held only in the next level (`credit.level_step`), so both rise in
    one decree from a promotion date once the credit established by signed PAKs reaches what the level asks for
    (`credit.required`, levels.csv: ahli pertama → ahli muda 100, ahli muda → ahli madya 200, ahli madya → ahli
    utama 450, to confirm). The shared checks (`_common`), years in rank and ratings are those of a functional
    promotion (`policy.functional_*`); the competence test and the vacant post are BKD's to verify
    (`LEVEL_CONDITIONS`). Not a level step (a rank step within the level, the top, an unknown rule): refused."""
    grade, reasons = _common(facts, on)
    if credit.refusal:
        reasons.append(
            Reason(
                CREDIT_UNKNOWN, credit.refusal, "The credit tables hold no rule for this step; the HR office decides."
            )
        )
        return Eligibility("jenjang", on, grade or facts.grade, None, tuple(reasons))
    if credit.required is None or not credit.level_step or not credit.to_level:
        reasons.append(
            Reason(
                NOT_LEVEL_STEP,
                "Langkah berikutnya bukan kenaikan jenjang (pangkat berikutnya masih dalam jenjang ini, atau jenjang "
                "tertinggi sudah dicapai).",
                "The next step is not a level promotion (the next rank is within this level, or the top is reached).",
            )
        )
        return Eligibility("jenjang", on, grade or facts.grade, None, tuple(reasons))
    if policy.functional_min_years_in_rank:
        reasons += _years_in_rank(facts, on, policy.functional_min_years_in_rank)
    reasons += _ratings(facts, on, policy.functional_rating_years, policy.min_rating)
    reasons += functional_credit_reasons(credit.counted, credit.required)
    target = normalize_grade(credit.to_grade) if credit.to_grade else None
    return Eligibility("jenjang", on, grade or facts.grade, target, tuple(reasons), LEVEL_CONDITIONS)


# --- salary in the new grade --------------------------------------------------------------------------


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end` (a month counts when its day is reached)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


def mkg_on(mkg_at_salary_date: Mkg | tuple[int, int], salary_date: date, on: date) -> Mkg:
    """MKG on `on`, from the MKG the last salary decree states on its TMT."""
    mkg = Mkg.of(mkg_at_salary_date)
    return Mkg.from_months(mkg.total_months + max(0, months_between(salary_date, on)))


def new_mkg(grade_from: str, grade_to: str, mkg: Mkg, policy: Policy = DEFAULT_POLICY) -> Mkg:
    """The MKG in the new grade: reduced when the promotion crosses into a higher group (policy.mkg_reduction)."""
    reduction = 0
    first, last = group_of(grade_from), group_of(grade_to)
    groups = ("I", "II", "III", "IV")
    for index in range(groups.index(first), groups.index(last)):
        reduction += policy.mkg_reduction.get((groups[index], groups[index + 1]), 0)
    if mkg.total_months < reduction * 12:
        raise NotInTable(
            f"Masa kerja golongan {mkg.years} tahun {mkg.months} bulan kurang dari pengurangan {reduction} tahun "
            f"saat pindah golongan {first} ke {last}; perlu ditinjau BKD."
        )
    return Mkg.from_months(mkg.total_months - reduction * 12)


@dataclass(frozen=True)
class SalaryAfter:
    mkg: Mkg | None
    current_salary: int | None
    new_salary: int | None
    regulation: str | None
    refusal: str = ""  # why the table cannot give it (HR decides; never guessed)


def salary_after(
    grade_from: str,
    grade_to: str,
    mkg_on_date: Mkg | tuple[int, int],
    on: date,
    *,
    cpns: bool = False,
    policy: Policy = DEFAULT_POLICY,
) -> SalaryAfter:
    """The base salary before and after promotion on `on`, from the table in force then (PP 5/2024 since 2024)."""
    mkg = Mkg.of(mkg_on_date)
    try:
        after = new_mkg(grade_from, grade_to, mkg, policy)
        table = table_in_force(on)
        return SalaryAfter(
            after,
            table_salary(grade_from, mkg.years, on, cpns=cpns),
            table_salary(grade_to, after.years, on, cpns=cpns),
            table.regulation,
        )
    except NotInTable as refusal:
        return SalaryAfter(None, None, None, None, refusal.message)
