"""Steps the system carries out instead of an officer (ADR 0020): a kind of case registers what its step kind
does, because workflow may not import it.

A step names its kind in `ProcedureStep.kind` (empty: an officer's decision). When the procedure reaches such a
step, the engine asks the kind whether the step applies to this case (a free service owes no payment: the step
is passed over like an addressee rule's SKIP), saves the step's task, then hands it to `opened` in the same
transaction — e.g. payments issues the assessment and puts the case in WAITING with its clock stopped. The
kind later ends the step through the engine's entry points (`decide_for_kind`, `end_for_kind`), never by
writing tasks itself.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class StepKind:
    name: str
    applies: Callable  # (application, step) -> bool
    opened: Callable  # (application, step, tasks, now) -> None, inside the transaction that opened the step


# The step role of a system step's task: no role assignment grants it, so no inbox lists the task and no officer
# can claim, reassign or decide it (org.permissions.task_scope); only the kind ends it, through the engine.
SYSTEM_ROLE = "system"

_KINDS: dict[str, StepKind] = {}


class UnknownStepKind(LookupError):
    pass


def register(kind: StepKind) -> None:
    _KINDS[kind.name] = kind


def get(name: str) -> StepKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise UnknownStepKind(name) from None
