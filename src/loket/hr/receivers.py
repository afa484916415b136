"""hr's records follow what happens to their case on the engine (ADR 0011: the case's life is the engine's).

A leave request withdrawn from the engine's status page (`/permohonan/<no>/`) is withdrawn in e-Cuti too, so
its days stop counting against the balance. A KGB case is opened by Loket itself when an increase falls due
(PP 7/1977 art. 7: the increase is granted by decree once its conditions hold, not asked for): the employee
has nothing to withdraw: the engine refuses the withdrawal with a message that says whom to ask.
"""

from django.utils import timezone

from loket.core import audit
from loket.core.i18n import tr
from loket.hr import cases
from loket.hr.models import LeaveRequest


def kgb_withdrawal_refusal(application) -> str | None:
    """Registered with the engine (applications.lifecycle.refuse_withdrawal_when): a KGB case is not withdrawn."""
    if not cases.is_kgb_case(application):
        return None
    return tr(
        "Kenaikan gaji berkala diproses otomatis oleh BKD dan tidak dapat dicabut. Bila ada data yang keliru, "
        "hubungi BKD melalui halaman Kepegawaian saya.",
        "A periodic salary increase is processed by the HR office and cannot be withdrawn. If any record is "
        "wrong, contact the HR office from My civil-service records.",
    )


def on_case_changed(sender, *, application, transition, actor=None, now=None, **kwargs) -> None:
    """A leave case withdrawn on the engine withdraws its leave request, in the same transaction."""
    if transition.name != "withdraw":
        return
    leave = LeaveRequest.objects.select_for_update().filter(case_id=application.pk).first()
    if leave is None or leave.status not in LeaveRequest.OPEN:
        return  # not a leave case, or e-Cuti withdrew it first (hr.leave.services.withdraw)
    leave.status = LeaveRequest.Status.WITHDRAWN
    leave.decided_at = now or timezone.now()
    leave.save(update_fields=["status", "decided_at"])
    audit.record("hr.leave_withdrawn", obj=leave, actor=actor, data={"via": "case"})
