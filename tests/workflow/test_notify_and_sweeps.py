"""Outbox delivery with retries, SLA reminders/escalations, and once-per-period sweeps (issue 3 items 7-8)."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.utils import timezone

from loket.notify import services as notify
from loket.notify.models import Notification, PeriodicRun
from loket.notify.periodic import run_once
from loket.org.models import Role
from loket.workflow.models import Task
from loket.workflow.sweeps import remind_and_escalate
from tests.helpers.org import make_user

pytestmark = pytest.mark.django_db


def test_delivery_sends_each_notification_once(submitted, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    assert notify.deliver_due() == 2
    assert notify.deliver_due() == 0
    assert len(mail.outbox) == 1
    assert submitted.tracking_number in mail.outbox[0].subject
    sms = [json.loads(line) for line in (tmp_path / "outbox-sms.log").read_text().splitlines()]
    assert sms[0]["to"] == "+6281234567890" and submitted.tracking_number in sms[0]["body"]
    assert Notification.objects.filter(status="sent").count() == 2


def test_recording_the_same_event_twice_keeps_one(submitted):
    before = Notification.objects.count()
    notify.queue(
        key=f"application:{submitted.pk}:submitted",
        user=submitted.applicant,
        template="application_submitted",
        context={"changed": True},
    )
    assert Notification.objects.count() == before
    assert not Notification.objects.filter(context__changed=True).exists()


def test_failures_retry_with_backoff_then_show_as_failed(submitted, monkeypatch):
    from loket.notify import channels

    def broken(self, recipient, subject, body):
        raise channels.ChannelError("SMTP mati")

    monkeypatch.setattr(channels.EmailChannel, "send", broken)
    Notification.objects.filter(channel="sms").delete()
    note = Notification.objects.get(channel="email")
    for attempt in range(1, notify.MAX_ATTEMPTS + 1):
        Notification.objects.filter(pk=note.pk).update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
        assert notify.deliver_due() == 0
        note.refresh_from_db()
        assert note.attempts == attempt and "SMTP mati" in note.last_error
    assert note.status == "failed"


def test_reminder_before_deadline_and_escalation_after(submitted, officers, agency_a):
    supervisor = make_user("penyelia", (Role.SUPERVISOR, agency_a))
    [task] = Task.objects.filter(application=submitted, status="open")
    due = task.due_at
    result = remind_and_escalate(now=due - dt.timedelta(hours=2))
    assert result == {"reminded": 1, "escalated": 0}
    assert Notification.objects.filter(template="task_reminder", user=officers["front"]).exists()
    assert remind_and_escalate(now=due - dt.timedelta(hours=1)) == {"reminded": 0, "escalated": 0}
    assert remind_and_escalate(now=due + dt.timedelta(minutes=1)) == {"reminded": 0, "escalated": 1}
    assert Notification.objects.filter(template="task_escalated", user=supervisor).exists()
    assert Notification.objects.filter(template="task_escalated", user=officers["head"]).exists()
    assert remind_and_escalate(now=due + dt.timedelta(days=1)) == {"reminded": 0, "escalated": 0}


def test_periodic_job_runs_once_per_period():
    calls = []
    assert run_once("sla_sweep", "2026-11-23T10:00", lambda: calls.append(1), worker="w1")
    assert not run_once("sla_sweep", "2026-11-23T10:00", lambda: calls.append(2), worker="w2")
    assert run_once("sla_sweep", "2026-11-23T10:15", lambda: calls.append(3), worker="w2")
    assert calls == [1, 3]


def test_crashed_sweep_leaves_the_period_to_another_worker():
    def crash():
        raise RuntimeError("worker killed")

    with pytest.raises(RuntimeError):
        run_once("sla_sweep", "2026-11-23T11:00", crash)
    assert not PeriodicRun.objects.exists()
    assert run_once("sla_sweep", "2026-11-23T11:00", lambda: None)


def test_a_worker_killed_after_leasing_loses_nothing(submitted, settings, tmp_path):
    """A worker leased the email and died before sending: the lease expires and another worker sends it."""
    settings.DATA_DIR = tmp_path
    email = Notification.objects.get(channel="email")
    leased_until = timezone.now() + notify.LEASE
    Notification.objects.filter(pk=email.pk).update(next_attempt_at=leased_until, attempts=1)
    notify.deliver_due()
    assert len(mail.outbox) == 0  # still leased by the dead worker: nobody sends it twice meanwhile
    Notification.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    notify.deliver_due()
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == "sent" and email.attempts == 2
