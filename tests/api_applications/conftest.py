"""Fixtures of the applications API tests: the process service of tests/applications, API callers
(session or bearer token) and an application whose PIN is known."""

import json

import pytest
from django.test import Client

from loket.applications import services as applications
from loket.core import tokens
from loket.org.models import Role
from tests.applications.conftest import (
    ANSWERS,
    FORM,
    PDF,
    PNG,
    applicant,
    ktp,
    officers,
    process_service,
    submitted,
    units,
)
from tests.conftest import make_user


class Caller:
    """A test client speaking JSON to /api/v1 as one user, by session cookie or bearer token."""

    def __init__(self, client: Client, token: str | None = None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path, **params):
        return self.client.get("/api/v1" + path, params, headers=self.headers)

    def post(self, path, body=None, headers=None):
        return self.client.post(
            "/api/v1" + path,
            json.dumps(body or {}),
            content_type="application/json",
            headers={**self.headers, **(headers or {})},
        )

    def upload(self, data: bytes, name: str, **fields):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return self.client.post(
            "/api/v1/uploads", {"file": SimpleUploadedFile(name, data), **fields}, headers=self.headers
        )


def session_caller(user) -> Caller:
    client = Client()
    client.force_login(user)
    return Caller(client)


def token_caller(user, name="Sistem OPD") -> Caller:
    _token, raw = tokens.issue(actor=None, user=user, name=name)
    return Caller(Client(), raw)


@pytest.fixture
def as_applicant(applicant):
    return session_caller(applicant)


@pytest.fixture
def officer_b(agency_b):
    return make_user("petugas_bogor", (Role.OFFICER, agency_b))


@pytest.fixture
def other_citizen(db):
    user = make_user("warga_lain")
    applications.save_profile(user=user, nik="3201015505910002", full_name="Siti Aminah")
    return user


@pytest.fixture
def filed(process_service, applicant, ktp):
    """(application, pin) filed through the service layer."""
    return applications.submit(
        actor=applicant,
        applicant=applicant,
        service=process_service,
        answers=ANSWERS,
        upload_ids={"req_0": str(ktp.pk)},
        idempotency_key="api-k-1",
    )


def submission(service, upload=None, key="api-key-1", **extra) -> dict:
    body = {
        "service": service.code,
        "data": dict(ANSWERS),
        "idempotency_key": key,
        "uploads": {"req_0": str(upload.pk)} if upload else {},
    }
    body.update(extra)
    return body
