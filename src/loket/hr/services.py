"""State changes of the civil-servant registry: imports, headships. Leave: hr/leave/services.py; KGB: hr/kgb/services.py."""

from django.db import transaction
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
