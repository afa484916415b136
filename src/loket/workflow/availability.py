"""Who is away today (on approved leave), for the engine's system assignment (issue 13).

An automatic assignment policy must not hand a task to an officer who is not at work; the leave records live
higher up (hr), which registers a provider here in its AppConfig.ready(), because workflow may not import it.
A provider takes (user ids, day) and returns those of them who are away on `day`. With no provider registered,
nobody is away.
"""

import datetime as dt
from collections.abc import Callable, Iterable

Provider = Callable[[list[int], dt.date], Iterable[int]]

_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def unregister(provider: Provider) -> None:
    if provider in _PROVIDERS:
        _PROVIDERS.remove(provider)


def away(user_ids: Iterable[int], day: dt.date) -> frozenset[int]:
    """The ids among `user_ids` of those away on `day`: one question per provider, whatever the number of people."""
    ids = sorted(set(user_ids))
    if not ids or not _PROVIDERS:
        return frozenset()
    found: set[int] = set()
    for provider in _PROVIDERS:
        found.update(provider(ids, day))
    return frozenset(found) & frozenset(ids)
