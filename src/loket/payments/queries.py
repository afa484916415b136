"""Reads of payments for pages: the assessment of a case as its applicant sees it; the finance officers'
discrepancies and daily report, scoped by `org.permissions` (payments.finance)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from loket.org import permissions
from loket.payments import providers, rules
from loket.payments.models import Assessment, Discrepancy, PaymentEvent, Reconciliation


def assessment_of(application_id: int) -> Assessment | None:
    return Assessment.objects.filter(application_id=application_id).select_related("receipt").first()


# ---------------------------------------------------------------- finance: discrepancies and the daily report


def finance_agencies(user):
    """The agencies whose levies `user` accounts for as receiving treasurer (payments.finance)."""
    return permissions.agencies_for(user, "payments.finance").select_related("region__parent").order_by("name")


def _provider_keys(agencies) -> set[str]:
    keys = set()
    for agency in agencies:
        try:
            keys.add(providers.key_for_region(agency.region))
        except providers.NotConfigured:
            continue
    return keys


def discrepancies_for(user):
    """Every discrepancy routed to `user`: those of assessments of their agencies, and the bills Loket does not know
    settled by a provider their agencies' regions pay through."""
    agencies = list(finance_agencies(user))
    if not agencies:
        return Discrepancy.objects.none()
    scope = Q(agency_id__in=[agency.pk for agency in agencies])
    keys = _provider_keys(agencies)
    if keys:
        scope |= Q(agency__isnull=True, reconciliation__provider__in=sorted(keys))
    return Discrepancy.objects.filter(scope)


def finance_inbox(user, *, resolved: bool = False):
    rows = discrepancies_for(user).filter(resolved_at__isnull=not resolved)
    return rows.select_related("reconciliation", "agency", "assessment", "resolved_by").order_by(
        "-reconciliation__day", "kind", "reference", "pk"
    )


def discrepancy_for(user, pk: int) -> Discrepancy | None:
    return (
        discrepancies_for(user)
        .select_related("reconciliation", "agency", "assessment__application", "resolved_by")
        .filter(pk=pk)
        .first()
    )


def evidence(discrepancy: Discrepancy) -> dict:
    """What a finance officer checks: the provider's callbacks about the bill, and the run that found it."""
    events = list(
        PaymentEvent.objects.filter(
            provider=discrepancy.reconciliation.provider, reference=discrepancy.reference
        ).order_by("received_at", "pk")[:20]
    )
    return {"events": events, "run": discrepancy.reconciliation}


@dataclass(frozen=True)
class ReportLine:
    key: str
    label_id: str
    label_en: str
    count: int
    amount: int


def daily_report(agency, day: dt.date) -> dict:
    """One agency's levies on one settlement day (UTC, as the provider's file): assessments issued, paid in Loket,
    paid and found in the provider's settlement, and the reconciliation's discrepancies by kind."""
    first, end = rules.day_bounds(day)
    own = Assessment.objects.filter(agency=agency).order_by()
    issued = own.filter(issued_at__gte=first, issued_at__lt=end).aggregate(n=Count("pk"), total=Sum("amount"))
    paid = own.filter(
        paid_at__gte=first, paid_at__lt=end, status__in=(Assessment.Status.PAID, Assessment.Status.REFUNDED)
    ).aggregate(n=Count("pk"), total=Sum("amount"))
    found = (
        Discrepancy.objects.filter(agency=agency, reconciliation__day=day)
        .values("kind")
        .annotate(
            n=Count("pk"),
            loket=Sum("loket_amount"),
            provider=Sum("provider_amount"),
            open=Count("pk", filter=Q(resolved_at=None)),
        )
        .order_by("kind")
    )
    by_kind = {row["kind"]: row for row in found}
    missing = by_kind.get(Discrepancy.Kind.PAID_NOT_SETTLED, {})
    lines = [
        ReportLine("issued", "SKRD diterbitkan", "Assessments issued", issued["n"], issued["total"] or 0),
        ReportLine("paid", "Lunas menurut Loket", "Paid according to Loket", paid["n"], paid["total"] or 0),
        ReportLine(
            "settled",
            "Lunas dan tercantum dalam setoran penyedia",
            "Paid and in the provider's settlement",
            paid["n"] - (missing.get("n") or 0),
            (paid["total"] or 0) - (missing.get("loket") or 0),
        ),
    ]
    kinds = []
    for value, label in Discrepancy.Kind.choices:
        row = by_kind.get(value)
        if row:
            kinds.append(
                {
                    "kind": value,
                    "label": label,
                    "label_en": Discrepancy.EN_CHOICES["kind"][value],
                    "count": row["n"],
                    "open": row["open"],
                    "amount": row["provider"] if row["provider"] is not None else (row["loket"] or 0),
                }
            )
    runs = list(Reconciliation.objects.filter(day=day).order_by("provider"))
    keys = _provider_keys([agency])
    return {"lines": lines, "kinds": kinds, "runs": [run for run in runs if run.provider in keys] or runs}
