"""Hand-made application histories for KPI tests: rows written directly with chosen times."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from loket.applications.models import Application, ApplicationEvent

WIB = ZoneInfo("Asia/Jakarta")
_numbers = itertools.count(1)


def wib(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)


def make_application(
    service, applicant, *, channel="online", events, status, revision_count=0, paused_working_days=0, due_at=None
) -> Application:
    """An application with the given events [(kind, moment), ...] (the first must be 'submitted')."""
    assert events[0][0] == "submitted"
    number = next(_numbers)
    application = Application.objects.create(
        tracking_number=f"T-{number:06d}",
        service=service,
        standard=service.current,
        agency=service.agency,
        region=service.agency.region,
        applicant=applicant,
        channel=channel,
        status=status,
        data={},
        idempotency_key=f"k-{number}",
        submitted_at=events[0][1],
        due_at=due_at,
        decided_at=events[-1][1] if status in ("completed", "rejected", "withdrawn") else None,
        paused_working_days=paused_working_days,
        revision_count=revision_count,
    )
    ApplicationEvent.objects.bulk_create(
        [ApplicationEvent(application=application, kind=kind, occurred_at=moment) for kind, moment in events]
    )
    return application


def decree(case, *, signed_at, pages, delivery="digital", status="valid"):
    """A signed decision document of a case (a civil-service decree), with its page count, written directly."""
    from loket.documents.models import Document

    number = next(_numbers) + 5000
    return Document.objects.create(
        code=f"SK{number:014d}",
        application=case,
        agency=case.agency,
        region=case.region,
        holder=case.applicant,
        holder_name="Pegawai Uji",
        kind="sk",
        title="Keputusan Penetapan Angka Kredit",
        year=signed_at.year,
        sequence=9000 + number,
        number=f"{number}/PAK/{signed_at.year}",
        body="",
        status=status,
        created_at=signed_at,
        signed_at=signed_at,
        sha256=f"{number:064d}",
        pages=pages,
        delivery=delivery,
        printed_at=signed_at if delivery == "printed" else None,
    )
