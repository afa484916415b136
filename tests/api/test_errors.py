"""Every answer under /api/v1/ is JSON with an Indonesian `message`, whatever goes wrong."""

import json

import pytest

from loket.catalogue import queries


def test_unknown_route_is_json_404(client, db):
    for path in ("/api/v1/tidak-ada", "/api/v1/services/kode/lebih/dalam", "/api/v1/layanan/"):
        response = client.get(path)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["message"].startswith("Alamat API tidak ditemukan")


def test_unknown_route_is_not_redirected_to_a_slash(client, db):
    response = client.get("/api/v1/regionsx")
    assert response.status_code == 404 and response.json()["message"]


def test_wrong_method_is_json_405(client, db):
    response = client.post("/api/v1/services", data="{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == {"message": "Metode POST tidak diizinkan di alamat ini. Gunakan: GET."}


def test_validation_error_is_indonesian_with_details(client, db):
    response = client.get("/api/v1/services", {"page_size": "seratus"})
    assert response.status_code == 422
    body = response.json()
    assert body["message"] == "Parameter permintaan tidak valid: page_size."
    assert body["errors"][0]["loc"] == ["query", "page_size"]
    assert body["errors"][0]["type"] == "int_parsing"


def test_unexpected_exception_is_json_500(client, db, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("database exploded")

    monkeypatch.setattr(queries, "search_services", broken)
    response = client.get("/api/v1/services")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"message": "Terjadi gangguan pada server. Silakan coba lagi."}
    assert "database exploded" not in response.content.decode()
    assert any(record.name == "loket.api" for record in caplog.records)


def test_api_root_points_at_the_description(client, db):
    body = client.get("/api/v1/").json()
    assert body["openapi"] == "http://testserver/api/v1/openapi.json"
    assert client.get(body["openapi"]).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/services", "/api/v1/regions", "/api/v1/agencies"])
def test_lists_are_json_when_empty(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert json.loads(response.content) == {"count": 0, "page": 1, "page_size": 20, "items": []}
