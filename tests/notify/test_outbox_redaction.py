"""Issue 11, finding C: the outbox keeps no secret once a mail is settled. allauth's password-reset and
e-mail confirmation links are stored with the message until it is sent; after that (or after the last failed
attempt) only a redacted record stays: subject, sender, recipients. The same holds for the one-time codes of
issue 13 carried by templated messages."""

import importlib
import json
import re
import socket

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail import send_mail
from django.utils import timezone

from loket.notify import services
from loket.notify.models import Notification

OUTBOX = "loket.notify.mail.OutboxEmailBackend"


@pytest.fixture
def outbox(db, settings):
    """Mail goes through the outbox (pytest-django would send it straight to `mail.outbox`)."""
    settings.EMAIL_BACKEND = OUTBOX
    return settings


def _stored(note: Notification) -> str:
    """Every stored column of the row, as text."""
    note.refresh_from_db()
    values = {}
    for field in Notification._meta.concrete_fields:
        value = getattr(note, field.attname)
        values[field.attname] = value if isinstance(value, dict | list) else str(value)
    return json.dumps(values, ensure_ascii=False)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_password_reset_link_is_not_stored_after_delivery(client, outbox):
    get_user_model().objects.create_user("lupa", email="lupa@example.id", password="Sawah-Hijau-Bandung-77")
    assert client.post("/akun/password/reset/", {"email": "lupa@example.id"}).status_code == 302
    note = Notification.objects.get(recipient="lupa@example.id")
    assert note.template == "raw_email"

    assert services.deliver_due() == 1
    assert len(mail.outbox) == 1
    key = re.search(r"/akun/password/reset/key/([^/\s]+)/", mail.outbox[0].body).group(1)
    token = key.rsplit("-", 1)[-1]  # the HMAC part of Django's token: the secret itself
    assert len(token) >= 20

    stored = _stored(note)
    assert key not in stored and token not in stored, stored
    assert note.status == Notification.Status.SENT
    assert note.context == {
        "subject": mail.outbox[0].subject,
        "from_email": mail.outbox[0].from_email,
        "to": ["lupa@example.id"],
        "redacted": True,
    }


def test_a_mail_is_kept_for_retries_and_redacted_after_the_last_failed_attempt(outbox):
    outbox.LOKET_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    outbox.EMAIL_HOST, outbox.EMAIL_PORT = "127.0.0.1", _closed_port()
    send_mail("Konfirmasi", "Buka https://loket.example/akun/confirm-email/RAHASIA-123/", None, ["a@example.id"])
    note = Notification.objects.get(recipient="a@example.id")

    assert services.deliver_due() == 0
    assert "RAHASIA-123" in _stored(note)  # still pending: the body is needed for the next attempt
    assert note.status == Notification.Status.PENDING

    Notification.objects.filter(pk=note.pk).update(attempts=services.MAX_ATTEMPTS - 1, next_attempt_at=timezone.now())
    assert services.deliver_due() == 0
    stored = _stored(note)
    assert note.status == Notification.Status.FAILED and note.last_error
    assert "RAHASIA-123" not in stored, stored
    assert note.context["redacted"] is True and note.context["subject"] == "Konfirmasi"


def test_templated_notifications_keep_their_context(outbox):
    user = get_user_model().objects.create_user("warga", email="warga@example.id")
    context = {"tracking": "LKT-1", "service": "Izin Uji", "due": "1 Desember", "url": "https://loket.example/s/1"}
    services.queue(key="uji:1", user=user, template="application_submitted", context=context)
    assert services.deliver_due() == 1
    note = Notification.objects.get(dedupe_key="uji:1:email")
    assert note.status == Notification.Status.SENT and note.context == context


def test_a_one_time_code_leaves_the_outbox_when_its_message_settles(outbox, settings, tmp_path):
    """Issue 13: a consent or claim code travels as a `secret_` value of a templated message; once the message is
    sent, or has finally failed, the row keeps everything but the code."""
    settings.DATA_DIR = tmp_path  # the SMS file channel of the demo
    settings.LOKET_SMS_GATEWAY_URL = ""
    user = get_user_model().objects.create_user("warga", email="warga@example.id")
    context = {"secret_code": "483920", "service": "Izin Uji", "agency": "DPMPTSP", "minutes": 10}
    services.queue(key="kode:1", user=user, template="consent_code", context=context, phone="+6281200001111")
    assert services.deliver_due() == 2  # e-mail and SMS
    assert "483920" in (tmp_path / "outbox-sms.log").read_text()  # delivered with the code ...
    for note in Notification.objects.filter(dedupe_key__startswith="kode:1:"):
        assert "483920" not in _stored(note)  # ... and kept without it
        assert note.context == {"service": "Izin Uji", "agency": "DPMPTSP", "minutes": 10, "redacted": True}

    outbox.LOKET_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    outbox.EMAIL_HOST, outbox.EMAIL_PORT = "127.0.0.1", _closed_port()
    services.queue(key="kode:2", user=user, template="consent_code", context={**context, "secret_code": "771204"})
    note = Notification.objects.get(dedupe_key="kode:2:email")
    assert services.deliver_due() == 0 and "771204" in _stored(note)  # kept for the next attempt
    Notification.objects.filter(pk=note.pk).update(attempts=services.MAX_ATTEMPTS - 1, next_attempt_at=timezone.now())
    services.deliver_due()
    assert "771204" not in _stored(note) and note.status == Notification.Status.FAILED


def test_migration_redacts_settled_mails_already_stored(outbox):
    migration = importlib.import_module("loket.notify.migrations.0003_redact_settled_raw_emails")
    now = timezone.now()

    def row(key, template, status, context):
        return Notification.objects.create(
            dedupe_key=key,
            channel=Notification.Channel.EMAIL,
            recipient="b@example.id",
            template=template,
            status=status,
            context=context,
            next_attempt_at=now,
        )

    body = {"subject": "Atur ulang", "body": "https://x/akun/password/reset/key/1-abc-RAHASIA/", "from_email": "n@x"}
    sent = row("m1", "raw_email", "sent", {**body, "to": ["b@example.id"]})
    failed = row("m2", "raw_email", "failed", {**body, "to": ["b@example.id"]})
    pending = row("m3", "raw_email", "pending", {**body, "to": ["b@example.id"]})
    templated = row("t1", "application_step", "sent", {"tracking": "LKT-2", "step": "Verifikasi", "url": "u"})

    migration.redact_settled(apps, None)

    for note in (sent, failed):
        assert "RAHASIA" not in _stored(note)
        assert note.context == {"subject": "Atur ulang", "from_email": "n@x", "to": ["b@example.id"], "redacted": True}
    assert "RAHASIA" in _stored(pending)  # not delivered yet: the worker still needs it
    templated.refresh_from_db()
    assert templated.context == {"tracking": "LKT-2", "step": "Verifikasi", "url": "u"}
