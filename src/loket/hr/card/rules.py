"""Pure rules of e-Kartu, the digital employee card (ADR 0018, docs/card-format.md). No Django imports.

The card is the region's own identity card for its civil servants (kartu identitas pegawai), not BKN's Kartu
Pegawai (KARPEG/KPE, Keputusan Kepala BKN 7/KEP/2007 and its electronic successor), which stays BKN's: it names the
holder, NIP, rank (PP 99/2000 lampiran), position and agency as the registry holds them, and is withdrawn when the
holder leaves the service (UU 20/2023 art. 52: pension, death, dismissal; a transfer out of the region ends the
region's card, PP 11/2017 art. 237).

API
- `printed_facts(...) -> dict`: the facts the card prints and signs; `fingerprint(facts)`: when they change the
  card is re-issued.
- `valid_until(issued_on, years, pension_on)`: the end of validity (the earlier of `years` and the pension date).
- `claims(...)` / `facts_from_claims(claims)`: the CWT claims set of the QR payload (integer keys, RFC 8392).
- `status_of(...)`: valid, expired, not yet valid, revoked or superseded, for a date.
- `token_from_text(text)`: the payload from a scanned QR text (the URL form or the bare payload).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

# --- validity ------------------------------------------------------------------------------------------------------
# Years a card stays valid after issue: the region's decision, not a regulation (confirm with BKD; setting
# LOKET_CARD_VALID_YEARS). A card is re-issued anyway whenever a printed fact changes.
VALID_YEARS_DEFAULT = 5
VALID_YEARS_SOURCE = "Kebijakan daerah (confirm: BKD), bukan peraturan; setelan LOKET_CARD_VALID_YEARS"

# --- why a card stops being valid ----------------------------------------------------------------------------------
PENSION, DEATH, TRANSFER_OUT, DISMISSAL = "pensiun", "meninggal", "pindah_keluar", "diberhentikan"
SUPERSEDED, LOST = "diganti", "hilang"
# The reasons hr.signals.employee_left carries (the holder leaves the region's active registry).
LEFT_REASONS = (PENSION, DEATH, TRANSFER_OUT, DISMISSAL)
# The reason HR may give by hand: a lost, stolen or damaged card (then re-issued). Leaving the registry (retirement,
# death, transfer out, dismissal) goes through e-Pensiun's mark_left, which records Employee.left_on and sends
# hr.signals.employee_left: a card revoked by hand for those reasons would leave the holder active everywhere else.
MANUAL_REASONS = (LOST,)
REASONS: Mapping[str, tuple[str, str, str]] = MappingProxyType(
    {
        # reason: (Indonesian, English, ground)
        PENSION: ("Pensiun", "Retired", "UU 20/2023 Pasal 52 ayat (3) huruf b; PP 11/2017 Pasal 239"),
        DEATH: ("Meninggal dunia", "Deceased", "UU 20/2023 Pasal 52 ayat (3) huruf c; PP 11/2017 Pasal 245"),
        TRANSFER_OUT: (
            "Pindah ke instansi di luar daerah",
            "Transferred to an agency outside the region",
            "PP 11/2017 Pasal 237 (perpindahan antarinstansi)",
        ),
        DISMISSAL: ("Diberhentikan", "Dismissed", "UU 20/2023 Pasal 52 ayat (3) huruf a, d; PP 11/2017 Pasal 247-252"),
        SUPERSEDED: (
            "Diganti kartu baru (data yang tercetak berubah)",
            "Replaced by a new card (the printed facts changed)",
            "Kebijakan e-Kartu (ADR 0018)",
        ),
        LOST: ("Hilang atau dicuri (laporan pemegang)", "Lost or stolen (reported by the holder)", "Kebijakan e-Kartu"),
    }
)

# --- the CWT claims set (RFC 8392 section 3.1.x; private claims below -65536, RFC 8392 section 4) -----------------
ISS, SUB, EXP, NBF, IAT, CTI = 1, 2, 4, 5, 6, 7
# Format 2 (issued now): the holder's printed facts in ONE private claim, an array [version, NIP as an integer, name,
# grade, position, agency]: a private claim key costs 5 bytes, so one key instead of five and the NIP's 18 digits in
# 9 bytes instead of 19 keep the QR small (docs/card-format.md). No sub (the NIP is in the array) and no iat (nbf is
# the day of issue).
CARD = -65537
FORMAT_VERSION = 2
# Format 1 (cards issued before): one private claim per fact, sub = NIP, iat, version -65541 = 1. Still read.
NAME, GRADE, POSITION, AGENCY = -65537, -65538, -65539, -65540
VERSION = -65541
PATH = "/kartu/v/"  # the QR text: <public URL>/kartu/v/<base64url(COSE_Sign1)>
CTI_BYTES = 8
NIP_DIGITS = 18
ZONE_HOURS = {"WIB": 7, "WITA": 8, "WIT": 9}
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{40,1200}$")


def printed_facts(
    *, name: str, front_title: str, back_title: str, nip: str, grade: str, position: str, agency: str
) -> dict[str, str]:
    """What the card prints and signs: the name with titles, NIP, grade, position and agency (whitespace tidied)."""

    def tidy(text: str) -> str:
        return re.sub(r"\s+", " ", str(text or "")).strip()

    full = tidy(f"{front_title} {name}")
    if tidy(back_title):
        full = f"{full}, {tidy(back_title)}"
    return {
        "name": full,
        "nip": tidy(nip),
        "grade": tidy(grade),
        "position": tidy(position),
        "agency": tidy(agency),
    }


def fingerprint(facts: Mapping[str, str]) -> str:
    """SHA-256 of the printed facts in a fixed order: a card whose fingerprint differs from its holder's is stale."""
    return hashlib.sha256(json.dumps(dict(facts), sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def valid_until(issued_on: dt.date, years: int, pension_on: dt.date | None = None) -> dt.date:
    """The last day of validity: `years` after issue (the day before the anniversary), or the day before the
    pension date when that comes first (PP 11/2017 Pasal 239: the holder is then no longer in active service)."""
    if years < 1:
        raise ValueError("years must be at least 1")
    try:
        anniversary = issued_on.replace(year=issued_on.year + years)
    except ValueError:  # 29 February
        anniversary = issued_on.replace(year=issued_on.year + years, day=28)
    last = anniversary - dt.timedelta(days=1)
    if pension_on is not None and pension_on - dt.timedelta(days=1) < last:
        last = max(issued_on, pension_on - dt.timedelta(days=1))
    return last


def day_start(day: dt.date, zone: str) -> int:
    """NumericDate (seconds since the epoch) of 00:00 local time of `day` in the region's zone."""
    offset = dt.timezone(dt.timedelta(hours=ZONE_HOURS.get(zone, 7)))
    return int(dt.datetime.combine(day, dt.time(), tzinfo=offset).timestamp())


def nip_number(nip: str) -> int | str:
    """The NIP as the integer the payload carries (18 digits: 9 bytes of CBOR instead of 19); anything else (a
    registry's odd number) stays text, which a reader accepts as well."""
    return int(nip) if len(nip) == NIP_DIGITS and nip.isdigit() and nip.isascii() and nip[0] != "0" else nip


def claims(
    *,
    region_code: str,
    serial: bytes,
    facts: Mapping[str, str],
    valid_from: dt.date,
    valid_until: dt.date,
    zone: str = "WIB",
    issued_at: dt.datetime | None = None,
) -> dict[int, object]:
    """The CWT claims set (format 2): iss = region code, nbf/exp = the validity days in local time (exp is the first
    second after the last valid day; nbf, 00:00 of the day of issue, says when it was issued), cti = the card's
    serial, and -65537 = [2, NIP, name, grade, position, agency]. `issued_at` is not carried (kept on the record)."""
    if len(serial) != CTI_BYTES:
        raise ValueError("serial must be 8 bytes")
    return {
        ISS: region_code,
        EXP: day_start(valid_until + dt.timedelta(days=1), zone),
        NBF: day_start(valid_from, zone),
        CTI: bytes(serial),
        CARD: [
            FORMAT_VERSION,
            nip_number(facts["nip"]),
            facts["name"],
            facts["grade"],
            facts["position"],
            facts["agency"],
        ],
    }


@dataclass(frozen=True)
class Decoded:
    region_code: str
    serial: str  # hex of cti
    nip: str
    name: str
    grade: str
    position: str
    agency: str
    not_before: int
    expires: int


def _facts_v1(get) -> tuple:
    if get(VERSION) != 1:
        raise ValueError("version")
    return get(SUB), get(NAME), get(GRADE), get(POSITION), get(AGENCY)


def _facts_v2(card) -> tuple:
    if len(card) != 6 or card[0] != FORMAT_VERSION:
        raise ValueError("version")
    nip = card[1]
    if type(nip) is int:
        if not 0 < nip < 10**NIP_DIGITS:
            raise ValueError("nip")
        nip = str(nip).zfill(NIP_DIGITS)
    return (nip, *card[2:])


def decoded(claims_set: Mapping[int, object]) -> Decoded:
    """The claims of a verified payload (format 2, or format 1 of cards issued before) as named fields; raises
    ValueError when one is missing or mistyped."""
    get = claims_set.get
    card = get(CARD)
    facts = _facts_v2(card) if type(card) is list else _facts_v1(get)
    serial, iss = get(CTI), get(ISS)
    nbf, exp = get(NBF), get(EXP)
    if type(serial) is not bytes or len(serial) != CTI_BYTES:
        raise ValueError("cti")
    for text in (iss, *facts):
        if type(text) is not str:
            raise ValueError("a text claim is missing or not text")
    for number in (nbf, exp):
        if type(number) is not int:
            raise ValueError("a time claim is missing or not an integer")
    return Decoded(iss, serial.hex(), *facts, nbf, exp)


# --- the QR code --------------------------------------------------------------------------------------------------
# The QR's error correction (ISO/IEC 18004 table 9): the smallest symbol (version) that holds the text at level L,
# then the level raised as far as that version still allows (segno's boost_error): never a denser code than L needs,
# and as much damage tolerance as that size gives. The test vector: version 12 at L (65 modules), where format 1 at M
# needed version 15 (77 modules): at the card's 24 mm each module is 18% larger. docs/card-format.md.
QR_ERROR = "l"
QR_BOOST = True


VALID, EXPIRED, NOT_YET, REVOKED, UNKNOWN = "berlaku", "kedaluwarsa", "belum_berlaku", "dicabut", "tidak_dikenal"


def public_mark(reason: str) -> str:
    """What the public (verification page, revocation list) learns of a stopped card: replaced or revoked, never
    why (death, dismissal, transfer are personal data kept for BKD's pages; UU 27/2022 on personal data)."""
    return SUPERSEDED if reason == SUPERSEDED else REVOKED


STATUS_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        VALID: ("Berlaku", "Valid"),
        EXPIRED: ("Kedaluwarsa", "Expired"),
        NOT_YET: ("Belum berlaku", "Not yet valid"),
        REVOKED: ("Dicabut", "Revoked"),
        UNKNOWN: ("Tidak dikenal", "Unknown"),
    }
)


def status_of(*, valid_from: dt.date, valid_until: dt.date, revoked_on: dt.date | None, today: dt.date) -> str:
    """A card's status on `today`: revoked (from its revocation date on) wins over the validity dates."""
    if revoked_on is not None and revoked_on <= today:
        return REVOKED
    if today < valid_from:
        return NOT_YET
    if today > valid_until:
        return EXPIRED
    return VALID


def token_from_text(text: str) -> str | None:
    """The base64url payload in a scanned QR text: `<anything>/kartu/v/<payload>` or the bare payload."""
    text = str(text or "").strip()
    if PATH in text:
        text = text.split(PATH, 1)[1]
    text = text.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return text if _TOKEN_RE.match(text) else None


def initials(name: str) -> str:
    """Up to two initials of a name without its academic titles: "Dr. Siti Aminah, S.T." -> "SA"."""
    bare = str(name or "").split(",", 1)[0]
    words = [w for w in re.split(r"\s+", bare) if w and not w.endswith(".")]
    letters = [w[0].upper() for w in words if w[0].isalpha()]
    if not letters:
        return "?"
    return letters[0] + (letters[-1] if len(letters) > 1 else "")
