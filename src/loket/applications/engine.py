"""The engine's window on a case's work: the procedure layer registers itself here at start-up (ADR 0011).

The engine (this app) owns the case; procedures, tasks and the SLA clock belong to `workflow`, which sits
above it. So the engine never imports workflow: it calls the one procedure registered here.
"""

from typing import Protocol


class Procedure(Protocol):
    def has_steps(self, standard) -> bool:
        """True when the standard version has a procedure (an online application can start)."""

    def steps(self, standard) -> list:
        """The steps of the version's procedure in order (objects with position, name_id, name_en)."""

    def open_work(self, application) -> list:
        """The open tasks of a case (objects with .step and .unit), by step position."""

    def first_work(self, application, now, memo: dict | None = None) -> list:
        """The unsaved first tasks of a new case (the submit transaction writes them). `memo`: one dict shared by
        the cases a caller opens together, for what the procedure reads once for all of them; the caller may put
        the cases' applicants under "applicants"."""

    def work_records(self, application, work) -> list:
        """Unsaved audit events of how the procedure handed out `work` (e.g. assigned by rule), written after it."""

    def resume(self, application, now) -> None:
        """The applicant resubmitted a returned case: restart the clock and reopen the returning step."""

    def release_held_work(self, application, now) -> None:
        """The case's work was held (its consent form under review) and may start: hand it out as a new case's."""

    def cancel_open_work(self, application) -> None:
        """The case ended outside the procedure (withdrawn): its open tasks are cancelled."""

    def works_on(self, user, application) -> bool:
        """Whether the case is in `user`'s work: an open task they may act on, or one they took or decided."""


_REGISTERED: list[Procedure] = []


def register_procedure(procedure: Procedure) -> None:
    _REGISTERED[:] = [procedure]


def procedure() -> Procedure:
    if not _REGISTERED:
        raise RuntimeError("No procedure is registered with the case engine (is loket.workflow installed?)")
    return _REGISTERED[0]
