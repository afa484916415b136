"""The command-centre dashboard: scope per role, drill-down, SVG with tables, CSV, refusals."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from loket.insights import services
from loket.org.models import Role
from tests.helpers.catalogue import publish_service
from tests.helpers.insights import make_application
from tests.helpers.org import make_user

URL = "/kantor/dasbor/"


@pytest.fixture
def two_agencies(service_a, agency_b, editor_b, category):
    """One completed application in Kota Bandung (agency_a) and two received in Kab. Bogor (agency_b)."""
    service_b = publish_service(editor_b, agency_b, category, "akta-lahir-bogor", "Akta Kelahiran Bogor")
    citizen = make_user("pemohon_dasbor")
    now = timezone.now()
    make_application(
        service_a,
        citizen,
        status="completed",
        events=[("submitted", now - dt.timedelta(days=1)), ("completed", now - dt.timedelta(hours=20))],
    )
    for _ in range(2):
        make_application(
            service_b,
            citizen,
            status="submitted",
            due_at=now - dt.timedelta(hours=1),
            events=[("submitted", now - dt.timedelta(days=9))],
        )
    services.catch_up(lag=dt.timedelta(0))
    return service_a, service_b


def test_agency_head_sees_only_their_agency(client, two_agencies, agency_a, agency_b):
    client.force_login(make_user("kepala_dasbor", (Role.AGENCY_HEAD, agency_a)))
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kota Bandung" in html and "Kabupaten Bogor" not in html
    assert client.get(URL, {"instansi": agency_b.slug}).status_code == 404
    assert client.get(URL, {"layanan": two_agencies[1].code}).status_code == 404
    assert client.get(URL, {"wilayah": "32.01"}).status_code == 404
    rows = list(csv.DictReader(io.StringIO(client.get(URL, {"format": "csv"}).content.decode())))
    assert [row["name"] for row in rows] == ["Kota Bandung", "Jumlah"]
    assert rows[-1]["received"] == "1" and rows[-1]["completed"] == "1"


def test_governor_office_sees_all_regions(client, two_agencies, province, agency_b):
    client.force_login(make_user("gubernur", (Role.LEADER, province)))
    html = client.get(URL).content.decode()
    assert "Kota Bandung" in html and "Kabupaten Bogor" in html
    rows = {
        row["name"]: row for row in csv.DictReader(io.StringIO(client.get(URL, {"format": "csv"}).content.decode()))
    }
    assert rows["Jumlah"]["received"] == "3" and rows["Kabupaten Bogor"]["overdue"] == "2"
    # drill down: region → agency → service with its overdue applications
    region = client.get(URL, {"wilayah": "32.01"}).content.decode()
    assert "Disdukcapil" in region
    agency = client.get(URL, {"instansi": agency_b.slug}).content.decode()
    assert "Akta Kelahiran Bogor" in agency
    service = client.get(URL, {"layanan": two_agencies[1].code}).content.decode()
    assert service.count('<th scope="row">T-') == 2


def test_bupati_is_limited_to_their_regency(client, two_agencies, kab_bogor):
    client.force_login(make_user("bupati_bogor", (Role.LEADER, kab_bogor)))
    html = client.get(URL).content.decode()
    assert "Kabupaten Bogor" in html and "Kota Bandung" not in html


def test_page_has_svg_with_tables_refresh_and_no_scripts(client, two_agencies, province):
    client.force_login(make_user("inspektur", (Role.INSPECTOR, province)))
    page = client.get(URL, {"bulan": "3"})
    html = page.content.decode()
    assert "Refresh" not in page and "http-equiv" not in html  # auto-refresh is opt-in (WCAG 2.2.1)
    assert "segarkan=1" in html
    wall = client.get(URL, {"bulan": "3", "segarkan": "1"})
    assert wall["Refresh"] == "300" and "Hentikan pembaruan otomatis" in wall.content.decode()
    assert "segarkan=1" in wall.content.decode().split("<tbody>")[-1]  # drill-down links keep it on
    # each chart twice: the wide drawing and the phone's (insights.css shows one of them)
    assert html.count("<svg") == 4 and html.count('role="img"') == 4 and '<title id="trend-t">' in html
    assert html.count('class="chart chart-narrow"') == 2 and '<title id="trend-n-t">' in html
    assert '<table class="cards">' in html and "<script" not in html and "style=" not in html
    assert client.get(URL, {"bulan": "999"}).status_code == 200  # unknown period falls back to 12 months


def test_anonymous_citizen_and_roles_without_insights_are_refused(client, two_agencies, agency_a):
    response = client.get(URL)
    assert response.status_code == 302 and "/akun/login/" in response["Location"]
    client.force_login(make_user("warga_dasbor"))
    assert client.get(URL).status_code == 403
    client.force_login(make_user("petugas_dasbor", (Role.OFFICER, agency_a)))
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"format": "csv"}).status_code == 403
