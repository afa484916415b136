"""Hand-made application histories for KPI tests: rows written directly with chosen times."""

import pytest

from tests.helpers.insights import make_application, wib
from tests.helpers.org import make_user


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
