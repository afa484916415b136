"""The inbox search (issue 15): tracking numbers with or without dashes, names and NIKs only over the reader's own
work (ADR 0013: a case's personal data is masked until the task is the reader's, so a search must not tell who has a
case either), the applicant column, and the search combined with the service and deadline filters."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from loket.applications import services as applications
from loket.org import deadlines
from loket.workflow import queries
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.helpers.applications import file_application
from tests.helpers.auth import login
from tests.helpers.org import make_user

pytestmark = pytest.mark.django_db
INBOX = "/kantor/tugas/"
TEAM = "/kantor/tugas/tim/"


def tracking_numbers(response) -> list[str]:
    return re.findall(
        r'<th scope="row" class="tracking"><a href="/kantor/tugas/\d+/">([^<]+)</a>', response.content.decode()
    )


def open_task(application) -> Task:
    return Task.objects.get(application=application, status="open")


@pytest.fixture
def budi(db):
    user = make_user("warga_budi")
    applications.save_profile(user=user, nik="3273015502850003", full_name="Budi Santoso", phone="081200000003")
    return user


@pytest.fixture
def cases(process_service, applicant, budi, officers):
    """Imas's case claimed by the front officer; Budi's case in the queue, taken by nobody."""
    imas_case = file_application(process_service, applicant, "s-imas")
    budi_case = file_application(process_service, budi, "s-budi")
    workflow.claim(actor=officers["front"], task_id=open_task(imas_case).pk)
    return imas_case, budi_case


# ---------------------------------------------------------------- tracking numbers


@pytest.mark.sqlite  # the dashes are removed in SQL (REPLACE): the embedded default too
def test_tracking_number_with_and_without_dashes(client, officers, cases):
    imas_case, budi_case = cases
    login(client, officers["front"])
    dashed = budi_case.tracking_number  # "3273-26-0000008"
    assert tracking_numbers(client.get(INBOX, {"q": dashed})) == [dashed]
    assert tracking_numbers(client.get(INBOX, {"q": dashed.replace("-", "")})) == [dashed]
    assert tracking_numbers(client.get(INBOX, {"q": f"  {dashed.replace('-', ' ')} "})) == [dashed]
    # a part of the number, across a dash and without it: year and sequence number
    tail = dashed.replace("-", "")[-9:]
    assert tracking_numbers(client.get(INBOX, {"q": tail})) == [dashed]
    # tracking numbers are searched over every task of the inbox, taken or not
    assert tracking_numbers(client.get(INBOX, {"q": imas_case.tracking_number.replace("-", "")})) == [
        imas_case.tracking_number
    ]
    assert tracking_numbers(client.get(INBOX, {"q": "9999-99-9999999"})) == []


def test_query_helper_normalises_what_was_typed():
    filters = queries.InboxFilters.from_params({"q": "  3273-26   0000008 "})
    assert filters.q == "3273-26 0000008" and filters.active
    assert len(queries.InboxFilters.from_params({"q": "x" * 500}).q) == queries.SEARCH_MAX
    assert not queries.InboxFilters.from_params({}).active


# ---------------------------------------------------------------- names and NIKs: the reader's own work only


def test_name_search_finds_own_work_and_never_a_masked_case(client, officers, cases):
    imas_case, budi_case = cases
    login(client, officers["front"])
    assert tracking_numbers(client.get(INBOX, {"q": "imas"})) == [imas_case.tracking_number]
    assert tracking_numbers(client.get(INBOX, {"q": "Imas Masitoh"})) == [imas_case.tracking_number]
    # Budi's task is not the officer's yet: searching his name must not reveal that he has a case
    response = client.get(INBOX, {"q": "Budi"})
    assert tracking_numbers(response) == []
    assert "Tidak ada tugas yang cocok" in response.content.decode()
    # once the officer takes it, it is found
    workflow.claim(actor=officers["front"], task_id=open_task(budi_case).pk)
    assert tracking_numbers(client.get(INBOX, {"q": "budi santoso"})) == [budi_case.tracking_number]


@pytest.mark.sqlite
def test_nik_search_is_exact_and_only_over_own_work(client, officers, cases, budi):
    imas_case, budi_case = cases
    login(client, officers["front"])
    assert tracking_numbers(client.get(INBOX, {"q": "3273014101900001"})) == [imas_case.tracking_number]
    assert tracking_numbers(client.get(INBOX, {"q": "3273-0141-0190-0001"})) == [imas_case.tracking_number]
    assert tracking_numbers(client.get(INBOX, {"q": "327301410190000"})) == []  # 15 digits: no NIK, no number
    assert tracking_numbers(client.get(INBOX, {"q": budi.citizen.nik})) == []  # not the officer's task
    # another officer who took nothing finds neither
    client.logout()
    login(client, officers["tech"])
    assert tracking_numbers(client.get(INBOX, {"q": "3273014101900001"})) == []
    assert tracking_numbers(client.get(INBOX, {"q": "Imas"})) == []


def test_overseer_searches_names_only_over_own_work_too(client, supervisor, cases):
    """A supervisor may open any task of the agency (a read the applicant sees); a list search is no such read."""
    login(client, supervisor)
    assert tracking_numbers(client.get(TEAM, {"q": "Imas"})) == []
    assert tracking_numbers(client.get(TEAM, {"q": "3273015502850003"})) == []
    assert len(tracking_numbers(client.get(TEAM, {"q": cases[1].tracking_number.replace("-", "")}))) == 1


def test_addressed_task_is_own_work_for_its_official(officers, cases, budi):
    _, budi_case = cases
    Task.objects.filter(application=budi_case, status="open").update(assignee=officers["tech"])
    now = timezone.now()
    found = queries.open_tasks(officers["tech"], queries.InboxFilters(q="Budi"), now)
    assert [task.application_id for task in found] == [budi_case.pk]


# ---------------------------------------------------------------- the applicant column


def test_applicant_column_masked_until_the_task_is_the_readers(client, officers, supervisor, cases):
    login(client, officers["front"])
    html = client.get(INBOX).content.decode()
    assert ">Pemohon</th>" in html
    assert "Imas Masitoh" in html  # claimed by the reader
    assert "B*** S***" in html and "Budi Santoso" not in html  # in the queue: initials only
    client.logout()
    login(client, supervisor)
    team = client.get(TEAM).content.decode()
    assert "I*** M***" in team and "B*** S***" in team
    assert "Imas Masitoh" not in team and "Budi Santoso" not in team


# ---------------------------------------------------------------- with the other filters


def test_search_with_service_and_deadline_filters(client, officers, cases, process_service, service_a):
    imas_case, budi_case = cases
    now = timezone.now()
    region = process_service.agency.region
    Task.objects.filter(application=imas_case, status="open").update(due_at=now - dt.timedelta(hours=2))
    Task.objects.filter(application=budi_case, status="open").update(
        due_at=deadlines.end_of_local_day(deadlines.local_date(now, region), region)
    )
    login(client, officers["front"])
    prefix = imas_case.tracking_number[:8]  # "3273-26-": both cases
    assert sorted(tracking_numbers(client.get(INBOX, {"q": prefix}))) == sorted(
        [imas_case.tracking_number, budi_case.tracking_number]
    )
    assert tracking_numbers(client.get(INBOX, {"q": prefix, "sla": "overdue"})) == [imas_case.tracking_number]
    assert tracking_numbers(client.get(INBOX, {"q": prefix, "sla": "due_today"})) == [budi_case.tracking_number]
    assert tracking_numbers(client.get(INBOX, {"q": prefix, "sla": "on_track"})) == []
    assert len(tracking_numbers(client.get(INBOX, {"q": prefix, "service": process_service.pk}))) == 2
    assert tracking_numbers(client.get(INBOX, {"q": prefix, "service": service_a.pk})) == []
    # the filters are kept on the next page's links and shown with their labels
    html = client.get(INBOX, {"q": prefix, "sla": "overdue"}).content.decode()
    assert f'value="{prefix}"' in html and "Terlambat" in html and "pencarian" in html


def test_search_keeps_pagination(client, officers, process_service, applicant):
    for index in range(queries.PAGE_SIZE + 2):
        file_application(process_service, applicant, f"p-{index}")
    login(client, officers["front"])
    first = client.get(INBOX, {"q": "3273"})
    assert len(tracking_numbers(first)) == queries.PAGE_SIZE
    assert "q=3273" in first.content.decode() and "page=2" in first.content.decode()
    assert len(tracking_numbers(client.get(INBOX, {"q": "3273", "page": 2}))) == 2


def test_mine_and_unclaimed_filters_match_the_landing_page_counts(client, officers, cases):
    imas_case, budi_case = cases
    login(client, officers["front"])
    assert tracking_numbers(client.get(INBOX, {"claimed": "mine"})) == [imas_case.tracking_number]
    assert tracking_numbers(client.get(INBOX, {"claimed": "unclaimed"})) == [budi_case.tracking_number]
    queue = client.get("/kantor/").context["queue"]
    assert queue["mine"] == 1 and queue["claimable"] == 1
