"""Pure civil-service grade data (no Django imports): golongan Ia–IVe with pangkat names, PPPK grades.

Sources: PP 7/1977 lampiran I and PP 99/2000 (pangkat ladder, domain notes §7); PP 49/2018 art. 1 and
Perpres 98/2020 (PPPK grades I–XVII, `pppk_grades.csv`: each row with its source, to confirm); PP 11/2017 (position types) as restated by UU 20/2023.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from loket.hr.kgb.rules import GRADES as PNS_GRADES
from loket.hr.kgb.rules import normalize_grade

HERE = Path(__file__).resolve().parent

# PP 99/2000 lampiran: the pangkat of each golongan/ruang.
RANK_NAMES: dict[str, str] = {
    "Ia": "Juru Muda",
    "Ib": "Juru Muda Tingkat I",
    "Ic": "Juru",
    "Id": "Juru Tingkat I",
    "IIa": "Pengatur Muda",
    "IIb": "Pengatur Muda Tingkat I",
    "IIc": "Pengatur",
    "IId": "Pengatur Tingkat I",
    "IIIa": "Penata Muda",
    "IIIb": "Penata Muda Tingkat I",
    "IIIc": "Penata",
    "IIId": "Penata Tingkat I",
    "IVa": "Pembina",
    "IVb": "Pembina Tingkat I",
    "IVc": "Pembina Utama Muda",
    "IVd": "Pembina Utama Madya",
    "IVe": "Pembina Utama",
}


@dataclass(frozen=True)
class PppkGrade:
    grade: str
    confirmed: bool
    source: str


def parse_pppk_grades(text: str) -> tuple[PppkGrade, ...]:
    """`pppk_grades.csv` (grade, confirmed, source) in ladder order; a row without its source, a grade that is not
    a Roman numeral of the ladder or a grade twice raises ValueError naming the row."""
    rows: list[PppkGrade] = []
    for number, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        try:
            item = PppkGrade(
                row["grade"].strip(),
                row["confirmed"].strip().lower() in {"yes", "ya", "true", "1"},
                row["source"].strip(),
            )
        except (KeyError, AttributeError) as error:
            raise ValueError(f"pppk_grades.csv row {number}: {error!r}") from error
        if not item.source:
            raise ValueError(f"pppk_grades.csv row {number}: the source is required")
        if not item.grade or set(item.grade) - set("IVX") or item.grade in {r.grade for r in rows}:
            raise ValueError(f"pppk_grades.csv row {number}: grade {item.grade!r} unknown or repeated")
        rows.append(item)
    return tuple(rows)


# Perpres 98/2020 lampiran: PPPK grades I..XVII, as data with their source (pppk_grades.csv; UNCONFIRMED: the domain
# notes do not list them).
PPPK_GRADE_TABLE: tuple[PppkGrade, ...] = parse_pppk_grades((HERE / "pppk_grades.csv").read_text("utf-8"))
PPPK_GRADES: tuple[str, ...] = tuple(row.grade for row in PPPK_GRADE_TABLE)

assert set(RANK_NAMES) == set(PNS_GRADES)


def clean_grade(value: str, status: str) -> str:
    """Normalize a grade as written in SIASN exports ("III/a", "IIIA", "III a"; PPPK "IX") or raise ValueError."""
    text = str(value or "").strip()
    if status == "PPPK":
        roman = text.upper().replace("GOLONGAN", "").strip()
        if roman not in PPPK_GRADES:
            raise ValueError(f'Golongan PPPK "{text}" tidak dikenal (I sampai XVII).')
        return roman
    grade = normalize_grade(text)
    if grade not in RANK_NAMES:
        raise ValueError(f'Golongan "{text}" tidak dikenal (Ia sampai IVe, misalnya III/a).')
    return grade


def display_grade(grade: str) -> str:
    """'IIIa' -> 'III/a'; PPPK grades are shown as they are."""
    if grade in RANK_NAMES:
        return f"{grade[:-1]}/{grade[-1]}"
    return grade


def rank_label(grade: str) -> str:
    """'Penata Muda, III/a' for PNS grades; 'Golongan IX (PPPK)' otherwise."""
    if grade in RANK_NAMES:
        return f"{RANK_NAMES[grade]}, {display_grade(grade)}"
    return f"Golongan {grade} (PPPK)" if grade else ""
