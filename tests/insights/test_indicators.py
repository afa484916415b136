"""Issue 14: one definition per indicator, public-service scope, honest labels, freshness, sample adequacy."""

import csv
import datetime as dt
import io
import json

import pytest
from django.utils import timezone

from loket.feedback import services as feedback
from loket.insights import indicators, jobs, opendata, queries, services
from loket.insights.models import AgencyMonthStat, MonthlyStat, Watermark
from loket.org.models import Agency, Role, Unit
from tests.helpers.catalogue import publish_service
from tests.helpers.insights import make_application
from tests.helpers.org import make_user

pytestmark = pytest.mark.sqlite
URL = "/kantor/dasbor/"


def completed(service, citizen, *, channel="online", days_ago=2):
    now = timezone.now()
    return make_application(
        service,
        citizen,
        channel=channel,
        status="completed",
        events=[("submitted", now - dt.timedelta(days=days_ago)), ("completed", now - dt.timedelta(days=days_ago - 1))],
    )


@pytest.fixture
def mixed(service_a, agency_a, editor_a, category):
    """Agency A: a public service with three completed applications (online, assisted, counter), one overdue open
    one, and a civil-service case kind (audience employee) with two completed leave cases."""
    leave = publish_service(editor_a, agency_a, category, "cuti-asn-uji", "Cuti ASN", audience="employee")
    citizen = make_user("pemohon_indikator")
    for channel in ("online", "assisted", "counter"):
        completed(service_a, citizen, channel=channel)
    now = timezone.now()
    make_application(
        service_a,
        citizen,
        status="submitted",
        due_at=now - dt.timedelta(hours=2),
        events=[("submitted", now - dt.timedelta(days=3))],
    )
    for _ in range(2):
        completed(leave, citizen)
    services.rebuild()
    return leave


@pytest.mark.parametrize("incremental", [False, True])
def test_civil_service_cases_are_not_public_service_figures(mixed, service_a, agency_a, incremental):
    services.rebuild(incremental=incremental)
    month = timezone.localdate().replace(day=1)
    assert MonthlyStat.objects.get(service=mixed, month__gte=month - dt.timedelta(days=1)).completed == 2
    rollup = AgencyMonthStat.objects.filter(agency=agency_a).values_list("completed", flat=True)
    assert sum(rollup) == 3  # the public service only
    since, until = queries.month_range(2)
    total = queries.summarize([agency_a.pk], since=since, until=until)[None]
    assert (total.completed, total.open, total.overdue) == (3, 1, 1)
    assert total.zero_visit == pytest.approx(2 / 3) and total.self_service == pytest.approx(1 / 3)
    staff = queries.employee_services([agency_a.pk], since=since, until=until)
    assert [(service.code, kpi.completed) for service, kpi, _ in staff] == [("cuti-asn-uji", 2)]
    published = json.loads(opendata.read(f"{timezone.localdate().year}/layanan-bulanan.json").content)
    assert {row["service_code"] for row in published["data"]} == {service_a.code}


def test_dashboard_labels_say_what_the_figures_are(client, mixed, province, agency_a, kota_bandung):
    client.force_login(make_user("gubernur_label", (Role.LEADER, province)))
    Agency.objects.create(region=province, slug="bappeda-jabar", name="Bappeda Provinsi Jawa Barat")
    html = client.get(URL).content.decode()
    today = timezone.localdate()
    assert "(bulan berjalan belum lengkap)" in html and f"(s.d. {today.day} " in html
    assert "Data per " in html and " WIB" in html  # freshness
    assert "/data/indikator/#zero_visit" in html and "/data/indikator/#sla" in html
    assert "masih terbuka dan terlambat 1" in html  # overdue open work beside SLA compliance
    assert "Layanan kepegawaian ASN" in html and "Cuti ASN" in html
    agency = client.get(URL, {"instansi": agency_a.slug}).content.decode()
    assert "Cuti ASN" in agency  # apart, below the public services
    leave = client.get(URL, {"layanan": mixed.code}).content.decode()
    assert leave.count("Selesai") and ">2<" in leave  # the leave service's own page counts its cases
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(client.get(URL, {"format": "csv"}).content.decode()))}
    assert rows["Jumlah"]["completed"] == "3" and rows["Jumlah"]["self_service_percent"] == "33.3"


def test_the_province_row_is_named_for_its_own_agencies(client, mixed, province):
    from loket.insights.views import _labels

    assert _labels("region", [province.pk])[province.pk][0] == "Jawa Barat (perangkat daerah provinsi)"


def test_pooled_figures_judge_the_sample_per_agency(mixed, agency_a, agency_b, editor_b, category):
    """Finding 4: the province total showed ✓ by pooling agencies though none met its minimum sample."""
    service_b = publish_service(editor_b, agency_b, category, "akta-bogor-uji", "Akta Bogor")
    citizen = make_user("pemohon_sampel")
    for answered in (True, True, False):
        app = completed(service_b, citizen)
        if answered:
            feedback.answer_for_application(actor=citizen, application=app, scores=[4] * 9)
    services.rebuild()
    since, until = queries.month_range(1)
    total, months, _ = queries.overview(Agency.objects.all(), since=since, until=until)
    assert total.sample_parts == (0, 2)  # two agencies judged, neither has enough respondents
    row = total.as_row()
    assert row["sample_required"] is None and row["sample_parts"] == 2 and row["sample_parts_adequate"] == 0
    single = queries.summarize([agency_b.pk], since=since, until=until)[None]
    assert single.sample_parts is None and single.as_row()["sample_required"] == 3  # 3 received: all are needed
    assert single.as_row()["sample_adequate"] is False


def test_unit_ikm_is_shown_on_the_agency_pages(client, mixed, agency_a, province):
    feedback.answer_for_unit(unit=Unit.objects.get(agency=agency_a), scores=[3] * 9)
    services.catch_up(lag=dt.timedelta(0))
    client.force_login(make_user("gubernur_unit", (Role.LEADER, province)))
    for html in (
        client.get(URL, {"instansi": agency_a.slug}).content.decode(),
        client.get(f"/transparansi/{agency_a.slug}/").content.decode(),
    ):
        assert "IKM per unit layanan" in html and "Bidang Perizinan" in html and "75,00 (C)" in html


def test_indicator_catalogue_page_lists_every_definition(client, db):
    html = client.get("/data/indikator/").content.decode()
    for item in indicators.INDICATORS:
        assert f'id="{item.key}"' in html and item.name[0] in html
    assert f"versi {indicators.VERSION}" in html
    client.cookies["django_language"] = "en"
    english = client.get("/data/indikator/").content.decode()
    for item in indicators.INDICATORS:
        assert item.name[1] in english and item.basis[1] in english
    assert "Ukuran utama" not in english and "Penyederhanaan" not in english


def test_worker_rebuilds_once_when_the_definitions_change(mixed, agency_a):
    AgencyMonthStat.objects.all().delete()  # what an old version's summaries would be: not these
    Watermark.objects.filter(name=services.DEFINITIONS).update(last_id=indicators.VERSION - 1)
    assert services.definitions_outdated()
    jobs.periodic_round("w1")
    assert not services.definitions_outdated()
    assert AgencyMonthStat.objects.filter(agency=agency_a).exists()


def test_freshness_is_when_the_feeds_were_last_caught_up(mixed):
    fresh = queries.freshness()
    assert fresh.data is not None and fresh.documents is not None
    assert timezone.now() - fresh.data < dt.timedelta(minutes=1)


def test_chart_figures_read_like_the_tables_beside_them():
    """Issue 15: a chart printed "98.3%" beside the table's "93,0%" (a Decimal went through str())."""
    from decimal import Decimal

    from django.utils import translation

    from loket.insights import charts

    with translation.override("id"):
        svg_id = charts.ranking(title="t", desc="d", rows=[("Dinas A", Decimal("98.3"))], chart_id="c")
    with translation.override("en"):
        svg_en = charts.ranking(title="t", desc="d", rows=[("Dinas A", Decimal("98.3"))], chart_id="c")
    assert "98,3%" in svg_id and "98.3%" in svg_en


def test_every_open_data_column_is_described_in_english():
    from loket.insights import opendata

    names = {f["name"] for fields in opendata.RESOURCES.values() for f in fields}
    assert names == set(opendata.DESCRIPTIONS_EN)
    english = opendata.described(True)
    assert all(
        f["description"]
        == (opendata.DESCRIPTIONS_EN_BY_RESOURCE.get(name, {}).get(f["name"]) or opendata.DESCRIPTIONS_EN[f["name"]])
        for name, fs in english.items()
        for f in fs
    )
