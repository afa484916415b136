"""API tokens for agency systems: `lkt_<prefix>_<secret>`; only a SHA-256 of the secret is stored."""

import hashlib
import hmac
import secrets

from django.utils import timezone
import datetime as dt

from loket.core import audit
from loket.core.models import ApiToken


LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(*, actor, user, name: str) -> tuple[ApiToken, str]:
    prefix, secret = secrets.token_hex(4), secrets.token_urlsafe(32)
    token = ApiToken.objects.create(name=name, user=user, prefix=prefix, token_hash=_hash(secret))
    audit.record("core.api_token_issued", obj=token, actor=actor, data={"name": name, "user": user.get_username()})
    return token, f"lkt_{prefix}_{secret}"


def authenticate(raw: str):
    """The user a valid, unrevoked token acts as; None otherwise."""
    parts = (raw or "").split("_", 2)
    if len(parts) != 3 or parts[0] != "lkt":
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1], revoked_at__isnull=True).first()
    if token is None or not hmac.compare_digest(token.token_hash, _hash(parts[2])) or not token.user.is_active:
        return None
    now = timezone.now()
    # Record use at most every few minutes: a write per request would queue an agency's concurrent calls
    # on this one row and cost a commit each.
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke(*, actor, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit.record("core.api_token_revoked", obj=token, actor=actor, data={"name": token.name})
