"""Background tasks of loket.hr (django-tasks; the database queue in production, run by `loket worker`)."""

from django_tasks import task


@task()
def run_import_job(job_id: int) -> None:
    from loket.hr.services import run_import

    run_import(job_id=job_id)
