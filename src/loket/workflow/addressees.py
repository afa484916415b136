"""Rules that address a step's task to one person (ADR 0011: "tasks are addressed by rule").

A step names its rule in `ProcedureStep.addressee`; the kind of case that knows the people (hr: the
applicant employee's superior, the official who grants leave) registers a resolver for it in its
AppConfig.ready(), because workflow may not import it. A resolver takes (application, step) and returns
a user or None. When no resolver is registered or it finds nobody, the task goes to the step's unit and
role as any other task: work is never lost, and the task's note says why.
"""

from collections.abc import Callable

Resolver = Callable[[object, object], object | None]

_RESOLVERS: dict[str, Resolver] = {}


def register(name: str, resolver: Resolver) -> None:
    """Register (or replace) the resolver of addressee `name`."""
    _RESOLVERS[name] = resolver


def registered(name: str) -> Resolver | None:
    return _RESOLVERS.get(name)


def resolve(application, step):
    """The user the step's rule finds for this application, or None (no rule registered, or nobody found)."""
    resolver = _RESOLVERS.get(step.addressee)
    if resolver is None:
        return None
    found = resolver(application, step)
    # A deactivated account cannot act: its task would sit unseen, so it falls back like "nobody found".
    return found if found is not None and getattr(found, "is_active", True) else None
