"""e-Cuti's hot path stays cheap (issue 12, bench/leave.py): the SQL statements of filing a leave request and
of the superior's first decision through the JSON API have ceilings, and what they write is all there.

Each ceiling is today's count (after a first request has filled the per-process caches: the leave service,
its SOP, the calendar); inside the test's transaction BEGIN/COMMIT are SAVEPOINT/RELEASE, the same count.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.applications.models import ApplicationEvent
from loket.core import batch
from loket.core.models import AuditEvent
from loket.hr import cases
from loket.hr.models import CaseService, LeaveDecision, LeaveRequest
from loket.notify.models import Notification
from loket.workflow.models import Task
from tests.helpers.api import token_caller

pytestmark = pytest.mark.django_db

FILE_STATEMENTS = 7  # token with the employee, BEGIN, lock, leave facts, approval chain, the rows, COMMIT
DECIDE_STATEMENTS = 7  # token with the employee, BEGIN, request (locked), case locked, task completed, the rows, COMMIT
MONDAY = dt.date(2027, 1, 4)


def leave_body(day: dt.date) -> dict:
    return {"leave_type": "tahunan", "first": day.isoformat(), "last": day.isoformat(), "reason": "Keluarga"}


@pytest.fixture
def callers(staff):
    return token_caller(staff["staf"].user), token_caller(staff["kasi"].user)


def warm(callers, day):
    """One leave filed and decided, so that the per-process caches are filled (the leave service, its SOP, the
    calendar), after this process's blocks of reserved ids (core.batch) were let go: the measured request then
    draws its ids from fresh blocks, never fetching the next block, whatever this process wrote before."""
    batch._blocks._free.clear()
    return file_and_decide(callers, day)


def file_and_decide(callers, day):
    employee, superior = callers
    filed = employee.post("/hr/leave", leave_body(day))
    assert filed.status_code == 201, filed.content
    decided = superior.post(f"/hr/leave/{filed.json()['id']}/decision", {"decision": "approved"})
    assert decided.status_code == 200, decided.content
    return filed.json()["id"]


def test_filing_stays_within_its_statements_and_writes_everything(staff, callers):
    warm(callers, MONDAY)
    employee, _superior = callers
    with CaptureQueriesContext(connection) as captured:
        response = employee.post("/hr/leave", leave_body(MONDAY + dt.timedelta(days=7)))
    assert response.status_code == 201, response.content
    assert len(captured.captured_queries) <= FILE_STATEMENTS, [q["sql"][:80] for q in captured.captured_queries]
    leave = LeaveRequest.objects.select_related("case").get(pk=response.json()["id"])
    assert leave.status == LeaveRequest.Status.SUPERIOR and leave.superior == staff["kasi"]
    assert leave.case.idempotency_key == f"hr-leave-{leave.pk}" and leave.case.applicant == staff["staf"].user
    task = Task.objects.get(application=leave.case)
    assert task.assignee == staff["kasi"].user and task.status == Task.Status.OPEN and task.due_at > leave.submitted_at
    assert ApplicationEvent.objects.filter(application=leave.case, kind="submitted").exists()
    assert AuditEvent.objects.filter(action="hr.leave_requested", object_id=str(leave.pk)).exists()
    assert AuditEvent.objects.filter(action="applications.submitted", object_id=str(leave.case_id)).exists()
    assert Notification.objects.filter(dedupe_key=f"leave:{leave.pk}:superior:email").exists()


def test_first_decision_stays_within_its_statements_and_asks_the_permission_once(staff, callers):
    warm(callers, MONDAY)
    employee, superior = callers
    leave_id = employee.post("/hr/leave", leave_body(MONDAY + dt.timedelta(days=7))).json()["id"]
    with CaptureQueriesContext(connection) as captured:
        response = superior.post(f"/hr/leave/{leave_id}/decision", {"decision": "approved"})
    assert response.status_code == 200 and response.json()["status"] == "official", response.content
    statements = [q["sql"] for q in captured.captured_queries]
    assert len(statements) <= DECIDE_STATEMENTS, "\n".join(sql[:100] for sql in statements)
    # e-Cuti decided who may decide (may_decide); the engine's task scope (role tables, stand-ins) is not asked.
    assert not any("org_roleassignment" in sql or "hr_delegation" in sql for sql in statements)
    leave = LeaveRequest.objects.get(pk=leave_id)
    assert leave.status == LeaveRequest.Status.OFFICIAL
    assert LeaveDecision.objects.filter(request=leave, level=1, acted_by=staff["kasi"]).exists()
    done, following = Task.objects.filter(application_id=leave.case_id).order_by("pk")
    assert done.status == Task.Status.APPROVED and done.completed_by == staff["kasi"].user and done.version == 1
    assert following.status == Task.Status.OPEN and following.assignee == staff["kadis"].user
    assert ApplicationEvent.objects.filter(application_id=leave.case_id, kind="step_approved").exists()
    assert AuditEvent.objects.filter(action="hr.leave_decided", object_id=str(leave_id)).exists()
    assert AuditEvent.objects.filter(action="workflow.task_approve", object_id=str(done.pk)).exists()
    assert Notification.objects.filter(dedupe_key=f"leave:{leave_id}:official:email").exists()
    assert Notification.objects.filter(dedupe_key=f"leave:{leave_id}:decided:1:email").exists()


def test_a_refused_decision_writes_nothing(staff, callers):
    employee, _superior = callers
    leave_id = employee.post("/hr/leave", leave_body(MONDAY)).json()["id"]
    stranger = token_caller(staff["staf2"].user)
    response = stranger.post(f"/hr/leave/{leave_id}/decision", {"decision": "approved"})
    assert response.status_code == 403
    assert not LeaveDecision.objects.filter(request_id=leave_id).exists()
    assert Task.objects.get(application__leave_request=leave_id).status == Task.Status.OPEN


def test_the_remembered_leave_service_follows_its_changes(staff, callers, leave_service):
    employee, _superior = callers
    assert employee.post("/hr/leave", leave_body(MONDAY)).status_code == 201  # remembered now
    CaseService.objects.filter(kind=CaseService.Kind.LEAVE).delete()
    response = employee.post("/hr/leave", leave_body(MONDAY + dt.timedelta(days=7)))
    assert response.status_code == 400 and "belum terbit" in response.json()["message"]
    assert cases.service_for(CaseService.Kind.LEAVE, staff["staf"].region) is None


def test_the_deciders_declared_relatives_cost_no_statement_and_bar_their_leave(staff, callers):
    # Issue 13: the engine's separation of duties refuses a decision on a declared relative's case; the relatives
    # come back with the task's UPDATE and the applicant's NIK with the employee already read.
    from loket.hr.models import Employee
    from loket.org import services as org_services

    warm(callers, MONDAY)
    employee, superior = callers
    org_services.declare_relative(actor=staff["kasi"].user, nik="3273015507850003", name="Lain", relation="ipar")
    leave_id = employee.post("/hr/leave", leave_body(MONDAY + dt.timedelta(days=7))).json()["id"]
    with CaptureQueriesContext(connection) as captured:
        response = superior.post(f"/hr/leave/{leave_id}/decision", {"decision": "approved"})
    assert response.status_code == 200, response.content
    assert len(captured.captured_queries) <= DECIDE_STATEMENTS, [q["sql"][:80] for q in captured.captured_queries]
    Employee.objects.filter(pk=staff["staf"].pk).update(nik="3273014101900001")
    org_services.declare_relative(actor=staff["kasi"].user, nik="3273014101900001", name="Siti", relation="anak")
    leave_id = employee.post("/hr/leave", leave_body(MONDAY + dt.timedelta(days=14))).json()["id"]
    response = superior.post(f"/hr/leave/{leave_id}/decision", {"decision": "approved"})
    assert response.status_code == 403 and "keluarga Anda" in response.json()["message"]
    assert not LeaveDecision.objects.filter(request_id=leave_id).exists()
    assert LeaveRequest.objects.get(pk=leave_id).status == LeaveRequest.Status.SUPERIOR


# The tables a leave request and its first decision write (ADR 14): each index is maintained by every INSERT and by
# every UPDATE of an indexed column (a task's or a request's status moves each of their rows to new index entries).
LEAVE_TABLES = [
    "hr_leaverequest",
    "hr_leavedecision",
    "applications_application",
    "workflow_task",
    "workflow_applicationevent",
    "core_auditevent",
    "notify_notification",
]


def test_the_tables_a_leave_writes_keep_no_duplicate_index():
    # A plain index whose columns begin another full index of the same table answers no lookup the longer one does
    # not (e.g. a foreign key's column index beside a composite index starting with that key): an entry to write
    # on each row for nothing. Partial indexes (a smaller set) and pattern-ops indexes (LIKE) are not duplicates.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT t.relname, i.relname, x.indisunique, x.indpred IS NOT NULL,
                   ARRAY(SELECT a.attname FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(num, ord)
                         JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.num ORDER BY k.ord),
                   EXISTS(SELECT 1 FROM unnest(x.indclass::oid[]) c(oid) JOIN pg_opclass o ON o.oid = c.oid
                          WHERE o.opcname LIKE '%%pattern%%')
            FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
            WHERE t.relname = ANY(%s) AND x.indexprs IS NULL
            """,
            [LEAVE_TABLES],
        )
        indexes = cursor.fetchall()
    assert {table for table, *_rest in indexes} == set(LEAVE_TABLES)
    full = [
        (table, name, columns)
        for table, name, _unique, partial, columns, pattern in indexes
        if not partial and not pattern
    ]
    duplicates = [
        f"{table}.{name} {columns} within {other} {longer}"
        for table, name, unique, partial, columns, pattern in indexes
        if not unique and not partial and not pattern
        for other_table, other, longer in full
        if other_table == table and other != name and longer[: len(columns)] == columns
    ]
    assert duplicates == []
