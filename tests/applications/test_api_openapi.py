"""The OpenAPI document lists the applications API with a schema for every response."""

import pytest

pytestmark = pytest.mark.django_db

OPERATIONS = {
    ("/api/v1/uploads", "post"),
    ("/api/v1/applications", "post"),
    ("/api/v1/applications/{tracking}", "get"),
    ("/api/v1/applications/{tracking}/actions", "post"),
    ("/api/v1/inbox", "get"),
    ("/api/v1/status/{tracking}", "get"),
}


def test_paths_are_documented_with_response_schemas(client):
    spec = client.get("/api/v1/openapi.json").json()
    for path, method in OPERATIONS:
        operation = spec["paths"][path][method]
        for status, response in operation["responses"].items():
            assert "schema" in response["content"]["application/json"], (path, method, status)


def test_auth_schemes_are_documented(client):
    spec = client.get("/api/v1/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["BearerToken"].items()
    assert schemes["SessionCookie"]["in"] == "cookie"
    assert spec["paths"]["/api/v1/inbox"]["get"]["security"] == [{"BearerToken": []}, {"SessionCookie": []}]
    assert "security" not in spec["paths"]["/api/v1/status/{tracking}"]["get"]
