"""Output documents: templates per standard version, letterheads, decision numbers, issued signed PDFs."""

from django.conf import settings
from django.db import models

from loket.applications.models import Application, Upload
from loket.catalogue.models import ServiceStandard
from loket.org.models import Agency, Region


class Letterhead(models.Model):
    """The region's kop surat: the government line and address lines printed above every letter."""

    region = models.OneToOneField(Region, on_delete=models.PROTECT, related_name="letterhead")
    government_line = models.CharField(max_length=200)  # "PEMERINTAH KOTA BANDUNG"
    address_lines = models.TextField(blank=True)  # one per line
    place = models.CharField(max_length=80, blank=True)  # "Bandung" in "Bandung, 23 November 2026"
    updated_at = models.DateTimeField(auto_now=True)


class OutputTemplate(models.Model):
    """The product of one standard version (SK, izin, surat keterangan): title, numbering and body text.

    The body uses Django template syntax over the variables listed in `loket.documents.render.VARIABLES`.
    Frozen with its standard version: a case keeps the template of the version it was filed under, and a new
    template reaches the public only as part of a new published version (issue 13, "terms frozen at filing").
    """

    class Kind(models.TextChoices):
        DECREE = "sk", "Surat Keputusan (SK)"
        PERMIT = "izin", "Surat Izin"
        CERTIFICATE = "keterangan", "Surat Keterangan"
        OTHER = "lainnya", "Dokumen lainnya"

    EN_CHOICES = {
        "kind": {"sk": "Decree (SK)", "izin": "Permit", "keterangan": "Certificate", "lainnya": "Other document"}
    }

    standard = models.OneToOneField(ServiceStandard, on_delete=models.PROTECT, related_name="output_template")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PERMIT)
    title = models.CharField(max_length=200)
    classification = models.CharField(max_length=20, default="503")  # archive classification code
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def save(self, *args, **kwargs):
        if ServiceStandard.objects.filter(pk=self.standard_id, status=ServiceStandard.Status.PUBLISHED).exists():
            raise ValueError("The output template of a published standard version is frozen")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if ServiceStandard.objects.filter(pk=self.standard_id, status=ServiceStandard.Status.PUBLISHED).exists():
            raise ValueError("The output template of a published standard version cannot be deleted")
        return super().delete(*args, **kwargs)


class NumberCounter(models.Model):
    """Last decision number used per agency and year; bumped in the transaction that stores the document."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="one_counter_per_agency_year")]


class Document(models.Model):
    class Status(models.TextChoices):
        AWAITING = "awaiting", "Menunggu tanda tangan"
        VALID = "valid", "Sah"
        REVOKED = "revoked", "Dicabut"
        SUPERSEDED = "superseded", "Diganti"

    class Delivery(models.TextChoices):
        DIGITAL = "digital", "Elektronik (dompet dokumen)"
        PRINTED = "printed", "Dicetak di loket"

    # English labels beside the Indonesian ones (loket.core.i18n.choice_label)
    EN_CHOICES = {
        "status": {
            "awaiting": "Awaiting signature",
            "valid": "Valid",
            "revoked": "Revoked",
            "superseded": "Superseded",
        },
        "delivery": {"digital": "Electronic (document wallet)", "printed": "Printed at the counter"},
        "kind": {"sk": "Decree (SK)", "izin": "Permit", "keterangan": "Certificate", "lainnya": "Other document"},
    }

    code = models.CharField(max_length=16, unique=True)  # verification code in the QR (unguessable)
    # The subject: a citizen's Application, or (application empty) a record of another app named by
    # subject_type + subject_ref, e.g. ("hr.leave_permit", "<leave request id>") — see services.Subject.
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    subject_type = models.CharField(max_length=30, blank=True)
    subject_ref = models.CharField(max_length=64, blank=True)
    subject_label = models.CharField(max_length=200, blank=True)  # shown where an application would be
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="documents")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="documents")
    holder_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=OutputTemplate.Kind.choices)
    title = models.CharField(max_length=200)
    year = models.PositiveIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(max_length=80)
    body = models.TextField()  # rendered text, frozen at issue
    context = models.JSONField(default=dict)  # letterhead, place, dates — frozen at issue
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AWAITING)
    created_at = models.DateTimeField()
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="signed_documents"
    )
    signer_title = models.CharField(max_length=200, blank=True)
    signer_fingerprint = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to="documents/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    size = models.PositiveIntegerField(default=0)
    # Pages of the signed PDF, counted when it is signed (documents.pagecount); null before signing, or for a file
    # the backfill could not read (insights "pages_avoided" counts such documents apart, never as zero pages).
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    delivery = models.CharField(max_length=8, choices=Delivery.choices, default=Delivery.DIGITAL)
    printed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)  # revoked or superseded
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_reason = models.TextField(blank=True)
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "sequence"], name="unique_decision_number"),
            models.CheckConstraint(
                name="signed_has_file", condition=models.Q(status="awaiting") | ~models.Q(sha256="")
            ),
            models.CheckConstraint(
                name="document_has_subject", condition=models.Q(application__isnull=False) | ~models.Q(subject_type="")
            ),
            # One document in force per subject record (a revoked or superseded one may be replaced).
            models.UniqueConstraint(
                fields=["subject_type", "subject_ref"],
                name="one_document_in_force_per_subject",
                condition=~models.Q(subject_type="") & models.Q(status__in=["awaiting", "valid"]),
            ),
        ]
        indexes = [
            models.Index(fields=["holder", "-created_at"]),
            models.Index(fields=["agency", "status", "created_at"]),
        ]

    def __str__(self):
        return f"{self.title} {self.number}"

    @property
    def subject(self) -> str:
        """What the document is about: another app's record by its label (a leave permit names the leave, even
        though it is also its case's decision), else the application's tracking number."""
        return self.subject_label if self.subject_type or not self.application_id else self.application.tracking_number

    def save(self, *args, **kwargs):
        # A signed file is immutable: only status fields may change once it is stored.
        if self.pk and not kwargs.pop("signing", False):
            stored = Document.objects.filter(pk=self.pk).values_list("sha256", flat=True).first()
            if stored and stored != self.sha256:
                raise ValueError("An issued document's file is immutable")
        super().save(*args, **kwargs)


class ReusedDocument(models.Model):
    """An issued document offered to meet a requirement of a later application (no new upload)."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="reuses")
    upload = models.OneToOneField(Upload, on_delete=models.PROTECT, related_name="loket_document")
    created_at = models.DateTimeField(auto_now_add=True)


class RevocationRequest(models.Model):
    """Four eyes on a revocation (issue 13, finding 6): one official who may sign for the agency requests it
    with a reason code (loket.documents.rules.REASONS) and an explanation; another approves or rejects it.
    The requester cannot approve, and nobody acts where they are the document's holder."""

    class Status(models.TextChoices):
        PENDING = "pending", "Menunggu persetujuan"
        APPROVED = "approved", "Disetujui (dokumen dicabut)"
        REJECTED = "rejected", "Ditolak"

    EN_CHOICES = {
        "status": {"pending": "Awaiting approval", "approved": "Approved (document revoked)", "rejected": "Rejected"}
    }

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="revocation_requests")
    reason_code = models.CharField(max_length=40)
    explanation = models.TextField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document"], condition=models.Q(status="pending"), name="one_pending_revocation_per_document"
            ),
            models.CheckConstraint(
                name="revocation_decided_by_another",
                condition=models.Q(decided_by__isnull=True) | ~models.Q(decided_by=models.F("requested_by")),
            ),
        ]

    @property
    def reason_label(self) -> str:
        from loket.documents.rules import BY_CODE

        reason = BY_CODE.get(self.reason_code)
        return reason.indonesian if reason else self.reason_code

    @property
    def reason_display(self) -> str:
        """The reason in the active language (pages); `reason_label` is the Indonesian text stored on the document."""
        from loket.core.i18n import tr
        from loket.documents.rules import BY_CODE

        reason = BY_CODE.get(self.reason_code)
        return tr(reason.indonesian, reason.english) if reason else self.reason_code
