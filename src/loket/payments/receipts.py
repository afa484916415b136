"""The receipt of a paid levy (tanda bukti pembayaran retribusi, issue 18): a PDF sealed with the agency's electronic
seal through the documents pipeline (numbered, QR to the public verification page, in the citizen's wallet beside the
decision).

Written by the worker (`issue_receipts`, a phase of `services.run_round`) after the payment was applied, never in the
callback's request: the assessment's empty `receipt` is the to-do list, so a crash between the payment and the receipt
loses nothing, and one transaction per assessment (row locked, the documents subject unique per assessment) makes a
retry or a second worker write no second receipt.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from loket.core import audit, identity
from loket.core.dates import long_moment
from loket.core.money import rupiah, terbilang
from loket.documents import services as documents
from loket.documents.models import OutputTemplate
from loket.payments.models import Assessment

log = logging.getLogger(__name__)

SUBJECT = "payments.receipt"
TITLE = "Tanda Bukti Pembayaran Retribusi Daerah"
CHANNELS = {"qris": "QRIS", "va": "Transfer ke rekening virtual"}
DEFAULT_COMPLAINTS = "https://www.lapor.go.id/"


def complaint_url(region) -> str:
    """Where to report an illegal fee (pungutan liar): the region's complaint channel, else SP4N-LAPOR!."""
    links = identity.for_region(region).complaint_links
    return next((link.url for link in links if link.url), DEFAULT_COMPLAINTS)


def channel_label(assessment: Assessment) -> str:
    label = CHANNELS.get(assessment.paid_channel, assessment.paid_channel or "-")
    if assessment.paid_channel == "va" and assessment.va_number:
        label = f"{label} {assessment.va_number}"
    return label


def receipt_body(assessment: Assessment) -> str:
    """The receipt's text (payments/receipt.txt): the particulars a treasurer's paper receipt carries."""
    application = assessment.application
    region = assessment.region
    paid = timezone.localtime(assessment.paid_at, region.zoneinfo)
    context = {
        "a": assessment,
        "service": application.service.name_id,
        "tracking": application.tracking_number,
        "applicant": receipt_holder_name(application),
        "amount": rupiah(assessment.amount),
        "words": terbilang(assessment.amount).capitalize(),
        "lines": [f"{line['label']}: {rupiah(line['amount'])}" for line in assessment.lines],
        "channel": channel_label(assessment),
        "paid_at": long_moment(paid, region.time_zone),
        "provider": assessment.provider,
        "agency": assessment.agency.name,
        "region": region.name,
        "complaints": complaint_url(region),
    }
    return render_to_string("payments/receipt.txt", context).strip()


def issue_receipt(assessment_id: int, now=None) -> Assessment:
    """Write the sealed receipt of one paid assessment (idempotent: a written one is returned as it is)."""
    with transaction.atomic():
        assessment = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("application__applicant__citizen", "application__service", "agency", "region")
            .get(pk=assessment_id)
        )
        if assessment.receipt_id or assessment.status != Assessment.Status.PAID:
            return assessment
        application = assessment.application
        document = documents.issue_and_seal(
            subject=documents.Subject(
                type=SUBJECT,
                ref=str(assessment.pk),
                label=f"{assessment.number} ({application.tracking_number})",
                agency=assessment.agency,
                holder=application.applicant,
                holder_name=receipt_holder_name(application),
                title=TITLE,
                body=receipt_body(assessment),
                classification="970",  # archive classification: pendapatan (regional revenue)
                kind=OutputTemplate.Kind.OTHER,
            ),
            now=now,
        )
        assessment.receipt = document
        assessment.save(update_fields=["receipt"])
        audit.record(
            "payments.receipt_issued",
            obj=assessment,
            data={"number": assessment.number, "receipt": document.number, "code": document.code},
        )
    return assessment


def receipt_holder_name(application) -> str:
    """The payer as the decision names the applicant: their citizen profile's name, else their account's."""
    applicant = application.applicant
    profile = getattr(applicant, "citizen", None) if hasattr(applicant, "citizen") else None
    return ((profile.full_name if profile else "") or applicant.get_full_name() or applicant.get_username())[:200]


# Receipts that failed, and when this worker tries each again: a receipt that keeps failing (e.g. an agency without
# its seal yet) backs off, so it never holds the head of the queue for every other agency's receipts. In memory:
# after a restart each is tried once more, which is what a fixed seal wants anyway.
_BACKOFF: dict[int, tuple[int, float]] = {}
_BACKOFF_LIMIT = 2000


def _waiting(moment: float) -> list[int]:
    return [pk for pk, (_, until) in _BACKOFF.items() if until > moment]


def _failed(pk: int, moment: float) -> None:
    failures = _BACKOFF.get(pk, (0, 0.0))[0] + 1
    if len(_BACKOFF) >= _BACKOFF_LIMIT and pk not in _BACKOFF:
        _BACKOFF.pop(next(iter(_BACKOFF)))
    # The next round tries once more at once (a crash mid-way); from the second failure on it waits, doubling.
    wait = 0 if failures < 2 else min(60 * 2 ** (failures - 1), 6 * 3600)
    _BACKOFF[pk] = (failures, moment + wait)


def issue_receipts(now=None, limit: int = 50) -> int:
    """The worker's round: a receipt for every paid assessment still without one. Returns how many were written;
    one that fails stays on the list (logged) but waits longer each time, and never stops the others."""
    import time

    moment = time.monotonic()
    written = 0
    for pk in list(
        Assessment.objects.filter(status=Assessment.Status.PAID, receipt__isnull=True)
        .exclude(pk__in=_waiting(moment))
        .order_by("paid_at")
        .values_list("pk", flat=True)[:limit]
    ):
        try:
            if issue_receipt(pk, now=now).receipt_id:
                written += 1
            _BACKOFF.pop(pk, None)
        except Exception:
            log.exception("receipt of assessment %s not written; tried again later", pk)
            _failed(pk, moment)
    return written
