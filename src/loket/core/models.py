"""Audit log: append-only events, sealed into a hash chain by the worker.

Requests only INSERT events (no lock, no read of the previous event), so auditing never serializes
traffic. The sealer (`loket.core.audit.seal_pending`, run by the worker every few seconds and before
every verification) assigns each event the next `seal_seq` and chains its hash to the previous one.
See docs/adr/0003-audit-hash-chain.md.
"""

from django.db import models


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)  # not a FK: deleting a user must not touch the log
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=100)  # indexed in Meta: a plain btree, no LIKE index to maintain
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=100, blank=True)
    data = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    seal_seq = models.BigIntegerField(null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["action"], name="audit_action"),
        ]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit events are append-only")


class AuditChainHead(models.Model):
    """The last sealed event: lets verification notice events deleted from the end of the chain."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)
    sealed_at = models.DateTimeField(null=True, blank=True)


class CalendarDay(models.Model):
    """An admin's override of the national calendar: an extra day off (e.g. cuti bersama set by decree,
    a regional holiday) or a listed holiday that is a working day after all. Region NULL: everywhere."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", "Hari libur / cuti bersama"
        WORKING = "working", "Hari kerja"

    date = models.DateField()
    region = models.ForeignKey("org.Region", null=True, blank=True, on_delete=models.PROTECT)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["date", "region"], name="one_override_per_day")]

    def __str__(self):
        return f"{self.date} {self.name}"


class ApiToken(models.Model):
    """A bearer token for another agency's system; it acts as `user` (whose roles decide what it may do)."""

    name = models.CharField(max_length=200)
    user = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="api_tokens")
    prefix = models.CharField(max_length=12, unique=True)  # shown to admins; the secret is only stored hashed
    token_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class LimitCounter(models.Model):
    """One fixed-window counter of loket.core.limits (rate limits, lockouts), shared by every process.

    Kept in the database rather than Django's cache: a cache's `incr` is get+set on the database and file
    backends (lost updates between processes) and per process with the in-memory one. Expired rows are
    ignored and purged lazily."""

    key = models.CharField(max_length=200, primary_key=True)
    count = models.IntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}={self.count} until {self.expires_at:%Y-%m-%d %H:%M:%S}"


class AuditAnchor(models.Model):
    """A published head of the audit chain: (last sealed event, its hash, time), signed with the province's
    key and published on the transparency page and in open data (loket.core.audit_anchor, ADR 0012).

    Anyone who kept one can check later that the chain still contains that event with that hash
    (`loket audit verify --against FILE`): a rewrite with recomputed hashes is caught. Append-only.
    """

    seal_seq = models.BigIntegerField()  # the head: the last sealed event's seal_seq ...
    event_id = models.BigIntegerField()  # ... its id ...
    event_hash = models.CharField(max_length=64)  # ... and its chain hash
    anchored_at = models.DateTimeField(db_index=True)
    payload = models.TextField()  # the exact signed bytes (canonical JSON of the head)
    signature = models.TextField()  # base64 of the DER ECDSA/RSA signature over `payload` (SHA-256)
    certificate = models.TextField()  # PEM of the signing certificate
    chain = models.JSONField(default=list, blank=True)  # PEMs of the issuing CA(s) up to the root
    fingerprint = models.CharField(max_length=64)  # SHA-256 of the certificate (DER)
    signer_name = models.CharField(max_length=200)  # e.g. "Pemerintah Provinsi Jawa Barat"

    class Meta:
        ordering = ["-anchored_at", "-id"]

    def __str__(self):
        return f"{self.anchored_at:%Y-%m-%d %H:%M} #{self.seal_seq} {self.event_hash[:12]}…"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit anchors are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit anchors are append-only")
