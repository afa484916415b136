"""The civil-service figures of the shared world (tests/helpers/world.py): its own module, because the world is
built once per module and stays for the module's other tests."""

import pytest

from loket.insights import queries, services

pytestmark = pytest.mark.django_db


def test_the_worlds_leave_and_kgb_cases(world):
    """The shared world: a leave request approved by both levels (its permit signed with the official's code), one
    waiting for the superior, and the system-opened KGB drafts."""
    services.rebuild()
    since, until = queries.month_range(2)
    rows = {
        service.code: (kpi, figures)
        for service, kpi, figures in queries.employee_services([world.agency_a.pk], since=since, until=until)
    }
    leave, leave_figures = rows["cuti-asn-kota-bandung"]
    assert (leave.received, leave.completed, leave.open) == (2, 1, 1)
    row = leave_figures.as_row()
    permit = world.objects["permit_doc"]
    assert row["decreed"] == 1 and row["pages_avoided"] == permit.pages == 1 and row["documents_paperless"] == 1
    assert leave.as_row()["zero_visit_percent"] == 100.0  # requested online by the employee
    assert row["touch_minutes_mean"] is not None and row["touch_minutes_mean"] <= 2 * 60  # two officers' tasks
    kgb, kgb_figures = rows["kgb-asn-kota-bandung"]
    assert kgb.received == 2 and kgb.completed == 0 and kgb.open == 2
    assert kgb_figures.as_row()["decreed"] == 0 and kgb_figures.as_row()["decree_median_days"] is None
