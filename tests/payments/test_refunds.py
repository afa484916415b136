"""Refunds of a paid levy (issue 18): decided by an official who may sign for the agency, never on their own case,
with a reason, in a signed decision in the citizen's wallet; carried out at the provider by the worker, retried while
the provider is down, without losing the decision or the money's trail."""

import datetime as dt
import time

import pytest
from django.core.cache import cache
from django.utils import timezone

from loket.core.errors import LoketError, PermissionDenied
from loket.core.models import AuditEvent
from loket.documents import pki
from loket.documents.models import Document
from loket.org.models import Role, RoleAssignment
from loket.payments import refunds
from loket.payments.models import Assessment, Refund
from tests.helpers.auth import activate_totp, totp_code
from tests.helpers.documents import nss_db, pdfsig
from tests.helpers.letters import flat, pdf_text
from tests.helpers.org import make_user
from tests.helpers.payments import deliver, file_and_verify

REASON = "Permohonan dicabut sebelum izin diproses; retribusi belum terutang."


def _code(user):
    cache.clear()  # a used code is remembered: start afresh
    return totp_code(user.totp_secret, time.time())


@pytest.mark.django_db(transaction=True)
def test_an_official_refunds_with_a_signed_decision(paid, official, applicant, bank, tmp_path):
    simulator, receiver = bank
    row = refunds.refund(actor=official, assessment=paid, reason=f"  {REASON} ", otp=_code(official))
    assert row.status == Refund.Status.DONE and row.amount == paid.amount and row.reason == REASON
    assert simulator.call("GET", f"/v1/tagihan/{paid.reference}")[1]["refunded"] == paid.amount

    decision = row.decision
    assert decision.status == Document.Status.VALID and decision.signed_by_id == official.pk
    assert decision.holder_id == applicant.pk and decision.subject_type == "payments.refund"
    data = decision.file.read()
    text = flat(pdf_text(data))
    for expected in ("KEPUTUSAN PENGEMBALIAN RETRIBUSI DAERAH", paid.number, "Rp110.000",
                     "Seratus sepuluh ribu rupiah", REASON, "Asep Sunandar", "pungutan liar"):  # fmt: skip
        assert expected in text, expected
    path = tmp_path / "keputusan.pdf"
    path.write_bytes(data)
    report = pdfsig(path, nss_db(tmp_path, pki.root().cert))
    assert "Signature is Valid." in report and "Certificate is Trusted." in report

    assert deliver(receiver, 2) == 1  # the provider's signed payment.refunded callback
    paid.refresh_from_db()
    assert paid.status == Assessment.Status.REFUNDED
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"payments.refund_decided", "payments.refund_sent", "payments.refunded"} <= actions
    with pytest.raises(LoketError, match="sudah diputuskan"):
        refunds.refund(actor=official, assessment=paid, reason=REASON, otp=_code(official))


@pytest.mark.django_db(transaction=True)
def test_who_may_refund(paid, official, officers, applicant, agency_a, agency_b):
    # The applicant may sign for the agency too: their own case is still not theirs to refund.
    RoleAssignment.objects.create(user=applicant, role=Role.SIGNING_OFFICIAL, agency=agency_a)
    applicant.totp_secret = activate_totp(applicant)
    with pytest.raises(PermissionDenied, match="sendiri"):
        refunds.refund(actor=applicant, assessment=paid, reason=REASON, otp=_code(applicant))
    other = make_user("pejabat_b", (Role.SIGNING_OFFICIAL, agency_b))
    other.totp_secret = activate_totp(other)
    with pytest.raises(PermissionDenied, match="berwenang"):
        refunds.refund(actor=other, assessment=paid, reason=REASON, otp=_code(other))
    with pytest.raises(PermissionDenied, match="berwenang"):  # an officer may not decide it
        refunds.refund(actor=officers["front"], assessment=paid, reason=REASON, otp="000000")
    for reason in ("", "   ", "salah", "x" * 40):
        with pytest.raises(LoketError) as refused:
            refunds.refund(actor=official, assessment=paid, reason=reason, otp=_code(official))
        assert refused.value.field == "reason" and "alasan" in refused.value.message
    with pytest.raises(LoketError) as wrong_code:
        refunds.refund(actor=official, assessment=paid, reason=REASON, otp="000000")
    assert wrong_code.value.field == "otp"
    assert not Refund.objects.exists() and not Document.objects.filter(subject_type="payments.refund").exists()
    assert refunds.refusal(official, paid) is None and "sendiri" in refunds.refusal(applicant, paid)


@pytest.mark.django_db(transaction=True)
def test_an_unpaid_levy_is_not_refunded(paid_service, applicant, officers, official, bank):
    application = file_and_verify(paid_service, applicant, officers["front"])
    assessment = Assessment.objects.get(application=application)
    with pytest.raises(LoketError, match="sudah lunas"):
        refunds.refund(actor=official, assessment=assessment, reason=REASON, otp=_code(official))


@pytest.mark.django_db(transaction=True)
def test_a_provider_outage_keeps_the_refund_and_the_worker_retries(paid, official, bank):
    simulator, _ = bank
    simulator.outage(True)
    row = refunds.refund(actor=official, assessment=paid, reason=REASON, otp=_code(official))
    assert row.status == Refund.Status.PENDING and "tidak tersedia" in row.error and row.attempts == 1
    assert row.decision.status == Document.Status.VALID  # the decision is kept; the money follows
    assert row.next_at > timezone.now()
    assert refunds.run_refunds() == 0  # not due yet
    assert AuditEvent.objects.filter(action="payments.refund_delayed").count() == 1

    simulator.outage(False)
    # The provider did it, but its answer was lost: the retry it refuses is checked against the bill.
    simulator.call("POST", f"/v1/tagihan/{paid.reference}/refund", {"amount": paid.amount, "reason": REASON})
    assert refunds.run_refunds(now=timezone.now() + dt.timedelta(hours=2)) == 1
    row.refresh_from_db()
    assert row.status == Refund.Status.DONE and row.error == ""
    assert simulator.call("GET", f"/v1/tagihan/{paid.reference}")[1]["refunded"] == paid.amount  # once, not twice
