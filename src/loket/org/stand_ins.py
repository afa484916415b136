"""Who stands in for whom today (pelaksana harian, plh): filled by the apps that record it.

Delegation applies to every person-addressed task (ADR 0011), so the rule that decides who may act
(`org.permissions`) must know it; the delegations themselves live higher up (hr), which registers a
provider here in its AppConfig.ready(). A provider takes (user, day) and returns the ids of the users
`user` stands in for on `day`. With no provider registered, nobody stands in for anybody.
"""

import datetime as dt
from collections.abc import Callable, Iterable

from django.utils import timezone

Provider = Callable[[object, dt.date], Iterable[int]]

_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def unregister(provider: Provider) -> None:
    if provider in _PROVIDERS:
        _PROVIDERS.remove(provider)


def principals_of(user, day: dt.date | None = None) -> frozenset[int]:
    """Ids of the users `user` stands in for on `day` (today, local time, by default); never `user` itself.

    Remembered on the user object for the day asked, like its role assignments: one request asks once.
    """
    if not getattr(user, "is_authenticated", False) or not _PROVIDERS:
        return frozenset()
    day = day or timezone.localdate()
    cached = getattr(user, "_loket_stand_ins", None)
    if cached is not None and cached[0] == day:
        return cached[1]
    found = set()
    for provider in _PROVIDERS:
        found.update(provider(user, day))
    found.discard(user.pk)
    result = frozenset(found)
    user._loket_stand_ins = (day, result)
    return result
