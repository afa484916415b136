"""GET /api/v1/status/{tracking}?pin=: status only, the same 404 for a wrong PIN and an unknown number, rate limited."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def lookup(tracking, pin, address="203.0.113.7"):
    return Client(REMOTE_ADDR=address).get(f"/api/v1/status/{tracking}", {"pin": pin})


def test_right_pin_shows_status_only(filed):
    application, pin = filed
    response = lookup(application.tracking_number, pin)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body == {
        "tracking_number": application.tracking_number,
        "service": {"id": "Izin Usaha Mikro", "en": ""},
        "status": "submitted",
        "status_label": "Sedang diproses",
        "current_steps": [{"id": "Verifikasi berkas", "en": ""}],
        "submitted_at": body["submitted_at"],
        "decided_at": None,
    }
    text = response.content.decode()
    for personal in ("Imas", "3273014101900001", "Warung", "081234567890", "warga_imas"):
        assert personal not in text


def test_wrong_pin_and_unknown_number_look_the_same(filed):
    application, pin = filed
    wrong = lookup(application.tracking_number, "000000" if pin != "000000" else "111111")
    unknown = lookup("3273-99-9999999", pin)
    missing = lookup(application.tracking_number, "")
    assert wrong.status_code == unknown.status_code == missing.status_code == 404
    assert wrong.json() == unknown.json() == missing.json()
    assert wrong.json()["message"] == "Nomor permohonan atau PIN tidak cocok."


def test_lookups_are_rate_limited_per_address(filed, settings):
    settings.LOKET_STATUS_LOOKUP_LIMIT = 3
    application, pin = filed
    for _ in range(3):
        assert lookup(application.tracking_number, "999999").status_code in (200, 404)
    refused = lookup(application.tracking_number, pin)
    assert refused.status_code == 429
    assert "Terlalu banyak" in refused.json()["message"]
    assert lookup(application.tracking_number, pin, address="198.51.100.2").status_code == 200


def test_status_query_count_baseline(filed, django_assert_max_num_queries):
    application, pin = filed
    # Two reads of the status, plus the shared counters (applications/lookup.py): the address's count and
    # the number's lock.
    with django_assert_max_num_queries(4):
        assert lookup(application.tracking_number, pin).status_code == 200
