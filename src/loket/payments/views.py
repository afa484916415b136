"""The payment card on the applicant's status page (registered with the engine's status sections); the officials'
page of one assessment (its receipt and its refund); the finance officers' pages: open discrepancies of the
reconciliation, a discrepancy with its evidence and resolution, and the daily report per agency (HTML and CSV)."""

import csv
import datetime as dt
from functools import wraps

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from loket.applications.status_sections import StatusSection
from loket.core.errors import LoketError, NotFound
from loket.core.i18n import is_english, tr
from loket.org import permissions
from loket.org.decorators import staff_page
from loket.payments import queries, receipts, refunds, rules, services
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


# ---------------------------------------------------------------- finance officers (bendahara penerimaan)


def finance_page(view):
    """Back-office page of the receiving treasurers: payments.finance somewhere, else 403."""

    @staff_page
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.can_anywhere(request.user, "payments.finance"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@finance_page
def finance_inbox(request):
    resolved = request.GET.get("status") == "selesai"
    page = Paginator(queries.finance_inbox(request.user, resolved=resolved), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "payments/finance_inbox.html",
        {
            "page": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number),
            "resolved": resolved,
            "yesterday": rules.settlement_day(timezone.now()),
        },
    )


@finance_page
def finance_discrepancy(request, discrepancy_id: int):
    discrepancy = queries.discrepancy_for(request.user, discrepancy_id)
    if discrepancy is None:
        raise Http404
    return render(
        request,
        "payments/finance_discrepancy.html",
        {"d": discrepancy, **queries.evidence(discrepancy), "note": "", "error": ""},
    )


@require_POST
@finance_page
def finance_resolve(request, discrepancy_id: int):
    note = request.POST.get("note", "")
    try:
        services.resolve_discrepancy(actor=request.user, discrepancy_id=discrepancy_id, note=note)
    except NotFound:
        raise Http404 from None
    except LoketError as error:
        discrepancy = queries.discrepancy_for(request.user, discrepancy_id)
        return render(
            request,
            "payments/finance_discrepancy.html",
            {"d": discrepancy, **queries.evidence(discrepancy), "note": note, "error": error.message},
            status=400,
        )
    messages.success(request, tr("Selisih ditandai selesai.", "Discrepancy marked as resolved."))
    return redirect("payments:finance_inbox")


def _report_scope(request):
    agencies = list(queries.finance_agencies(request.user))
    chosen = request.GET.get("instansi", "")
    agency = next((a for a in agencies if str(a.pk) == chosen), agencies[0] if agencies else None)
    if agency is None:
        raise PermissionDenied
    day = rules.settlement_day(timezone.now())
    error = ""
    raw = request.GET.get("tanggal", "")
    if raw:
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            error = tr("Tanggal tidak dikenali; gunakan format TTTT-BB-HH.", "Date not recognised; use YYYY-MM-DD.")
    return agencies, agency, day, error


@finance_page
def finance_report(request):
    agencies, agency, day, error = _report_scope(request)
    return render(
        request,
        "payments/finance_report.html",
        {"agencies": agencies, "agency": agency, "day": day, "error": error, **queries.daily_report(agency, day)},
    )


@finance_page
def finance_report_csv(request):
    agencies, agency, day, error = _report_scope(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    report = queries.daily_report(agency, day)
    english = is_english()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="laporan-retribusi-{agency.slug}-{day.isoformat()}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["date", "agency", "item", "count", "amount_idr"]
        if english
        else ["tanggal", "instansi", "uraian", "jumlah", "nilai_rupiah"]
    )
    for line in report["lines"]:
        writer.writerow(
            [day.isoformat(), agency.name, line.label_en if english else line.label_id, line.count, line.amount]
        )
    for kind in report["kinds"]:
        label = kind["label_en"] if english else kind["label"]
        writer.writerow(
            [
                day.isoformat(),
                agency.name,
                ("Discrepancy: " if english else "Selisih: ") + label,
                kind["count"],
                kind["amount"],
            ]
        )
    return response


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
