"""The daily reconciliation job against the real simulator process (issue 18): the provider's settlement file is
matched with Loket's assessments, every discrepancy stored for finance, nothing ever paid from the file; a run is
idempotent, re-runnable and survives a provider outage. The expiry asks the provider before ending a case (a lost
callback is recovered only on the provider's confirmation) and backs off one bill's error without starving others."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from loket.applications.models import Application
from loket.core import jobs
from loket.core.models import AuditEvent
from loket.payments import reconciliation, signatures
from loket.payments import services as payments
from loket.payments.models import Assessment, Discrepancy, PaymentEvent, Reconciliation
from tests.helpers.payments import file_levy, verify_first_step


def _case(billboard, applicant, officer, luas, key):
    application = file_levy(billboard, applicant, luas, key=key)
    verify_first_step(application, officer)
    return Assessment.objects.get(application=application)


def _deliver(client, receiver, count):
    """Post the simulator's callbacks (as its receiver got them) to Loket, then let the worker apply them."""
    for headers, body in receiver.wait(count)[:count]:
        response = client.post(
            "/api/v1/pembayaran/notifikasi/sim",
            data=body,
            content_type="application/json",
            headers={signatures.HEADER: headers[signatures.HEADER]},
        )
        assert response.status_code == 200
    payments.apply_events()


def _today():
    return timezone.now().astimezone(dt.UTC).date()


@pytest.mark.django_db(transaction=True)
def test_settlement_is_matched_every_discrepancy_stored_and_nothing_paid(
    billboard, applicant, officers, provider, client, agency_a
):
    simulator, receiver = provider
    clean = _case(billboard, applicant, officers["front"], 1, "k-1")  # paid, confirmed: a clean match
    lost = _case(billboard, applicant, officers["front"], 2, "k-2")  # paid, its callback lost
    loket_only = _case(billboard, applicant, officers["front"], 3, "k-3")  # Loket paid, not in the file
    differs = _case(billboard, applicant, officers["front"], 4, "k-4")  # the bank holds another amount
    # the provider's own bill under the 4th reference, for another amount (Loket's registration is refused)
    assert simulator.call(
        "POST", "/v1/tagihan", {"reference": differs.reference, "amount": differs.amount + 500,
                                "expires_at": differs.due_at.isoformat()}
    )[0] == 201  # fmt: skip
    assert payments.register_codes() == 3
    clean.refresh_from_db()
    lost.refresh_from_db()
    assert simulator.call("POST", "/v1/_bayar", {"qris": clean.qris, "amount": clean.amount})[0] == 200
    _deliver(client, receiver, 1)
    assert simulator.call("POST", "/v1/_bayar", {"va_number": lost.va_number, "amount": lost.amount})[0] == 200
    assert (
        simulator.call("POST", "/v1/_bayar", {"reference": differs.reference, "amount": differs.amount + 500})[0] == 200
    )
    assert simulator.call("POST", "/v1/tagihan", {"reference": "LKTX0001", "amount": 7500,
                                                  "expires_at": differs.due_at.isoformat()})[0] == 201  # fmt: skip
    assert simulator.call("POST", "/v1/_bayar", {"reference": "LKTX0001", "amount": 7500})[0] == 200
    Assessment.objects.filter(pk=loket_only.pk).update(
        status=Assessment.Status.PAID, paid_at=timezone.now(), paid_event="evt_manual"
    )

    run = reconciliation.reconcile_day("sim", _today())

    assert run.status == Reconciliation.Status.DONE and run.finished_at is not None and run.error == ""
    assert run.lines == 4 and run.settled_total == clean.amount + lost.amount + differs.amount + 500 + 7500
    assert (run.matched, run.matched_total) == (1, clean.amount)
    assert (run.paid_count, run.paid_total) == (2, clean.amount + loket_only.amount)
    found = {
        (d.kind, d.reference): (d.loket_amount, d.provider_amount, d.assessment_id, d.agency_id)
        for d in Discrepancy.objects.filter(reconciliation=run)
    }
    assert found == {
        ("unpaid_but_settled", lost.reference): (lost.amount, lost.amount, lost.pk, agency_a.pk),
        ("paid_not_settled", loket_only.reference): (loket_only.amount, None, loket_only.pk, agency_a.pk),
        ("amount_differs", differs.reference): (differs.amount, differs.amount + 500, differs.pk, agency_a.pk),
        ("unknown_bill", "LKTX0001"): (None, 7500, None, None),
    }
    assert run.discrepancies == 4
    # the settlement file never pays: the unconfirmed and the differing bills are still unpaid, their cases waiting
    for assessment in (lost, differs):
        assessment.refresh_from_db()
        assert assessment.status == Assessment.Status.ISSUED and assessment.paid_at is None
        assert Application.objects.get(pk=assessment.application_id).status == Application.Status.WAITING
    assert AuditEvent.objects.filter(action="payments.reconciled").count() == 1

    # re-run: the same row, the same findings (no duplicates); a resolved finding stays resolved
    first_ids = set(Discrepancy.objects.values_list("pk", flat=True))
    unknown = Discrepancy.objects.get(kind="unknown_bill")
    payments.resolve_discrepancy(
        actor=_finance(agency_a), discrepancy_id=unknown.pk, note="Dikembalikan ke pembayar lewat bank."
    )
    again = reconciliation.reconcile_day("sim", _today())
    assert again.pk == run.pk and again.attempts == 2 and Reconciliation.objects.count() == 1
    assert set(Discrepancy.objects.values_list("pk", flat=True)) == first_ids
    assert Discrepancy.objects.get(pk=unknown.pk).resolved_at is not None

    # the lost callback finally arrives: the next run drops that open finding, and nothing else changes
    _deliver(client, receiver, 2)
    lost.refresh_from_db()
    assert lost.status == Assessment.Status.PAID
    third = reconciliation.reconcile_day("sim", _today())
    assert not Discrepancy.objects.filter(kind="unpaid_but_settled").exists()
    assert third.matched == 2 and third.discrepancies == 3


def _finance(agency):
    from loket.org.models import Role
    from tests.helpers.org import make_user

    return make_user("bendahara_uji", (Role.FINANCE_OFFICER, agency))


@pytest.mark.django_db(transaction=True)
def test_provider_down_fails_the_run_with_its_reason_and_the_next_rounds_retry(provider, settings):
    simulator, _ = provider
    settings.LOKET_RECONCILE_DAYS = 1
    tomorrow = timezone.now() + dt.timedelta(days=1)  # yesterday's file, seen from tomorrow, is today's
    simulator.outage(True)

    assert reconciliation.run_due(now=tomorrow) == 1
    run = Reconciliation.objects.get()
    assert run.day == _today() and run.status == Reconciliation.Status.FAILED
    assert "tidak tersedia" in run.error and run.next_try_at > tomorrow and run.finished_at is None
    assert reconciliation.run_due(now=tomorrow) == 0  # backing off: not hammered every second
    assert reconciliation.run_due(now=run.next_try_at + dt.timedelta(seconds=1)) == 1  # still down: tried again
    run.refresh_from_db()
    assert run.status == Reconciliation.Status.FAILED and run.attempts == 2
    assert AuditEvent.objects.filter(action="payments.reconciliation_failed").count() == 1

    simulator.outage(False)
    later = run.next_try_at + dt.timedelta(seconds=1)
    assert reconciliation.run_due(now=later) == 1
    run.refresh_from_db()
    assert run.status == Reconciliation.Status.DONE and run.error == "" and run.lines == 0
    assert reconciliation.run_due(now=later) == 0  # done: one query a round, nothing fetched


@pytest.mark.django_db
def test_a_malformed_file_fails_the_run_whole(settings, monkeypatch):
    from loket.payments import providers

    settings.LOKET_PAYMENT_PROVIDERS = {"sim": {"base_url": "http://127.0.0.1:9", "api_key": "k"}}
    monkeypatch.setattr(
        providers.HttpProvider, "settlement", lambda self, day: "reference,va_number,amount\nLKT1,888,seratus\n"
    )
    run = reconciliation.reconcile_day("sim", dt.date(2026, 12, 1))
    assert run.status == Reconciliation.Status.FAILED and "Baris 2" in run.error
    assert not Discrepancy.objects.exists()


def test_the_reconciliation_is_a_periodic_job_of_the_worker():
    names = {job.name: job.run for job in jobs.periodic_jobs()}
    assert names["payments.reconcile"] is reconciliation.run_due


@pytest.mark.django_db
def test_nothing_configured_costs_nothing(settings, django_assert_num_queries):
    settings.LOKET_PAYMENT_PROVIDERS = {}
    with django_assert_num_queries(0):
        assert reconciliation.run_due() == 0


# ---------------------------------------------------------------- expiry: lost callbacks and starvation


@pytest.mark.django_db(transaction=True)
def test_expiry_recovers_a_lost_callback_on_the_providers_confirmation(
    billboard, applicant, officers, provider, client
):
    simulator, receiver = provider
    assessment = _case(billboard, applicant, officers["front"], 2, "k-1")
    payments.register_codes()
    assessment.refresh_from_db()
    assert simulator.call("POST", "/v1/_bayar", {"qris": assessment.qris, "amount": assessment.amount})[0] == 200
    # the callback is lost: Loket still holds the bill unpaid at its due time

    assert payments.expire_due(now=assessment.due_at + dt.timedelta(seconds=1)) == 0
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.PAID and assessment.paid_event == f"query:{assessment.reference}"
    assert assessment.paid_channel == "qris"
    event = PaymentEvent.objects.get()
    assert event.outcome == "applied" and json.loads(event.body)["source"] == "query"
    assert (
        Application.objects.get(pk=assessment.application_id).status == Application.Status.SUBMITTED
    )  # resumed by the system, step approved
    assert AuditEvent.objects.filter(action="payments.callback_recovered").count() == 1
    # idempotent: again, and the late callback itself, change nothing and raise no discrepancy
    assert payments.expire_due(now=assessment.due_at + dt.timedelta(seconds=2)) == 0
    _deliver(client, receiver, 1)
    assert [e.outcome for e in PaymentEvent.objects.order_by("pk")] == ["applied", "repeated"]
    assert not AuditEvent.objects.filter(action="payments.discrepancy").exists()
    assert AuditEvent.objects.filter(action="payments.paid").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_provider_error_backs_one_bill_off_without_starving_the_others(billboard, applicant, officers, provider):
    simulator, _ = provider
    first = _case(billboard, applicant, officers["front"], 1, "k-1")
    second = _case(billboard, applicant, officers["front"], 2, "k-2")
    assert payments.register_codes() == 2
    due = max(first.due_at, second.due_at) + dt.timedelta(seconds=1)
    simulator.outage(True)

    assert payments.expire_due(now=due, limit=1) == 0
    assert payments.expire_due(now=due, limit=1) == 0  # the first is backing off: the second gets its turn
    for assessment in (first, second):
        assessment.refresh_from_db()
        assert assessment.status == Assessment.Status.ISSUED and assessment.expiry_attempts == 1
        assert assessment.expiry_next_at > due and "tidak tersedia" in assessment.expiry_error
    assert payments.expire_due(now=due, limit=1) == 0  # both backing off: nothing asked at all

    simulator.outage(False)
    later = max(first.expiry_next_at, second.expiry_next_at) + dt.timedelta(seconds=1)
    assert payments.expire_due(now=later) == 2
    for assessment in (first, second):
        assessment.refresh_from_db()
        assert assessment.status == Assessment.Status.EXPIRED
        assert simulator.call("GET", f"/v1/tagihan/{assessment.reference}")[1]["status"] == "cancelled"


@pytest.mark.sqlite
@pytest.mark.django_db
def test_callbacks_are_stored_once_and_bills_read_on_either_database(billboard, applicant, officers, settings):
    import time

    from loket.payments.rules import BillState

    settings.LOKET_PAYMENT_PROVIDERS = {"sim": {"base_url": "http://127.0.0.1:9", "api_key": "k", "secrets": ["s"]}}
    settings.LOKET_PAYMENT_PROVIDER_BY_REGION = {"*": "sim"}
    assessment = _case(billboard, applicant, officers["front"], 1, "k-1")
    body = json.dumps(
        {"id": "evt_1", "type": "payment.paid", "reference": assessment.reference, "amount": assessment.amount}
    ).encode()
    header = signatures.sign("s", int(time.time()), body)
    event, new = payments.receive("sim", signature=header, body=body)
    stored = PaymentEvent.objects.get(pk=event.pk)
    assert new and (stored.event_id, stored.amount, stored.received_at) == (
        "evt_1",
        assessment.amount,
        event.received_at,
    )
    again, new = payments.receive("sim", signature=header, body=body)
    assert not new and again.pk == event.pk and PaymentEvent.objects.count() == 1
    bills, paid, where = reconciliation.bills_for("sim", [assessment.reference, "LKTX0001"], _today())
    assert bills == {assessment.reference: BillState(assessment.amount, "issued", "")} and paid == set()
    assert where == {assessment.reference: (assessment.pk, assessment.agency_id)}
