"""Pages of output documents: public verification, the citizen's wallet, the back office (sign, revoke, templates).

Thin: reads from `queries`, changes through `services`. Someone else's document is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from loket.catalogue import services as catalogue
from loket.catalogue.models import Service, ServiceStandard
from loket.core import i18n
from loket.core.errors import LoketError, NotFound
from loket.core.i18n import tr
from loket.documents import queries, rules, services
from loket.documents import render as doc_render
from loket.documents.models import Document, Letterhead, OutputTemplate
from loket.notify import services as notify
from loket.org import permissions
from loket.org.decorators import staff_page

MAX_CHECK_BYTES = 10 * 1024 * 1024


def _page(rows, request, per_page: int = 25) -> dict:
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    return {"page": page, "page_numbers": page.paginator.get_elided_page_range(page.number)}


def _pdf_response(document: Document, *, inline: bool = False) -> FileResponse:
    return FileResponse(
        document.file.open("rb"),
        as_attachment=not inline,
        content_type="application/pdf",
        filename=f"{document.title} {document.number}.pdf".replace("/", "-"),
    )


# ---------------------------------------------------------------- public verification


@never_cache
def verify_page(request, code: str):
    doc = services.verify_code(code, actor=request.user, via="page")
    if doc is None:
        return render(request, "documents/verify_unknown.html", {"code": code[:16]}, status=404)
    return render(request, "documents/verify.html", {"doc": doc, "identity_region": doc["region_id"]})


@never_cache
@require_http_methods(["GET", "POST"])
def verify_upload(request):
    result, error, refused = None, "", 400
    if request.method == "POST":
        chosen = request.FILES.get("file")
        if chosen is None:
            error = tr("Pilih berkas PDF yang akan diperiksa.", "Choose a PDF file to check.")
        elif chosen.size > MAX_CHECK_BYTES:
            error = tr("Berkas terlalu besar (maks. 10 MB).", "The file is too large (max. 10 MB).")
        else:
            try:
                result = services.check_upload(chosen.read(), actor=request.user)
            except LoketError as exc:  # e.g. the signing keys are missing after a restore: say so, not a 500
                error, refused = exc.message, exc.status
    doc = queries.public_view(result.document) if result and result.document else None
    return render(
        request,
        "documents/verify_upload.html",
        {"result": result, "error": error, "doc": doc, "identity_region": doc["region_id"] if doc else None},
        status=refused if error else 200,
    )


@never_cache
def shared(request, token: str):
    try:
        document, expires = services.resolve_share(token)
    except NotFound as exc:
        return render(request, "documents/verify_unknown.html", {"message": exc.message}, status=404)
    return render(
        request,
        "documents/verify.html",
        {
            "doc": queries.public_view(document),
            "token": token,
            "expires": expires,
            "shared": True,
            "identity_region": document.region_id,
        },
    )


@never_cache
def shared_download(request, token: str):
    try:
        document = services.resolve_share_download(token, actor=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from None
    except services.Gone as exc:
        return render(
            request,
            "documents/shared_gone.html",
            {"message": exc.message, "doc": queries.public_view(exc.document)},
            status=exc.status,
        )
    return _pdf_response(document)


# ---------------------------------------------------------------- wallet (citizen)


@never_cache
@login_required
def wallet(request):
    return render(
        request,
        "documents/wallet.html",
        {
            **_page(queries.wallet(request.user), request, 20),
            "share_days": services.SHARE_DAYS,
            "notices": notify.in_app_notices(request.user),
        },
    )


@login_required
def wallet_download(request, code: str):
    document = queries.owned(request.user, code)
    if document is None:
        raise Http404
    return _pdf_response(document)


@never_cache
@login_required
@require_POST
def wallet_share(request, code: str):
    document = queries.owned(request.user, code)
    if document is None:
        raise Http404
    try:
        days = int(request.POST.get("days", "0"))
    except ValueError:
        days = 0
    try:
        token = services.share_token(holder=request.user, document=document, days=days)
    except LoketError as exc:
        messages.error(request, exc.message)
        return redirect("documents:wallet")
    link = request.build_absolute_uri(reverse("documents:shared", args=[token]))
    return render(request, "documents/shared_link.html", {"doc": document, "link": link, "days": days})


# ---------------------------------------------------------------- back office


def _office_document(request, code: str, action: str = "document.view") -> Document:
    document = queries.office_document(request.user, code, action)
    if document is None:
        raise Http404
    return document


@staff_page
def office_list(request):
    status = request.GET.get("status", "")
    return render(
        request,
        "documents/office_list.html",
        {
            **_page(queries.agency_documents(request.user, status=status), request),
            "status": status,
            "statuses": i18n.choices(Document, "status"),
        },
    )


@staff_page
@require_http_methods(["GET", "POST"])
def to_sign(request):
    if request.method == "POST":
        codes = request.POST.getlist("codes")[: services.MAX_BATCH + 1]
        chosen = list(queries.to_sign(request.user).filter(code__in=codes))
        try:
            if len(chosen) != len(set(codes)):
                raise NotFound(
                    tr(
                        "Sebagian dokumen tidak ditemukan atau bukan wewenang Anda.",
                        "Some documents were not found or are not yours to sign.",
                    )
                )
            signed = services.sign_many(actor=request.user, documents=chosen, otp=request.POST.get("otp", ""))
        except LoketError as exc:
            messages.error(request, exc.message)
        else:
            numbers = ", ".join(d.number for d in signed)
            messages.success(
                request,
                tr(
                    f"{len(signed)} dokumen telah ditandatangani: {numbers}.",
                    f"{len(signed)} documents have been signed: {numbers}.",
                ),
            )
        return redirect("documents:to_sign")
    return render(request, "documents/to_sign.html", _page(queries.to_sign(request.user), request))


@staff_page
def office_detail(request, code: str):
    document = _office_document(request, code)
    may_revoke = permissions.can(request.user, "document.revoke", document.agency_id)
    pending = queries.pending_revocation(document)
    is_holder = request.user.pk == document.holder_id
    return render(
        request,
        "documents/office_detail.html",
        {
            "doc": document,
            "public": queries.public_view(document) if document.status != "awaiting" else None,
            "can_sign": document.status == "awaiting"
            and permissions.can(request.user, "document.sign", document.agency_id),
            "can_end": document.status == "valid" and may_revoke and not is_holder,
            "pending": pending,
            "can_decide": bool(pending) and may_revoke and not is_holder and pending.requested_by_id != request.user.pk,
            "reasons": [(reason.code, tr(reason.indonesian, reason.english)) for reason in rules.REASONS],
            "revocations": queries.revocation_history(document),
        },
    )


@staff_page
@require_POST
def sign(request, code: str):
    document = _office_document(request, code, "document.sign")
    try:
        services.sign(actor=request.user, document=document, otp=request.POST.get("otp", ""))
    except LoketError as exc:
        messages.error(request, exc.message)
        return redirect("documents:office_detail", code=code)
    messages.success(
        request, tr(f"Dokumen {document.number} telah ditandatangani.", f"Document {document.number} has been signed.")
    )
    return redirect("documents:to_sign")


@staff_page
@require_POST
def end(request, code: str):
    document = _office_document(request, code, "document.revoke")
    action = request.POST.get("action")
    try:
        if action == "supersede":
            replacement = services.supersede(
                actor=request.user, document=document, reason=request.POST.get("reason", "")
            )
            messages.success(
                request,
                tr(
                    f"Dokumen diganti; pengganti bernomor {replacement.number} menunggu tanda tangan.",
                    f"Superseded; replacement {replacement.number} awaits signature.",
                ),
            )
        elif action == "revoke":
            services.request_revocation(
                actor=request.user,
                document=document,
                reason_code=request.POST.get("reason_code", ""),
                explanation=request.POST.get("explanation", "") or request.POST.get("reason", ""),
            )
            messages.success(
                request,
                tr(
                    "Permintaan pencabutan dicatat. Dokumen tetap sah sampai pejabat kedua menyetujuinya.",
                    "The revocation request is recorded. The document stays valid until a second official approves it.",
                ),
            )
        elif action in ("approve", "reject"):
            revocation = queries.pending_revocation(document)
            if revocation is None:
                messages.error(request, tr("Tidak ada permintaan pencabutan.", "There is no revocation request."))
            elif action == "approve":
                services.approve_revocation(actor=request.user, revocation=revocation)
                messages.success(
                    request,
                    tr(
                        "Dokumen telah dicabut; pemegangnya diberi tahu.",
                        "The document has been revoked; its holder has been told.",
                    ),
                )
            else:
                services.reject_revocation(actor=request.user, revocation=revocation, note=request.POST.get("note", ""))
                messages.success(
                    request, tr("Permintaan pencabutan ditolak.", "The revocation request has been refused.")
                )
        else:
            messages.error(request, tr("Pilih cabut atau ganti.", "Choose revoke or supersede."))
    except LoketError as exc:
        messages.error(request, exc.message)
    return redirect("documents:office_detail", code=code)


@staff_page
@require_POST
def printed(request, code: str):
    document = _office_document(request, code)
    if document.status != Document.Status.VALID:
        raise Http404
    services.mark_printed(actor=request.user, document=document)
    return _pdf_response(document, inline=True)


@staff_page
def office_download(request, code: str):
    document = _office_document(request, code)
    if not document.sha256:
        raise Http404
    return _pdf_response(document)


def _standard_for(request, standard_id: int) -> ServiceStandard:
    standard = get_object_or_404(ServiceStandard.objects.select_related("service__agency"), pk=standard_id)
    if not permissions.can(request.user, "document.template", standard.service.agency_id):
        raise Http404
    return standard


@staff_page
def service_template(request, code: str):
    """The decision template of a service: its draft's when one is open, else the published version's."""
    service = get_object_or_404(Service, code=code)
    standard = catalogue.draft_of(service) or service.current
    if standard is None or not permissions.can(request.user, "document.template", service.agency_id):
        raise Http404
    return redirect("documents:template_edit", standard_id=standard.pk)


@staff_page
@require_http_methods(["GET", "POST"])
def template_edit(request, standard_id: int):
    standard = _standard_for(request, standard_id)
    if request.method == "POST" and request.POST.get("action") == "open_draft":
        draft = catalogue.open_draft(actor=request.user, service=standard.service)
        messages.success(
            request,
            tr(
                "Draf baru dibuka; templat yang diubah berlaku setelah draf disetujui dan terbit.",
                "A new draft was opened; the changed template applies once the draft is approved and published.",
            ),
        )
        return redirect("documents:template_edit", standard_id=draft.pk)
    template = services.template_for(standard)
    errors: dict = {}
    values = {
        "title": template.title,
        "kind": template.kind,
        "classification": template.classification,
        "body": template.body,
    }
    if request.method == "POST":
        values = {key: request.POST.get(key, "") for key in values}
        try:
            services.save_template(actor=request.user, standard=standard, **values)
        except LoketError as exc:
            errors = dict(exc.errors or {"__all__": [exc.message]})
        else:
            messages.success(request, tr("Templat dokumen disimpan.", "Document template saved."))
            return redirect("documents:template_edit", standard_id=standard.pk)
    return render(
        request,
        "documents/template_edit.html",
        {
            "standard": standard,
            "values": values,
            "errors": errors,
            "general_errors": errors.get("__all__", []),
            "kinds": i18n.choices(OutputTemplate, "kind"),
            "frozen": not standard.is_draft,
            "region": standard.service.agency.region,
            "variables": doc_render.variables(),
        },
        status=400 if errors else 200,
    )


@staff_page
@require_POST
def template_preview(request, standard_id: int):
    standard = _standard_for(request, standard_id)
    try:
        data = services.preview(
            standard=standard,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
            classification=request.POST.get("classification", "503") or "503",
        )
    except LoketError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    return HttpResponse(data, content_type="application/pdf")


@staff_page
@require_http_methods(["GET", "POST"])
def letterhead_edit(request, region_code: str):
    from loket.org.models import Region

    region = get_object_or_404(Region, code=region_code)
    if not permissions.agencies_for(request.user, "document.template").filter(region=region).exists():
        raise Http404
    current = Letterhead.objects.filter(region=region).first()
    values = {
        "government_line": current.government_line if current else doc_render.government_line(region),
        "address_lines": current.address_lines if current else "",
        "place": current.place if current else "",
    }
    errors: dict = {}
    if request.method == "POST":
        values = {key: request.POST.get(key, "") for key in values}
        try:
            services.save_letterhead(actor=request.user, region=region, **values)
        except LoketError as exc:
            errors = dict(exc.errors or {"__all__": [exc.message]})
        else:
            messages.success(request, tr("Kop surat disimpan.", "Letterhead saved."))
            return redirect("documents:letterhead_edit", region_code=region.code)
    return render(
        request,
        "documents/letterhead_edit.html",
        {"region": region, "values": values, "errors": errors},
        status=400 if errors else 200,
    )
