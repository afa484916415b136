"""The leave permit's and the KGB notice's TOTP share the signing attempt limit (issue 11, finding 6).

The code is checked before the approving transaction: a wrong code rolls the approval back, but its count,
audit event and lockout notice stay (before the fix there was no limit at all).
"""

import pytest

from loket.core.errors import LoketError
from loket.core.models import AuditEvent
from loket.hr.kgb import services as kgb
from loket.hr.leave import services
from loket.hr.models import KgbDecision, LeaveRequest
from loket.notify.models import Notification
from loket.org.second_factor import TooManyAttempts
from tests.helpers.hr import otp
from tests.hr.test_signed_documents import kgb_due, to_official

pytestmark = pytest.mark.django_db


def test_leave_final_approval_locks_after_five_wrong_codes(staff):
    leave = to_official(staff)
    kadis = staff["kadis"].user
    otp(kadis)
    for _ in range(4):
        with pytest.raises(LoketError) as refused:
            services.decide(actor=kadis, leave_id=leave.pk, decision="approved", otp="000000")
        assert not isinstance(refused.value, TooManyAttempts)
    with pytest.raises(TooManyAttempts) as locked:
        services.decide(actor=kadis, leave_id=leave.pk, decision="approved", otp="000000")
    assert locked.value.field == "otp" and "dikunci" in locked.value.message
    with pytest.raises(TooManyAttempts):
        services.decide(actor=kadis, leave_id=leave.pk, decision="approved", otp=otp(kadis))
    leave.refresh_from_db()
    assert leave.status == LeaveRequest.Status.OFFICIAL
    failures = AuditEvent.objects.filter(action="second_factor.failed", actor_id=kadis.pk)
    assert failures.count() == 5
    assert {event.data["purpose"] for event in failures} == {"hr.leave.final_approval"}
    assert AuditEvent.objects.filter(action="second_factor.locked_out", actor_id=kadis.pk).count() == 1
    assert Notification.objects.filter(template="second_factor_locked", user=kadis).count() == 1


def test_kgb_signing_locks_after_five_wrong_codes(staff, kgb_due):
    kadis = staff["kadis"].user
    otp(kadis)
    for _ in range(4):
        with pytest.raises(LoketError):
            kgb.sign(actor=kadis, decision_id=kgb_due.pk, otp="111111")
    with pytest.raises(TooManyAttempts):
        kgb.sign(actor=kadis, decision_id=kgb_due.pk, otp="111111")
    with pytest.raises(TooManyAttempts):
        kgb.sign(actor=kadis, decision_id=kgb_due.pk, otp=otp(kadis))
    kgb_due.refresh_from_db()
    assert kgb_due.status == KgbDecision.Status.SIGNATURE
    assert AuditEvent.objects.filter(action="second_factor.failed", data__purpose="hr.kgb.sign").count() == 5
    assert Notification.objects.filter(template="second_factor_locked", user=kadis).count() == 1


def test_one_limit_for_all_signing_purposes(staff, kgb_due):
    leave = to_official(staff)
    kadis = staff["kadis"].user
    otp(kadis)
    for _ in range(3):
        with pytest.raises(LoketError):
            services.decide(actor=kadis, leave_id=leave.pk, decision="approved", otp="000000")
    with pytest.raises(LoketError):
        kgb.sign(actor=kadis, decision_id=kgb_due.pk, otp="000000")
    with pytest.raises(TooManyAttempts):
        kgb.sign(actor=kadis, decision_id=kgb_due.pk, otp="000000")


def test_someone_who_may_not_sign_spends_no_attempt(staff, kgb_due):
    kasi = staff["kasi"].user
    otp(kasi)
    for _ in range(8):
        with pytest.raises(LoketError) as refused:
            kgb.sign(actor=kasi, decision_id=kgb_due.pk, otp="000000")
        assert refused.value.status == 403
    assert not AuditEvent.objects.filter(action="second_factor.failed").exists()
