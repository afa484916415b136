"""Pure rules of performance ratings (predikat kinerja): no Django imports.

PermenPANRB 6/2022 (Pengelolaan Kinerja Pegawai ASN) art. 38–40 and lampiran: the yearly rating (predikat kinerja
pegawai) is one of Sangat Baik, Baik, Butuh Perbaikan, Kurang, Sangat Kurang, set by the direct superior from the
employee's SKP. Periodic ratings (monthly or quarterly, at the agency's choice — confirm) are kept beside the yearly
one; rules that read "the rating of year Y" (KGB, promotion, credit points) read the yearly one.
"""

from __future__ import annotations

from collections.abc import Iterable

from loket.hr.kgb.rules import PERFORMANCE_RANK

# The five ratings, best first, as stored (lower case, the spelling of `Employee.performance` and of
# hr.kgb.rules.PERFORMANCE_RANK, which the KGB and promotion rules compare with).
SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG = (
    "sangat baik",
    "baik",
    "butuh perbaikan",
    "kurang",
    "sangat kurang",
)
RATINGS: tuple[str, ...] = (SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG)
RATING_LABELS: dict[str, tuple[str, str]] = {
    SANGAT_BAIK: ("Sangat Baik", "Very good"),
    BAIK: ("Baik", "Good"),
    BUTUH_PERBAIKAN: ("Butuh Perbaikan", "Needs improvement"),
    KURANG: ("Kurang", "Poor"),
    SANGAT_KURANG: ("Sangat Kurang", "Very poor"),
}

YEARLY = "tahunan"
# Periodic ratings within a year (PermenPANRB 6/2022 art. 38: periodic assessment, monthly or quarterly at the
# agency's choice; Loket keeps quarters and half-years — confirm which the region uses).
PERIODS: dict[str, tuple[str, str]] = {
    YEARLY: ("Tahunan", "Yearly"),
    "tw1": ("Triwulan I", "Quarter 1"),
    "tw2": ("Triwulan II", "Quarter 2"),
    "tw3": ("Triwulan III", "Quarter 3"),
    "tw4": ("Triwulan IV", "Quarter 4"),
    "sm1": ("Semester I", "First half"),
    "sm2": ("Semester II", "Second half"),
}

# PermenPANRB 6/2022 took effect in 2022; earlier SKP years (PP 46/2011 scale: sangat baik, baik, cukup, kurang,
# buruk) may still be recorded by import, the ladder maps them (hr.kgb.rules.PERFORMANCE_RANK).
FIRST_YEAR = 2015
OLD_SCALE = ("cukup", "buruk")

_SPELLINGS = {
    "sb": SANGAT_BAIK,
    "b": BAIK,
    "bp": BUTUH_PERBAIKAN,
    "k": KURANG,
    "sk": SANGAT_KURANG,
    "very good": SANGAT_BAIK,
    "good": BAIK,
    "needs improvement": BUTUH_PERBAIKAN,
    "poor": KURANG,
    "very poor": SANGAT_KURANG,
}


def parse_rating(text: str, *, year: int | None = None) -> str:
    """'Sangat Baik', 'SANGAT_BAIK', 'sangat-baik', 'SB' -> 'sangat baik'; the old scale's 'cukup' and 'buruk' only
    for years before 2022. Raises ValueError with an Indonesian message."""
    cleaned = " ".join(str(text or "").replace("_", " ").replace("-", " ").lower().split())
    cleaned = _SPELLINGS.get(cleaned, cleaned)
    if cleaned in RATINGS:
        return cleaned
    if cleaned in OLD_SCALE and year is not None and year < 2022:
        return cleaned
    raise ValueError(
        f'Predikat kinerja "{text}" tidak dikenal; gunakan Sangat Baik, Baik, Butuh Perbaikan, Kurang, '
        "atau Sangat Kurang (PermenPANRB 6/2022)."
    )


def parse_period(text: str) -> str:
    cleaned = str(text or "").strip().lower() or YEARLY
    if cleaned in PERIODS:
        return cleaned
    by_label = {label.lower(): code for code, (label, _english) in PERIODS.items()}
    if cleaned in by_label:
        return by_label[cleaned]
    raise ValueError(f'Periode "{text}" tidak dikenal; gunakan tahunan, tw1–tw4, atau sm1–sm2.')


def check_year(year: int, this_year: int) -> None:
    """A rating is for a year that has begun: FIRST_YEAR .. this year."""
    if not FIRST_YEAR <= year <= this_year:
        raise ValueError(f"Tahun penilaian harus antara {FIRST_YEAR} dan {this_year}.")


def at_least(rating: str | None, minimum: str) -> bool:
    """Whether `rating` is `minimum` or better (unknown or missing: False)."""
    rank = PERFORMANCE_RANK.get((rating or "").strip().lower())
    return rank is not None and rank >= PERFORMANCE_RANK[minimum]


def current(entries: Iterable[tuple[int, str, str]]) -> dict[tuple[int, str], str]:
    """(year, period) -> the rating in force, from entries (year, period, rating) given oldest first: a later
    entry for the same year and period replaces an earlier one (history is kept, the latest counts)."""
    found: dict[tuple[int, str], str] = {}
    for year, period, rating in entries:
        found[(year, period)] = rating
    return found


def latest_yearly(entries: Iterable[tuple[int, str, str]]) -> str:
    """The rating `Employee.performance` follows: the yearly rating of the latest rated year ('' if none)."""
    yearly = {year: rating for (year, period), rating in current(entries).items() if period == YEARLY}
    return yearly[max(yearly)] if yearly else ""


def label(rating: str, *, english: bool = False) -> str:
    pair = RATING_LABELS.get(rating)
    if pair is None:
        return rating.capitalize()
    return pair[1] if english else pair[0]
