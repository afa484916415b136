"""Satisfaction survey (SKM) responses — PermenPANRB 14/2017: nine elements U1..U9 scored 1–4."""

from django.db import models

from loket.applications.models import Application
from loket.catalogue.models import Service
from loket.org.models import Agency, Region, Unit

SCORE_FIELDS = tuple(f"u{i}" for i in range(1, 10))


class SurveyResponse(models.Model):
    """One answered survey: after an application ends (one per application) or from a unit's QR poster.

    No personal data: no name, no NIK, no IP address; the application link only prevents a second answer.
    """

    class Source(models.TextChoices):
        APPLICATION = "application", "Setelah permohonan"
        UNIT = "unit", "Tautan/QR unit layanan"

    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="survey_response"
    )
    source = models.CharField(max_length=12, choices=Source.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="survey_responses")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    u1 = models.PositiveSmallIntegerField()
    u2 = models.PositiveSmallIntegerField()
    u3 = models.PositiveSmallIntegerField()
    u4 = models.PositiveSmallIntegerField()
    u5 = models.PositiveSmallIntegerField()
    u6 = models.PositiveSmallIntegerField()
    u7 = models.PositiveSmallIntegerField()
    u8 = models.PositiveSmallIntegerField()
    u9 = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name=f"survey_{name}_1_to_4", condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 4})
            )
            for name in SCORE_FIELDS
        ]
        indexes = [models.Index(fields=["agency", "created_at"])]

    @property
    def scores(self) -> tuple[int, ...]:
        return tuple(getattr(self, name) for name in SCORE_FIELDS)


class InviteCursor(models.Model):
    """The last ApplicationEvent id whose ended applications were invited to the survey."""

    name = models.CharField(max_length=40, primary_key=True)
    last_id = models.BigIntegerField(default=0)
