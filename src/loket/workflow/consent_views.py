"""The counter's proof of consent (issue 13, finding 5): the consent section of the counter form (send the code,
keep a scan) and the supervisor's review of signed consent forms, mounted with the counter at /kantor/loket/.

A counter filing for a citizen with no phone or e-mail rests on their signed consent form; its work is held by the
engine (`workflow.services.consent_hold`) until a supervisor of the agency accepts the scan here, or rejects it and
so closes the case with a reason the citizen reads. The officer who filed never reviews their own filing.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from loket.applications import consent
from loket.applications import queries as application_queries
from loket.applications import services as applications
from loket.applications.models import CaseAccess
from loket.core.errors import LoketError, NotFound
from loket.core.i18n import tr
from loket.core.identifiers import mask_nik
from loket.org import permissions
from loket.org.decorators import staff_page
from loket.workflow import queries

# ---------------------------------------------------------------- the counter form's consent section


def store_scan(citizen, chosen, state: dict) -> dict[str, list[str]]:
    """The scan of a signed consent form chosen in the counter form's post, stored for the citizen; its id kept in
    `state` for the form shown again."""
    if not chosen:
        return {}
    limit = getattr(settings, "LOKET_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
    try:
        upload = applications.store_upload(
            owner=citizen.user, data=chosen.read(limit + 1), name=chosen.name, requirement=consent.SCAN_SLOT
        )
    except LoketError as exc:
        return {"consent_scan": [exc.message]}
    state["scan_id"] = str(upload.pk)
    return {}


def send_code(request, citizen, service, state: dict) -> tuple[dict[str, list[str]], int]:
    """The counter form's "send consent code": (errors, status) for the form shown again with all it held."""
    try:
        sent = consent.send_code(officer=request.user, citizen=citizen.user, service=service, channel=state["to"])
    except LoketError as exc:
        return exc.errors or {"consent_to": [exc.message]}, exc.status
    messages.success(
        request,
        tr(
            f"Kode persetujuan dikirim ke {sent.sent_to}. Minta warga membacakan kodenya, lalu ketik di bawah.",
            f"Consent code sent to {sent.sent_to}. Ask the citizen to read it out, then type it below.",
        ),
    )
    return {}, 200


# ---------------------------------------------------------------- the supervisor's review


def supervisor_page(view):
    @staff_page
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.agencies_for(request.user, "application.reassign").exists():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _row(record) -> dict:
    application = record.application
    profile = getattr(application.applicant, "citizen", None)
    return {
        "record": record,
        "application": application,
        "name": profile.full_name if profile else "",
        "nik": mask_nik(profile.nik) if profile else "",
        "officer": queries.person_label(record.officer),
        "handed_in": queries.local_time(record.verified_at, application.region),
    }


@supervisor_page
def consent_reviews(request):
    pending = application_queries.consent_scans_for(request.user, pending=True)
    return render(
        request,
        "workflow/consent_reviews.html",
        {"rows": [_row(record) for record in pending[:200]]},
    )


def _record_or_404(user, consent_id: int):
    record = application_queries.consent_scans_for(user).filter(pk=consent_id).first()
    if record is None:
        raise Http404(tr("Formulir persetujuan tidak ditemukan.", "Consent form not found."))
    return record


@supervisor_page
def consent_review(request, consent_id: int):
    record = _record_or_404(request.user, consent_id)
    errors, status = {}, 200
    if request.method == "POST":
        decision = request.POST.get("decision", "")
        try:
            consent.review_scan(
                actor=request.user,
                consent_id=record.pk,
                approve=decision == "approve",
                reason=request.POST.get("reason", ""),
            )
        except NotFound:
            raise Http404 from None
        except LoketError as exc:
            errors = exc.errors or {"__all__": [exc.message]}
            status = exc.status
        else:
            done = (
                tr("Formulir persetujuan diterima; permohonan kini dapat diproses.", "Consent form accepted.")
                if decision == "approve"
                else tr("Formulir persetujuan ditolak; permohonan ditutup.", "Consent form rejected; case closed.")
            )
            messages.success(request, done)
            return redirect("counter_consent_reviews")
    else:
        consent.record_scan_read(actor=request.user, record=record, kind=CaseAccess.Kind.OPENED)
    return render(
        request,
        "workflow/consent_review.html",
        {
            **_row(record),
            "statement": application_queries.consent_statement(record.application, for_staff=True),
            "own_filing": record.officer_id == request.user.pk,
            "errors": errors,
            "reason": request.POST.get("reason", "") if request.method == "POST" else "",
        },
        status=status,
    )


@supervisor_page
def consent_scan(request, consent_id: int):
    record = _record_or_404(request.user, consent_id)
    if record.scan_id is None:
        raise Http404
    consent.record_scan_read(actor=request.user, record=record, kind=CaseAccess.Kind.DOWNLOAD)
    scan = record.scan
    response = FileResponse(
        scan.file.open("rb"), as_attachment=True, filename=scan.original_name, content_type=scan.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
