"""Levy payments as a system step of the one case engine (issue 18, ADR 0020).

- The procedure reaches a payment step (`ProcedureStep.kind = "payment"`): `step_applies` passes over it when the
  case owes nothing; `step_opened` issues the assessment (SKRD) from the tariff of the case's own standard
  version and puts the case in WAITING, its clock stopped.
- The worker registers the bill at the region's provider (`register_codes`: retried with back-off while the
  provider is down; the applicant's page says the codes are on their way), then tells the applicant how to pay.
- The provider's signed callback is stored once (`receive`: one INSERT, replay-safe by event id) and applied by
  the worker (`apply_events`): only a confirmation of exactly the billed amount pays an assessment; the case's
  clock runs again and the payment step is approved by the system. Anything else is a discrepancy for finance.
- Unpaid past the due date (`expire_due`): the bill is cancelled at the provider first (so no late payment can
  land on it), then the case ends with a notice saying why.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from loket.applications.models import Application
from loket.applications.notices import notify_applicant
from loket.catalogue import tariffs
from loket.core import audit
from loket.core.errors import LoketError, NotFound
from loket.core.money import rupiah
from loket.payments import providers, qris, receipts, refunds, rules, signatures
from loket.payments.models import Assessment, PaymentEvent
from loket.workflow import services as workflow

log = logging.getLogger(__name__)

BACKOFF_SECONDS = (5, 15, 60, 300, 900)


def _days() -> int:
    return int(getattr(settings, "LOKET_PAYMENT_DAYS", 7))


def _charge(application: Application) -> tariffs.Charge | None:
    tariff = tariffs.of_standard(application.standard)
    if tariff is None or tariff.free:
        return None
    try:
        charged = tariffs.charge(tariff, application.data or {})
    except tariffs.TariffError as error:
        raise LoketError(f"Retribusi tidak dapat dihitung: {error.message}", field=error.field) from None
    return charged if charged.total > 0 else None


def step_applies(application: Application, step) -> bool:
    """A payment step applies only to a case that owes a levy (a free service never reaches it)."""
    return _charge(application) is not None


def step_opened(application: Application, step, tasks, now) -> Assessment:
    """Issue the case's assessment and wait for its payment, clocks stopped (in the step's transaction)."""
    charged = _charge(application)
    standard = application.standard
    region = application.region
    placeholder = uuid.uuid4().hex
    assessment = Assessment.objects.create(
        application=application,
        task=tasks[0],
        agency_id=application.agency_id,
        region=region,
        number=placeholder,
        reference=placeholder[:25],
        amount=charged.total,
        lines=[{"label": line.label, "amount": line.amount, "detail": line.detail} for line in charged.lines],
        tariff=standard.fee_tariff
        or {"items": [{"kind": "flat", "label": "Retribusi", "amount": standard.fee_amount}]},
        legal_basis=standard.fee_legal_basis or "",
        inputs={name: (application.data or {}).get(name) for name in tariffs.of_standard(standard).input_names},
        issued_at=now,
        due_at=rules.due_at(now, _days(), region.zoneinfo.key),
        provider=providers.key_for_region(region),
        codes_next_at=now,
    )
    assessment.number = rules.skrd_number(region.code, timezone.localtime(now, region.zoneinfo).year, assessment.pk)
    assessment.reference = rules.bill_reference(assessment.pk)
    assessment.save(update_fields=["number", "reference"])
    audit.record(
        "payments.assessment_issued",
        obj=assessment,
        data={"tracking": application.tracking_number, "number": assessment.number, "amount": assessment.amount},
    )
    due = timezone.localtime(assessment.due_at, region.zoneinfo)
    note = (
        f"Menunggu pembayaran retribusi {rupiah(assessment.amount)} ({assessment.number}) paling lambat "
        f"{due:%d-%m-%Y} pukul 23.59. Bayar hanya lewat QRIS atau rekening virtual di halaman permohonan; "
        "petugas tidak menerima uang tunai."
    )
    workflow.wait_for_kind(application.pk, actor=None, note=note, now=now)
    return assessment


# ---------------------------------------------------------------- payment codes from the provider


def register_codes(now=None, limit: int = 50) -> int:
    """Register pending bills at their provider (the worker's round). Returns how many got their codes."""
    now = now or timezone.now()
    ready = 0
    pending = list(
        Assessment.objects.filter(
            codes=Assessment.Codes.PENDING, status=Assessment.Status.ISSUED, codes_next_at__lte=now
        )
        .order_by("codes_next_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in pending:
        ready += _register_one(pk, now)
    return ready


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=BACKOFF_SECONDS[min(attempts, len(BACKOFF_SECONDS) - 1)])


def _register_one(pk: int, now) -> int:
    assessment = Assessment.objects.select_related("application", "region").get(pk=pk)
    try:
        provider = providers.get(assessment.provider)
        bill = provider.create(
            reference=assessment.reference,
            amount=assessment.amount,
            expires_at=assessment.due_at,
            description=assessment.number,
        )
        if bill.amount != assessment.amount:
            raise providers.ProviderRefused("Penyedia pembayaran mencatat jumlah tagihan yang berbeda.")
        if bill.qris:
            payload = qris.parse(bill.qris)
            if not payload.dynamic or payload.amount != assessment.amount or payload.reference != assessment.reference:
                raise providers.ProviderRefused("QRIS dari penyedia tidak memuat jumlah dan referensi tagihan ini.")
    except Exception as error:
        message = (
            error.message
            if isinstance(error, LoketError)
            else f"Jawaban penyedia tidak terbaca ({type(error).__name__})."
        )
        with transaction.atomic():
            updated = Assessment.objects.filter(pk=pk, codes=Assessment.Codes.PENDING).update(
                codes_attempts=assessment.codes_attempts + 1,
                codes_next_at=now + _backoff(assessment.codes_attempts),
                codes_error=message[:300],
            )
            if updated and assessment.codes_attempts == 0:
                audit.record(
                    "payments.codes_delayed", obj=assessment, data={"number": assessment.number, "error": message}
                )
        return 0
    with transaction.atomic():
        updated = Assessment.objects.filter(pk=pk, codes=Assessment.Codes.PENDING).update(
            codes=Assessment.Codes.READY,
            va_number=bill.va_number,
            qris=bill.qris,
            pay_url=provider.pay_url(assessment.reference),
            codes_error="",
            codes_attempts=assessment.codes_attempts + 1,
        )
        if updated:
            notify_applicant(
                assessment.application,
                "payment_codes",
                key=f"payment:{assessment.pk}:codes",
                note=f"{rupiah(assessment.amount)}; rekening virtual {bill.va_number}",
            )
    return 1


# ---------------------------------------------------------------- provider callbacks


def receive(provider_key: str, *, signature: str, body: bytes, now=None) -> tuple[PaymentEvent, bool]:
    """Store one signed callback (returns the event and whether it is new). Refused: a bad or stale signature,
    a body that is not an event. A replay of a stored event changes nothing and is answered the same."""
    now = now or timezone.now()
    try:
        provider = providers.get(provider_key)
    except providers.NotConfigured:
        raise NotFound("Penyedia pembayaran tidak dikenal.") from None
    try:
        signatures.verify(provider.secrets, signature, body, now=now.timestamp())
    except signatures.SignatureRefused as refusal:
        log.warning("payment callback refused: provider=%s reason=%s", provider_key, refusal.message)
        raise
    try:
        data = json.loads(body.decode("utf-8-sig"))
        event_id, kind = str(data["id"]), str(data["type"])
    except (ValueError, KeyError, TypeError):
        raise LoketError("Isi notifikasi pembayaran bukan peristiwa yang dikenal.") from None
    amount = data.get("amount") if isinstance(data, dict) else None
    if not isinstance(amount, int) or isinstance(amount, bool) or not 0 <= amount < 10**15:
        amount = None
    event = PaymentEvent(
        provider=provider_key,
        event_id=event_id[:80],
        kind=kind[:40],
        reference=str(data.get("reference") or "")[:40],
        amount=amount,
        body=body.decode("utf-8-sig", "replace"),
        received_at=now,
    )
    event.pk = _insert_once(event)
    if event.pk is None:  # a replay or a duplicate: stored already
        return PaymentEvent.objects.get(provider=provider_key, event_id=event.event_id), False
    return event, True


def _insert_once(event: PaymentEvent) -> int | None:
    """One statement, no transaction of its own (the callback's whole cost: bench/payments.py): INSERT … ON CONFLICT
    DO NOTHING RETURNING id (PostgreSQL, SQLite ≥ 3.35). The id, or None when the event id was stored before."""
    fields = ["provider", "event_id", "kind", "reference", "amount", "body", "received_at", "outcome"]
    values = [getattr(event, name) for name in fields]
    values[fields.index("received_at")] = connection.ops.adapt_datetimefield_value(event.received_at)
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(PaymentEvent._meta.db_table)} ({', '.join(quote(name) for name in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({quote('provider')}, {quote('event_id')}) DO NOTHING RETURNING {quote('id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    return row[0] if row else None


def apply_events(now=None, limit: int = 200) -> int:
    """Apply stored callbacks in the order received (the worker's round). Returns how many were applied."""
    now = now or timezone.now()
    done = 0
    for pk in list(
        PaymentEvent.objects.filter(processed_at=None)
        .order_by("received_at", "pk")
        .values_list("pk", flat=True)[:limit]
    ):
        done += _apply_pk(pk, now)
    return done


def _apply_pk(pk: int, now) -> int:
    """Apply one stored event if no other worker holds it (1 when this call applied it)."""
    with transaction.atomic():
        event = PaymentEvent.objects.select_for_update(skip_locked=True).filter(pk=pk, processed_at=None).first()
        if event is None:
            return 0
        try:
            with transaction.atomic():
                _apply(event, now)
        except Exception as error:
            log.exception("payment event %s could not be applied", event.pk)
            PaymentEvent.objects.filter(pk=event.pk).update(outcome="error", processed_at=now)
            audit.record(
                "payments.discrepancy",
                data={"event": event.event_id, "outcome": "error", "error": type(error).__name__},
            )
        return 1


def _apply(event: PaymentEvent, now) -> None:
    assessment = (
        Assessment.objects.select_for_update()
        .filter(provider=event.provider, reference=event.reference)
        .select_related("application")
        .first()
    )
    state = (
        rules.BillState(amount=assessment.amount, status=assessment.status, paid_event=assessment.paid_event)
        if assessment
        else None
    )
    result = rules.outcome(event.kind, event.amount if event.amount is not None else -1, state, event.event_id)
    event.outcome, event.processed_at, event.assessment = result, now, assessment
    event.save(update_fields=["outcome", "processed_at", "assessment"])
    if result in rules.DISCREPANCIES:
        audit.record(
            "payments.discrepancy",
            obj=assessment,
            data={"event": event.event_id, "outcome": result, "reference": event.reference, "amount": event.amount},
        )
        return
    if result != rules.APPLIED:
        return
    if event.kind == "payment.refunded":
        assessment.status = Assessment.Status.REFUNDED
        assessment.save(update_fields=["status"])
        audit.record("payments.refunded", obj=assessment, data={"number": assessment.number, "amount": event.amount})
        return
    body = json.loads(event.body.lstrip("\ufeff"))
    assessment.status = Assessment.Status.PAID
    assessment.paid_at = _parse_time(body.get("paid_at")) or now
    assessment.paid_channel = str(body.get("channel") or "")[:20]
    assessment.paid_event = event.event_id
    assessment.save(update_fields=["status", "paid_at", "paid_channel", "paid_event"])
    audit.record("payments.paid", obj=assessment, data={"number": assessment.number, "amount": assessment.amount})
    application_id = assessment.application_id
    note = f"Retribusi {rupiah(assessment.amount)} ({assessment.number}) telah diterima penyedia pembayaran."
    workflow.resume_for_kind(application_id, actor=None, note=note, now=now)
    workflow.decide_for_kind(application_id, actor=None, action="approve", note=note, now=now)


def _parse_time(value) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


# ---------------------------------------------------------------- expiry


def expire_due(now=None, limit: int = 50) -> int:
    """End the cases whose assessment was not paid in time. For a bill the provider holds, ask it first
    (`query`): a payment whose callback was lost is recovered through the same path as a callback (an event stored
    once, keyed by the bill, applied by the same code: only the provider's confirmation of the billed amount pays);
    otherwise cancel the bill there (so no late payment can land on it), then end the case. A provider error backs
    this assessment off (attempts, next try), so one bill never stalls the others: oldest next try first."""
    now = now or timezone.now()
    expired = 0
    due = (
        Assessment.objects.filter(status=Assessment.Status.ISSUED, due_at__lt=now)
        .filter(Q(expiry_next_at=None) | Q(expiry_next_at__lte=now))
        .order_by(F("expiry_next_at").asc(nulls_first=True), "due_at", "pk")
    )
    for pk in list(due.values_list("pk", flat=True)[:limit]):
        assessment = Assessment.objects.select_related("region").get(pk=pk)
        if assessment.codes == Assessment.Codes.READY:
            try:
                provider = providers.get(assessment.provider)
                bill = provider.query(assessment.reference)
                if bill.status != "paid":
                    bill = provider.cancel(assessment.reference)
            except Exception as error:  # down, refused (e.g. paid meanwhile: 409), or an unreadable answer
                _expiry_backoff(assessment, error, now)
                continue
            if bill.status == "paid":
                recover_payment(assessment, bill, now)
                if Assessment.objects.filter(pk=pk, status=Assessment.Status.ISSUED).exists():
                    _expiry_backoff(assessment, LoketError("Pembayaran dari penyedia tidak sesuai tagihan."), now)
                continue
        with transaction.atomic():
            won = Assessment.objects.filter(pk=pk, status=Assessment.Status.ISSUED).update(
                status=Assessment.Status.EXPIRED
            )
            if not won:
                continue
            due_local = timezone.localtime(assessment.due_at, assessment.region.zoneinfo)
            note = (
                f"Retribusi {rupiah(assessment.amount)} ({assessment.number}) tidak dibayar sampai batas waktu "
                f"{due_local:%d-%m-%Y}. Permohonan diakhiri; Anda dapat mengajukan permohonan baru."
            )
            audit.record("payments.expired", obj=assessment, data={"number": assessment.number})
            workflow.end_for_kind(assessment.application_id, note=note, now=now, system_text=True)
            expired += 1
    return expired


def _expiry_backoff(assessment: Assessment, error: Exception, now) -> None:
    message = (
        error.message if isinstance(error, LoketError) else f"Jawaban penyedia tidak terbaca ({type(error).__name__})."
    )
    Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.ISSUED).update(
        expiry_attempts=assessment.expiry_attempts + 1,
        expiry_next_at=now + _backoff(assessment.expiry_attempts),
        expiry_error=message[:300],
    )


def recover_payment(assessment: Assessment, bill: providers.Bill, now) -> PaymentEvent:
    """The provider answered a query that the bill is paid (its callback was lost): store that answer as the
    provider's event, once per bill (`query:<reference>`), and apply it at once with the callbacks' own code."""
    body = json.dumps(
        {
            "id": f"{rules.QUERY_PREFIX}{bill.reference}",
            "type": "payment.paid",
            "reference": bill.reference,
            "amount": bill.amount,
            "va_number": bill.va_number,
            "channel": bill.channel or "",
            "paid_at": bill.paid_at,
            "source": "query",
        },
        separators=(",", ":"),
    )
    try:
        with transaction.atomic():
            event = PaymentEvent.objects.create(
                provider=assessment.provider,
                event_id=f"{rules.QUERY_PREFIX}{bill.reference}"[:80],
                kind="payment.paid",
                reference=bill.reference[:40],
                amount=bill.amount,
                body=body,
                received_at=now,
            )
    except IntegrityError:
        event = PaymentEvent.objects.get(
            provider=assessment.provider, event_id=f"{rules.QUERY_PREFIX}{bill.reference}"[:80]
        )
    else:
        audit.record("payments.callback_recovered", obj=assessment, data={"number": assessment.number})
    _apply_pk(event.pk, now)
    return event


def run_round(worker_id: str = "") -> None:
    """The worker's periodic payment work: codes, callbacks, receipts, refunds, expiry (each cheap when there is
    nothing to do)."""
    for phase in (register_codes, apply_events, receipts.issue_receipts, refunds.run_refunds, expire_due, cancel_ended):
        try:
            phase()
        except Exception:
            log.exception("payments round: %s failed", phase.__name__)


# ---------------------------------------------------------------- a case that ended while its levy was unpaid


def on_case_changed(sender, *, application, transition, actor=None, now=None, **kwargs):
    """Receiver of `applications.lifecycle.case_changed`: a case withdrawn or ended while its levy is unpaid has its
    assessment cancelled (the card stops showing the codes; a later payment is a discrepancy, refunded) and the
    worker cancels the bill at the provider (`cancel_ended`). A resubmission may not change what the levy was
    computed from: the amount was fixed when it was assessed."""
    name = getattr(transition, "name", transition)
    if name not in ("withdraw", "reject", "complete", "resubmit") or not _has_payment_step(application):
        return  # most cases (and e-Cuti's hot path): no query at all, the SOP of a published version is cached
    if name in ("withdraw", "reject", "complete"):
        Assessment.objects.filter(application_id=application.pk, status=Assessment.Status.ISSUED).update(
            status=Assessment.Status.CANCELLED, provider_cancel_at=now or timezone.now()
        )
    elif name == "resubmit":
        _refuse_changed_levy_inputs(application)


def _has_payment_step(application) -> bool:
    return any(step.kind == "payment" for step in workflow.steps_of(application.standard))


def _refuse_changed_levy_inputs(application) -> None:
    assessment = Assessment.objects.filter(application_id=application.pk).exclude(inputs={}).first()
    if assessment is None:
        return
    changed = [name for name, value in assessment.inputs.items() if (application.data or {}).get(name) != value]
    if changed:
        raise LoketError(
            "Isian yang menjadi dasar retribusi tidak dapat diubah setelah retribusi ditetapkan "
            f"({', '.join(changed)}). Ajukan permohonan baru bila datanya berubah.",
            field=changed[0],
        )


def cancel_ended(now=None, limit: int = 50) -> int:
    """Cancel at the provider the bills of assessments cancelled because their case ended (the worker's round)."""
    now = now or timezone.now()
    done = 0
    for pk in list(
        Assessment.objects.filter(status=Assessment.Status.CANCELLED, provider_cancel_at__lte=now)
        .order_by("provider_cancel_at")
        .values_list("pk", flat=True)[:limit]
    ):
        assessment = Assessment.objects.get(pk=pk)
        try:
            if assessment.codes == Assessment.Codes.READY:
                providers.get(assessment.provider).cancel(assessment.reference)
        except providers.ProviderRefused:
            pass  # already paid there: its callback is a discrepancy (NOT_PAYABLE), refunded by finance
        except Exception:
            Assessment.objects.filter(pk=pk).update(provider_cancel_at=now + dt.timedelta(minutes=5))
            continue
        Assessment.objects.filter(pk=pk).update(provider_cancel_at=None)
        audit.record("payments.cancelled", obj=assessment, data={"number": assessment.number})
        done += 1
    return done


# ---------------------------------------------------------------- finance: resolving a reconciliation's discrepancy


def resolve_discrepancy(*, actor, discrepancy_id: int, note: str, now=None):
    """A finance officer of the discrepancy's agency records how it was settled (mandatory note; audited). It
    changes no assessment: a payment is recorded only from the provider's confirmation."""
    from loket.payments import queries
    from loket.payments.models import Discrepancy

    now = now or timezone.now()
    with transaction.atomic():
        found = queries.discrepancies_for(actor).filter(pk=discrepancy_id).values_list("pk", flat=True).first()
        if found is None:
            raise NotFound("Selisih tidak ditemukan.")
        discrepancy = Discrepancy.objects.select_for_update().get(pk=found)
        refusal = rules.resolution_refusal(note, discrepancy.resolved_at is not None)
        if refusal:
            raise LoketError(refusal, field="note")
        discrepancy.resolved_by, discrepancy.resolved_at = actor, now
        discrepancy.resolution = note.strip()[:2000]
        discrepancy.save(update_fields=["resolved_by", "resolved_at", "resolution"])
        audit.record(
            "payments.discrepancy_resolved",
            obj=discrepancy,
            actor=actor,
            data={"kind": discrepancy.kind, "reference": discrepancy.reference, "note": discrepancy.resolution},
        )
    return discrepancy
