"""The officer inbox and the supervisor's team view: scope, sorting, filters, SLA states, query counts."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from loket.applications.models import Application
from loket.core.models import AuditEvent
from loket.org import deadlines
from loket.org.models import Role
from loket.workflow import queries
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.helpers.applications import file_application
from tests.helpers.auth import login
from tests.helpers.org import make_user, unit_user

pytestmark = pytest.mark.django_db
INBOX = "/kantor/tugas/"
TEAM = "/kantor/tugas/tim/"


def tracking_numbers(response) -> list[str]:
    return re.findall(
        r'<th scope="row" class="tracking"><a href="/kantor/tugas/\d+/">([^<]+)</a>', response.content.decode()
    )


def set_due(application, due):
    Task.objects.filter(application=application, status="open").update(due_at=due)


# ---------------------------------------------------------------- access


def test_anonymous_is_sent_to_login(client):
    response = client.get(INBOX)
    assert response.status_code == 302 and response.url.startswith("/akun/login/?next=/kantor/tugas/")


def test_citizen_is_refused(client, applicant):
    login(client, applicant)
    assert client.get(INBOX).status_code == 403
    assert client.get(TEAM).status_code == 403


def test_officer_without_oversight_cannot_open_team_view(client, officers):
    login(client, officers["front"])
    assert client.get(TEAM).status_code == 403


# ---------------------------------------------------------------- scope


def test_unit_officer_sees_only_own_unit(client, submitted, agency_a, units):
    front = unit_user("loket_depan", agency_a, units["front"])
    tech = unit_user("tim_teknis", agency_a, units["tech"])
    login(client, front)
    assert tracking_numbers(client.get(INBOX)) == [submitted.tracking_number]
    client.logout()
    login(client, tech)
    response = client.get(INBOX)
    assert tracking_numbers(response) == []
    assert "Tidak ada tugas yang menunggu Anda" in response.content.decode()


def test_parallel_step_reaches_each_unit(client, submitted, agency_a, units, officers):
    [first] = Task.objects.filter(application=submitted, status="open")
    workflow.act(actor=officers["front"], task_id=first.pk, action="approve")
    for unit in ("tech", "legal"):
        client.logout()
        login(client, unit_user(f"petugas_{unit}_unit", agency_a, units[unit]))
        assert tracking_numbers(client.get(INBOX)) == [submitted.tracking_number]
    client.logout()
    login(client, unit_user("loket_depan", agency_a, units["front"]))
    assert tracking_numbers(client.get(INBOX)) == []


def test_agency_wide_officer_sees_all_and_other_agency_nothing(
    client, submitted, process_service, applicant, officers, officer_b
):
    second = file_application(process_service, applicant, "k-2")
    login(client, officers["front"])
    assert sorted(tracking_numbers(client.get(INBOX))) == sorted([submitted.tracking_number, second.tracking_number])
    client.logout()
    login(client, officer_b)
    assert tracking_numbers(client.get(INBOX)) == []
    assert client.get(f"/kantor/tugas/{Task.objects.filter(application=submitted).first().pk}/").status_code == 404


def test_agency_head_does_not_see_officer_steps(client, submitted, officers):
    login(client, officers["head"])
    assert tracking_numbers(client.get(INBOX)) == []


# ---------------------------------------------------------------- sorting, filters, SLA


@pytest.fixture
def three(process_service, applicant):
    """Three applications: A due in 3 days (filed first), B overdue (filed second), C due today (filed last)."""
    now = timezone.now()
    region = process_service.agency.region
    a = file_application(process_service, applicant, "k-a")
    b = file_application(process_service, applicant, "k-b")
    c = file_application(process_service, applicant, "k-c")
    set_due(a, now + dt.timedelta(days=3))
    set_due(b, now - dt.timedelta(hours=1))
    set_due(c, deadlines.end_of_local_day(deadlines.local_date(now, region), region))
    return a, b, c


def test_sorted_by_deadline_by_default_and_by_submission_on_request(client, officers, three):
    a, b, c = three
    login(client, officers["front"])
    assert tracking_numbers(client.get(INBOX)) == [b.tracking_number, c.tracking_number, a.tracking_number]
    assert tracking_numbers(client.get(INBOX, {"sort": "submitted"})) == [
        a.tracking_number,
        b.tracking_number,
        c.tracking_number,
    ]


def test_sla_state_shown_as_text_with_colour(client, officers, three):
    a, b, c = three
    login(client, officers["front"])
    html = client.get(INBOX).content.decode()
    rows = {
        number: html[html.index(number) :].split("</tr>")[0]
        for number in (a.tracking_number, b.tracking_number, c.tracking_number)
    }
    assert "Sesuai jadwal" in rows[a.tracking_number] and "badge-ok" in rows[a.tracking_number]
    assert "Terlambat" in rows[b.tracking_number] and "badge-bad" in rows[b.tracking_number]
    assert "Jatuh tempo hari ini" in rows[c.tracking_number] and "badge-warn" in rows[c.tracking_number]
    assert re.search(r"\d{1,2} [A-Z][a-z]{2} \d{4} 23\.59 WIB", rows[c.tracking_number])  # 7 Des 2026 23.59 WIB


def test_sla_filter(client, officers, three):
    a, b, c = three
    login(client, officers["front"])
    assert tracking_numbers(client.get(INBOX, {"sla": "overdue"})) == [b.tracking_number]
    assert tracking_numbers(client.get(INBOX, {"sla": "due_today"})) == [c.tracking_number]
    assert tracking_numbers(client.get(INBOX, {"sla": "on_track"})) == [a.tracking_number]
    assert len(tracking_numbers(client.get(INBOX, {"sla": "nonsense"}))) == 3  # unknown filter values are ignored


def test_claim_and_service_filters(client, officers, three, editor_a, agency_a, category, units):
    from tests.helpers.catalogue import publish_service

    a, b, c = three
    workflow.claim(actor=officers["front"], task_id=Task.objects.get(application=a, status="open").pk)
    workflow.claim(actor=officers["tech"], task_id=Task.objects.get(application=b, status="open").pk)
    login(client, officers["front"])
    assert tracking_numbers(client.get(INBOX, {"claimed": "mine"})) == [a.tracking_number]
    assert tracking_numbers(client.get(INBOX, {"claimed": "unclaimed"})) == [c.tracking_number]
    html = client.get(INBOX).content.decode()
    assert "petugas_tech" in html and ">Saya<" in html
    other = publish_service(editor_a, agency_a, category, "izin-lain", "Layanan Lain")
    assert tracking_numbers(client.get(INBOX, {"service": other.pk})) == []
    assert len(tracking_numbers(client.get(INBOX, {"service": a.service_id}))) == 3
    response = client.get(INBOX, {"service": other.pk})
    assert "Tidak ada tugas yang cocok dengan saringan ini" in response.content.decode()


def test_sla_state_uses_each_regions_time_zone(submitted, process_service, applicant, banjarmasin, officers):
    """23:30 WIB on 10 March is already 00:30 WITA on 11 March: the same deadline is 'today' only in WITA."""
    wita = file_application(process_service, applicant, "k-wita")
    Application.objects.filter(pk=wita.pk).update(region=banjarmasin)
    now = dt.datetime(2026, 3, 10, 16, 30, tzinfo=dt.UTC)
    due = dt.datetime(2026, 3, 11, 15, 59, 59, tzinfo=dt.UTC)  # end of 11 March in WITA
    Task.objects.filter(status="open").update(due_at=due)
    filters = queries.InboxFilters()
    rows = {
        row["task"].application_id: row
        for row in queries.inbox_rows(queries.open_tasks(officers["front"], filters, now), now)
    }
    assert rows[wita.pk]["sla"] == "due_today" and rows[wita.pk]["due"] == "11 Mar 2026 23.59 WITA"
    assert rows[submitted.pk]["sla"] == "on_track" and rows[submitted.pk]["due"] == "11 Mar 2026 22.59 WIB"

    def filtered(state):
        return {t.application_id for t in queries.open_tasks(officers["front"], queries.InboxFilters(sla=state), now)}

    assert filtered("due_today") == {wita.pk}
    assert filtered("on_track") == {submitted.pk}
    assert filtered("overdue") == set()
    later = due + dt.timedelta(seconds=1)
    assert {
        t.application_id for t in queries.open_tasks(officers["front"], queries.InboxFilters(sla="overdue"), later)
    } == {wita.pk, submitted.pk}


def test_pagination_25_per_page(client, officers, process_service, applicant):
    for index in range(26):
        file_application(process_service, applicant, f"k-page-{index}")
    login(client, officers["front"])
    first = client.get(INBOX)
    assert len(tracking_numbers(first)) == 25 and "Halaman 1 dari 2" in first.content.decode()
    assert len(tracking_numbers(client.get(INBOX, {"page": 2}))) == 1


# ---------------------------------------------------------------- query counts


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


# session, user, roles, stand-ins (whom the user acts for as plh today; and whether the user is an employee,
# for a superior stepping in for a team member away on leave), TOTP check, count, page rows, services for the
# filter, counter link
INBOX_QUERY_BASELINE = 10


def test_inbox_query_count_is_constant(client, officers, process_service, applicant, django_assert_max_num_queries):
    file_application(process_service, applicant, "k-q-0")
    login(client, officers["front"])
    client.get(INBOX)  # the first page reads the portal's identities, kept a minute (org.identity): not per request
    with django_assert_max_num_queries(INBOX_QUERY_BASELINE):
        client.get(INBOX)
    one = count_queries(client, INBOX)
    for index in range(1, 30):
        file_application(process_service, applicant, f"k-q-{index}")
    with django_assert_max_num_queries(INBOX_QUERY_BASELINE):
        response = client.get(INBOX)
    assert len(tracking_numbers(response)) == 25
    assert count_queries(client, INBOX) == one


def test_inbox_query_uses_task_table_order_and_open_filter(officers):
    sql = str(queries.open_tasks(officers["front"], queries.InboxFilters(), timezone.now()).query)
    assert '"workflow_task"."status" = open' in sql
    assert sql.rstrip().endswith('ORDER BY "workflow_task"."due_at" ASC, "workflow_task"."id" ASC')


def test_team_view_query_count_does_not_grow_with_rows(client, supervisor, process_service, applicant):
    file_application(process_service, applicant, "k-t-0")
    login(client, supervisor)
    client.get(TEAM)  # the first page reads the portal's identities, kept a minute (org.identity)
    one = count_queries(client, TEAM)
    for index in range(1, 12):
        file_application(process_service, applicant, f"k-t-{index}")
    assert count_queries(client, TEAM) == one


# ---------------------------------------------------------------- team view and reassignment


def test_supervisor_reassigns_to_an_officer_who_may_act(client, supervisor, submitted, officers, officer_b):
    task = Task.objects.get(application=submitted, status="open")
    login(client, supervisor)
    html = client.get(TEAM).content.decode()
    assert submitted.tracking_number in html
    options = re.findall(r'<option value="(\d+)"', html.split(f'id="reassign-{task.pk}"')[1].split("</select>")[0])
    assert str(officers["tech"].pk) in options and str(officers["front"].pk) in options
    assert str(officers["head"].pk) not in options  # an agency head does not act on an officer's step
    assert str(officer_b.pk) not in options

    response = client.post(f"/kantor/tugas/{task.pk}/alihkan/", {"officer": officers["tech"].pk, "back": "team"})
    assert response.status_code == 302 and response.url == TEAM
    task.refresh_from_db()
    assert task.claimed_by == officers["tech"]
    assert AuditEvent.objects.filter(action="workflow.task_reassigned", actor_id=supervisor.pk).exists()
    assert "dialihkan kepada petugas_tech" in client.get(TEAM).content.decode()


def test_reassign_to_an_officer_without_scope_is_refused(client, supervisor, submitted, officer_b):
    task = Task.objects.get(application=submitted, status="open")
    login(client, supervisor)
    response = client.post(f"/kantor/tugas/{task.pk}/alihkan/", {"officer": officer_b.pk}, follow=True)
    assert "tidak berwenang pada tahap ini" in response.content.decode()
    task.refresh_from_db()
    assert task.claimed_by is None and task.version == 0


def test_officer_cannot_reassign(client, officers, submitted):
    task = Task.objects.get(application=submitted, status="open")
    login(client, officers["front"])
    assert client.post(f"/kantor/tugas/{task.pk}/alihkan/", {"officer": officers["tech"].pk}).status_code == 404
    task.refresh_from_db()
    assert task.claimed_by is None


def test_supervisor_of_a_unit_sees_only_that_unit_in_team_view(client, agency_a, units, submitted, officers):
    Task.objects.filter(application=submitted).update(unit=units["tech"])
    boss = unit_user("penyelia_depan", agency_a, units["front"], role=Role.SUPERVISOR)
    login(client, boss)
    assert tracking_numbers(client.get(TEAM)) == []
    client.logout()
    login(client, make_user("penyelia_semua", (Role.SUPERVISOR, agency_a)))
    assert tracking_numbers(client.get(TEAM)) == [submitted.tracking_number]
