"""JSON API callers (session cookie or bearer token) and the body of an API submission."""

import json

from django.test import Client

from loket.core import tokens
from tests.helpers.applications import ANSWERS


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


def submission(service, upload=None, key="api-key-1", **extra) -> dict:
    body = {
        "service": service.code,
        "data": dict(ANSWERS),
        "idempotency_key": key,
        "uploads": {"req_0": str(upload.pk)} if upload else {},
    }
    body.update(extra)
    return body
