"""Anti-pungli in numbers (issue 18): levies paid per service and agency in rupiah, the share paid cashless through
the provider against its target of 100%, and payments without a case against 0 — recounted from the assessments
and the provider's events, on the dashboard, the transparency page, the open data and the indicator catalogue."""

import csv
import datetime as dt
import html as html_lib
import io
import json

import pytest
from django.utils import timezone

from loket.insights import indicators, opendata, queries, services
from loket.insights.models import PaymentMonthStat
from loket.org.models import Role
from tests.helpers.catalogue import publish_service
from tests.helpers.insights import levy, make_application, orphan_payment, wib
from tests.helpers.org import make_user

URL = "/kantor/dasbor/"


def _case(service, citizen, moment):
    return make_application(service, citizen, status="submitted", events=[("submitted", moment)])


@pytest.fixture
def paid(service_a, agency_b, editor_b, category):
    """Kota Bandung (WIB): two levies paid through the provider in the current month and one marked paid with no
    provider event; Kab. Bogor: one levy paid, one unpaid; one provider payment that matched no case."""
    service_b = publish_service(editor_b, agency_b, category, "izin-reklame-bogor", "Izin Reklame Bogor")
    citizen = make_user("pemohon_retribusi")
    now = timezone.now()
    earlier = now - dt.timedelta(hours=2)
    levy(_case(service_a, citizen, earlier), amount=150000, paid_at=earlier)
    levy(_case(service_a, citizen, earlier), amount=2385000, paid_at=earlier)
    levy(_case(service_a, citizen, earlier), amount=10000, paid_at=earlier, through_provider=False)
    levy(_case(service_b, citizen, earlier), amount=75000, paid_at=earlier, status="refunded")
    levy(_case(service_b, citizen, earlier), amount=99000)  # issued, not paid: not counted
    orphan_payment(received_at=earlier)
    orphan_payment(received_at=earlier, outcome="amount_differs")  # matched a bill (a discrepancy, not orphaned)
    services.refresh_payments()
    return service_a, service_b


def test_recount_per_service_with_the_cashless_share(paid, agency_a, agency_b):
    service_a, service_b = paid
    month = timezone.localdate().replace(day=1)
    total, per_service = queries.payment_figures([agency_a.pk, agency_b.pk], since=month, until=month, group="service")
    assert total.as_row() == {
        "payments": 4,
        "revenue_rupiah": 150000 + 2385000 + 10000 + 75000,
        "cashless_payments": 3,
        "cashless_percent": 75.0,
    }
    assert per_service[service_a.pk].as_row()["cashless_percent"] == 66.7  # 2 of 3, half-up
    assert per_service[service_b.pk].as_row() == {
        "payments": 1,
        "revenue_rupiah": 75000,
        "cashless_payments": 1,
        "cashless_percent": 100.0,
    }
    assert queries.payments_without_case(since=month, until=month) == 1
    # an agency sees its own levies; payments without a case belong to no agency and are counted once, apart
    assert queries.payment_figures([agency_b.pk], since=month, until=month)[0].paid == 1
    assert PaymentMonthStat.objects.filter(service=None).get().without_case == 1


def test_a_payment_belongs_to_the_local_month_of_its_region(service_a):
    citizen = make_user("pemohon_bulan")
    # 00:30 WIB on 1 March is still February in UTC: the levy is March's in Kota Bandung
    levy(_case(service_a, citizen, wib(2026, 2, 20, 9)), amount=5000, paid_at=wib(2026, 3, 1, 0, 30))
    levy(_case(service_a, citizen, wib(2026, 2, 20, 9)), amount=7000, paid_at=wib(2026, 2, 28, 23, 59))
    services.refresh_payments()
    rows = dict(PaymentMonthStat.objects.values_list("month", "amount"))
    assert rows == {dt.date(2026, 3, 1): 5000, dt.date(2026, 2, 1): 7000}


def test_recount_replaces_what_changed(paid, agency_a):
    from loket.payments.models import Assessment

    month = timezone.localdate().replace(day=1)
    Assessment.objects.filter(amount=10000).update(status="issued", paid_at=None)  # corrected: never paid
    services.refresh_payments()
    assert queries.payment_figures([agency_a.pk], since=month, until=month)[0].as_row()["cashless_percent"] == 100.0


def test_dashboard_shows_the_figures_with_their_targets(client, paid, province):
    client.force_login(make_user("gubernur_retribusi", (Role.LEADER, province)))
    html = client.get(URL).content.decode()
    assert "Retribusi: anti-pungli dalam angka" in html
    assert "Rp2.620.000" in html and "Rp2.545.000" in html and "Rp75.000" in html  # total, per agency
    assert "75,0%" in html and "target 100%" in html and "di bawah target: periksa" in html
    assert "Pembayaran tanpa kasus" in html and "selisih untuk keuangan" in html
    assert "Izin Reklame Bogor" in html
    client.cookies["django_language"] = "en"
    english = client.get(URL).content.decode()
    assert "Levies: anti-pungli in numbers" in english and "75.0%" in english and "below target: examine" in english
    assert "Payments without a case" in english and "Levies paid by service" in english
    assert "Retribusi dibayar per" not in english and "tercapai" not in english


def test_dashboard_empty_state(client, service_a, agency_a):
    services.refresh_payments()
    client.force_login(make_user("kepala_retribusi", (Role.AGENCY_HEAD, agency_a)))
    html = client.get(URL).content.decode()
    assert "Belum ada retribusi yang dibayar pada periode dan cakupan ini." in html
    assert "belum ada pembayaran" in html and "Rp0" in html
    # no payment without a case either: 0, target met
    assert "tercapai" in html


def test_transparency_page_shows_the_agency_levies(client, paid, agency_a):
    html = client.get(f"/transparansi/{agency_a.slug}/").content.decode()
    assert "Retribusi: anti-pungli dalam angka" in html and "Rp2.545.000" in html and "66,7%" in html
    assert "Izin Reklame Bogor" not in html and "Rp75.000" not in html  # the other agency's


def test_open_data_files(client, paid, service_a):
    opendata.publish()
    year = timezone.localdate().year
    rows = json.loads(client.get(f"/data/{year}/pembayaran-bulanan.json").content)["data"]
    by_code = {row["service_code"]: row for row in rows}
    assert by_code[service_a.code]["revenue_rupiah"] == 2545000
    assert by_code[service_a.code]["cashless_percent"] == 66.7
    assert by_code["izin-reklame-bogor"]["payments"] == 1
    text = client.get(f"/data/{year}/pembayaran-bulanan.csv").content.decode()
    assert list(csv.DictReader(io.StringIO(text)))[0].keys() >= {"revenue_rupiah", "cashless_percent"}
    orphans = json.loads(client.get(f"/data/{year}/pembayaran-tanpa-kasus-bulanan.json").content)["data"]
    assert orphans == [{"month": timezone.localdate().strftime("%Y-%m"), "payments_without_case": 1, "payments": 4}]
    descriptor = json.loads(client.get("/data/datapackage.json").content)
    names = {resource["name"] for resource in descriptor["resources"]}
    assert f"pembayaran-bulanan-{year}" in names and f"pembayaran-tanpa-kasus-bulanan-{year}" in names
    assert client.get(f"/api/v1/statistik/{year}/pembayaran-bulanan").status_code == 200
    # republished when a recount changes what the levies add up to
    marker = opendata._marker()
    levy(_case(service_a, make_user("pemohon_baru"), timezone.now()), amount=1000, paid_at=timezone.now())
    services.refresh_payments()
    assert opendata._marker() != marker


def test_indicator_catalogue_lists_the_levy_indicators(client, db):
    assert indicators.VERSION == 5 and indicators.CHANGES[-1][0] == 5
    html = client.get("/data/indikator/").content.decode()
    for item in indicators.PAYMENT_INDICATORS:
        assert f'id="{item.key}"' in html and item.name[0] in html
    client.cookies["django_language"] = "en"
    english = html_lib.unescape(client.get("/data/indikator/").content.decode())
    for item in indicators.PAYMENT_INDICATORS:
        assert item.name[1] in english and item.formula[1] in english
    assert "Retribusi: anti-pungli" not in english


def test_worker_recounts_the_levies(paid, agency_a):
    from loket.insights import jobs

    PaymentMonthStat.objects.all().delete()
    jobs.periodic_round("uji-retribusi")
    month = timezone.localdate().replace(day=1)
    assert queries.payment_figures([agency_a.pk], since=month, until=month)[0].paid == 3
