"""Kinds of case that take their decisions on a page of their own (ADR 0011).

A leave request's step is decided on e-Cuti's page (its levels, changed dates, deferral and the signed
permit are hr's); the engine still holds the task, its inbox entry and deadline. hr registers a resolver
here at start-up: resolver(application) -> the URL of the decision page, or None for an ordinary case.
The task page then links there instead of offering the generic actions, and `services.act` refuses a
generic action on such a case, so its own records can never be skipped.
"""

from collections.abc import Callable

_RESOLVERS: list[Callable] = []


def register(resolver: Callable) -> None:
    if resolver not in _RESOLVERS:
        _RESOLVERS.append(resolver)


def page_for(application, task=None) -> str | None:
    for resolver in _RESOLVERS:
        url = resolver(application)
        if url:
            return url
    return None
