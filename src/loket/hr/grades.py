"""Pure civil-service grade data (no Django imports): golongan Ia–IVe with pangkat names, PPPK grades.

Sources: PP 7/1977 lampiran I and PP 99/2000 (pangkat ladder, domain notes §7); PP 49/2018 art. 1 and
Perpres 98/2020 (PPPK grades I–XVII); PP 11/2017 (position types) as restated by UU 20/2023.
"""

from loket.hr.kgb.rules import GRADES as PNS_GRADES
from loket.hr.kgb.rules import normalize_grade

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

# Perpres 98/2020 lampiran: PPPK grades I..XVII.
PPPK_GRADES: tuple[str, ...] = (
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
)

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
