"""The life of a case: its states, the allowed transitions, and the one function that takes them (ADR 0011).

Every change of a case's `status` goes through `transition()` (or, for a new case, `opening_rows()`),
which writes the status and its fields, the history event, the audit event and the notice to the
applicant in the caller's transaction. No other module assigns `Application.status`; a test walks the
source to keep it so.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from loket.applications.models import Application, ApplicationEvent
from loket.applications.notices import notice_rows, notify_applicant
from loket.core import audit
from loket.core.errors import LoketError, NotFound
from loket.core.i18n import tr

S = Application.Status

# Who may take a transition: the applicant (or the officer who filed for them at a counter), an officer
# acting on the case's work (the procedure decided that), or the system (a scheduled job, a webhook).
APPLICANT, OFFICER, SYSTEM = "applicant", "officer", "system"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset
    target: str
    by: frozenset
    event: str  # kind of the history event the applicant sees
    notice: str  # notification template ("" = none)
    audit: str  # audit action
    note_required: bool = False
    decides: bool = False  # ends the case: decided_at and decision note are written
    pauses: bool = False  # stops the case's clock (returned to the applicant, waiting for an outside step)
    restarts: bool = False  # the clock runs again (the procedure adds the paused working days)


def _t(name, sources, target, by, event, notice, **flags) -> Transition:
    return Transition(name, frozenset(sources), target, frozenset(by), event, notice, f"applications.{event}", **flags)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t("submit", [], S.SUBMITTED, [APPLICANT, SYSTEM], "submitted", "application_submitted"),
        _t("return", [S.SUBMITTED], S.RETURNED, [OFFICER], "returned", "application_returned", note_required=True, pauses=True),
        _t("resubmit", [S.RETURNED], S.SUBMITTED, [APPLICANT], "resubmitted", "application_submitted", restarts=True),
        _t("wait", [S.SUBMITTED], S.WAITING, [OFFICER, SYSTEM], "waiting", "application_waiting", note_required=True, pauses=True),
        _t("resume", [S.WAITING], S.SUBMITTED, [OFFICER, SYSTEM], "resumed", "application_resumed", restarts=True),
        _t("reject", [S.SUBMITTED], S.REJECTED, [OFFICER, SYSTEM], "rejected", "application_rejected", note_required=True, decides=True),
        _t("complete", [S.SUBMITTED], S.COMPLETED, [OFFICER, SYSTEM], "completed", "application_completed", decides=True),
        _t("withdraw", [S.SUBMITTED, S.RETURNED, S.WAITING], S.WITHDRAWN, [APPLICANT], "withdrawn", "application_withdrawn", decides=True),
    )
}  # fmt: skip

# One label per state and per history event, for every page, e-mail and API answer that names them.
STATUS_LABELS = {
    S.SUBMITTED: ("Sedang diproses", "In process"),
    S.RETURNED: ("Dikembalikan untuk perbaikan", "Returned for correction"),
    S.WAITING: ("Menunggu langkah di luar Loket", "Waiting for an outside step"),
    S.COMPLETED: ("Selesai", "Completed"),
    S.REJECTED: ("Ditolak", "Rejected"),
    S.WITHDRAWN: ("Dicabut pemohon", "Withdrawn by the applicant"),
}
EVENT_LABELS = {
    "submitted": ("Permohonan diterima", "Application received"),
    "resubmitted": ("Perbaikan dikirim pemohon", "Correction sent by the applicant"),
    "step_approved": ("Tahap disetujui", "Step approved"),
    "returned": ("Dikembalikan untuk perbaikan", "Returned for correction"),
    "waiting": ("Menunggu langkah di luar Loket", "Waiting for an outside step"),
    "resumed": ("Diproses kembali", "Processing resumed"),
    "rejected": ("Permohonan ditolak", "Application rejected"),
    "completed": ("Permohonan selesai", "Application completed"),
    "withdrawn": ("Permohonan dicabut", "Application withdrawn"),
    "facts_updated": ("Data permohonan diperbarui", "Application data updated"),
}


def status_label(status: str) -> str:
    return tr(*STATUS_LABELS.get(status, (status, status)))


def event_label(kind: str) -> str:
    readable = kind.replace("_", " ")
    return tr(*EVENT_LABELS.get(kind, (readable, readable)))


# Sent inside the transaction of every transition taken (receivers write with it or roll back with it):
# documents issues the decision of a completed case, hr follows its own records of a leave request.
case_changed = Signal()  # sender=Application; application, transition, actor, now, note


# Kinds of case whose applicant may not withdraw them (a case Loket opened itself for a right the applicant
# holds, e.g. a KGB): check(application) -> the message saying why and whom to ask, or None.
_WITHDRAWAL_REFUSALS: list = []


def refuse_withdrawal_when(check) -> None:
    if check not in _WITHDRAWAL_REFUSALS:
        _WITHDRAWAL_REFUSALS.append(check)


def withdrawal_refusal(application: Application) -> str | None:
    """Why the applicant may not withdraw this case, or None."""
    for check in _WITHDRAWAL_REFUSALS:
        message = check(application)
        if message:
            return message
    return None


def allowed(application: Application, name: str) -> bool:
    return application.status in TRANSITIONS[name].sources


def _may_take(transition: Transition, application: Application, actor) -> bool:
    if actor is None:
        return SYSTEM in transition.by
    if APPLICANT in transition.by and actor.pk in (application.applicant_id, application.assisted_by_id):
        return True
    # An officer never decides their own case. (The officer who filed it at a counter is refused by the
    # integrity rules of issue 13, which also cover steering and double approvals.)
    return OFFICER in transition.by and actor.pk != application.applicant_id


def event_row(application: Application, kind: str, *, actor=None, step_name: str = "", note: str = "", now=None):
    return ApplicationEvent(
        application=application,
        occurred_at=now or timezone.now(),
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        step_name=step_name,
        note=note,
    )


def opening_rows(application: Application, *, actor, now: dt.datetime, data: dict) -> list:
    """The unsaved rows of a new case's first transition, one list per table (the submit batch writes
    them in one round trip)."""
    opening = TRANSITIONS["submit"]
    return [
        [event_row(application, opening.event, actor=actor, now=now)],
        [audit.build(opening.audit, obj=application, actor=actor, data=data)],
    ]


def opening_notices(application: Application) -> list:
    """The unsaved notice of a new case (written with ignore_conflicts: the key makes it once-only)."""
    return notice_rows(application, TRANSITIONS["submit"].notice, key=f"application:{application.pk}:submitted")


def transition(
    application: Application,
    name: str,
    *,
    actor=None,
    now: dt.datetime | None = None,
    note: str = "",
    step_name: str = "",
    notice_key: str = "",
    audit_data: dict | None = None,
    quiet: bool = False,
) -> Application:
    """Take one transition of a case locked by the caller (select_for_update) inside its transaction.

    Writes status and the fields the transition owns, bumps the version, and records the history event,
    the audit event and the applicant's notice. The procedure's own bookkeeping (tasks, the clock's
    working days) is the caller's; this function is the only writer of `status`.
    """
    found = TRANSITIONS.get(name)
    if found is None:
        raise LoketError(tr("Tindakan tidak dikenal.", "Unknown action."))
    if not _may_take(found, application, actor):
        raise NotFound(tr("Permohonan tidak ditemukan atau bukan wewenang Anda.", "Case not found or not yours."))
    if application.status not in found.sources:
        raise LoketError(
            tr(
                f"Permohonan berstatus {application.get_status_display().lower()}; tindakan ini tidak dapat dilakukan.",
                f"The case is {application.status}; this action is not possible.",
            )
        )
    note = (note or "").strip()
    if found.note_required and not note:
        raise LoketError(
            tr("Alasan wajib diisi agar pemohon tahu apa yang terjadi.", "A reason is required."), field="note"
        )
    now = now or timezone.now()
    fields = ["status", "version"]
    application.status = found.target
    application.version = F("version") + 1
    if found.decides:
        application.decided_at, application.decision_note = now, note
        fields += ["decided_at", "decision_note"]
    if found.pauses:
        application.paused_at = now
        application.waiting_for = note if found.target == S.WAITING else ""
        fields += ["paused_at", "waiting_for"]
        if found.target == S.RETURNED:
            application.revision_count = F("revision_count") + 1
            fields.append("revision_count")
    if found.restarts:
        application.paused_at, application.waiting_for = None, ""
        fields += ["paused_at", "waiting_for", "due_at", "paused_working_days"]
    application.save(update_fields=fields)
    application.refresh_from_db(fields=["version", "revision_count"])
    event_row(application, found.event, actor=actor, step_name=step_name, note=note, now=now).save(force_insert=True)
    audit.record(
        found.audit,
        obj=application,
        actor=actor,
        data={"tracking": application.tracking_number, **({"note": note} if note else {}), **(audit_data or {})},
    )
    if found.notice and not quiet:  # quiet: recording a past change (a backfill), nobody is told again
        notify_applicant(
            application,
            found.notice,
            key=notice_key or f"application:{application.pk}:{found.event}:{application.version}",
            note=note,
            step=step_name,
        )
    case_changed.send(sender=Application, application=application, transition=found, actor=actor, now=now, note=note)
    return application
