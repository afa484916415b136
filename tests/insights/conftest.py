"""Hand-made application histories for KPI tests: rows written directly with chosen times."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest

from loket.applications.models import Application, ApplicationEvent
from tests.conftest import make_user

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


@pytest.fixture
def history(service_a):
    """Seven applications of service_a (Kota Bandung, WIB, 5 working days), hand-computed in test_kpis.py."""
    citizen = make_user("pemohon_kpi")
    apps = {}
    # A: holiday-spanning (29–30 May 2025 are Ascension Day and its cuti bersama): 5 working days, met.
    apps["A"] = make_application(
        service_a,
        citizen,
        channel="online",
        status="completed",
        events=[
            ("submitted", wib(2025, 5, 26, 9)),
            ("step_approved", wib(2025, 6, 2, 9)),
            ("completed", wib(2025, 6, 4, 10)),
        ],
    )
    # B: returned 7 May, resubmitted 14 May (12–13 May Vesak): 9 working days minus 3 paused = 6 > 5, missed.
    apps["B"] = make_application(
        service_a,
        citizen,
        channel="counter",
        status="completed",
        revision_count=1,
        paused_working_days=3,
        events=[
            ("submitted", wib(2025, 5, 5, 8)),
            ("returned", wib(2025, 5, 7, 11)),
            ("resubmitted", wib(2025, 5, 14, 9)),
            ("completed", wib(2025, 5, 20, 15)),
        ],
    )
    # C: submitted 01:30 WIB on 3 June (still 2 June in UTC), completed the same local day: 0 days.
    apps["C"] = make_application(
        service_a,
        citizen,
        channel="assisted",
        status="completed",
        events=[("submitted", wib(2025, 6, 3, 1, 30)), ("completed", wib(2025, 6, 3, 10))],
    )
    # D: returned once, then rejected.
    apps["D"] = make_application(
        service_a,
        citizen,
        channel="online",
        status="rejected",
        revision_count=1,
        paused_working_days=1,
        events=[
            ("submitted", wib(2025, 5, 28, 9)),
            ("returned", wib(2025, 5, 28, 14)),
            ("resubmitted", wib(2025, 6, 2, 8)),
            ("rejected", wib(2025, 6, 2, 13)),
        ],
    )
    # E: withdrawn by the applicant.
    apps["E"] = make_application(
        service_a,
        citizen,
        channel="online",
        status="withdrawn",
        events=[("submitted", wib(2025, 6, 4, 9)), ("withdrawn", wib(2025, 6, 5, 9))],
    )
    # F: still in process and past its due time: overdue.
    apps["F"] = make_application(
        service_a,
        citizen,
        channel="online",
        status="submitted",
        due_at=wib(2025, 6, 12, 23, 59),
        events=[("submitted", wib(2025, 6, 5, 10))],
    )
    # G: returned and waiting on the applicant (clock stopped): backlog, not overdue.
    apps["G"] = make_application(
        service_a,
        citizen,
        channel="online",
        status="returned",
        revision_count=1,
        due_at=wib(2025, 6, 13, 23, 59),
        events=[("submitted", wib(2025, 6, 6, 10)), ("returned", wib(2025, 6, 6, 15))],
    )
    return apps
