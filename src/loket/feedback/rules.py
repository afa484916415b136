"""Pure rules of the citizen satisfaction survey (SKM) and index (IKM) — no Django imports.

PermenPANRB 14/2017 (Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan
Publik) prescribes nine survey elements scored 1–4, the per-element average NRR, the weighted
index with weight 1/9 and its conversion to the 25–100 scale, the four quality grades A–D, and
the Krejcie & Morgan sample size. See /work/shared/domain/README.md section 2.

Exactness and rounding decisions (documented once, tested in tests/feedback/test_ikm_rules.py):

* All arithmetic is exact (``fractions.Fraction``). The regulation prints the weight as 0.111; we
  use the exact 1/9, so all-4 answers give exactly 100 and the worked example exactly 955/261 × 25.
* Values are rounded only for display and for grading, always to 2 decimals with ROUND_HALF_UP
  (``round_half_up``), never with float/banker's rounding.
* Grading compares the converted value *rounded to 2 decimals* against the printed 2-decimal
  interval bounds, so nothing falls between intervals: 64.995 → 65.00 → C, 76.605 → 76.61 → B,
  88.305 → 88.31 → A, while 64.99499… → 64.99 → D.
* Grading always uses the converted (25–100) value; the regulation's 1–4 scale bounds (2.60,
  3.0644, 3.5324) are those converted bounds divided by 25 and are not used separately.
"""

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from numbers import Integral

# PermenPANRB 14/2017 lampiran: the nine survey elements (unsur), order as in the project's domain notes.
ELEMENTS: tuple[tuple[str, str, str], ...] = (
    ("U1", "Persyaratan", "Requirements"),
    ("U2", "Sistem, mekanisme, dan prosedur", "System, mechanism and procedure"),
    ("U3", "Waktu penyelesaian", "Service time"),
    ("U4", "Biaya/tarif", "Fee/tariff"),
    ("U5", "Produk spesifikasi jenis pelayanan", "Product specification of the service"),
    ("U6", "Kompetensi pelaksana", "Officer competence"),
    ("U7", "Perilaku pelaksana", "Officer behaviour"),
    ("U8", "Sarana dan prasarana", "Facilities and infrastructure"),
    ("U9", "Penanganan pengaduan, saran dan masukan", "Handling of complaints, suggestions and input"),
)
ELEMENT_CODES = tuple(code for code, *_ in ELEMENTS)
ELEMENT_COUNT = len(ELEMENTS)

# PermenPANRB 14/2017 lampiran: every element is answered on a 4-point scale (1 = worst, 4 = best).
MIN_SCORE, MAX_SCORE = 1, 4
# PermenPANRB 14/2017 lampiran: weight per element = 1 / number of elements (printed rounded as 0.111).
WEIGHT = Fraction(1, ELEMENT_COUNT)
# PermenPANRB 14/2017 lampiran: unit IKM × 25 converts the 1–4 value to the 25–100 scale.
CONVERSION_FACTOR = 25
DISPLAY_PLACES = 2


@dataclass(frozen=True)
class Grade:
    letter: str
    label: str
    label_en: str
    lower: Decimal  # inclusive, on the converted scale, as printed (2 decimals)
    upper: Decimal  # inclusive


# PermenPANRB 14/2017 lampiran (nilai persepsi, interval konversi IKM, mutu pelayanan, kinerja unit).
GRADES: tuple[Grade, ...] = (
    Grade("A", "Sangat baik", "Very good", Decimal("88.31"), Decimal("100.00")),
    Grade("B", "Baik", "Good", Decimal("76.61"), Decimal("88.30")),
    Grade("C", "Kurang baik", "Less than good", Decimal("65.00"), Decimal("76.60")),
    Grade("D", "Tidak baik", "Not good", Decimal("25.00"), Decimal("64.99")),
)

# Krejcie & Morgan (1970), cited by PermenPANRB 14/2017 lampiran for the minimum sample.
CHI_SQUARE = Fraction("3.841")  # χ² for 1 degree of freedom at 95 % confidence
PROPORTION = Fraction(1, 2)  # P, the population proportion that maximises the sample
MARGIN = Fraction("0.05")  # d, the accepted error


def round_half_up(value, places: int = DISPLAY_PLACES) -> Decimal:
    """Round an exact number to ``places`` decimals, halves away from zero (Decimal ROUND_HALF_UP)."""
    exact = _exact(value)
    scaled = abs(exact) * 10**places
    units = math.floor(scaled + Fraction(1, 2))
    return Decimal(-units if exact < 0 else units).scaleb(-places)


def grade_for(index) -> Grade:
    """Grade of a converted (25–100) IKM value.

    The value (int, Fraction, Decimal, or float taken by its shortest decimal form, so 76.605
    means 76.605) is rounded to 2 decimals half-up and compared with the printed inclusive bounds:
    64.995 grades C, 76.605 grades B, 88.305 grades A.
    """
    rounded = round_half_up(index)
    for grade in GRADES:
        if grade.lower <= rounded <= grade.upper:
            return grade
    raise ValueError(f"Nilai IKM {rounded} di luar rentang 25,00–100,00.")


@dataclass(frozen=True)
class IkmResult:
    respondents: int
    elements: tuple[Fraction, ...]  # NRR per element U1..U9 on the 1–4 scale, exact
    raw: Fraction  # unit IKM on the 1–4 scale, exact
    index: Fraction  # unit IKM on the 25–100 scale, exact
    grade: str
    label: str
    label_en: str

    @property
    def index_display(self) -> Decimal:
        return round_half_up(self.index)

    @property
    def raw_display(self) -> Decimal:
        # The regulation prints 1–4 scale values with 4 decimals (e.g. 3.0644).
        return round_half_up(self.raw, 4)

    @property
    def elements_display(self) -> tuple[Decimal, ...]:
        return tuple(round_half_up(value) for value in self.elements)


def ikm(responses) -> IkmResult:
    """IKM of a set of survey responses, each a sequence of 9 integer scores 1–4 (U1..U9)."""
    rows = _rows(responses)
    totals = [0] * ELEMENT_COUNT
    for number, row in enumerate(rows, start=1):
        for position, score in enumerate(_scores(row, number)):
            totals[position] += score
    return ikm_from_totals(totals, len(rows))


def ikm_from_totals(totals, respondents: int) -> IkmResult:
    """IKM from per-element score totals (as kept in summary tables) and the respondent count."""
    if isinstance(respondents, bool) or not isinstance(respondents, Integral):
        raise ValueError("Jumlah responden harus berupa bilangan bulat.")
    if respondents < 1:
        raise ValueError("Belum ada tanggapan survei; IKM tidak dapat dihitung.")
    totals = _totals(totals, int(respondents))
    # PermenPANRB 14/2017 lampiran: NRR per element = total score / number of respondents.
    elements = tuple(Fraction(total, respondents) for total in totals)
    # PermenPANRB 14/2017 lampiran: IKM = Σ (NRR_i × weight); converted value = IKM × 25.
    raw = sum((value * WEIGHT for value in elements), Fraction(0))
    index = raw * CONVERSION_FACTOR
    grade = grade_for(index)
    return IkmResult(
        respondents=int(respondents),
        elements=elements,
        raw=raw,
        index=index,
        grade=grade.letter,
        label=grade.label,
        label_en=grade.label_en,
    )


def sample_size(population: int) -> int:
    """Minimum number of respondents for a population (Krejcie & Morgan).

    S = χ²·N·P(1−P) / (d²·(N−1) + χ²·P(1−P)) with χ² = 3.841, P = 0.5, d = 0.05, computed exactly
    and rounded to the *nearest* whole respondent (halves up). Rounding up instead would give
    15, 20, 45 and 218 for N = 15, 20, 50 and 500, where the published table has 14, 19, 44 and
    217; nearest rounding reproduces the table (and 80, 278, 370, 384 for 100 … 1,000,000).
    """
    if isinstance(population, bool) or not isinstance(population, Integral):
        raise ValueError("Jumlah populasi harus berupa bilangan bulat.")
    if population < 0:
        raise ValueError("Jumlah populasi tidak boleh negatif.")
    variance = CHI_SQUARE * PROPORTION * (1 - PROPORTION)
    exact = variance * population / (MARGIN**2 * (population - 1) + variance)
    return math.floor(exact + Fraction(1, 2))


@dataclass(frozen=True)
class SampleAdequacy:
    required: int
    respondents: int
    adequate: bool
    share: Fraction  # respondents / required, not capped (3/2 = 150 %); 1 when nothing is required

    @property
    def percent(self) -> Decimal:
        return round_half_up(self.share * 100, 1)


def sample_adequacy(respondents: int, population: int) -> SampleAdequacy:
    """Whether the respondents reach the Krejcie & Morgan minimum for the population served."""
    if isinstance(respondents, bool) or not isinstance(respondents, Integral):
        raise ValueError("Jumlah responden harus berupa bilangan bulat.")
    if respondents < 0:
        raise ValueError("Jumlah responden tidak boleh negatif.")
    required = sample_size(population)
    share = Fraction(respondents, required) if required else Fraction(1)
    return SampleAdequacy(
        required=required,
        respondents=int(respondents),
        adequate=respondents >= required,
        share=share,
    )


def _exact(value) -> Fraction:
    if isinstance(value, bool):
        raise ValueError("Nilai harus berupa angka, bukan benar/salah.")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("Nilai harus berupa angka terhingga.")
        return Fraction(Decimal(repr(value)))  # the decimal the float was written as
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("Nilai harus berupa angka terhingga.")
        return Fraction(value)
    if isinstance(value, (Integral, Fraction)):
        return Fraction(value)
    raise ValueError(f"Nilai harus berupa angka, bukan {value!r}.")


def _rows(responses) -> tuple:
    if isinstance(responses, (str, bytes)):
        raise ValueError("Tanggapan survei harus berupa daftar tanggapan.")
    try:
        rows = tuple(responses)
    except TypeError:
        raise ValueError("Tanggapan survei harus berupa daftar tanggapan.") from None
    if not rows:
        raise ValueError("Belum ada tanggapan survei; IKM tidak dapat dihitung.")
    return rows


def _scores(row, number: int) -> tuple[int, ...]:
    if isinstance(row, (str, bytes)):
        raise ValueError(f"Tanggapan ke-{number} harus berupa daftar 9 nilai unsur (U1–U9).")
    try:
        scores = tuple(row)
    except TypeError:
        raise ValueError(f"Tanggapan ke-{number} harus berupa daftar 9 nilai unsur (U1–U9).") from None
    if len(scores) != ELEMENT_COUNT:
        raise ValueError(f"Tanggapan ke-{number} harus berisi tepat 9 nilai unsur (U1–U9), bukan {len(scores)}.")
    for code, score in zip(ELEMENT_CODES, scores):
        if isinstance(score, bool) or not isinstance(score, Integral) or not MIN_SCORE <= score <= MAX_SCORE:
            raise ValueError(f"Nilai {code} pada tanggapan ke-{number} harus bilangan bulat 1–4, bukan {score!r}.")
    return tuple(int(score) for score in scores)


def _totals(totals, respondents: int) -> tuple[int, ...]:
    totals = tuple(totals)
    if len(totals) != ELEMENT_COUNT:
        raise ValueError(f"Jumlah nilai harus ada untuk tepat 9 unsur (U1–U9), bukan {len(totals)}.")
    for code, total in zip(ELEMENT_CODES, totals):
        valid = isinstance(total, Integral) and not isinstance(total, bool)
        if not valid or not MIN_SCORE * respondents <= total <= MAX_SCORE * respondents:
            raise ValueError(
                f"Jumlah nilai {code} harus bilangan bulat antara {MIN_SCORE * respondents} "
                f"dan {MAX_SCORE * respondents} untuk {respondents} responden, bukan {total!r}."
            )
    return tuple(int(total) for total in totals)


def response_scores(row) -> tuple[int, ...]:
    """One response's nine scores U1..U9, validated (integers 1–4); ValueError otherwise."""
    return _scores(row, 1)
