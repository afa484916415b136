"""e-Cuti on the one case engine (issue 12): a leave request is a case of the leave service, its steps are
tasks addressed to the superior and the official, with deadlines, in their inbox and on the dashboard."""

import datetime as dt

import pytest
from django.utils import timezone

from loket.core.dates import short_date
from loket.core.errors import LoketError
from loket.hr.leave import services
from loket.hr.models import LeaveRequest
from loket.insights import services as insights
from loket.insights.models import MonthlyStat
from loket.org.models import Role, RoleAssignment
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.helpers.hr import otp

pytestmark = pytest.mark.django_db

MON, WED = dt.date(2026, 12, 7), dt.date(2026, 12, 9)


def ask(employee):
    return services.request_leave(
        actor=employee.user, leave_type="tahunan", first=MON, last=WED, reason="Keluarga", address="Bandung"
    )


def open_tasks(leave):
    return list(Task.objects.filter(application=leave.case, status="open").select_related("step", "assignee"))


def test_a_leave_request_is_a_case_whose_first_task_is_the_superiors(staff, leave_service):
    leave = ask(staff["staf"])
    case = leave.case
    assert case.service == leave_service and case.applicant == staff["staf"].user and case.status == "submitted"
    [task] = open_tasks(leave)
    assert task.assignee == staff["kasi"].user and task.step.addressee == "direct_superior"
    assert task.due_at > case.submitted_at and list(case.events.values_list("kind", flat=True)) == ["submitted"]


def test_it_is_in_the_superiors_inbox_with_its_deadline(staff, client):
    leave = ask(staff["staf"])
    [task] = open_tasks(leave)
    client.force_login(staff["kasi"].user)  # an employee without any back-office role
    page = client.get("/kantor/tugas/")
    assert page.status_code == 200
    html = page.content.decode()
    assert leave.case.tracking_number in html
    assert short_date(timezone.localtime(task.due_at).date()) in html  # "9 Des 2026"
    decisions = client.get("/pegawai/persetujuan/").content.decode()
    assert staff["staf"].full_name in decisions and "Batas waktu" in decisions
    # A colleague has no such inbox.
    client.force_login(staff["staf2"].user)
    assert client.get("/kantor/tugas/").status_code == 403


def test_the_task_page_sends_the_decider_to_e_cuti_and_generic_actions_are_refused(staff, client):
    leave = ask(staff["staf"])
    [task] = open_tasks(leave)
    client.force_login(staff["kasi"].user)
    html = client.get(f"/kantor/tugas/{task.pk}/").content.decode()
    assert f"/pegawai/cuti/{leave.pk}/" in html and 'value="approve"' not in html
    with pytest.raises(LoketError, match="halaman keputusannya sendiri"):
        workflow.act(actor=staff["kasi"].user, task_id=task.pk, action="approve")
    assert Task.objects.get(pk=task.pk).status == "open"


def test_decisions_move_the_case_through_both_steps_and_issue_one_document(staff):
    leave = ask(staff["staf"])
    services.decide(actor=staff["kasi"].user, leave_id=leave.pk, decision="approved")
    [task] = open_tasks(leave)
    assert task.assignee == staff["kadis"].user and task.step.addressee == "signing_official"
    leave = services.decide(actor=staff["kadis"].user, leave_id=leave.pk, decision="approved", otp=otp(staff["kadis"]))
    case = leave.case
    case.refresh_from_db()
    assert leave.status == LeaveRequest.Status.APPROVED and case.status == "completed"
    assert open_tasks(leave) == [] and case.documents.count() == 1
    assert [e.kind for e in case.events.all()] == ["submitted", "step_approved", "step_approved", "completed"]


def test_a_refusal_ends_the_case_with_the_reason(staff):
    leave = ask(staff["staf"])
    services.decide(actor=staff["kasi"].user, leave_id=leave.pk, decision="deferred", note="Akhir tahun anggaran")
    leave.case.refresh_from_db()
    assert leave.case.status == "rejected" and leave.case.decision_note == "Akhir tahun anggaran"
    assert open_tasks(leave) == []


def test_withdrawing_withdraws_the_case(staff):
    leave = ask(staff["staf"])
    services.withdraw(actor=staff["staf"].user, leave_id=leave.pk)
    leave.case.refresh_from_db()
    assert leave.case.status == "withdrawn" and open_tasks(leave) == []


def test_withdrawing_the_case_from_its_status_page_withdraws_the_leave_request(staff, client):
    leave = ask(staff["staf"])
    client.force_login(staff["staf"].user)
    response = client.post(f"/permohonan/{leave.case.tracking_number}/cabut/", {"reason": "Tidak jadi berangkat"})
    assert response.status_code == 302
    leave.refresh_from_db()
    leave.case.refresh_from_db()
    assert leave.case.status == "withdrawn" and leave.status == LeaveRequest.Status.WITHDRAWN
    assert leave.decided_at is not None and open_tasks(leave) == []
    # Its days no longer hold the balance: the same days can be asked again.
    assert ask(staff["staf"]).status == LeaveRequest.Status.SUPERIOR


def test_when_the_superior_is_the_official_the_first_step_goes_to_a_second_person(staff, kota_bandung):
    # Issue 13: leave needs two different people. The head of a top unit: superior = the agency head = the
    # official, so the HR office's employee considers (hr.leave.rules.considerer).
    RoleAssignment.objects.create(user=staff["staf3"].user, role=Role.HR_ADMIN, region=kota_bandung)
    leave = ask(staff["kabid"])
    [task] = open_tasks(leave)
    assert task.assignee == staff["staf3"].user and task.step.position == 1
    services.decide(actor=staff["staf3"].user, leave_id=leave.pk, decision="approved")
    [task] = open_tasks(leave)
    assert task.assignee == staff["kadis"].user and task.step.position == 2


def test_the_leave_case_counts_on_the_dashboard(staff, leave_service):
    leave = ask(staff["staf"])
    insights.catch_up(lag=dt.timedelta(0), now=timezone.now() + dt.timedelta(seconds=1))
    stat = MonthlyStat.objects.filter(service=leave_service).first()
    assert stat is not None and stat.received == 1 and leave.case.service_id == leave_service.pk


def test_the_public_page_of_the_leave_service_draws_the_steps_leave_follows(staff, leave_service, client):
    html = client.get(f"/layanan/{leave_service.code}/").content.decode()
    assert "Pertimbangan atasan langsung" in html and "Keputusan pejabat yang berwenang" in html
    assert "Atasan langsung pemohon" in html  # who decides, not a unit
