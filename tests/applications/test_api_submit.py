"""POST /api/v1/applications: own and assisted submissions, idempotent retries, field-level refusals."""

import re

import pytest

from loket.applications.models import Application
from loket.core.models import AuditEvent
from loket.workflow.models import Task
from tests.helpers.api import session_caller, submission, token_caller
from tests.helpers.applications import ANSWERS, PDF, consent_code

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

NIK = "3273014101900001"


def test_citizen_submits_and_gets_tracking_number_and_pin(applicant, as_applicant, process_service, ktp):
    response = as_applicant.post("/applications", submission(process_service, ktp))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert re.fullmatch(r"3273-\d{2}-\d{7}", body["tracking_number"])
    assert re.fullmatch(r"\d{6}", body["pin"])
    assert body["status"] == "submitted" and body["due_at"]
    assert body["status_url"] == f"http://testserver/permohonan/{body['tracking_number']}/"
    application = Application.objects.get(tracking_number=body["tracking_number"])
    assert application.applicant == applicant and application.channel == "online"
    assert application.uploads.get().pk == ktp.pk
    assert Task.objects.filter(application=application, status="open").count() == 1
    assert AuditEvent.objects.filter(action="applications.submitted", object_id=str(application.pk)).exists()


def test_full_flow_through_the_upload_endpoint(applicant, process_service):
    caller = token_caller(applicant, name="Aplikasi seluler")
    upload_id = caller.upload(PDF, "ktp.pdf", requirement="req_0").json()["id"]
    body = {"service": process_service.code, "data": ANSWERS, "uploads": {"req_0": upload_id}}
    response = caller.post("/applications", body, headers={"Idempotency-Key": "mobile-0001"})
    assert response.status_code == 201, response.json()
    assert Application.objects.get().idempotency_key == "mobile-0001"


def test_retry_with_the_same_key_returns_the_same_application_without_pin(as_applicant, process_service, ktp):
    first = as_applicant.post("/applications", submission(process_service, ktp)).json()
    again = as_applicant.post("/applications", submission(process_service, ktp))
    assert again.status_code == 200
    assert again.json()["tracking_number"] == first["tracking_number"]
    assert again.json()["pin"] is None
    assert Application.objects.count() == 1


def test_key_is_required(as_applicant, process_service, ktp):
    response = as_applicant.post("/applications", submission(process_service, ktp, key=None))
    assert response.status_code == 422
    assert "idempotency_key" in response.json()["errors"]


def test_invalid_answers_give_422_per_field_and_change_nothing(as_applicant, process_service):
    body = submission(process_service, data={**ANSWERS, "nik_pemilik": "3273013102900001", "hp": "12345"})
    response = as_applicant.post("/applications", body)
    assert response.status_code == 422
    result = response.json()
    assert result["message"] == "Masih ada isian yang perlu diperbaiki."
    assert set(result["errors"]) >= {"nik_pemilik", "hp", "req_0"}
    assert result["errors"]["req_0"] == ["KTP-el wajib diunggah."]
    assert not Application.objects.exists() and not Task.objects.exists()


def test_unknown_or_unpublished_service_is_422(as_applicant, process_service):
    response = as_applicant.post("/applications", {**submission(process_service), "service": "tidak-ada"})
    assert response.status_code == 422
    assert "service" in response.json()["errors"]


def test_malformed_body_is_422(as_applicant):
    response = as_applicant.post("/applications", {"data": "bukan objek"})
    assert response.status_code == 422


def test_officer_submits_for_a_citizen_with_consent(officers, applicant, process_service):
    caller = token_caller(officers["front"], name="Loket MPP")
    upload_id = caller.upload(
        PDF, "ktp.pdf", requirement="req_0", service=process_service.code, applicant_nik=NIK
    ).json()["id"]
    body = {
        "service": process_service.code,
        "data": ANSWERS,
        "uploads": {"req_0": upload_id},
        "applicant_nik": NIK,
        "consent_code": consent_code(officers["front"], applicant, process_service),
        "idempotency_key": "mpp-1",
    }
    response = caller.post("/applications", body)
    assert response.status_code == 201, response.json()
    application = Application.objects.get()
    assert application.applicant == applicant and application.assisted_by == officers["front"]
    assert application.channel == "counter" and application.consent.sent_to == "0812****90"  # an office officer


def test_assisted_submission_needs_consent(officers, applicant, process_service, ktp):
    body = submission(process_service, ktp, applicant_nik=NIK, channel="counter", consent_note="ok")
    response = token_caller(officers["front"]).post("/applications", body)
    assert response.status_code == 422
    assert "consent_code" in response.json()["errors"] and "dibuktikan" in response.json()["message"]
    assert not Application.objects.exists()


def test_officer_of_another_agency_cannot_apply_on_behalf(officer_b, applicant, process_service, ktp):
    body = submission(process_service, ktp, applicant_nik=NIK, consent_note="Setuju.")
    assert token_caller(officer_b).post("/applications", body).status_code == 403
    assert not Application.objects.exists()


def test_citizen_cannot_apply_in_someone_elses_name(other_citizen, applicant, process_service, ktp):
    body = submission(process_service, ktp, applicant_nik=NIK, consent_note="Setuju.")
    response = session_caller(other_citizen).post("/applications", body)
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_unknown_nik_is_422_for_an_officer(officers, process_service):
    body = submission(process_service, applicant_nik="3273015508920003", consent_note="Setuju.")
    response = token_caller(officers["front"]).post("/applications", body)
    assert response.status_code == 422
    assert "applicant_nik" in response.json()["errors"]


def test_submit_query_count_baseline(applicant, process_service, ktp, django_assert_max_num_queries):
    caller = token_caller(applicant, name="Aplikasi seluler")
    caller.post("/applications", submission(process_service, key="warm-up"))  # a refusal warms the form cache
    # 17 = 12 statements of work + the savepoint pair of the test transaction + the first read of the SOP
    # (2) and calendar overrides (1), which later submissions take from the per-process caches.
    with django_assert_max_num_queries(17):
        response = caller.post("/applications", submission(process_service, ktp))
    assert response.status_code == 201
