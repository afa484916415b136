"""The inspectorate's anomaly report (issue 13): where an officer's discretion concentrates, read from the raw
records of the engine, the documents and the audit log of the agencies in the inspector's scope.

Each section is one query over a period; the thresholds are pure rules (insights.rules.unusual_rate).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q

from loket.applications.models import Application
from loket.core.models import AuditEvent
from loket.documents.models import Document
from loket.insights import rules
from loket.insights.models import Refiling
from loket.org.models import Agency
from loket.workflow.models import Task
from loket.workflow.services import return_limit


@dataclass(frozen=True)
class OfficerRow:
    name: str
    agency: str
    decisions: int
    returned: int
    rejected: int
    out_of_order: int
    claims: int
    flags: tuple[str, ...]

    @property
    def out_of_order_percent(self) -> int | None:
        """The share of the officer's claims that left older tasks of the queue waiting (None: no claims)."""
        return round(100 * self.out_of_order / self.claims) if self.claims else None


def _names(user_ids) -> dict[int, str]:
    users = get_user_model().objects.filter(pk__in=set(user_ids)).only("username", "first_name", "last_name")
    return {u.pk: (u.get_full_name() or u.get_username()) for u in users}


def officers(agency_ids, since: dt.datetime) -> list[OfficerRow]:
    """Per officer and agency: decisions taken, returned and rejected shares, and the share of their claims that
    took a task while older ones of the queue waited (an officer who claims but has decided nothing yet is listed
    too). Tasks the system assigned are not claims."""
    decided = (
        Task.objects.filter(agency_id_cache__in=agency_ids, completed_at__gte=since, completed_by__isnull=False)
        .values("completed_by_id", "agency_id_cache", "application__agency__name")
        .annotate(
            total=Count("pk"),
            returned=Count("pk", filter=Q(status=Task.Status.RETURNED)),
            rejected=Count("pk", filter=Q(status=Task.Status.REJECTED)),
        )
    )
    claims = defaultdict(lambda: [0, 0])
    for event in AuditEvent.objects.filter(
        action="workflow.task_claimed", occurred_at__gte=since, data__agency__in=list(agency_ids)
    ).values("actor_id", "data"):
        key = (event["actor_id"], event["data"].get("agency"))
        claims[key][0] += 1
        claims[key][1] += 1 if (event["data"].get("older_unclaimed") or 0) > 0 else 0
    rows = list(decided)
    seen = {(row["completed_by_id"], row["agency_id_cache"]) for row in rows}
    claim_only = [(actor, agency) for actor, agency in claims if (actor, agency) not in seen and actor is not None]
    if claim_only:
        agency_names = dict(
            Agency.objects.filter(pk__in={agency for _a, agency in claim_only}).values_list("pk", "name")
        )
        rows += [
            {
                "completed_by_id": actor,
                "agency_id_cache": agency,
                "application__agency__name": agency_names.get(agency, "?"),
                "total": 0,
                "returned": 0,
                "rejected": 0,
            }
            for actor, agency in claim_only
        ]
    per_agency = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        totals = per_agency[row["agency_id_cache"]]
        totals[0] += row["total"]
        totals[1] += row["returned"]
        totals[2] += row["rejected"]
    claim_totals = defaultdict(lambda: [0, 0])
    for (_actor, agency), (count, skipped) in claims.items():
        claim_totals[agency][0] += count
        claim_totals[agency][1] += skipped
    names = _names([r["completed_by_id"] for r in rows] + [actor for actor, _ in claims])
    out = []
    for row in rows:
        agency = row["agency_id_cache"]
        total, returned, rejected = per_agency[agency]
        taken, skipped = claims.get((row["completed_by_id"], agency), (0, 0))
        flags = []
        if rules.unusual_rate(row["returned"], row["total"], returned - row["returned"], total - row["total"]):
            flags.append("returns")
        if rules.unusual_rate(row["rejected"], row["total"], rejected - row["rejected"], total - row["total"]):
            flags.append("rejections")
        all_taken, all_skipped = claim_totals[agency]
        if rules.unusual_rate(skipped, taken, all_skipped - skipped, all_taken - taken):
            flags.append("out_of_order")
        out.append(
            OfficerRow(
                names.get(row["completed_by_id"], "?"),
                row["application__agency__name"],
                row["total"],
                row["returned"],
                row["rejected"],
                skipped,
                taken,
                tuple(flags),
            )
        )
    out.sort(key=lambda r: (-len(r.flags), -r.decisions, r.name))
    return out


def repeated_returns(agency_ids, since: dt.datetime) -> list[dict]:
    """Cases returned to their applicant at least the allowed number of times (LOKET_MAX_RETURNS)."""
    return list(
        Task.objects.filter(agency_id_cache__in=agency_ids, status=Task.Status.RETURNED, completed_at__gte=since)
        .values("application__tracking_number", "application__agency__name", "application__service__name_id")
        .annotate(returns=Count("pk"))
        .filter(returns__gte=return_limit())
        .order_by("-returns", "application__tracking_number")[:200]
    )


def repeated_waits(agency_ids, since: dt.datetime) -> list[dict]:
    """Cases whose clock was stopped ("waiting for an outside step") at least the allowed number of times: a wait
    moves every deadline, so a case parked again and again never shows as late (issue 13, stalling)."""
    from loket.applications.models import ApplicationEvent

    return list(
        ApplicationEvent.objects.filter(application__agency_id__in=agency_ids, kind="waiting", occurred_at__gte=since)
        .values("application__tracking_number", "application__agency__name", "application__service__name_id")
        .annotate(waits=Count("pk"))
        .filter(waits__gte=return_limit())
        .order_by("-waits", "application__tracking_number")[:200]
    )


def self_dealing(agency_ids, since: dt.datetime) -> list[dict]:
    """Decisions signed, or steps approved, by the case's own applicant or by the officer who filed it."""
    signed = Document.objects.filter(agency_id__in=agency_ids, signed_at__gte=since).filter(
        Q(signed_by_id=F("holder_id")) | Q(application__assisted_by_id=F("signed_by_id"))
    )
    approved = Task.objects.filter(
        agency_id_cache__in=agency_ids, completed_at__gte=since, status=Task.Status.APPROVED
    ).filter(Q(completed_by_id=F("application__applicant_id")) | Q(completed_by_id=F("application__assisted_by_id")))
    names = _names(
        list(signed.values_list("signed_by_id", flat=True)) + list(approved.values_list("completed_by_id", flat=True))
    )
    rows = [
        {"what": "signed", "reference": d.number, "agency": d.agency.name, "who": names.get(d.signed_by_id, "?")}
        for d in signed.select_related("agency")[:200]
    ]
    rows += [
        {
            "what": "approved",
            "reference": t.application.tracking_number,
            "agency": t.application.agency.name,
            "who": names.get(t.completed_by_id, "?"),
        }
        for t in approved.select_related("application__agency")[:200]
    ]
    return rows


def revocations(agency_ids, since: dt.datetime) -> list[dict]:
    """Revoked decisions per signer: many revocations of one signer's decisions is a reason to look."""
    rows = list(
        Document.objects.filter(agency_id__in=agency_ids, status=Document.Status.REVOKED, ended_at__gte=since)
        .values("signed_by_id", "agency__name")
        .annotate(revoked=Count("pk"))
        .order_by("-revoked")[:100]
    )
    names = _names(r["signed_by_id"] for r in rows)
    return [
        {"who": names.get(r["signed_by_id"], "?"), "agency": r["agency__name"], "revoked": r["revoked"]} for r in rows
    ]


def late_refilings(agency_ids, since: dt.datetime, examples: int = 5) -> list[dict]:
    """Per officer: applications they rejected after the standard's time limit whose applicant filed the same
    service again within LOKET_REFILING_DAYS (insights.Refiling): "ditolak saat terlambat lalu diajukan ulang". The
    miss stays in the SLA figures; the new filing starts a fresh clock, which is why the inspectorate looks."""
    links = list(
        Refiling.objects.filter(agency_id__in=agency_ids, rejected_at__gte=since, rejected_late=True).order_by(
            "-rejected_at"
        )[:2000]
    )
    if not links:
        return []
    numbers = dict(
        Application.objects.filter(
            pk__in={link.rejected_id for link in links} | {link.application_id for link in links}
        ).values_list("pk", "tracking_number")
    )
    agencies = dict(Agency.objects.filter(pk__in={link.agency_id for link in links}).values_list("pk", "name"))
    names = _names(link.rejected_by_id for link in links if link.rejected_by_id)
    grouped: dict[tuple, dict] = {}
    for link in links:
        key = (link.rejected_by_id, link.agency_id)
        row = grouped.setdefault(
            key,
            {
                "who": names.get(link.rejected_by_id, "?") if link.rejected_by_id else "Sistem",
                "agency": agencies.get(link.agency_id, "?"),
                "count": 0,
                "examples": [],
            },
        )
        row["count"] += 1
        if len(row["examples"]) < examples:
            row["examples"].append(
                {"rejected": numbers.get(link.rejected_id, "?"), "refiled": numbers.get(link.application_id, "?")}
            )
    return sorted(grouped.values(), key=lambda row: (-row["count"], row["who"]))
