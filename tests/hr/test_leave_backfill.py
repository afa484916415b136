"""Leave requests filed before e-Cuti ran on the engine get their case, ending as the request did (issue 12)."""

import datetime as dt

import pytest
from django.utils import timezone

from loket.hr.backfill import attach_missing_leave_cases
from loket.hr.models import LeaveDecision, LeaveRequest
from loket.notify.models import Notification
from loket.workflow.models import Task

pytestmark = pytest.mark.django_db

S = LeaveRequest.Status
FILED = timezone.make_aware(dt.datetime(2026, 3, 2, 9))


def old_request(employee, status, superior, official, **extra):
    leave = LeaveRequest.objects.create(
        employee=employee,
        leave_type="tahunan",
        first=dt.date(2026, 3, 9),
        last=dt.date(2026, 3, 10),
        working_days=2,
        calendar_days=2,
        status=status,
        superior=superior,
        official=official,
        decided_at=None if status in LeaveRequest.OPEN else FILED + dt.timedelta(days=1),
        **extra,
    )
    LeaveRequest.objects.filter(pk=leave.pk).update(submitted_at=FILED)
    leave.refresh_from_db()
    return leave


def test_each_old_request_gets_a_case_that_ends_as_it_did(staff):
    siti, rudi, bambang = staff["staf"], staff["kasi"], staff["kadis"]
    waiting_superior = old_request(siti, S.SUPERIOR, rudi, bambang)
    waiting_official = old_request(staff["staf2"], S.OFFICIAL, rudi, bambang)
    approved = old_request(staff["staf3"], S.APPROVED, staff["kabid2"], bambang)
    deferred = old_request(siti, S.DEFERRED, rudi, bambang)
    LeaveDecision.objects.create(
        request=deferred, level=1, decision="deferred", approver=rudi, acted_by=rudi, note="Akhir tahun"
    )
    withdrawn = old_request(staff["staf2"], S.WITHDRAWN, rudi, bambang)
    notices = Notification.objects.count()

    assert attach_missing_leave_cases() == 5
    assert attach_missing_leave_cases() == 0  # idempotent
    for leave in (waiting_superior, waiting_official, approved, deferred, withdrawn):
        leave.refresh_from_db()
        assert leave.case is not None and leave.case.submitted_at == FILED

    def open_assignees(leave):
        return list(Task.objects.filter(application=leave.case, status="open").values_list("assignee", flat=True))

    assert open_assignees(waiting_superior) == [rudi.user_id]
    assert open_assignees(waiting_official) == [bambang.user_id]
    assert approved.case.status == "completed" and open_assignees(approved) == []
    assert deferred.case.status == "rejected" and deferred.case.decision_note == "Akhir tahun"
    assert withdrawn.case.status == "withdrawn"
    assert Notification.objects.count() == notices  # nobody is told about the past again


def test_without_a_leave_service_nothing_moves(staff):
    from loket.hr.models import CaseService

    CaseService.objects.all().delete()
    old_request(staff["staf"], S.SUPERIOR, staff["kasi"], staff["kadis"])
    assert attach_missing_leave_cases() == 0
    assert LeaveRequest.objects.get().case is None


def test_an_approved_requests_signed_permit_is_its_cases_decision_and_nothing_new_is_issued(staff, leave_service):
    from loket.documents.models import Document
    from loket.hr.leave import services
    from loket.hr.models import CaseService
    from tests.helpers.hr import otp

    CaseService.objects.all().delete()  # approved and signed before leave ran on the engine
    leave = old_request(staff["staf"], S.OFFICIAL, staff["kasi"], staff["kadis"])
    services.decide(actor=staff["kadis"].user, leave_id=leave.pk, decision="approved", otp=otp(staff["kadis"]))
    [permit] = Document.objects.all()
    CaseService.objects.create(kind=CaseService.Kind.LEAVE, region=leave_service.agency.region, service=leave_service)
    assert attach_missing_leave_cases() == 1
    leave.refresh_from_db()
    assert leave.case.status == "completed"
    assert list(Document.objects.values_list("pk", "application_id")) == [(permit.pk, leave.case_id)]
