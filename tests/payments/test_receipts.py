"""The sealed receipt of a paid levy (issue 18): written by the worker after the payment, once, through the documents
pipeline (numbered, sealed with the agency's e-seal, QR verification, in the citizen's wallet)."""

import pytest

from loket.core.models import AuditEvent
from loket.documents import pki
from loket.documents.models import Document
from loket.payments import receipts
from loket.payments import services as payments
from loket.payments.models import Assessment
from tests.helpers.documents import nss_db, pdfsig
from tests.helpers.letters import flat, pdf_text
from tests.helpers.payments import file_and_verify, pay


@pytest.mark.django_db(transaction=True)
def test_paid_levy_gets_one_sealed_receipt_in_the_wallet(paid_service, applicant, officers, bank, tmp_path, client):
    simulator, receiver = bank
    application = file_and_verify(paid_service, applicant, officers["front"])
    assessment = Assessment.objects.get(application=application)
    assert pay(simulator, receiver, assessment) == 1
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.PAID and assessment.receipt is None  # the worker writes it

    assert receipts.issue_receipts() == 1
    assert receipts.issue_receipts() == 0  # a second round, or a retry, writes nothing more
    assert receipts.issue_receipt(assessment.pk).receipt_id == Assessment.objects.get(pk=assessment.pk).receipt_id
    assessment.refresh_from_db()
    document = assessment.receipt
    assert Document.objects.filter(subject_type="payments.receipt").count() == 1
    assert document.status == Document.Status.VALID and document.holder_id == applicant.pk
    assert document.signer_title.startswith("Segel elektronik") and document.signed_by_id is None
    assert document.application_id is None  # the case's decision document stays the case's one
    assert AuditEvent.objects.filter(action="payments.receipt_issued").count() == 1

    data = document.file.read()
    text = flat(pdf_text(data))
    for expected in (
        "TANDA BUKTI PEMBAYARAN RETRIBUSI DAERAH",
        assessment.number,
        assessment.reference,
        "Izin Reklame",
        application.tracking_number,
        "Imas Masitoh",
        "Rp110.000",
        "Seratus sepuluh ribu rupiah",
        "QRIS",
        "WIB",
        assessment.paid_event,
        "pungutan liar",
        "lapor.go.id",
        document.code,
    ):
        assert expected in text, expected
    path = tmp_path / "kwitansi.pdf"
    path.write_bytes(data)
    report = pdfsig(path, nss_db(tmp_path, pki.root().cert))
    assert "Signature is Valid." in report and "Certificate is Trusted." in report
    assert "Segel Elektronik" in report

    client.force_login(applicant)
    wallet = client.get("/dompet/").content.decode()
    assert document.number in wallet
    assert client.get(f"/verifikasi/{document.code}").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_crash_between_payment_and_receipt_loses_nothing(paid_service, applicant, officers, bank, monkeypatch):
    simulator, receiver = bank
    application = file_and_verify(paid_service, applicant, officers["front"])
    assessment = Assessment.objects.get(application=application)
    pay(simulator, receiver, assessment, channel="va")

    def crash(**kwargs):
        raise RuntimeError("the worker died while sealing")

    monkeypatch.setattr(receipts.documents, "issue_and_seal", crash)
    payments.run_round()  # the receipt phase fails; the round goes on, nothing half-written
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.PAID and assessment.receipt_id is None
    assert not Document.objects.filter(subject_type="payments.receipt").exists()
    monkeypatch.undo()

    payments.run_round()  # the next round writes it
    assessment.refresh_from_db()
    assert assessment.receipt is not None
    assert "Transfer ke rekening virtual " + assessment.va_number in flat(pdf_text(assessment.receipt.file.read()))


@pytest.mark.django_db(transaction=True)
def test_a_payment_of_another_amount_never_pays_and_gets_no_receipt(paid_service, applicant, officers, bank):
    """A partial (or excess) payment is refused by the simulator; one that reaches Loket anyway is a discrepancy."""
    import json
    import time

    from loket.payments import signatures
    from loket.payments.models import PaymentEvent
    from tests.helpers.payments import SECRET

    simulator, receiver = bank
    application = file_and_verify(paid_service, applicant, officers["front"])
    assessment = Assessment.objects.get(application=application)
    payments.register_codes()
    assessment.refresh_from_db()
    assert simulator.call("POST", "/v1/_bayar", {"qris": assessment.qris, "amount": assessment.amount - 1})[0] == 400
    for event_id, amount in (("evt_kurang", assessment.amount - 1000), ("evt_lebih", assessment.amount + 1000)):
        body = json.dumps({"id": event_id, "type": "payment.paid", "reference": assessment.reference,
                           "amount": amount, "channel": "qris"}).encode()  # fmt: skip
        payments.receive("sim", signature=signatures.sign(SECRET, int(time.time()), body), body=body)
    assert payments.apply_events() == 2
    receipts.issue_receipts()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.ISSUED and assessment.receipt_id is None
    assert set(PaymentEvent.objects.values_list("outcome", flat=True)) == {"amount_differs"}
    assert AuditEvent.objects.filter(action="payments.discrepancy").count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_receipt_that_keeps_failing_waits_and_never_holds_the_queue(paid, monkeypatch):
    """An agency without its seal yet: its receipt fails; the next round does not try it again at once (it backs
    off), so the other agencies' receipts behind it go on."""
    calls = []

    def failing(pk, now=None):
        calls.append(pk)
        raise RuntimeError("no seal for this agency yet")

    monkeypatch.setattr(receipts, "issue_receipt", failing)
    monkeypatch.setattr(receipts, "_BACKOFF", {})
    assert receipts.issue_receipts() == 0 and calls == [paid.pk]
    assert receipts.issue_receipts() == 0 and calls == [paid.pk] * 2  # once more at once (a crash mid-way)
    assert receipts.issue_receipts() == 0 and calls == [paid.pk] * 2  # then it waits: not tried this round
    assert receipts._waiting(float("inf")) == []  # and it is tried again once its wait is over
