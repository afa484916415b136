"""The notification outbox: rows written in the same transaction as the change they announce.

A worker delivers them with retries and backoff. `dedupe_key` is unique, so one event is recorded once
however often the writer retries; delivery is at least once (a worker killed after sending but before
marking re-sends), which channels tolerate.
"""

from django.conf import settings
from django.db import models


class Notification(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        SMS = "sms", "SMS"
        WHATSAPP = "whatsapp", "WhatsApp"
        IN_APP = "inapp", "Pemberitahuan di Loket"  # shown when the user signs in; "sent" when written

    class Status(models.TextChoices):
        PENDING = "pending", "Menunggu"
        SENT = "sent", "Terkirim"
        FAILED = "failed", "Gagal"

    dedupe_key = models.CharField(max_length=200)  # unique: Meta (a plain btree, no LIKE index)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    recipient = models.CharField(max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="notifications"
    )
    template = models.CharField(max_length=60)
    language = models.CharField(max_length=2, default="id")
    context = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["next_attempt_at"], name="notify_due", condition=models.Q(status="pending"))]
        constraints = [models.UniqueConstraint(fields=["dedupe_key"], name="notification_dedupe_key_unique")]


class PeriodicRun(models.Model):
    """One row per (job, period): inserting it is how exactly one worker wins a periodic sweep."""

    job = models.CharField(max_length=60)
    period = models.CharField(max_length=40)
    started_at = models.DateTimeField(auto_now_add=True)
    worker = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "period"], name="one_run_per_period")]
