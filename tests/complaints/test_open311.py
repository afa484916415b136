"""Open311 GeoReport v2, driven by an independent client from PyPI (`georeport`) over real HTTP, and by plain form
posts as the specification describes them: services, a service's definition, filing, following, and the answer
coming back to the client that filed it — while anyone else reads no personal data."""

import pytest
import requests
from georeport import GeoReport

from loket.complaints import handling, rules, services
from loket.complaints.models import Complaint
from loket.org.models import Agency, Role
from tests.helpers.complaints import open_desk
from tests.helpers.org import make_user

pytestmark = pytest.mark.django_db(transaction=True)

ANSWER = "Persyaratan sudah diselaraskan; terima kasih atas laporan Anda."


@pytest.fixture
def setup(agency_a, kota_bandung, service_a):
    inspectorate = Agency.objects.create(
        region=kota_bandung, slug="inspektorat-bandung", name="Inspektorat Kota Bandung"
    )
    open_desk(agency_a)
    open_desk(inspectorate, inspectorate=True)
    _client, key = services.issue_open311_key("Aplikasi Lapor Bandung")
    return {"key": key, "inspectorate": inspectorate}


def test_an_open311_client_lists_files_and_follows(live_server, setup, service_a, agency_a):
    base = f"{live_server.url}/open311/v2"
    client = GeoReport(base, api_key=setup["key"])
    listed = client.get_service_list()
    assert service_a.code in [row["service_code"] for row in listed]
    definition = client.get_service_definition(service_a.code)
    assert {value["key"] for value in definition["attributes"][0]["values"]} >= {rules.PUNGLI, rules.SERVICE}
    assert GeoReport(base, output_format="xml").get_service_list()  # the XML flavour parses too

    # filing: the spec's form post (georeport 0.3 reads only)
    filed = requests.post(
        f"{base}/requests.json",
        data={
            "api_key": setup["key"],
            "service_code": service_a.code,
            "description": "Persyaratan di situs berbeda dengan yang diminta petugas di loket.",
            "lat": "-6.914744",
            "long": "107.609810",
            "first_name": "Budi",
            "email": "budi@example.org",
        },
        timeout=10,
    )
    assert filed.status_code == 201
    request_id = filed.json()[0]["service_request_id"]
    complaint = Complaint.objects.get(receipt_code=request_id)
    assert complaint.channel == "open311" and complaint.desk.agency == agency_a
    assert complaint.identity == rules.IDENTIFIED and complaint.reporter_name == "Budi"

    # anyone else reads nothing of an unpublished complaint: not by its code, not in the list
    assert requests.get(f"{base}/requests/{request_id}.json", timeout=10).status_code == 404
    assert GeoReport(base).get_service_requests() == []

    officer = make_user("petugas_pengaduan", (Role.OFFICER, agency_a))
    handling.set_tier(actor=officer, complaint_id=complaint.pk, tier="ringan")
    handling.answer(actor=officer, complaint_id=complaint.pk, text=ANSWER)

    own = requests.get(f"{base}/requests/{request_id}.json", params={"api_key": setup["key"]}, timeout=10).json()[0]
    assert own["status"] == "closed" and own["status_notes"] == ANSWER  # the answer comes back to its client
    assert own["lat"] == -6.914744
    supervisor = make_user("penyelia_pengaduan", (Role.SUPERVISOR, agency_a))
    handling.publish(
        actor=supervisor,
        complaint_id=complaint.pk,
        title="Persyaratan situs dan loket berbeda",
        summary="Persyaratan di loket sudah diselaraskan dengan standar yang terbit.",
    )
    public = GeoReport(base).get_service_requests(status="closed")
    assert [row["service_request_id"] for row in public] == [f"P{complaint.pk}"]  # a public id, not the code
    row = GeoReport(base).get_service_request(f"P{complaint.pk}")
    assert row["status_notes"].startswith("Persyaratan di loket sudah") and row["description"].startswith("Persyaratan")
    assert "Budi" not in str(row) and row["lat"] is None and row["requested_datetime"].endswith("T00:00:00Z")
    assert ANSWER not in str(row)  # the answer to the reporter stays with its client


def test_an_illegal_fee_report_through_open311_goes_to_the_inspectorate(live_server, setup, service_a):
    answer = requests.post(
        f"{live_server.url}/open311/v2/requests.json",
        data={
            "api_key": setup["key"],
            "service_code": service_a.code,
            "description": "Petugas meminta Rp100.000 agar izin cepat selesai.",
            "attribute[jenis]": rules.PUNGLI,
        },
        timeout=10,
    )
    assert answer.status_code == 201
    row = answer.json()[0]
    complaint = Complaint.objects.get(receipt_code=row["service_request_id"])
    assert complaint.desk.agency == setup["inspectorate"] and complaint.identity == rules.ANONYMOUS
    assert services.follow(row["service_request_id"], row["loket_secret"]) == complaint  # the reporter can follow


@pytest.mark.parametrize(
    "data, status",
    [
        ({"api_key": "wrong"}, 403),
        ({"service_code": "tidak-ada"}, 404),
        ({"description": "pendek"}, 400),
        ({"attribute[jenis]": "gosip"}, 400),
        ({"lat": "abc"}, 400),
        ({"lat": "91"}, 400),
    ],
)
def test_bad_requests_get_open311_errors_and_file_nothing(live_server, setup, service_a, data, status):
    body = {
        "api_key": setup["key"],
        "service_code": service_a.code,
        "description": "Antrean di loket sangat panjang sejak pagi.",
        **data,
    }
    answer = requests.post(f"{live_server.url}/open311/v2/requests.xml", data=body, timeout=10)
    assert answer.status_code == status and b"<errors><error><code>" in answer.content
    assert not Complaint.objects.exists()


def test_an_unknown_request_and_a_bad_date_range(live_server, setup):
    base = f"{live_server.url}/open311/v2"
    assert requests.get(f"{base}/requests/ADU-0000-0000-0.json", timeout=10).status_code == 404
    assert requests.get(f"{base}/requests.json", params={"start_date": "kemarin"}, timeout=10).status_code == 400
    wide = {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-12-01T00:00:00Z"}
    assert requests.get(f"{base}/requests.json", params=wide, timeout=10).status_code == 400
    early = {"end_date": "0001-01-02T00:00:00Z"}  # no overflow error
    assert requests.get(f"{base}/requests.json", params=early, timeout=10).status_code == 400
