"""Levy assessments (SKRD) of cases, and the payment provider's events about them (issue 18, ADR 0020)."""

from django.conf import settings
from django.db import models

from loket.applications.models import Application
from loket.documents.models import Document
from loket.org.models import Agency, Region
from loket.workflow.models import Task


class Assessment(models.Model):
    """The levy one case owes at its payment step: computed once from the tariff of the standard version the case
    was filed under, and never changed after (the terms of a case are fixed at filing)."""

    class Status(models.TextChoices):
        ISSUED = "issued", "Belum dibayar"
        PAID = "paid", "Lunas"
        EXPIRED = "expired", "Kedaluwarsa"
        CANCELLED = "cancelled", "Dibatalkan"
        REFUNDED = "refunded", "Dikembalikan"

    class Codes(models.TextChoices):
        PENDING = "pending", "Sedang disiapkan"
        READY = "ready", "Siap dibayar"

    EN_CHOICES = {
        "status": {
            "issued": "Unpaid",
            "paid": "Paid",
            "expired": "Expired",
            "cancelled": "Cancelled",
            "refunded": "Refunded",
        },
        "codes": {"pending": "Being prepared", "ready": "Ready to pay"},
    }

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="assessment")
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=40, unique=True)  # SKRD number (payments.rules.skrd_number)
    reference = models.CharField(max_length=25, unique=True)  # the provider's key of the bill
    amount = models.BigIntegerField()
    lines = models.JSONField(default=list)  # [{label, amount, detail}] as charged (catalogue.tariffs.charge)
    tariff = models.JSONField(default=dict)  # the tariff charged, as published in the case's standard version
    legal_basis = models.TextField(blank=True)
    inputs = models.JSONField(default=dict)  # the answers the levy was computed from (fixed once assessed)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ISSUED)
    issued_at = models.DateTimeField()
    due_at = models.DateTimeField()
    provider = models.CharField(max_length=40)
    codes = models.CharField(max_length=10, choices=Codes.choices, default=Codes.PENDING)
    codes_attempts = models.PositiveIntegerField(default=0)
    codes_next_at = models.DateTimeField(null=True, blank=True)
    codes_error = models.CharField(max_length=300, blank=True)
    va_number = models.CharField(max_length=30, blank=True)
    qris = models.TextField(blank=True)
    pay_url = models.URLField(blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_channel = models.CharField(max_length=20, blank=True)
    paid_event = models.CharField(max_length=80, blank=True)
    # A case that ended with its levy unpaid: when the worker should (again) cancel the bill at the provider.
    provider_cancel_at = models.DateTimeField(null=True, blank=True)
    # Past its due date: the provider is asked first (a lost callback); its errors back this assessment off.
    expiry_attempts = models.PositiveIntegerField(default=0)
    expiry_next_at = models.DateTimeField(null=True, blank=True)
    expiry_error = models.CharField(max_length=300, blank=True)
    # The sealed receipt (tanda bukti pembayaran), written by the worker once the assessment is paid
    # (services.issue_receipts): empty on a paid assessment means "still to write", so a crash loses nothing.
    receipt = models.OneToOneField(Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-issued_at"]
        indexes = [
            models.Index(
                fields=["paid_at"],
                name="assessment_receipt_due",
                condition=models.Q(status="paid", receipt__isnull=True),
            ),
            # The worker's rounds: bills still to register at the provider, and unpaid ones to expire.
            models.Index(fields=["codes_next_at"], name="assessment_codes_due", condition=models.Q(codes="pending")),
            models.Index(fields=["due_at"], name="assessment_unpaid_due", condition=models.Q(status="issued")),
            models.Index(fields=["agency", "issued_at"]),
            # The reconciliation's "paid that day" of one provider.
            models.Index(
                fields=["provider", "paid_at"], name="assessment_paid_day", condition=models.Q(paid_at__isnull=False)
            ),
        ]
        constraints = [models.CheckConstraint(name="assessment_amount_positive", condition=models.Q(amount__gt=0))]

    def __str__(self):
        return self.number


class PaymentEvent(models.Model):
    """One callback a provider sent, stored as received once its signature held (the raw body is the evidence);
    applied by the worker. One row per provider event id: a replay or a duplicate changes nothing."""

    provider = models.CharField(max_length=40)
    event_id = models.CharField(max_length=80)
    kind = models.CharField(max_length=40)
    reference = models.CharField(max_length=40, blank=True)
    amount = models.BigIntegerField(null=True, blank=True)
    body = models.TextField()
    received_at = models.DateTimeField()
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True)  # payments.rules.OUTCOMES
    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="events")

    class Meta:
        ordering = ["received_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="payment_event_once")]
        indexes = [
            models.Index(
                fields=["received_at"], name="payment_event_unprocessed", condition=models.Q(processed_at=None)
            )
        ]

    def __str__(self):
        return f"{self.provider}:{self.event_id}"


class Reconciliation(models.Model):
    """One run of the daily reconciliation of one provider's settlement file against Loket's assessments
    (payments.reconciliation): one row per provider and day, re-run in place. It never marks anything paid."""

    class Status(models.TextChoices):
        PENDING = "pending", "Menunggu"
        RUNNING = "running", "Berjalan"
        DONE = "done", "Selesai"
        FAILED = "failed", "Gagal, dicoba lagi"

    EN_CHOICES = {
        "status": {"pending": "Waiting", "running": "Running", "done": "Done", "failed": "Failed, to be retried"}
    }

    provider = models.CharField(max_length=40)
    day = models.DateField()  # the settlement day (UTC, as the provider's file is)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_try_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    lines = models.PositiveIntegerField(default=0)  # lines in the provider's file
    settled_total = models.BigIntegerField(default=0)  # the sum of the file's amounts
    matched = models.PositiveIntegerField(default=0)  # lines that match a paid assessment of the same amount
    matched_total = models.BigIntegerField(default=0)
    paid_count = models.PositiveIntegerField(default=0)  # assessments Loket recorded paid that day
    paid_total = models.BigIntegerField(default=0)
    discrepancies = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "provider"]
        constraints = [models.UniqueConstraint(fields=["provider", "day"], name="reconciliation_once_per_day")]

    def __str__(self):
        return f"{self.provider} {self.day}"


class Discrepancy(models.Model):
    """A finding of a reconciliation that is not a clean match, routed to the finance officers of the assessment's
    agency; a bill Loket does not know has no agency and goes to the finance officers of every agency whose region
    pays through that provider. Resolved by a finance officer with a note; never deleted."""

    class Kind(models.TextChoices):
        UNPAID_BUT_SETTLED = "unpaid_but_settled", "Disetor penyedia, belum lunas di Loket"
        PAID_NOT_SETTLED = "paid_not_settled", "Lunas di Loket, tidak ada di setoran"
        UNKNOWN_BILL = "unknown_bill", "Tagihan tidak dikenal"
        AMOUNT_DIFFERS = "amount_differs", "Jumlah berbeda"
        SETTLED_NOT_PAYABLE = "settled_not_payable", "Disetor untuk tagihan kedaluwarsa/dibatalkan"
        DUPLICATE_LINE = "duplicate_line", "Baris setoran ganda"

    EN_CHOICES = {
        "kind": {
            "unpaid_but_settled": "Settled by the provider, unpaid in Loket",
            "paid_not_settled": "Paid in Loket, missing from the settlement",
            "unknown_bill": "Unknown bill",
            "amount_differs": "Amount differs",
            "settled_not_payable": "Settled for an expired or cancelled bill",
            "duplicate_line": "Settlement line repeated",
        }
    }

    reconciliation = models.ForeignKey(Reconciliation, on_delete=models.PROTECT, related_name="findings")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    reference = models.CharField(max_length=40)
    occurrence = models.PositiveIntegerField(default=1)  # the n-th finding of this kind and reference in the file
    loket_amount = models.BigIntegerField(null=True, blank=True)
    provider_amount = models.BigIntegerField(null=True, blank=True)
    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reconciliation", "kind", "reference", "occurrence"], name="discrepancy_once_per_run"
            )
        ]
        indexes = [
            models.Index(fields=["agency", "created_at"], name="discrepancy_open", condition=models.Q(resolved_at=None))
        ]

    def __str__(self):
        return f"{self.kind} {self.reference}"


class Refund(models.Model):
    """The return of a paid levy (pengembalian retribusi): decided by an official with a reason, in a signed decision
    (keputusan pengembalian) in the citizen's wallet, then carried out at the provider by the worker (retried while
    the provider is down; the decision and this row are stored first, so an outage loses nothing). One per
    assessment, of the whole amount paid."""

    class Status(models.TextChoices):
        PENDING = "pending", "Menunggu penyedia pembayaran"
        DONE = "done", "Dikembalikan oleh penyedia"
        REFUSED = "refused", "Ditolak penyedia"

    EN_CHOICES = {
        "status": {"pending": "Waiting for the payment provider", "done": "Returned by the provider", "refused":
                   "Refused by the provider"}
    }  # fmt: skip

    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, related_name="refund")
    amount = models.BigIntegerField()
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    decision = models.OneToOneField(Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["next_at"], name="refund_due", condition=models.Q(status="pending"))]
        constraints = [models.CheckConstraint(name="refund_amount_positive", condition=models.Q(amount__gt=0))]

    def __str__(self):
        return f"Pengembalian {self.assessment.number}"
