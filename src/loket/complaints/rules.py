"""Pure rules of complaint handling (no Django): who handles a complaint, who may see the reporter, the
resolution tiers and their deadlines, the receipt code and secret an anonymous reporter follows up with, the
lock after guessed secrets, and when a closed complaint may be reopened.

Sources (/work/shared/domain/README.md §9): SP4N-LAPOR! — Perpres 76/2013 (Pengelolaan Pengaduan Pelayanan
Publik) and PermenPANRB 3/2015 (Roadmap SP4N): anonymous and confidential reports are allowed; the agency posts a
follow-up within 5 working days of routing. UU 25/2009 art. 36-37: every provider handles complaints and answers
them. PP 60/2008 art. 48-49: the government's internal auditor (APIP, the Inspektorat Daerah) oversees conduct,
which is why reports about an officer or a fee never go to the unit concerned. The resolution tiers
(2 / 5 / 14 / 60 working days) are what local standards often use: they are data (`DEFAULT_TIERS`, with source),
configurable per region.

API
- `handler_for(kind)`: "agency" (the service's own agency) or "inspectorate".
- `identity_visible(mode, reader)`: whether a reader may see who reported.
- `tier_deadline_days(tiers, tier)`, `escalation_due(...)`.
- `new_receipt_code(random)`, `normalise_receipt_code(typed)`, `new_secret(random)`, `secret_digest(key, code, secret)`.
- `reopen_refusal(...)`: why a closed complaint may not be reopened (None when it may).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

# What a complaint is about. The conduct kinds are reported to the inspectorate, never to the unit concerned.
SERVICE = "service"  # a service: its standard, requirements, time, fee, facilities
APPLICATION = "application"  # one application (by tracking number)
CONDUCT = "conduct"  # an officer's conduct
PUNGLI = "pungli"  # an illegal fee (pungutan liar)
GRATUITY = "gratuity"  # a gift or gratuity asked or given (gratifikasi)
SUGGESTION = "suggestion"  # a suggestion (saran)
KINDS = (SERVICE, APPLICATION, CONDUCT, PUNGLI, GRATUITY, SUGGESTION)
KIND_LABELS = {
    SERVICE: ("Pelayanan", "A service"),
    APPLICATION: ("Permohonan saya", "My application"),
    CONDUCT: ("Perilaku petugas", "An officer's conduct"),
    PUNGLI: ("Pungutan liar", "An illegal fee"),
    GRATUITY: ("Gratifikasi atau suap", "A gratuity or bribe"),
    SUGGESTION: ("Saran", "A suggestion"),
}
CONDUCT_KINDS = frozenset({CONDUCT, PUNGLI, GRATUITY})

AGENCY = "agency"
INSPECTORATE = "inspectorate"

# Who the reporter is to the people handling the report.
IDENTIFIED = "identified"  # name and contact visible to the handlers
CONFIDENTIAL = "confidential"  # identity known to Loket, visible to the inspectorate only
ANONYMOUS = "anonymous"  # no identity at all: a receipt code and a secret
IDENTITY_MODES = (IDENTIFIED, CONFIDENTIAL, ANONYMOUS)

# Readers, as the caller classifies them.
READER_REPORTER = "reporter"
READER_INSPECTOR = "inspector"  # the inspectorate of the complaint's region
READER_HANDLER = "handler"  # an officer of the agency that handles it
READER_OTHER = "other"  # anyone else (the reported unit, the public, an export)


def handler_for(kind: str) -> str:
    """Conduct, illegal fees and gratuities go to the inspectorate (PP 60/2008 art. 48-49); the rest to the
    agency that provides the service."""
    if kind not in KINDS:
        raise ValueError(f"unknown complaint kind: {kind!r}")
    return INSPECTORATE if kind in CONDUCT_KINDS else AGENCY


def identity_mode_allowed(kind: str, mode: str) -> bool:
    """Every kind may be filed anonymously or in confidence (Perpres 76/2013; SP4N-LAPOR!)."""
    return kind in KINDS and mode in IDENTITY_MODES


def identity_visible(mode: str, reader: str, *, handler: str) -> bool:
    """Whether `reader` may see who reported. An anonymous report has no identity to show. A confidential one
    shows it to the inspectorate only. An identified one shows it to whoever handles it — except that a conduct
    report handled by the inspectorate shows it to the inspectorate only, never to the unit concerned."""
    if reader == READER_REPORTER:
        return mode != ANONYMOUS
    if mode == ANONYMOUS:
        return False
    if reader == READER_INSPECTOR:
        return True
    if mode == CONFIDENTIAL or handler == INSPECTORATE:
        return False
    return reader == READER_HANDLER


@dataclass(frozen=True)
class Tier:
    code: str
    days: int  # working days to the final answer
    label_id: str
    label_en: str


# Local standards often tier resolution 2 / 5 / 14 / 60 working days (domain §9; confirm per region's standard).
DEFAULT_TIERS = (
    Tier("ringan", 2, "Ringan (jawaban langsung)", "Light (direct answer)"),
    Tier("normatif", 5, "Normatif", "Normative"),
    Tier("tanpa_pemeriksaan", 14, "Perlu penanganan tanpa pemeriksaan", "Needs handling, no investigation"),
    Tier("pemeriksaan", 60, "Perlu pemeriksaan", "Needs investigation"),
)
DEFAULT_TIERS_SOURCE = "Praktik standar pelayanan pengaduan daerah (domain §9): 2/5/14/60 hari kerja — konfirmasi"
# SP4N-LAPOR!: the agency posts its follow-up within 5 working days (PermenPANRB 3/2015).
FIRST_RESPONSE_DAYS = 5
TRIAGE_DAYS = 3  # LAPOR! admins verify within 3 working days (PermenPANRB 3/2015)


def tier_deadline_days(tiers, code: str) -> int:
    for tier in tiers:
        if tier.code == code:
            return tier.days
    raise ValueError(f"unknown tier: {code!r}")


def check_tiers(tiers) -> None:
    """A region's tiers: unique codes, 1-365 working days, strictly increasing (a heavier tier never has less
    time)."""
    codes = [tier.code for tier in tiers]
    if not tiers or len(set(codes)) != len(codes):
        raise ValueError("Tingkat penyelesaian harus ada dan kodenya unik.")
    days = [tier.days for tier in tiers]
    if any(not 1 <= d <= 365 for d in days) or days != sorted(set(days)):
        raise ValueError("Jangka waktu tiap tingkat 1-365 hari kerja dan makin berat makin lama.")


# Receipt codes: "ADU-" + 8 Crockford base-32 characters + 1 check character (Luhn mod 32, which catches every
# single wrong character and most swaps of neighbours), typed by people from a phone screen or paper, so no I, L, O,
# U, and dashes, spaces and case do not matter. Only letters and digits: a code is safe in a URL (Open311 ids).
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})
PREFIX = "ADU"


def _check_char(body: str) -> str:
    """Luhn mod N (N = 32) over the body: the check character that makes the whole code's sum 0."""
    total, factor = 0, 2
    for char in reversed(body):
        addend = factor * _ALPHABET.index(char)
        total += addend // 32 + addend % 32
        factor = 1 if factor == 2 else 2
    return _ALPHABET[(32 - total % 32) % 32]


def new_receipt_code(random_bytes: bytes) -> str:
    """From 5 random bytes (40 bits): 'ADU-7K2Q-M9XD-F' style, grouped for reading aloud."""
    if len(random_bytes) < 5:
        raise ValueError("need 5 random bytes")
    number = int.from_bytes(random_bytes[:5], "big")
    body = "".join(_ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(8)))
    return f"{PREFIX}-{body[:4]}-{body[4:]}-{_check_char(body)}"


def normalise_receipt_code(typed: str) -> str | None:
    """The canonical code for what someone typed (any case, dashes or spaces, I/L read as 1, O as 0), or None
    when it cannot be a receipt code (wrong length or check character)."""
    text = "".join(ch for ch in str(typed).upper() if ch.isalnum())
    if text.startswith(PREFIX) and len(text) == len(PREFIX) + 9:
        text = text[len(PREFIX) :]
    if len(text) != 9:
        return None
    text = text.translate(_READ_AS)
    body, check = text[:8], text[8]
    if any(ch not in _ALPHABET for ch in text) or _check_char(body) != check:
        return None
    return f"{PREFIX}-{body[:4]}-{body[4:]}-{check}"


_SECRET_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/1 to confuse with O/I


def new_secret(random_bytes: bytes) -> str:
    """A 12-character follow-up secret (≈ 59 bits) in groups of four, shown once to the anonymous reporter."""
    if len(random_bytes) < 12:
        raise ValueError("need 12 random bytes")
    chars = "".join(_SECRET_ALPHABET[b % len(_SECRET_ALPHABET)] for b in random_bytes[:12])
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def normalise_secret(typed: str) -> str:
    return "".join(ch for ch in str(typed).upper() if ch.isalnum())


def secret_digest(key: bytes, code: str, secret: str) -> str:
    """The stored form of a secret: HMAC-SHA256 keyed by the deployment's secret and bound to the receipt code
    (a copied digest is useless for another complaint, and the database alone cannot test guesses)."""
    message = f"{code}\n{normalise_secret(secret)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


# Guessed secrets: five tries per client and code, then that client waits (complaints.services.follow).
FREE_TRIES = 5


# Reopening: once, with a reason, within 30 calendar days of the final answer (the reopened case goes to the
# supervisor of whoever answered).
REOPEN_LIMIT = 1
REOPEN_WINDOW = dt.timedelta(days=30)


def reopen_refusal(
    *, answered_at: dt.datetime | None, reopened: int, reason: str, now: dt.datetime
) -> tuple[str, str] | None:
    """Why the reporter may not reopen (Indonesian, English), or None when they may."""
    if answered_at is None:
        return ("Pengaduan belum dijawab.", "The complaint has not been answered yet.")
    if reopened >= REOPEN_LIMIT:
        return ("Pengaduan hanya dapat dibuka kembali satu kali.", "A complaint can be reopened only once.")
    if now - answered_at > REOPEN_WINDOW:
        return (
            "Batas 30 hari untuk membuka kembali pengaduan sudah lewat.",
            "The 30 days to reopen the complaint have passed.",
        )
    if len(reason.strip()) < 10:
        return (
            "Tuliskan alasan Anda belum puas (paling sedikit 10 huruf).",
            "Say why you are not satisfied (at least 10 characters).",
        )
    return None


def shingles(text: str, size: int = 3) -> frozenset[str]:
    """Character trigrams of the words (lower case, letters and digits), the same measure PostgreSQL's pg_trgm
    uses, so that a suggestion computed here agrees with the index that finds candidates."""
    grams = set()
    for word in "".join(ch if ch.isalnum() else " " for ch in text.lower()).split():
        padded = f"  {word} "
        grams.update(padded[i : i + size] for i in range(len(padded) - size + 1))
    return frozenset(grams)


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity: shared trigrams over all trigrams (0..1)."""
    left, right = shingles(a), shingles(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


DUPLICATE_THRESHOLD = 0.45


def likely_duplicate(text: str, other: str, *, same_target: bool) -> bool:
    """A suggestion to the officer (never an automatic merge): similar text about the same service or place."""
    return same_target and similarity(text, other) >= DUPLICATE_THRESHOLD
