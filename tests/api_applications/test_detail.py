"""GET /api/v1/applications/{tracking}: the applicant and the handling agency's officers; 404 for all others."""

import pytest

from tests.api_applications.conftest import session_caller, token_caller

pytestmark = pytest.mark.django_db


def test_applicant_sees_status_tasks_history_and_own_answers(as_applicant, submitted, ktp):
    response = as_applicant.get(f"/applications/{submitted.tracking_number}")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "submitted" and body["status_label"] == "Sedang diproses"
    assert body["service"]["code"] == "izin-usaha-mikro" and body["channel"] == "online"
    [task] = body["current_tasks"]
    assert task["step"] == {"position": 1, "name": {"id": "Verifikasi berkas", "en": ""}}
    assert task["unit"] == "Bidang Perizinan" and task["sla"] == "on_track" and task["version"] == 0
    assert [event["kind"] for event in body["history"]] == ["submitted"]
    assert body["data"]["nik_pemilik"] == "3273014101900001"
    assert body["uploads"] == [
        {
            "id": str(ktp.pk),
            "requirement": "req_0",
            "name": "ktp.pdf",
            "content_type": "application/pdf",
            "size": ktp.size,
        }
    ]


def test_officer_of_the_agency_sees_it_with_nik_masked(officers, submitted):
    response = token_caller(officers["tech"]).get(f"/applications/{submitted.tracking_number}")
    assert response.status_code == 200
    assert response.json()["data"]["nik_pemilik"] == "327301********01"
    assert "3273014101900001" not in response.content.decode()


def test_another_citizen_gets_the_same_404_as_for_an_unknown_number(other_citizen, submitted):
    caller = session_caller(other_citizen)
    hidden = caller.get(f"/applications/{submitted.tracking_number}")
    unknown = caller.get("/applications/3273-99-9999999")
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.json() == unknown.json() == {"message": "Permohonan tidak ditemukan.", "errors": {}}


def test_officer_of_another_agency_gets_404(officer_b, submitted):
    assert token_caller(officer_b).get(f"/applications/{submitted.tracking_number}").status_code == 404
    assert session_caller(officer_b).get(f"/applications/{submitted.tracking_number}").status_code == 404


def test_detail_query_count_baseline(as_applicant, submitted, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        assert as_applicant.get(f"/applications/{submitted.tracking_number}").status_code == 200
