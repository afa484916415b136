"""POST /api/v1/uploads: stored with a sniffed type and a safe name; refusals say why and store nothing."""

import pytest

from loket.applications.models import Upload
from tests.helpers.api import session_caller, token_caller
from tests.helpers.applications import PDF, PNG

pytestmark = pytest.mark.django_db


def test_upload_is_stored_for_its_owner(applicant, as_applicant):
    response = as_applicant.upload(PDF, "KTP saya.pdf", requirement="req_0")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == "KTP saya.pdf" and body["content_type"] == "application/pdf"
    assert body["size"] == len(PDF) and len(body["sha256"]) == 64 and body["requirement"] == "req_0"
    upload = Upload.objects.get(pk=body["id"])
    assert upload.owner == applicant and upload.application is None


def test_disguised_file_is_refused_with_a_reason(applicant, as_applicant):
    response = as_applicant.upload(b"MZ\x90\x00 not a pdf", "ktp.pdf", requirement="req_0")
    assert response.status_code == 400
    assert response.json()["message"] == "Jenis berkas tidak dikenali. Unggah PDF, JPG atau PNG."
    assert "file" in response.json()["errors"]
    assert not Upload.objects.exists()


def test_oversized_file_is_refused(applicant, as_applicant, settings):
    settings.LOKET_MAX_UPLOAD_BYTES = 1024
    response = as_applicant.upload(PDF + b"0" * 2048, "besar.pdf")
    assert response.status_code == 400
    assert "terlalu besar" in response.json()["message"]
    assert not Upload.objects.exists()


def test_missing_file_is_422(as_applicant):
    response = as_applicant.client.post("/api/v1/uploads", {"requirement": "req_0"})
    assert response.status_code == 422
    assert "file" in response.json()["message"]


def test_slot_types_are_checked_when_the_service_is_named(as_applicant, process_service):
    response = as_applicant.upload(PNG, "ktp.png", requirement="req_0", service=process_service.code)
    assert response.status_code == 400
    assert "PDF, JPG" in response.json()["message"]
    # The optional photo slot (req_1) takes PNG.
    assert as_applicant.upload(PNG, "lokasi.png", requirement="req_1", service=process_service.code).status_code == 201


def test_officer_uploads_for_a_citizen_of_their_agency(officers, applicant, process_service):
    response = token_caller(officers["front"]).upload(
        PDF, "ktp.pdf", requirement="req_0", service=process_service.code, applicant_nik="3273014101900001"
    )
    assert response.status_code == 201, response.json()
    assert Upload.objects.get(pk=response.json()["id"]).owner == applicant


def test_citizen_cannot_upload_into_someone_elses_name(other_citizen, applicant, process_service):
    response = session_caller(other_citizen).upload(
        PDF, "ktp.pdf", service=process_service.code, applicant_nik="3273014101900001"
    )
    assert response.status_code == 403
    assert not Upload.objects.exists()


def test_upload_for_a_citizen_needs_the_service(officers, applicant):
    response = token_caller(officers["front"]).upload(PDF, "ktp.pdf", applicant_nik="3273014101900001")
    assert response.status_code == 422
    assert "service" in response.json()["errors"]
