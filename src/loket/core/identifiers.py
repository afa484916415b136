"""Indonesian identity numbers: NIK (citizen), NIP (civil servant) and the identifiers forms ask for
(KK, NPWP, passport, licence/registration numbers) with their masks. Pure functions, no Django.

NIK — UU 24/2013 on population administration (Adminduk) and Permendagri 73/2022 on Kemendagri
region codes: PP KK CC DD MM YY SSSS.
NIP — PP 11/2017 as amended by PP 17/2020 and Peraturan BKN 22/2007 on NIP (PNS); PP 49/2018 and
BKN practice for PPPK.
Every error is a ValueError with an Indonesian message that can be shown to the user as it is.
"""

import datetime as dt
import re
from dataclasses import dataclass

from loket.core.dates import long_date

# Kemendagri province codes (Permendagri 73/2022 art. and annex; Papua split by UU 14, 15, 16 and 29/2022).
PROVINCE_CODES: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}
# Women's NIK birth day is the day + 40 (Adminduk practice, Permendagri on NIK issuance).
FEMALE_DAY_OFFSET = 40


class Code(str):
    """A code such as "35.78" that also compares equal to its undotted form "3578"."""

    def __eq__(self, other):
        if isinstance(other, str):
            return str.__eq__(self, other) or str.__eq__(self.replace(".", ""), other.replace(".", ""))
        return NotImplemented

    def __hash__(self):
        return str.__hash__(self)

    @property
    def plain(self) -> str:
        return self.replace(".", "")


class Digits(str):
    """A fixed-width number such as "0001" that also compares equal to its integer value (1)."""

    def __eq__(self, other):
        if isinstance(other, int) and not isinstance(other, bool):
            return int(self) == other
        return str.__eq__(self, other)

    def __hash__(self):
        return str.__hash__(self)


@dataclass(frozen=True)
class Nik:
    number: str
    province: Code
    regency: Code
    district: Code
    birth_date: dt.date
    sex: str  # "M" or "F"
    sequence: Digits

    @property
    def province_name(self) -> str:
        return PROVINCE_CODES[self.province]

    @property
    def masked(self) -> str:
        return mask_nik(self.number)


def _digits(value, length: int, label: str) -> str:
    text = str(value).strip().replace(" ", "").replace(".", "") if value is not None else ""
    if len(text) != length or not text.isdigit() or not text.isascii():
        raise ValueError(f"{label} harus terdiri dari {length} angka.")
    return text


def _date(year: int, month: int, day: int, what: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{what} tidak valid: tanggal {day:02d}-{month:02d}-{year} tidak ada.") from None


def parse_nik(value, *, today: dt.date | None = None) -> Nik:
    """Parse and validate a 16-digit NIK; raise ValueError with an Indonesian message."""
    number = _digits(value, 16, "NIK")
    today = today or dt.date.today()
    province = number[0:2]
    if province not in PROVINCE_CODES:
        raise ValueError(f"NIK tidak valid: kode provinsi {province} tidak dikenal.")
    if number[2:4] == "00":
        raise ValueError("NIK tidak valid: kode kabupaten/kota tidak boleh 00.")
    if number[4:6] == "00":
        raise ValueError("NIK tidak valid: kode kecamatan tidak boleh 00.")
    day, month, year2 = int(number[6:8]), int(number[8:10]), int(number[10:12])
    sex = "M"
    if day > FEMALE_DAY_OFFSET:
        sex, day = "F", day - FEMALE_DAY_OFFSET
    if not 1 <= month <= 12:
        raise ValueError(f"NIK tidak valid: bulan lahir {month:02d} tidak ada.")
    if not 1 <= day <= 31:
        raise ValueError("NIK tidak valid: tanggal lahir harus 01–31 (laki-laki) atau 41–71 (perempuan).")
    # Two-digit year: the most recent century that does not put the birth date in the future.
    birth = _date(2000 + year2, month, day, "Tanggal lahir pada NIK") if _exists(2000 + year2, month, day) else None
    if birth is None or birth > today:
        birth = _date(1900 + year2, month, day, "Tanggal lahir pada NIK")
    if number[12:16] == "0000":
        raise ValueError("NIK tidak valid: nomor urut tidak boleh 0000.")
    return Nik(
        number=number,
        province=Code(province),
        regency=Code(f"{province}.{number[2:4]}"),
        district=Code(f"{province}.{number[2:4]}.{number[4:6]}"),
        birth_date=birth,
        sex=sex,
        sequence=Digits(number[12:16]),
    )


def _exists(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
        return True
    except ValueError:
        return False


def nik_birth_date_refusal(nik, birth_date: dt.date, *, today: dt.date | None = None) -> str | None:
    """Why a stated birth date contradicts the NIK, or None when they agree (or the NIK itself is invalid: that
    error is the NIK field's). Digits 7–12 of the NIK are the holder's birth date DDMMYY, the day plus 40 for a
    woman (UU 24/2013 art. 13 with Permendagri 73/2022 annex on the NIK's structure)."""
    try:
        parsed = parse_nik(nik, today=today)
    except ValueError:
        return None
    if parsed.birth_date == birth_date:
        return None
    coded = parsed.number[6:12]
    if (parsed.birth_date.day, parsed.birth_date.month, parsed.birth_date.year % 100) == (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    ):
        return None  # the century is only inferred from the NIK: a person born 1925 or 2025 has the same digits
    return (
        f"Tanggal lahir tidak sesuai NIK: digit ke-7–12 NIK ({coded}) menunjukkan lahir "
        f"{long_date(parsed.birth_date)}{' (perempuan: tanggal lahir + 40)' if parsed.sex == 'F' else ''}."
    )


def is_valid_nik(value) -> bool:
    try:
        parse_nik(value)
        return True
    except ValueError:
        return False


def mask_nik(value: str) -> str:
    """Show the region part and the last two digits only (UU 27/2022 data minimisation): 3578********0001 -> 357808********01."""
    text = str(value)
    if len(text) != 16:
        return "*" * len(text)
    return text[:6] + "*" * 8 + text[14:]


# ---------------------------------------------------------------- identifiers asked on forms

# Form field types holding an identifier of a person or a licence: validated here, masked for
# officers and third parties (UU 27/2022 data minimisation), revealed only through an audited POST.
IDENTIFIER_TYPES = ("nik", "kk", "npwp", "passport", "licence")

IDENTIFIER_LABELS: dict[str, tuple[str, str]] = {
    "nik": ("NIK", "NIK"),
    "kk": ("Nomor KK", "Family card number"),
    "npwp": ("NPWP", "Tax number (NPWP)"),
    "passport": ("Nomor paspor", "Passport number"),
    "licence": ("Nomor izin/registrasi", "Licence/registration number"),
}

# Older forms hold identifiers in plain `text` fields; a key naming one is treated as that type.
_KEY_KINDS = (
    (re.compile(r"(^|_)nik(_|$)"), "nik"),
    (re.compile(r"(^|_)(kk|kartu_keluarga)(_|$)"), "kk"),
    (re.compile(r"(^|_)npwp(_|$)"), "npwp"),
    (re.compile(r"(^|_)(paspor|passport)(_|$)"), "passport"),
    (
        re.compile(r"^(str|sip)$|(^|_)(nomor|no)_(str|sip|sik|sipa|sipp|izin|lisensi|registrasi|licence|license)(_|$)"),
        "licence",
    ),
)
PASSPORT_RE = re.compile(r"^[A-Z][A-Z0-9]{5,8}$")
LICENCE_RE = re.compile(r"^[A-Z0-9][A-Z0-9./\-]{2,58}[A-Z0-9]$")


def identifier_kind(field_type: str, key: str = "") -> str | None:
    """The identifier type of a form field: its declared type, or one named by a legacy text field's key."""
    if field_type in IDENTIFIER_TYPES:
        return field_type
    if field_type not in ("text", "number"):
        return None
    for pattern, kind in _KEY_KINDS:
        if pattern.search(key or ""):
            return kind
    return None


def normalize_identifier(kind: str, value) -> str:
    """Drop the separators people type (spaces, dots, dashes for numbers); upper-case letters."""
    text = str(value).strip().upper()
    if kind in ("nik", "kk", "npwp"):
        return re.sub(r"[\s.\-]", "", text)
    if kind == "passport":
        return re.sub(r"\s", "", text)
    return re.sub(r"\s+", " ", text)


def _region_prefix(number: str, what: str) -> None:
    if number[0:2] not in PROVINCE_CODES:
        raise ValueError(f"{what} tidak valid: kode provinsi {number[0:2]} tidak dikenal.")
    if number[2:4] == "00" or number[4:6] == "00":
        raise ValueError(f"{what} tidak valid: kode kabupaten/kota dan kecamatan tidak boleh 00.")


def parse_kk(value) -> str:
    """A 16-digit nomor kartu keluarga: region code (as in the NIK), issue date, serial."""
    number = _digits(value, 16, "Nomor KK")
    _region_prefix(number, "Nomor KK")
    if number[12:16] == "0000":
        raise ValueError("Nomor KK tidak valid: nomor urut tidak boleh 0000.")
    return number


def parse_npwp(value) -> str:
    """15 digits (old format) or 16 (PMK 112/2022): an individual's NIK, or 0 + the old 15 digits."""
    number = normalize_identifier("npwp", value or "")
    if not number.isdigit() or not number.isascii() or len(number) not in (15, 16):
        raise ValueError("NPWP harus 15 atau 16 angka.")
    if len(number) == 16 and not number.startswith("0"):
        try:
            parse_nik(number)
        except ValueError:
            raise ValueError(
                "NPWP 16 angka harus sama dengan NIK (orang pribadi) atau diawali 0 (badan); periksa kembali."
            ) from None
    return number


def parse_passport(value) -> str:
    number = normalize_identifier("passport", value or "")
    if not PASSPORT_RE.fullmatch(number) or not any(c.isdigit() for c in number):
        raise ValueError("Nomor paspor harus 6–9 huruf/angka diawali huruf, mis. C1234567.")
    return number


def parse_licence(value) -> str:
    """A licence or registration number (STR, SIP, …): letters, digits and . / - separators."""
    number = normalize_identifier("licence", value or "")
    if not LICENCE_RE.fullmatch(number) or sum(c.isdigit() for c in number) < 2:
        raise ValueError(
            "Nomor izin/registrasi harus 4–60 karakter berisi huruf, angka, titik, garis miring "
            "atau tanda hubung, dengan sedikitnya 2 angka."
        )
    return number


def parse_identifier(kind: str, value) -> str:
    """The normalized identifier, or ValueError with an Indonesian message."""
    if kind == "nik":
        return parse_nik(value).number
    return {"kk": parse_kk, "npwp": parse_npwp, "passport": parse_passport, "licence": parse_licence}[kind](value)


def _mask_middle(text: str, head: int, tail: int) -> str:
    """Keep `head` and `tail` letters/digits and every separator; star the rest."""
    positions = [i for i, c in enumerate(text) if c.isalnum()]
    if len(positions) <= head + tail:
        return "".join("*" if c.isalnum() else c for c in text)
    hidden = set(positions[head : len(positions) - tail])
    return "".join("*" if i in hidden else c for i, c in enumerate(text))


# Enough to match the paper document in front of the officer, not enough to reuse the number.
_MASK_KEEP = {"kk": (4, 4), "npwp": (2, 3), "passport": (1, 2), "licence": (2, 3)}


def mask_identifier(kind: str, value) -> str:
    text = str(value)
    if kind == "nik":
        return mask_nik(normalize_identifier("nik", text))
    head, tail = _MASK_KEEP.get(kind, (0, 0))
    return _mask_middle(text, head, tail)


@dataclass(frozen=True)
class Nip:
    number: str
    kind: str  # "PNS" or "PPPK"
    birth_date: dt.date
    tmt: dt.date  # TMT CPNS (first of the month) for PNS; 1 January of the TMT year for PPPK
    sex: str  # "M" or "F"
    serial: Digits
    tmt_year: int
    tmt_month: int | None  # None for PPPK: only the year is encoded
    frequency: int | None = None  # PPPK only: which appointment wave of that year (1–9)


# Minimum age at appointment: 18 years (PP 11/2017 art. 23(1)(a); PP 49/2018 art. 16(a) for PPPK).
MIN_APPOINTMENT_AGE = 18


def parse_nip(value, *, today: dt.date | None = None) -> Nip:
    """Parse and validate an 18-digit NIP of a PNS or a PPPK; raise ValueError in Indonesian."""
    number = _digits(value, 18, "NIP")
    today = today or dt.date.today()
    birth = _date(int(number[0:4]), int(number[4:6]), int(number[6:8]), "Tanggal lahir pada NIP")
    if birth > today:
        raise ValueError("NIP tidak valid: tanggal lahir di masa depan.")
    if birth.year < 1900:
        raise ValueError("NIP tidak valid: tahun lahir sebelum 1900.")
    tmt_year, marker = int(number[8:12]), number[12:14]
    if 1 <= int(marker) <= 12:
        kind, tmt_month, frequency = "PNS", int(marker), None
    elif marker[0] == "2" and marker[1] in "123456789":
        kind, tmt_month, frequency = "PPPK", None, int(marker[1])
    else:
        raise ValueError(
            "NIP tidak valid: digit ke-13–14 harus bulan TMT CPNS (01–12) untuk PNS, "
            "atau 2 diikuti angka 1–9 untuk PPPK."
        )
    tmt = _date(tmt_year, tmt_month or 1, 1, "TMT pada NIP")
    # TMT is only known to the month (PNS) or year (PPPK): compare at that granularity.
    if (tmt.year, tmt_month or 12) < (birth.year + MIN_APPOINTMENT_AGE, birth.month):
        raise ValueError(f"NIP tidak valid: TMT {tmt:%m-%Y} sebelum pegawai berusia {MIN_APPOINTMENT_AGE} tahun.")
    if tmt > today + dt.timedelta(days=366):
        raise ValueError("NIP tidak valid: TMT lebih dari satu tahun ke depan.")
    sex_digit = number[14]
    if sex_digit not in "12":
        raise ValueError("NIP tidak valid: digit ke-15 (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan).")
    serial = number[15:18]
    if serial == "000":
        raise ValueError("NIP tidak valid: nomor urut tidak boleh 000.")
    return Nip(
        number=number,
        kind=kind,
        birth_date=birth,
        tmt=tmt,
        sex="M" if sex_digit == "1" else "F",
        serial=Digits(serial),
        tmt_year=tmt_year,
        tmt_month=tmt_month,
        frequency=frequency,
    )
