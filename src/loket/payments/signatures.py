"""Webhook signatures: a provider's callback is believed only if it is signed with the shared secret and fresh.

Header ``X-Loket-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>`` (docs/payments.md).
The timestamp is inside the signed text, so an old callback cannot be re-sent with a new time; callbacks older
than the tolerance are refused, and the event id (stored once) makes a replay inside the window harmless.
Several ``v1`` values are accepted while a secret is being rotated. Pure, no Django.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from loket.core.errors import LoketError

HEADER = "X-Loket-Signature"
TOLERANCE_SECONDS = 300


class SignatureRefused(LoketError):
    status = 401


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secrets: list[str] | tuple[str, ...], header: str, body: bytes, *, now: float,
           tolerance: int = TOLERANCE_SECONDS) -> int:  # fmt: skip
    """The signed timestamp of a genuine, fresh callback; `SignatureRefused` for anything else."""
    if not secrets:
        raise SignatureRefused("Penyedia pembayaran belum dikonfigurasi dengan kunci rahasia.")
    parts: dict[str, list[str]] = {}
    for piece in (header or "").split(","):
        key, _, value = piece.strip().partition("=")
        parts.setdefault(key, []).append(value)
    stamps, digests = parts.get("t", []), parts.get("v1", [])
    if len(stamps) != 1 or not re.fullmatch(r"[0-9]{1,12}", stamps[0]) or not digests:
        raise SignatureRefused("Tanda tangan notifikasi pembayaran tidak ada atau rusak.")
    timestamp = int(stamps[0])
    if abs(now - timestamp) > tolerance:
        raise SignatureRefused("Notifikasi pembayaran kedaluwarsa atau bertanggal di masa depan.")
    for secret in secrets:
        expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
        if any(hmac.compare_digest(expected, digest) for digest in digests):
            return timestamp
    raise SignatureRefused("Tanda tangan notifikasi pembayaran tidak cocok.")
