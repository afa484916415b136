"""Transparency pages, open-data files (Frictionless descriptor, CSV, JSON) and the same through the API."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from loket.feedback import services as feedback
from loket.insights import opendata, services
from loket.org.models import Unit
from tests.helpers.insights import make_application
from tests.helpers.org import make_user

pytestmark = pytest.mark.sqlite  # the summaries also work on the embedded SQLite default


@pytest.fixture
def published(service_a, agency_a):
    citizen = make_user("pemohon_publik")
    now = timezone.now()
    app = make_application(
        service_a,
        citizen,
        status="completed",
        events=[("submitted", now - dt.timedelta(days=2)), ("completed", now - dt.timedelta(days=1))],
    )
    feedback.answer_for_application(actor=citizen, application=app, scores=[4, 4, 3, 4, 4, 4, 3, 4, 4])
    feedback.answer_for_unit(unit=Unit.objects.get(agency=agency_a), scores=[3] * 9)
    services.rebuild()
    return app


def test_agency_page_is_public_small_and_without_personal_data(client, published, agency_a):
    response = client.get(f"/transparansi/{agency_a.slug}/")
    html = response.content.decode()
    assert response.status_code == 200 and len(response.content) < 100_000
    assert "<script" not in html and "style=" not in html
    assert published.tracking_number not in html and "pemohon_publik" not in html
    assert "100%" in html  # complete standard (catalogue compliance self-check)
    # IKM of the two responses: (34 + 27) / 18 × 25 = 84.72 → B (Indonesian decimal comma)
    assert "84,72 — B (Baik)" in html and "<svg" in html and '<table class="cards">' in html
    assert response["Cache-Control"] == "public, max-age=300"


def test_unknown_agency_is_404(client, db):
    assert client.get("/transparansi/tidak-ada/").status_code == 404
    assert client.get("/api/v1/statistik/instansi/tidak-ada").status_code == 404


def test_index_lists_agencies(client, published, agency_a):
    assert f"/transparansi/{agency_a.slug}/".encode() in client.get("/transparansi/").content


def test_open_data_package_describes_its_files(client, published, service_a):
    year = timezone.localdate().year
    descriptor = client.get("/data/datapackage.json").json()
    assert descriptor["profile"] == "tabular-data-package" and descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    paths = {resource["path"]: resource for resource in descriptor["resources"]}
    resource = paths[f"{year}/layanan-bulanan.csv"]
    response = client.get(f"/data/{resource['path']}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == [field["name"] for field in resource["schema"]["fields"]]
    assert (rows[0]["service_code"], rows[0]["received"], rows[0]["completed"], rows[0]["sla_met"]) == (
        service_a.code,
        "1",
        "1",
        "1",
    )
    ikm = list(csv.DictReader(io.StringIO(client.get(f"/data/{year}/ikm-bulanan.csv").content.decode())))
    assert (ikm[0]["respondents"], ikm[0]["ikm"], ikm[0]["grade"]) == ("2", "84.72", "B")
    as_json = client.get(f"/data/{year}/layanan-bulanan.json").json()
    assert as_json["data"][0]["received"] == 1 and as_json["license"]["name"] == "CC-BY-4.0"
    for field in resource["schema"]["fields"]:
        assert field["type"] in {"string", "integer", "number", "yearmonth"}
    assert "CC BY 4.0" in client.get("/data/").content.decode()


def test_same_data_through_the_api(client, published, agency_a):
    year = timezone.localdate().year
    assert client.get("/api/v1/statistik/datapackage").json()["name"] == "loket-statistik-pelayanan"
    data = client.get(f"/api/v1/statistik/{year}/layanan-bulanan").json()["data"]
    assert data[0]["agency_slug"] == agency_a.slug
    figures = client.get(f"/api/v1/statistik/instansi/{agency_a.slug}").json()
    assert figures["total"]["received"] == 1 and figures["total"]["ikm_grade"] == "B"
    assert client.get("/api/v1/statistik/1999/layanan-bulanan").status_code == 404
    assert client.get(f"/api/v1/statistik/{year}/rahasia").status_code == 404


def test_unknown_files_and_the_marker_are_not_served(client, published):
    assert client.get("/data/1999/layanan-bulanan.csv").status_code == 404
    assert client.get("/data/_marker").status_code == 404
    assert opendata.read("_marker") is None


def test_publish_only_when_something_changed(published):
    assert opendata.publish_if_changed() == 0
    make_application(
        published.service,
        published.applicant,
        status="submitted",
        events=[("submitted", timezone.now() - dt.timedelta(minutes=1))],
    )
    services.catch_up(lag=dt.timedelta(0))
    assert opendata.publish_if_changed() > 0


def test_agency_backlog_adds_every_service(client, service_a, agency_a, editor_a, category):
    """Issue 14, finding 2: an agency with several services showed one service's backlog, not their sum."""
    from tests.helpers.catalogue import publish_service

    second = publish_service(editor_a, agency_a, category, "izin-reklame-bandung", "Izin Reklame")
    citizen = make_user("pemohon_antrian")
    now = timezone.now()
    for service, waiting in ((service_a, 2), (second, 3)):
        for _ in range(waiting):
            make_application(service, citizen, status="submitted", events=[("submitted", now - dt.timedelta(days=1))])
    services.rebuild()
    figures = client.get(f"/api/v1/statistik/instansi/{agency_a.slug}").json()
    assert figures["total"]["backlog"] == 5
    assert sorted(row["backlog"] for row in figures["services"]) == [2, 3]
