"""GET /api/v1/regions and /api/v1/agencies: filters and pagination."""

import pytest

from loket.org.models import Agency


@pytest.fixture
def regions(kota_bandung, kab_bogor, banjarmasin):
    return {"bandung": kota_bandung, "bogor": kab_bogor, "banjarmasin": banjarmasin}


def codes(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [item["code"] for item in response.json()["items"]]


def test_regions_list_every_region_by_code(api, regions):
    body = api.get("/regions").json()
    assert (body["count"], body["page"], body["page_size"]) == (5, 1, 20)
    assert [item["code"] for item in body["items"]] == ["32", "32.01", "32.73", "63", "63.71"]
    assert body["items"][-1] == {
        "code": "63.71",
        "name": "Kota Banjarmasin",
        "level": "kota",
        "parent": "63",
        "time_zone": "WITA",
    }
    assert body["items"][0]["parent"] is None


def test_regions_filter_by_level_and_parent(api, regions):
    assert codes(api.get("/regions", level="province")) == ["32", "63"]
    assert codes(api.get("/regions", level="kabupaten")) == ["32.01"]
    assert codes(api.get("/regions", parent="32")) == ["32.01", "32.73"]
    assert codes(api.get("/regions", parent="63", level="kota")) == ["63.71"]
    assert codes(api.get("/regions", parent="3273")) == []
    assert api.get("/regions", level="desa").status_code == 422
    response = api.get("/regions", parent="x1")
    assert response.status_code == 422 and "parent" in response.json()["errors"]


def test_regions_pagination(api, regions):
    body = api.get("/regions", page=2, page_size=2).json()
    assert body["count"] == 5 and [item["code"] for item in body["items"]] == ["32.73", "63"]
    assert api.get("/regions", page_size=101).status_code == 422


@pytest.fixture
def agencies(province_agency, agency_a, agency_b, banjarmasin):
    bjm = Agency.objects.create(region=banjarmasin, slug="dinkes-banjarmasin", name="Dinas Kesehatan Kota Banjarmasin")
    return {"province": province_agency, "a": agency_a, "b": agency_b, "banjarmasin": bjm}


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [item["slug"] for item in response.json()["items"]]


def test_agencies_list_with_their_region(api, agencies):
    body = api.get("/agencies").json()
    assert body["count"] == 4
    assert [item["slug"] for item in body["items"]] == [
        "dpmptsp-jabar",
        "disdukcapil-kab-bogor",
        "dpmptsp-kota-bandung",
        "dinkes-banjarmasin",
    ]
    assert body["items"][2] == {
        "slug": "dpmptsp-kota-bandung",
        "name": "DPMPTSP Kota Bandung",
        "short_name": "DPMPTSP",
        "region": {"code": "32.73", "name": "Kota Bandung"},
        "address": "",
        "phone": "",
        "email": "",
        "website": "",
    }


@pytest.mark.parametrize(
    "region, expected",
    [
        ("32.73", ["dpmptsp-kota-bandung"]),
        ("3273", ["dpmptsp-kota-bandung"]),
        ("32", ["dpmptsp-jabar", "disdukcapil-kab-bogor", "dpmptsp-kota-bandung"]),
        ("63.71", ["dinkes-banjarmasin"]),
        ("11", []),
    ],
)
def test_agencies_filter_by_region(api, agencies, region, expected):
    assert slugs(api.get("/agencies", region=region)) == expected


def test_agencies_pagination_and_bad_region(api, agencies):
    body = api.get("/agencies", page=2, page_size=3).json()
    assert body["count"] == 4 and [item["slug"] for item in body["items"]] == ["dinkes-banjarmasin"]
    response = api.get("/agencies", region="32.7")
    assert response.status_code == 422
    assert response.json()["message"].startswith("Kode wilayah '32.7' tidak valid")


def test_agencies_query_count_is_constant(api, agencies, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert len(api.get("/agencies", page_size=100).json()["items"]) == 4
