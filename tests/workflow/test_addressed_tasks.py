"""Tasks addressed by rule (ADR 0011, issue 12): a step's task goes to a person found by a registered rule,
falls back to its unit and role when nobody is found, and is shared with whoever stands in for that person."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from loket.applications import services as applications
from loket.catalogue import services as catalogue
from loket.core.errors import LoketError, NotFound
from loket.core.models import AuditEvent
from loket.hr.models import Delegation
from loket.notify.models import Notification
from loket.workflow import queries, sweeps
from loket.workflow import services as workflow
from loket.workflow.models import ProcedureStep, Task
from tests.applications.conftest import ANSWERS, FORM, PDF, applicant, officers, units
from tests.conftest import COMPLETE_CONTENT
from tests.hr.conftest import leave_service, org, staff
from tests.workflow.conftest import login, supervisor, unit_user

pytestmark = pytest.mark.django_db

INBOX = "/kantor/tugas/"


def addressed_service(editor, agency, category, steps, code="izin-pegawai"):
    service = catalogue.create_service(
        actor=editor, agency=agency, code=code, name_id="Izin Pegawai", category=category
    )
    draft = catalogue.open_draft(actor=editor, service=service)
    catalogue.update_draft(
        actor=editor,
        draft=draft,
        changes={
            **COMPLETE_CONTENT,
            "time_limit_days": 6,
            "requirements": [
                {"name": "KTP-el", "description": "", "mandatory": True, "kind": "document", "file_types": ["pdf"]}
            ],
        },
    )
    applications.save_form(actor=editor, standard=draft, fields=FORM)
    workflow.save_procedure(actor=editor, standard=draft, steps=steps)
    catalogue.publish(actor=editor, service=service)
    service.refresh_from_db()
    return service


def file(service, user, key="k-1"):
    upload = applications.store_upload(owner=user, data=PDF, name="ktp.pdf")
    application, _ = applications.submit(
        actor=user,
        applicant=user,
        service=service,
        answers=ANSWERS,
        upload_ids={"req_0": str(upload.pk)},
        idempotency_key=key,
    )
    return application


def fresh(user):
    """The same account as a new request would load it (nothing remembered on the object)."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def superior_first(editor_a, agency_a, category, units):
    return addressed_service(
        editor_a,
        agency_a,
        category,
        [
            {
                "name_id": "Persetujuan atasan langsung",
                "role": "officer",
                "unit_id": units["front"].pk,
                "addressee": "direct_superior",
                "sla_days": 2,
            },
            {"name_id": "Penetapan", "role": "agency_head", "sla_days": 1},
        ],
    )


@pytest.fixture
def employee_applicant(staff):
    """Siti Aminah (Seksi Perizinan Usaha) files: her direct superior is the section head, Rudi Hartono."""
    user = staff["staf"].user
    applications.save_profile(user=user, nik="3273014101900002", full_name="Siti Aminah", phone="081234567891")
    return user


def open_task(application) -> Task:
    return Task.objects.get(application=application, status=Task.Status.OPEN)


def test_resolver_addresses_the_task_to_the_applicants_direct_superior(superior_first, employee_applicant, staff):
    task = open_task(file(superior_first, employee_applicant))
    assert task.assignee_id == staff["kasi"].user_id
    assert task.note == ""
    kasi = fresh(staff["kasi"].user)
    assert list(queries.open_tasks(kasi, queries.InboxFilters(), timezone.now())) == [task]
    assert queries.acting_for_label(task, kasi) == ""


def test_a_unit_officer_does_not_see_a_person_addressed_task(superior_first, employee_applicant, agency_a, units):
    task = open_task(file(superior_first, employee_applicant))
    front = unit_user("loket_depan", agency_a, units["front"])
    assert not queries.open_tasks(front, queries.InboxFilters(), timezone.now()).exists()
    from loket.org import permissions

    assert not permissions.can_act_on_task(front, task)
    with pytest.raises(NotFound):
        workflow.act(actor=front, task_id=task.pk, action="approve")


def test_nobody_found_falls_back_to_the_unit_with_a_note(superior_first, applicant, agency_a, units):
    task = open_task(file(superior_first, applicant))  # a citizen, not an employee: no superior
    assert task.assignee_id is None and task.unit_id == units["front"].pk
    assert task.note.startswith("Atasan langsung pemohon tidak ditemukan")
    front = unit_user("loket_depan", agency_a, units["front"])
    assert list(queries.open_tasks(front, queries.InboxFilters(), timezone.now())) == [task]


def test_a_rule_nobody_registered_falls_back_and_a_later_step_is_audited(
    editor_a,
    agency_a,
    category,
    units,
    employee_applicant,
    officers,
):
    service = addressed_service(
        editor_a,
        agency_a,
        category,
        [
            {"name_id": "Verifikasi", "role": "officer", "unit_id": units["front"].pk, "sla_days": 2},
            {"name_id": "Pemeriksaan", "role": "officer", "addressee": "inspectorate", "sla_days": 2},
        ],
        code="izin-inspeksi",
    )
    application = file(service, employee_applicant)
    workflow.act(actor=officers["front"], task_id=open_task(application).pk, action="approve")
    task = open_task(application)
    assert task.assignee_id is None and task.step.position == 2
    assert task.note.startswith("Inspektorat tidak ditemukan")
    audit = AuditEvent.objects.get(action="workflow.task_addressee_fallback")
    assert audit.object_id == str(task.pk) and audit.data["addressee"] == "inspectorate"


def test_a_later_step_opens_for_the_superior(editor_a, agency_a, category, units, employee_applicant, officers, staff):
    service = addressed_service(
        editor_a,
        agency_a,
        category,
        [
            {"name_id": "Verifikasi", "role": "officer", "unit_id": units["front"].pk, "sla_days": 2},
            {"name_id": "Penandatanganan", "role": "agency_head", "addressee": "signing_official", "sla_days": 2},
        ],
        code="izin-ttd",
    )
    application = file(service, employee_applicant)
    workflow.act(actor=officers["front"], task_id=open_task(application).pk, action="approve")
    assert open_task(application).assignee_id == staff["kadis"].user_id  # the official who grants leave


def delegate(staff, first, last):
    return Delegation.objects.create(delegator=staff["kasi"], delegate=staff["staf2"], first=first, last=last)


def test_a_delegate_sees_and_acts_on_the_principals_task_during_the_delegation(
    superior_first, employee_applicant, staff
):
    task = open_task(file(superior_first, employee_applicant))
    plh = fresh(staff["staf2"].user)
    today = timezone.localdate()
    delegate(staff, today - dt.timedelta(days=1), today + dt.timedelta(days=1))
    assert list(queries.open_tasks(plh, queries.InboxFilters(), timezone.now())) == [task]
    assert queries.acting_for_label(task, plh).startswith("Sebagai plh")
    done = workflow.act(actor=fresh(plh), task_id=task.pk, action="approve")
    assert done.status == Task.Status.APPROVED and done.completed_by_id == plh.pk


@pytest.mark.parametrize("days", [(-5, -1), (1, 3)], ids=["ended", "not-yet"])
def test_a_delegate_outside_the_delegation_days_sees_nothing(superior_first, employee_applicant, staff, days):
    task = open_task(file(superior_first, employee_applicant))
    today = timezone.localdate()
    delegate(staff, today + dt.timedelta(days=days[0]), today + dt.timedelta(days=days[1]))
    plh = fresh(staff["staf2"].user)
    assert not queries.open_tasks(plh, queries.InboxFilters(), timezone.now()).exists()
    with pytest.raises(NotFound):
        workflow.act(actor=plh, task_id=task.pk, action="approve")


def test_the_inbox_page_says_whom_the_plh_acts_for(client, superior_first, employee_applicant, staff, agency_a, units):
    from loket.org.models import Role, RoleAssignment

    task = open_task(file(superior_first, employee_applicant))
    today = timezone.localdate()
    delegate(staff, today, today)
    plh = staff["staf2"].user
    RoleAssignment.objects.create(user=plh, role=Role.OFFICER, agency=agency_a, unit=units["tech"])
    login(client, plh)
    page = client.get(INBOX).content.decode()
    assert task.application.tracking_number in page
    assert "Sebagai plh" in page and "Rudi Hartono" in page


def test_oversight_sees_a_person_addressed_task_but_may_not_reassign_it(
    superior_first,
    employee_applicant,
    supervisor,
    staff,
    agency_a,
    units,
):
    task = open_task(file(superior_first, employee_applicant))
    team = queries.open_tasks(supervisor, queries.InboxFilters(), timezone.now(), team=True)
    assert list(team) == [task]
    officer = unit_user("loket_depan", agency_a, units["front"])
    with pytest.raises(LoketError, match="tidak dapat dialihkan"):
        workflow.reassign(actor=supervisor, task_id=task.pk, officer=officer)
    assert Task.objects.get(pk=task.pk).claimed_by_id is None


def test_the_reminder_reaches_the_assignee(superior_first, employee_applicant, staff, agency_a):
    task = open_task(file(superior_first, employee_applicant))
    sweeps.remind_and_escalate(now=task.due_at - dt.timedelta(hours=1))
    reminded = set(
        Notification.objects.filter(dedupe_key__contains=f"task:{task.pk}:reminder").values_list("user_id", flat=True)
    )
    assert reminded == {staff["kasi"].user_id}


def test_an_overdue_person_task_escalates_to_the_agency_supervisors(
    superior_first,
    employee_applicant,
    supervisor,
):
    task = open_task(file(superior_first, employee_applicant))
    sweeps.remind_and_escalate(now=task.due_at + dt.timedelta(hours=1))
    escalated = set(
        Notification.objects.filter(dedupe_key__contains=f"task:{task.pk}:escalated").values_list("user_id", flat=True)
    )
    assert supervisor.pk in escalated


def test_the_flowchart_names_the_addressee_instead_of_the_unit(superior_first):
    steps = ProcedureStep.objects.filter(standard=superior_first.current).select_related("unit")
    drawn = queries.step_dicts(steps, "id")
    assert drawn[0]["unit"] == "Atasan langsung pemohon"
    assert queries.step_dicts(steps, "en")[0]["unit"] == "The applicant's direct superior"


def test_an_addressed_step_cannot_be_parallel_or_name_an_unknown_rule(editor_a, agency_a, category, units):
    service = catalogue.create_service(actor=editor_a, agency=agency_a, code="x", name_id="X", category=category)
    draft = catalogue.open_draft(actor=editor_a, service=service)
    base = {"name_id": "Langkah", "role": "officer", "sla_days": 1}
    with pytest.raises(LoketError) as parallel:
        workflow.save_procedure(
            actor=editor_a,
            standard=draft,
            steps=[
                {**base, "addressee": "direct_superior", "parallel_unit_ids": [units["tech"].pk, units["legal"].pk]}
            ],
        )
    assert "tidak dapat paralel" in " ".join(parallel.value.errors["steps"])
    with pytest.raises(LoketError):
        workflow.save_procedure(actor=editor_a, standard=draft, steps=[{**base, "addressee": "camat"}])
