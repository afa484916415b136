"""GET /api/v1/services and /api/v1/services/{code}: filters, pagination, drafts never public, detail shape."""

import pytest

from loket.catalogue import queries, rules
from loket.catalogue import services as catalogue
from tests.helpers.catalogue import COMPLETE_CONTENT, publish_service

COMPONENT_KEYS = [
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
]


def codes(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [item["code"] for item in response.json()["items"]]


# --- list -----------------------------------------------------------------------------------------


def test_list_shows_published_services_with_their_headline_figures(api, catalogue_data):
    body = api.get("/services").json()
    assert body["count"] == 3 and body["page"] == 1 and body["page_size"] == 20
    bogor = next(item for item in body["items"] if item["code"] == "akta-kelahiran-bogor")
    assert bogor == {
        "code": "akta-kelahiran-bogor",
        "name": {"id": "Penerbitan Akta Kelahiran", "en": "Birth certificate"},
        "category": {"slug": "sosial", "name": {"id": "Sosial", "en": "Social"}},
        "agency": {"slug": "disdukcapil-kab-bogor", "name": "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bogor"},
        "region": {"code": "32.01", "name": "Kabupaten Bogor"},
        "audience": "business",
        "channels": ["online"],
        "version": 1,
        "time_limit_days": 5,
        "fee_amount": 15000,
        "compliance_percent": 100,
        "template": None,
        "url": "http://testserver/layanan/akta-kelahiran-bogor/",
    }


def test_list_is_ordered_by_name(api, catalogue_data):
    assert codes(api.get("/services")) == ["izin-praktik-bandung", "reklame-banjarmasin", "akta-kelahiran-bogor"]


def test_drafts_never_appear(api, catalogue_data, editor_a):
    bandung = catalogue_data["bandung"]
    draft = catalogue.open_draft(actor=editor_a, service=bandung)
    catalogue.update_draft(actor=editor_a, draft=draft, changes={"time_limit_days": 99, "fee_amount": 777})
    body = api.get("/services", page_size=100).json()
    assert "draf-rahasia-bogor" not in [item["code"] for item in body["items"]]
    assert body["count"] == 3
    item = next(item for item in body["items"] if item["code"] == bandung.code)
    # The public sees the published version 1, not the draft being edited.
    assert (item["version"], item["time_limit_days"], item["fee_amount"]) == (1, 5, 0)
    assert codes(api.get("/services", q="Rahasia")) == []


@pytest.mark.parametrize(
    "region, expected",
    [
        ("32.73", ["izin-praktik-bandung"]),
        ("3273", ["izin-praktik-bandung"]),
        ("32.01", ["akta-kelahiran-bogor"]),
        ("32", ["izin-praktik-bandung", "akta-kelahiran-bogor"]),  # a province includes its kabupaten/kota
        ("63", ["reklame-banjarmasin"]),
        ("6371", ["reklame-banjarmasin"]),
        ("33", []),
    ],
)
def test_filter_by_region(api, catalogue_data, region, expected):
    assert codes(api.get("/services", region=region)) == expected


def test_malformed_region_code_is_refused_in_indonesian(api, catalogue_data):
    response = api.get("/services", region="Bandung")
    assert response.status_code == 422
    body = response.json()
    assert "Kode wilayah" in body["message"] and "tidak valid" in body["message"]
    assert "region" in body["errors"]


def test_filter_by_agency_audience_and_category(api, catalogue_data):
    assert codes(api.get("/services", agency="disdukcapil-kab-bogor")) == ["akta-kelahiran-bogor"]
    assert codes(api.get("/services", agency="tidak-ada")) == []
    assert codes(api.get("/services", audience="business")) == ["akta-kelahiran-bogor"]
    assert codes(api.get("/services", audience="citizen")) == ["izin-praktik-bandung", "reklame-banjarmasin"]
    assert codes(api.get("/services", category="sosial")) == ["akta-kelahiran-bogor"]
    assert codes(api.get("/services", category="perizinan", region="32")) == ["izin-praktik-bandung"]


def test_unknown_audience_is_a_validation_error(api, catalogue_data):
    response = api.get("/services", audience="alien")
    assert response.status_code == 422
    assert response.json()["message"] == "Parameter permintaan tidak valid: audience."


def test_full_text_search_uses_indonesian_stemming(api, catalogue_data):
    assert codes(api.get("/services", q="reklame")) == ["reklame-banjarmasin"]
    # "kelahiran" is stemmed to "lahir": the search finds the birth-certificate service from its root word.
    assert codes(api.get("/services", q="lahir")) == ["akta-kelahiran-bogor"]
    # Requirements are searchable: all three services ask for a KTP-el.
    assert sorted(codes(api.get("/services", q="KTP-el"))) == sorted(
        ["izin-praktik-bandung", "akta-kelahiran-bogor", "reklame-banjarmasin"]
    )
    assert codes(api.get("/services", q="izin", region="63")) == ["reklame-banjarmasin"]
    # The list keeps the order of the shared catalogue query (relevance for a search).
    for q in ("izin", "KTP-el", "izin praktik or reklame"):
        expected = list(queries.search_services(q=q).values_list("code", flat=True))
        assert len(expected) >= 2 and codes(api.get("/services", q=q)) == expected
    assert api.get("/services", q="tidakadakatainisamasekali").json()["count"] == 0


def test_pagination(api, catalogue_data):
    first = api.get("/services", page_size=2).json()
    second = api.get("/services", page_size=2, page=2).json()
    assert (first["count"], len(first["items"]), second["count"], len(second["items"])) == (3, 2, 3, 1)
    assert second["page"] == 2 and second["page_size"] == 2
    assert set(codes_of(first) + codes_of(second)) == {
        "izin-praktik-bandung",
        "akta-kelahiran-bogor",
        "reklame-banjarmasin",
    }
    beyond = api.get("/services", page=9).json()
    assert beyond["count"] == 3 and beyond["items"] == []
    assert api.get("/services", page_size=100).status_code == 200


def codes_of(body) -> list[str]:
    return [item["code"] for item in body["items"]]


@pytest.mark.parametrize("params", [{"page_size": 101}, {"page_size": 0}, {"page": 0}, {"page": "dua"}])
def test_pagination_bounds(api, catalogue_data, params):
    response = api.get("/services", **params)
    assert response.status_code == 422
    body = response.json()
    assert body["message"].startswith("Parameter permintaan tidak valid")
    assert body["errors"][0]["loc"] == ["query", next(iter(params))]


def test_adopted_service_names_its_template(api, province_editor, province_agency, agency_a, editor_a, category):
    template = publish_service(
        province_editor, province_agency, category, "legalisir-ijazah", "Legalisir Ijazah", is_template=True
    )
    adopted = catalogue.adopt_template(actor=editor_a, template=template, agency=agency_a)
    catalogue.publish(actor=editor_a, service=adopted)
    items = {item["code"]: item for item in api.get("/services").json()["items"]}
    assert items[adopted.code]["template"] == "legalisir-ijazah"
    assert items["legalisir-ijazah"]["template"] is None


@pytest.mark.parametrize("count", [1, 30])
def test_list_query_count_does_not_grow_with_items(
    api, editor_a, agency_a, category, count, django_assert_max_num_queries
):
    for number in range(count):
        publish_service(editor_a, agency_a, category, f"layanan-{number:02}", f"Layanan Nomor {number:02}")
    with django_assert_max_num_queries(2):  # the page of rows and its count, whatever the page size
        body = api.get("/services", page_size=100).json()
    assert len(body["items"]) == count
    with django_assert_max_num_queries(2):
        body = api.get("/services", page_size=100, q="layanan", region="3273", audience="citizen").json()
    assert len(body["items"]) == count


# --- detail ---------------------------------------------------------------------------------------


def test_detail_has_the_14_components_and_metadata(api, catalogue_data):
    response = api.get("/services/akta-kelahiran-bogor")
    assert response.status_code == 200
    body = response.json()
    for key in COMPONENT_KEYS:
        assert key in body
    assert [key for key in body if key in COMPONENT_KEYS] == COMPONENT_KEYS == list(rules.COMPONENT_KEYS)
    assert body["fee"] == {"amount": 15000, "legal_basis": "Perda Kabupaten Bogor 1/2020"}
    assert body["requirements"][0] == COMPLETE_CONTENT["requirements"][0]
    assert body["procedure"] == COMPLETE_CONTENT["procedure"]
    assert body["legal_basis"] == ["UU 17/2023 tentang Kesehatan"]
    assert body["product"] == "Akta kelahiran" and body["time_limit_days"] == 5
    assert body["compliance"] == {
        "present": COMPONENT_KEYS,
        "missing": [],
        "total": 14,
        "complete": True,
        "percent": 100,
    }
    assert body["version"] == 1 and body["published_at"]
    assert [v["version"] for v in body["versions"]] == [1]
    assert body["summary"] == "Pencatatan kelahiran penduduk."
    assert body["contact"] == COMPLETE_CONTENT["contact"]
    assert body["region"] == {"code": "32.01", "name": "Kabupaten Bogor"}
    assert body["agency"]["slug"] == "disdukcapil-kab-bogor"
    assert body["audience"] == "business" and body["is_template"] is False and body["template"] is None
    assert body["url"] == "http://testserver/layanan/akta-kelahiran-bogor/"


def test_detail_reports_missing_components(api, editor_a, agency_a, category):
    partial = {**COMPLETE_CONTENT, "security": "", "evaluation": "", "staffing": ""}
    publish_service(editor_a, agency_a, category, "sebagian", "Layanan Sebagian", content=partial)
    compliance = api.get("/services/sebagian").json()["compliance"]
    assert compliance["missing"] == ["staffing", "security", "evaluation"]
    assert (compliance["complete"], compliance["percent"], compliance["total"]) == (False, 78, 14)
    assert api.get("/services").json()["items"][0]["compliance_percent"] == 78


def test_detail_serves_latest_and_older_published_versions(api, catalogue_data, editor_a):
    bandung = catalogue_data["bandung"]
    draft = catalogue.open_draft(actor=editor_a, service=bandung)
    catalogue.update_draft(actor=editor_a, draft=draft, changes={"time_limit_days": 3})
    catalogue.publish(actor=editor_a, service=bandung)
    draft = catalogue.open_draft(actor=editor_a, service=bandung)
    catalogue.update_draft(actor=editor_a, draft=draft, changes={"time_limit_days": 1})  # never published

    latest = api.get(f"/services/{bandung.code}").json()
    assert (latest["version"], latest["time_limit_days"]) == (2, 3)
    assert [v["version"] for v in latest["versions"]] == [2, 1]
    older = api.get(f"/services/{bandung.code}", version=1).json()
    assert (older["version"], older["time_limit_days"]) == (1, 5)
    assert older["url"] == f"http://testserver/layanan/{bandung.code}/versi/1/"
    missing = api.get(f"/services/{bandung.code}", version=3)
    assert missing.status_code == 404
    assert missing.json()["message"] == "Versi 3 layanan ini tidak ada."
    assert api.get(f"/services/{bandung.code}", version=0).status_code == 422


def test_unknown_and_unpublished_services_are_404_json(api, catalogue_data):
    for code in ("tidak-ada", "draf-rahasia-bogor"):
        response = api.get(f"/services/{code}")
        assert response.status_code == 404
        assert response.json()["message"] == "Layanan tidak ditemukan atau belum diterbitkan."


def test_detail_query_count_is_small(api, catalogue_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the service with its joins, its published versions
        api.get("/services/izin-praktik-bandung")


# --- the cache of list pages ----------------------------------------------------------------------


def test_list_body_matches_its_documented_schema(api, catalogue_data):
    from loket.catalogue.schemas import ServicePage

    body = api.get("/services").json()
    assert ServicePage.model_validate(body).model_dump(mode="json") == body


def test_repeated_list_request_is_served_from_the_cache(api, catalogue_data, django_assert_num_queries):
    first = api.get("/services", region="32").content
    with django_assert_num_queries(0):
        assert api.get("/services", region="32").content == first
    with django_assert_num_queries(2):  # other parameters: another page
        api.get("/services", region="32", page_size=1)


def test_publishing_shows_in_the_list_at_once(api, catalogue_data, editor_a, agency_a, category):
    assert api.get("/services").json()["count"] == 3
    publish_service(editor_a, agency_a, category, "surat-baru", "Surat Keterangan Baru")
    assert "surat-baru" in codes(api.get("/services"))
    bandung = catalogue_data["bandung"]
    draft = catalogue.open_draft(actor=editor_a, service=bandung)
    catalogue.update_draft(actor=editor_a, draft=draft, changes={"time_limit_days": 2})
    catalogue.publish(actor=editor_a, service=bandung)
    item = next(i for i in api.get("/services").json()["items"] if i["code"] == bandung.code)
    assert (item["version"], item["time_limit_days"]) == (2, 2)


def test_renaming_an_agency_shows_in_the_list_at_once(api, catalogue_data, agency_b):
    api.get("/services", agency=agency_b.slug)
    agency_b.name = "Disdukcapil Bogor (nama baru)"
    agency_b.save()
    item = api.get("/services", agency=agency_b.slug).json()["items"][0]
    assert item["agency"]["name"] == "Disdukcapil Bogor (nama baru)"


def test_cache_can_be_switched_off(api, catalogue_data, settings, django_assert_num_queries):
    settings.LOKET_API_CACHE_SECONDS = 0
    api.get("/services")
    with django_assert_num_queries(2):
        api.get("/services")


def test_signed_in_editors_see_no_drafts_through_the_public_api(client, catalogue_data, editor_b):
    """The API is public and read-only: signing in, even as the agency's own editor, reveals no draft."""
    client.force_login(editor_b)
    listed = [item["code"] for item in client.get("/api/v1/services", {"page_size": 100}).json()["items"]]
    assert "draf-rahasia-bogor" not in listed
    assert client.get("/api/v1/services/draf-rahasia-bogor").status_code == 404
    assert client.post("/api/v1/services/akta-kelahiran-bogor", {}).status_code == 405
