"""Fixed-window counters shared by every web process: rate limits and lockouts (issue 11, finding 7).

One row per key in `core_limitcounter` (key, count, expires_at), bumped by a single atomic
`INSERT ... ON CONFLICT DO UPDATE ... RETURNING` (PostgreSQL; SQLite >= 3.35): two processes counting the
same key at once both count, and a count in a running window keeps that window's expiry (a cache's
`set` would extend it with every hit). An expired row starts a new window on its next hit; expired rows are
deleted by the worker once an hour (loket.notify.jobs.purge_limits_round), never on a request, so a request's
statements are always the same.
"""

import datetime as dt
import hashlib

from django.db import connection
from django.utils import timezone

from loket.core.models import LimitCounter

_TABLE = LimitCounter._meta.db_table


def _key(key: str) -> str:
    return key if len(key) <= 200 else key[:120] + ":" + hashlib.sha256(key.encode()).hexdigest()


def _db_time(value: dt.datetime):
    return connection.ops.adapt_datetimefield_value(value)


def hit(key: str, *, window: int, amount: int = 1) -> int:
    """Count `amount` for `key` and return the count of the current window (`window` seconds from its first hit)."""
    now = timezone.now()
    q = connection.ops.quote_name
    table, key_col, count, expires = q(_TABLE), q("key"), q("count"), q("expires_at")
    sql = (
        f"INSERT INTO {table} ({key_col}, {count}, {expires}) VALUES (%s, %s, %s) "
        f"ON CONFLICT ({key_col}) DO UPDATE SET "
        f"{count} = CASE WHEN {table}.{expires} <= %s THEN excluded.{count} ELSE {table}.{count} + excluded.{count} END, "
        f"{expires} = CASE WHEN {table}.{expires} <= %s THEN excluded.{expires} ELSE {table}.{expires} END "
        f"RETURNING {count}"
    )
    moment = _db_time(now)
    with connection.cursor() as cursor:
        cursor.execute(sql, [_key(key), amount, _db_time(now + dt.timedelta(seconds=window)), moment, moment])
        count = cursor.fetchone()[0]
    return count


def peek(key: str) -> int:
    """The count of the current window without counting (0 when none is running)."""
    row = LimitCounter.objects.filter(key=_key(key), expires_at__gt=timezone.now()).values_list("count", flat=True)
    return row.first() or 0


def reset(key: str) -> None:
    LimitCounter.objects.filter(key=_key(key)).delete()


def purge_expired(now: dt.datetime | None = None) -> int:
    return LimitCounter.objects.filter(expires_at__lte=now or timezone.now()).delete()[0]


def purge_expired_everywhere() -> int:
    """Expired counters, and expired rows of the database cache (settings.CACHES["default"] without Redis)."""
    from django.conf import settings

    purged = purge_expired()
    backend = settings.CACHES["default"]
    if backend["BACKEND"].endswith("db.DatabaseCache"):
        with connection.cursor() as cursor:
            q = connection.ops.quote_name
            cursor.execute(
                f"DELETE FROM {q(backend['LOCATION'])} WHERE {q('expires')} < %s", [_db_time(timezone.now())]
            )
            purged += cursor.rowcount
    return purged
