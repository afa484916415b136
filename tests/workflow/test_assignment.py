"""System-assigned work (issue 13): a unit's assignment policy, the engine giving each new task to one eligible
officer, the supervisor's flag when nobody is eligible, "take next" in deadline order, and who sets the policy.
Tests marked `sqlite` also prove the embedded database assigns the same way (statement counts are PostgreSQL's)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from loket.applications import services as applications
from loket.core.errors import NotFound
from loket.core.models import AuditEvent
from loket.hr.models import LeaveRequest
from loket.org.models import Role
from loket.workflow import services as workflow
from loket.workflow.models import AssignmentPolicy, Task
from tests.helpers.applications import ANSWERS, PDF, consent_code, file_application
from tests.helpers.auth import login
from tests.helpers.org import make_user, unit_user

pytestmark = pytest.mark.django_db
POLICIES = "/kantor/tugas/penugasan/"
NEXT = "/kantor/tugas/berikutnya/"


@pytest.fixture
def team(agency_a, units):
    """Three officers placed in the front unit (step 1 of the process service)."""
    return [unit_user(f"petugas_depan_{n}", agency_a, units["front"]) for n in (1, 2, 3)]


@pytest.fixture
def unit_supervisor(agency_a, units):
    return unit_user("penyelia_depan", agency_a, units["front"], role=Role.SUPERVISOR)


def first_task(application) -> Task:
    return Task.objects.select_related("claimed_by").get(application=application, status="open")


def set_policy(supervisor, unit, policy):
    return workflow.set_assignment_policy(actor=supervisor, unit_id=unit.pk, policy=policy)


# ---------------------------------------------------------------- the engine assigns


def test_a_manual_unit_leaves_tasks_in_the_inbox(process_service, applicant, team):
    task = first_task(file_application(process_service, applicant, "manual-1"))
    assert task.claimed_by_id is None and task.assignment == "" and task.assigned_at is None
    assert not AuditEvent.objects.filter(action__startswith="workflow.task_assigned").exists()


@pytest.mark.sqlite
def test_least_loaded_gives_the_task_to_the_officer_with_fewest_open_tasks(
    process_service, applicant, team, unit_supervisor, units
):
    busy, free, other = team
    # `busy` already holds two open tasks (taken by hand while the unit was manual).
    for key in ("sibuk-1", "sibuk-2"):
        workflow.claim(actor=busy, task_id=first_task(file_application(process_service, applicant, key)).pk)
    workflow.claim(actor=other, task_id=first_task(file_application(process_service, applicant, "lain-1")).pk)
    set_policy(unit_supervisor, units["front"], "least_loaded")

    task = first_task(file_application(process_service, applicant, "baru-1"))
    assert task.claimed_by == free and task.assignment == "least_loaded" and task.assigned_at is not None
    event = AuditEvent.objects.get(action="workflow.task_assigned")
    assert event.data["to"] == free.username and event.data["rule"] == "least_loaded"
    assert event.data["reason"] == "ditugaskan oleh sistem: beban paling ringan"
    assert (
        event.object_type == "applications.application" and event.data["tracking"] == task.application.tracking_number
    )
    # free and other now hold one each: the tie goes to whoever was given a task longest ago (other, by hand)
    assert first_task(file_application(process_service, applicant, "baru-2")).claimed_by == other
    assert first_task(file_application(process_service, applicant, "baru-3")).claimed_by == free


def test_the_task_page_says_the_system_assigned_it(client, process_service, applicant, team, unit_supervisor, units):
    set_policy(unit_supervisor, units["front"], "least_loaded")
    task = first_task(file_application(process_service, applicant, "halaman"))
    login(client, task.claimed_by)
    html = client.get(f"/kantor/tugas/{task.pk}/").content.decode()
    assert "Ditugaskan oleh sistem: beban paling ringan" in html
    assert "Ambil tugas ini" not in html and 'value="approve"' in html  # already theirs: they act at once


@pytest.mark.sqlite
def test_round_robin_rotates_through_the_unit(process_service, applicant, team, unit_supervisor, units):
    set_policy(unit_supervisor, units["front"], "round_robin")
    given = [first_task(file_application(process_service, applicant, f"giliran-{n}")).claimed_by for n in range(5)]
    assert given == [team[0], team[1], team[2], team[0], team[1]]
    # load does not matter to round robin: team[2] finishes nothing, still gets its turn
    assert first_task(file_application(process_service, applicant, "giliran-5")).claimed_by == team[2]


@pytest.mark.sqlite
def test_the_applicant_and_the_filing_officer_are_never_assigned(
    process_service, applicant, team, unit_supervisor, units
):
    set_policy(unit_supervisor, units["front"], "least_loaded")
    first = team[0]
    # The officer files on his own account: the task goes to a colleague.
    applications.save_profile(user=first, nik="3273014101900077", full_name="Petugas Depan Satu")
    own = first_task(file_application(process_service, first, "milik-petugas"))
    assert own.claimed_by == team[1]
    # The officer files at the counter for a citizen: not his to decide either.
    upload = applications.store_upload(owner=applicant, data=PDF, name="ktp.pdf")
    filed, _ = applications.submit(
        actor=first,
        applicant=applicant,
        service=process_service,
        answers=ANSWERS,
        upload_ids={"req_0": str(upload.pk)},
        idempotency_key="loket-1",
        channel="counter",
        consent_code=consent_code(first, applicant, process_service),
    )
    assert first_task(filed).claimed_by == team[2]


@pytest.mark.sqlite
def test_an_officer_who_declared_the_applicant_a_relative_is_not_assigned(
    process_service, applicant, team, unit_supervisor, units
):
    from loket.org import services as org

    set_policy(unit_supervisor, units["front"], "least_loaded")
    nik = applicant.citizen.nik
    org.declare_relative(actor=team[0], nik=nik, name="Adik", relation="saudara_kandung")
    org.declare_relative(actor=team[1], nik="3273014101900088", name="Orang lain", relation="ipar")
    # team[0] (least loaded, first by id) declared the applicant: the task goes to the next in line.
    assert first_task(file_application(process_service, applicant, "kerabat")).claimed_by == team[1]


@pytest.mark.sqlite
def test_an_officer_on_approved_leave_is_not_assigned(process_service, applicant, staff, units, agency_a):
    on_leave, at_work = sorted((staff["staf"].user, staff["staf2"].user), key=lambda user: user.pk)
    for user in (on_leave, at_work):
        user.loket_roles.create(role=Role.OFFICER, agency=agency_a, unit=units["front"])
    today = timezone.localdate()
    LeaveRequest.objects.create(
        employee=staff["staf"] if on_leave == staff["staf"].user else staff["staf2"],
        leave_type="annual",
        first=today - dt.timedelta(days=1),
        last=today + dt.timedelta(days=1),
        working_days=3,
        calendar_days=3,
        status=LeaveRequest.Status.APPROVED,
    )
    supervisor = make_user("penyelia_a", (Role.SUPERVISOR, agency_a))
    set_policy(supervisor, units["front"], "round_robin")
    assert first_task(file_application(process_service, applicant, "cuti-1")).claimed_by == at_work
    assert first_task(file_application(process_service, applicant, "cuti-2")).claimed_by == at_work


def test_an_earlier_approver_of_the_case_is_not_assigned_a_later_step(
    process_service, applicant, agency_a, units, unit_supervisor
):
    # Two officers of the legal unit; `both` also works in the front unit and approves step 1.
    both = unit_user("petugas_dua_unit", agency_a, units["front"])
    both.loket_roles.create(role=Role.OFFICER, agency=agency_a, unit=units["legal"])
    colleague = unit_user("petugas_hukum", agency_a, units["legal"])
    colleague.loket_roles.create(role=Role.OFFICER, agency=agency_a, unit=units["front"])
    # The colleague holds an open task, so the least loaded would be `both`.
    workflow.claim(actor=colleague, task_id=first_task(file_application(process_service, applicant, "lain")).pk)
    set_policy(make_user("penyelia_agency", (Role.SUPERVISOR, agency_a)), units["legal"], "least_loaded")

    case = file_application(process_service, applicant, "dua-langkah")
    workflow.claim(actor=both, task_id=first_task(case).pk)
    workflow.act(actor=both, task_id=first_task(case).pk, action="approve")
    legal = Task.objects.get(application=case, status="open", unit=units["legal"])
    tech = Task.objects.get(application=case, status="open", unit=units["tech"])
    assert legal.claimed_by == colleague and legal.assignment == "least_loaded"
    assert tech.claimed_by is None and tech.assignment == ""  # the tech unit stays manual


def test_nobody_eligible_leaves_the_task_in_the_inbox_and_flags_it_for_the_supervisor(
    client, process_service, applicant, units, unit_supervisor, agency_a
):
    # The only officer of the unit is the applicant himself.
    alone = unit_user("petugas_sendiri", agency_a, units["front"])
    applications.save_profile(user=alone, nik="3273014101900078", full_name="Petugas Sendiri")
    set_policy(unit_supervisor, units["front"], "least_loaded")
    task = first_task(file_application(process_service, alone, "sendiri"))
    assert task.claimed_by is None and task.assignment == "nobody"
    event = AuditEvent.objects.get(action="workflow.task_unassigned")
    assert event.data["to"] is None and "tidak ada petugas yang memenuhi syarat" in event.data["reason"]

    login(client, unit_supervisor)
    team_page = client.get("/kantor/tugas/tim/").content.decode()
    assert "1 tugas tidak menemukan petugas yang memenuhi syarat" in team_page
    assert 'badge badge-warn">Tidak ada petugas yang memenuhi syarat' in team_page
    assert "1 tugas terbuka tidak menemukan petugas" in client.get(POLICIES).content.decode()
    # The supervisor hands it on: the flag goes.
    helper = unit_user("petugas_bantuan", agency_a, units["front"])
    workflow.reassign(actor=unit_supervisor, task_id=task.pk, officer=helper)
    assert "tidak menemukan petugas" not in client.get("/kantor/tugas/tim/").content.decode()


def test_a_policy_change_reaches_the_engine_at_once(process_service, applicant, team, unit_supervisor, units):
    set_policy(unit_supervisor, units["front"], "round_robin")
    assert first_task(file_application(process_service, applicant, "otomatis")).claimed_by == team[0]
    set_policy(unit_supervisor, units["front"], "manual")
    assert first_task(file_application(process_service, applicant, "manual-lagi")).claimed_by is None


# ---------------------------------------------------------------- statements


def _statements(run) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        run()
    return [query["sql"] for query in captured.captured_queries]


def test_a_manual_unit_pays_no_statement_and_an_automatic_one_a_fixed_few(
    process_service, applicant, team, unit_supervisor, units
):
    file_application(process_service, applicant, "pemanasan")  # per-process caches (form, calendar, policies)
    manual = _statements(lambda: file_application(process_service, applicant, "manual"))
    assert not [sql for sql in manual if "org_roleassignment" in sql or "workflow_assignmentpolicy" in sql]

    set_policy(unit_supervisor, units["front"], "least_loaded")
    file_application(process_service, applicant, "pemanasan-2")
    automatic = _statements(lambda: file_application(process_service, applicant, "otomatis"))
    # Two statements: the unit's pool with each officer's load, last assignment and leave; the NIKs they are known by
    # besides their citizen profile (an employee record: org.people), for separation of duties. Nothing per officer.
    assert len(automatic) - len(manual) == 2
    pool = [sql for sql in automatic if 'FROM "org_roleassignment"' in sql]
    assert len(pool) == 1 and 'FROM "hr_leaverequest"' in pool[0]


def test_cases_opened_together_read_the_assignment_facts_once(process_service, team, unit_supervisor, units):
    set_policy(unit_supervisor, units["front"], "round_robin")
    citizens = [make_user(f"warga_massal_{n}") for n in range(6)]
    cases = [(citizen, {"nama_usaha": "Warung"}, f"massal-{n}") for n, citizen in enumerate(citizens)]
    statements = _statements(lambda: applications.open_cases(service=process_service, cases=cases))
    opened = Task.objects.filter(application__idempotency_key__startswith="massal-").order_by("application_id")
    assert [task.claimed_by_id for task in opened] == [user.pk for user in team + team]
    for table in ("org_roleassignment", "applications_citizenprofile"):
        assert len([sql for sql in statements if f'FROM "{table}"' in sql]) == 1, table
    assert AuditEvent.objects.filter(action="workflow.task_assigned").count() == 6


# ---------------------------------------------------------------- take next (FIFO by deadline)


@pytest.mark.sqlite
def test_take_next_claims_the_earliest_due_task_the_officer_may_take(client, process_service, applicant, team):
    officer = team[0]
    applications.save_profile(user=officer, nik="3273014101900079", full_name="Petugas Depan Satu")
    own = file_application(process_service, officer, "milik-sendiri")
    later, earliest, middle = (file_application(process_service, applicant, f"urut-{n}") for n in range(3))
    now = timezone.now()
    for application, hours in ((own, 1), (earliest, 2), (middle, 3), (later, 4)):
        Task.objects.filter(application=application).update(due_at=now + dt.timedelta(hours=hours))
    login(client, officer)
    inbox = client.get("/kantor/tugas/").content.decode()
    assert "Ambil tugas berikutnya" in inbox
    # The inbox lists by deadline.
    order = [inbox.index(a.tracking_number) for a in (own, earliest, middle, later)]
    assert order == sorted(order)

    response = client.post(NEXT)
    task = first_task(earliest)  # his own case comes first by deadline, but is not his to take
    assert response.status_code == 302 and response.url == f"/kantor/tugas/{task.pk}/"
    assert task.claimed_by == officer
    event = AuditEvent.objects.get(action="workflow.task_claimed")
    assert event.data["older_unclaimed"] == 0 and event.data["next"] is True and event.data["refused_older"] == 1
    assert workflow.take_next(actor=officer).application == middle
    assert workflow.take_next(actor=team[1]).application == own  # a colleague may take it
    assert workflow.take_next(actor=team[1]).application == later
    assert workflow.take_next(actor=team[1]) is None
    response = client.post(NEXT, follow=True)
    assert "Tidak ada tugas di antrean unit Anda yang dapat Anda ambil saat ini" in response.content.decode()


def test_take_next_never_takes_a_task_someone_holds(process_service, applicant, team, unit_supervisor, units):
    set_policy(unit_supervisor, units["front"], "round_robin")
    file_application(process_service, applicant, "sudah-ditugaskan")
    assert workflow.take_next(actor=team[1]) is None


def test_a_claim_out_of_order_is_counted_in_the_officers_rate(process_service, applicant, team, agency_a):
    from loket.insights import anomalies

    older = file_application(process_service, applicant, "lama")
    newer = file_application(process_service, applicant, "baru")
    Task.objects.filter(application=older).update(due_at=timezone.now() + dt.timedelta(hours=1))
    workflow.claim(actor=team[0], task_id=first_task(newer).pk)  # skips the older one
    workflow.take_next(actor=team[1])  # in order
    rows = {row.name: row for row in anomalies.officers([agency_a.pk], timezone.now() - dt.timedelta(days=1))}
    # Officers who have claimed but not decided yet are listed with their rate.
    assert (rows["petugas_depan_1"].out_of_order, rows["petugas_depan_1"].claims) == (1, 1)
    assert rows["petugas_depan_1"].out_of_order_percent == 100
    assert (rows["petugas_depan_2"].out_of_order, rows["petugas_depan_2"].claims) == (0, 1)
    assert rows["petugas_depan_2"].out_of_order_percent == 0


def test_the_integrity_report_shows_the_out_of_order_rate(client, process_service, applicant, team, kota_bandung):
    older = file_application(process_service, applicant, "lama")
    newer = file_application(process_service, applicant, "baru")
    Task.objects.filter(application=older).update(due_at=timezone.now() + dt.timedelta(hours=1))
    workflow.claim(actor=team[0], task_id=first_task(newer).pk)
    login(client, make_user("inspektur", (Role.INSPECTOR, kota_bandung)))
    html = client.get("/kantor/integritas/").content.decode()
    row = html[html.index("petugas_depan_1") :].split("</tr>")[0]
    assert "1 / 1 (100 %)" in row


# ---------------------------------------------------------------- who sets the policy


def test_the_units_supervisor_sets_the_policy_with_an_audit_event(client, unit_supervisor, units, team):
    login(client, unit_supervisor)
    page = client.get(POLICIES)
    html = page.content.decode()
    assert page.status_code == 200 and "Aturan penugasan tugas" in html
    assert units["front"].name in html and units["tech"].name not in html  # only his own unit
    assert "petugas_depan_1" in html  # the pool of the rotation
    response = client.post(f"{POLICIES}{units['front'].pk}/", {"policy": "round_robin"}, follow=True)
    assert "Aturan penugasan Bidang Perizinan: Bergiliran di antara petugas unit." in response.content.decode()
    assert AssignmentPolicy.objects.get(unit=units["front"]).policy == "round_robin"
    event = AuditEvent.objects.get(action="workflow.assignment_policy_set")
    assert event.actor_id == unit_supervisor.pk and (event.data["from"], event.data["to"]) == ("manual", "round_robin")
    # Saving the same rule again changes nothing and records nothing.
    client.post(f"{POLICIES}{units['front'].pk}/", {"policy": "round_robin"})
    assert AuditEvent.objects.filter(action="workflow.assignment_policy_set").count() == 1
    # An unknown rule is refused with a message.
    response = client.post(f"{POLICIES}{units['front'].pk}/", {"policy": "sesuka_hati"}, follow=True)
    assert "Aturan penugasan tidak dikenal." in response.content.decode()
    # Another unit is not his.
    assert client.post(f"{POLICIES}{units['tech'].pk}/", {"policy": "least_loaded"}).status_code == 404
    assert not AssignmentPolicy.objects.filter(unit=units["tech"]).exists()


def test_the_agency_admin_and_an_agency_supervisor_set_any_unit_of_their_agency(client, agency_a, agency_b, units):
    admin = make_user("admin_a", (Role.AGENCY_ADMIN, agency_a))
    supervisor = make_user("penyelia_a", (Role.SUPERVISOR, agency_a))
    for user, policy in ((admin, "least_loaded"), (supervisor, "round_robin")):
        set_policy(user, units["tech"], policy)
        assert AssignmentPolicy.objects.get(unit=units["tech"]).policy == policy
    login(client, admin)
    html = client.get(POLICIES).content.decode()
    assert all(unit.name in html for unit in units.values())
    other_admin = make_user("admin_b", (Role.AGENCY_ADMIN, agency_b))
    with pytest.raises(NotFound):
        set_policy(other_admin, units["tech"], "manual")


@pytest.mark.parametrize("role", [Role.OFFICER, Role.AGENCY_HEAD, Role.CATALOGUE_EDITOR])
def test_others_may_not_set_the_policy(client, agency_a, units, role):
    user = make_user(f"bukan_penyelia_{role}", (role, agency_a))
    login(client, user)
    assert client.get(POLICIES).status_code == 403
    assert client.post(f"{POLICIES}{units['front'].pk}/", {"policy": "round_robin"}).status_code == 404
    assert not AssignmentPolicy.objects.exists()
    assert 'href="/kantor/tugas/penugasan/"' not in client.get("/kantor/tugas/").content.decode()


def test_the_policy_page_is_in_english_too(client, unit_supervisor, units):
    login(client, unit_supervisor)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(POLICIES).content.decode()
    assert "Task assignment rules" in html and "The officer with the fewest open tasks" in html
