"""An official signs an HR decree: one path for every kind (the KGB notice, the KGB deferral decree, the promotion
decree, the credit-point decree PAK, the pension and transfer decrees), and BKD stops a file with its reason
(`cancellation_note`, `end_with_reason`: one path for every kind).

1. Who may sign is asked before the TOTP code (`may_sign_as_official`: the record's authorized official, or whoever
   stands in for them today through `org.permissions.acting_persons`, never the decree's own subject), and the code
   before the transaction: a wrong code's count towards the lockout, its audit event and a lockout notice must not
   roll back (org/second_factor.py). Inside the transaction the record is locked and asked again.
2. The decree is issued and PAdES-signed through `loket.documents` (its number per agency and year is the decree's
   number), with the signer's own title, or "Plh." of the official's when a stand-in signs.
3. The kind records the number and the document on its record, then the case's signing step ends through the engine
   (`workflow.decide_for_kind`: the separation-of-duties rules of ADR 13 apply there, whatever the kind).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from loket.core import audit
from loket.core.errors import LoketError, PermissionDenied
from loket.core.i18n import tr
from loket.hr import queries
from loket.hr import rules as hr_rules
from loket.hr.models import Employee
from loket.org import permissions, second_factor
from loket.workflow import rules as workflow_rules
from loket.workflow import services as workflow

T = TypeVar("T")
R = TypeVar("R")


def signer_title(signer: Employee, principal: Employee | None) -> str:
    """The position under the signature: the official's own, or "Plh." of the official's when a stand-in signs."""
    if principal is not None and principal.pk != signer.pk:
        return f"Plh. {principal.position_name}"[:200]
    return signer.position_name[:200]


_NAMED = object()  # the official the record names (`record.official`)


def official_refusal(record, me: Employee, persons, *, official=_NAMED, post_agency_id=None) -> str | None:
    """Why `me` may not act as the official `record` names (`official`, else `record.official`), or None: the
    one rule, hr.rules.official_refusal: the official or their stand-in today (`persons`: the users `me` acts for),
    while the official still heads the agency the record belongs to (`post_agency_id`, else the subject's agency),
    never the record's own subject."""
    official = record.official if official is _NAMED else official

    def holds_post() -> bool:
        agency_id = post_agency_id
        if agency_id is None:
            agency_id = Employee.objects.filter(pk=record.employee_id).values_list("agency_id", flat=True).first()
        return queries.holds_post(official.pk, agency_id)

    return hr_rules.official_refusal(
        me_id=me.pk,
        subject_id=record.employee_id,
        official_id=official.pk if official is not None else None,
        official_user_id=official.user_id if official is not None else None,
        acting_user_ids=frozenset(persons),
        official_holds_post=holds_post,
    )


def may_sign_as_official(record, me: Employee, persons, **post) -> bool:
    """Whether `me` may sign `record` (anything with `official` and `employee_id`): `official_refusal` says nothing."""
    return official_refusal(record, me, persons, **post) is None


def refuse_unless_official(record, me: Employee, persons, *, refusal: str, **post) -> None:
    """PermissionDenied unless `me` may act as the record's official: `refusal` (the kind's words) when they are
    not its official at all, the rule's own message when the official has left the post."""
    reason = official_refusal(record, me, persons, **post)
    if reason == hr_rules.LEFT_THE_POST:
        raise PermissionDenied(tr(*hr_rules.OFFICIAL_MESSAGES[reason]))
    if reason is not None:
        raise PermissionDenied(refusal)


def official_signs(
    *,
    actor,
    otp: str,
    purpose: str,
    load: Callable[[bool], T | None],
    check: Callable[[T | None, Employee, frozenset], None],
    sign: Callable[[T, Employee], R],
    refusal: str,
    before_code: Callable[[], None] | None = None,
    today: dt.date | None = None,
) -> R:
    """The official (or their stand-in today) signs with their own TOTP code.

    `load(lock)` reads the record (locked for update when `lock`), `check(record, me, persons)` raises unless `me`
    may sign it now, `before_code()` runs further checks of the kind before the code is spent, `sign(record, me)`
    issues and records the decree inside the transaction. `refusal` is the message for a user without an employee
    record."""
    me = queries.employee_of(actor)
    today = today or timezone.localdate()
    if me is None:
        raise PermissionDenied(refusal)
    persons = permissions.acting_persons(actor, today)
    check(load(False), me, persons)
    if before_code is not None:
        before_code()
    second_factor.check_code(actor, otp, purpose=purpose)
    with transaction.atomic():
        record = load(True)
        check(record, me, persons)
        return sign(record, me)


def issue(
    *,
    subject,
    signer: Employee,
    principal: Employee | None,
    actor,
    otp: str = "",
    now=None,
    verify_second_factor: bool = True,
    record: Callable[[object], None] | None = None,
    case_id: int | None = None,
    action: str = "approve",
    note: str | None = None,
):
    """Issue `subject` as a decree PAdES-signed by `signer` (for `principal`, the authorized official), in the
    caller's transaction; `record(document)` writes the decree's number and document on the kind's record; then the
    case's signing step ends with `action` (the engine's rules apply). Returns the signed `documents.Document`."""
    from loket.documents import services as documents

    if signer.user is None:
        raise PermissionDenied(tr("Penanda tangan belum memiliki akun.", "The signer has no account."))
    now = now or timezone.now()
    document = documents.issue_and_sign(
        subject=subject,
        signer=signer.user,
        otp=otp,
        signer_title=signer_title(signer, principal or signer),
        signer_name=signer.full_name,
        now=now,
        verify_second_factor=verify_second_factor,
    )
    if record is not None:
        record(document)
    if case_id is not None:
        workflow.decide_for_kind(
            case_id, actor=actor, action=action, note=note or f"Ditandatangani {signer.full_name}.", now=now
        )
    return document


def bkn_approval(number: str, day: dt.date | None, today: dt.date) -> tuple[str, dt.date]:
    """BKN's technical approval (pertimbangan teknis) as BKD records it for a decree that needs it (promotion,
    pension): its number, and its date, never in the future. Returns (number, day) or refuses with the field."""
    number = (number or "").strip()
    if not number:
        raise LoketError(tr("Isi nomor pertimbangan teknis BKN.", "Enter the BKN approval number."), field="number")
    if day is None or day > today:
        raise LoketError(
            tr(
                "Isi tanggal pertimbangan teknis BKN (tidak boleh di masa depan).",
                "Enter the approval's date (not in the future).",
            ),
            field="day",
        )
    return number[:100], day


# --- BKD ends a decree's file with its reason (promotion, PAK, pension, transfer) ---------------------------------


def cancellation_note(note: str) -> str:
    """BKD's reason to stop a file, which the employee reads: required, and never a demand for money (ADR 13, as
    every note to an applicant). Returns it stripped and cut to 300 characters, or refuses with the field."""
    note = (note or "").strip()
    if not note:
        raise LoketError(tr("Tuliskan alasan pembatalan.", "Give the reason."), field="note")
    if workflow_rules.demands_money(note):
        raise LoketError(
            tr(
                "Alasan pembatalan tidak boleh meminta pembayaran atau uang dalam bentuk apa pun.",
                "A cancellation reason may not ask for money of any kind.",
            ),
            field="note",
        )
    return note[:300]


def end_with_reason(record, *, actor, note: str, event: str, status: str, by_actor: bool = True) -> str:
    """End a locked record (anything with `status`, `note` and `case_id`, its state already checked) and its case
    with BKD's reason (`cancellation_note`): the record says why, the case ends through the engine
    (`workflow.end_for_kind`: a case waiting for BKN resumes first, then its open step is rejected with the reason,
    by `actor` when `by_actor`, else by the system) and `event` is audited. Returns the reason as written."""
    reason = f"Dibatalkan BKD: {note}"
    record.status, record.note = status, f"{record.note} {reason}".strip()[:500]
    record.save(update_fields=["status", "note"])
    if record.case_id is not None:
        workflow.end_for_kind(record.case_id, note=reason, actor=actor if by_actor else None)
    audit.record(event, obj=record, actor=actor, data={"note": note})
    return reason
