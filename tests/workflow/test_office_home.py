"""The officer's landing page /kantor/ (issue 15): their queue in numbers, the nearest deadlines, and only the
back-office sections their roles open (each app's `core.nav` link with its permission check)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from loket.org import deadlines
from loket.org.models import Role
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.helpers.applications import file_application
from tests.helpers.auth import login
from tests.helpers.org import make_user

pytestmark = pytest.mark.django_db
HOME = "/kantor/"


def links(response) -> set[str]:
    main = response.content.decode().split('<main id="main"', 1)[1]
    return set(re.findall(r'href="(/kantor/[^"#?]*)', main))


@pytest.fixture
def three(process_service, applicant, officers):
    """A overdue and claimed by the front officer, B due today, C due in three days."""
    now = timezone.now()
    region = process_service.agency.region
    a, b, c = (file_application(process_service, applicant, f"h-{key}") for key in "abc")
    Task.objects.filter(application=a, status="open").update(due_at=now - dt.timedelta(hours=1))
    Task.objects.filter(application=b, status="open").update(
        due_at=deadlines.end_of_local_day(deadlines.local_date(now, region), region)
    )
    Task.objects.filter(application=c, status="open").update(due_at=now + dt.timedelta(days=3))
    workflow.claim(actor=officers["front"], task_id=Task.objects.get(application=a, status="open").pk)
    return a, b, c


def test_anonymous_to_login_and_citizen_refused(client, applicant):
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith("/akun/login/?next=/kantor/")
    login(client, applicant)
    assert client.get(HOME).status_code == 403


@pytest.mark.sqlite  # the counts' filters per time zone, in one statement
def test_queue_counts(client, officers, three):
    a, b, c = three
    login(client, officers["front"])
    response = client.get(HOME)
    assert response.status_code == 200
    assert response.context["queue"] == {"mine": 1, "claimable": 2, "overdue": 1, "due_today": 1}
    html = response.content.decode()
    # each count opens the inbox filtered to what it counts
    for query in ("claimed=mine", "claimed=unclaimed", "sla=overdue", "sla=due_today"):
        assert f'href="/kantor/tugas/?{query}"' in html
    # the nearest deadlines first, the claimed one with its applicant's name, the others masked
    assert html.index(a.tracking_number) < html.index(b.tracking_number) < html.index(c.tracking_number)
    assert "Imas Masitoh" in html and "I*** M***" in html
    # another officer of the agency: nothing of his own, the same queue
    client.logout()
    login(client, officers["tech"])
    assert client.get(HOME).context["queue"] == {"mine": 0, "claimable": 2, "overdue": 1, "due_today": 1}


def test_counts_follow_the_inbox_scope(client, officers, three, officer_b):
    login(client, officer_b)  # agency B: none of these tasks
    assert client.get(HOME).context["queue"] == {"mine": 0, "claimable": 0, "overdue": 0, "due_today": 0}


def test_supervisor_sees_the_team(client, supervisor, three):
    login(client, supervisor)
    response = client.get(HOME)
    assert response.context["team"]["total"] == 3 and response.context["team"]["overdue"] == 1
    assert {"/kantor/tugas/tim/", "/kantor/tugas/penugasan/"} <= links(response)


def test_shortcuts_only_where_the_roles_go(client, officers, editor_a, kota_bandung, three):
    login(client, officers["front"])
    officer = links(client.get(HOME))
    assert {"/kantor/tugas/", "/kantor/loket/"} <= officer
    assert not officer & {"/kantor/layanan/", "/kantor/integritas/", "/kantor/dasbor/", "/kantor/tugas/tim/"}
    client.logout()

    login(client, editor_a)  # a catalogue editor has no queue: no counts, the catalogue
    response = client.get(HOME)
    assert "queue" not in response.context and "Antrean Anda" not in response.content.decode()
    assert "/kantor/layanan/" in links(response) and "/kantor/tugas/" not in links(response)
    client.logout()

    inspector = make_user("inspektur", (Role.INSPECTOR, kota_bandung))
    login(client, inspector)
    assert "/kantor/integritas/" in links(client.get(HOME))


def test_every_shortcut_opens(client, officers, supervisor, editor_a, three):
    for user in (officers["front"], officers["head"], supervisor, editor_a):
        client.logout()
        login(client, user)
        for href in links(client.get(HOME)):
            assert client.get(href, follow=True).status_code == 200, (user.username, href)


def test_landing_query_count_does_not_grow(client, officers, process_service, applicant, django_assert_max_num_queries):
    login(client, officers["front"])
    file_application(process_service, applicant, "q-0")
    client.get(HOME)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(HOME)
    for index in range(1, 8):
        file_application(process_service, applicant, f"q-{index}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(HOME)


def test_landing_page_and_inbox_in_english(client, officers, three):
    login(client, officers["front"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/kantor/"})
    home = client.get(HOME).content.decode()
    assert "Your queue" in home and "Nearest deadlines" in home and "Back-office sections you may open" in home
    assert "Antrean Anda" not in home and "Tenggat terdekat" not in home
    inbox = client.get("/kantor/tugas/").content.decode()
    assert (
        "Tracking number, applicant&#x27;s name or NIK" in inbox or "Tracking number, applicant's name or NIK" in inbox
    )
    assert ">Applicant</th>" in inbox and "Pemohon" not in inbox
