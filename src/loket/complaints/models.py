"""Complaints (issue 19, ADR 0021): the complaint-handling desk of an agency or of a region's inspectorate, and a
complaint's own data beside its case. The case (status, tasks, clock, history) is the engine's."""

from django.conf import settings
from django.db import models

from loket.complaints import rules
from loket.org.models import Agency, Region


class ComplaintDesk(models.Model):
    """Which published service carries the complaints one agency handles. A region's inspectorate has the desk
    marked `inspectorate`: conduct, illegal fees and gratuities of the region's agencies go there (rules.handler_for)."""

    agency = models.OneToOneField(Agency, on_delete=models.PROTECT, related_name="complaint_desk")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("catalogue.Service", on_delete=models.PROTECT, related_name="+")
    inspectorate = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region"], condition=models.Q(inspectorate=True), name="one_inspectorate_desk_per_region"
            )
        ]

    def __str__(self):
        return f"{self.agency} ({'inspektorat' if self.inspectorate else 'pengaduan'})"


class Open311Client(models.Model):
    """An app or system that files and follows complaints through Open311 GeoReport v2 with its api_key (kept as a
    digest). It reads the answers of the complaints it filed; everyone else reads only what the register shows."""

    name = models.CharField(max_length=120)
    key_digest = models.CharField(max_length=64, unique=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    def __str__(self):
        return self.name


class Complaint(models.Model):
    class Kind(models.TextChoices):
        SERVICE = rules.SERVICE, rules.KIND_LABELS[rules.SERVICE][0]
        APPLICATION = rules.APPLICATION, rules.KIND_LABELS[rules.APPLICATION][0]
        CONDUCT = rules.CONDUCT, rules.KIND_LABELS[rules.CONDUCT][0]
        PUNGLI = rules.PUNGLI, rules.KIND_LABELS[rules.PUNGLI][0]
        GRATUITY = rules.GRATUITY, rules.KIND_LABELS[rules.GRATUITY][0]
        SUGGESTION = rules.SUGGESTION, rules.KIND_LABELS[rules.SUGGESTION][0]

    class Identity(models.TextChoices):
        IDENTIFIED = rules.IDENTIFIED, "Identitas terbuka bagi penanganan"
        CONFIDENTIAL = rules.CONFIDENTIAL, "Rahasia (hanya Inspektorat)"
        ANONYMOUS = rules.ANONYMOUS, "Anonim"

    class Channel(models.TextChoices):
        WEB = "web", "Situs web"
        ACCOUNT = "account", "Akun warga"
        COUNTER = "counter", "Loket (dibantu petugas)"
        API = "api", "API"
        OPEN311 = "open311", "Open311"
        LAPOR = "lapor", "SP4N-LAPOR!"

    EN_CHOICES = {
        "kind": {kind: rules.KIND_LABELS[kind][1] for kind in rules.KINDS},
        "identity": {
            "identified": "Identity open to the handlers",
            "confidential": "Confidential (inspectorate only)",
            "anonymous": "Anonymous",
        },
        "channel": {
            "web": "Website",
            "account": "Citizen account",
            "counter": "Counter (assisted)",
            "api": "API",
            "open311": "Open311",
            "lapor": "SP4N-LAPOR!",
        },
    }

    receipt_code = models.CharField(max_length=16, unique=True)
    secret_digest = models.CharField(max_length=64)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    identity = models.CharField(max_length=12, choices=Identity.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.WEB)
    desk = models.ForeignKey(ComplaintDesk, on_delete=models.PROTECT, related_name="complaints")
    case = models.OneToOneField(
        "applications.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="complaint"
    )
    # What it is about: a service, one application, or an agency (conduct); never required to name an officer.
    about_service = models.ForeignKey(
        "catalogue.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    about_application = models.ForeignKey(
        "applications.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    about_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=150)
    body = models.TextField()
    location = models.CharField(max_length=300, blank=True)
    district = models.CharField(max_length=120, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    # Who reported, for identified and confidential reports filed without an account (never for anonymous ones).
    reporter_name = models.CharField(max_length=150, blank=True)
    reporter_contact = models.CharField(max_length=150, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    tier = models.CharField(max_length=30, blank=True)
    reopened = models.PositiveSmallIntegerField(default=0)
    answered_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    lapor_id = models.CharField(max_length=40, blank=True)
    open311_client = models.ForeignKey(
        Open311Client, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    filed_at = models.DateTimeField()
    # The final answer to the reporter (the decision note of the case that answered it), kept here because a
    # reopened complaint is answered again in its reopened case.
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reopen_case = models.OneToOneField(
        "applications.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="reopened_complaint"
    )
    reopen_reason = models.TextField(blank=True)
    # The public register shows only what a moderator wrote from the complaint, never the reporter's own words.
    public_title = models.CharField(max_length=150, blank=True)
    public_summary = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["desk", "-filed_at"])]
        constraints = [
            models.CheckConstraint(
                name="anonymous_names_nobody",
                condition=~models.Q(identity="anonymous")
                | (models.Q(reporter_name="", reporter_contact="", reporter__isnull=True)),
            ),
            models.CheckConstraint(
                name="complaint_rating_one_to_five",
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
            ),
        ]

    def __str__(self):
        return self.receipt_code


class ComplaintNote(models.Model):
    """An internal note of the people handling a complaint: never shown to the reporter or published."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
