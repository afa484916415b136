"""Services and their versioned standards (standar pelayanan).

A Service has at most one draft standard (status draft, version NULL) and any number of published
versions (immutable, numbered 1, 2, …). `Service.current` points at the latest published version,
which is what the public sees; older versions stay readable.
"""

from django.conf import settings
from django.db import models

from loket.catalogue import rules
from loket.org.models import Agency, Unit


class Category(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name_id = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)

    class Meta:
        ordering = ["name_id"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name_id


class Audience(models.TextChoices):
    CITIZEN = "citizen", "Warga"
    BUSINESS = "business", "Pelaku usaha"
    EMPLOYEE = "employee", "Pegawai ASN"


class Channel(models.TextChoices):
    ONLINE = "online", "Daring (dari rumah)"
    ASSISTED = "assisted", "Daring dibantu petugas/fasilitator"
    COUNTER = "counter", "Loket/Mal Pelayanan Publik"


class Service(models.Model):
    code = models.SlugField(max_length=100, unique=True)
    name_id = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="services")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="services")
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.CITIZEN)
    channels = models.JSONField(default=list, blank=True)
    # A province model service that kabupaten/kota adopt; adopters point at it through `template`.
    is_template = models.BooleanField(default=False)
    # A service that carries the cases of one kind only (a complaint desk): the kind opens them with its own rules
    # (routing, who reported), so no ordinary application — form, counter or API — is taken (applications.submit).
    kind_only = models.BooleanField(default=False)
    template = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="adoptions")
    current = models.ForeignKey("ServiceStandard", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Denormalized for the public catalogue: refreshed on every publish.
    search_text = models.TextField(blank=True)
    compliance_percent = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name_id"]
        indexes = [
            models.Index(fields=["agency", "name_id"]),
            # The public catalogue: published services by name, read in pages without a sort.
            models.Index(
                fields=["name_id", "code"], name="service_published_by_name", condition=models.Q(current__isnull=False)
            ),
        ]

    def __str__(self):
        return self.name_id

    @property
    def is_published(self) -> bool:
        return self.current_id is not None


class ServiceStandard(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        PUBLISHED = "published", "Terbit"

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="standards")
    version = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)

    summary = models.TextField(blank=True)
    requirements = models.JSONField(default=list, blank=True)
    procedure = models.JSONField(default=list, blank=True)
    time_limit_days = models.PositiveIntegerField(null=True, blank=True)
    fee_amount = models.BigIntegerField(null=True, blank=True)
    fee_legal_basis = models.TextField(blank=True)
    # The levy's tariff when it is more than one flat amount (per unit, formula: catalogue.tariffs); empty, the
    # fee is `fee_amount`. The public page describes and the assessment charges from this same data.
    fee_tariff = models.JSONField(null=True, blank=True)
    product = models.CharField(max_length=300, blank=True)
    complaints = models.TextField(blank=True)
    legal_basis = models.JSONField(default=list, blank=True)
    facilities = models.TextField(blank=True)
    competence = models.TextField(blank=True)
    supervision = models.TextField(blank=True)
    staffing = models.TextField(blank=True)
    guarantee = models.TextField(blank=True)
    security = models.TextField(blank=True)
    evaluation = models.TextField(blank=True)
    contact = models.TextField(blank=True)
    handling_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT)

    # The template version this standard was based on or last merged (adopted services only).
    template_base = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Four eyes on the terms a citizen is bound by (catalogue.terms): who put a change of fee, requirements or
    # decision template to a second official, the fingerprint of the terms put to them, and who approved it
    # (the publisher, never the requester).
    approval_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approval_requested_at = models.DateTimeField(null=True, blank=True)
    approval_terms = models.CharField(max_length=64, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["service_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="unique_standard_version"),
            models.UniqueConstraint(
                fields=["service"], condition=models.Q(status="draft"), name="one_draft_per_service"
            ),
            models.CheckConstraint(
                name="published_has_version",
                condition=models.Q(status="draft", version__isnull=True)
                | models.Q(status="published", version__isnull=False),
            ),
            models.CheckConstraint(
                name="fee_not_negative", condition=models.Q(fee_amount__gte=0) | models.Q(fee_amount__isnull=True)
            ),
        ]

    def __str__(self):
        label = f"v{self.version}" if self.version else "draf"
        return f"{self.service_id} {label}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def content(self) -> dict:
        return {field: getattr(self, field) for field in rules.CONTENT_FIELDS}

    def compliance(self) -> rules.Compliance:
        return rules.compliance(self.content())

    def save(self, *args, **kwargs):
        # A published version is frozen: only the publish step itself may write it.
        if self.pk and not kwargs.pop("publishing", False):
            stored = ServiceStandard.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == self.Status.PUBLISHED:
                raise ValueError("A published service standard is immutable; edit a new draft instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED:
            raise ValueError("A published service standard cannot be deleted")
        super().delete(*args, **kwargs)
