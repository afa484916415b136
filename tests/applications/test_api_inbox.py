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
