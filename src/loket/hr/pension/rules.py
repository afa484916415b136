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

from loket.core.dates import long_date
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


# --- pension dates for the other grounds ------------------------------------------------------------
# PP 11/2017 art. 250: a PNS is dismissed with honour on death, on request, on reaching the BUP, on downsizing or
# on physical or mental incapacity; UU 11/1969 governs the pension. The start dates below are those the domain notes
# give for the age limit, applied to the other grounds (confirm): the 1st of the month after the event's month.


def first_of_next_month(day: date) -> date:
    """The 1st of the month after `day`'s month (31 December -> 1 January)."""
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def death_pension_start(death_date: date) -> date:
    """Widow's/widower's pension: from the 1st of the month after the death (UU 11/1969; article and start date to confirm)."""
    return first_of_next_month(death_date)


def incapacity_pension_start(finding_date: date) -> date:
    """Incapacity (PP 11/2017 art. 250(e)): from the 1st of the month after the medical team's finding (confirm)."""
    return first_of_next_month(finding_date)


RETIRED_SOURCE = "PP 11/2017 Pasal 250 huruf b, c dan e"
RETIRED_SOURCE_EN = "PP 11/2017 art. 250(b), (c) and (e)"


def retires_by(pension_date: date | None, on: date) -> bool:
    """True when a live pension file's date (TMT pensiun) is on or before `on`: the PNS is dismissed with honour
    and leaves the civil service on the pension date (PP 11/2017 art. 250), so nothing takes effect for them on
    `on` (no periodic increase, no promotion). None (no live file): False."""
    return pension_date is not None and pension_date <= on


def retired_reason(pension_date: date) -> tuple[str, str]:
    """The cited reason, in Indonesian and English, that an employee retiring on `pension_date` gets nothing
    that takes effect on or after it."""
    return (
        f"Pegawai pensiun TMT {long_date(pension_date)} dan berhenti sebagai PNS pada tanggal itu ({RETIRED_SOURCE}).",
        f"The employee retires from {long_date(pension_date, english=True)} and leaves the civil service on that day "
        f"({RETIRED_SOURCE_EN}).",
    )


def age_on(birth_date: date, on: date) -> int:
    """Whole years of age on `on`."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def service_on(service_start: date, on: date) -> tuple[int, int]:
    """Pensionable service (masa kerja) from TMT CPNS to `on`, in whole years and months."""
    if on < service_start:
        return (0, 0)
    months = (on.year - service_start.year) * 12 + on.month - service_start.month - (on.day < service_start.day)
    return divmod(months, 12)


# Early retirement on request (pensiun dini atas permintaan sendiri, PP 11/2017 art. 250(b) with UU 11/1969
# art. 9(1)): the domain notes give 20 years of service and age 45 (confirm); a region sets its own through
# settings.LOKET_PENSION_EARLY = {"min_age": ..., "min_service_years": ...}.
EARLY_MIN_AGE = 45  # domain notes §12 (confirm)
EARLY_MIN_SERVICE_YEARS = 20  # domain notes §12 (confirm)
EARLY_SOURCE = "PP 11/2017 Pasal 250 huruf b; UU 11/1969 Pasal 9 ayat (1); usia dan masa kerja perlu dikonfirmasi"
EARLY_SOURCE_EN = "PP 11/2017 art. 250(b); UU 11/1969 art. 9(1); the age and service to be confirmed"


def early_refusals(
    birth_date: date,
    service_start: date,
    on: date,
    *,
    min_age: int = EARLY_MIN_AGE,
    min_service_years: int = EARLY_MIN_SERVICE_YEARS,
) -> list[tuple[str, str]]:
    """Why an early retirement from `on` is not possible, as (Indonesian, English) reasons; [] when it is."""
    reasons = []
    age = age_on(birth_date, on)
    years, months = service_on(service_start, on)
    if age < min_age:
        reasons.append(
            (
                f"Usia pada tanggal pensiun {age} tahun; paling rendah {min_age} tahun ({EARLY_SOURCE}).",
                f"Age on the pension date is {age}; the minimum is {min_age} ({EARLY_SOURCE_EN}).",
            )
        )
    if years < min_service_years:
        reasons.append(
            (
                f"Masa kerja pada tanggal pensiun {years} tahun {months} bulan; paling sedikit {min_service_years} "
                f"tahun ({EARLY_SOURCE}).",
                f"Service on the pension date is {years} years {months} months; the minimum is {min_service_years} "
                f"years ({EARLY_SOURCE_EN}).",
            )
        )
    return reasons


# --- the bank account the pension is paid into ------------------------------------------------------
# The pension is paid by PT Taspen through the pensioner's bank account. Account-number lengths of the banks
# that pay pensions in the region, as commonly published by the banks (confirm with each bank): data, not code.
BANKS: Mapping[str, tuple[str, tuple[int, ...]]] = MappingProxyType(
    {
        "bri": ("Bank Rakyat Indonesia (BRI)", (15,)),
        "bni": ("Bank Negara Indonesia (BNI)", (10,)),
        "mandiri": ("Bank Mandiri", (13,)),
        "btn": ("Bank Tabungan Negara (BTN)", (16,)),
        "bsi": ("Bank Syariah Indonesia (BSI)", (10,)),
        "bjb": ("Bank BJB", (13,)),
        "taspen": ("Bank Mandiri Taspen", (10, 11, 12, 13, 14, 15, 16)),
    }
)


def account_refusal(bank: str, number: str, holder: str, banks: Mapping = BANKS) -> tuple[str, str] | None:
    """Why the bank account cannot be taken, as (Indonesian, English); None when it can. `number` is given as
    typed: spaces and dashes are allowed, other characters are not."""
    if bank not in banks:
        return ("Pilih bank pembayar pensiun dari daftar.", "Choose the paying bank from the list.")
    digits = number.replace(" ", "").replace("-", "")
    if not digits.isdigit() or not digits.isascii():
        return ("Nomor rekening hanya berisi angka.", "The account number has digits only.")
    name, lengths = banks[bank]
    if len(digits) not in lengths:
        wanted = " atau ".join(str(n) for n in lengths) if len(lengths) < 3 else f"{min(lengths)}–{max(lengths)}"
        wanted_en = " or ".join(str(n) for n in lengths) if len(lengths) < 3 else f"{min(lengths)}–{max(lengths)}"
        return (
            f"Nomor rekening {name} terdiri atas {wanted} angka; yang diisi {len(digits)} angka.",
            f"A {name} account number has {wanted_en} digits; {len(digits)} were entered.",
        )
    if not holder.strip():
        return ("Isi nama pemilik rekening.", "Enter the account holder's name.")
    return None


# --- four eyes on the data the pension is paid on ----------------------------------------------------------
# A survivor's (or an incapacity) pension is completed by BKD, not by the employee: the officer who entered, changed or
# confirmed its beneficiaries and bank account is not the one who verifies them (PP 60/2008 on the government's
# internal control system, art. 18(1)(f) and art. 30: separation of functions, no key step controlled by one person;
# ADR 0013). For a file the employee completed, the rule asks nothing more than the engine's own-case refusal.

FOUR_EYES = (
    "Anda sendiri yang memasukkan, mengubah atau mengonfirmasi data ahli waris atau rekening berkas pensiun ini; "
    "verifikasinya harus dilakukan petugas BKD lain (prinsip empat mata).",
    "You entered, changed or confirmed this pension file's beneficiaries or bank account yourself; another BKD "
    "officer must verify it (four eyes).",
)


def four_eyes_refusal(verifier_id: int, entered_by_ids) -> tuple[str, str] | None:
    """Why `verifier_id` may not verify a file whose data `entered_by_ids` entered, changed or confirmed, as
    (Indonesian, English); None when they may. Unknown entries (None: an account since deleted) are nobody."""
    return FOUR_EYES if verifier_id in {pk for pk in entered_by_ids if pk is not None} else None


def normalized_account(number: str) -> str:
    return number.replace(" ", "").replace("-", "")


def masked_account(number: str) -> str:
    """The account number as shown before a logged read: the last four digits."""
    return f"{'•' * max(0, len(number) - 4)}{number[-4:]}" if number else ""


# Statute-set ages (PP 11/2017 art. 240) follow the functional post's name in the registry: data, matched on the
# name's first word ("Guru Ahli Muda" -> guru). A lecturer holding the professor level is a profesor.
STATUTE_POST_NAMES: Mapping[str, str] = MappingProxyType({"guru": GURU, "dosen": DOSEN})


def statute_post_of(post_name: str, level: str | None = None) -> str | None:
    words = post_name.strip().lower().split()
    post = STATUTE_POST_NAMES.get(words[0]) if words else None
    if post == DOSEN and level == PROFESOR:
        return PROFESOR
    return post
