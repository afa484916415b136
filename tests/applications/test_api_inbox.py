"""GET /api/v1/inbox: the officer's open tasks by deadline, scoped to unit and role, with filters."""

import datetime as dt

import pytest
from django.utils import timezone

from loket.applications import services as applications
from loket.org.models import Role
from loket.workflow.models import Task
from tests.helpers.api import session_caller, token_caller
from tests.helpers.applications import ANSWERS, PDF
from tests.helpers.org import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_applications(process_service, applicant):
    """Three applications whose first-step tasks are overdue, due today (local WIB) and on track."""
    found = []
    for number in range(3):
        upload = applications.store_upload(owner=applicant, data=PDF, name="ktp.pdf")
        application, _pin = applications.submit(
            actor=applicant,
            applicant=applicant,
            service=process_service,
            answers=ANSWERS,
            upload_ids={"req_0": str(upload.pk)},
            idempotency_key=f"inbox-{number}",
        )
        found.append(application)
    now = timezone.now()
    local_today = timezone.localtime(now, found[0].region.zoneinfo).date()
    end_of_today = dt.datetime.combine(local_today, dt.time(23, 59, 59), tzinfo=found[0].region.zoneinfo)
    due = [
        now - dt.timedelta(hours=1),
        max(end_of_today, now + dt.timedelta(seconds=30)),
        end_of_today + dt.timedelta(days=3),
    ]
    for application, due_at in zip(found, due):
        Task.objects.filter(application=application).update(due_at=due_at)
    return found


def test_officer_sees_open_tasks_by_deadline(officers, three_applications):
    response = token_caller(officers["front"]).get("/inbox")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["count"] == 3 and body["page"] == 1
    assert [item["tracking_number"] for item in body["items"]] == [a.tracking_number for a in three_applications]
    assert [item["sla"] for item in body["items"]] == ["overdue", "due_today", "on_track"]
    first = body["items"][0]
    assert first["step"]["name"]["id"] == "Verifikasi berkas" and first["unit"] == "Bidang Perizinan"
    assert first["service"]["code"] == "izin-usaha-mikro" and first["claimed_by"] is None


@pytest.mark.parametrize("sla, index", [("overdue", 0), ("due_today", 1), ("on_track", 2)])
def test_sla_filter(officers, three_applications, sla, index):
    body = session_caller(officers["front"]).get("/inbox", sla=sla).json()
    assert [item["tracking_number"] for item in body["items"]] == [three_applications[index].tracking_number]


def test_service_filter_and_pagination(officers, three_applications):
    caller = token_caller(officers["front"])
    page = caller.get("/inbox", service="izin-usaha-mikro", page=2, page_size=2).json()
    assert page["count"] == 3
    assert [item["tracking_number"] for item in page["items"]] == [three_applications[2].tracking_number]
    assert caller.get("/inbox", service="layanan-lain").json() == {"count": 0, "page": 1, "page_size": 20, "items": []}
    assert caller.get("/inbox", sla="kapan-kapan").status_code == 422


def test_officers_of_other_units_roles_and_agencies_see_nothing(agency_a, units, officer_b, three_applications):
    legal = make_user("petugas_hukum", (Role.OFFICER, agency_a))
    legal.loket_roles.update(unit=units["legal"])  # unit-scoped: step 1 belongs to the front office
    head = make_user("kepala_lain", (Role.AGENCY_HEAD, agency_a))  # step 1 is an officer's step
    for user in (legal, head, officer_b):
        assert token_caller(user).get("/inbox").json()["count"] == 0


def test_citizen_has_no_inbox(applicant, as_applicant):
    response = as_applicant.get("/inbox")
    assert response.status_code == 403
    assert response.json()["message"] == "Kotak masuk hanya untuk petugas."


def test_inbox_query_count_baseline(officers, three_applications, django_assert_max_num_queries):
    caller = token_caller(officers["front"])
    # 7: token, its last use, roles, the caller's delegations, whether the caller is an employee (for the
    # superior stepping in; remembered per user afterwards), the count, the page.
    with django_assert_max_num_queries(7):
        assert caller.get("/inbox").status_code == 200


# ---------------------------------------------------------------- q: the HTML inbox's search (issue 15)


@pytest.fixture
def budi_and_imas(process_service, applicant, officers):
    """Imas's case taken by the front officer; Budi's case in the queue, taken by nobody."""
    from loket.workflow import services as workflow
    from tests.helpers.applications import file_application

    budi = make_user("warga_budi")
    applications.save_profile(user=budi, nik="3273015502850003", full_name="Budi Santoso", phone="081200000003")
    imas_case = file_application(process_service, applicant, "api-imas")
    budi_case = file_application(process_service, budi, "api-budi")
    task = Task.objects.get(application=imas_case, status="open")
    workflow.claim(actor=officers["front"], task_id=task.pk)
    return imas_case, budi_case


def found(caller, **params) -> list[str]:
    response = caller.get("/inbox", **params)
    assert response.status_code == 200, response.json()
    return [item["tracking_number"] for item in response.json()["items"]]


def test_q_finds_a_tracking_number_with_or_without_dashes(officers, budi_and_imas):
    imas_case, budi_case = budi_and_imas
    caller = token_caller(officers["front"])
    dashed = budi_case.tracking_number
    assert found(caller, q=dashed) == [dashed]
    assert found(caller, q=dashed.replace("-", "")) == [dashed]
    assert found(caller, q=f"  {dashed.replace('-', ' ')} ") == [dashed]
    assert found(caller, q=dashed.replace("-", "")[-9:]) == [dashed]  # a part of it, across a dash
    assert found(caller, q="9999-99-9999999") == []
    assert found(caller) == [imas_case.tracking_number, budi_case.tracking_number]  # no q: every task


def test_q_finds_names_and_niks_only_among_the_callers_own_work(officers, budi_and_imas):
    imas_case, budi_case = budi_and_imas
    caller = token_caller(officers["front"])
    assert found(caller, q="imas") == [imas_case.tracking_number]  # taken by the caller: found by name
    assert found(caller, q="Masitoh Imas") == [imas_case.tracking_number]  # every word, in any order
    assert found(caller, q="3273014101900001") == [imas_case.tracking_number]  # and by NIK
    # Budi's case is nobody's yet: neither his name nor his NIK tells that he has a case in the queue
    assert found(caller, q="Budi") == []
    assert found(caller, q="3273015502850003") == []


def test_q_is_the_html_inbox_search(officers, budi_and_imas, client):
    """The API and the HTML inbox answer the same search with the same tasks (one query, `open_tasks`)."""
    import re

    from tests.helpers.auth import force_login

    force_login(client, officers["front"])
    caller = session_caller(officers["front"])
    for q in ("imas", "budi", budi_and_imas[1].tracking_number.replace("-", ""), "3273", "zzz"):
        page = client.get("/kantor/tugas/", {"q": q}).content.decode()
        html = re.findall(r'<th scope="row" class="tracking"><a href="/kantor/tugas/\d+/">([^<]+)</a>', page)
        assert found(caller, q=q) == html, q


def test_q_combines_with_the_service_and_deadline_filters(officers, budi_and_imas):
    imas_case, budi_case = budi_and_imas
    Task.objects.filter(application=budi_case).update(due_at=timezone.now() - dt.timedelta(hours=1))
    caller = token_caller(officers["front"])
    prefix = budi_case.tracking_number[:7]  # region and year: both cases
    assert found(caller, q=prefix, sla="overdue") == [budi_case.tracking_number]
    assert found(caller, q=prefix, sla="on_track") == [imas_case.tracking_number]
    assert found(caller, q=prefix, service="layanan-lain") == []


def test_q_longer_than_the_html_search_is_refused_with_422(officers, budi_and_imas):
    from loket.workflow.queries import SEARCH_MAX

    caller = token_caller(officers["front"])
    assert caller.get("/inbox", q="3" * (SEARCH_MAX + 1)).status_code == 422


def test_q_is_documented_in_both_languages(client):
    schema = client.get("/api/v1/openapi.json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/inbox"]["get"]["parameters"]}
    for name in ("q", "service", "sla"):
        assert " / " in parameters[name]["description"], name
    assert "nomor registrasi" in parameters["q"]["description"]
    assert "tracking number" in parameters["q"]["description"]
    assert parameters["q"]["schema"]["anyOf"][0]["maxLength"] == 100
