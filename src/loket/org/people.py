"""What the organisation register learns about people from the apps above it (registered in their
AppConfig.ready(), like org.stand_ins): the NIKs a user is known by, and who counts as an official besides the
holders of a back-office role.

- NIK providers take a user and return the NIKs recorded for them (applications: the citizen profile; hr: the
  civil servant's employee record). The engine's separation of duties compares them with an official's declared
  relatives (workflow.rules.separation_refusal, RELATIVE).
- Member providers take agency ids and return the ids of the users who work there without holding a role (hr:
  employees with an account, who decide their team's leave), and whether a user is one of them: their declarations
  are overseen like an officer's and they reach the declaration page.
"""

from collections.abc import Callable, Iterable

NikProvider = Callable[[object], Iterable[str]]
MemberProvider = Callable[[list[int]], Iterable[int]]
MemberCheck = Callable[[object], bool]

_NIKS: dict[str, NikProvider] = {}
_BULK_NIKS: dict[str, Callable[[list[int]], Iterable[tuple[int, str]]]] = {}
_MEMBERS: list[tuple[MemberProvider, MemberCheck]] = []


def register_niks(name: str, provider: NikProvider, bulk=None) -> None:
    """`provider(user)` -> NIKs; `bulk(user_ids)` -> (user id, NIK) pairs, one query for many users (optional)."""
    _NIKS[name] = provider
    if bulk is not None:
        _BULK_NIKS[name] = bulk


def niks_by_user(user_ids: list[int], *, leave_out: Iterable[str] = ()) -> dict[int, frozenset[str]]:
    """The NIKs of many users at once (one query per provider that has a bulk form; the others are asked per user
    by `niks_of`), except those of the providers named in `leave_out`."""
    skipped = set(leave_out)
    found: dict[int, set[str]] = {pk: set() for pk in user_ids}
    if user_ids:
        for name, bulk in _BULK_NIKS.items():
            if name not in skipped:
                for pk, nik in bulk(user_ids):
                    if nik:
                        found.setdefault(pk, set()).add(nik)
    return {pk: frozenset(niks) for pk, niks in found.items()}


def register_members(provider: MemberProvider, check: MemberCheck) -> None:
    if all(existing is not provider for existing, _ in _MEMBERS):
        _MEMBERS.append((provider, check))


def niks_of(user, *, leave_out: Iterable[str] = ()) -> frozenset[str]:
    """The NIKs recorded for `user` by every provider except those named in `leave_out` (the caller read them)."""
    if user is None or getattr(user, "pk", None) is None:
        return frozenset()
    skipped = set(leave_out)
    found: set[str] = set()
    for name, provider in _NIKS.items():
        if name not in skipped:
            found.update(nik for nik in provider(user) if nik)
    return frozenset(found)


def members_of(agency_ids: list[int]) -> list[Iterable[int]]:
    """The user ids of those working in these agencies without a role, one iterable per provider (a queryset
    of ids, used as a subquery: a province's staff are never loaded into memory)."""
    return [provider(agency_ids) for provider, _check in _MEMBERS]


def is_member(user) -> bool:
    return any(check(user) for _provider, check in _MEMBERS)
