"""Finding 4 of issue 13: "rejecting an overdue application and having it re-filed removes the miss from SLA
figures". A rejection after the time limit is a miss in SLA compliance, and a new filing of the same service by the
same applicant soon after is linked to the rejected one, so the inspectorate's report shows who rejects late."""

import datetime as dt

import pytest
from django.utils import timezone

from loket.applications.models import ApplicationEvent
from loket.insights import anomalies, rules, services
from loket.insights.models import MonthlyStat, Refiling
from loket.org.models import Role
from tests.helpers.auth import login
from tests.helpers.insights import make_application, wib
from tests.helpers.org import make_user


@pytest.mark.parametrize(
    "kind, used, limit, outcome",
    [
        ("completed", 5, 5, True),
        ("completed", 6, 5, False),
        ("completed", 6, None, None),  # no limit: not measured
        ("rejected", 5, 5, None),  # rejected in time: not measured, as before
        ("rejected", 6, 5, False),  # rejected after the limit: a miss
        ("rejected", 60, 0, None),
    ],
)
def test_sla_outcome_rule(kind, used, limit, outcome):
    assert rules.sla_outcome(kind, used, limit) is outcome
    if kind == "rejected":
        assert rules.rejected_late(used, limit) is (outcome is False)


def late_then_refiled(service, citizen, officer, *, start):
    """An application rejected 20 working days after filing (the limit is 5), then filed again the next day and
    completed the day after: on time."""
    late = make_application(
        service, citizen, status="rejected", events=[("submitted", start), ("rejected", start + dt.timedelta(days=28))]
    )
    ApplicationEvent.objects.filter(application=late, kind="rejected").update(actor=officer)
    again = make_application(
        service,
        citizen,
        status="completed",
        events=[("submitted", start + dt.timedelta(days=29)), ("completed", start + dt.timedelta(days=30))],
    )
    return late, again


def totals() -> tuple[int, int]:
    rows = list(MonthlyStat.objects.values_list("sla_measured", "sla_met"))
    return sum(r[0] for r in rows), sum(r[1] for r in rows)


@pytest.mark.sqlite  # the re-filing window is date arithmetic in SQL: both databases
def test_a_late_rejection_stays_a_miss_after_the_application_is_filed_again(service_a, agency_a):
    citizen = make_user("pemohon_ulang")
    officer = make_user("petugas_penolak", (Role.OFFICER, agency_a))
    late, again = late_then_refiled(service_a, citizen, officer, start=wib(2025, 5, 5, 9))
    services.catch_up(lag=dt.timedelta(0))
    assert totals() == (2, 1)  # before: (1, 1), the miss was gone
    link = Refiling.objects.get()
    assert (link.application_id, link.rejected_id, link.rejected_by_id) == (again.pk, late.pk, officer.pk)
    assert link.rejected_late and link.agency_id == agency_a.pk
    [row] = anomalies.late_refilings([agency_a.pk], wib(2025, 1, 1))
    assert row["who"] == "petugas_penolak" and row["count"] == 1
    assert row["examples"] == [{"rejected": late.tracking_number, "refiled": again.tracking_number}]


@pytest.mark.sqlite
def test_only_the_same_applicant_and_service_within_the_window_is_a_refiling(service_a, agency_a, settings):
    citizen, other = make_user("pemohon_satu"), make_user("pemohon_dua")
    start = wib(2025, 5, 5, 9)
    make_application(
        service_a, citizen, status="rejected", events=[("submitted", start), ("rejected", start + dt.timedelta(2))]
    )
    make_application(service_a, other, status="submitted", events=[("submitted", start + dt.timedelta(3))])
    settings.LOKET_REFILING_DAYS = 10
    make_application(service_a, citizen, status="submitted", events=[("submitted", start + dt.timedelta(13))])
    services.catch_up(lag=dt.timedelta(0))
    assert not Refiling.objects.exists()  # another applicant; the same one 11 days later
    in_time = make_application(service_a, citizen, status="submitted", events=[("submitted", start + dt.timedelta(11))])
    services.catch_up(lag=dt.timedelta(0))
    link = Refiling.objects.get()
    assert link.application_id == in_time.pk and not link.rejected_late  # rejected within the limit
    assert anomalies.late_refilings([agency_a.pk], wib(2025, 1, 1)) == []
    assert totals()[0] == 0  # a timely rejection is not measured


def test_the_inspector_sees_late_rejections_refiled_per_officer(client, service_a, agency_a, kota_bandung):
    citizen = make_user("pemohon_ulang")
    officer = make_user("petugas_penolak", (Role.OFFICER, agency_a))
    late, again = late_then_refiled(service_a, citizen, officer, start=timezone.now() - dt.timedelta(days=40))
    services.rebuild()
    login(client, make_user("inspektur_bandung", (Role.INSPECTOR, kota_bandung)))
    html = client.get("/kantor/integritas/").content.decode()
    assert "Ditolak saat terlambat lalu diajukan ulang" in html
    assert "petugas_penolak" in html and f"{late.tracking_number} → {again.tracking_number}" in html
