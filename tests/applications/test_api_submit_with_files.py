"""POST /api/v1/applications/with-files: the application and its documents in one multipart request."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from loket.applications.models import Application, Upload
from loket.workflow.models import Task
from tests.helpers.api import token_caller
from tests.helpers.applications import ANSWERS, PDF, PNG, consent_code

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

URL = "/api/v1/applications/with-files"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def post(caller, service, files: dict, key: str | None = "wf-1", **extra):
    body = {"service": service.code, "data": dict(ANSWERS), **extra}
    if key:
        body["idempotency_key"] = key
    parts = {
        "application": json.dumps(body),
        **{slot: SimpleUploadedFile(name, data) for slot, (name, data) in files.items()},
    }
    return caller.client.post(URL, parts, headers=caller.headers)


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_one_request_files_the_application_with_its_documents(applicant, process_service, _media):
    caller = token_caller(applicant)
    response = post(caller, process_service, {"req_0": ("ktp.pdf", PDF), "req_1": ("lokasi.png", PNG)})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["pin"] and body["status"] == "submitted"
    application = Application.objects.get(tracking_number=body["tracking_number"])
    uploads = {u.requirement: u for u in application.uploads.all()}
    assert set(uploads) == {"req_0", "req_1"}
    assert uploads["req_0"].content_type == "application/pdf" and uploads["req_0"].owner == applicant
    assert uploads["req_0"].file.read() == PDF
    assert Task.objects.filter(application=application, status="open").count() == 1
    assert len(stored_files(_media)) == 2


def test_a_retry_returns_the_first_application_and_keeps_no_second_copy(applicant, process_service, _media):
    caller = token_caller(applicant)
    first = post(caller, process_service, {"req_0": ("ktp.pdf", PDF)}).json()
    again = post(caller, process_service, {"req_0": ("ktp.pdf", PDF)})
    assert again.status_code == 200
    assert again.json()["tracking_number"] == first["tracking_number"] and again.json()["pin"] is None
    assert Application.objects.count() == 1 and Upload.objects.count() == 1
    assert len(stored_files(_media)) == 1


@pytest.mark.parametrize(
    "files, slot, fragment",
    [
        ({"req_0": ("ktp.pdf", b"<html><script>alert(1)</script>")}, "req_0", "tidak dikenali"),
        ({"req_0": ("ktp.pdf", PNG)}, "req_0", "PNG"),  # a PNG where only PDF/JPG are accepted
        ({"req_0": ("ktp.pdf", PDF), "req_1": ("foto.pdf", PDF)}, "req_1", "PDF"),  # slot 1 takes PNG/JPG
        ({"req_0": ("ktp.pdf", PDF), "req_9": ("x.pdf", PDF)}, "req_9", "tidak meminta"),
        ({}, "req_0", "wajib diunggah"),
    ],
)
def test_bad_or_missing_files_are_refused_per_slot_and_nothing_is_kept(
    applicant, process_service, _media, files, slot, fragment
):
    response = post(token_caller(applicant), process_service, files)
    assert response.status_code == 422, response.json()
    assert fragment in " ".join(response.json()["errors"][slot])
    assert Application.objects.count() == 0 and Upload.objects.count() == 0
    assert stored_files(_media) == []


def test_oversized_file_is_refused(applicant, process_service, settings, _media):
    settings.LOKET_MAX_UPLOAD_BYTES = 1024
    response = post(token_caller(applicant), process_service, {"req_0": ("ktp.pdf", PDF + b"0" * 2048)})
    assert response.status_code == 422
    assert "terlalu besar" in response.json()["errors"]["req_0"][0]
    assert Upload.objects.count() == 0


def test_missing_or_malformed_application_part_is_422(applicant, process_service):
    caller = token_caller(applicant)
    missing = caller.client.post(URL, {"req_0": SimpleUploadedFile("ktp.pdf", PDF)}, headers=caller.headers)
    assert missing.status_code == 422 and "application" in missing.json()["errors"]
    malformed = caller.client.post(URL, {"application": "{not json"}, headers=caller.headers)
    assert malformed.status_code == 422 and "application" in malformed.json()["errors"]
    ids = caller.client.post(
        URL,
        {
            "application": json.dumps(
                {"service": process_service.code, "data": ANSWERS, "uploads": {"req_0": "x"}, "idempotency_key": "k"}
            )
        },
        headers=caller.headers,
    )
    assert ids.status_code == 422 and "uploads" in ids.json()["errors"]
    assert Application.objects.count() == 0


def test_key_is_required(applicant, process_service):
    response = post(token_caller(applicant), process_service, {"req_0": ("ktp.pdf", PDF)}, key=None)
    assert response.status_code == 422 and "idempotency_key" in response.json()["errors"]


def test_anonymous_is_refused(process_service):
    response = Client().post(URL, {"application": json.dumps({"service": process_service.code})})
    assert response.status_code == 401
    assert Application.objects.count() == 0


def test_officer_files_for_a_citizen_with_consent(officers, applicant, process_service):
    caller = token_caller(officers["front"], name="Loket DPMPTSP")
    response = post(
        caller,
        process_service,
        {"req_0": ("ktp.pdf", PDF)},
        applicant_nik="3273014101900001",
        consent_code=consent_code(officers["front"], applicant, process_service),
    )
    assert response.status_code == 201, response.json()
    application = Application.objects.get()
    assert application.applicant == applicant and application.channel == "counter"  # filed from the office
    assert application.uploads.get().owner == applicant


def test_officer_of_another_agency_cannot_file_for_a_citizen(officer_b, applicant, process_service):
    response = post(
        token_caller(officer_b),
        process_service,
        {"req_0": ("ktp.pdf", PDF)},
        applicant_nik="3273014101900001",
        consent_note="setuju",
    )
    assert response.status_code == 403
    assert Application.objects.count() == 0 and Upload.objects.count() == 0


def test_query_count_baseline(applicant, process_service, django_assert_max_num_queries):
    from django.db import connection

    caller = token_caller(applicant)
    post(caller, process_service, {}, key="warm-up")  # a refusal warms the form and service caches
    # PostgreSQL: token + profile + the blocks of sequence values (2, once per 32 submissions) + ONE
    # query carrying every row + its savepoint pair inside the test transaction + the first read of the
    # SOP (2) and of the calendar overrides (1), which later submissions take from the per-process caches.
    # SQLite (embedded): the same rows through the ORM, one statement each, inside one transaction.
    with django_assert_max_num_queries(10 if connection.vendor == "postgresql" else 16):
        response = post(caller, process_service, {"req_0": ("ktp.pdf", PDF)}, key="counted")
    assert response.status_code == 201
