"""The daily reconciliation of each provider's settlement file (issue 18, ADR 0020, docs/payments.md).

For every configured provider, the worker fetches the settlement file of each recent day not yet reconciled
(`HttpProvider.settlement(day)`: one line per payment the provider settled that UTC day), parses it whole
(`rules.parse_settlement`), matches it against Loket's assessments (`rules.reconcile`) and stores one
`Reconciliation` per provider and day with its counts and totals, and one `Discrepancy` per finding that is not a
clean match, routed to the finance officers of the assessment's agency.

- Nothing is ever marked paid from the file: only the provider's confirmation (a signed callback, or its answer to
  a query, `services.expire_due`) pays an assessment. A line for an unpaid assessment is a discrepancy.
- Idempotent and re-runnable: one row per provider and day; a re-run keeps the findings already resolved, drops the
  open ones that no longer hold and adds the new ones.
- A provider that is down, or a file that does not parse, leaves the run FAILED with its reason and a next try
  (the payment round's back-off); nothing is lost, the next rounds retry it.
- Bulk reads: the assessments of the file's references a chunk at a time (one query per chunk), those Loket holds
  paid that day in one query, the discrepancies written with `bulk_create`.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from loket.core import audit
from loket.core.errors import LoketError
from loket.payments import providers, rules
from loket.payments.models import Assessment, Discrepancy, Reconciliation

log = logging.getLogger(__name__)

CHUNK = 5000  # references per query (IN list)
ARRAY_CHUNK = 50000  # references per query on PostgreSQL (one array parameter)
STALE_RUN = dt.timedelta(hours=1)  # a run "running" longer than this was left by a crashed worker
BACKOFF_SECONDS = (60, 300, 900, 3600)
PAID_STATES = (Assessment.Status.PAID, Assessment.Status.REFUNDED)


def _lookback_days() -> int:
    return max(1, int(getattr(settings, "LOKET_RECONCILE_DAYS", 3)))


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=BACKOFF_SECONDS[min(max(attempts - 1, 0), len(BACKOFF_SECONDS) - 1)])


def run_due(worker_id: str = "", now=None) -> int:
    """The worker's periodic job: reconcile every recent (provider, day) not yet done whose retry is due. One query
    when there is nothing to do. Returns how many runs it attempted."""
    now = now or timezone.now()
    keys = sorted(getattr(settings, "LOKET_PAYMENT_PROVIDERS", {}) or {})
    if not keys:
        return 0
    last = rules.settlement_day(now)
    days = [last - dt.timedelta(days=n) for n in range(_lookback_days())]
    settled = set(
        Reconciliation.objects.filter(provider__in=keys, day__in=days)
        .filter(
            Q(status=Reconciliation.Status.DONE)
            | Q(next_try_at__gt=now)
            | Q(status=Reconciliation.Status.RUNNING, started_at__gt=now - STALE_RUN)
        )
        .values_list("provider", "day")
    )
    attempted = 0
    for key in keys:
        for day in sorted(days):
            if (key, day) in settled:
                continue
            try:
                reconcile_day(key, day, now=now)
            except Exception:  # one provider's trouble never stops the others
                log.exception("reconciliation %s %s failed", key, day)
            attempted += 1
    return attempted


def reconcile_day(provider_key: str, day: dt.date, *, now=None, actor=None) -> Reconciliation:
    """Fetch, parse and match one provider's settlement file of `day`; store the run and its discrepancies.
    Re-runnable: the same row is updated. A run that another worker is carrying out is left alone."""
    now = now or timezone.now()
    try:
        run, _ = Reconciliation.objects.get_or_create(provider=provider_key, day=day)
    except IntegrityError:  # two workers created it at once
        run = Reconciliation.objects.get(provider=provider_key, day=day)
    claimed = (
        Reconciliation.objects.filter(pk=run.pk)
        .exclude(status=Reconciliation.Status.RUNNING, started_at__gt=now - STALE_RUN)
        .update(status=Reconciliation.Status.RUNNING, started_at=now, attempts=F("attempts") + 1)
    )
    run.refresh_from_db()
    if not claimed:
        return run
    try:
        text = providers.get(provider_key).settlement(day)
        if not isinstance(text, str):
            raise providers.ProviderRefused("Penyedia tidak mengirim berkas settlement CSV.")
        lines = rules.parse_settlement(text)
    except (LoketError, ValueError) as error:
        return _failed(run, getattr(error, "message", None) or str(error), now)
    except Exception as error:  # an answer we cannot read is a failure of this run, retried
        return _failed(run, f"Jawaban penyedia tidak terbaca ({type(error).__name__}).", now)
    return _store(run, lines, now, actor)


def _failed(run: Reconciliation, message: str, now) -> Reconciliation:
    with transaction.atomic():
        Reconciliation.objects.filter(pk=run.pk).update(
            status=Reconciliation.Status.FAILED,
            error=message[:300],
            next_try_at=now + _backoff(run.attempts),
            finished_at=None,
        )
        if run.attempts == 1:  # the first failure is audited; the retries are only logged
            audit.record(
                "payments.reconciliation_failed",
                obj=run,
                data={"provider": run.provider, "day": run.day.isoformat(), "error": message[:300]},
            )
    log.warning("reconciliation %s %s failed: %s", run.provider, run.day, message)
    run.refresh_from_db()
    return run


def bills_for(provider_key: str, references, day: dt.date):
    """(bills, paid_that_day, where) for `rules.reconcile`: the BillState of every assessment of this provider named
    by `references` (one query per chunk, `_named`) or recorded paid on `day` (one query), and reference -> (assessment id,
    agency id)."""
    bills: dict[str, rules.BillState] = {}
    where: dict[str, tuple[int, int]] = {}
    columns = ("id", "reference", "amount", "status", "paid_event", "agency_id")
    wanted = sorted(set(references))
    state = rules.BillState
    for rows in _named(provider_key, wanted, columns):
        for pk, reference, amount, status, paid_event, agency_id in rows:
            bills[reference] = state(amount, status, paid_event)
            where[reference] = (pk, agency_id)
    first, end = rules.day_bounds(day)
    paid: set[str] = set()
    rows = Assessment.objects.filter(
        provider=provider_key, paid_at__gte=first, paid_at__lt=end, status__in=PAID_STATES
    ).order_by()
    for pk, reference, amount, status, paid_event, agency_id in rows.values_list(*columns):
        paid.add(reference)
        bills.setdefault(reference, rules.BillState(amount, status, paid_event))
        where.setdefault(reference, (pk, agency_id))
    return bills, paid, where


def _named(provider_key: str, references: list[str], columns):
    """The rows of this provider's assessments named by `references`, a chunk at a time: on PostgreSQL one array
    parameter per ARRAY_CHUNK references (`= ANY(%s)`: no statement of thousands of placeholders to build and
    parse), elsewhere `IN` lists of CHUNK."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Assessment._meta.db_table)
        names = ", ".join(connection.ops.quote_name(Assessment._meta.get_field(c).column) for c in columns)
        sql = f"SELECT {names} FROM {table} WHERE provider = %s AND reference = ANY(%s)"
        with connection.cursor() as cursor:
            for start in range(0, len(references), ARRAY_CHUNK):
                cursor.execute(sql, [provider_key, references[start : start + ARRAY_CHUNK]])
                yield cursor.fetchall()
        return
    for start in range(0, len(references), CHUNK):
        chunk = references[start : start + CHUNK]
        yield Assessment.objects.filter(provider=provider_key, reference__in=chunk).values_list(*columns).order_by()


def _store(run: Reconciliation, lines, now, actor) -> Reconciliation:
    bills, paid, where = bills_for(run.provider, (line.reference for line in lines), run.day)
    findings = rules.reconcile(lines, bills, paid)
    wanted: dict[tuple[str, str, int], Discrepancy] = {}
    for finding in findings:
        kind = rules.discrepancy_kind(finding.kind)
        occurrence = 1
        while (kind, finding.reference, occurrence) in wanted:
            occurrence += 1
        assessment_id, agency_id = where.get(finding.reference, (None, None))
        wanted[(kind, finding.reference, occurrence)] = Discrepancy(
            reconciliation=run,
            kind=kind,
            reference=finding.reference[:40],
            occurrence=occurrence,
            loket_amount=finding.loket_amount,
            provider_amount=finding.provider_amount,
            assessment_id=assessment_id,
            agency_id=agency_id,
            created_at=now,
        )
    flagged = {f.reference for f in findings}
    matched = [line for line in lines if line.reference not in flagged]
    with transaction.atomic():
        existing = {
            (kind, reference, occurrence): (pk, resolved)
            for pk, kind, reference, occurrence, resolved in Discrepancy.objects.filter(reconciliation=run)
            .values_list("pk", "kind", "reference", "occurrence", "resolved_at")
            .order_by()
        }
        stale = [pk for key, (pk, resolved) in existing.items() if key not in wanted and resolved is None]
        for start in range(0, len(stale), CHUNK):
            Discrepancy.objects.filter(pk__in=stale[start : start + CHUNK]).delete()
        Discrepancy.objects.bulk_create([row for key, row in wanted.items() if key not in existing], batch_size=2000)
        figures = {
            "lines": len(lines),
            "settled_total": sum(line.amount for line in lines),
            "matched": len(matched),
            "matched_total": sum(line.amount for line in matched),
            "paid_count": len(paid),
            "paid_total": sum(bills[reference].amount for reference in paid),
            "discrepancies": len(findings),
        }
        Reconciliation.objects.filter(pk=run.pk).update(
            status=Reconciliation.Status.DONE, finished_at=now, error="", next_try_at=None, **figures
        )
        audit.record(
            "payments.reconciled",
            obj=run,
            actor=actor,
            data={"provider": run.provider, "day": run.day.isoformat(), **figures},
        )
    run.refresh_from_db()
    return run
