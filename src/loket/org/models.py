"""Regions (Kemendagri codes), agencies (OPD), their units, and scoped role assignments."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce


class Region(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", "Provinsi"
        KABUPATEN = "kabupaten", "Kabupaten"
        KOTA = "kota", "Kota"

    class TimeZone(models.TextChoices):
        WIB = "WIB", "WIB (UTC+7)"
        WITA = "WITA", "WITA (UTC+8)"
        WIT = "WIT", "WIT (UTC+9)"

    # Dotted Kemendagri code: "32" for a province, "32.73" for a kabupaten/kota.
    code = models.CharField(max_length=13, unique=True)
    name = models.CharField(max_length=120)
    level = models.CharField(max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    time_zone = models.CharField(max_length=4, choices=TimeZone.choices, default=TimeZone.WIB)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def zoneinfo(self) -> ZoneInfo:
        return ZoneInfo(TZ_NAMES[self.time_zone])

    @property
    def province(self) -> "Region":
        return self if self.parent_id is None else self.parent


TZ_NAMES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


class Agency(models.Model):
    """A regional government agency (OPD/SKPD)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="agencies")
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return f"{self.name} ({self.region.name})"


class Unit(models.Model):
    """A unit inside an agency (bidang, seksi, UPT), or a place where the agency's officers serve in person."""

    class ServicePoint(models.TextChoices):
        # Where an officer of the unit files for a citizen decides the filing's channel (issue 13, finding 5;
        # issue 14, finding 3): at the office or a counter the citizen came in person; at a village point, on the
        # phone line or on a home visit an officer files online for them without an office visit
        # (applications.rules.assistance_point, assisted_channel).
        OFFICE = "", "Kantor"
        COUNTER = "loket", "Loket / Mal Pelayanan Publik"
        VILLAGE = "desa", "Titik layanan desa/kelurahan"
        PHONE = "telp", "Layanan telepon / pusat kontak"
        HOME = "rumah", "Layanan jemput bola ke rumah"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    name = models.CharField(max_length=200)
    service_point = models.CharField(max_length=5, choices=ServicePoint.choices, default="", blank=True)

    class Meta:
        ordering = ["agency_id", "name"]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", "Admin provinsi"
    REGION_ADMIN = "region_admin", "Admin kabupaten/kota"
    AGENCY_ADMIN = "agency_admin", "Admin perangkat daerah"
    CATALOGUE_EDITOR = "catalogue_editor", "Editor katalog layanan"
    OFFICER = "officer", "Petugas"
    SUPERVISOR = "supervisor", "Penyelia"
    AGENCY_HEAD = "agency_head", "Kepala perangkat daerah"
    SIGNING_OFFICIAL = "signing_official", "Pejabat penandatangan"
    LEADER = "leader", "Pimpinan daerah"  # governor / bupati / wali kota and their command centre
    HR_ADMIN = "hr_admin", "Admin kepegawaian (BKD)"
    INSPECTOR = "inspector", "Inspektorat / pengawas"
    # The agency's receiving treasurer (bendahara penerimaan, PP 12/2019 art. 10; Permendagri 77/2020): reconciles
    # the levies the provider settled with the assessments issued (payments.reconciliation).
    FINANCE_OFFICER = "finance_officer", "Bendahara penerimaan"


# Roles scoped to a region (and, for a province, every kabupaten/kota under it) rather than one agency.
REGION_ROLES = {Role.PROVINCE_ADMIN, Role.REGION_ADMIN, Role.LEADER, Role.HR_ADMIN, Role.INSPECTOR}


class RoleAssignment(models.Model):
    """One role of one user in one scope: a region (admins) or an agency, optionally a unit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="loket_roles")
    role = models.CharField(max_length=30, choices=Role.choices)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="role_has_scope",
                condition=(
                    models.Q(role__in=sorted(REGION_ROLES), region__isnull=False, agency__isnull=True)
                    | (~models.Q(role__in=sorted(REGION_ROLES)) & models.Q(agency__isnull=False))
                ),
            ),
            models.UniqueConstraint(fields=["user", "role", "region", "agency", "unit"], name="unique_role_scope"),
        ]

    def __str__(self):
        scope = self.unit or self.agency or self.region
        return f"{self.user} — {self.get_role_display()} — {scope}"


class DeclaredRelative(models.Model):
    """A relative an official declared (issue 13, conflict of interest): the engine refuses them any action on a
    case whose applicant has this NIK (workflow.rules.separation_refusal, RELATIVE). Kept with its history: a
    withdrawn declaration keeps its row with when, by whom and why (org.services.remove_relative); rows are
    never deleted. `relation` is one of org.rules.RELATIONS (data, not a database choice)."""

    official = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="declared_relatives")
    nik = models.CharField(max_length=16)
    name = models.CharField(max_length=200)
    relation = models.CharField(max_length=30)
    relation_note = models.CharField(max_length=100, blank=True)  # for "lainnya": how they are related
    declared_at = models.DateTimeField()
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removal_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["official_id", "-declared_at"]
        indexes = [models.Index(fields=["official", "nik"], name="declared_relative_by_official")]
        constraints = [
            models.UniqueConstraint(
                fields=["official", "nik"],
                condition=models.Q(removed_at__isnull=True),
                name="one_live_relative_per_nik",
            )
        ]

    def __str__(self):
        return f"{self.official} — {self.name} ({self.relation})"

    def delete(self, *args, **kwargs):
        raise RuntimeError("A declared relative is withdrawn (removed_at), never deleted: its history stays.")


class Identity(models.Model):
    """How the portal presents itself: the deployment's identity (no region) or a region's own.

    A page belonging to a region (its services, an application to one of its agencies, its agencies'
    transparency pages) carries the identity of that region, else of its province, else the deployment's
    (org.identity resolves it; core's base template shows it). Colours are checked for contrast against white
    text (org.rules.contrast_refusal)."""

    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="identities")
    slug = models.SlugField(max_length=60, unique=True)
    name_id = models.CharField("nama portal", max_length=120)
    name_en = models.CharField("portal name (English)", max_length=120, blank=True)
    short_name = models.CharField("nama singkat (ponsel)", max_length=40, blank=True)
    government_id = models.CharField("pemerintah daerah", max_length=160, blank=True)
    government_en = models.CharField("government (English)", max_length=160, blank=True)
    # A crest or logo: an uploaded SVG/PNG (logo_data) or a file bundled with Loket (a static path).
    logo_static = models.CharField("lambang bawaan (path statis)", max_length=200, blank=True)
    logo_data = models.BinaryField("lambang unggahan", null=True, blank=True, editable=False)
    logo_type = models.CharField(max_length=20, blank=True, editable=False)
    colour_primary = models.CharField("warna utama", max_length=7, default="#0b5394")
    colour_dark = models.CharField("warna utama gelap", max_length=7, default="#083d6e")
    colour_accent = models.CharField("warna aksen (garis tepi)", max_length=7, default="#f2a900")
    address = models.CharField("alamat", max_length=300, blank=True)
    phone = models.CharField("telepon", max_length=40, blank=True)
    email = models.EmailField("e-mail", blank=True)
    hours_id = models.CharField("jam layanan", max_length=160, blank=True)
    hours_en = models.CharField("service hours (English)", max_length=160, blank=True)
    website = models.URLField("situs resmi", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region__code"]
        verbose_name = "identitas visual"
        verbose_name_plural = "identitas visual"
        constraints = [
            # One identity per region and one for the deployment (no region).
            models.UniqueConstraint(Coalesce("region", models.Value(0)), name="one_identity_per_region"),
        ]

    def __str__(self):
        return self.name_id


class IdentityLink(models.Model):
    """A link of an identity's footer: its privacy notice, accessibility statement, complaint channels."""

    class Kind(models.TextChoices):
        PRIVACY = "privacy", "Pemberitahuan privasi"
        ACCESSIBILITY = "accessibility", "Pernyataan aksesibilitas"
        COMPLAINT = "complaint", "Kanal pengaduan"
        OTHER = "other", "Lainnya"

    identity = models.ForeignKey(Identity, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    label_id = models.CharField("label", max_length=120)
    label_en = models.CharField("label (English)", max_length=120, blank=True)
    # A path on this site ("/privasi/"), a web address, or tel:/sms:/mailto: for a complaint line.
    url = models.CharField("alamat tautan", max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["identity_id", "order", "pk"]
        verbose_name = "tautan identitas"
        verbose_name_plural = "tautan identitas"

    def __str__(self):
        return self.label_id
