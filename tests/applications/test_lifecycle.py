"""The case's life in one place (issue 12): the declared transitions, the one writer of status, waiting."""

import ast
import datetime as dt
import pathlib

import pytest

from loket.applications import lifecycle
from loket.applications.models import Application
from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.models import AuditEvent
from loket.notify.models import Notification
from loket.org import deadlines
from loket.org.models import Role
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.helpers.org import make_user

SRC = pathlib.Path(__file__).resolve().parents[2] / "src" / "loket"
S = Application.Status


# ---------------------------------------------------------------- the table


def test_every_state_is_reached_and_the_ends_have_no_way_out():
    targets = {t.target for t in lifecycle.TRANSITIONS.values()}
    assert targets == set(S.values)
    ends = {S.COMPLETED, S.REJECTED, S.WITHDRAWN}
    for transition in lifecycle.TRANSITIONS.values():
        assert not (transition.sources & ends), transition.name
        assert transition.by, transition.name
        assert transition.event in lifecycle.EVENT_LABELS, transition.name
    assert all(s in lifecycle.STATUS_LABELS for s in S.values)
    assert set(Application.OPEN_STATUSES) == {s for s in S.values if s not in ends}


@pytest.mark.parametrize(
    ("name", "status", "allowed"),
    [
        ("return", S.SUBMITTED, True),
        ("return", S.WAITING, False),
        ("resubmit", S.RETURNED, True),
        ("resubmit", S.SUBMITTED, False),
        ("withdraw", S.WAITING, True),
        ("withdraw", S.COMPLETED, False),
        ("complete", S.RETURNED, False),
        ("resume", S.WAITING, True),
        ("resume", S.SUBMITTED, False),
    ],
)
def test_allowed_transitions(name, status, allowed):
    assert lifecycle.allowed(Application(status=status), name) is allowed


def _assigns_status(node) -> bool:
    """`x.status = ...` on an application, or `status=` inside an update()/create() of Application rows."""
    if isinstance(node, ast.Assign | ast.AugAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and target.attr == "status":
                owner = ast.unparse(target.value).lower()
                if "application" in owner or owner in ("case", "found"):
                    return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update":
        text = ast.unparse(node.func.value)
        if "Application" in text and any(k.arg == "status" for k in node.keywords):
            return True
    return False


def test_no_module_but_lifecycle_writes_a_case_status():
    # The demo's bulk-written history (demo/history.py) inserts finished cases as rows; nothing else may.
    allowed = {SRC / "applications" / "lifecycle.py"}
    offenders = []
    for path in SRC.rglob("*.py"):
        if path in allowed or "migrations" in path.parts or path.parent.name == "demo":
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if _assigns_status(node):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []


def test_the_guard_finds_an_assignment():
    tree = ast.parse("application.status = 'completed'\nApplication.objects.filter(pk=1).update(status='x')")
    assert sum(_assigns_status(node) for node in ast.walk(tree)) == 2


# ---------------------------------------------------------------- taking transitions

pytestmark_db = pytest.mark.django_db


def _open(application):
    return list(Task.objects.filter(application=application, status="open").select_related("step"))


@pytestmark_db
def test_a_transition_from_the_wrong_state_changes_nothing(submitted, applicant):
    with pytest.raises(LoketError, match="tidak dapat dilakukan"):
        lifecycle.transition(submitted, "resubmit", actor=applicant)
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED and list(submitted.events.values_list("kind", flat=True)) == ["submitted"]


@pytestmark_db
def test_an_officer_cannot_decide_their_own_case(process_service, agency_a, units):
    officer = make_user("petugas_sendiri", (Role.OFFICER, agency_a))
    from loket.applications import services as applications
    from tests.helpers.applications import ANSWERS, PDF

    applications.save_profile(user=officer, nik="3273014101900002", full_name="Petugas Sendiri")
    ktp = applications.store_upload(owner=officer, data=PDF, name="ktp.pdf", requirement="req_0")
    own, _pin = applications.submit(
        actor=officer,
        applicant=officer,
        service=process_service,
        answers=ANSWERS,
        upload_ids={"req_0": str(ktp.pk)},
        idempotency_key="own",
    )
    [task] = _open(own)
    with pytest.raises(PermissionDenied, match="permohonan Anda sendiri"):
        workflow.act(actor=officer, task_id=task.pk, action="reject", note="Tidak lengkap")
    own.refresh_from_db()
    assert own.status == S.SUBMITTED
    assert Task.objects.get(pk=task.pk).status == "open"  # the whole action rolled back


@pytestmark_db
def test_every_transition_writes_event_audit_and_notice(submitted, officers):
    [task] = _open(submitted)
    workflow.act(actor=officers["front"], task_id=task.pk, action="reject", note="Lokasi di zona hijau")
    submitted.refresh_from_db()
    assert submitted.status == S.REJECTED and submitted.decision_note == "Lokasi di zona hijau"
    assert submitted.events.last().kind == "rejected"
    audit = AuditEvent.objects.get(action="applications.rejected", object_id=str(submitted.pk))
    assert audit.data["note"] == "Lokasi di zona hijau"
    assert Notification.objects.filter(template="application_rejected", user=submitted.applicant).exists()


# ---------------------------------------------------------------- waiting for an outside step


@pytestmark_db
def test_waiting_stops_the_clock_and_resuming_moves_every_deadline(submitted, officers, client):
    [task] = _open(submitted)
    with pytest.raises(LoketError, match="Alasan"):
        workflow.act(actor=officers["front"], task_id=task.pk, action="wait", note=" ")
    workflow.act(actor=officers["front"], task_id=task.pk, action="wait", note="Pertimbangan teknis BKN")
    submitted.refresh_from_db()
    assert submitted.status == S.WAITING and submitted.waiting_for == "Pertimbangan teknis BKN"
    assert Notification.objects.filter(template="application_waiting").exists()
    # While it waits nobody can decide it.
    with pytest.raises(LoketError, match="tidak sedang diproses"):
        workflow.act(actor=officers["front"], task_id=task.pk, action="approve")
    # The citizen sees what it waits for.
    client.force_login(submitted.applicant)
    page = client.get(f"/permohonan/{submitted.tracking_number}/").content.decode()
    assert "Pertimbangan teknis BKN" in page and "Menunggu langkah di luar Loket" in page

    # A week passes before the number arrives.
    week_ago = submitted.paused_at - dt.timedelta(days=7)
    Application.objects.filter(pk=submitted.pk).update(paused_at=week_ago)
    task_due, case_due = Task.objects.get(pk=task.pk).due_at, submitted.due_at
    workflow.act(actor=officers["front"], task_id=task.pk, action="resume", note="Nomor PTB 123/BKN/2026")
    submitted.refresh_from_db()
    region = submitted.region
    waited = deadlines.calendar_for(region).working_days_between(
        deadlines.local_date(week_ago, region), deadlines.local_date(submitted.events.last().occurred_at, region)
    )
    assert waited >= 4
    assert submitted.status == S.SUBMITTED and submitted.paused_at is None and submitted.waiting_for == ""
    assert submitted.paused_working_days == waited
    assert submitted.due_at == deadlines.due_after(case_due, waited, region)
    assert Task.objects.get(pk=task.pk).due_at == deadlines.due_after(task_due, waited, region)
    assert [e.kind for e in submitted.events.all()][-2:] == ["waiting", "resumed"]
    workflow.act(actor=officers["front"], task_id=task.pk, action="approve")  # and it goes on


# ---------------------------------------------------------------- opened by the system


@pytestmark_db
def test_the_system_opens_a_case_for_its_subject_who_is_told(process_service, applicant):
    from loket.applications import services as applications

    case = applications.open_case(
        actor=None, applicant=applicant, service=process_service, data={"nama_usaha": "x"}, idempotency_key="due-1"
    )
    again = applications.open_case(
        actor=None, applicant=applicant, service=process_service, data={}, idempotency_key="due-1"
    )
    assert again.pk == case.pk and case.status == S.SUBMITTED and case.assisted_by is None
    [event] = case.events.all()
    assert event.kind == "submitted" and event.actor is None
    assert AuditEvent.objects.get(action="applications.submitted", object_id=str(case.pk)).actor_label == "system"
    assert Notification.objects.filter(user=applicant, template="application_submitted").exists()
    assert _open(case)  # its first step is in an inbox


@pytestmark_db
def test_the_system_opens_many_cases_in_one_round_trip_each_as_open_case_would(process_service, applicant):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from loket.applications import services as applications

    subjects = [applicant] + [make_user(f"subjek_{n}") for n in range(4)]
    before = applications.open_case(
        actor=None, applicant=subjects[0], service=process_service, data={}, idempotency_key="due-0", notify=False
    )
    specs = [(user, {"nama_usaha": f"usaha {n}"}, f"due-{n}") for n, user in enumerate(subjects)]
    with CaptureQueriesContext(connection) as run:
        cases = applications.open_cases(service=process_service, cases=specs)
    inserts = [q["sql"] for q in run.captured_queries if "INSERT" in q["sql"]]
    assert len(inserts) == 1  # cases, tasks, history and audit in one query
    assert cases[0].pk == before.pk  # a key already used answers with its case
    for case, user in zip(cases[1:], subjects[1:], strict=True):
        case.refresh_from_db()
        assert case.applicant == user and case.status == S.SUBMITTED and case.assisted_by is None
        assert [e.kind for e in case.events.all()] == ["submitted"] and _open(case)
        assert AuditEvent.objects.get(action="applications.submitted", object_id=str(case.pk)).actor_label == "system"
    assert not Notification.objects.filter(template="application_submitted").exists()  # the kind tells them
    again = applications.open_cases(service=process_service, cases=specs)
    assert [case.pk for case in again] == [case.pk for case in cases]  # idempotent by key
