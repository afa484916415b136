"""The status lookup's limits are the same on the web page and the API (issue 11, finding 4).

Before the fix the API had no per-number limit: tracking numbers are sequential and the PIN has 6 digits,
so a PIN could be guessed from many addresses through /api/v1/status/.
"""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from loket.applications import lookup
from loket.core.models import AuditEvent, LimitCounter
from loket.notify.models import Notification

pytestmark = pytest.mark.django_db


def api(tracking, pin, address):
    return Client(REMOTE_ADDR=address).get(f"/api/v1/status/{tracking}", {"pin": pin})


def web(tracking, pin, address):
    return Client(REMOTE_ADDR=address).post("/cek-status/", {"tracking": tracking, "pin": pin})


def wrong(pin):
    return "000000" if pin != "000000" else "111111"


def test_api_locks_a_number_after_ten_wrong_pins_from_many_addresses(filed):
    application, pin = filed
    for index in range(lookup.NUMBER_FAILURES - 1):
        assert api(application.tracking_number, wrong(pin), f"10.1.0.{index}").status_code == 404
    tenth = api(application.tracking_number, wrong(pin), "10.1.0.99")
    assert tenth.status_code == 429
    # The right PIN is refused too while the number is locked, and the message says how to see it.
    refused = api(application.tracking_number, pin, "10.2.0.1")
    assert refused.status_code == 429
    message = refused.json()["message"]
    assert "dikunci" in message and "masuk ke akun" in message
    assert "Izin Usaha Mikro" not in refused.content.decode()
    # Other numbers are unaffected.
    assert api("3273-99-9999999", pin, "10.2.0.1").status_code == 404


def test_web_and_api_count_the_same_failures(filed):
    application, pin = filed
    for index in range(lookup.NUMBER_FAILURES):
        channel = api if index % 2 else web
        channel(application.tracking_number, wrong(pin), f"10.3.0.{index}")
    page = web(application.tracking_number, pin, "10.4.0.1")
    assert page.status_code == 429
    text = page.content.decode()
    assert "dikunci" in text and "masuk ke akun" in text and "Izin Usaha Mikro" not in text
    assert api(application.tracking_number, pin, "10.4.0.2").status_code == 429


def test_lock_is_audited_and_the_applicant_told_once_a_day(filed):
    application, pin = filed
    for index in range(lookup.NUMBER_FAILURES + 3):
        api(application.tracking_number, wrong(pin), f"10.5.0.{index}")
    events = AuditEvent.objects.filter(action="applications.lookup_locked")
    assert events.count() == 1
    assert events.get().object_id == str(application.pk)
    notes = Notification.objects.filter(template="application_lookup_locked", user=application.applicant)
    assert set(notes.values_list("channel", flat=True)) == {"email", "sms"}
    assert notes.first().context["tracking"] == application.tracking_number
    # The lock runs out and the attacker starts again the same day: audited again, not notified again.
    LimitCounter.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    for index in range(lookup.NUMBER_FAILURES):
        api(application.tracking_number, wrong(pin), f"10.6.0.{index}")
    assert api(application.tracking_number, pin, "10.6.1.1").status_code == 429
    assert events.count() == 2
    assert notes.count() == 2  # still one e-mail and one SMS


def test_api_address_limit_matches_the_web_page(filed):
    application, pin = filed
    for index in range(lookup.ADDRESS_LIMIT):
        assert api(f"3273-99-40000{index:02d}", pin, "10.7.0.1").status_code == 404
    assert api(application.tracking_number, pin, "10.7.0.1").status_code == 429
    assert api(application.tracking_number, pin, "10.7.0.2").status_code == 200
