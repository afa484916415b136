"""Keeping the summary tables up to date (ADR 0006).

`catch_up()` folds new ApplicationEvent and SurveyResponse rows into the summaries, in id order, from
a watermark per feed. One worker at a time holds the feed (a row lock on its watermark); the others skip.
Only rows older than `lag` seconds are folded, so a transaction that took an id earlier but committed
later is not skipped. `rebuild()` empties every summary and folds everything again (demo, tests, repair).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Count, DateField, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from loket.applications.models import Application, ApplicationEvent
from loket.catalogue.models import Audience, Service
from loket.core import audit
from loket.core.errors import PermissionDenied
from loket.core.i18n import tr
from loket.documents import queries as document_queries
from loket.feedback.models import SCORE_FIELDS, SurveyResponse
from loket.insights import indicators, rules
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
    OpenDataFile,
    PaymentMonthStat,
    Refiling,
    RegionMonthStat,
    ServiceBaseline,
    StaffCaseStat,
    Watermark,
)
from loket.org import deadlines, permissions
from loket.org.models import TZ_NAMES, Region

EVENTS, SURVEYS, DOCUMENTS = "events", "surveys", "documents"
DEFINITIONS = "definitions"  # its last_id: the insights.indicators.VERSION the summaries were built with
BATCH = 5000
DEFAULT_LAG_SECONDS = 10


def default_lag() -> dt.timedelta:
    """How old a source row must be before it is folded (setting LOKET_INSIGHTS_LAG_SECONDS, default 10)."""
    from django.conf import settings

    return dt.timedelta(seconds=int(getattr(settings, "LOKET_INSIGHTS_LAG_SECONDS", DEFAULT_LAG_SECONDS)))


RELEVANT_KINDS = ("submitted", "returned", "resubmitted", "completed", "rejected", "withdrawn")
OPEN = (Application.Status.SUBMITTED, Application.Status.RETURNED)


def month_of(moment: dt.datetime, region: Region) -> dt.date:
    """First day of the local calendar month of `moment` in the region's time zone."""
    return deadlines.local_date(moment, region).replace(day=1)


@dataclass
class _Delta:
    region_id: int
    agency_id: int
    counts: dict = field(default_factory=lambda: defaultdict(int))
    public: bool = True  # a public service's counts go into the agency and region rollups too (PUBLIC_AUDIENCES)


def _lock(name: str) -> Watermark | None:
    """The feed's watermark, locked for this transaction; None when another worker holds it."""
    Watermark.objects.get_or_create(name=name)
    query = Watermark.objects.filter(name=name)
    if connection.features.has_select_for_update_skip_locked:
        query = query.select_for_update(skip_locked=True)
    return query.first()


def _caught_up(mark: Watermark, cutoff: dt.datetime, read: int, batch: int | None = None) -> int:
    """Save the feed's watermark; when this batch emptied the feed (fewer rows than a batch), everything recorded
    before `cutoff` is in the summaries: the freshness the pages state. Returns `read`."""
    fields = ["last_id", "updated_at"]
    if batch is None or read < batch:
        mark.complete_until = cutoff
        fields.append("complete_until")
    mark.save(update_fields=fields)
    return read


def _settled(rows, moment_key, cutoff) -> list:
    """The rows in id order up to (not including) the first one newer than `cutoff`: the watermark never
    passes a recent row, even when a later id carries an older time (bulk loads with past times)."""
    out = []
    for row in rows:
        if row[moment_key] > cutoff:
            break
        out.append(row)
    return out


def _public_services(ids) -> set[int]:
    return set(Service.objects.filter(pk__in=ids, audience__in=PUBLIC_AUDIENCES).values_list("pk", flat=True))


def _regions(ids) -> dict[int, Region]:
    return {region.pk: region for region in Region.objects.filter(pk__in=set(ids)).select_related("parent")}


@transaction.atomic
def fold_events(*, batch: int = BATCH, lag: dt.timedelta | None = None, now: dt.datetime | None = None) -> int:
    """Fold the next batch of application events into MonthlyStat and OpenApplication. Returns rows read."""
    now = now or timezone.now()
    lag = default_lag() if lag is None else lag
    mark = _lock(EVENTS)
    if mark is None:
        return 0
    rows = _settled(
        ApplicationEvent.objects.filter(id__gt=mark.last_id)
        .order_by("id")
        .values_list("id", "kind", "occurred_at", "application_id")[:batch],
        2,
        now - lag,
    )
    if not rows:
        return _caught_up(mark, now - lag, 0)
    relevant = [row for row in rows if row[1] in RELEVANT_KINDS]
    apps = {
        app["id"]: app
        for app in Application.objects.filter(pk__in={row[3] for row in relevant}).values(
            "id",
            "service_id",
            "agency_id",
            "region_id",
            "channel",
            "submitted_at",
            "paused_working_days",
            "revision_count",
            "standard__time_limit_days",
            "service__audience",
        )
    }
    regions = _regions(app["region_id"] for app in apps.values())
    deltas: dict[tuple[int, dt.date], _Delta] = {}

    def delta(app, moment) -> dict:
        region = regions[app["region_id"]]
        key = (app["service_id"], month_of(moment, region))
        if key not in deltas:
            deltas[key] = _Delta(
                app["region_id"], app["agency_id"], public=app["service__audience"] in PUBLIC_AUDIENCES
            )
        return deltas[key].counts

    for _, kind, occurred_at, application_id in relevant:
        app = apps[application_id]
        counts = delta(app, occurred_at)
        if kind == "submitted":
            counts["received"] += 1
            counts[f"received_{app['channel']}"] += 1
        elif kind == "returned":
            counts["returned"] += 1
        elif kind == "withdrawn":
            counts["withdrawn"] += 1
        elif kind in ("completed", "rejected"):
            counts[kind] += 1
            counts["decided"] += 1
            # Returned-for-revision rate: decided applications returned at least once (rules module docstring).
            counts["decided_after_return"] += app["revision_count"] > 0
            region = regions[app["region_id"]]
            submitted_day, decided_day = (
                deadlines.local_date(app["submitted_at"], region),
                deadlines.local_date(occurred_at, region),
            )
            if kind == "rejected" and decided_day < submitted_day:
                continue  # a record with impossible times is not measured (the set-based rebuild agrees: 0 days)
            used = rules.working_days_used(
                deadlines.calendar_for(region).working_days_between,
                submitted_day,
                decided_day,
                app["paused_working_days"],
            )
            if kind == "completed":
                counts[f"completed_{app['channel']}"] += 1
                counts["days_sum"] += used
                counts[HISTOGRAM_FIELDS[rules.bucket(used)]] += 1
            # A rejection after the limit is a miss too (rules.sla_outcome): re-filing does not erase it.
            met = rules.sla_outcome(kind, used, app["standard__time_limit_days"])
            if met is not None:
                counts["sla_measured"] += 1
                counts["sla_met"] += met
    _apply_monthly(deltas)
    link_refilings([row[3] for row in relevant if row[1] == "submitted"])
    touched = {row[3] for row in relevant}
    services = _sync_open(touched)
    recompute_backlog(services=services, now=now)
    mark.last_id = rows[-1][0]
    return _caught_up(mark, now - lag, len(rows), batch)


def refiling_days() -> int:
    """How soon after a rejection a new filing counts as a re-filing (setting LOKET_REFILING_DAYS)."""
    from django.conf import settings

    return int(getattr(settings, "LOKET_REFILING_DAYS", rules.REFILING_DAYS))


def link_refilings(application_ids=None) -> int:
    """Link each of these applications (all when None) that its applicant filed for a service within
    `refiling_days()` of the rejection of an earlier application of theirs to that service, to the latest such
    rejection, with who rejected it and whether the rejection came after the time limit (a miss in SLA figures
    already, rules.sla_outcome). Idempotent. Returns the links written."""
    if application_ids is not None and not application_ids:
        return 0
    rejected = Application.objects.filter(
        applicant_id=OuterRef("applicant_id"),
        service_id=OuterRef("service_id"),
        status=Application.Status.REJECTED,
        decided_at__lt=OuterRef("submitted_at"),
        decided_at__gte=OuterRef("submitted_at") - dt.timedelta(days=refiling_days()),
    ).order_by("-decided_at")
    filings = Application.objects.annotate(rejected_id=Subquery(rejected.values("pk")[:1])).filter(
        rejected_id__isnull=False
    )
    if application_ids is not None:
        filings = filings.filter(pk__in=list(application_ids))
    pairs = list(filings.values_list("pk", "rejected_id", "submitted_at"))
    if not pairs:
        return 0
    earlier = {
        app.pk: app
        for app in Application.objects.filter(pk__in={r for _, r, _ in pairs}).select_related("standard", "region")
    }
    by = dict(
        ApplicationEvent.objects.filter(application_id__in=list(earlier), kind="rejected").values_list(
            "application_id", "actor_id"
        )
    )
    links = []
    for application_id, rejected_id, submitted_at in pairs:
        old = earlier[rejected_id]
        region = old.region
        submitted_day = deadlines.local_date(old.submitted_at, region)
        decided_day = deadlines.local_date(old.decided_at, region)
        used = (
            rules.working_days_used(
                deadlines.calendar_for(region).working_days_between,
                submitted_day,
                decided_day,
                old.paused_working_days,
            )
            if decided_day >= submitted_day
            else 0
        )
        links.append(
            Refiling(
                application_id=application_id,
                rejected_id=rejected_id,
                agency_id=old.agency_id,
                rejected_by_id=by.get(rejected_id),
                rejected_at=old.decided_at,
                refiled_at=submitted_at,
                rejected_late=rules.rejected_late(used, old.standard.time_limit_days),
            )
        )
    Refiling.objects.bulk_create(links, ignore_conflicts=True)
    return len(links)


COUNT_COLUMNS = COUNTER_FIELDS + HISTOGRAM_FIELDS
SURVEY_COLUMNS = ("respondents",) + SCORE_TOTAL_FIELDS


UPSERT_CHUNK = 200  # rows per statement (× ~60 columns stays far below both databases' parameter limits)


def _upsert(
    model, keys: tuple[str, ...], fixed: tuple[str, ...], columns: tuple[str, ...], rows: list[tuple], *, add=True
) -> None:
    """Add `columns` deltas to the rows identified by `keys` (creating them), or with `add=False` set them:
    multi-row INSERT … ON CONFLICT DO UPDATE statements (PostgreSQL and SQLite ≥ 3.24 share the syntax). Keys
    must be unique in `rows`."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = keys + fixed + columns
    quoted = [connection.ops.quote_name(name) for name in names]
    changed = quoted[len(keys) + len(fixed) :]
    updates = ", ".join(
        f"{name} = {table}.{name} + excluded.{name}" if add else f"{name} = excluded.{name}" for name in changed
    )
    one = "(" + ", ".join(["%s"] * len(names)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPSERT_CHUNK):
            chunk = rows[start : start + UPSERT_CHUNK]
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(quoted)}) VALUES {', '.join([one] * len(chunk))} "
                f"ON CONFLICT ({', '.join(quoted[: len(keys)])}) DO UPDATE SET {updates}",
                [value for row in chunk for value in row],
            )


def _defaults(model, columns) -> tuple:
    """Values for the NOT NULL columns a rollup row needs besides keys and deltas (all start at 0)."""
    return tuple(
        name
        for name in (*COUNT_COLUMNS, *SURVEY_COLUMNS, *DOCUMENT_FIELDS)
        if name not in columns and any(f.attname == name for f in model._meta.concrete_fields)
    )


def _apply_rollups(deltas: dict, columns: tuple[str, ...], *, services: bool) -> None:
    """Add per-(service, month) deltas to MonthlyStat (when `services`) and to the agency and region rollups."""
    per_agency: dict[tuple, list[int]] = {}
    per_region: dict[tuple, list[int]] = {}
    service_rows = []
    for (service_id, month), item in deltas.items():
        values = [item.counts.get(name, 0) for name in columns]
        if services:
            service_rows.append((service_id, month, item.region_id, item.agency_id, *values))
        if not item.public:
            continue
        for table, key in (
            (per_agency, (item.agency_id, month, item.region_id)),
            (per_region, (item.region_id, month)),
        ):
            current = table.setdefault(key, [0] * len(columns))
            for index, value in enumerate(values):
                current[index] += value
    if services:
        _upsert(MonthlyStat, ("service_id", "month"), ("region_id", "agency_id"), columns, service_rows)
    for model, table, keys, fixed in (
        (AgencyMonthStat, per_agency, ("agency_id", "month"), ("region_id",)),
        (RegionMonthStat, per_region, ("region_id", "month"), ()),
    ):
        zeros = _defaults(model, columns)
        _upsert(
            model, keys, fixed + zeros, columns, [(*key, *([0] * len(zeros)), *values) for key, values in table.items()]
        )


def _apply_monthly(deltas: dict) -> None:
    _apply_rollups(deltas, COUNT_COLUMNS, services=True)


def _sync_open(application_ids) -> set[int]:
    """Mirror the current state of these applications into OpenApplication; returns the services touched."""
    if not application_ids:
        return set()
    current = list(
        Application.objects.filter(pk__in=application_ids).values(
            "id", "status", "region_id", "agency_id", "service_id", "submitted_at", "due_at"
        )
    )
    still_open = [
        OpenApplication(
            application_id=app["id"],
            status=app["status"],
            region_id=app["region_id"],
            agency_id=app["agency_id"],
            service_id=app["service_id"],
            submitted_at=app["submitted_at"],
            due_at=app["due_at"],
        )
        for app in current
        if app["status"] in OPEN
    ]
    closed = [app["id"] for app in current if app["status"] not in OPEN]
    if closed:
        OpenApplication.objects.filter(application_id__in=closed).delete()
    if still_open:
        OpenApplication.objects.bulk_create(
            still_open, update_conflicts=True, unique_fields=["application_id"], update_fields=["status", "due_at"]
        )
    return {app["service_id"] for app in current}


def recompute_backlog(*, services=None, now: dt.datetime | None = None) -> int:
    """Backlog, waiting-on-applicant and overdue per service from OpenApplication (all services if None).

    Overdue: still being processed (not returned: the clock is stopped) and past the application's due
    time, which already includes the working days it spent returned (loket.workflow.services.resume)."""
    now = now or timezone.now()
    query = OpenApplication.objects.all()
    if services is not None:
        if not services:
            return 0
        query = query.filter(service_id__in=services)
    counts = {
        row["service_id"]: row
        for row in query.values("service_id", "region_id", "agency_id").annotate(
            open=Count("pk"),
            returned=Count("pk", filter=Q(status=Application.Status.RETURNED)),
            overdue=Count("pk", filter=Q(status=Application.Status.SUBMITTED, due_at__lt=now)),
        )
    }
    stale = BacklogStat.objects.all() if services is None else BacklogStat.objects.filter(service_id__in=services)
    stale.exclude(service_id__in=list(counts)).update(open=0, returned=0, overdue=0, computed_at=now)
    BacklogStat.objects.bulk_create(
        [
            BacklogStat(
                service_id=service_id,
                region_id=row["region_id"],
                agency_id=row["agency_id"],
                open=row["open"],
                returned=row["returned"],
                overdue=row["overdue"],
                computed_at=now,
            )
            for service_id, row in counts.items()
        ],
        update_conflicts=True,
        unique_fields=["service"],
        update_fields=["open", "returned", "overdue", "computed_at"],
    )
    return len(counts)


@transaction.atomic
def fold_surveys(*, batch: int = BATCH, lag: dt.timedelta | None = None, now: dt.datetime | None = None) -> int:
    """Fold the next batch of survey responses into FeedbackStat (per month, agency, service, unit)."""
    now = now or timezone.now()
    lag = default_lag() if lag is None else lag
    mark = _lock(SURVEYS)
    if mark is None:
        return 0
    rows = _settled(
        SurveyResponse.objects.filter(id__gt=mark.last_id)
        .order_by("id")
        .values("id", "created_at", "region_id", "agency_id", "service_id", "unit_id", *SCORE_FIELDS)[:batch],
        "created_at",
        now - lag,
    )
    if not rows:
        return _caught_up(mark, now - lag, 0)
    regions = _regions(row["region_id"] for row in rows)
    public = _public_services({row["service_id"] for row in rows if row["service_id"]})
    totals: dict[tuple, list[int]] = {}
    for row in rows:
        key = (
            month_of(row["created_at"], regions[row["region_id"]]),
            row["region_id"],
            row["agency_id"],
            row["service_id"],
            row["unit_id"],
        )
        sums = totals.setdefault(key, [0] * 10)
        sums[0] += 1
        for index, name in enumerate(SCORE_FIELDS, start=1):
            sums[index] += row[name]
    rollup: dict[tuple, _Delta] = {}
    for (month, region_id, agency_id, service_id, unit_id), sums in totals.items():
        changes = {"respondents": sums[0], **dict(zip(SCORE_TOTAL_FIELDS, sums[1:]))}
        if service_id is None or service_id in public:  # a unit's walk-in survey belongs to its agency's public work
            item = rollup.setdefault((agency_id, month), _Delta(region_id, agency_id))
            for name, value in changes.items():
                item.counts[name] += value
        updated = FeedbackStat.objects.filter(
            month=month, agency_id=agency_id, service_id=service_id, unit_id=unit_id
        ).update(**{name: F(name) + value for name, value in changes.items()})
        if not updated:
            FeedbackStat.objects.create(
                month=month, region_id=region_id, agency_id=agency_id, service_id=service_id, unit_id=unit_id, **changes
            )
    _apply_rollups(rollup, SURVEY_COLUMNS, services=False)
    mark.last_id = rows[-1]["id"]
    return _caught_up(mark, now - lag, len(rows), batch)


def catch_up(
    *,
    lag: dt.timedelta | None = None,
    batch: int = BATCH,
    max_batches: int | None = None,
    now: dt.datetime | None = None,
) -> dict[str, int]:
    """Fold everything pending (each batch in its own transaction). Returns rows read per feed."""
    done = {EVENTS: 0, SURVEYS: 0}
    for feed, fold in ((EVENTS, fold_events), (SURVEYS, fold_surveys)):
        rounds = 0
        while max_batches is None or rounds < max_batches:
            read = fold(batch=batch, lag=lag, now=now)
            done[feed] += read
            rounds += 1
            if read < batch:
                break
    return done


RECENT_DOCUMENT_MONTHS = 3  # decisions are signed (or printed) within days: the 15-minute refresh recounts these


@transaction.atomic
def refresh_documents(*, months: int | None = RECENT_DOCUMENT_MONTHS, now: dt.datetime | None = None) -> int:
    """Recount `completed_digital` (the "digital" indicator) of the last `months` local months (all when None): per
    public service and local month of completion, the completed applications whose decision was issued
    electronically and never printed (documents.queries.issued_electronically), then the agency and region rollups
    from those. A document signed or printed later changes its application's month: the count is recomputed, not
    added. One grouped query per time zone in use, one write per table. Returns the service-month rows written."""
    now = now or timezone.now()
    written = 0
    zones = set(Region.objects.values_list("time_zone", flat=True).distinct())
    firsts = {}
    for code in zones:
        zone = ZoneInfo(TZ_NAMES[code])
        first = None
        if months is not None:
            first = now.astimezone(zone).date().replace(day=1)
            for _ in range(months - 1):
                first = (first - dt.timedelta(days=1)).replace(day=1)
        firsts[code] = first
        completed = Application.objects.filter(
            status=Application.Status.COMPLETED,
            region__time_zone=code,
            service__audience__in=PUBLIC_AUDIENCES,
            decided_at__isnull=False,
        )
        if first is not None:
            completed = completed.filter(decided_at__gte=dt.datetime.combine(first, dt.time(), tzinfo=zone))
        rows = (
            completed.annotate(month=TruncMonth("decided_at", output_field=DateField(), tzinfo=zone))
            .values("service_id", "month", "region_id", "agency_id")
            .annotate(digital=Count("pk", filter=document_queries.issued_electronically()))
            .order_by()
        )
        found = [(r["service_id"], r["month"], r["region_id"], r["agency_id"], r["digital"]) for r in rows]
        stale = MonthlyStat.objects.filter(region__time_zone=code).exclude(completed_digital=0)
        if first is not None:
            stale = stale.filter(month__gte=first)
        keep = {(service_id, month) for service_id, month, *_ in found}
        stale_ids = [
            pk
            for pk, service_id, month in stale.values_list("pk", "service_id", "month")
            if (service_id, month) not in keep
        ]
        if stale_ids:
            MonthlyStat.objects.filter(pk__in=stale_ids).update(completed_digital=0)
        _set(MonthlyStat, ("service_id", "month"), ("region_id", "agency_id"), "completed_digital", found)
        written += len(found)
    earliest = None if any(first is None for first in firsts.values()) else min(firsts.values(), default=None)
    _sum_documents_into_rollups(earliest)
    if not Watermark.objects.filter(name=DOCUMENTS).update(complete_until=now):
        Watermark.objects.create(name=DOCUMENTS, complete_until=now)
    return written


STAFF = "staff_cases"  # the watermark whose complete_until says when the civil-service figures were recounted
STAFF_CHUNK = 2000  # cases read with their tasks, readings and documents per round trip


def touch_cap_seconds() -> int:
    """insights.rules.TOUCH_CAP_MINUTES, or setting LOKET_TOUCH_CAP_MINUTES, in seconds."""
    from django.conf import settings

    return int(getattr(settings, "LOKET_TOUCH_CAP_MINUTES", rules.TOUCH_CAP_MINUTES)) * 60


def _staff_facts(ids: list[int]) -> tuple[dict, dict, dict]:
    """For the cases `ids`: their signed documents, their tasks decided by an officer, and those officers' readings
    of the cases: ({case: [(signed_at, pages, printed)]}, {case: [task]}, {(case, officer): [moments]})."""
    from loket.applications.models import CaseAccess
    from loket.documents.models import Document
    from loket.workflow.models import Task

    documents = defaultdict(list)
    for case, signed_at, pages, delivery, printed_at in Document.objects.filter(
        application_id__in=ids, signed_at__isnull=False
    ).values_list("application_id", "signed_at", "pages", "delivery", "printed_at"):
        documents[case].append((signed_at, pages, delivery != Document.Delivery.DIGITAL or printed_at is not None))
    tasks = defaultdict(list)
    for row in Task.objects.filter(
        application_id__in=ids,
        completed_by__isnull=False,
        completed_at__isnull=False,
        status__in=(Task.Status.APPROVED, Task.Status.RETURNED, Task.Status.REJECTED),
    ).values_list("application_id", "created_at", "assigned_at", "completed_by_id", "completed_at"):
        tasks[row[0]].append(row[1:])
    reads = defaultdict(list)
    for case, actor, at in CaseAccess.objects.filter(
        application_id__in=ids, kind__in=(CaseAccess.Kind.OPENED, CaseAccess.Kind.PREVIEW)
    ).values_list("application_id", "actor_id", "at"):
        reads[(case, actor)].append(at)
    return documents, tasks, reads


def refresh_staff_cases(*, months: int | None = RECENT_DOCUMENT_MONTHS, now: dt.datetime | None = None) -> int:
    """Recount `StaffCaseStat` (civil-service cases: audience "employee", every kind on the engine) for the last
    `months` local months of completion (all when None), from the cases, their tasks, the officers' readings and
    the signed documents (insights.indicators "staff_days", "staff_touch", "pages_avoided"). Recomputed, not folded:
    a decree signed or a page count backfilled after the completion changes an old month. Returns the rows."""

    now = now or timezone.now()
    cap = touch_cap_seconds()
    regions = {region.pk: region for region in Region.objects.all()}
    cells: dict = {}
    stale = StaffCaseStat.objects.none()
    for code in {region.time_zone for region in regions.values()}:
        zone = ZoneInfo(TZ_NAMES[code])
        cases = Application.objects.filter(
            status=Application.Status.COMPLETED,
            service__audience=Audience.EMPLOYEE,
            region__time_zone=code,
            decided_at__isnull=False,
        )
        old = StaffCaseStat.objects.filter(region__time_zone=code)
        if months is not None:
            first = now.astimezone(zone).date().replace(day=1)
            for _ in range(months - 1):
                first = (first - dt.timedelta(days=1)).replace(day=1)
            cases = cases.filter(decided_at__gte=dt.datetime.combine(first, dt.time(), tzinfo=zone))
            old = old.filter(month__gte=first)
        stale |= old
        rows = list(
            cases.order_by("pk").values_list("pk", "service_id", "agency_id", "region_id", "submitted_at", "decided_at")
        )
        for start in range(0, len(rows), STAFF_CHUNK):
            chunk = rows[start : start + STAFF_CHUNK]
            documents, tasks, reads = _staff_facts([row[0] for row in chunk])
            for case, service_id, agency_id, region_id, submitted_at, decided_at in chunk:
                region = regions[region_id]
                month = deadlines.local_date(decided_at, region).replace(day=1)
                cell = cells.setdefault(
                    (service_id, month),
                    StaffCaseStat(service_id=service_id, month=month, region_id=region_id, agency_id=agency_id),
                )
                cell.completed += 1
                signed = [signed_at for signed_at, _, _ in documents[case]]
                if signed:
                    days = rules.decree_days(
                        deadlines.calendar_for(region).working_days_between,
                        deadlines.local_date(submitted_at, region),
                        deadlines.local_date(max(min(signed), submitted_at), region),
                    )
                    cell.decreed += 1
                    cell.decree_days_sum += days
                    name = HISTOGRAM_FIELDS[rules.bucket(days)]
                    setattr(cell, name, getattr(cell, name) + 1)
                touched = []
                for created, assigned, officer, completed in tasks[case]:
                    read = min((at for at in reads[(case, officer)] if created <= at <= completed), default=None)
                    touched.append((created, assigned, read, completed))
                cell.touch_seconds += rules.touch_seconds(touched, cap)
                cell.touched += bool(touched)
                for _, pages, printed in documents[case]:
                    if printed:
                        continue
                    cell.documents += 1
                    if pages is None:
                        cell.documents_unpaged += 1
                    else:
                        cell.pages += pages
    with transaction.atomic():
        stale.delete() if months is not None else StaffCaseStat.objects.all().delete()
        StaffCaseStat.objects.bulk_create(cells.values(), batch_size=1000)
        if not Watermark.objects.filter(name=STAFF).update(complete_until=now):
            Watermark.objects.create(name=STAFF, complete_until=now)
    return len(cells)


PAYMENTS = "payments"  # the watermark whose complete_until says when the levy figures were last recounted


def refresh_payments(*, now: dt.datetime | None = None) -> int:
    """Recount `PaymentMonthStat` from the assessments and the provider's events, every month (issue 18;
    insights.indicators "levy_revenue", "cashless_share", "payments_without_case"). Recomputed, not folded: a
    payment is placed by the moment the provider says it was made, which can precede its callback.

    - paid: assessments with a payment moment (paid, or refunded afterwards: the money came in), by the local month
      of that moment in the case's region, per the case's service, their levies summed;
    - cashless: of them, those whose paying event is a provider callback Loket stored and applied to that
      assessment (the only way Loket marks a levy paid; anything else was marked paid outside the provider);
    - without a case: provider callbacks of a payment that matched no assessment (outcome unknown bill), by the
      month of their receipt in the deployment's time zone, on the deployment's row (no service).
    Returns the rows written."""
    from loket.payments import rules as payment_rules
    from loket.payments.models import Assessment, PaymentEvent

    now = now or timezone.now()
    regions = {region.pk: region for region in Region.objects.all()}
    applied = Exists(
        PaymentEvent.objects.filter(
            assessment=OuterRef("pk"),
            provider=OuterRef("provider"),
            event_id=OuterRef("paid_event"),
            kind="payment.paid",
            outcome=payment_rules.APPLIED,
        )
    )
    cells: dict = {}
    for service_id, agency_id, region_id, paid_at, amount, cashless in (
        Assessment.objects.filter(paid_at__isnull=False)
        .annotate(cashless=applied)
        .values_list(
            "application__service_id",
            "application__agency_id",
            "application__region_id",
            "paid_at",
            "amount",
            "cashless",
        )
    ):
        month = deadlines.local_date(paid_at, regions[region_id]).replace(day=1)
        cell = cells.setdefault(
            (service_id, month),
            PaymentMonthStat(service_id=service_id, month=month, region_id=region_id, agency_id=agency_id),
        )
        cell.paid += 1
        cell.amount += amount
        cell.cashless += bool(cashless)
    zone = timezone.get_default_timezone()
    for received_at in PaymentEvent.objects.filter(
        kind="payment.paid", outcome=payment_rules.UNKNOWN_BILL, assessment=None
    ).values_list("received_at", flat=True):
        month = timezone.localtime(received_at, zone).date().replace(day=1)
        cell = cells.setdefault((None, month), PaymentMonthStat(month=month))
        cell.without_case += 1
    with transaction.atomic():
        PaymentMonthStat.objects.all().delete()
        PaymentMonthStat.objects.bulk_create(cells.values(), batch_size=1000)
        if not Watermark.objects.filter(name=PAYMENTS).update(complete_until=now):
            Watermark.objects.create(name=PAYMENTS, complete_until=now)
    return len(cells)


def _set(model, keys: tuple[str, ...], fixed: tuple[str, ...], column: str, rows: list[tuple]) -> None:
    """Set `column` of the rows identified by `keys` (creating them with zero counts); each row is
    (*keys, *fixed, value)."""
    zeros = _defaults(model, (column,))
    padded = [(*row[:-1], *([0] * len(zeros)), row[-1]) for row in rows]
    _upsert(model, keys, fixed + zeros, (column,), padded, add=False)


def _sum_documents_into_rollups(since: dt.date | None) -> None:
    """The agency and region rollups' `completed_digital` from the public services' rows (months from `since`)."""
    q = connection.ops.quote_name
    audiences = ", ".join(["%s"] * len(PUBLIC_AUDIENCES))
    with connection.cursor() as cursor:
        for model, key in ((AgencyMonthStat, "agency_id"), (RegionMonthStat, "region_id")):
            table = q(model._meta.db_table)
            cursor.execute(
                f"UPDATE {table} SET completed_digital = coalesce(("
                f"SELECT sum(m.completed_digital) FROM {q(MonthlyStat._meta.db_table)} m "
                f"JOIN {q(Service._meta.db_table)} s ON s.id = m.service_id WHERE m.{key} = {table}.{key} "
                f"AND m.{q('month')} = {table}.{q('month')} AND s.audience IN ({audiences})), 0)"
                + (f" WHERE {q('month')} >= %s" if since else ""),
                [*PUBLIC_AUDIENCES, *([since] if since else [])],
            )


def definitions_outdated() -> bool:
    """Whether the summaries were built with other definitions than insights.indicators.VERSION (an upgrade
    changed a definition): the worker then rebuilds them once (jobs.periodic_round)."""
    built = Watermark.objects.filter(name=DEFINITIONS).values_list("last_id", flat=True).first()
    return built != indicators.VERSION


def rebuild(*, actor=None, incremental: bool = False) -> dict[str, int]:
    """Empty every summary and fold all events and survey responses again, then publish open data.

    On PostgreSQL the bulk of the work is one set-based pass (loket.insights.bulk); `incremental=True`
    (and SQLite) replays the rows through the incremental fold instead."""
    from loket.insights import opendata

    with transaction.atomic():
        for name in (EVENTS, SURVEYS):
            Watermark.objects.get_or_create(name=name)
        Watermark.objects.select_for_update().filter(name__in=(EVENTS, SURVEYS)).update(last_id=0)
        for model in (
            MonthlyStat,
            AgencyMonthStat,
            RegionMonthStat,
            FeedbackStat,
            OpenApplication,
            BacklogStat,
            OpenDataFile,
            Refiling,
        ):
            model.objects.all().delete()
    from loket.insights import bulk

    set_based = bulk.supported() and not incremental
    if set_based:
        bulk.rebuild()  # set-based, the same definitions; then fold whatever arrived meanwhile
        link_refilings()  # the fold links the filings it reads; these events were read by the set-based pass
    done = catch_up(lag=dt.timedelta(0), batch=20000)
    done["set_based"] = int(set_based)
    recompute_backlog()
    refresh_documents(months=None)  # every month: one grouped query per time zone
    refresh_staff_cases(months=None)
    refresh_payments()
    done["files"] = opendata.publish()
    Watermark.objects.update_or_create(name=DEFINITIONS, defaults={"last_id": indicators.VERSION})
    if actor is not None:
        audit.record("insights.rebuilt", obj=None, actor=actor, data=done)
    return done


# ---------------------------------------------------------------- the manual baselines the HR office enters

BASELINE_FIELDS = ("working_days", "touch_minutes", "source", "period", "notes")


def _baseline_snapshot(baseline) -> dict:
    if baseline is None:
        return {}
    return {
        name: (str(value) if value is not None and name in ("working_days", "touch_minutes") else value)
        for name, value in ((name, getattr(baseline, name)) for name in BASELINE_FIELDS)
    }


@transaction.atomic
def save_baseline(*, actor, service: Service, values: dict):
    """Record (or correct) the manual baseline of a civil-service service: `values` as `rules.clean_baseline` gave
    them. Only the HR office of the service's region (hr.manage over its agency); only services whose audience is
    civil servants. Audited with the values before and after. Returns the baseline."""
    if service.audience != Audience.EMPLOYEE:
        raise PermissionDenied(
            tr(
                "Angka proses manual hanya dicatat untuk layanan kepegawaian ASN.",
                "Manual process figures are recorded for civil-service services only.",
            )
        )
    permissions.require(actor, "hr.manage", service.agency_id)
    baseline = ServiceBaseline.objects.select_for_update().filter(service=service).first()
    before = _baseline_snapshot(baseline)
    if baseline is None:
        baseline = ServiceBaseline(service=service)
    for name in BASELINE_FIELDS:
        setattr(baseline, name, values[name])
    baseline.updated_by = actor
    baseline.save()
    after = _baseline_snapshot(baseline)
    audit.record(
        "insights.baseline_created" if not before else "insights.baseline_changed",
        obj=baseline,
        actor=actor,
        data={
            "service": service.code,
            "changed": sorted(name for name in BASELINE_FIELDS if before.get(name) != after[name]),
            "before": before,
            "after": after,
        },
    )
    return baseline
