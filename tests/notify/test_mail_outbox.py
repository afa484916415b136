"""Finding 12: mail is never sent inside a request. With production settings and SMTP down, signup and
password reset still answer; the messages wait in the outbox and a worker run delivers them once SMTP is up."""

import datetime as dt
import runpy
import socket

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from loket.notify.models import Notification
from loket.notify.services import deliver_due
from tests.notify.smtp_sink import SmtpSink

SETTINGS_FILE = "src/loket/settings.py"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_port(db, settings, monkeypatch, tmp_path):
    """Apply the mail settings production would have, with SMTP pointing at a closed local port."""
    port = _closed_port()
    for name, value in {
        "LOKET_ENV": "production",
        "SECRET_KEY": "x" * 50,
        "LOKET_DATA_DIR": str(tmp_path),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("EMAIL_BACKEND", raising=False)
    production = runpy.run_path(SETTINGS_FILE)
    for name, value in production.items():
        if name.startswith(("EMAIL_", "LOKET_EMAIL_")):
            setattr(settings, name, value)
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    return port


def _release_backoff():
    Notification.objects.filter(status=Notification.Status.PENDING).update(next_attempt_at=timezone.now())


def test_signup_with_smtp_down_queues_the_confirmation_and_the_worker_delivers_it_later(client, smtp_port):
    response = client.post(
        "/akun/signup/",
        {
            "email": "warga.baru@example.id",
            "password1": "Sawah-Hijau-Bandung-77",
            "password2": "Sawah-Hijau-Bandung-77",
        },
    )

    assert response.status_code == 302
    note = Notification.objects.get(recipient="warga.baru@example.id")
    assert note.status == Notification.Status.PENDING

    assert deliver_due() == 0  # SMTP still down: retried later, not lost
    note.refresh_from_db()
    assert (note.status, note.attempts) == (Notification.Status.PENDING, 1)
    assert note.last_error

    _release_backoff()
    with SmtpSink(smtp_port) as sink:
        assert deliver_due() == 1
    note.refresh_from_db()
    assert note.status == Notification.Status.SENT
    assert len(sink.messages) == 1
    assert "warga.baru@example.id" in sink.messages[0]["rcpt"][0]
    assert "/akun/confirm-email/" in sink.messages[0]["data"]


def test_password_reset_with_smtp_down_answers_and_the_mail_waits_in_the_outbox(client, smtp_port):
    get_user_model().objects.create_user("lupa", email="lupa@example.id", password="Sawah-Hijau-Bandung-77")

    response = client.post("/akun/password/reset/", {"email": "lupa@example.id"})

    assert response.status_code == 302
    assert Notification.objects.filter(recipient="lupa@example.id", status=Notification.Status.PENDING).count() == 1
    _release_backoff()
    with SmtpSink(smtp_port) as sink:
        assert deliver_due() == 1
    assert "/akun/password/reset/key/" in sink.messages[0]["data"]


def test_a_failed_delivery_backs_off_before_the_next_attempt(smtp_port):
    from django.core.mail import send_mail

    send_mail("Subjek", "Isi", None, ["a@example.id"])
    deliver_due()
    note = Notification.objects.get(recipient="a@example.id")
    assert note.next_attempt_at > timezone.now() + dt.timedelta(seconds=30)
