"""State changes of the civil-servant registry: imports, headships and the posts an official leaves. Leave: hr/leave/services.py; KGB: hr/kgb/services.py."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from loket.core import audit
from loket.core.errors import LoketError, PermissionDenied
from loket.core.i18n import tr
from loket.hr.importing import ImportFileError, read_rows, upsert_employees
from loket.hr.models import ImportJob
from loket.org import permissions

MAX_FILE_BYTES = 50 * 1024 * 1024


def start_import(*, actor, file_name: str, data: bytes, kind: str = "employees") -> ImportJob:
    """Record the uploaded file as an import job and queue it; the page /kantor/kepegawaian/impor/<id>/ shows progress.
    `kind`: "employees" (the register) or "ratings" (performance ratings, hr.performance.importing)."""
    if not permissions.can_anywhere(actor, "hr.manage"):
        raise PermissionDenied(tr("Anda tidak berwenang mengimpor data pegawai.", "You may not import employees."))
    lower = file_name.lower()
    if not (lower.endswith((".csv", ".xlsx"))):
        raise LoketError(tr("Unggah berkas .csv atau .xlsx.", "Upload a .csv or .xlsx file."), field="file")
    if not data:
        raise LoketError(tr("Berkas kosong.", "The file is empty."), field="file")
    if len(data) > MAX_FILE_BYTES:
        raise LoketError(
            tr("Berkas lebih dari 50 MB; pecah menjadi beberapa berkas.", "The file is larger than 50 MB; split it."),
            field="file",
        )
    from loket.hr.tasks import run_import_job

    with transaction.atomic():
        job = ImportJob.objects.create(
            created_by=actor,
            file_name=file_name[:200],
            content=data,
            source="xlsx" if lower.endswith(".xlsx") else "csv",
            kind="ratings" if kind == "ratings" else "employees",
        )
        audit.record("hr.import_started", obj=job, actor=actor, data={"file": job.file_name, "bytes": len(data)})
        # Enqueued in the same transaction (database queue): the job row and its task commit together.
        run_import_job.enqueue(job.pk)
    return job


def _progress(job_id: int):
    def report(done: int, total: int, phase: str) -> None:
        status = ImportJob.Status.WRITING if phase == "writing" else ImportJob.Status.VALIDATING
        ImportJob.objects.filter(pk=job_id).update(processed_rows=done, total_rows=total, status=status)

    return report


def run_import(*, job_id: int) -> ImportJob:
    """Run one queued import: validate every row, then write all rows in one transaction or none."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.VALIDATING
    )
    job = ImportJob.objects.get(pk=job_id)
    if not claimed:
        return job  # already run (or running) by another worker
    agencies = permissions.agencies_for(job.created_by, "hr.manage")
    try:
        if job.kind == "ratings":
            from loket.hr.performance import importing as ratings

            rows = list(read_rows(job.file_name, bytes(job.content), ratings.REQUIRED))
            ImportJob.objects.filter(pk=job_id).update(total_rows=len(rows))
            outcome = ratings.import_ratings(rows, actor=job.created_by, agencies=agencies, progress=_progress(job_id))
        else:
            rows = list(read_rows(job.file_name, bytes(job.content)))
            ImportJob.objects.filter(pk=job_id).update(total_rows=len(rows))
            outcome = upsert_employees(
                rows, source=job.source, actor=job.created_by, agencies=agencies, progress=_progress(job_id)
            )
    except ImportFileError as exc:
        return _finish(
            job_id, ImportJob.Status.FAILED, message=str(exc), errors=[{"row": 1, "column": "", "message": str(exc)}]
        )
    if not outcome.ok:
        return _finish(
            job_id,
            ImportJob.Status.FAILED,
            total_rows=outcome.total,
            errors=outcome.errors,
            message=tr(
                f"{outcome.error_count} kesalahan ditemukan; tidak ada data yang disimpan. "
                "Perbaiki berkas lalu unggah kembali.",
                f"{outcome.error_count} errors found; nothing was saved. Fix the file and upload again.",
            ),
        )
    return _finish(
        job_id,
        ImportJob.Status.DONE,
        total_rows=outcome.total,
        processed_rows=outcome.total,
        created_count=outcome.created,
        updated_count=outcome.updated,
        message=(
            tr(
                f"{outcome.created} predikat kinerja baru dicatat, {outcome.updated} tidak berubah.",
                f"{outcome.created} new ratings recorded, {outcome.updated} unchanged.",
            )
            if job.kind == "ratings"
            else tr(
                f"{outcome.created} pegawai baru, {outcome.updated} diperbarui.",
                f"{outcome.created} new employees, {outcome.updated} updated.",
            )
        ),
    )


def _finish(job_id: int, status: str, **fields) -> ImportJob:
    with transaction.atomic():
        ImportJob.objects.filter(pk=job_id).update(status=status, finished_at=timezone.now(), content=b"", **fields)
        job = ImportJob.objects.get(pk=job_id)
        audit.record(
            "hr.import_finished",
            obj=job,
            actor=job.created_by,
            data={
                "status": status,
                "rows": job.total_rows,
                "created": job.created_count,
                "updated": job.updated_count,
                "errors": len(job.errors),
            },
        )
    return job


# --- an official leaves a post (a transfer applied, leaving the registry) -----------------------------------------


def leave_posts(employee, *, day, note: str, left_agency_id: int | None, keep=None) -> dict:
    """`employee` no longer holds the posts they left, from `day` (in the caller's transaction): their headships there
    end (`keep`: a Q of the headships they still hold, e.g. the unit they moved into; None: all end); the open work
    named for them as official of a post they no longer hold — leave requests to consider or decide, KGB notices,
    promotions, PAKs, pension and transfer decrees, transfer approvals — goes to whoever holds the post now (the record
    asked again as on opening, its open tasks re-addressed through `workflow.readdress_for_kind`; nobody holding it:
    the record names nobody and hr.rules.official_refusal keeps the one who left from acting); their stand-ins given
    or taken for it end the day before; and their roles in the agency they left (`left_agency_id`, None when they
    stay in it) end. Each change is audited. Returns the counts."""
    import datetime as dt

    from loket.hr import queries
    from loket.hr.models import (
        CreditDecree,
        Delegation,
        Headship,
        KgbDecision,
        LeaveRequest,
        PensionFile,
        Promotion,
        Transfer,
    )
    from loket.org.models import RoleAssignment
    from loket.workflow import services as workflow

    ended = Headship.objects.filter(employee=employee)
    if keep is not None:
        ended = ended.exclude(keep)
    headships = list(ended.values_list("agency_id", "unit_id"))
    ended.delete()
    moved = {"headships": len(headships), "records": 0, "tasks": 0, "delegations": 0, "roles": 0}

    def follow(record, fields: list[str], case_id) -> None:
        record.save(update_fields=fields)
        moved["records"] += 1
        if case_id:
            moved["tasks"] += workflow.readdress_for_kind(case_id, note=note)

    def holder(current, now_found):
        """The official a record names after `employee` left: unchanged unless it was them (and they no longer hold
        the post): then whoever the registry names now (never the record's subject)."""
        return now_found if current is not None and current.pk == employee.pk else current

    for leave in (
        LeaveRequest.objects.select_for_update()
        .filter(Q(superior=employee) | Q(official=employee), status__in=LeaveRequest.OPEN)
        .exclude(employee=employee)
    ):
        superior, official = queries.leave_approvers(leave.employee)
        fields = []
        if leave.superior_id == employee.pk and leave.status == LeaveRequest.Status.SUPERIOR:
            leave.superior, fields = superior, [*fields, "superior"]
        if leave.official_id == employee.pk:
            leave.official, fields = official, [*fields, "official"]
        if fields:
            follow(leave, fields, leave.case_id)
    for model, statuses in (
        (KgbDecision, [KgbDecision.Status.REVIEW, KgbDecision.Status.SIGNATURE]),
        (Promotion, Promotion.OPEN),
        (CreditDecree, CreditDecree.OPEN),
        (PensionFile, PensionFile.OPEN),
    ):
        for record in (
            model.objects.select_for_update(of=("self",))
            .select_related("employee")
            .filter(official=employee, status__in=statuses)
            .exclude(employee=employee)
        ):
            record.official = queries.authorized_official(record.employee)
            follow(record, ["official"], record.case_id)

    def head_of(agency_id, subject_id):
        head = queries.agency_head(agency_id)
        return head if head is not None and head.pk != subject_id else None

    for transfer in (
        Transfer.objects.select_for_update()
        .filter(Q(sender_official=employee) | Q(receiver_official=employee) | Q(official=employee))
        .filter(status__in=Transfer.OPEN)
        .exclude(employee=employee)
    ):
        receiving = transfer.official_id == transfer.receiver_official_id
        transfer.sender_official = holder(
            transfer.sender_official, head_of(transfer.from_agency_id, transfer.employee_id)
        )
        transfer.receiver_official = holder(
            transfer.receiver_official, head_of(transfer.to_agency_id, transfer.employee_id)
        )
        transfer.official = transfer.receiver_official if receiving else transfer.sender_official
        follow(transfer, ["sender_official", "receiver_official", "official"], transfer.case_id)

    before = day - dt.timedelta(days=1)
    stand_ins = Delegation.objects.filter(last__gte=day).filter(
        Q(delegator=employee) | Q(delegate=employee, delegator__agency_id=left_agency_id)
    )
    moved["delegations"] = stand_ins.filter(first__gte=day).delete()[0]
    moved["delegations"] += stand_ins.filter(first__lt=day).update(last=before)

    if left_agency_id is not None and employee.user_id is not None:
        roles = RoleAssignment.objects.filter(user_id=employee.user_id, agency_id=left_agency_id)
        ended_roles = list(roles.values_list("role", "unit_id"))
        roles.delete()
        moved["roles"] = len(ended_roles)
        if ended_roles:
            audit.record(
                "org.roles_ended",
                obj=employee.user,
                data={"agency": left_agency_id, "roles": [role for role, _unit in ended_roles], "on": day.isoformat()},
            )
    audit.record(
        "hr.posts_left",
        obj=employee,
        data={"headships": [[a, u] for a, u in headships], "on": day.isoformat(), **moved},
    )
    return moved
