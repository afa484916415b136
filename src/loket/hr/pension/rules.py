"""Pure rules for the retirement age (batas usia pensiun, BUP) and pension dates. No Django imports.

API
- `bup_age(position_type, level=None, *, statute_post=None) -> int`: the BUP in years.
- `pension_start(birth_date, bup_age) -> date`: the 1st of the month after the birth month, in the
  year the age is reached.
- `file_start(pension_date, months_ahead=PENSION_FILE_MONTHS_AHEAD) -> date`: when to open the file.
Unknown positions raise `UnknownPosition` (Indonesian message): the BUP is never guessed.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from loket.core.errors import LoketError

# Position types as in the employee registry (UU 20/2023: managerial JPT and administrative posts,
# and functional posts).
JPT = "jpt"
ADMINISTRATOR = "administrator"
PENGAWAS = "pengawas"
PELAKSANA = "pelaksana"
FUNGSIONAL = "fungsional"
POSITION_TYPES = (JPT, ADMINISTRATOR, PENGAWAS, PELAKSANA, FUNGSIONAL)

# Functional levels: expert (keahlian) and skilled (keterampilan) tracks.
AHLI_PERTAMA, AHLI_MUDA, AHLI_MADYA, AHLI_UTAMA = "ahli_pertama", "ahli_muda", "ahli_madya", "ahli_utama"
PEMULA, TERAMPIL, MAHIR, PENYELIA = "pemula", "terampil", "mahir", "penyelia"

ADMINISTRATIVE_BUP = 58  # PP 11/2017 art. 239(2)(a): administrative posts (administrator, pengawas, pelaksana)
JPT_BUP = 60  # PP 11/2017 art. 239(2)(b): senior executive (JPT) posts

FUNCTIONAL_BUP: Mapping[str, int] = MappingProxyType(
    {
        AHLI_PERTAMA: 58,  # PP 11/2017 art. 239(2)(a): first-level expert
        AHLI_MUDA: 58,  # PP 11/2017 art. 239(2)(a): junior expert
        AHLI_MADYA: 60,  # PP 11/2017 art. 239(2)(b): intermediate expert
        AHLI_UTAMA: 65,  # PP 11/2017 art. 239(2)(c): principal expert
        PEMULA: 58,  # PP 11/2017 art. 239(2)(a): skilled functional posts (all levels)
        TERAMPIL: 58,
        MAHIR: 58,
        PENYELIA: 58,
    }
)

# PP 11/2017 art. 240: functional posts whose BUP a statute sets follow that statute (UU 14/2005 for
# teachers and lecturers). Ages "(confirm)" in the domain notes: configurable data, not code.
GURU, DOSEN, PROFESOR = "guru", "dosen", "profesor"
STATUTE_BUP: Mapping[str, int] = MappingProxyType(
    {
        GURU: 60,  # teachers (confirm)
        DOSEN: 65,  # lecturers (confirm)
        PROFESOR: 70,  # professors (confirm)
    }
)

# How many months before the pension date the file is started: 12 or 15, not confirmed; configurable.
PENSION_FILE_MONTHS_AHEAD = 15


class UnknownPosition(LoketError):
    """The position does not map to a retirement age; HR must decide."""


def bup_age(position_type: str, level: str | None = None, *, statute_post: str | None = None) -> int:
    """Retirement age for a position. `statute_post` (guru, dosen, profesor) wins when given."""
    if statute_post is not None:
        # PP 11/2017 art. 240: a statute-set age applies to those functional posts.
        if statute_post not in STATUTE_BUP:
            raise UnknownPosition(f'Jabatan "{statute_post}" tidak memiliki batas usia pensiun yang dikenal.')
        return STATUTE_BUP[statute_post]
    if position_type == JPT:
        return JPT_BUP
    if position_type in (ADMINISTRATOR, PENGAWAS, PELAKSANA):
        return ADMINISTRATIVE_BUP
    if position_type == FUNGSIONAL:
        if level not in FUNCTIONAL_BUP:
            raise UnknownPosition(
                f'Jenjang jabatan fungsional "{level}" tidak dikenal; batas usia pensiun perlu ditinjau BKD.'
            )
        return FUNCTIONAL_BUP[level]
    raise UnknownPosition(f'Jenis jabatan "{position_type}" tidak dikenal; batas usia pensiun perlu ditinjau BKD.')


def pension_start(birth_date: date, bup_age: int) -> date:
    """1st of the month after the birth month, in the year `bup_age` is reached (born May -> 1 June).

    Domain notes §6 (PP 11/2017 arts. 239-240; the article fixing this start date is not confirmed).
    Only the birth month matters, so 29 February needs no special case.
    """
    if bup_age <= 0:
        raise ValueError("Batas usia pensiun harus lebih dari 0 tahun.")
    year = birth_date.year + bup_age
    if birth_date.month == 12:
        return date(year + 1, 1, 1)
    return date(year, birth_date.month + 1, 1)


def file_start(pension_date: date, months_ahead: int = PENSION_FILE_MONTHS_AHEAD) -> date:
    """The date `months_ahead` months before the pension date (same day, clamped to month end)."""
    if months_ahead < 0:
        raise ValueError("Jumlah bulan sebelum pensiun tidak boleh negatif.")
    index = pension_date.year * 12 + pension_date.month - 1 - months_ahead
    year, month0 = divmod(index, 12)
    return date(year, month0 + 1, min(pension_date.day, calendar.monthrange(year, month0 + 1)[1]))
