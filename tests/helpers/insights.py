"""Hand-made application histories for KPI tests: rows written directly with chosen times."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from loket.applications.models import Application, ApplicationEvent

WIB = ZoneInfo("Asia/Jakarta")
_numbers = itertools.count(1)


def wib(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)


def make_application(
    service, applicant, *, channel="online", events, status, revision_count=0, paused_working_days=0, due_at=None
) -> Application:
    """An application with the given events [(kind, moment), ...] (the first must be 'submitted')."""
    assert events[0][0] == "submitted"
    number = next(_numbers)
    application = Application.objects.create(
        tracking_number=f"T-{number:06d}",
        service=service,
        standard=service.current,
        agency=service.agency,
        region=service.agency.region,
        applicant=applicant,
        channel=channel,
        status=status,
        data={},
        idempotency_key=f"k-{number}",
        submitted_at=events[0][1],
        due_at=due_at,
        decided_at=events[-1][1] if status in ("completed", "rejected", "withdrawn") else None,
        paused_working_days=paused_working_days,
        revision_count=revision_count,
    )
    ApplicationEvent.objects.bulk_create(
        [ApplicationEvent(application=application, kind=kind, occurred_at=moment) for kind, moment in events]
    )
    return application


def decree(case, *, signed_at, pages, delivery="digital", status="valid"):
    """A signed decision document of a case (a civil-service decree), with its page count, written directly."""
    from loket.documents.models import Document

    number = next(_numbers) + 5000
    return Document.objects.create(
        code=f"SK{number:014d}",
        application=case,
        agency=case.agency,
        region=case.region,
        holder=case.applicant,
        holder_name="Pegawai Uji",
        kind="sk",
        title="Keputusan Penetapan Angka Kredit",
        year=signed_at.year,
        sequence=9000 + number,
        number=f"{number}/PAK/{signed_at.year}",
        body="",
        status=status,
        created_at=signed_at,
        signed_at=signed_at,
        sha256=f"{number:064d}",
        pages=pages,
        delivery=delivery,
        printed_at=signed_at if delivery == "printed" else None,
    )


def levy(case, *, amount, paid_at=None, status="paid", through_provider=True, provider="sim"):
    """An assessment (SKRD) of a case, written directly: paid at `paid_at` through the provider (a stored, applied
    `payment.paid` event) or, `through_provider=False`, marked paid with no such event (what the cashless share
    must catch). A `paid_at` of None leaves it unpaid."""
    from loket.payments.models import Assessment, PaymentEvent
    from loket.workflow.models import ProcedureStep, Task

    number = next(_numbers)
    step, _ = ProcedureStep.objects.get_or_create(
        standard=case.standard,
        position=90,
        defaults={"name_id": "Pembayaran retribusi", "kind": "payment", "sla_days": 1},
    )
    task = Task.objects.create(
        application=case, step=step, agency_id_cache=case.agency_id, step_role=step.role, status="approved",
        created_at=case.submitted_at, due_at=case.submitted_at + dt.timedelta(days=3),
    )  # fmt: skip
    issued = paid_at - dt.timedelta(hours=1) if paid_at else case.submitted_at
    assessment = Assessment.objects.create(
        application=case, task=task, agency=case.agency, region=case.region, number=f"SKRD/UJI/{number:07d}",
        reference=f"LKTUJI{number:07d}", amount=amount, issued_at=issued, due_at=issued + dt.timedelta(days=7),
        provider=provider, status=status if paid_at else "issued", paid_at=paid_at,
    )  # fmt: skip
    if paid_at and through_provider:
        event = PaymentEvent.objects.create(
            provider=provider, event_id=f"evt_uji_{number}", kind="payment.paid", reference=assessment.reference,
            amount=amount, body="{}", received_at=paid_at, processed_at=paid_at, outcome="applied",
            assessment=assessment,
        )  # fmt: skip
        Assessment.objects.filter(pk=assessment.pk).update(paid_event=event.event_id, paid_channel="qris")
    return assessment


def orphan_payment(*, received_at, amount=50000, provider="sim", outcome="unknown_bill"):
    """A provider's `payment.paid` callback that matched no assessment (money without a case), processed."""
    from loket.payments.models import PaymentEvent

    number = next(_numbers)
    return PaymentEvent.objects.create(
        provider=provider, event_id=f"evt_yatim_{number}", kind="payment.paid", reference=f"TIDAKADA{number}",
        amount=amount, body="{}", received_at=received_at, processed_at=received_at, outcome=outcome,
    )  # fmt: skip
