"""The summaries follow the real workflow: submit, return, resubmit, approve, reject."""

import datetime as dt

from loket.applications import services as applications
from loket.insights import queries, services
from loket.insights.models import BacklogStat, MonthlyStat
from tests.helpers.applications import ANSWERS, PDF
from tests.helpers.workflow import run_to_end


def test_returned_resubmitted_and_completed_application_is_counted(submitted, officers, process_service):
    services.catch_up(lag=dt.timedelta(0))
    backlog = BacklogStat.objects.get(service=process_service)
    assert (backlog.open, backlog.overdue) == (1, 0)
    run_to_end(submitted, officers, return_first=True)
    services.catch_up(lag=dt.timedelta(0))
    row = MonthlyStat.objects.get(service=process_service)
    assert (row.received, row.received_online, row.returned, row.completed, row.completed_online) == (1, 1, 1, 1, 1)
    assert (row.decided, row.decided_after_return, row.sla_measured, row.sla_met, row.d0) == (1, 1, 1, 1, 1)
    backlog.refresh_from_db()
    assert backlog.open == 0


def test_second_application_rejected(submitted, officers, process_service, applicant, ktp):
    upload = applications.store_upload(owner=applicant, data=PDF, name="ktp2.pdf", requirement="req_0")
    second, _ = applications.submit(
        actor=applicant,
        applicant=applicant,
        service=process_service,
        answers=ANSWERS,
        upload_ids={"req_0": str(upload.pk)},
        idempotency_key="k-2",
    )
    run_to_end(second, officers, reject=True)
    services.catch_up(lag=dt.timedelta(0))
    kpi = queries.summarize([process_service.agency_id], since=dt.date(2000, 1, 1), until=dt.date(2100, 1, 1))[None]
    assert (kpi.received, kpi.rejected, kpi.completed, kpi.open) == (2, 1, 0, 1)
    assert kpi.sla is None and kpi.median_days is None
