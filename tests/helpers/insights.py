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
