"""Who may call the API: bearer tokens (valid, revoked, garbage), sessions with CSRF, nobody."""

import pytest
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from loket.applications.models import Application
from loket.core import tokens
from loket.core.models import ApiToken
from tests.helpers.api import Caller, session_caller, submission, token_caller

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


@pytest.mark.parametrize("path", ["/inbox", "/applications/3273-25-0000001"])
def test_no_credentials_is_401_json(client, path):
    response = client.get("/api/v1" + path)
    assert response.status_code == 401
    assert response.json()["message"] == "Silakan masuk terlebih dahulu."


def test_no_credentials_cannot_submit(client, process_service, ktp):
    response = client.post("/api/v1/applications", submission(process_service, ktp), content_type="application/json")
    assert response.status_code == 401
    assert not Application.objects.exists()


def test_valid_token_acts_as_its_user(officers, submitted):
    response = token_caller(officers["front"]).get("/inbox")
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert ApiToken.objects.get(user=officers["front"]).last_used_at is not None


def test_revoked_token_is_refused(officers, submitted):
    token, raw = tokens.issue(actor=None, user=officers["front"], name="SIMPEG")
    tokens.revoke(actor=None, token=token)
    response = Caller(Client(), raw).get("/inbox")
    assert response.status_code == 401
    assert "dicabut" in response.json()["message"]


@pytest.mark.parametrize(
    "header", ["Bearer lkt_00000000_bukan-rahasia", "Bearer sampah", "Bearer ", "Basic dXNlcjpwYXNz"]
)
def test_garbage_tokens_are_refused(officers, header):
    response = Client().get("/api/v1/inbox", headers={"Authorization": header})
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")


def test_token_of_inactive_user_is_refused(officers):
    caller = token_caller(officers["front"])
    officers["front"].is_active = False
    officers["front"].save()
    assert caller.get("/inbox").status_code == 401


def test_a_bad_token_does_not_fall_back_to_the_session(officers):
    client = Client()
    client.force_login(officers["front"])
    response = client.get("/api/v1/inbox", headers={"Authorization": "Bearer lkt_00000000_salah"})
    assert response.status_code == 401


def test_session_post_without_csrf_token_is_refused(applicant, process_service, ktp):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    response = client.post("/api/v1/applications", submission(process_service, ktp), content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]
    assert not Application.objects.exists()


def test_session_post_with_csrf_token_is_accepted(applicant, process_service, ktp):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    secret = _get_new_csrf_string()
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    response = client.post(
        "/api/v1/applications",
        submission(process_service, ktp),
        content_type="application/json",
        headers={"X-CSRFToken": secret},
    )
    assert response.status_code == 201, response.json()


def test_session_upload_needs_csrf_too(applicant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.helpers.applications import PDF

    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    response = client.post("/api/v1/uploads", {"file": SimpleUploadedFile("ktp.pdf", PDF)})
    assert response.status_code == 403
    assert not applicant.uploads.exists()


def test_session_reads_need_no_csrf_token(applicant, submitted):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    assert client.get(f"/api/v1/applications/{submitted.tracking_number}").status_code == 200


def test_token_posts_need_no_csrf_token(applicant, process_service, ktp):
    caller = token_caller(applicant, name="Aplikasi desa")
    caller.client = Client(enforce_csrf_checks=True)
    assert caller.post("/applications", submission(process_service, ktp)).status_code == 201


def test_session_caller_helper_is_signed_in(applicant, submitted):
    assert session_caller(applicant).get(f"/applications/{submitted.tracking_number}").status_code == 200


def test_officer_session_without_totp_is_refused_while_tokens_still_work(officers, submitted, settings):
    settings.LOKET_REQUIRE_OFFICER_MFA = True
    response = session_caller(officers["front"]).get("/inbox")
    assert response.status_code == 403
    assert "TOTP" in response.json()["message"]
    assert token_caller(officers["front"]).get("/inbox").status_code == 200


def test_citizen_session_needs_no_totp(applicant, submitted, settings):
    settings.LOKET_REQUIRE_OFFICER_MFA = True
    assert session_caller(applicant).get(f"/applications/{submitted.tracking_number}").status_code == 200
