"""POST /api/v1/applications/{tracking}/actions: approve, return, reject; 409 on stale; 404 out of scope."""

import pytest

from loket.applications.models import Application
from loket.core.models import AuditEvent
from loket.workflow.models import Task
from tests.helpers.api import session_caller, token_caller

pytestmark = pytest.mark.django_db


def first_task(application) -> Task:
    return Task.objects.get(application=application, step__position=1)


def act(caller, application, **body):
    return caller.post(f"/applications/{application.tracking_number}/actions", body)


def test_officer_approves_and_the_next_step_opens(officers, submitted):
    task = first_task(submitted)
    response = act(token_caller(officers["front"]), submitted, task_id=task.pk, action="approve", expected_version=0)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["task_id"] == task.pk and body["status"] == "approved" and body["version"] == 1
    assert body["completed_at"] and body["application_status"] == "submitted"
    assert Task.objects.filter(application=submitted, status="open", step__position=2).count() == 2  # parallel step
    assert AuditEvent.objects.filter(action="workflow.task_approve", object_id=str(task.pk)).exists()


def test_return_needs_a_reason_and_then_pauses_the_application(officers, submitted):
    caller = session_caller(officers["front"])
    task = first_task(submitted)
    refused = act(caller, submitted, task_id=task.pk, action="return")
    assert refused.status_code == 422
    assert "note" in refused.json()["errors"]
    unlisted = act(
        caller, submitted, task_id=task.pk, action="return", note="Pindaian KTP buram", requirements=["Surat sakti"]
    )
    assert unlisted.status_code == 422 and "requirements" in unlisted.json()["errors"]
    money = act(
        caller,
        submitted,
        task_id=task.pk,
        action="return",
        note="Lampirkan bukti setor biaya administrasi Rp 350.000 (bayar di loket lantai 2)",
        requirements=["KTP-el"],
    )
    assert money.status_code == 422 and "tidak boleh meminta pembayaran" in money.json()["errors"]["note"][0]
    response = act(
        caller,
        submitted,
        task_id=task.pk,
        action="return",
        note="Pindaian KTP buram; unggah ulang.",
        requirements=["KTP-el"],
    )
    assert response.status_code == 200
    assert response.json()["application_status"] == "returned"


def test_reject_with_reason(officers, submitted):
    response = act(
        token_caller(officers["front"]),
        submitted,
        task_id=first_task(submitted).pk,
        action="reject",
        note="Lokasi usaha di luar wilayah.",
    )
    assert response.status_code == 200
    assert Application.objects.get(pk=submitted.pk).status == "rejected"


def test_stale_version_is_409_and_changes_nothing(officers, submitted):
    task = first_task(submitted)
    response = act(token_caller(officers["front"]), submitted, task_id=task.pk, action="approve", expected_version=7)
    assert response.status_code == 409
    assert "petugas lain" in response.json()["message"]
    task.refresh_from_db()
    assert task.status == "open" and task.version == 0
    assert not AuditEvent.objects.filter(action="workflow.task_approve").exists()


def test_second_of_two_officers_acting_on_what_they_saw_gets_409(officers, submitted):
    task = first_task(submitted)
    seen = token_caller(officers["front"]).get("/inbox").json()["items"][0]["version"]
    first = act(token_caller(officers["front"]), submitted, task_id=task.pk, action="approve", expected_version=seen)
    second = act(
        token_caller(officers["tech"]),
        submitted,
        task_id=task.pk,
        action="reject",
        note="Tidak lengkap.",
        expected_version=seen,
    )
    assert first.status_code == 200 and second.status_code == 409
    assert Application.objects.get(pk=submitted.pk).status == "submitted"


def test_officer_of_another_agency_gets_404(officer_b, submitted):
    task = first_task(submitted)
    response = act(token_caller(officer_b), submitted, task_id=task.pk, action="approve")
    assert response.status_code == 404
    assert first_task(submitted).status == "open"


def test_applicant_cannot_act_on_own_application(applicant, as_applicant, submitted):
    response = act(as_applicant, submitted, task_id=first_task(submitted).pk, action="approve")
    assert response.status_code == 404
    assert first_task(submitted).status == "open"


def test_task_must_belong_to_the_named_application(officers, submitted, process_service, applicant):
    from loket.applications import services as applications
    from tests.helpers.applications import ANSWERS, PDF

    upload = applications.store_upload(owner=applicant, data=PDF, name="ktp.pdf")
    other, _pin = applications.submit(
        actor=applicant,
        applicant=applicant,
        service=process_service,
        answers=ANSWERS,
        upload_ids={"req_0": str(upload.pk)},
        idempotency_key="other",
    )
    response = act(token_caller(officers["front"]), other, task_id=first_task(submitted).pk, action="approve")
    assert response.status_code == 404


def test_an_officer_reads_through_the_api_only_the_cases_in_his_work_and_every_read_is_tracked(
    officers, submitted, agency_a, process_service, applicant
):
    # Finding 2: walking sequential tracking numbers returned full records of the agency, closed ones included,
    # with no audit event.
    from loket.applications.models import CaseAccess
    from loket.org.models import Role
    from tests.helpers.org import make_user

    url = f"/applications/{submitted.tracking_number}"
    assert token_caller(officers["front"]).get(url).status_code == 200  # an open task in his unit: his work
    assert CaseAccess.objects.filter(application=submitted, kind="api", actor=officers["front"]).count() == 1
    outsider = make_user("petugas_bidang_lain", (Role.OFFICER, agency_a))
    other_unit = agency_a.units.create(name="Bidang Lain")
    outsider.loket_roles.update(unit=other_unit)
    assert token_caller(outsider).get(url).status_code == 404
    supervisor = make_user("penyelia_api", (Role.SUPERVISOR, agency_a))
    assert token_caller(supervisor).get(url).status_code == 200  # oversees the agency: may read, is tracked
    assert CaseAccess.objects.filter(application=submitted, kind="api").count() == 2
