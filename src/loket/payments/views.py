"""The payment card on the applicant's status page (registered with the engine's status sections), and the
officials' page of one assessment (its receipt and its refund)."""

import segno
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from loket.applications.status_sections import StatusSection
from loket.core.errors import LoketError
from loket.core.i18n import tr
from loket.org import permissions
from loket.org.decorators import staff_page
from loket.payments import queries, receipts, refunds
from loket.payments.models import Assessment, Refund
from loket.workflow import services as workflow


def status_section(application):
    """What the applicant owes, how to pay it, and what happened to it; None for a case without a levy."""
    if not any(step.kind == "payment" for step in workflow.steps_of(application.standard)):
        return None  # most services: no query at all (the SOP of a published version is cached)
    assessment = queries.assessment_of(application.pk)
    if assessment is None:
        return None
    qr_svg = ""
    if assessment.status == Assessment.Status.ISSUED and assessment.codes == Assessment.Codes.READY and assessment.qris:
        qr_svg = mark_safe(segno.make(assessment.qris, error="m").svg_inline(scale=4, title="QRIS", omitsize=True))
    refund = Refund.objects.filter(assessment=assessment).select_related("decision").first()
    return StatusSection(
        "payments/_status.html",
        {
            "assessment": assessment,
            "receipt": assessment.receipt if assessment.receipt_id else None,
            "receipt_pending": assessment.status == Assessment.Status.PAID and not assessment.receipt_id,
            "refund": refund,
            "paid_at": timezone.localtime(assessment.paid_at, application.region.zoneinfo)
            if assessment.paid_at
            else None,
            "complaints": receipts.complaint_url(application.region),
            "qr_svg": qr_svg,
            "due": timezone.localtime(assessment.due_at, application.region.zoneinfo),
            "payable": assessment.status == Assessment.Status.ISSUED,
        },
    )


# ---------------------------------------------------------------- the officials' page of one assessment


def _office_assessment(request, pk: int) -> Assessment:
    assessment = (
        Assessment.objects.select_related("application__service", "agency", "region", "receipt", "task")
        .filter(pk=pk)
        .first()
    )
    if assessment is None or not (
        permissions.can(request.user, "payment.refund", assessment.agency_id)
        or permissions.can(request.user, "document.view", assessment.agency_id)
    ):
        raise Http404
    return assessment


@staff_page
@require_http_methods(["GET", "POST"])
def office_assessment(request, pk: int):
    """An assessment as the agency sees it: paid or not, its receipt, and its refund (decided here, with a reason and
    the official's own code; a provider that is down is retried by the worker and said so)."""
    assessment = _office_assessment(request, pk)
    errors: dict = {}
    if request.method == "POST":
        try:
            row = refunds.refund(
                actor=request.user,
                assessment=assessment,
                reason=request.POST.get("reason", ""),
                otp=request.POST.get("otp", "").strip(),
            )
        except LoketError as error:
            errors = error.errors or {"__all__": [error.message]}
            if not error.errors:
                messages.error(request, error.message)
        else:
            if row.status == Refund.Status.DONE:
                messages.success(
                    request,
                    tr(
                        "Pengembalian diputuskan dan keputusan ditandatangani; penyedia pembayaran telah "
                        "mengembalikan uangnya.",
                        "The refund is decided and its decision signed; the payment provider has returned the money.",
                    ),
                )
            else:
                messages.warning(
                    request,
                    tr(
                        "Pengembalian diputuskan dan keputusan ditandatangani, tetapi penyedia pembayaran belum dapat "
                        "dihubungi. Sistem mencoba lagi secara otomatis; tidak ada yang hilang.",
                        "The refund is decided and its decision signed, but the payment provider could not be reached. "
                        "The system retries automatically; nothing is lost.",
                    ),
                )
            return redirect("payments:office_assessment", pk=assessment.pk)
    refund = Refund.objects.filter(assessment=assessment).select_related("decision", "decided_by").first()
    return render(
        request,
        "payments/office_assessment.html",
        {
            "assessment": assessment,
            "refund": refund,
            "refusal": refunds.refusal(request.user, assessment) if refund is None else None,
            "errors": errors,
            "reason": request.POST.get("reason", "") if errors else "",
            "paid_at": timezone.localtime(assessment.paid_at, assessment.region.zoneinfo)
            if assessment.paid_at
            else None,
            "identity_region": assessment.region_id,
        },
    )
