"""Reads of the summary tables: KPIs per region, agency, service and month (ADR 0006).

Every function reads only the summary tables (a few thousand rows at province scale), never the
applications themselves, except `overdue_applications` which reads one service's open applications.
"""

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Q, Sum
from django.utils import timezone

from loket.catalogue.models import Service
from loket.feedback import rules as ikm_rules
from loket.insights import rules
from loket.insights.models import (
    COUNTER_FIELDS,
    DOCUMENT_FIELDS,
    HISTOGRAM_FIELDS,
    PUBLIC_AUDIENCES,
    SCORE_TOTAL_FIELDS,
    AgencyMonthStat,
    BacklogStat,
    FeedbackStat,
    MonthlyStat,
    OpenApplication,
    RegionMonthStat,
)
from loket.org.models import Agency

GROUPS = {None: None, "region": "region_id", "agency": "agency_id", "service": "service_id", "month": "month"}
COUNT_SUMS = COUNTER_FIELDS + HISTOGRAM_FIELDS + DOCUMENT_FIELDS
SURVEY_SUMS = ("respondents",) + SCORE_TOTAL_FIELDS


@dataclass
class Kpi:
    """Summed counts of one slice and the KPIs defined in loket.insights.rules."""

    counts: dict = field(default_factory=lambda: dict.fromkeys(COUNTER_FIELDS, 0))
    histogram: list = field(default_factory=lambda: [0] * rules.BUCKETS)
    respondents: int = 0
    score_totals: list = field(default_factory=lambda: [0] * 9)
    open: int = 0
    waiting: int = 0  # returned, waiting on the applicant
    overdue: int = 0
    completed_digital: int = 0
    # Sample adequacy of a pooled figure (several agencies): (adequate, judged) over its agencies, set by `overview`.
    sample_parts: tuple[int, int] | None = None

    def __getattr__(self, name):
        counts = self.__dict__.get("counts", {})
        if name in counts:
            return counts[name]
        raise AttributeError(name)

    @property
    def zero_visit(self) -> Fraction | None:
        """insights.indicators "zero_visit" (rules.zero_visit)."""
        return rules.zero_visit(self.counts)

    @property
    def self_service(self) -> Fraction | None:
        return rules.share(self.counts["completed_online"], self.counts["completed"])

    @property
    def sla(self) -> Fraction | None:
        return rules.share(self.counts["sla_met"], self.counts["sla_measured"])

    @property
    def returned_rate(self) -> Fraction | None:
        return rules.share(self.counts["decided_after_return"], self.counts["decided"])

    @property
    def median_days(self) -> int | None:
        return rules.median(self.histogram)

    @property
    def p90_days(self) -> int | None:
        return rules.percentile(self.histogram, 90)

    @property
    def ikm(self):
        return ikm_rules.ikm_from_totals(self.score_totals, self.respondents) if self.respondents else None

    @property
    def sample(self):
        # Population served = applications received in the period (PermenPANRB 14/2017, Krejcie & Morgan).
        return ikm_rules.sample_adequacy(self.respondents, self.counts["received"])

    @property
    def digital(self) -> Fraction | None:
        """insights.indicators "digital": decisions issued electronically among completed applications."""
        return rules.share(self.completed_digital, self.counts["completed"])

    def channel_shares(self) -> list[tuple[str, Fraction | None]]:
        return [
            (name, rules.share(self.counts[f"completed_{name}"], self.counts["completed"]))
            for name in ("online", "assisted", "counter")
        ]

    def as_row(self) -> dict:
        """Flat figures for tables, CSV and JSON (percentages rounded half-up to 1 decimal)."""
        ikm = self.ikm
        return {
            **{name: self.counts[name] for name in COUNTER_FIELDS if name != "days_sum"},
            "zero_visit_percent": _num(rules.percent(self.zero_visit)),
            "self_service_percent": _num(rules.percent(self.self_service)),
            "sla_percent": _num(rules.percent(self.sla)),
            "median_days": _days(self.median_days),
            "p90_days": _days(self.p90_days),
            "returned_percent": _num(rules.percent(self.returned_rate)),
            "backlog": self.open,
            "waiting_applicant": self.waiting,
            "overdue": self.overdue,
            "respondents": self.respondents,
            "ikm": float(ikm.index_display) if ikm else None,
            "ikm_grade": ikm.grade if ikm else None,
            "sample_required": None if self.sample_parts else self.sample.required,
            "sample_adequate": None if self.sample_parts else self.sample.adequate,
            "sample_parts_adequate": self.sample_parts[0] if self.sample_parts else None,
            "sample_parts": self.sample_parts[1] if self.sample_parts else None,
            "completed_digital": self.completed_digital,
            "digital_percent": _num(rules.percent(self.digital)),
        }


def _num(value):
    return float(value) if value is not None else None


def _days(index):
    return None if index is None else (f">{rules.MAX_EXACT_DAYS}" if index == rules.OVERFLOW else index)


def month_range(months: int, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """First and last month (first days) of the `months` months ending with the current one."""
    today = today or timezone.localdate()
    last = today.replace(day=1)
    first = last
    for _ in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first, last


def _add(kpi: "Kpi", row: dict, *, counts=True, surveys=False) -> None:
    if counts and row.get("received") is not None:
        for name in COUNTER_FIELDS:
            kpi.counts[name] += row[name] or 0
        for index, name in enumerate(HISTOGRAM_FIELDS):
            kpi.histogram[index] += row[name] or 0
        kpi.completed_digital += row["completed_digital"] or 0
    if surveys and row.get("respondents"):
        kpi.respondents += row["respondents"]
        for index, name in enumerate(SCORE_TOTAL_FIELDS):
            kpi.score_totals[index] += row[name]


def _covered_regions(agencies) -> tuple[set[int], bool]:
    """Regions whose every agency is in `agencies` (region-scoped roles always cover whole regions), and
    whether some agencies in scope lie in regions only partly covered."""
    rows = Agency.objects.values("region_id").annotate(total=Count("pk"), inside=Count("pk", filter=Q(pk__in=agencies)))
    covered, partial = set(), False
    for row in rows.order_by():
        if row["inside"] and row["inside"] == row["total"]:
            covered.add(row["region_id"])
        elif row["inside"]:
            partial = True
    return covered, partial


def breakdown(
    agencies,
    *,
    since: dt.date,
    until: dt.date,
    group: str | None = None,
    services=None,
    include_backlog: bool = True,
    audiences=PUBLIC_AUDIENCES,
) -> dict:
    """KPIs per (group key, month) from the coarsest summary that answers the question:

    * services given or group "service": the per-service table (and survey totals per service);
    * group "region": the region rollup for regions entirely in scope, the agency rollup for the rest;
    * otherwise: the agency rollup.
    Returns {(key, month): Kpi}; backlog (a current state, not per month) is under (key, None).
    The services counted are those of `audiences` (the public services; the rollups hold only those): pass
    (Audience.EMPLOYEE,) for the civil-service cases shown apart."""
    public = tuple(audiences) == tuple(PUBLIC_AUDIENCES)
    if not public:
        services = (
            Service.objects.filter(audience__in=audiences, agency_id__in=agencies) if services is None else services
        )
    column = GROUPS[group] if group != "month" else None
    out: dict = {}

    def kpi(key) -> Kpi:
        if key not in out:
            out[key] = Kpi()
        return out[key]

    def grouped(query, fields):
        names = [column, "month"] if column else ["month"]
        return query.values(*names).annotate(**{name: Sum(name) for name in fields}).order_by()

    def key_of(row):
        return (row[column] if column else None, row["month"])

    in_months = Q(month__gte=since, month__lte=until)
    if services is not None or group == "service":
        service_filter = Q(agency_id__in=agencies) if services is None else Q(service_id__in=services)
        of_audience = Q(service__audience__in=audiences)
        for row in grouped(MonthlyStat.objects.filter(in_months, service_filter, of_audience), COUNT_SUMS):
            _add(kpi(key_of(row)), row)
        if services is None and public:
            of_audience |= Q(service__isnull=True)  # a unit's walk-in survey belongs to its agency's public work
        for row in grouped(FeedbackStat.objects.filter(in_months, service_filter, of_audience), SURVEY_SUMS):
            _add(kpi(key_of(row)), row, counts=False, surveys=True)
    else:
        fields = COUNT_SUMS + SURVEY_SUMS
        queries = [AgencyMonthStat.objects.filter(in_months, agency_id__in=agencies)]
        if group == "region":
            covered, partial = _covered_regions(agencies)
            if covered:
                queries = [RegionMonthStat.objects.filter(in_months, region_id__in=covered)]
                if partial:
                    queries.append(
                        AgencyMonthStat.objects.filter(in_months, agency_id__in=agencies).exclude(region_id__in=covered)
                    )
        for query in queries:
            for row in grouped(query, fields):
                _add(kpi(key_of(row)), row, surveys=True)
    if include_backlog and group != "month":
        backlog = BacklogStat.objects.filter(
            Q(agency_id__in=agencies) if services is None else Q(service_id__in=services),
            service__audience__in=audiences,
        )
        sums = {"open": Sum("open"), "returned": Sum("returned"), "overdue": Sum("overdue")}
        # Without a group the whole scope is one row (values() without fields would group per service).
        rows = backlog.values(column).annotate(**sums).order_by() if column else [backlog.aggregate(**sums)]
        for row in rows:
            if row["open"] is None:
                continue
            item = kpi((row[column] if column else None, None))
            item.open, item.waiting, item.overdue = row["open"], row["returned"], row["overdue"]
    return out


def combine(kpis) -> "Kpi":
    total = Kpi()
    for item in kpis:
        for name in COUNTER_FIELDS:
            total.counts[name] += item.counts[name]
        for index in range(rules.BUCKETS):
            total.histogram[index] += item.histogram[index]
        total.respondents += item.respondents
        for index in range(9):
            total.score_totals[index] += item.score_totals[index]
        total.open += item.open
        total.waiting += item.waiting
        total.overdue += item.overdue
        total.completed_digital += item.completed_digital
    return total


def overview(agencies, *, since, until, group=None, services=None, audiences=PUBLIC_AUDIENCES) -> tuple:
    """One pass: (total, {month: Kpi}, {group key: Kpi}) for the dashboard and the transparency page.

    A figure pooled over several agencies (the total, its months, and region rows) carries the sample adequacy of
    its agencies (`Kpi.sample_parts`): the survey's minimum sample is judged per agency, never by pooling."""
    cells = breakdown(agencies, since=since, until=until, group=group, services=services, audiences=audiences)
    by_month: dict = {}
    by_key: dict = {}
    for (key, month), item in cells.items():
        if month is not None:
            by_month.setdefault(month, []).append(item)
        by_key.setdefault(key, []).append(item)
    total = combine(cells.values())
    months = {month: combine(items) for month, items in by_month.items()}
    keyed = {key: combine(items) for key, items in by_key.items()}
    if services is None and group in (None, "region", "agency") and tuple(audiences) == tuple(PUBLIC_AUDIENCES):
        parts = agency_samples(agencies, since=since, until=until)
        total.sample_parts = _adequate(parts, lambda agency, region, month: True)
        for month, kpi in months.items():
            kpi.sample_parts = _adequate(parts, lambda agency, region, m, month=month: m == month)
        if group == "region":
            for region_id, kpi in keyed.items():
                kpi.sample_parts = _adequate(parts, lambda agency, region, month, r=region_id: region == r)
    return total, months, keyed


def agency_samples(agencies, *, since: dt.date, until: dt.date) -> dict:
    """{(agency, region, month): (respondents, received)} of the agencies' public services."""
    rows = AgencyMonthStat.objects.filter(agency_id__in=agencies, month__gte=since, month__lte=until).values_list(
        "agency_id", "region_id", "month", "respondents", "received"
    )
    return {(agency, region, month): (respondents, received) for agency, region, month, respondents, received in rows}


def _adequate(parts: dict, pick) -> tuple[int, int] | None:
    """(agencies whose respondents reach the minimum sample, agencies judged) over the parts `pick` keeps, per agency
    summed over the months kept (PermenPANRB 14/2017: the survey is of a service unit)."""
    sums: dict[int, list[int]] = {}
    for (agency, region, month), (respondents, received) in parts.items():
        if pick(agency, region, month):
            current = sums.setdefault(agency, [0, 0])
            current[0] += respondents
            current[1] += received
    judged = [(r, n) for r, n in sums.values() if r or n]
    if len(judged) < 2:
        return None  # one agency with a population or respondents: its own figure, not a pooled one (Kpi.sample)
    return sum(ikm_rules.sample_adequacy(r, n).adequate for r, n in judged), len(judged)


def summarize(agencies, *, since: dt.date, until: dt.date, group: str | None = None, services=None) -> dict:
    """KPIs of the agencies (a queryset or ids) for months since..until (first days, both included),
    grouped by None/'region'/'agency'/'service'/'month'. Returns {key: Kpi} (key None if ungrouped)."""
    total, by_month, by_key = overview(
        agencies, since=since, until=until, group=group if group != "month" else None, services=services
    )
    if group is None:
        return {None: total}
    if group == "month":
        return by_month
    return by_key


def overdue_applications(service_id: int, *, now: dt.datetime | None = None, limit: int = 50) -> list[dict]:
    """The overdue open applications of one service, most overdue first (no personal data beyond the number)."""
    from loket.applications.models import Application

    now = now or timezone.now()
    ids = list(
        OpenApplication.objects.filter(service_id=service_id, status=Application.Status.SUBMITTED, due_at__lt=now)
        .order_by("due_at")
        .values_list("application_id", flat=True)[:limit]
    )
    apps = {
        app["id"]: app
        for app in Application.objects.filter(pk__in=ids).values(
            "id", "tracking_number", "submitted_at", "due_at", "channel", "revision_count"
        )
    }
    return [apps[pk] for pk in ids if pk in apps]


def unit_ikm(agencies, *, since: dt.date, until: dt.date) -> list[dict]:
    """IKM per unit (counter-survey responses carry a unit) for the agencies. A unit's population (the people it
    served) is not recorded, so its sample adequacy is judged with its agency's and services' (indicators "ikm")."""
    sums = {name: Sum(name) for name in ("respondents",) + SCORE_TOTAL_FIELDS}
    out = []
    for row in (
        FeedbackStat.objects.filter(agency_id__in=agencies, unit__isnull=False, month__gte=since, month__lte=until)
        .filter(Q(service__isnull=True) | Q(service__audience__in=PUBLIC_AUDIENCES))
        .values("unit_id", "unit__name", "agency__name")
        .annotate(**sums)
        .order_by("agency__name", "unit__name")
    ):
        result = ikm_rules.ikm_from_totals([row[name] for name in SCORE_TOTAL_FIELDS], row["respondents"])
        out.append(
            {"unit": row["unit__name"], "agency": row["agency__name"], "respondents": row["respondents"], "ikm": result}
        )
    return out


def agency_transparency(agency, *, months: int = 12) -> dict:
    """Everything the public page of an agency shows: no personal data, only counts and shares."""
    from loket.catalogue import queries as catalogue

    since, until = month_range(months)
    services = catalogue.agency_services(agency)
    total, trend, _ = overview([agency.pk], since=since, until=until)
    per_service = summarize([agency.pk], since=since, until=until, group="service")
    names = {service.pk: service for service in services}
    return {
        "since": since,
        "until": until,
        "months": months,
        "compliance": catalogue.agency_compliance(agency, services),
        "total": total,
        "total_row": total.as_row(),
        "trend": sorted(trend.items()),
        "services": [(names[key], kpi, kpi.as_row()) for key, kpi in per_service.items() if key in names],
    }


@dataclass(frozen=True)
class Freshness:
    """Up to when the published figures include the records (issue 14, finding 6): `data` for everything counted
    from events and survey answers, `documents` for the digital decisions (recounted every 15 minutes)."""

    data: dt.datetime | None
    documents: dt.datetime | None
    staff: dt.datetime | None = None  # when the civil-service figures against paper were last recounted


def freshness() -> Freshness:
    from loket.insights.models import Watermark

    marks = dict(
        Watermark.objects.filter(name__in=("events", "surveys", "documents", "staff_cases")).values_list(
            "name", "complete_until"
        )
    )
    feeds = [marks.get("events"), marks.get("surveys")]
    return Freshness(
        data=None if None in feeds else min(feeds), documents=marks.get("documents"), staff=marks.get("staff_cases")
    )


STAFF_SUMS = (
    "completed",
    "decreed",
    "decree_days_sum",
    "touch_seconds",
    "touched",
    "documents",
    "pages",
    "documents_unpaged",
) + HISTOGRAM_FIELDS


@dataclass
class StaffFigures:
    """One civil-service service's cases against its paper baseline (insights.indicators "staff_days",
    "staff_touch", "staff_cut", "pages_avoided"; arithmetic in insights.rules)."""

    counts: dict = field(default_factory=lambda: dict.fromkeys(STAFF_SUMS[:8], 0))
    histogram: list = field(default_factory=lambda: [0] * rules.BUCKETS)
    baseline: object = None  # insights.ServiceBaseline or None

    @property
    def median_days(self) -> int | None:
        return rules.median(self.histogram)

    @property
    def p90_days(self) -> int | None:
        return rules.percentile(self.histogram, 90)

    @property
    def mean_days(self) -> Fraction | None:
        return rules.mean(self.counts["decree_days_sum"], self.counts["decreed"])

    @property
    def touch_minutes(self) -> Fraction | None:
        """Mean officer touch time per completed case, in minutes; None when no officer decided any task of them
        (every step skipped or decided by the system: nothing measured, never a "100% cut")."""
        if not self.counts["touched"]:
            return None
        return rules.mean(Fraction(self.counts["touch_seconds"], 60), self.counts["completed"])

    @property
    def days_cut(self) -> Fraction | None:
        return rules.percent_cut(self.mean_days, self.baseline.working_days if self.baseline else None)

    @property
    def touch_cut(self) -> Fraction | None:
        return rules.percent_cut(self.touch_minutes, self.baseline.touch_minutes if self.baseline else None)

    def as_row(self) -> dict:
        """Flat figures for the dashboard, CSV and JSON (days and minutes to one decimal, half-up)."""
        baseline = self.baseline
        return {
            "decreed": self.counts["decreed"],
            "decree_median_days": _days(self.median_days),
            "decree_p90_days": _days(self.p90_days),
            "decree_mean_days": _num(rules.percent(_hundredth(self.mean_days))),
            "touch_minutes_mean": _num(rules.percent(_hundredth(self.touch_minutes))),
            "touch_hours_total": _num(rules.percent(Fraction(self.counts["touch_seconds"], 360000))),
            "baseline_days": float(baseline.working_days) if baseline else None,
            "baseline_touch_minutes": float(baseline.touch_minutes)
            if baseline and baseline.touch_minutes is not None
            else None,
            "baseline_source": baseline.source if baseline else None,
            "days_cut_percent": _num(rules.signed_percent(self.days_cut)),
            "touch_cut_percent": _num(rules.signed_percent(self.touch_cut)),
            "documents_paperless": self.counts["documents"],
            "pages_avoided": self.counts["pages"],
            "documents_unpaged": self.counts["documents_unpaged"],
        }


def _hundredth(value: Fraction | None) -> Fraction | None:
    """A plain number through `rules.percent` (which multiplies by 100): rounded half-up to one decimal."""
    return None if value is None else value / 100


def staff_figures(services, *, since: dt.date, until: dt.date) -> dict:
    """{service id: StaffFigures} of the civil-service services for months since..until, with their baselines."""
    from loket.insights.models import ServiceBaseline, StaffCaseStat

    out: dict = {}
    rows = (
        StaffCaseStat.objects.filter(service_id__in=services, month__gte=since, month__lte=until)
        .values("service_id")
        .annotate(**{name: Sum(name) for name in STAFF_SUMS})
        .order_by()
    )
    for row in rows:
        figures = out.setdefault(row["service_id"], StaffFigures())
        for name in figures.counts:
            figures.counts[name] += row[name] or 0
        for index, name in enumerate(HISTOGRAM_FIELDS):
            figures.histogram[index] += row[name] or 0
    for baseline in ServiceBaseline.objects.filter(service_id__in=services):
        out.setdefault(baseline.service_id, StaffFigures()).baseline = baseline
    return out


def staff_trend(service_id: int, *, since: dt.date, until: dt.date) -> dict:
    """{month: StaffFigures} of one civil-service service (the dashboard's drill-down), each with its baseline."""
    from loket.insights.models import ServiceBaseline, StaffCaseStat

    baseline = ServiceBaseline.objects.filter(service_id=service_id).first()
    out: dict = {}
    for row in StaffCaseStat.objects.filter(service_id=service_id, month__gte=since, month__lte=until).values(
        "month", *STAFF_SUMS
    ):
        figures = out.setdefault(row["month"], StaffFigures(baseline=baseline))
        for name in figures.counts:
            figures.counts[name] += row[name] or 0
        for index, name in enumerate(HISTOGRAM_FIELDS):
            figures.histogram[index] += row[name] or 0
    return out


def employee_services(agencies, *, since: dt.date, until: dt.date) -> list[tuple]:
    """The civil-service cases on the engine (audience "employee": leave, KGB, promotion, credit points and any
    kind added later) of the agencies, per service: shown apart from the public-service indicators.
    [(service, Kpi, StaffFigures)] by service name; a service appears once it has a case or a baseline."""
    from loket.catalogue.models import Audience

    _, _, keyed = overview(agencies, since=since, until=until, group="service", audiences=(Audience.EMPLOYEE,))
    employee = Service.objects.filter(audience=Audience.EMPLOYEE, agency_id__in=agencies)
    staff = staff_figures(employee.values("pk"), since=since, until=until)
    keys = {key for key in keyed if key is not None} | set(staff)
    names = Service.objects.select_related("agency").in_bulk(keys)
    return sorted(
        ((names[key], keyed.get(key) or Kpi(), staff.get(key) or StaffFigures()) for key in keys if key in names),
        key=lambda row: row[0].name_id,
    )


def pension_timeliness() -> dict[str, int]:
    """e-Pensiun's public figure: pension decrees signed before the pension date vs on or after it (the goal: no
    employee waits for their pension). Counts only, no person."""
    from loket.hr.pension.services import timeliness

    found = timeliness()
    found["total"] = found["before"] + found["after"]
    return found


# ---------------------------------------------------------------- the manual baselines, as the HR office sees them


def baseline_readers_agencies(user):
    """Agencies whose civil-service services' baselines `user` may read: the HR office (hr.manage) and those who read
    its records (hr.view: the inspectorate)."""
    from loket.org import permissions

    return permissions.agencies_for(user, "hr.view") | permissions.agencies_for(user, "hr.manage")


def baseline_services(user, *, months: int = 12) -> list[dict]:
    """Every civil-service service (audience "employee": leave, KGB, promotion, credit points, pension and any kind
    added later) of the agencies whose baselines `user` may read, by name, with its baseline, Loket's measured
    figures of the last `months` months against it, and whether `user` may edit it (hr.manage over its agency)."""
    from loket.catalogue.models import Audience
    from loket.org import permissions

    agencies = baseline_readers_agencies(user)
    editable = set(permissions.agencies_for(user, "hr.manage").values_list("pk", flat=True))
    found = list(
        Service.objects.filter(audience=Audience.EMPLOYEE, agency__in=agencies)
        .select_related("agency", "baseline__updated_by")
        .distinct()
        .order_by("agency__name", "name_id")
    )
    since, until = month_range(months)
    figures = staff_figures([service.pk for service in found], since=since, until=until)
    return [
        {
            "service": service,
            "baseline": getattr(service, "baseline", None),
            "figures": figures.get(service.pk) or StaffFigures(),
            "may_edit": service.agency_id in editable,
        }
        for service in found
    ]


def baseline_history(service, *, limit: int = 20) -> list:
    """The audit events of a service's baseline, newest first (its page and the admin both write them)."""
    from loket.core.models import AuditEvent

    return list(
        AuditEvent.objects.filter(object_type="insights.servicebaseline", object_id=str(service.pk)).order_by(
            "-occurred_at", "-pk"
        )[:limit]
    )


# ---------------------------------------------------------------- levies: anti-pungli in numbers (issue 18)

CASHLESS_TARGET = 100  # percent: every levy paid through the provider, none in cash
WITHOUT_CASE_TARGET = 0  # provider payments that match no case


@dataclass
class PaymentFigures:
    """Levies paid in a slice and period (PaymentMonthStat summed): insights.indicators "levy_revenue",
    "cashless_share"."""

    paid: int = 0
    amount: int = 0
    cashless: int = 0

    def add(self, paid: int, amount: int, cashless: int) -> None:
        self.paid += paid
        self.amount += amount
        self.cashless += cashless

    @property
    def cashless_share(self) -> Fraction | None:
        return rules.share(self.cashless, self.paid)

    def as_row(self) -> dict:
        return {
            "payments": self.paid,
            "revenue_rupiah": self.amount,
            "cashless_payments": self.cashless,
            "cashless_percent": _num(rules.percent(self.cashless_share)),
        }


PAYMENT_GROUPS = {"region": "region_id", "agency": "agency_id", "service": "service_id", "month": "month"}


def payment_figures(agencies, *, since: dt.date, until: dt.date, group: str | None = None, services=None):
    """(total, {key: PaymentFigures}) of the levies the agencies' services were paid in months since..until, per
    region, agency, service or month (`group`)."""
    from loket.insights.models import PaymentMonthStat

    rows = PaymentMonthStat.objects.filter(
        service__isnull=False, agency_id__in=agencies, month__gte=since, month__lte=until
    )
    if services is not None:
        rows = rows.filter(service_id__in=services)
    total, grouped = PaymentFigures(), {}
    key = PAYMENT_GROUPS.get(group or "", None)
    for row in (
        rows.values(*([key] if key else []))
        .annotate(n=Sum("paid"), rupiah=Sum("amount"), through=Sum("cashless"))
        .order_by()
    ):
        figures = (row["n"] or 0, row["rupiah"] or 0, row["through"] or 0)
        total.add(*figures)
        if key:
            grouped.setdefault(row[key], PaymentFigures()).add(*figures)
    return total, grouped


def payments_without_case(*, since: dt.date, until: dt.date) -> int:
    """Provider payments of the deployment that matched no assessment, months since..until (target 0;
    insights.indicators "payments_without_case"). They belong to no agency: every reader sees the same count."""
    from loket.insights.models import PaymentMonthStat

    found = PaymentMonthStat.objects.filter(service=None, month__gte=since, month__lte=until).aggregate(
        n=Sum("without_case")
    )
    return found["n"] or 0


def payments_freshness() -> dt.datetime | None:
    from loket.insights.models import Watermark

    return Watermark.objects.filter(name="payments").values_list("complete_until", flat=True).first()
