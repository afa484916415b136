"""Background tasks of loket.hr (django-tasks; the database queue in production, run by `loket worker`)."""

from django_tasks import task


@task()
def run_import_job(job_id: int) -> None:
    from loket.hr.services import run_import

    run_import(job_id=job_id)


@task()
def publish_revocation_list(region_id: int) -> None:
    """e-Kartu: build, sign and store a region's revocation list after a card was revoked or replaced (ADR 0018)."""
    from loket.hr.card.services import publish_revocation_list as publish
    from loket.org.models import Region

    region = Region.objects.filter(pk=region_id).first()
    if region is not None:
        publish(region)
