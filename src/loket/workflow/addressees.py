"""Rules that address a step's task to one person (ADR 0011: "tasks are addressed by rule").

A step names its rule in `ProcedureStep.addressee`; the kind of case that knows the people (hr: the
applicant employee's superior, the official who grants leave) registers a resolver for it in its
AppConfig.ready(), because workflow may not import it. A resolver takes (application, step) and returns
a user or None. When no resolver is registered or it finds nobody, the task goes to the step's unit and
role as any other task: work is never lost, and the task's note says why.
"""

from collections.abc import Callable

Resolver = Callable[[object, object], object | None]

# A resolver's answer "this step does not apply to this case" (e.g. the applicant's direct superior is also
# the official who decides: one decision, BKN reg. 24/2017); the procedure moves on to the next step.
SKIP = object()
# A resolver's answer "this step applies and goes to its unit and role as any step without a rule" (e.g. a complaint's
# handling step for a first complaint; its reopened case skips it): no person, and no fallback note.
UNIT = object()

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
    if found is SKIP or found is UNIT:
        return found
    # A deactivated account cannot act: its task would sit unseen, so it falls back like "nobody found". Nor is a
    # case ever addressed to its own applicant (ADR 0013: nobody acts on their own case, e.g. a BKD officer's own
    # pension file): the unit's automatic assignment, which keeps the separation of duties, takes it instead.
    if found is None or not getattr(found, "is_active", True) or found.pk == getattr(application, "applicant_id", None):
        return None
    return found
