"""Who is away (on approved leave), for the engine's system assignment (issue 13).

An automatic assignment policy must not hand a task to an officer who is not at work; the leave records live
higher up (hr), which registers a provider here in its AppConfig.ready(), because workflow may not import it.
A provider takes a day and returns a lazy one-column queryset of the ids of the accounts away on that day; the
engine reads it as a subquery of the query that gathers a unit's officers, so being away costs no statement of
its own. With no provider registered, nobody is away.
"""

import datetime as dt
from collections.abc import Callable

from django.db.models import Q, QuerySet

Provider = Callable[[dt.date], QuerySet]

_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def unregister(provider: Provider) -> None:
    if provider in _PROVIDERS:
        _PROVIDERS.remove(provider)


def away_q(day: dt.date, field: str = "pk") -> Q | None:
    """A filter true for the rows whose `field` (a user id) is an account away on `day`; None when no provider
    is registered (nobody is away)."""
    if not _PROVIDERS:
        return None
    query = Q(pk__in=[])
    for provider in _PROVIDERS:
        query |= Q(**{f"{field}__in": provider(day)})
    return query
