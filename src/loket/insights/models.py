"""Summary tables of the command centre, transparency pages and open data (ADR 0006).

Fed incrementally from ApplicationEvent and SurveyResponse rows by id watermarks
(loket.insights.services.catch_up); never computed by scanning all applications per request.
"""

from django.conf import settings
from django.db import models

from loket.catalogue.models import Audience, Service
from loket.insights.rules import BUCKETS
from loket.org.models import Agency, Region, Unit

HISTOGRAM_FIELDS = tuple(f"d{i}" for i in range(BUCKETS))
COUNTER_FIELDS = (
    "received",
    "received_online",
    "received_assisted",
    "received_counter",
    "completed",
    "completed_online",
    "completed_assisted",
    "completed_counter",
    "rejected",
    "withdrawn",
    "returned",
    "decided",
    "decided_after_return",
    "sla_measured",
    "sla_met",
    "days_sum",
)
SCORE_TOTAL_FIELDS = tuple(f"s{i}" for i in range(1, 10))
# Not counted from events but recounted from the documents (services.refresh_documents): completed applications
# whose decision was issued electronically and never printed at a counter (insights.indicators, "digital").
DOCUMENT_FIELDS = ("completed_digital",)
# Public services (UU 25/2009): every indicator and rollup covers these; civil-service cases on the engine
# (audience "employee": leave, KGB) are kept per service only and shown apart (insights.indicators, "scope").
PUBLIC_AUDIENCES = (Audience.CITIZEN, Audience.BUSINESS)


class Watermark(models.Model):
    """The last source row (by id) folded into the summaries, per feed, and how fresh the summaries are."""

    name = models.CharField(max_length=40, primary_key=True)
    last_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    # Every source row recorded before this moment is in the summaries (the feed was caught up at
    # `checked_at + lag`): the "data per …" every page and file states (issue 14, finding 6).
    complete_until = models.DateTimeField(null=True, blank=True)


class Counts(models.Model):
    """Counts of one slice in one month (the region's local calendar month).

    received* count by the month of submission; decisions, SLA and processing time by the month of the
    decision; `returned` counts returns to the applicant in the month they happened. d0..d41 is the
    histogram of processing working days of completed applications (d41 = more than 40). Definitions:
    loket.insights.indicators.
    """

    month = models.DateField()
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    locals().update({name: models.PositiveIntegerField(default=0) for name in COUNTER_FIELDS})
    locals().update({name: models.PositiveIntegerField(default=0) for name in HISTOGRAM_FIELDS})
    completed_digital = models.PositiveIntegerField(default=0, db_default=0)  # set apart from the event fold

    class Meta:
        abstract = True


class Rollup(Counts):
    """Counts plus survey totals of the public services, rolled up per agency or per region."""

    respondents = models.PositiveIntegerField(default=0)
    locals().update({name: models.PositiveIntegerField(default=0) for name in SCORE_TOTAL_FIELDS})

    class Meta:
        abstract = True


class MonthlyStat(Counts):
    """One service in one month: the agency drill-down and the service page read this (every audience; the
    rollups below only the public services)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "month"], name="insights_monthly_service_month")]
        indexes = [models.Index(fields=["agency", "month"])]


class AgencyMonthStat(Rollup):
    """One agency in one month: the region drill-down (rows = agencies) reads this."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "month"], name="insights_agency_month")]
        indexes = [models.Index(fields=["region", "month"])]


class RegionMonthStat(Rollup):
    """One region (kab/kota, or the province for provincial agencies) in one month: the province view."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "month"], name="insights_region_month")]


class FeedbackStat(models.Model):
    """Survey totals per month, agency, service (if known) and unit (if known): IKM from totals."""

    month = models.DateField()
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    respondents = models.PositiveIntegerField(default=0)
    locals().update({name: models.PositiveIntegerField(default=0) for name in SCORE_TOTAL_FIELDS})

    class Meta:
        indexes = [models.Index(fields=["agency", "month"]), models.Index(fields=["month", "agency"])]


class OpenApplication(models.Model):
    """An application still open (submitted or returned), mirrored for backlog and overdue counts."""

    application_id = models.BigIntegerField(primary_key=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10)
    submitted_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["service", "due_at"], name="insights_open_service_due")]


class BacklogStat(models.Model):
    """Backlog of one service, recomputed from OpenApplication (overdue changes as time passes)."""

    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="+", primary_key=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    open = models.PositiveIntegerField(default=0)
    returned = models.PositiveIntegerField(default=0)  # waiting on the applicant: clock stopped
    overdue = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["agency"])]


class OpenDataFile(models.Model):
    """A published open-data file, regenerated by the worker; served as stored (cheap at any scale)."""

    name = models.CharField(max_length=80, primary_key=True)
    content = models.TextField()
    content_type = models.CharField(max_length=60)
    generated_at = models.DateTimeField()
    rows = models.PositiveIntegerField(default=0)


class Refiling(models.Model):
    """An application filed by the same applicant for the same service within LOKET_REFILING_DAYS of the rejection
    of an earlier one (issue 13, stalling): the link the anomaly report reads ("ditolak saat terlambat lalu diajukan
    ulang", per officer who rejected). Kept by the event fold (services.link_refilings) from the raw records."""

    application_id = models.BigIntegerField(primary_key=True)  # the new filing
    rejected_id = models.BigIntegerField()  # the rejected application it follows
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    rejected_by_id = models.BigIntegerField(null=True, blank=True)  # the account that rejected it (None: the system)
    rejected_at = models.DateTimeField()
    refiled_at = models.DateTimeField()
    # The rejection came after the standard's time limit (insights.rules.rejected_late): a miss in SLA figures.
    rejected_late = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["agency", "rejected_at"], name="insights_refiling_agency")]


class ServiceBaseline(models.Model):
    """The pre-digital average of one civil-service service, as the HR office measured or estimated it, with its
    source: what Loket's measured figures are set against ("waktu administrasi turun …%", insights.indicators
    "staff_cut"). Data, not code: the region's HR office (BKD, hr.manage over the service's agency) enters and
    corrects it on its own page (/kantor/kepegawaian/angka-manual/, services.save_baseline) without a release; every
    change is audited with the values before and after."""

    service = models.OneToOneField(
        Service,
        on_delete=models.CASCADE,
        related_name="baseline",
        primary_key=True,
        limit_choices_to={"audience": Audience.EMPLOYEE},
    )
    # Average working days from the request (or the HR office's own start) to the signed decree on paper.
    working_days = models.DecimalField(max_digits=6, decimal_places=1)
    # Average minutes officers spent on one case on paper (reading, typing, checking, signing); empty: unknown.
    touch_minutes = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    # Where the figures come from: a study, a time-and-motion count, a report (title, year, page), shown on the
    # dashboard beside the cut. Required: a baseline without a source is not published.
    source = models.TextField()
    period = models.CharField(max_length=100, blank=True)  # the period it describes, e.g. "2023"
    # How it was measured, caveats (e.g. "rata-rata 40 berkas, tidak termasuk waktu tunggu pos"): shown beside it.
    notes = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)
    # Who entered the current figures (the audit log keeps every earlier version and its author).
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"{self.service} — {self.working_days} hari kerja"


class StaffCaseStat(models.Model):
    """The civil-service cases (audience "employee") of one service completed in one local month (the region's
    calendar month of completion): how long they took to their signed decree, how long officers spent on them and
    how many pages their decrees have. Recomputed, not folded, from the cases, their tasks and documents
    (services.refresh_staff_cases): a signature or a task can change after the completion event.

    Definitions: insights.indicators "staff_days", "staff_touch", "pages_avoided"; arithmetic: insights.rules."""

    month = models.DateField()
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    completed = models.PositiveIntegerField(default=0)
    # Completed cases with a signed decree in Loket, and the histogram of their working days from opening to it.
    decreed = models.PositiveIntegerField(default=0)
    decree_days_sum = models.PositiveIntegerField(default=0)
    locals().update({name: models.PositiveIntegerField(default=0) for name in HISTOGRAM_FIELDS})
    # Officer touch time summed over the completed cases (every completed case counts, a case no officer decided a
    # task of with 0 seconds).
    touch_seconds = models.BigIntegerField(default=0)
    # Completed cases with at least one task decided by an officer: none at all means nothing was measured (the
    # touch time is "—", never 0 minutes and a "100% cut"), even if an officer's decisions took under a second.
    touched = models.PositiveIntegerField(default=0, db_default=0)
    # Signed documents of the completed cases not printed at a counter, the pages of those counted, and those whose
    # page count is unknown (a file the backfill could not read).
    documents = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    documents_unpaged = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "month"], name="insights_staff_service_month")]
        indexes = [models.Index(fields=["agency", "month"])]


class PaymentMonthStat(models.Model):
    """Levies (issue 18) of one service paid in one local month (the region's calendar month of payment): how many,
    how much, and how many of them through the payment provider (a signed callback Loket applied). Recomputed, not
    folded, from the assessments and the provider's events (services.refresh_payments). A row without a service is
    the deployment's: provider callbacks of a payment that matched no assessment (payments without a case), by the
    month of their receipt in the deployment's time zone — they belong to no agency.

    Definitions: insights.indicators "levy_revenue", "cashless_share", "payments_without_case"."""

    month = models.DateField()
    region = models.ForeignKey(Region, null=True, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(Service, null=True, on_delete=models.PROTECT, related_name="+")
    paid = models.PositiveIntegerField(default=0)  # assessments paid (refunded later included: the money came in)
    amount = models.BigIntegerField(default=0)  # their levies, whole rupiah
    cashless = models.PositiveIntegerField(default=0)  # of them, paid through the provider (an applied callback)
    without_case = models.PositiveIntegerField(default=0)  # provider payments matching no assessment (no service)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "month"], name="insights_payment_service_month"),
            models.UniqueConstraint(
                fields=["month"], condition=models.Q(service=None), name="insights_payment_deployment_month"
            ),
        ]
        indexes = [models.Index(fields=["agency", "month"])]
