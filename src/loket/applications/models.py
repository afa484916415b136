"""Forms per standard version, citizen profiles, uploads and applications (permohonan)."""

import uuid

from django.conf import settings
from django.db import models

from loket.catalogue.models import Channel, Service, ServiceStandard
from loket.org.models import Agency, Region


class FormDefinition(models.Model):
    """The application form of one standard version: layout (fields, labels id/en) and its JSON Schema.

    Frozen together with its standard: once the standard is published the form cannot change.
    """

    standard = models.OneToOneField(ServiceStandard, on_delete=models.PROTECT, related_name="form")
    fields = models.JSONField(default=list)
    schema = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def save(self, *args, **kwargs):
        if self.pk and self.standard.status == ServiceStandard.Status.PUBLISHED and not kwargs.pop("publishing", False):
            raise ValueError("The form of a published standard version is frozen")
        super().save(*args, **kwargs)


class CitizenProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="citizen")
    nik = models.CharField(max_length=16, unique=True)
    full_name = models.CharField(max_length=200)
    address = models.TextField(blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    phone = models.CharField(max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.full_name


class Upload(models.Model):
    """A file a user uploaded for an application; the bytes live in the storage API."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="uploads")
    application = models.ForeignKey(
        "Application", null=True, blank=True, on_delete=models.PROTECT, related_name="uploads"
    )
    requirement = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to="uploads/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)


class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Diproses"
        RETURNED = "returned", "Dikembalikan untuk perbaikan"
        WAITING = "waiting", "Menunggu langkah di luar Loket"
        COMPLETED = "completed", "Selesai"
        REJECTED = "rejected", "Ditolak"
        WITHDRAWN = "withdrawn", "Dicabut pemohon"

    # English labels beside the Indonesian ones (loket.core.i18n.choice_label); status as lifecycle.STATUS_LABELS
    EN_CHOICES = {
        "status": {
            "submitted": "In process",
            "returned": "Returned for correction",
            "waiting": "Waiting for an outside step",
            "completed": "Completed",
            "rejected": "Rejected",
            "withdrawn": "Withdrawn by the applicant",
        },
        "channel": {
            "online": "Online (from home)",
            "assisted": "Online with help from an officer",
            "counter": "Counter / Public Service Mall",
        },
    }

    OPEN_STATUSES = (Status.SUBMITTED, Status.RETURNED, Status.WAITING)

    tracking_number = models.CharField(max_length=32)  # unique: Meta (a plain btree, no LIKE index)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="applications")
    standard = models.ForeignKey(ServiceStandard, on_delete=models.PROTECT, related_name="applications")
    # agency and applicant lead composite indexes below: no single-column index to maintain on every insert
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="applications", db_index=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications", db_index=False
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="assisted_applications"
    )
    # Where an officer served the citizen when filing for them (applications.rules.assistance_point): "kantor",
    # "loket" (came in person), "desa", "telp", "rumah" (no office visit); "" when the citizen filed themself.
    assistance_point = models.CharField(max_length=6, blank=True, default="")
    consent_note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    data = models.JSONField(default=dict)
    idempotency_key = models.CharField(max_length=64)
    pin_hash = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    # SLA clock of the whole application (the standard's time limit), paused while returned.
    due_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_working_days = models.PositiveIntegerField(default=0)
    # What a waiting case waits for (an approval number from BKN, a payment), shown to everyone who reads it.
    waiting_for = models.CharField(max_length=300, blank=True)
    revision_count = models.PositiveSmallIntegerField(default=0)
    decision_note = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)  # optimistic concurrency for applicant actions

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["applicant", "idempotency_key"], name="one_application_per_key"),
            models.UniqueConstraint(fields=["tracking_number"], name="tracking_number_unique"),
        ]
        indexes = [
            models.Index(fields=["applicant", "-submitted_at"]),
            models.Index(fields=["agency", "status", "submitted_at"]),
        ]

    def __str__(self):
        return self.tracking_number

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class ApplicationEvent(models.Model):
    """The history of a case the applicant sees on the status page (the audit log holds the full record).

    Written only by `lifecycle` (transitions) and the procedure (a step approved); the table keeps the
    name it had when the procedure layer owned it.
    """

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    step_name = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        db_table = "workflow_applicationevent"
        ordering = ["application_id", "occurred_at", "id"]


class ApplicationDraft(models.Model):
    """A citizen's unfinished form for one service, saved so nothing typed is lost."""

    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="application_drafts")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    upload_ids = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["applicant", "service"], name="one_draft_per_applicant_service")]


class CaseAccess(models.Model):
    """One read of a case's personal data by someone other than its applicant: the data tracker the applicant
    sees ("who opened my case", issue 13) and inspectors analyse. Append-only; written by `access.record`."""

    class Kind(models.TextChoices):
        PREVIEW = "preview", "Melihat tugas (data pribadi disamarkan)"
        OPENED = "opened", "Membaca data permohonan"
        IDENTIFIER = "identifier", "Melihat NIK atau nomor identitas lengkap"
        DOWNLOAD = "download", "Mengunduh dokumen persyaratan"
        API = "api", "Membaca melalui API"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="accesses", db_index=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # Who they were at the time (role and agency), kept as written: a later transfer must not rewrite the record.
    actor_label = models.CharField(max_length=200)
    detail = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["application", "-at"], name="case_access_by_case"),
            models.Index(fields=["actor", "-at"], name="case_access_by_actor"),
        ]


class ConsentCode(models.Model):
    """A one-time code sent to a citizen's registered phone or e-mail so that an officer may file one application
    of one service for them (issue 13, finding 5). Only a salted HMAC of the code is kept."""

    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+", db_index=False)
    code_hash = models.CharField(max_length=100)
    channel = models.CharField(max_length=10)  # notify channel: sms or email
    sent_to = models.CharField(max_length=120)  # masked, as shown to the officer and the citizen
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)  # wrong codes given
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["citizen", "officer", "service", "-created_at"], name="consent_code_lookup")]


class CaseConsent(models.Model):
    """How the citizen agreed to a filing by an officer: a verified one-time code, or a signed consent form (scan)
    that a supervisor of the agency reviews before anyone works on the case."""

    class Method(models.TextChoices):
        CODE = "code", "Kode sekali pakai"
        SCAN = "scan", "Formulir persetujuan bertanda tangan"

    class Review(models.TextChoices):
        NONE = "", "Tidak perlu ditinjau"
        PENDING = "pending", "Menunggu tinjauan penyelia"
        APPROVED = "approved", "Diterima penyelia"
        REJECTED = "rejected", "Ditolak penyelia"

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="consent")
    method = models.CharField(max_length=10, choices=Method.choices)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    channel = models.CharField(max_length=10, blank=True)
    sent_to = models.CharField(max_length=120, blank=True)
    verified_at = models.DateTimeField()  # the code was given back, or the scan was handed in
    # One code proves one filing: unique, so a second use fails in the database too.
    code = models.OneToOneField(ConsentCode, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    scan = models.OneToOneField(Upload, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    review = models.CharField(max_length=10, choices=Review.choices, blank=True, default="")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["verified_at"], name="consent_pending", condition=models.Q(review="pending"))]


class AccountClaim(models.Model):
    """A code with which a citizen registered at a counter sets the password of the account made for them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=100)
    channel = models.CharField(max_length=10)
    sent_to = models.CharField(max_length=120)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
