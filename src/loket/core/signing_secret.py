"""The passphrases that encrypt the signing keys at rest (loket.documents.pki stores them).

Each private key is PKCS#8-encrypted with a passphrase derived from one site secret and the key's name:
LOKET_SIGNING_PASSPHRASE when set, else SECRET_KEY. It lives in core because restore (loket.core.backup)
must check a backup's keys against the secret that will be in effect, and core does not import documents.
"""

import hashlib
import hmac

from django.conf import settings


def signing_secret(secret_key: str | None = None) -> str:
    """LOKET_SIGNING_PASSPHRASE, else `secret_key` (default: this process's SECRET_KEY)."""
    passphrase = getattr(settings, "LOKET_SIGNING_PASSPHRASE", None)
    if passphrase:
        return passphrase
    return settings.SECRET_KEY if secret_key is None else secret_key


def key_passphrase(name: str, secret: str | None = None) -> bytes:
    """The passphrase of the key named `name` (its path under the signing dir, without `.key.pem`)."""
    secret = signing_secret() if secret is None else secret
    return hmac.new(secret.encode(), f"loket-signing-key:{name}".encode(), hashlib.sha256).hexdigest().encode()
