"""Encrypt secrets stored in database columns (TOTP keys, recovery-code seeds) with a key kept outside it.

A copied database (a dump, a stolen backup of the database alone, a read-only SQL injection) must not
yield the officials' TOTP secrets. Values are Fernet tokens (AES-128-CBC + HMAC-SHA256) behind the prefix
`PREFIX`; a value without the prefix is an older clear-text row and is returned as it is (migration
org.0003 encrypts those).

The key (32 random bytes, url-safe base64) comes from, in order:
- the setting / environment variable `LOKET_FIELD_KEY`;
- the file named by `LOKET_FIELD_KEY_FILE`, default `DATA_DIR/field_key`, created on first use (0600)
  for the embedded default. Keep it with the backups (`loket backup` copies it): without it the
  secrets cannot be read and every official has to set up TOTP again.
Extra keys for rotation: `LOKET_FIELD_KEY_OLD` (comma-separated) still decrypt, never encrypt.
"""

import os
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PREFIX = "loket-enc:v1:"


class FieldKeyError(Exception):
    """The field key is missing or wrong for a stored value (message in Indonesian and English)."""


def key_file() -> Path:
    configured = getattr(settings, "LOKET_FIELD_KEY_FILE", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "field_key"


_KEYS: dict[str, bytes] = {}  # key file -> key, read once per process


def _read_or_create(path: Path) -> bytes:
    cached = _KEYS.get(str(path))
    if cached is not None and path.exists():
        return cached
    _KEYS[str(path)] = key = _load_or_create(path)
    return key


def _load_or_create(path: Path) -> bytes:
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = Fernet.generate_key()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return key


@lru_cache(maxsize=8)
def _fernet(key: bytes, old: tuple[bytes, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key), *(Fernet(k) for k in old)])


def current_key() -> bytes:
    configured = getattr(settings, "LOKET_FIELD_KEY", None)
    return configured.encode() if configured else _read_or_create(key_file())


def _cipher() -> MultiFernet:
    old = tuple(
        k.strip().encode() for k in (getattr(settings, "LOKET_FIELD_KEY_OLD", "") or "").split(",") if k.strip()
    )
    return _fernet(current_key(), old)


def is_encrypted(value: str) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def encrypt(text: str) -> str:
    if is_encrypted(text):
        return text
    return PREFIX + _cipher().encrypt(text.encode()).decode()


def decrypt(value: str) -> str:
    if not is_encrypted(value):
        return value  # a clear-text row written before encryption
    try:
        return _cipher().decrypt(value[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise FieldKeyError(
            "Rahasia tersimpan tidak dapat dibuka dengan kunci enkripsi saat ini (LOKET_FIELD_KEY / "
            f"{key_file()}). Pulihkan kunci yang benar dari cadangan. / A stored secret cannot be opened with "
            "the current encryption key; restore the right key from the backup."
        ) from None
