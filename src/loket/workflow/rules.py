"""Pure rules of a procedure (SOP): no Django imports.

UU 25/2009 art. 21(b)-(c): the procedure and its time limit are part of the published standard, so the
steps' SLAs must fit inside the standard's time limit. A parallel step (several units at once) costs
its SLA once.
"""

import re
from dataclasses import dataclass


def procedure_errors(steps: list[dict], time_limit_days: int | None) -> list[str]:
    """steps: [{"name": str, "sla_days": int, "role": str, "parallel_units": [ids], "kind": str}]; Indonesian
    messages."""
    errors = []
    if not steps:
        errors.append("Prosedur minimal memuat satu langkah.")
    for index, step in enumerate(steps, start=1):
        if not str(step.get("name", "")).strip():
            errors.append(f"Langkah {index}: nama langkah wajib diisi.")
        sla = step.get("sla_days")
        if not isinstance(sla, int) or isinstance(sla, bool) or sla < 1:
            errors.append(f"Langkah {index}: SLA harus bilangan bulat minimal 1 hari kerja.")
        if len(step.get("parallel_units") or []) == 1:
            errors.append(f"Langkah {index}: langkah paralel memerlukan minimal dua unit.")
    # A system step (a payment) runs with the case's clock stopped: its days are not the agency's to spend.
    total = sum(s["sla_days"] for s in steps if isinstance(s.get("sla_days"), int) and not s.get("kind"))
    if time_limit_days and total > time_limit_days:
        errors.append(
            f"Jumlah SLA semua langkah ({total} hari kerja) melebihi jangka waktu layanan ({time_limit_days} hari kerja)."
        )
    return errors


def remaining_days(total: int, used: int) -> int:
    """Working days still owed after a pause; at least one so a resumed step is never born overdue."""
    return max(total - used, 1)


# ---------------------------------------------------------------- separation of duties (issue 13)
#
# UU 25/2009 art. 34 (a, c, i): officers act honestly, without discrimination or conflict of interest; UU 30/2014
# art. 42-43 (Administrasi Pemerintahan): an official with a conflict of interest may not take the decision;
# PP 94/2021 art. 5: civil servants may not use their office for their own gain. On the engine these become
# refusals that hold for every kind of case, before any view or kind-specific rule is asked.

OWN_CASE = "own_case"  # the actor is the applicant (same account or same NIK on another account)
FILED_IT = "filed_it"  # the actor filed the case for the applicant (counter / assisted)
RELATIVE = "relative"  # the actor declared the applicant (by NIK) a relative of theirs
SECOND_APPROVAL = "second_approval"  # the actor already approved another step of this case


def separation_refusal(
    *,
    actor_id: int,
    actor_niks: frozenset[str],
    applicant_id: int,
    applicant_nik: str,
    filed_by_id: int | None,
    earlier_approvals: frozenset[tuple[int, int]],
    approving: bool,
    repeat_of_step: int | None = None,
    relative_niks: frozenset[str] = frozenset(),
    applicant_other_niks: frozenset[str] = frozenset(),
) -> str | None:
    """Why the actor may not act on this step of this case, or None. Pure: the caller gathers the facts.

    `earlier_approvals`: (user id, step position) of every approval already given on the case. One person gives one
    approval per case, except where this step's SOP names one earlier step (`repeat_of_step`, e-Mutasi's receiving
    official who agreed and then sets the decree): the one who approved that step may approve this one too, and
    nobody who approved any other step.
    `relative_niks`: the NIKs of the relatives the actor has declared (and not withdrawn); UU 30/2014 art. 43(1)
    counts a family relation with the party among the conflicts of interest that bar an official from deciding.
    `applicant_other_niks`: NIKs the applicant is known by besides their citizen profile (a civil servant's
    employee record)."""
    applicant_niks = ({applicant_nik} if applicant_nik else set()) | set(applicant_other_niks)
    if actor_id == applicant_id or applicant_niks & set(actor_niks):
        return OWN_CASE
    if filed_by_id is not None and actor_id == filed_by_id:
        return FILED_IT
    if applicant_niks & set(relative_niks):
        return RELATIVE
    if approving and any(user_id == actor_id and position != repeat_of_step for user_id, position in earlier_approvals):
        return SECOND_APPROVAL
    return None


# ---------------------------------------------------------------- returns (issue 13)

# A return asks the applicant for what the published standard requires, never for money: the only money a
# citizen pays is the published fee, charged at the payment step (UU 25/2009 art. 21 f and art. 34 i; Perpres
# 87/2016, Saber Pungli). Words and amounts that ask for payment are refused in a return's explanation.
_MONEY = re.compile(
    r"\brp\.?\s*\d|\d[\d.,]*\s*(ribu|rb|juta|jt)\b|\brupiah\b|\bidr\s*\d"
    r"|\b(setor\w*|menyetor|transfer|bayar\w*|membayar|pembayaran|biaya|uang|imbalan|pungut\w*|tips?)\b",
    re.IGNORECASE,
)


def demands_money(note: str) -> bool:
    """Whether a return's explanation asks for payment (amounts, 'setor', 'bayar', 'biaya', ...)."""
    return bool(_MONEY.search(note or ""))


NO_REQUIREMENT = "no_requirement"
UNKNOWN_REQUIREMENT = "unknown_requirement"
ASKS_MONEY = "asks_money"
TOO_MANY_RETURNS = "too_many_returns"


def return_refusal(
    *,
    chosen: list[str],
    requirements: list[str],
    note: str,
    returns_so_far: int,
    limit: int,
    by_supervisor: bool,
) -> str | None:
    """Why a return may not be made, or None. `chosen`: the unmet requirements the officer ticked, which must be
    requirements of the standard version the case was filed under; after `limit` returns only a supervisor may
    return the case again (the case has gone to them)."""
    if not chosen:
        return NO_REQUIREMENT
    if any(name not in requirements for name in chosen):
        return UNKNOWN_REQUIREMENT
    if demands_money(note):
        return ASKS_MONEY
    if returns_so_far >= limit and not by_supervisor:
        return TOO_MANY_RETURNS
    return None


TOO_MANY_WAITS = "too_many_waits"


def note_refusal(*, action: str, note: str, waits_so_far: int = 0, limit: int = 2, by_supervisor: bool = False):
    """Why a note the applicant reads may not go with a rejection or a wait, or None: it never asks for money
    (as a return's, see `demands_money`); and a wait stops the case's clock, so after `limit` waits only a
    supervisor may stop it again (the same lever as endless returns, finding 4 of issue 13)."""
    if demands_money(note):
        return ASKS_MONEY
    if action == "wait" and waits_so_far >= limit and not by_supervisor:
        return TOO_MANY_WAITS
    return None


# ---------------------------------------------------------------- system-assigned work (issue 13)
#
# UU 25/2009 art. 34 (a, c): officers serve without discrimination; Perpres 87/2016 (Saber Pungli): an officer who
# chooses whose case to take can choose whom to charge. Where the unit's policy is automatic, the engine hands each
# new task to one eligible officer by rule, and the officer never picks the applicant.

MANUAL = "manual"  # officers take tasks from the unit's inbox (in deadline order; out-of-order claims recorded)
ROUND_ROBIN = "round_robin"  # in turn: whoever was given a task longest ago
LEAST_LOADED = "least_loaded"  # fewest open tasks; ties to whoever was given a task longest ago
POLICIES = (MANUAL, ROUND_ROBIN, LEAST_LOADED)


@dataclass(frozen=True)
class Candidate:
    """One officer holding the step's role in the task's unit, with the facts the choice needs."""

    user_id: int
    open_tasks: int = 0
    last_assigned: object = None  # when they were last given a task (any comparable moment); None: never
    away: bool = False  # on approved leave today
    refusal: str | None = None  # why separation of duties bars them from this case (separation_refusal)


def _turn(candidate: Candidate) -> tuple:
    """Who was given a task longest ago comes first; never given one comes before everyone; then by id."""
    given = candidate.last_assigned
    return (given is not None, given if given is not None else 0, candidate.user_id)


def assignee_choice(policy: str, candidates: list[Candidate]) -> int | None:
    """The officer an automatic policy gives the task to, or None (manual policy, or nobody eligible: not away,
    not refused by separation of duties)."""
    eligible = [c for c in candidates if not c.away and c.refusal is None]
    if policy not in (ROUND_ROBIN, LEAST_LOADED) or not eligible:
        return None
    if policy == LEAST_LOADED:
        return min(eligible, key=lambda c: (c.open_tasks, *_turn(c))).user_id
    return min(eligible, key=_turn).user_id


# ---------------------------------------------------------------- consent held for review (issue 13, finding 5)

# A case filed by an officer for a citizen without phone or e-mail rests on the citizen's signed consent form
# (UU 27/2022 art. 22, confirm); until a supervisor has checked that scan nobody works on the case, whatever the
# page or kind of case (applications.rules.scan_review_refusal decides the review itself).
CONSENT_UNDER_REVIEW = "consent_under_review"
CONSENT_REJECTED = "consent_rejected"


def consent_hold_refusal(review: str) -> str | None:
    """Why a case's work may not be acted on because of its consent review ("" when no review applies)."""
    if review == "pending":
        return CONSENT_UNDER_REVIEW
    if review == "rejected":
        return CONSENT_REJECTED
    return None
