"""The workflow engine: start an application's procedure, act on tasks, pause and resume the clock.

Concurrency: every action is a conditional UPDATE on the task (status still open and version as seen),
so of two officers acting at once exactly one succeeds and the other gets a clear conflict message.
"""

import datetime as dt
import time

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q, Value
from django.utils import timezone

from loket.applications import access, lifecycle
from loket.applications.apps import CITIZEN_PROFILE
from loket.applications.models import Application, CaseAccess, CaseConsent, CitizenProfile
from loket.applications.notices import notice_rows
from loket.catalogue import cache as catalogue_cache
from loket.core import audit, batch
from loket.core import rows as plain_rows
from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.i18n import tr
from loket.org import deadlines, people, permissions
from loket.org.models import DeclaredRelative, Role
from loket.workflow import addressees, decisions, queries, rules, step_kinds
from loket.workflow.models import AssignmentPolicy, ProcedureStep, Task


class Conflict(LoketError):
    status = 409


_PUBLISHED_STEPS: dict[tuple, list[ProcedureStep]] = {}


def steps_of(standard) -> list[ProcedureStep]:
    """The SOP of a standard version; cached per process once published (published steps never change)."""
    # Keyed with the publication time too, so a reused id (restored or reseeded database) never matches.
    key = (standard.pk, standard.published_at)
    cached = _PUBLISHED_STEPS.get(key)
    if cached is not None:
        return cached
    steps = list(ProcedureStep.objects.filter(standard_id=standard.pk).prefetch_related("parallel_units"))
    if not standard.is_draft:
        _PUBLISHED_STEPS[key] = steps
    return steps


def _step_tasks(
    application: Application,
    step: ProcedureStep,
    now,
    days: int | None = None,
    due=None,
    role: str = "",
    *,
    earlier=None,
    memo: dict | None = None,
) -> list[Task]:
    tasks = _addressed_tasks(application, step, now, days, due, role)
    if not step.kind:  # a system step's task is nobody's to hold
        _assign(application, step, tasks, now, earlier=earlier, memo=memo)
    return tasks


def _addressed_tasks(
    application: Application, step: ProcedureStep, now, days: int | None, due, role: str
) -> list[Task]:
    if step.kind and not step_kinds.get(step.kind).applies(application, step):
        return []  # e.g. a payment step of a free service: the procedure moves on
    due = due or deadlines.due_after(now, days or step.sla_days, application.region)
    assignee, fallback = None, ""
    if step.addressee:  # only addressed steps pay for the lookup (submit's statement count stays the same)
        assignee = addressees.resolve(application, step)
        if assignee is addressees.SKIP:
            return []
        if assignee is addressees.UNIT:
            assignee = None
        elif assignee is None:
            fallback = _fallback_note(step)
    if assignee is not None:
        unit_ids = [step.unit_id]  # one person decides; the unit only says where the task would fall back
    else:
        unit_ids = [unit.pk for unit in step.parallel_units.all()] or [step.unit_id]
    return [
        Task(
            application=application,
            step=step,
            unit_id=unit_id,
            agency_id_cache=application.agency_id,
            # A system step's task carries a role no person holds: it is in no inbox and nobody can act on it.
            step_role=step_kinds.SYSTEM_ROLE if step.kind else role if role and assignee is None else step.role,
            assignee=assignee,
            created_at=now,
            due_at=due,
            note=fallback,
        )
        for unit_id in unit_ids
    ]


def _fallback_note(step: ProcedureStep) -> str:
    """Why an addressed step's task went to its unit and role instead (kept on the task and in the audit log)."""
    label = ProcedureStep.Addressee(step.addressee).label
    return f"{label} tidak ditemukan; tugas diarahkan ke unit dan peran langkah ini."


def _open_step(
    application: Application, step: ProcedureStep, now, days: int | None = None, due=None, role: str = "", rows=None
) -> list[Task]:
    """Open `step`'s tasks: written now, or added to `rows` (a `core.batch.Batch` the caller writes)."""
    tasks = _step_tasks(application, step, now, days, due=due, role=role)
    fallbacks = [task for task in tasks if task.note and step.addressee and task.assignee_id is None]
    if rows is None or fallbacks or (step.kind and tasks):
        if rows is not None and step.kind:
            rows.write(savepoint=False)  # the step before this one is recorded before the system acts on it
        Task.objects.bulk_create(tasks)  # a fallback's audit event names its task: it needs the id now
    else:
        rows.add(tasks)
    events = [
        audit.build(
            "workflow.task_addressee_fallback",
            obj=task,
            data={"tracking": application.tracking_number, "addressee": step.addressee, "note": task.note},
        )
        for task in fallbacks
    ] + assignment_records(application, tasks)
    if rows is None:
        for event in events:
            event.save(force_insert=True)
    else:
        rows.add(events)
    if step.kind and tasks:
        if rows is not None:
            rows.write(savepoint=False)
        step_kinds.get(step.kind).opened(application, step, tasks, now)
    return tasks


def first_tasks(application: Application, now, memo: dict | None = None) -> list[Task]:
    """The unsaved tasks of the procedure's first step (the submit transaction writes them, with
    `assignment_records`). `memo`: shared by the cases one caller opens together (`open_cases`), so that a unit's
    assignment facts are read once for all of them."""
    steps = steps_of(application.standard)
    if not steps:
        raise LoketError("Layanan ini belum memiliki prosedur (SOP); hubungi perangkat daerah.")
    for step in steps:
        # A new case has no earlier approver.
        tasks = _step_tasks(application, step, now, earlier=frozenset(), memo=memo)
        if tasks:
            return tasks
    raise LoketError("Tidak ada langkah prosedur yang berlaku untuk permohonan ini; hubungi perangkat daerah.")


def start(application: Application, now) -> list[Task]:
    """Open the first step of the application's procedure (called inside the submit transaction)."""
    tasks = first_tasks(application, now)
    Task.objects.bulk_create(tasks)
    for event in assignment_records(application, tasks):
        event.save(force_insert=True)
    return tasks


def open_task_of(application_id: int) -> Task | None:
    """The open task of a case whose steps each have one decider (e.g. a person-addressed step)."""
    return Task.objects.filter(application_id=application_id, status=Task.Status.OPEN).order_by("pk").first()


ACTIONS = ("approve", "return", "reject", "wait", "resume")


def get_task_for(actor, task_id: int, day=None) -> Task:
    task = (
        Task.objects.select_related(
            "application__region", "application__service", "application__applicant", "application__standard", "step"
        )
        .filter(permissions.task_scope(actor, day=day), pk=task_id)
        .first()
    )
    if task is None:
        raise NotFound(tr("Tugas tidak ditemukan atau bukan wewenang Anda.", "Task not found or not yours."))
    return task


SEPARATION_MESSAGES = {
    rules.OWN_CASE: (
        "Anda tidak dapat menindaklanjuti permohonan Anda sendiri; permohonan ini harus ditangani petugas lain.",
        "You cannot act on your own application; another officer must handle it.",
    ),
    rules.FILED_IT: (
        "Anda mengajukan permohonan ini atas nama pemohon; tindak lanjutnya harus dilakukan petugas lain.",
        "You filed this application on the applicant's behalf; another officer must act on it.",
    ),
    rules.RELATIVE: (
        "Anda telah menyatakan pemohon sebagai keluarga Anda; tugas ini harus dikerjakan petugas lain.",
        "You have declared the applicant a relative of yours; another officer must do this task.",
    ),
    rules.SECOND_APPROVAL: (
        "Anda sudah menyetujui tahap lain permohonan ini; satu orang tidak boleh menyetujui dua tahap "
        "permohonan yang sama.",
        "You already approved another step of this application; one person may not approve two steps of it.",
    ),
}
RETURN_MESSAGES = {
    rules.NO_REQUIREMENT: (
        "Pilih persyaratan standar pelayanan yang belum dipenuhi pemohon.",
        "Choose the requirements of the service standard the applicant has not met.",
    ),
    rules.UNKNOWN_REQUIREMENT: (
        "Pengembalian hanya dapat meminta persyaratan yang tercantum dalam standar pelayanan permohonan ini.",
        "A return can only ask for requirements listed in this application's service standard.",
    ),
    rules.ASKS_MONEY: (
        "Pengembalian tidak boleh meminta pembayaran atau uang dalam bentuk apa pun. Biaya resmi hanya yang "
        "tercantum dalam standar pelayanan dan dibayar melalui tahap pembayaran.",
        "A return may never ask for payment or money of any kind. The only fee is the one in the service "
        "standard, paid at the payment step.",
    ),
    rules.TOO_MANY_RETURNS: (
        "Permohonan ini sudah dikembalikan {limit} kali; pengembalian berikutnya hanya dapat dilakukan penyelia.",
        "This application has been returned {limit} times; only a supervisor may return it again.",
    ),
}


def return_limit() -> int:
    """After this many returns a case goes to the supervisor (setting LOKET_MAX_RETURNS, default 2)."""
    return int(getattr(settings, "LOKET_MAX_RETURNS", 2))


def separation_reason(actor, task: Task, *, approving: bool) -> str | None:
    """The separation-of-duties rule (workflow.rules.separation_refusal) for this actor on this task."""
    application = task.application
    # The NIKs of both profiles and the actor's declared relatives in one statement.
    profiles = (
        CitizenProfile.objects.filter(user_id__in=[actor.pk, application.applicant_id])
        .annotate(kind=Value(_PROFILE_ROW))
        .values_list("user_id", "nik", "kind")
        .order_by()  # SQLite allows no ORDER BY inside a UNION
    )
    relatives = (
        DeclaredRelative.objects.filter(official_id=actor.pk, removed_at__isnull=True)
        .annotate(kind=Value(_RELATIVE_ROW))
        .values_list("official_id", "nik", "kind")
        .order_by()
    )
    found = list(profiles.union(relatives, all=True))
    niks = [(user_id, nik) for user_id, nik, kind in found if kind == _PROFILE_ROW]
    relative_niks = frozenset(nik for _user, nik, kind in found if kind == _RELATIVE_ROW)
    by_user = dict(niks)
    applicant_nik = by_user.get(application.applicant_id, "")
    # Known by the citizen profile, or by another record (a civil servant's employee record: org.people), so that an
    # officer's personal citizen account is his own case too.
    actor_niks = frozenset(n for user_id, n in niks if user_id == actor.pk) | people.niks_of(
        actor, leave_out=(CITIZEN_PROFILE,)
    )
    earlier = frozenset(
        Task.objects.filter(application_id=application.pk, status=Task.Status.APPROVED, completed_by__isnull=False)
        .exclude(pk=task.pk)
        .values_list("completed_by_id", "step__position")
    )
    return rules.separation_refusal(
        actor_id=actor.pk,
        actor_niks=actor_niks,
        applicant_id=application.applicant_id,
        applicant_nik=applicant_nik,
        filed_by_id=application.assisted_by_id,
        earlier_approvals=earlier,
        approving=approving,
        repeat_of_step=task.step.same_approver_step,
        relative_niks=relative_niks,
        applicant_other_niks=_applicant_other_niks(application, applicant_nik, relative_niks),
    )


_PROFILE_ROW, _RELATIVE_ROW = "profile", "relative"


def _applicant_other_niks(application: Application, profile_nik: str, relative_niks: frozenset) -> frozenset:
    """The NIKs the applicant is known by besides their citizen profile (org.people: a civil servant's employee
    record), asked only when the actor declared relatives the profile's NIK does not already match: at most one
    statement, none for an official without declarations."""
    if not relative_niks or profile_nik in relative_niks:
        return frozenset()
    from django.contrib.auth import get_user_model

    User = get_user_model()
    cached = Application._meta.get_field("applicant").is_cached(application)
    applicant = application.applicant if cached else User(pk=application.applicant_id)
    return people.niks_of(applicant, leave_out=(CITIZEN_PROFILE,))


def _refuse_conflict(actor, task: Task, action: str) -> None:
    if actor is None:
        return  # the system records a decision taken before the case was on the engine (demo history, backfill)
    reason = separation_reason(actor, task, approving=action == "approve")
    if reason:
        raise PermissionDenied(tr(*SEPARATION_MESSAGES[reason]))


HOLD_MESSAGES = {
    rules.CONSENT_UNDER_REVIEW: (
        "Permohonan ini diajukan petugas dengan formulir persetujuan bertanda tangan yang belum ditinjau penyelia; "
        "tugasnya baru dapat ditindaklanjuti setelah penyelia menerimanya.",
        "This application was filed by an officer with a signed consent form a supervisor has not reviewed yet; its "
        "work can be acted on once a supervisor accepts the form.",
    ),
    rules.CONSENT_REJECTED: (
        "Formulir persetujuan permohonan ini ditolak penyelia; permohonan sudah ditutup.",
        "A supervisor rejected this application's consent form; the application is closed.",
    ),
}


def consent_hold(application) -> str | None:
    """Whether the case's work is held for its consent review (workflow.rules.consent_hold_refusal). Only a case
    filed by an officer can be held: the others (online, leave, KGB) are not read for it."""
    if application.assisted_by_id is None:
        return None
    relation = Application._meta.get_field("consent")
    if relation.is_cached(application):  # the filing that made the record is asking: nothing to read
        record = relation.get_cached_value(application)
        review = record.review if record is not None else ""
    else:
        review = CaseConsent.objects.filter(application_id=application.pk).values_list("review", flat=True).first()
    return rules.consent_hold_refusal(review or "")


def _refuse_held(application) -> None:
    reason = consent_hold(application)
    if reason:
        raise PermissionDenied(tr(*HOLD_MESSAGES[reason]))


NOTE_MESSAGES = {
    rules.ASKS_MONEY: (
        "Catatan untuk pemohon tidak boleh meminta pembayaran atau uang dalam bentuk apa pun. Biaya resmi hanya "
        "yang tercantum dalam standar pelayanan.",
        "A note to the applicant may never ask for payment or money of any kind. The only fee is the one in the "
        "service standard.",
    ),
    rules.TOO_MANY_WAITS: (
        "Permohonan ini sudah {limit} kali ditunda menunggu langkah di luar Loket; penundaan berikutnya hanya oleh "
        "penyelia.",
        "This application has already waited {limit} times for an outside step; only a supervisor may stop its "
        "clock again.",
    ),
}


def _check_note(actor, task: Task, action: str, note: str) -> None:
    """Refuse a rejection or wait whose note asks for money, and a wait beyond the limit (rules.note_refusal)."""
    application = task.application
    waits = 0
    if action == "wait":
        waits = application.events.filter(kind="waiting", actor__isnull=False).count()  # a payment's wait is not theirs
    reason = rules.note_refusal(
        action=action,
        note=note,
        waits_so_far=waits,
        limit=return_limit(),
        by_supervisor=action == "wait" and permissions.supervises_in(actor, application.agency_id),
    )
    if reason:
        raise LoketError(tr(*NOTE_MESSAGES[reason]).format(limit=return_limit()), field="note")


def _check_return(actor, task: Task, chosen: list[str], note: str) -> str:
    """Refuse a return the standard does not allow; the note the applicant reads names what is missing."""
    application = task.application
    requirements = [str(r.get("name", "")).strip() for r in application.standard.requirements or []]
    chosen = [name.strip() for name in chosen if name and name.strip()]
    so_far = Task.objects.filter(application_id=application.pk, status=Task.Status.RETURNED).count()
    reason = rules.return_refusal(
        chosen=chosen,
        requirements=requirements,
        note=note,
        returns_so_far=so_far,
        limit=return_limit(),
        by_supervisor=permissions.supervises_in(actor, application.agency_id),
    )
    if reason:
        message = tr(*RETURN_MESSAGES[reason]).format(limit=return_limit())
        field = "note" if reason == rules.ASKS_MONEY else "requirements"
        if reason == rules.TOO_MANY_RETURNS:
            raise PermissionDenied(message)
        raise LoketError(message, field=field)
    listed = "; ".join(chosen)
    return tr("Persyaratan yang belum dipenuhi", "Requirements not met") + f": {listed}.\n{note}"


@transaction.atomic
def act(
    *,
    actor,
    task_id: int,
    action: str,
    note: str = "",
    expected_version: int | None = None,
    by_kind: bool = False,
    day=None,
    requirements: list[str] | None = None,
) -> Task:
    """approve / return (to the applicant for revision) / reject / wait / resume, by an officer in scope.

    A case whose kind decides on its own page (workflow.decisions) is acted on only by that kind (by_kind).
    Nobody acts on their own case or one they filed, nor approves two steps of one case (separation of duties);
    a return names the unmet `requirements` of the standard and never asks for money."""
    if action not in ACTIONS:
        raise LoketError(tr("Tindakan tidak dikenal.", "Unknown action."))
    note = (note or "").strip()
    if action in ("return", "reject", "wait") and not note:
        raise LoketError(
            tr("Alasan wajib diisi agar pemohon tahu apa yang harus dilakukan.", "A reason is required."), field="note"
        )
    task = get_task_for(actor, task_id, day)  # `day`: whose stand-in the actor is (a kind's own clock)
    if not by_kind and decisions.page_for(task.application):
        raise LoketError(
            tr(
                "Permohonan jenis ini diputuskan di halaman keputusannya sendiri.",
                "This kind of case is decided on its own decision page.",
            )
        )
    _refuse_conflict(actor, task, action)
    _refuse_held(task.application)
    if action == "return" and not by_kind:
        chosen = list(requirements or [])
        note = _check_return(actor, task, chosen, note)
    version = task.version if expected_version is None else expected_version
    now = timezone.now()
    if action in ("reject", "wait"):
        _check_note(actor, task, action, note)
    if action in ("wait", "resume"):
        return _wait_or_resume(actor, task, action, note, version, now)
    status = {"approve": Task.Status.APPROVED, "return": Task.Status.RETURNED, "reject": Task.Status.REJECTED}[action]
    won = (
        Task.objects.filter(pk=task.pk, status=Task.Status.OPEN, version=version)
        .filter(Q(claimed_by__isnull=True) | Q(claimed_by=actor))
        .update(status=status, version=F("version") + 1, completed_at=now, completed_by=actor, note=note)
    )
    if not won:
        raise Conflict(
            tr(
                "Permohonan ini baru saja ditindaklanjuti petugas lain atau sudah berubah. "
                "Muat ulang halaman untuk melihat keadaan terbaru.",
                "Someone else has just acted on this application. Reload to see its current state.",
            )
        )
    application = Application.objects.select_for_update().get(pk=task.application_id)
    application.region = task.application.region
    if application.status != Application.Status.SUBMITTED:
        raise Conflict(tr("Permohonan tidak sedang diproses.", "The application is not in process."))
    step = task.step
    data = {"tracking": application.tracking_number, "step": step.position, "note": note}
    if action == "return" and requirements:
        data["requirements"] = list(requirements)
    audit.record(f"workflow.task_{action}", obj=task, actor=actor, data=data)
    if action == "approve":
        _after_approval(application, task, step, actor, now)
    else:
        _cancel_siblings(task)
        lifecycle.transition(
            application,
            {"return": "return", "reject": "reject"}[action],
            actor=actor,
            now=now,
            note=note,
            step_name=step.name_id,
            notice_key=f"task:{task.pk}:{status}",
        )
    task.refresh_from_db()
    return task


def _cancel_siblings(task: Task) -> None:
    Task.objects.filter(application_id=task.application_id, step_id=task.step_id, status=Task.Status.OPEN).exclude(
        pk=task.pk
    ).update(status=Task.Status.CANCELLED, version=F("version") + 1)


def advance(application: Application, *, now, note: str) -> None:
    """The system approves a case's open step (a record of a decision taken before the case was on the
    engine, e.g. a leave request's superior approval) and opens the next one, telling nobody."""
    tasks = list(Task.objects.filter(application_id=application.pk, status=Task.Status.OPEN).select_related("step"))
    if not tasks:
        return
    Task.objects.filter(pk__in=[t.pk for t in tasks]).update(
        status=Task.Status.APPROVED, version=F("version") + 1, completed_at=now, note=note
    )
    _after_approval(application, tasks[0], tasks[0].step, None, now, quiet=True)


def decide_for_kind(
    application_id: int, *, actor, action: str, note: str = "", now=None, rows=None, system_text: bool = False
) -> Task | None:
    """A kind of case decided its open step on its own page under its own rule, which it has checked (e.g. BKD
    with hr.manage over the employee's agency reviewing a KGB draft, the official who signs it or their
    stand-in, e-Cuti's `may_decide`): the step's open tasks end as `action` ("approve" / "reject") by `actor`,
    with the audit event, and the case moves on exactly as after a decision in the inbox (the next step opens,
    or the case ends). The engine does not ask the task's scope again; it keeps its separation of duties.
    Returns the decided task, or None when the case has no open task (nothing to record).

    Runs inside the kind's transaction (which locked its own record), without a savepoint of its own: a caller
    that catches its refusals and goes on wraps it in an atomic block. Rows that need no answer (history,
    audit, notices, the next step's tasks) join `rows`, the caller's `core.batch.Batch`, when given, for the
    caller to write with its own; otherwise they are written here. Reads are plain prepared statements: the
    case locked with what it shows, then its open tasks completed in one UPDATE … RETURNING."""
    if action not in ("approve", "reject"):
        raise LoketError(tr("Tindakan tidak dikenal.", "Unknown action."))
    if not connection.in_atomic_block:  # on its own: one transaction (inside the kind's, no savepoint)
        with transaction.atomic():
            return decide_for_kind(application_id, actor=actor, action=action, note=note, now=now, rows=rows)
    note = (note or "").strip()
    # Every note is checked for a demand of money, also one an officer typed that the system passes on (e.g. BKD's
    # reason to cancel); only Loket's own text (`system_text`, e.g. payments saying a levy went unpaid) is exempt.
    if action == "reject" and not system_text and rules.demands_money(note):
        raise LoketError(tr(*NOTE_MESSAGES[rules.ASKS_MONEY]), field="note")
    now = now or timezone.now()
    application = _locked_case(application_id)
    status = Task.Status.APPROVED if action == "approve" else Task.Status.REJECTED
    tasks, earlier, relatives = _complete_open_tasks(application_id, status, actor, note, now)
    if not tasks:
        return None
    if application.status != Application.Status.SUBMITTED:
        raise Conflict(tr("Permohonan tidak sedang diproses.", "The application is not in process."))
    task = tasks[0]
    task.application = application
    step = _step_of(application, task)
    # A kind's own page keeps the engine's separation of duties; a refusal rolls the UPDATE back with the
    # caller's transaction.
    reason = _separation_reason_known(actor, task, step, earlier, relatives, approving=action == "approve")
    if reason:
        raise PermissionDenied(tr(*SEPARATION_MESSAGES[reason]))
    _refuse_held(application)
    own_rows = rows is None
    rows = batch.Batch() if own_rows else rows
    rows.add(
        [
            audit.build(
                f"workflow.task_{action}",
                obj=task,
                actor=actor,
                data={"tracking": application.tracking_number, "step": step.position, "note": note, "by_kind": True},
            )
        ]
    )
    if action == "approve":
        _after_approval(application, task, step, actor, now, rows=rows)
    else:
        rows.write(savepoint=False)  # the transition's own rows come after these
        lifecycle.transition(
            application,
            "reject",
            actor=actor,
            now=now,
            note=note,
            step_name=step.name_id,
            notice_key=f"task:{task.pk}:{status}",
        )
    if own_rows:
        rows.write(savepoint=False)
    return task


def wait_for_kind(application_id: int, *, actor, note: str, now=None) -> Task | None:
    """A kind of case, having checked under its own rule who may decide (e.g. BKD with hr.manage over the employee's
    agency verifying a pension file), stops its case's clock to wait for a step outside Loket (BKN's technical
    approval): as `act`'s "wait", without asking the task's scope, but with the engine's separation of duties
    (nobody on their own case, one they filed or a relative's), the consent hold and the note's checks. Returns the
    open task, or None when the case has none. Runs in the kind's transaction."""
    return _pause_for_kind(application_id, actor=actor, action="wait", note=note, now=now)


def resume_for_kind(application_id: int, *, actor, note: str, now=None) -> Task | None:
    """The outside step a case waited for has come (`wait_for_kind`): its clock runs again, the open task's and the
    case's deadlines move by the working days waited. Same checks as `wait_for_kind`; a case not waiting is left."""
    return _pause_for_kind(application_id, actor=actor, action="resume", note=note, now=now)


def _pause_for_kind(application_id: int, *, actor, action: str, note: str, now) -> Task | None:
    note = (note or "").strip()
    if action == "wait" and not note:
        raise LoketError(
            tr("Alasan wajib diisi agar pemohon tahu apa yang harus dilakukan.", "A reason is required."), field="note"
        )
    task = (
        Task.objects.select_related("application__region", "application__applicant", "step")
        .filter(application_id=application_id, status=Task.Status.OPEN)
        .order_by("pk")
        .first()
    )
    if task is None:
        return None
    status = task.application.status
    if action == "resume" and status != Application.Status.WAITING:
        return None
    if action == "wait" and status != Application.Status.SUBMITTED:
        raise Conflict(tr("Permohonan tidak sedang diproses.", "The application is not in process."))
    _refuse_conflict(actor, task, action)
    _refuse_held(task.application)
    if action == "wait" and actor is not None:  # the system's own note (a levy to pay) is Loket's text
        _check_note(actor, task, action, note)
    return _wait_or_resume(actor, task, action, note, task.version, now or timezone.now())


def end_for_kind(application_id: int, *, note: str, now=None, system_text: bool = False, actor=None) -> None:
    """A kind of case ends one of its open cases with `note`, which the applicant reads: its subject is gone (an
    employee who left the registry: pension, death), or BKD stopped it with a reason (`actor`, whose decision then
    passes the engine's separation of duties; without one the system ends it). A case waiting for an outside step
    resumes first (its clock moved by the days waited), then the open step is rejected with `note`. A case already
    decided, or returned to the applicant, is left as it is. Runs in the kind's transaction."""
    now = now or timezone.now()
    application = Application.objects.select_for_update().filter(pk=application_id).first()
    if application is None:
        return
    if application.status == Application.Status.WAITING:
        task = (
            Task.objects.filter(application_id=application_id, status=Task.Status.OPEN).select_related("step").first()
        )
        if task is not None and actor is not None:
            resume_for_kind(application_id, actor=actor, note=note, now=now)
        elif task is not None:
            _wait_or_resume(None, task, "resume", note, task.version, now)
        else:
            lifecycle.transition(application, "resume", now=now, note=note)
        application.refresh_from_db(fields=["status"])
    if application.status == Application.Status.SUBMITTED:
        if (
            decide_for_kind(application_id, actor=actor, action="reject", note=note, now=now, system_text=system_text)
            is None
        ):
            lifecycle.transition(application, "reject", now=now, note=note)


def set_deadline_for_kind(application_id: int, *, actor, working_days: int, note: str, now=None) -> Task | None:
    """A kind of case sets how long its open case may take, by a rule of its own it has checked (a complaint's
    resolution tier, chosen at triage: 2, 5, 14 or 60 working days): the case and its open task are due
    `working_days` working days after the case was filed, by the region's calendar — the clock itself never
    restarts. Recorded in the audit chain with `note`. Returns the open task, or None when the case has none."""
    if working_days < 1:
        raise LoketError(tr("Jangka waktu paling sedikit 1 hari kerja.", "At least 1 working day."))
    now = now or timezone.now()
    application = Application.objects.select_for_update().select_related("region").filter(pk=application_id).first()
    if application is None or application.status not in (Application.Status.SUBMITTED, Application.Status.WAITING):
        return None
    task = Task.objects.filter(application_id=application_id, status=Task.Status.OPEN).order_by("pk").first()
    if task is None:
        return None
    due = deadlines.due_after(
        application.submitted_at, working_days + application.paused_working_days, application.region
    )
    Application.objects.filter(pk=application_id).update(due_at=due)
    Task.objects.filter(pk=task.pk).update(due_at=due, version=F("version") + 1)
    audit.record(
        "workflow.deadline_set",
        obj=application,
        actor=actor,
        data={"tracking": application.tracking_number, "working_days": working_days, "note": note[:300]},
    )
    task.due_at = due
    return task


def readdress_for_kind(application_id: int, *, note: str, now=None) -> int:
    """A kind of case whose subject moved (an employee transferred to another unit, agency or region) has the open
    person-addressed tasks of one of its cases addressed again by their step's rule (`workflow.addressees`), which now
    finds the people of the new place (the new superior, official, HR office). A task whose rule finds nobody, or
    says the step does not apply, stays where it is. Runs in the kind's transaction. Returns how many moved."""
    now = now or timezone.now()
    application = Application.objects.select_for_update().select_related("applicant").filter(pk=application_id).first()
    if application is None:
        return 0
    moved = 0
    open_tasks = (
        Task.objects.select_for_update()
        .select_related("step")
        .filter(application_id=application_id, status=Task.Status.OPEN)
    )
    for task in open_tasks:
        if not task.step.addressee:
            continue
        found = addressees.resolve(application, task.step)
        if found is None or found is addressees.SKIP or found is addressees.UNIT or found.pk == task.assignee_id:
            continue
        Task.objects.filter(pk=task.pk).update(
            assignee=found, claimed_by=None, assigned_at=now, note=note[:300], version=F("version") + 1
        )
        audit.record(
            "workflow.task_readdressed",
            obj=task,
            data={"tracking": application.tracking_number, "from": task.assignee_id, "to": found.pk, "note": note},
        )
        moved += 1
    return moved


_COMPLETE_OPEN_TASKS = (
    "UPDATE {table} SET status = %s, version = version + 1, completed_at = %s, completed_by_id = %s, note = %s "
    "WHERE application_id = %s AND status = %s RETURNING {columns}"
)
# PostgreSQL: who approved which of the case's earlier steps (approver, step position) comes with it, read before
# this statement's change, and the NIKs of the relatives the actor declared (org.DeclaredRelative, not withdrawn).
_EARLIER_APPROVERS = (
    ", (SELECT array_agg(ARRAY[e.completed_by_id, s.position]) FROM {table} e JOIN {steps} s ON s.id = e.step_id "
    "WHERE e.application_id = %s AND e.status = %s AND e.completed_by_id IS NOT NULL)"
    ", (SELECT array_agg(r.nik) FROM {relatives} r WHERE r.official_id = %s AND r.removed_at IS NULL)"
)


def _complete_open_tasks(
    application_id: int, status: str, actor, note: str, now
) -> tuple[list[Task], frozenset, frozenset]:
    """Complete every open task of the case (a parallel step's too) and return them as written, first by id,
    with who approved which of the case's earlier steps ((user id, step position)) and the NIKs of the actor's declared relatives: one statement on
    PostgreSQL (elsewhere the approvers and relatives are read first)."""
    table = connection.ops.quote_name(Task._meta.db_table)
    together = connection.vendor == "postgresql"
    earlier = relatives = frozenset()
    actor_id = getattr(actor, "pk", None)
    if not together:
        earlier = frozenset(
            Task.objects.filter(
                application_id=application_id, status=Task.Status.APPROVED, completed_by__isnull=False
            ).values_list("completed_by_id", "step__position")
        )
        relatives = frozenset(
            DeclaredRelative.objects.filter(official_id=actor_id, removed_at__isnull=True).values_list("nik", flat=True)
        )
    sql = _COMPLETE_OPEN_TASKS.format(table=table, columns=plain_rows.columns(Task))
    params = [
        status,
        connection.ops.adapt_datetimefield_value(now),
        actor_id,
        note,
        application_id,
        Task.Status.OPEN,
    ]
    if together:
        sql += _EARLIER_APPROVERS.format(
            table=table,
            steps=connection.ops.quote_name(ProcedureStep._meta.db_table),
            relatives=connection.ops.quote_name(DeclaredRelative._meta.db_table),
        )
        params += [application_id, Task.Status.APPROVED, actor_id]
    with plain_rows.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    width = len(Task._meta.concrete_fields)
    tasks = sorted((plain_rows.instance(Task, row[:width]) for row in found), key=lambda task: task.pk)
    if together and found:
        earlier = frozenset((user_id, position) for user_id, position in found[0][width] or ())
        relatives = frozenset(found[0][width + 1] or ())
    return tasks, earlier, relatives


def _separation_reason_known(
    actor,
    task: Task,
    step: ProcedureStep,
    earlier,
    relatives=frozenset(),
    *,
    approving: bool,
    other_niks=None,
    applicant_other_niks=None,
) -> str | None:
    """`separation_reason` with the earlier approvers and the actor's declared relatives already read, and the NIKs
    from the citizen profiles the token and the locked case brought along (read here only when they did not). The
    system (no actor, e.g. the demo signing its seeded history) is nobody: no separation applies to it."""
    if actor is None:
        return None
    application = task.application
    profiles = _known_profiles([actor, application.applicant])
    if profiles is None:
        niks = list(
            CitizenProfile.objects.filter(user_id__in=[actor.pk, application.applicant_id]).values_list(
                "user_id", "nik"
            )
        )
    else:
        niks = [(profile.user_id, profile.nik) for profile in profiles if profile is not None]
    by_user = dict(niks)
    applicant_nik = by_user.get(application.applicant_id, "")
    relative_niks = frozenset(relatives)
    if other_niks is None:  # the actor's NIKs besides the profile's (e.g. on their employee record): org.people
        other_niks = people.niks_of(actor, leave_out=(CITIZEN_PROFILE,))
    return rules.separation_refusal(
        actor_id=actor.pk,
        actor_niks=frozenset(nik for user_id, nik in niks if user_id == actor.pk) | other_niks,
        applicant_id=application.applicant_id,
        applicant_nik=applicant_nik,
        filed_by_id=application.assisted_by_id,
        earlier_approvals=frozenset((user_id, position) for user_id, position in earlier if user_id is not None),
        approving=approving,
        repeat_of_step=step.same_approver_step,
        relative_niks=relative_niks,
        applicant_other_niks=(
            _applicant_other_niks(application, applicant_nik, relative_niks)
            if applicant_other_niks is None
            else applicant_other_niks
        ),
    )


def _known_profiles(users) -> list | None:
    """The users' citizen profiles (None where they have none) if every one is already on its user object."""
    from django.contrib.auth import get_user_model

    relation = get_user_model()._meta.get_field("citizen")
    if not all(relation.is_cached(user) for user in users):
        return None
    return [relation.get_cached_value(user) for user in users]


# What a transition reads of the case's service, standard version and accounts (the rest, e.g. the standard's
# fourteen components, stays deferred: read on first use).
CASE_SERVICE_FIELDS = ("code", "name_id", "name_en", "agency_id", "audience", "channels", "current_id")
CASE_STANDARD_FIELDS = ("service_id", "version", "status", "time_limit_days", "handling_unit_id", "published_at")
ACCOUNT_FIELDS = ("username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser")


def _locked_case(application_id: int) -> Application:
    """The case locked for its transition, with its region, service, standard, applicant and the applicant's
    citizen profile (select_for_update(of=self).select_related(...)), as one plain statement."""
    from django.contrib.auth import get_user_model

    from loket.catalogue.models import Service, ServiceStandard
    from loket.org.models import Region

    User = get_user_model()
    found = plain_rows.select(
        "workflow.locked_case",
        [
            (Application, "a"),
            (Region, "r"),
            (Service, "s", CASE_SERVICE_FIELDS),
            (ServiceStandard, "st", CASE_STANDARD_FIELDS),
            (User, "u", ACCOUNT_FIELDS),
            (CitizenProfile, "c"),
        ],
        f"FROM {Application._meta.db_table} a JOIN {Region._meta.db_table} r ON r.id = a.region_id "
        f"JOIN {Service._meta.db_table} s ON s.id = a.service_id "
        f"JOIN {ServiceStandard._meta.db_table} st ON st.id = a.standard_id "
        f"JOIN {User._meta.db_table} u ON u.id = a.applicant_id "
        f"LEFT JOIN {CitizenProfile._meta.db_table} c ON c.user_id = u.id WHERE a.id = %s {plain_rows.for_update('a')}",
        [application_id],
    )
    if not found:
        raise Application.DoesNotExist(application_id)
    application, region, service, standard, applicant, profile = found[0]
    application.region, application.service, application.standard = region, service, standard
    application.applicant = applicant
    User._meta.get_field("citizen").set_cached_value(applicant, profile)
    return application


def _step_of(application: Application, task: Task) -> ProcedureStep:
    """The task's step: from the case's published SOP (cached per process) when it is there."""
    if Task._meta.get_field("step").is_cached(task):
        return task.step
    step = next((s for s in steps_of(application.standard) if s.pk == task.step_id), None)
    if step is not None:
        task.step = step
    return task.step


def _after_approval(
    application: Application, task: Task, step: ProcedureStep, actor, now, quiet=False, rows=None
) -> None:
    """The step's task approved: the history event, then the next step that applies opens (its tasks, the
    applicant's notice) or, after the last, the case completes. Rows go into `rows` when given (the caller
    writes them), else they are written here."""
    own_rows = rows is None
    rows = batch.Batch() if own_rows else rows
    steps = steps_of(application.standard)
    known = next((s for s in steps if s.pk == step.pk), None)
    if known is None:  # a step of another version than the case's (never expected): its own SOP, read afresh
        steps = list(
            ProcedureStep.objects.filter(standard_id=step.standard_id)
            .order_by("position")
            .prefetch_related("parallel_units")
        )
    # Only a step with parallel units has sibling tasks that may still be open; the SOP says which.
    parallel = known is None or len(known.parallel_units.all()) > 1
    waiting = (
        parallel
        and Task.objects.filter(application_id=application.pk, step_id=step.pk, status=Task.Status.OPEN).exists()
    )
    rows.add([lifecycle.event_row(application, "step_approved", actor=actor, step_name=step.name_id, now=now)])
    if waiting:
        if own_rows:
            rows.write(savepoint=False)
        return  # a parallel step: the other units still have to approve
    for following in [s for s in steps if s.position > step.position]:
        if _open_step(application, following, now, rows=rows):
            break  # a step whose rule says it does not apply to this case opens nothing
    else:
        rows.write(savepoint=False)  # the transition's own rows come after these
        lifecycle.transition(
            application,
            "complete",
            actor=actor,
            now=now,
            notice_key=f"application:{application.pk}:completed",
            quiet=quiet,
        )
        return
    if not quiet and not following.kind:  # a system step tells the applicant itself (e.g. what to pay)
        rows.add(
            notice_rows(
                application,
                "application_step",
                key=f"application:{application.pk}:step:{following.pk}:{now.timestamp()}",
                step=following.name_id,
            ),
            ignore_conflicts=True,
        )
    if own_rows:
        rows.write(savepoint=False)


def _paused_days(application: Application, now) -> int:
    region = application.region
    return deadlines.calendar_for(region).working_days_between(
        deadlines.local_date(application.paused_at, region), deadlines.local_date(now, region)
    )


def _wait_or_resume(actor, task: Task, action: str, note: str, version: int, now) -> Task:
    """A case waits for a step outside Loket (a BKN approval number, a payment) with its clocks stopped, or
    goes on when it has come: every open task's deadline and the case's move by the working days waited."""
    won = Task.objects.filter(pk=task.pk, status=Task.Status.OPEN, version=version).update(version=F("version") + 1)
    if not won:
        raise Conflict(
            tr(
                "Permohonan ini baru saja berubah. Muat ulang halaman untuk melihat keadaan terbaru.",
                "The application has just changed. Reload to see its current state.",
            )
        )
    application = (
        Application.objects.select_for_update()
        .select_related("region", "service", "applicant")
        .get(pk=task.application_id)
    )
    if action == "resume" and application.status == Application.Status.WAITING:
        region = application.region
        paused = _paused_days(application, now)
        if paused:
            for open_task in Task.objects.filter(application_id=application.pk, status=Task.Status.OPEN):
                Task.objects.filter(pk=open_task.pk).update(
                    due_at=deadlines.due_after(open_task.due_at, paused, region)
                )
            if application.due_at:
                application.due_at = deadlines.due_after(application.due_at, paused, region)
        application.paused_working_days += paused
    lifecycle.transition(
        application,
        action,
        actor=actor,
        now=now,
        note=note,
        step_name=task.step.name_id,
        audit_data={"task": task.pk},
    )
    task.refresh_from_db()
    return task


def resume(application: Application, now) -> list[Task]:
    """After the applicant resubmits: restart the clock and reopen the step that returned the application."""
    region = application.region
    paused_days = _paused_days(application, now)
    returned = (
        Task.objects.filter(application_id=application.pk, status=Task.Status.RETURNED)
        .select_related("step")
        .order_by("-completed_at")
        .first()
    )
    step = returned.step
    if application.due_at:
        application.due_at = (
            deadlines.due_after(application.due_at, paused_days, region) if paused_days else application.due_at
        )
    application.paused_working_days += paused_days
    # The step's deadline never resets: it moves by the working days the case spent with the applicant, so
    # the officer's time already used stays used and an overdue step stays overdue (issue 13, stalling).
    due = deadlines.due_after(returned.due_at, paused_days, region) if paused_days else returned.due_at
    returns = Task.objects.filter(application_id=application.pk, status=Task.Status.RETURNED).count()
    # After the last allowed return the case goes to the supervisor (workflow.rules.return_refusal).
    role = Role.SUPERVISOR if returns >= return_limit() else ""
    tasks = _open_step(application, step, now, due=due, role=role)
    if role:
        audit.record(
            "workflow.case_escalated",
            obj=application,
            data={"tracking": application.tracking_number, "returns": returns, "step": step.position},
        )
    return tasks


@transaction.atomic
def claim(*, actor, task_id: int) -> Task:
    task = get_task_for(actor, task_id)
    _refuse_conflict(actor, task, "claim")
    _refuse_held(task.application)  # nothing can be done on it yet: nobody holds it meanwhile
    won = Task.objects.filter(pk=task.pk, status=Task.Status.OPEN, claimed_by__isnull=True).update(
        claimed_by=actor, assigned_at=timezone.now(), assignment=Task.Assignment.BY_HAND, version=F("version") + 1
    )
    if not won:
        raise Conflict(tr("Tugas ini sudah diambil petugas lain.", "Another officer has already claimed this task."))
    # Work is taken in order of deadline: how many older tasks of the same queue were left waiting is kept with
    # the claim, so that the inspectorate's anomaly report shows who picks their cases (issue 13, steering).
    older = (
        Task.objects.filter(
            status=Task.Status.OPEN,
            claimed_by__isnull=True,
            assignee__isnull=True,
            agency_id_cache=task.agency_id_cache,
            unit_id=task.unit_id,
            step_role=task.step_role,
            due_at__lt=task.due_at,
        )
        .exclude(pk=task.pk)
        .count()
    )
    _record_claim(task, actor, older_unclaimed=older)
    task.refresh_from_db()
    return task


def release_held_work(application: Application, now) -> None:
    """A case whose work waited for the review of its consent form may start: its open unit tasks are handed out
    by the unit's rule, as at filing (they were skipped then), with the same audit events."""
    tasks = list(
        Task.objects.filter(
            application_id=application.pk, status=Task.Status.OPEN, claimed_by__isnull=True
        ).select_related("step")
    )
    if not tasks:
        return
    _assign(application, tasks[0].step, tasks, now)
    for task in tasks:
        if task.assignment:
            Task.objects.filter(pk=task.pk, claimed_by__isnull=True).update(
                claimed_by=task.claimed_by, assigned_at=task.assigned_at, assignment=task.assignment
            )
    for event in assignment_records(application, tasks):
        event.save()


def _record_claim(task: Task, actor, **facts) -> None:
    """The audit event of a claim, with how many older tasks of the queue it left waiting (the inspectorate's
    out-of-order rate reads it)."""
    data = {"tracking": task.application.tracking_number, "agency": task.agency_id_cache, **facts}
    audit.record("workflow.task_claimed", obj=task, actor=actor, data=data)


@transaction.atomic
def release(*, actor, task_id: int) -> Task:
    task = get_task_for(actor, task_id)
    if task.claimed_by_id != actor.pk:
        raise Conflict(
            tr(
                "Hanya petugas yang mengambil tugas ini yang dapat melepasnya.",
                "Only the officer who claimed this task can release it.",
            )
        )
    Task.objects.filter(pk=task.pk).update(
        claimed_by=None, assignment=Task.Assignment.BY_HAND, version=F("version") + 1
    )
    audit.record("workflow.task_released", obj=task, actor=actor, data={"tracking": task.application.tracking_number})
    task.refresh_from_db()
    return task


@transaction.atomic
def reassign(*, actor, task_id: int, officer) -> Task:
    """A supervisor hands an open task to an officer who may act on it."""
    task = (
        Task.objects.select_related("application")
        .filter(permissions.task_scope(actor, for_reassign=True), pk=task_id)
        .first()
    )
    if task is None:
        raise NotFound(tr("Tugas tidak ditemukan atau bukan wewenang Anda.", "Task not found or not yours."))
    if task.assignee_id is not None:
        raise LoketError(
            tr(
                "Tugas ini ditujukan kepada pejabat tertentu: hanya beliau atau pelaksana harian (plh) yang "
                "ditunjuknya yang dapat menindaklanjuti, sehingga tidak dapat dialihkan.",
                "This task is addressed to a particular official: only they or their acting official (plh) may "
                "act on it, so it cannot be reassigned.",
            )
        )
    if officer.pk == actor.pk:
        # Steering work to oneself is what system assignment exists to prevent: a supervisor hands work on.
        raise PermissionDenied(
            tr(
                "Penyelia tidak dapat mengalihkan tugas kepada dirinya sendiri; ambil tugas dari kotak masuk "
                "sesuai urutan.",
                "A supervisor cannot reassign a task to themselves; take tasks from the inbox in order.",
            )
        )
    if not permissions.can_act_on_task(officer, task):
        raise LoketError(
            tr("Petugas tersebut tidak berwenang pada tahap ini.", "That officer cannot act on this step.")
        )
    conflict = separation_reason(officer, task, approving=False)
    if conflict:
        raise LoketError(
            tr(
                "Petugas tersebut tidak boleh menangani permohonan ini (konflik kepentingan).",
                "That officer may not handle this application (conflict of interest).",
            )
        )
    won = Task.objects.filter(pk=task.pk, status=Task.Status.OPEN).update(
        claimed_by=officer, assigned_at=timezone.now(), assignment=Task.Assignment.BY_HAND, version=F("version") + 1
    )
    if not won:
        raise Conflict(tr("Tugas sudah selesai.", "The task is already done."))
    audit.record(
        "workflow.task_reassigned",
        obj=task,
        actor=actor,
        data={"tracking": task.application.tracking_number, "to": officer.get_username()},
    )
    task.refresh_from_db()
    return task


def reassign_choices(actor, tasks: list[Task]) -> dict[int, list]:
    """For each open unit task, the people `reassign` would accept from `actor`: colleagues who may act on the
    step (its unit's holders of the role, or the agency's), never the actor (a supervisor hands work on, he does
    not steer it to himself) nor anyone barred from the case by separation of duties (own case, filed it,
    a declared relative). The tasks need `application__applicant__citizen` and `step` loaded; the candidates come
    with what the rule asks (`queries.reassign_candidates`), so a page of tasks costs no query per pair."""
    found = queries.reassign_candidates([task for task in tasks if task.assignee_id is None])
    # The applicants' other NIKs (an employee record) matter only against declared relatives: read once for the page.
    declaring = any(person.relative_niks for persons in found.values() for person in persons)
    applicant_ids = sorted({task.application.applicant_id for task in tasks})
    others = people.niks_by_user(applicant_ids, leave_out=(CITIZEN_PROFILE,)) if declaring else {}
    choices: dict[int, list] = {}
    for task in tasks:
        choices[task.pk] = [
            person
            for person in found.get(task.pk, [])
            if person.pk != actor.pk
            and not _separation_reason_known(
                person,
                task,
                task.step,
                frozenset(),
                person.relative_niks,
                approving=False,
                other_niks=person.other_niks,
                applicant_other_niks=others.get(task.application.applicant_id, frozenset()),
            )
        ]
    return choices


# ---------------------------------------------------------------- system-assigned work (issue 13)

# The audit log's words for how a task found its officer.
ASSIGNMENT_REASONS = {
    rules.ROUND_ROBIN: "ditugaskan oleh sistem: bergiliran",
    rules.LEAST_LOADED: "ditugaskan oleh sistem: beban paling ringan",
    Task.Assignment.NOBODY: "tidak ada petugas yang memenuhi syarat; tugas menunggu di kotak masuk unit",
}
_POLICIES: list[tuple] = []  # [(catalogue generation, monotonic time, {unit id: automatic policy})]


def automatic_units() -> dict[int, str]:
    """{unit id: policy} of the units whose tasks the system assigns. Remembered per process under the catalogue's
    cache generation (a change of policy renews it) and for at most LOKET_API_CACHE_SECONDS, as the published
    service is: a manual unit's task costs no query."""
    generation, now = catalogue_cache.generation(), time.monotonic()
    if _POLICIES:
        known_generation, known_at, policies = _POLICIES[0]
        if known_generation == generation and now - known_at < settings.LOKET_API_CACHE_SECONDS:
            return policies
    policies = queries.automatic_policies()
    _POLICIES[:] = [(generation, now, policies)]
    return policies


def _policies_changed() -> None:
    _POLICIES.clear()
    catalogue_cache.forget()


def _assign(application: Application, step: ProcedureStep, tasks: list[Task], now, *, earlier=None, memo=None) -> None:
    """Give each unit task of a unit with an automatic policy to one eligible officer (`claimed_by`), chosen by
    `rules.assignee_choice` among those holding the task's role in its unit: active, not away today
    (`workflow.availability`), not barred by separation of duties. Nobody eligible: the task stays in the unit's
    inbox, marked for its supervisor. Reads (only for such units): the unit's pool with load, last assignment and
    absence in one statement, the applicant's profile when not known, the case's earlier approvers after its
    first step; with a `memo` shared over many cases, the pool and the applicants' profiles once for all."""
    unit_tasks = [task for task in tasks if task.assignee_id is None and task.unit_id is not None]
    if not unit_tasks:
        return  # a person-addressed step (e-Cuti's superior, e-KGB's official) asks nothing, not even the policies
    if consent_hold(application):
        return  # held for the review of its consent form: given to someone once it may be worked on
    policies = automatic_units()
    automatic = [task for task in unit_tasks if task.unit_id in policies]
    if not automatic:
        return
    memo = {} if memo is None else memo
    day = deadlines.local_date(now, application.region)
    pools = memo.setdefault(("pools", day), {})
    keys = {(application.agency_id, task.unit_id, task.step_role) for task in automatic}
    if keys - pools.keys():
        pools.update(queries.assignment_pools(keys - pools.keys(), day))
    if earlier is None:
        earlier = queries.earlier_approvers(application.pk)
    # The applicant's NIK (separation of duties): of all the cases' applicants at once when opened together.
    _know_profiles([application.applicant, *memo.get("applicants", ())])
    for task in automatic:
        pool = pools[(application.agency_id, task.unit_id, task.step_role)]
        candidates = [
            rules.Candidate(
                user_id=user.pk,
                open_tasks=user.open_tasks,
                last_assigned=user.last_assigned,
                away=user.away,
                refusal=_separation_reason_known(
                    user, task, step, earlier, user.relative_niks, approving=True, other_niks=user.other_niks
                ),
            )
            for user in pool
        ]
        chosen = rules.assignee_choice(policies[task.unit_id], candidates)
        if chosen is None:
            task.assignment = Task.Assignment.NOBODY
            continue
        officer = next(user for user in pool if user.pk == chosen)
        # Each assignment its own moment, so that cases opened together still rotate.
        memo["tick"] = memo.get("tick", 0) + 1
        moment = now + dt.timedelta(microseconds=memo["tick"])
        task.claimed_by, task.assigned_at, task.assignment = officer, moment, policies[task.unit_id]
        officer.open_tasks, officer.last_assigned = officer.open_tasks + 1, moment


def _know_profiles(users) -> None:
    """Each user's citizen profile (or None) on the user object, where separation of duties finds it: nothing is
    read when the first is known already (the submit path), else those not known in one query."""
    relation = type(users[0])._meta.get_field("citizen")
    if relation.is_cached(users[0]):
        return
    unknown = [user for user in users if not relation.is_cached(user)]
    found = {profile.user_id: profile for profile in CitizenProfile.objects.filter(user_id__in={u.pk for u in unknown})}
    for user in unknown:
        relation.set_cached_value(user, found.get(user.pk))


def assignment_records(application: Application, tasks: list[Task]) -> list:
    """The unsaved audit events of how the system assigned `tasks` (none for manual units), for the caller to write
    after the tasks. They name the case (a new task has no id yet) with the step, unit and officer."""
    events = []
    for task in tasks:
        if not task.assignment:
            continue
        officer = task.claimed_by.get_username() if task.claimed_by_id else None
        events.append(
            audit.build(
                "workflow.task_assigned" if officer else "workflow.task_unassigned",
                obj=application,
                data={
                    "tracking": application.tracking_number,
                    "agency": application.agency_id,
                    "step": task.step.position,
                    "unit": task.unit_id,
                    "rule": task.assignment,
                    "to": officer,
                    "reason": ASSIGNMENT_REASONS[task.assignment],
                },
            )
        )
    return events


POLICY_LABELS = {
    rules.MANUAL: ("manual", "manual"),
    rules.ROUND_ROBIN: ("bergiliran", "in turn"),
    rules.LEAST_LOADED: ("beban paling ringan", "least loaded"),
}


@transaction.atomic
def set_assignment_policy(*, actor, unit_id: int, policy: str) -> AssignmentPolicy:
    """The unit's supervisor or the agency admin sets how the unit's new tasks find their officer."""
    unit = queries.policy_unit(actor, unit_id)
    if unit is None:
        raise NotFound(tr("Unit tidak ditemukan atau bukan wewenang Anda.", "Unit not found or not yours."))
    if policy not in rules.POLICIES:
        raise LoketError(tr("Aturan penugasan tidak dikenal.", "Unknown assignment rule."), field="policy")
    row = AssignmentPolicy.objects.select_for_update().filter(unit=unit).first()
    before = row.policy if row is not None else rules.MANUAL
    if row is not None and before == policy:
        return row
    row = row or AssignmentPolicy(unit=unit)
    row.policy, row.changed_at, row.changed_by = policy, timezone.now(), actor
    row.save()
    audit.record(
        "workflow.assignment_policy_set",
        obj=unit,
        actor=actor,
        data={"agency": unit.agency_id, "unit": unit.name, "from": before, "to": policy},
    )
    # Every process follows: now in this one, and (through the catalogue's generation) after commit in the others.
    _policies_changed()
    transaction.on_commit(_policies_changed)
    return row


TAKE_NEXT_SCAN = 50  # the earliest-due tasks looked at for one the officer may take


@transaction.atomic
def take_next(*, actor) -> Task | None:
    """ "Ambil tugas berikutnya": claim the earliest-due open task of the actor's queues that nobody holds and that
    separation of duties lets them take (FIFO by deadline). None when there is none."""
    waiting = (
        Task.objects.filter(
            permissions.task_scope(actor, addressed=False), status=Task.Status.OPEN, claimed_by__isnull=True
        )
        .select_related("application", "step")
        .order_by("due_at", "pk")[:TAKE_NEXT_SCAN]
    )
    refused = 0
    for task in waiting:
        if separation_reason(actor, task, approving=False):
            refused += 1  # their own case or one they filed: not theirs to take, so not left out of order
            continue
        if consent_hold(task.application):
            continue  # waiting for the supervisor's review of its consent form: nothing to do on it yet
        won = Task.objects.filter(pk=task.pk, status=Task.Status.OPEN, claimed_by__isnull=True).update(
            claimed_by=actor, assigned_at=timezone.now(), assignment=Task.Assignment.BY_HAND, version=F("version") + 1
        )
        if not won:
            continue  # taken a moment ago by someone else: the next one
        _record_claim(task, actor, older_unclaimed=0, next=True, refused_older=refused)
        task.refresh_from_db()
        return task
    return None


@transaction.atomic
def save_procedure(*, actor, standard, steps: list[dict]) -> list[ProcedureStep]:
    """Replace a draft's SOP. steps: [{name_id, name_en, role, unit_id, parallel_unit_ids, sla_days, addressee}]."""
    from loket.org.models import Unit

    permissions.require(actor, "catalogue.edit", standard.service.agency_id)
    if not standard.is_draft:
        raise LoketError("Prosedur versi yang sudah terbit tidak dapat diubah; buka draf baru.")
    errors = rules.procedure_errors(
        [
            {
                "name": s.get("name_id", ""),
                "sla_days": s.get("sla_days"),
                "parallel_units": s.get("parallel_unit_ids") or [],
                "kind": s.get("kind", ""),
            }
            for s in steps
        ],
        standard.time_limit_days,
    )
    agency_units = set(Unit.objects.filter(agency_id=standard.service.agency_id).values_list("pk", flat=True))
    roles = {value for value, _ in ProcedureStep.ACTING_ROLES}
    for index, step in enumerate(steps, start=1):
        units = [step.get("unit_id")] if step.get("unit_id") else []
        if any(u not in agency_units for u in units + list(step.get("parallel_unit_ids") or [])):
            errors.append(f"Langkah {index}: unit harus unit dari perangkat daerah ini.")
        if step.get("role", "officer") not in roles:
            errors.append(f"Langkah {index}: peran pelaksana tidak dikenal.")
        if step.get("addressee", "") not in ProcedureStep.Addressee.values:
            errors.append(f"Langkah {index}: penerima tugas tidak dikenal.")
        elif step.get("addressee") and step.get("parallel_unit_ids"):
            errors.append(f"Langkah {index}: langkah yang ditujukan kepada satu pejabat tidak dapat paralel.")
        kind = step.get("kind", "")
        if kind not in ProcedureStep.Kind.values:
            errors.append(f"Langkah {index}: jenis langkah tidak dikenal.")
        elif kind and index == 1:
            errors.append(
                f"Langkah {index}: pembayaran tidak dapat menjadi langkah pertama; petugas memeriksa permohonan "
                "sebelum retribusi ditetapkan."
            )
        elif kind and sum(1 for other in steps if other.get("kind") == kind) > 1:
            errors.append(f"Langkah {index}: satu prosedur hanya boleh memuat satu langkah pembayaran.")
        elif kind and (step.get("addressee") or step.get("parallel_unit_ids")):
            errors.append(
                f"Langkah {index}: langkah pembayaran dijalankan sistem, tanpa penerima tugas atau unit paralel."
            )
        repeat = step.get("same_approver_step")
        if repeat is not None and (
            isinstance(repeat, bool)
            or not isinstance(repeat, int)
            or not 1 <= repeat < index
            or steps[repeat - 1].get("kind")
            or kind
        ):
            errors.append(
                f"Langkah {index}: pejabat yang boleh memutus lagi harus pemberi persetujuan satu langkah keputusan "
                "sebelumnya (isi nomor langkah itu)."
            )
    if errors:
        raise LoketError("Prosedur (SOP) belum sesuai.", errors={"steps": errors})
    ProcedureStep.objects.filter(standard=standard).delete()
    saved = []
    for position, step in enumerate(steps, start=1):
        row = ProcedureStep.objects.create(
            standard=standard,
            position=position,
            name_id=step["name_id"].strip(),
            name_en=step.get("name_en", "").strip(),
            role=step.get("role", "officer"),
            unit_id=step.get("unit_id"),
            sla_days=step["sla_days"],
            addressee=step.get("addressee", ""),
            kind=step.get("kind", ""),
            # Only where the law lets one official do both (e.g. the receiving official who agreed to a transfer
            # sets its decree): a kind's provisioned SOP names that earlier step, the editor keeps it.
            same_approver_step=step.get("same_approver_step"),
        )
        if step.get("parallel_unit_ids"):
            row.parallel_units.set(step["parallel_unit_ids"])
        saved.append(row)
    audit.record(
        "workflow.procedure_saved",
        obj=standard,
        actor=actor,
        data={"service": standard.service.code, "steps": len(saved)},
    )
    return saved


# ---------------------------------------------------------------- what an officer looked at (UU 27/2022)


def record_task_opened(*, actor, task: Task) -> None:
    """An officer opened a task page: the applicant's data tracker records it, with whether the page showed
    their personal data (only once the task is the officer's) or only a masked summary."""
    personal = permissions.may_read_personal_data(actor, task)
    access.record(
        task.application,
        actor,
        CaseAccess.Kind.OPENED if personal else CaseAccess.Kind.PREVIEW,
        detail=task.step.name_id,
    )


@transaction.atomic
def record_nik_view(*, actor, task: Task, nik: str) -> None:
    """An officer revealed an applicant's full NIK on a task page: every such view is audited."""
    from loket.core.identifiers import mask_nik

    application = task.application
    audit.record(
        "applications.nik_viewed",
        obj=application,
        actor=actor,
        data={"tracking": application.tracking_number, "task": task.pk, "nik": mask_nik(nik)},
    )
    access.record(application, actor, CaseAccess.Kind.IDENTIFIER, detail="NIK")


@transaction.atomic
def record_identifier_view(*, actor, task: Task, field: str, reason: str = "") -> None:
    """An officer revealed one identifier answer (KK, NPWP, passport, licence, NIK) in full: audited."""
    application = task.application
    audit.record(
        "applications.identifier_viewed",
        obj=application,
        actor=actor,
        data={
            "tracking": application.tracking_number,
            "task": task.pk,
            "field": field,
            "reason": " ".join(str(reason).split())[:300],
        },
    )
    access.record(application, actor, CaseAccess.Kind.IDENTIFIER, detail=field)


@transaction.atomic
def record_download(*, actor, task: Task, upload) -> None:
    """An officer downloaded an applicant's document from a task."""
    audit.record(
        "applications.upload_downloaded",
        obj=upload,
        actor=actor,
        data={"tracking": task.application.tracking_number, "requirement": upload.requirement},
    )
    access.record(task.application, actor, CaseAccess.Kind.DOWNLOAD, detail=upload.original_name)
