"""Returning a paid levy (pengembalian retribusi, issue 18; PP 35/2023 art. 80-81: a levy paid but not owed is returned
on a decision). State changes of refunds, kept beside `services` and `receipts`:

- `refund`: an official who may sign for the agency (`payment.refund`) decides it with a reason, never on a case of
  their own (the engine's separation of duties: not the applicant, not who filed it, not a declared relative), and
  signs the decision (keputusan pengembalian) with their own key and TOTP code. The decision and the pending refund
  are stored in one transaction; the provider is asked afterwards.
- `execute` / `run_refunds`: the provider's refund call, retried with back-off by the worker while the provider is down
  (the officer's page and the citizen's card say so). A lost answer is safe: a retry that the provider refuses is
  checked against the bill (already refunded → done). The provider's signed `payment.refunded` callback then marks the
  assessment refunded (`services.apply_events`).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from loket.core import audit
from loket.core.dates import long_moment
from loket.core.errors import LoketError, PermissionDenied
from loket.core.i18n import tr
from loket.core.money import rupiah, terbilang
from loket.documents import services as documents
from loket.documents.models import OutputTemplate
from loket.org import permissions
from loket.payments import providers, receipts, rules
from loket.payments.models import Assessment, Refund
from loket.workflow import services as workflow

log = logging.getLogger(__name__)

SUBJECT = "payments.refund"
TITLE = "Keputusan Pengembalian Retribusi Daerah"
BACKOFF_SECONDS = (60, 300, 900, 3600)
REFUSALS = {
    rules.NOT_PAID: (
        "Hanya retribusi yang sudah lunas yang dapat dikembalikan.",
        "Only a levy that has been paid can be refunded.",
    ),
    rules.ALREADY_REFUNDED: (
        "Pengembalian retribusi ini sudah diputuskan.",
        "A refund of this levy has already been decided.",
    ),
    rules.NO_REASON: (
        f"Tuliskan alasan pengembalian dalam kalimat (paling sedikit {rules.REFUND_REASON_MIN} karakter); alasan ini "
        "dicantumkan dalam keputusan yang diterima pemohon.",
        f"Write the reason for the refund as a sentence (at least {rules.REFUND_REASON_MIN} characters); it is "
        "printed in the decision the applicant receives.",
    ),
}


def check(actor, assessment: Assessment, reason: str | None = None) -> None:
    """Raise unless `actor` may return this levy: permission in the agency, the engine's separation of duties, the
    rule (paid, not yet refunded; with `reason`, a reason in words)."""
    if not permissions.can(actor, "payment.refund", assessment.agency_id):
        raise PermissionDenied(
            tr(
                "Pengembalian retribusi hanya dapat diputuskan pejabat yang berwenang menandatangani di instansi ini.",
                "Only an official who may sign for this agency can decide a refund.",
            )
        )
    separation = workflow.separation_reason(actor, assessment.task, approving=False)
    if separation:
        raise PermissionDenied(tr(*workflow.SEPARATION_MESSAGES[separation]))
    words = reason if reason is not None else "alasan yang cukup panjang untuk diperiksa"
    refused = rules.refund_refusal(assessment.status, Refund.objects.filter(assessment=assessment).exists(), words)
    if refused == rules.NO_REASON:
        message = tr(*REFUSALS[refused])
        raise LoketError(message, field="reason", errors={"reason": [message]})
    if refused:
        raise LoketError(tr(*REFUSALS[refused]))


def refusal(actor, assessment: Assessment) -> str | None:
    """Why `actor` may not return this levy now (a message for the page), or None."""
    try:
        check(actor, assessment)
    except LoketError as error:
        return error.message
    return None


def refund(*, actor, assessment: Assessment, reason: str, otp: str, now=None) -> Refund:
    """Decide the refund of a paid levy and sign its decision; then ask the provider once (the worker retries)."""
    reason = " ".join((reason or "").split())
    check(actor, assessment, reason)
    documents.check_totp(actor, otp, purpose="payments.refund")  # before the transaction: failures must stay
    receipts.issue_receipt(assessment.pk)  # the payment's evidence first, should the worker not have written it yet
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("application__applicant", "application__service", "agency", "region")
            .get(pk=assessment.pk)
        )
        again = rules.refund_refusal(locked.status, Refund.objects.filter(assessment=locked).exists(), reason)
        if again:
            raise LoketError(tr(*REFUSALS[again]))
        row = Refund.objects.create(
            assessment=locked, amount=locked.amount, reason=reason, decided_by=actor, decided_at=now, next_at=now
        )
        row.decision = documents.issue_and_sign(
            subject=documents.Subject(
                type=SUBJECT,
                ref=str(locked.pk),
                label=f"{locked.number} ({locked.application.tracking_number})",
                agency=locked.agency,
                holder=locked.application.applicant,
                holder_name=receipts.receipt_holder_name(locked.application),
                title=TITLE,
                body=decision_body(locked, reason),
                classification="970",
                kind=OutputTemplate.Kind.DECREE,
            ),
            signer=actor,
            signer_title=documents.signer_title(actor, locked.agency),
            now=now,
            verify_second_factor=False,  # checked above, once
        )
        row.save(update_fields=["decision"])
        audit.record(
            "payments.refund_decided",
            obj=locked,
            actor=actor,
            data={"number": locked.number, "amount": row.amount, "reason": reason, "decision": row.decision.number},
        )
    execute(row.pk, now=now)
    row.refresh_from_db()
    return row


def decision_body(assessment: Assessment, reason: str) -> str:
    region = assessment.region
    paid = timezone.localtime(assessment.paid_at, region.zoneinfo) if assessment.paid_at else None
    context = {
        "a": assessment,
        "service": assessment.application.service.name_id,
        "tracking": assessment.application.tracking_number,
        "applicant": receipts.receipt_holder_name(assessment.application),
        "amount": rupiah(assessment.amount),
        "words": terbilang(assessment.amount).capitalize(),
        "channel": receipts.channel_label(assessment),
        "paid_at": long_moment(paid, region.time_zone) if paid else "-",
        "reason": reason,
        "agency": assessment.agency.name,
        "complaints": receipts.complaint_url(region),
    }
    return render_to_string("payments/refund_decision.txt", context).strip()


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=BACKOFF_SECONDS[min(attempts, len(BACKOFF_SECONDS) - 1)])


def execute(refund_id: int, now=None) -> bool:
    """Ask the provider to return the money of one pending refund. True once the provider has done it."""
    now = now or timezone.now()
    row = Refund.objects.select_related("assessment").get(pk=refund_id)
    if row.status != Refund.Status.PENDING:
        return row.status == Refund.Status.DONE
    assessment = row.assessment
    try:
        provider = providers.get(assessment.provider)
        try:
            provider.refund(assessment.reference, amount=row.amount, reason=row.reason[:500])
        except providers.ProviderRefused as refused:
            bill = provider.query(assessment.reference)  # a retry after a lost answer: was it done already?
            if bill.refunded < row.amount:
                Refund.objects.filter(pk=row.pk, status=Refund.Status.PENDING).update(
                    status=Refund.Status.REFUSED, error=refused.message[:300], attempts=row.attempts + 1, next_at=None
                )
                audit.record(
                    "payments.refund_refused",
                    obj=assessment,
                    data={"number": assessment.number, "error": refused.message},
                )
                return False
    except Exception as error:
        message = (
            error.message
            if isinstance(error, LoketError)
            else f"Jawaban penyedia tidak terbaca ({type(error).__name__})."
        )
        with transaction.atomic():
            Refund.objects.filter(pk=row.pk, status=Refund.Status.PENDING).update(
                attempts=row.attempts + 1, next_at=now + _backoff(row.attempts), error=message[:300]
            )
            if row.attempts == 0:
                audit.record(
                    "payments.refund_delayed", obj=assessment, data={"number": assessment.number, "error": message}
                )
        return False
    with transaction.atomic():
        updated = Refund.objects.filter(pk=row.pk, status=Refund.Status.PENDING).update(
            status=Refund.Status.DONE, done_at=now, error="", attempts=row.attempts + 1, next_at=None
        )
        if updated:
            audit.record(
                "payments.refund_sent", obj=assessment, data={"number": assessment.number, "amount": row.amount}
            )
    return True


def run_refunds(now=None, limit: int = 50) -> int:
    """The worker's round: pending refunds whose time has come. Returns how many the provider carried out."""
    now = now or timezone.now()
    done = 0
    for pk in list(
        Refund.objects.filter(status=Refund.Status.PENDING, next_at__lte=now)
        .order_by("next_at")
        .values_list("pk", flat=True)[:limit]
    ):
        try:
            done += execute(pk, now=now)
        except Exception:
            log.exception("refund %s: next round tries again", pk)
    return done
