"""The workflow engine: start an application's procedure, act on tasks, pause and resume the clock.

Concurrency: every action is a conditional UPDATE on the task (status still open and version as seen),
so of two officers acting at once exactly one succeeds and the other gets a clear conflict message.
"""

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from loket.applications import lifecycle
from loket.applications.models import Application
from loket.applications.notices import notice_rows
from loket.core import audit, batch
from loket.core import rows as plain_rows
from loket.core.errors import LoketError, NotFound
from loket.core.i18n import tr
from loket.org import deadlines, permissions
from loket.workflow import addressees, decisions, rules
from loket.workflow.models import ProcedureStep, Task


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


def _step_tasks(application: Application, step: ProcedureStep, now, days: int | None = None) -> list[Task]:
    due = deadlines.due_after(now, days or step.sla_days, application.region)
    assignee, fallback = None, ""
    if step.addressee:  # only addressed steps pay for the lookup (submit's statement count stays the same)
        assignee = addressees.resolve(application, step)
        if assignee is addressees.SKIP:
            return []
        if assignee is None:
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
            step_role=step.role,
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


def _open_step(application: Application, step: ProcedureStep, now, days: int | None = None, rows=None) -> list[Task]:
    """Open `step`'s tasks: written now, or added to `rows` (a `core.batch.Batch` the caller writes)."""
    tasks = _step_tasks(application, step, now, days)
    fallbacks = [task for task in tasks if task.note and step.addressee and task.assignee_id is None]
    if rows is None or fallbacks:
        Task.objects.bulk_create(tasks)  # a fallback's audit event names its task: it needs the id now
    else:
        rows.add(tasks)
    for task in fallbacks:
        event = audit.build(
            "workflow.task_addressee_fallback",
            obj=task,
            data={"tracking": application.tracking_number, "addressee": step.addressee, "note": task.note},
        )
        if rows is None:
            event.save(force_insert=True)
        else:
            rows.add([event])
    return tasks


def first_tasks(application: Application, now) -> list[Task]:
    """The unsaved tasks of the procedure's first step (the submit transaction writes them)."""
    steps = steps_of(application.standard)
    if not steps:
        raise LoketError("Layanan ini belum memiliki prosedur (SOP); hubungi perangkat daerah.")
    for step in steps:
        tasks = _step_tasks(application, step, now)
        if tasks:
            return tasks
    raise LoketError("Tidak ada langkah prosedur yang berlaku untuk permohonan ini; hubungi perangkat daerah.")


def start(application: Application, now) -> list[Task]:
    """Open the first step of the application's procedure (called inside the submit transaction)."""
    tasks = first_tasks(application, now)
    Task.objects.bulk_create(tasks)
    return tasks


def open_task_of(application_id: int) -> Task | None:
    """The open task of a case whose steps each have one decider (e.g. a person-addressed step)."""
    return Task.objects.filter(application_id=application_id, status=Task.Status.OPEN).order_by("pk").first()


ACTIONS = ("approve", "return", "reject", "wait", "resume")


def get_task_for(actor, task_id: int, day=None) -> Task:
    task = (
        Task.objects.select_related("application__region", "application__service", "application__applicant", "step")
        .filter(permissions.task_scope(actor, day=day), pk=task_id)
        .first()
    )
    if task is None:
        raise NotFound(tr("Tugas tidak ditemukan atau bukan wewenang Anda.", "Task not found or not yours."))
    return task


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
) -> Task:
    """approve / return (to the applicant for revision) / reject / wait / resume, by an officer in scope.

    A case whose kind decides on its own page (workflow.decisions) is acted on only by that kind (by_kind)."""
    note = _checked_note(action, note)
    task = get_task_for(actor, task_id, day)  # `day`: whose stand-in the actor is (a kind's own clock)
    if not by_kind and decisions.page_for(task.application):
        raise LoketError(
            tr(
                "Permohonan jenis ini diputuskan di halaman keputusannya sendiri.",
                "This kind of case is decided on its own decision page.",
            )
        )
    version = task.version if expected_version is None else expected_version
    return _act(actor, task, action, note, version)


def decide_for_kind(*, actor, application_id: int, action: str, note: str = "", rows=None) -> Task | None:
    """A kind that decides its cases on its own page (workflow.decisions, e.g. e-Cuti) takes its decision on
    the case's open step: approve (the next step opens, or the case completes) or reject.

    The kind has already decided that `actor` may take it (its own rules: e-Cuti's levels, stand-ins and
    delegations), inside the transaction that locks its record; the engine does not ask the same question
    again through the task's scope. Rows that need no answer (history, audit, notices, the next step's task)
    join `rows`, the caller's `core.batch.Batch`, for the caller to write with its own. None when the case
    has no open task (a request filed before the engine carried its kind)."""
    if action not in ("approve", "reject"):
        raise LoketError(tr("Tindakan tidak dikenal.", "Unknown action."))
    note = _checked_note(action, note)
    now = timezone.now()
    status = Task.Status.APPROVED if action == "approve" else Task.Status.REJECTED
    task = _take_open_task(application_id, status, actor, note, now)
    if task is None:
        if open_task_of(application_id) is None:
            return None
        raise Conflict(  # claimed by another officer in the meantime
            tr(
                "Permohonan ini baru saja ditindaklanjuti petugas lain atau sudah berubah. "
                "Muat ulang halaman untuk melihat keadaan terbaru.",
                "Someone else has just acted on this application. Reload to see its current state.",
            )
        )
    return _after_task(actor, task, action, note, now, rows)


_TAKE_OPEN_TASK = (
    "UPDATE {table} SET status = %s, version = version + 1, completed_at = %s, completed_by_id = %s, note = %s "
    "WHERE id = (SELECT id FROM {table} WHERE application_id = %s AND status = %s ORDER BY id LIMIT 1) "
    "AND status = %s AND (claimed_by_id IS NULL OR claimed_by_id = %s) RETURNING {columns}"
)


def _take_open_task(application_id: int, status: str, actor, note: str, now) -> Task | None:
    """Complete the case's (first) open task and return it as written, in one statement; None when there is
    none, or another officer has claimed it."""
    table = connection.ops.quote_name(Task._meta.db_table)
    actor_id = getattr(actor, "pk", None)
    with plain_rows.cursor() as cursor:
        cursor.execute(
            _TAKE_OPEN_TASK.format(table=table, columns=plain_rows.columns(Task)),
            [
                status,
                connection.ops.adapt_datetimefield_value(now),
                actor_id,
                note,
                application_id,
                Task.Status.OPEN,
                Task.Status.OPEN,
                actor_id,
            ],
        )
        row = cursor.fetchone()
    return None if row is None else plain_rows.instance(Task, row)


_COMPLETE_TASK = (
    "UPDATE {table} SET status = %s, version = version + 1, completed_at = %s, completed_by_id = %s, note = %s "
    "WHERE id = %s AND status = %s AND version = %s AND (claimed_by_id IS NULL OR claimed_by_id = %s)"
)


def _complete_task(task: Task, status: str, version: int, actor, note: str, now) -> bool:
    """The conditional UPDATE that makes exactly one of two concurrent actions win (the task still open, at the
    version the actor saw, not claimed by someone else): a fixed statement, as every decision runs it."""
    with plain_rows.cursor() as cursor:
        cursor.execute(
            _COMPLETE_TASK.format(table=connection.ops.quote_name(Task._meta.db_table)),
            [
                status,
                connection.ops.adapt_datetimefield_value(now),
                getattr(actor, "pk", None),
                note,
                task.pk,
                Task.Status.OPEN,
                version,
                getattr(actor, "pk", None),
            ],
        )
        return cursor.rowcount == 1


def _locked_case(application_id: int) -> Application:
    """The case locked for its transition, with its region, service, standard, applicant and the applicant's
    citizen profile (select_for_update(of=self).select_related(...)), as one plain statement."""
    from django.contrib.auth import get_user_model

    from loket.applications.models import CitizenProfile
    from loket.catalogue.models import Service, ServiceStandard
    from loket.org.models import Region

    User = get_user_model()
    found = plain_rows.select(
        "workflow.locked_case",
        [
            (Application, "a"),
            (Region, "r"),
            (Service, "s"),
            (ServiceStandard, "st"),
            (User, "u"),
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


def _checked_note(action: str, note: str) -> str:
    if action not in ACTIONS:
        raise LoketError(tr("Tindakan tidak dikenal.", "Unknown action."))
    note = (note or "").strip()
    if action in ("return", "reject", "wait") and not note:
        raise LoketError(
            tr("Alasan wajib diisi agar pemohon tahu apa yang harus dilakukan.", "A reason is required."), field="note"
        )
    return note


def _act(actor, task: Task, action: str, note: str, version: int, rows=None) -> Task:
    now = timezone.now()
    if action in ("wait", "resume"):
        if rows:
            rows.write(savepoint=False)
        return _wait_or_resume(actor, task, action, note, version, now)
    status = {"approve": Task.Status.APPROVED, "return": Task.Status.RETURNED, "reject": Task.Status.REJECTED}[action]
    if not _complete_task(task, status, version, actor, note, now):
        raise Conflict(
            tr(
                "Permohonan ini baru saja ditindaklanjuti petugas lain atau sudah berubah. "
                "Muat ulang halaman untuk melihat keadaan terbaru.",
                "Someone else has just acted on this application. Reload to see its current state.",
            )
        )
    # What the UPDATE wrote, without reading the row back.
    task.status, task.version, task.completed_at, task.completed_by, task.note = status, version + 1, now, actor, note
    return _after_task(actor, task, action, note, now, rows)


def _after_task(actor, task: Task, action: str, note: str, now, rows=None) -> Task:
    """The task is completed (approve, return, reject): the case moves on, locked, in the same transaction."""
    status = task.status
    application = _locked_case(task.application_id)
    if application.status != Application.Status.SUBMITTED:
        raise Conflict(tr("Permohonan tidak sedang diproses.", "The application is not in process."))
    own_rows = rows is None
    rows = batch.Batch() if own_rows else rows
    step = _step_of(application, task)
    rows.add(
        [
            audit.build(
                f"workflow.task_{action}",
                obj=task,
                actor=actor,
                data={"tracking": application.tracking_number, "step": step.position, "note": note},
            )
        ]
    )
    if action == "approve":
        _after_approval(application, task, step, actor, now, rows=rows)
    else:
        _cancel_siblings(task)
        rows.write(savepoint=False)  # the transition's own rows come after these
        lifecycle.transition(
            application,
            {"return": "return", "reject": "reject"}[action],
            actor=actor,
            now=now,
            note=note,
            step_name=step.name_id,
            notice_key=f"task:{task.pk}:{status}",
        )
    if own_rows:
        rows.write(savepoint=False)
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
    if not quiet:
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
    used = deadlines.calendar_for(region).working_days_between(
        deadlines.local_date(returned.created_at, region), deadlines.local_date(application.paused_at, region)
    )
    if application.due_at:
        application.due_at = (
            deadlines.due_after(application.due_at, paused_days, region) if paused_days else application.due_at
        )
    application.paused_working_days += paused_days
    return _open_step(application, step, now, days=rules.remaining_days(step.sla_days, used))


@transaction.atomic
def claim(*, actor, task_id: int) -> Task:
    task = get_task_for(actor, task_id)
    won = Task.objects.filter(pk=task.pk, status=Task.Status.OPEN, claimed_by__isnull=True).update(
        claimed_by=actor, version=F("version") + 1
    )
    if not won:
        raise Conflict(tr("Tugas ini sudah diambil petugas lain.", "Another officer has already claimed this task."))
    audit.record("workflow.task_claimed", obj=task, actor=actor, data={"tracking": task.application.tracking_number})
    task.refresh_from_db()
    return task


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
    Task.objects.filter(pk=task.pk).update(claimed_by=None, version=F("version") + 1)
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
    if not permissions.can_act_on_task(officer, task):
        raise LoketError(
            tr("Petugas tersebut tidak berwenang pada tahap ini.", "That officer cannot act on this step.")
        )
    won = Task.objects.filter(pk=task.pk, status=Task.Status.OPEN).update(claimed_by=officer, version=F("version") + 1)
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


@transaction.atomic
def record_download(*, actor, task: Task, upload) -> None:
    """An officer downloaded an applicant's document from a task."""
    audit.record(
        "applications.upload_downloaded",
        obj=upload,
        actor=actor,
        data={"tracking": task.application.tracking_number, "requirement": upload.requirement},
    )
