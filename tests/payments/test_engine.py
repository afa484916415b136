"""Levy payment as a system step of the one engine (issue 18): assessment from the case's own tariff, clock stopped
while the citizen owes, codes from the provider (a real simulator process), signed callbacks stored once and
applied by the worker, discrepancies never marked paid, expiry ends the case."""

import datetime as dt
import json
import time

import pytest
from django.db import transaction
from django.utils import timezone

from loket.applications import services as applications
from loket.applications.models import Application
from loket.catalogue import services as catalogue
from loket.core.errors import LoketError
from loket.core.models import AuditEvent
from loket.payments import services as payments
from loket.payments import signatures
from loket.payments.models import Assessment, PaymentEvent
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.helpers.payments import SECRET
from tests.helpers.payments import file_levy as _file
from tests.helpers.payments import levy_service as _service
from tests.helpers.payments import verify_first_step as _verify


def _post_callback(client, headers, body):
    return client.post(
        "/api/v1/pembayaran/notifikasi/sim",
        data=body,
        content_type="application/json",
        headers={signatures.HEADER: headers[signatures.HEADER]},
    )


@pytest.mark.django_db(transaction=True)
def test_paid_levy_resumes_the_case(billboard, applicant, officers, provider, client):
    simulator, receiver = provider
    application = _file(billboard, applicant, 4)
    _verify(application, officers["front"])
    application.refresh_from_db()
    assert application.status == Application.Status.WAITING and application.paused_at is not None
    assessment = Assessment.objects.get(application=application)
    assert assessment.amount == 4 * 25000 + 10000
    assert [line["amount"] for line in assessment.lines] == [100000, 10000]
    assert assessment.number.startswith("SKRD/") and assessment.codes == Assessment.Codes.PENDING
    assert "Rp110.000" in application.waiting_for or "Rp110.000" in application.events.last().note

    assert payments.register_codes() == 1
    assessment.refresh_from_db()
    assert assessment.codes == Assessment.Codes.READY and assessment.va_number and assessment.qris
    assert assessment.pay_url.endswith(f"/bayar/{assessment.reference}")

    assert simulator.call("POST", "/v1/_bayar", {"qris": assessment.qris, "amount": 110000})[0] == 200
    headers, body = receiver.wait(1)[0]
    response = _post_callback(client, headers, body)
    assert response.status_code == 200 and response.json() == {"received": True, "new": True}
    assert _post_callback(client, headers, body).json() == {"received": True, "new": False}  # replay: stored once
    assert PaymentEvent.objects.count() == 1

    assert payments.apply_events() == 1
    assessment.refresh_from_db()
    application.refresh_from_db()
    assert assessment.status == Assessment.Status.PAID and assessment.paid_channel == "qris"
    assert application.status == Application.Status.SUBMITTED
    open_task = Task.objects.get(application=application, status=Task.Status.OPEN)
    assert open_task.step.name_id == "Penetapan izin"
    payment_task = Task.objects.get(application=application, step__kind="payment")
    assert payment_task.status == Task.Status.APPROVED and payment_task.completed_by is None
    assert payments.apply_events() == 0


@pytest.mark.django_db
def test_no_officer_can_see_or_decide_the_payment_step(billboard, applicant, officers, settings, agency_a):
    from loket.core.errors import NotFound, PermissionDenied
    from loket.org.models import Role
    from tests.helpers.org import make_user

    settings.LOKET_PAYMENT_PROVIDER_BY_REGION = {"*": "sim"}
    application = _file(billboard, applicant, 2)
    _verify(application, officers["front"])
    task = Task.objects.get(application=application, status=Task.Status.OPEN)
    assert task.step.kind == "payment" and task.step_role == "system" and task.claimed_by_id is None
    supervisor = make_user("penyelia_a", (Role.SUPERVISOR, agency_a))
    for person in (officers["front"], officers["tech"], officers["head"], supervisor):
        with pytest.raises((NotFound, PermissionDenied)):
            workflow.act(actor=person, task_id=task.pk, action="resume", note="sudah bayar tunai")
        with pytest.raises((NotFound, PermissionDenied)):
            workflow.claim(actor=person, task_id=task.pk)
        assert workflow.take_next(actor=person) is None
    application.refresh_from_db()
    assert application.status == Application.Status.WAITING


@pytest.mark.django_db(transaction=True)
def test_forged_stale_and_unknown_callbacks_are_refused(billboard, applicant, officers, provider, client):
    body = json.dumps({"id": "evt_x", "type": "payment.paid", "reference": "LKT0000000001", "amount": 1}).encode()
    forged = {signatures.HEADER: signatures.sign("bukan-rahasia", int(time.time()), body)}
    assert _post_callback(client, forged, body).status_code == 401
    stale = {signatures.HEADER: signatures.sign(SECRET, int(time.time()) - 3600, body)}
    assert _post_callback(client, stale, body).status_code == 401
    assert (
        client.post("/api/v1/pembayaran/notifikasi/sim", data=body, content_type="application/json").status_code == 401
    )
    good = {signatures.HEADER: signatures.sign(SECRET, int(time.time()), body)}
    assert client.post(
        "/api/v1/pembayaran/notifikasi/lain", data=body, content_type="application/json",
        headers={signatures.HEADER: good[signatures.HEADER]},
    ).status_code == 404  # fmt: skip
    assert PaymentEvent.objects.count() == 0
    # refusals are logged, not audited one by one: an open route must not grow the audit chain at an attacker's will
    assert not AuditEvent.objects.filter(action__startswith="payments.").exists()
    not_json = b"bukan json"
    assert (
        _post_callback(
            client, {signatures.HEADER: signatures.sign(SECRET, int(time.time()), not_json)}, not_json
        ).status_code
        == 400
    )
    # a genuine callback for a bill Loket never issued: stored, then a discrepancy, nothing paid
    assert _post_callback(client, good, body).status_code == 200
    payments.apply_events()
    assert PaymentEvent.objects.get().outcome == "unknown_bill"
    assert AuditEvent.objects.filter(action="payments.discrepancy").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_partial_amount_never_pays(billboard, applicant, officers, provider, client):
    application = _file(billboard, applicant, 2)
    _verify(application, officers["front"])
    assessment = Assessment.objects.get(application=application)
    body = json.dumps({"id": "evt_kurang", "type": "payment.paid", "reference": assessment.reference,
                       "amount": assessment.amount - 1000}).encode()  # fmt: skip
    _post_callback(client, {signatures.HEADER: signatures.sign(SECRET, int(time.time()), body)}, body)
    payments.apply_events()
    assessment.refresh_from_db()
    application.refresh_from_db()
    assert assessment.status == Assessment.Status.ISSUED and application.status == Application.Status.WAITING
    assert PaymentEvent.objects.get().outcome == "amount_differs"


@pytest.mark.django_db(transaction=True)
def test_provider_down_keeps_the_bill_pending_and_retries(billboard, applicant, officers, provider):
    simulator, _ = provider
    application = _file(billboard, applicant, 1)
    _verify(application, officers["front"])
    simulator.outage(True)
    assert payments.register_codes() == 0
    assessment = Assessment.objects.get(application=application)
    assert assessment.codes == Assessment.Codes.PENDING and "tidak tersedia" in assessment.codes_error
    assert assessment.codes_next_at > timezone.now()
    simulator.outage(False)
    assert payments.register_codes(now=timezone.now() + dt.timedelta(minutes=1)) == 1


@pytest.mark.django_db(transaction=True)
def test_unpaid_levy_expires_and_ends_the_case(billboard, applicant, officers, provider):
    simulator, _ = provider
    application = _file(billboard, applicant, 1)
    _verify(application, officers["front"])
    payments.register_codes()
    assessment = Assessment.objects.get(application=application)
    assert payments.expire_due() == 0  # not yet due
    assert payments.expire_due(now=assessment.due_at + dt.timedelta(seconds=1)) == 1
    assessment.refresh_from_db()
    application.refresh_from_db()
    assert assessment.status == Assessment.Status.EXPIRED
    assert application.status == Application.Status.REJECTED and "tidak dibayar" in application.decision_note
    assert simulator.call("GET", f"/v1/tagihan/{assessment.reference}")[1]["status"] == "cancelled"
    assert simulator.call("POST", "/v1/_bayar", {"qris": assessment.qris, "amount": assessment.amount})[0] == 410


@pytest.mark.django_db
def test_a_free_service_passes_its_payment_step(editor_a, agency_a, category, units, applicant, officers):
    free = _service(editor_a, agency_a, category, units, "reklame-gratis", fee_amount=0)
    application = _file(free, applicant, 3)
    _verify(application, officers["front"])
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert Task.objects.get(application=application, status=Task.Status.OPEN).step.name_id == "Penetapan izin"
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_a_levy_that_cannot_be_computed_refuses_the_approval_and_changes_nothing(
    billboard, applicant, officers, settings
):
    settings.LOKET_PAYMENT_PROVIDER_BY_REGION = {"*": "sim"}
    application = _file(billboard, applicant, 2)
    Application.objects.filter(pk=application.pk).update(data={"lokasi": "x"})  # an answer the tariff needs is gone
    task = Task.objects.get(application=application, status=Task.Status.OPEN)
    workflow.claim(actor=officers["front"], task_id=task.pk)
    with pytest.raises(LoketError, match="Retribusi tidak dapat dihitung: Isian luas diperlukan"):
        workflow.act(actor=officers["front"], task_id=task.pk, action="approve", note="ok")
    task.refresh_from_db()
    assert task.status == Task.Status.OPEN and not Assessment.objects.exists()


@pytest.mark.django_db
def test_payment_cannot_be_the_first_step(editor_a, agency_a, category, units):
    service = catalogue.create_service(actor=editor_a, agency=agency_a, code="x-bayar", name_id="X", category=category)
    draft = catalogue.open_draft(actor=editor_a, service=service)
    with pytest.raises(LoketError) as refusal:
        workflow.save_procedure(
            actor=editor_a, standard=draft, steps=[{"name_id": "Bayar", "sla_days": 1, "kind": "payment"}]
        )
    assert "tidak dapat menjadi langkah pertama" in " ".join(refusal.value.errors["steps"])
    with pytest.raises(LoketError) as refusal:
        workflow.save_procedure(
            actor=editor_a, standard=draft,
            steps=[{"name_id": "A", "sla_days": 1}, {"name_id": "B", "sla_days": 1, "kind": "hadiah"}],
        )  # fmt: skip
    assert "jenis langkah tidak dikenal" in " ".join(refusal.value.errors["steps"])


@pytest.mark.django_db(transaction=True)
def test_a_withdrawn_case_cancels_its_bill_and_a_late_payment_is_a_discrepancy(
    billboard, applicant, officers, provider, client
):
    simulator, receiver = provider
    application = _file(billboard, applicant, 1)
    _verify(application, officers["front"])
    payments.register_codes()
    application.refresh_from_db()
    with transaction.atomic():  # as the withdraw page does
        applications.withdraw(actor=applicant, application=application, reason="Tidak jadi")
    assessment = Assessment.objects.get(application=application)
    assert assessment.status == Assessment.Status.CANCELLED and assessment.provider_cancel_at is not None
    assert payments.cancel_ended() == 1
    assert simulator.call("GET", f"/v1/tagihan/{assessment.reference}")[1]["status"] == "cancelled"
    # a payment that raced the cancellation still reaches Loket: recorded, never a payment
    body = json.dumps({"id": "evt_telat", "type": "payment.paid", "reference": assessment.reference,
                       "amount": assessment.amount}).encode()  # fmt: skip
    _post_callback(client, {signatures.HEADER: signatures.sign(SECRET, int(time.time()), body)}, body)
    payments.apply_events()
    assert PaymentEvent.objects.get().outcome == "not_payable"
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.CANCELLED


@pytest.mark.django_db
def test_the_answers_a_levy_was_computed_from_cannot_change_on_resubmission(billboard, applicant, officers, settings):
    settings.LOKET_PAYMENT_PROVIDER_BY_REGION = {"*": "sim"}
    application = _file(billboard, applicant, 4)
    _verify(application, officers["front"])
    assert Assessment.objects.get(application=application).inputs == {"luas": 4}
    application.data = {**application.data, "luas": 400}
    with pytest.raises(LoketError, match="dasar retribusi tidak dapat diubah"):
        payments.on_case_changed(Application, application=application, transition="resubmit")
    application.data = {**application.data, "luas": 4, "lokasi": "Jl. Braga 1"}
    payments.on_case_changed(Application, application=application, transition="resubmit")  # other answers may change


@pytest.mark.django_db
def test_one_broken_event_never_blocks_the_others(billboard, applicant, officers, settings):
    settings.LOKET_PAYMENT_PROVIDER_BY_REGION = {"*": "sim"}
    application = _file(billboard, applicant, 1)
    _verify(application, officers["front"])
    assessment = Assessment.objects.get(application=application)
    now = timezone.now()
    PaymentEvent.objects.create(provider="sim", event_id="rusak", kind="payment.paid", reference=assessment.reference,
                                amount=assessment.amount, body="{bukan json", received_at=now)  # fmt: skip
    good = json.dumps({"id": "baik", "type": "payment.paid", "reference": assessment.reference,
                       "amount": assessment.amount, "paid_at": "2026-12-07T01:00:00Z", "channel": "va"})  # fmt: skip
    PaymentEvent.objects.create(provider="sim", event_id="baik", kind="payment.paid", reference=assessment.reference,
                                amount=assessment.amount, body=good, received_at=now + dt.timedelta(seconds=1))  # fmt: skip
    assert payments.apply_events() == 2
    assert PaymentEvent.objects.get(event_id="rusak").outcome == "error"
    assert PaymentEvent.objects.get(event_id="baik").outcome == "applied"
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.PAID


@pytest.mark.django_db
def test_one_payment_step_per_procedure(editor_a, agency_a, category, units):
    service = catalogue.create_service(actor=editor_a, agency=agency_a, code="x-dua", name_id="X", category=category)
    draft = catalogue.open_draft(actor=editor_a, service=service)
    with pytest.raises(LoketError) as refusal:
        workflow.save_procedure(
            actor=editor_a, standard=draft,
            steps=[{"name_id": "A", "sla_days": 1}, {"name_id": "B", "sla_days": 1, "kind": "payment"},
                   {"name_id": "C", "sla_days": 1, "kind": "payment"}],
        )  # fmt: skip
    assert "hanya boleh memuat satu langkah pembayaran" in " ".join(refusal.value.errors["steps"])
