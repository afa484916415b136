"""API tokens for agency systems: `lkt_<prefix>_<secret>`; only a SHA-256 of the secret is stored."""

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from loket.core import audit, rows
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
    found = _active_token(parts[1])
    if found is None:
        return None
    token_id, token_hash, last_used_at, user = found
    if not hmac.compare_digest(token_hash, _hash(parts[2])) or not user.is_active:
        return None
    now = timezone.now()
    # Record use at most every few minutes: a write per request would queue an agency's concurrent calls
    # on this one row and cost a commit each.
    if last_used_at is None or now - last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    return user


def _active_token(prefix: str):
    """(id, hash, last used, user) of the unrevoked token with this prefix, in one plain query: every
    API call runs this, and the ORM's query building would cost more than the query itself.

    The user's one-to-one rows named in LOKET_TOKEN_USER_RELATED (e.g. the citizen profile that every
    submission reads) come with it, cached where `user.<name>` finds them: one round trip, not two.
    """
    User = get_user_model()
    relations, sql = _token_statement(User)
    with rows.cursor() as cursor:
        cursor.execute(sql, [prefix])
        row = cursor.fetchone()
    if row is None:
        return None
    last_used = rows.from_db_value(row[2], ApiToken._meta.get_field("last_used_at"))
    width = len(User._meta.concrete_fields)
    user = rows.instance(User, row[3 : 3 + width])
    offset = 3 + width
    for relation in relations:
        related = relation.related_model
        size = len(related._meta.concrete_fields)
        values = row[offset : offset + size]
        offset += size
        relation.set_cached_value(user, rows.instance(related, values) if values[0] is not None else None)
    return row[0], row[1], last_used, user


_STATEMENTS: dict[tuple, tuple[list, str]] = {}


def _token_statement(User) -> tuple[list, str]:
    """(the one-to-one relations read along, the statement text): built once per user model and setting."""
    names = tuple(getattr(settings, "LOKET_TOKEN_USER_RELATED", ()))
    key = (User, names, connection.vendor)
    found = _STATEMENTS.get(key)
    if found is not None:
        return found
    quote = connection.ops.quote_name
    relations = [User._meta.get_field(name) for name in names]
    select = [f"t.id, t.token_hash, t.last_used_at, {rows.columns(User, 'u')}"]
    joins = []
    for number, relation in enumerate(relations):
        related = relation.related_model
        alias = f"r{number}"
        select.append(rows.columns(related, alias))
        joins.append(
            f"LEFT JOIN {quote(related._meta.db_table)} {alias} "
            f"ON {alias}.{quote(relation.field.column)} = u.{quote(User._meta.pk.column)}"
        )
    sql = (
        f"SELECT {', '.join(select)} FROM {quote(ApiToken._meta.db_table)} t "
        f"JOIN {quote(User._meta.db_table)} u ON u.{quote(User._meta.pk.column)} = t.user_id "
        f"{' '.join(joins)} WHERE t.prefix = %s AND t.revoked_at IS NULL"
    )
    found = _STATEMENTS[key] = (relations, sql)
    return found


def revoke(*, actor, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit.record("core.api_token_revoked", obj=token, actor=actor, data={"name": token.name})
