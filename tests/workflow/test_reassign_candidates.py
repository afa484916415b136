"""Whom a supervisor may hand a task to (issue 15: the list offered only himself): colleagues holding the step's role
in its unit or across the agency; never the supervisor himself (workflow.services.reassign refuses it) nor anyone
barred from the case by separation of duties (own case, filed it, a declared relative)."""

import re

import pytest
from django.utils import timezone

from loket.applications import services as applications
from loket.org.models import DeclaredRelative, Role
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.helpers.applications import file_application
from tests.helpers.auth import login
from tests.helpers.org import unit_user

pytestmark = pytest.mark.django_db
TEAM = "/kantor/tugas/tim/"


def options(html: str, select_id: str) -> list[str]:
    return re.findall(r'<option value="(\d+)"', html.split(f'id="{select_id}"')[1].split("</select>")[0])


@pytest.fixture
def colleagues(agency_a, units):
    return {
        "front": unit_user("petugas_depan", agency_a, units["front"]),
        "tech": unit_user("petugas_teknis", agency_a, units["tech"]),
        "boss": unit_user("penyelia_depan", agency_a, units["front"], role=Role.SUPERVISOR),
    }


def test_choices_are_the_units_colleagues_never_the_actor(submitted, colleagues, officers, supervisor):
    task = Task.objects.select_related("application__applicant__citizen", "step", "unit").get(
        application=submitted, status="open"
    )
    choices = {person.pk for person in workflow.reassign_choices(supervisor, [task])[task.pk]}
    # the step is Bidang Perizinan's officer step: its unit's officer and supervisor, the agency-wide officers
    assert colleagues["front"].pk in choices and colleagues["boss"].pk in choices
    assert {officers["front"].pk, officers["tech"].pk} <= choices
    assert colleagues["tech"].pk not in choices  # another unit
    assert officers["head"].pk not in choices  # an agency head does not act on an officer's step
    assert supervisor.pk not in choices  # never oneself
    # the unit's supervisor looking at the same task is not offered to himself either
    assert colleagues["boss"].pk not in {p.pk for p in workflow.reassign_choices(colleagues["boss"], [task])[task.pk]}


def test_choices_leave_out_those_barred_from_the_case(process_service, applicant, colleagues, supervisor, agency_a):
    applications.save_profile(user=colleagues["front"], nik="3273014101900077", full_name="Petugas Depan")
    own = file_application(process_service, colleagues["front"], "own-case")
    citizens = file_application(process_service, applicant, "relative-case")
    DeclaredRelative.objects.create(
        official=colleagues["boss"],
        nik=applicant.citizen.nik,
        name="Imas Masitoh",
        relation="saudara_kandung",
        declared_at=timezone.now(),
    )
    tasks = list(
        Task.objects.select_related("application__applicant__citizen", "step", "unit").filter(
            application__in=[own, citizens], status="open"
        )
    )
    found = workflow.reassign_choices(supervisor, tasks)
    choices = {task.application_id: {person.pk for person in found[task.pk]} for task in tasks}
    assert colleagues["front"].pk not in choices[own.pk]  # his own application
    assert colleagues["boss"].pk in choices[own.pk]
    assert colleagues["boss"].pk not in choices[citizens.pk]  # declared the applicant a relative
    assert colleagues["front"].pk in choices[citizens.pk]
    # what the list offers, the service accepts; what it leaves out, the service refuses
    own_task = next(task for task in tasks if task.application_id == own.pk)
    with pytest.raises(Exception, match="konflik kepentingan"):
        workflow.reassign(actor=supervisor, task_id=own_task.pk, officer=colleagues["front"])
    workflow.reassign(actor=supervisor, task_id=own_task.pk, officer=colleagues["boss"])


def test_team_view_and_task_page_offer_the_same_colleagues(client, submitted, colleagues, supervisor):
    task = Task.objects.get(application=submitted, status="open")
    login(client, supervisor)
    html = client.get(TEAM).content.decode()
    offered = options(html, f"reassign-{task.pk}")
    assert str(supervisor.pk) not in offered and str(colleagues["front"].pk) in offered
    assert str(colleagues["tech"].pk) not in offered
    assert "Petugas, Bidang Perizinan" in html  # each colleague with the role and unit that let them act
    page = client.get(f"/kantor/tugas/{task.pk}/").content.decode()
    assert sorted(options(page, "reassign-officer")) == sorted(offered)


def test_a_step_only_the_supervisor_holds_says_so(client, submitted, agency_a, units):
    """A supervisor step of a unit whose only supervisor looks at it: nobody to hand it to (before: himself)."""
    boss = unit_user("penyelia_tunggal", agency_a, units["tech"], role=Role.SUPERVISOR)
    Task.objects.filter(application=submitted, status="open").update(unit=units["tech"], step_role=Role.SUPERVISOR)
    login(client, boss)
    html = client.get(TEAM).content.decode()
    assert "Tidak ada rekan lain yang berwenang pada tahap ini" in html
    assert f'<option value="{boss.pk}"' not in html


def test_team_view_query_count_does_not_grow_with_candidates(client, supervisor, submitted, agency_a, units):
    login(client, supervisor)
    client.get(TEAM)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(TEAM)
    for index in range(3):
        person = unit_user(f"petugas_tambahan_{index}", agency_a, units["front"])
        DeclaredRelative.objects.create(
            official=person,
            nik=f"32730141019000{index}9",
            name="Kerabat",
            relation="lainnya",
            declared_at=timezone.now(),
        )
    with CaptureQueriesContext(connection) as after:
        client.get(TEAM)
    # per candidate person: their role assignments and their scope over the page's tasks; nothing per (task, person);
    # the applicants' other NIKs once, as someone declared relatives now
    assert len(after.captured_queries) <= len(before.captured_queries) + 2 * 3 + 1
