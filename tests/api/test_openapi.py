"""The OpenAPI document other agencies build clients from."""


def test_openapi_document_is_3_1_with_every_endpoint(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"] == "3.1.0"
    assert spec["info"]["title"] == "Loket API"
    assert {"/api/v1/services", "/api/v1/services/{code}", "/api/v1/regions", "/api/v1/agencies"} <= set(spec["paths"])
    for path in spec["paths"].values():
        for operation in path.values():
            assert any(status.startswith("2") for status in operation["responses"]), operation["operationId"]


def test_openapi_documents_filters_and_error_shape(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    parameters = {p["name"] for p in spec["paths"]["/api/v1/services"]["get"]["parameters"]}
    assert parameters == {"region", "agency", "audience", "category", "q", "page", "page_size"}
    detail = spec["paths"]["/api/v1/services/{code}"]["get"]
    assert {"200", "404"} <= set(detail["responses"])
    schemas = spec["components"]["schemas"]
    assert "message" in schemas["ErrorOut"]["properties"]
    detail_fields = set(schemas["ServiceDetail"]["properties"])
    assert {
        "requirements",
        "procedure",
        "time_limit_days",
        "fee",
        "product",
        "complaints",
        "legal_basis",
        "facilities",
        "competence",
        "supervision",
        "staffing",
        "guarantee",
        "security",
        "evaluation",
        "version",
        "compliance",
    } <= detail_fields
