"""Citizen pages: profile, applying (drafts, uploads), receipt, status, withdrawal, correction, own list,
the public status lookup and downloads of one's own files.

Thin: reads come from `queries`, every change goes through `services`. Someone else's application is a
404, never a 403, so tracking numbers cannot be probed.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from loket.applications import access, lifecycle, outputs, queries, services, status_sections
from loket.applications import lookup as public_lookup
from loket.applications import render as form_render
from loket.applications.forms import LookupForm, ProfileForm, WithdrawForm
from loket.applications.models import Application, CaseAccess
from loket.catalogue import queries as catalogue_queries
from loket.catalogue.models import Service
from loket.core.errors import LoketError, NotFound
from loket.core.i18n import is_english, tr
from loket.core.identifiers import mask_nik

PAGE_SIZE = 20
PIN_SESSION_KEY = "loket:receipt-pin:{}"


def _lang() -> str:
    return "en" if is_english() else "id"


def _add_errors(form, exc: LoketError) -> None:
    """Put a service's refusal on the form: on the field it names, or at the top."""
    if not exc.errors:
        form.add_error(None, exc.message)
    for field, field_messages in exc.errors.items():
        form.add_error(field if field in form.fields else None, field_messages)


def _errors_of(exc: LoketError) -> dict:
    return {key: list(value) for key, value in exc.errors.items()} if exc.errors else {"__all__": [exc.message]}


# ---------------------------------------------------------------- profile


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    current = getattr(request.user, "citizen", None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    initial = (
        {
            "full_name": current.full_name,
            "address": current.address,
            "region": current.region_id,
            "phone": current.phone,
        }
        if current
        else {}
    )
    form = ProfileForm(request.POST or None, initial=initial, nik_locked=current is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_profile(
                user=request.user,
                nik=data["nik"] if current is None else current.nik,
                full_name=data["full_name"],
                address=data["address"],
                phone=data["phone"],
                region=data["region"],
            )
        except LoketError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, tr("Profil disimpan.", "Profile saved."))
            return redirect(next_url or "citizen_profile")
    return render(
        request,
        "applications/profile.html",
        {
            "form": form,
            "profile": current,
            "masked_nik": mask_nik(current.nik) if current else "",
            "next_url": next_url,
        },
        status=400 if form.errors else 200,
    )


# ---------------------------------------------------------------- apply


def _store_files(request, requirements: list[dict], answers: dict, pending, slot_ids: dict) -> dict:
    """Store every file chosen in this post; refused files become field errors and nothing is stored for them."""
    limit = getattr(settings, "LOKET_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
    errors: dict[str, list[str]] = {}
    for slot, requirement in form_render.document_slots(requirements):
        chosen = request.FILES.get(form_render.slot_file_name(slot))
        wallet_code = request.POST.get(form_render.slot_wallet_name(slot), "").strip()
        if wallet_code and not chosen:
            # An issued Loket document from the wallet: verified already, nothing is uploaded again.
            try:
                slot_ids[slot] = str(
                    outputs.reuse_as_upload(holder=request.user, code=wallet_code, requirement=slot).pk
                )
            except LoketError as exc:
                errors[slot] = [f"{requirement.get('name', slot)}: {exc.message}"]
            continue
        if not chosen:
            continue
        try:
            # Reading one byte past the limit is enough for the size check, whatever was sent.
            upload = services.store_upload(
                owner=request.user,
                data=chosen.read(limit + 1),
                name=chosen.name,
                requirement=slot,
                allowed=requirement.get("file_types") or form_render.DEFAULT_FILE_TYPES,
            )
        except LoketError as exc:
            errors[slot] = [f"{requirement.get('name', slot)}: {exc.message}"]
        else:
            slot_ids[slot] = str(upload.pk)
    for item in pending:
        try:
            upload = services.store_upload(
                owner=request.user, data=item.file.read(limit + 1), name=item.file.name, allowed=item.allowed
            )
        except LoketError as exc:
            errors[item.path] = [exc.message]
        else:
            form_render.set_answer(answers, item.path, str(upload.pk))
    return errors


def _form_page(
    request,
    template: str,
    *,
    service,
    standard,
    fields,
    answers,
    slot_ids,
    errors,
    context,
    attached=None,
    status=200,
    prefilled=None,
):
    """Render the application form with the applicant's values, kept files and errors (summary first)."""
    uploads = queries.uploads_owned(
        request.user, list(slot_ids.values()) + form_render.file_answer_ids(fields, answers)
    )
    kept = {
        slot: uploads[value]
        for slot, value in slot_ids.items()
        if value in uploads and uploads[value].application_id is None
    }
    slot_names = {slot for slot, _ in form_render.document_slots(standard.requirements)}
    form = form_render.render_form(
        fields,
        answers,
        {k: v for k, v in errors.items() if k not in slot_names},
        uploads=uploads,
        regions=queries.region_options() if form_render.needs_regions(fields) else [],
        prefilled=prefilled,
    )
    wallet = outputs.wallet_choices(request.user)
    slots = form_render.render_slots(
        standard.requirements,
        kept,
        {k: v for k, v in errors.items() if k in slot_names},
        attached=attached,
        wallet=wallet,
    )
    summary = (
        [item for item in form.summary if not item.anchor]
        + [item for item in form.summary if item.anchor]
        + slots.summary
    )
    return render(
        request,
        template,
        {
            "service": service,
            "standard": standard,
            "fields_html": form.html,
            "slots_html": slots.html,
            "has_slots": bool(slot_names),
            "summary": summary,
            "prefilled": bool(prefilled),
            "fee_text": catalogue_queries.fee_text(standard.fee_amount, standard.fee_tariff),
            # The form carries the identity of the region whose service it is (core.identity), like its page.
            "identity_region": service.agency.region_id,
            **context,
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def apply(request, code: str):
    service = get_object_or_404(Service.objects.select_related("agency__region"), code=code, current__isnull=False)
    if service.audience != "employee" and getattr(request.user, "citizen", None) is None:
        messages.info(
            request,
            tr(
                "Lengkapi profil Anda (NIK dan nama) sebelum mengajukan permohonan.",
                "Complete your profile (NIK and name) before applying.",
            ),
        )
        return redirect(f"{reverse('citizen_profile')}?{urlencode({'next': request.path})}")
    standard, fields, ready = queries.application_form(service)
    if not ready:
        return render(
            request, "applications/not_online.html", {"service": service, "identity_region": service.agency.region_id}
        )
    page = {"service": service, "standard": standard, "fields": fields}
    if request.method == "GET":
        draft = queries.draft_of(request.user, service)
        # A draft is what the applicant typed; a fresh form starts from their profile and earlier applications.
        answers, sources = (draft.data, {}) if draft else queries.prefill_for(request.user, fields)
        return _form_page(
            request,
            "applications/apply.html",
            **page,
            answers=answers,
            slot_ids=dict(draft.upload_ids) if draft else {},
            errors={},
            context={"key": uuid.uuid4().hex, "draft": draft},
            prefilled=sources,
        )
    key = request.POST.get("_key", "")
    already = queries.application_by_key(request.user, key)
    if already is not None:  # the same form posted twice: show the first result, store nothing again
        return redirect("application_receipt", tracking=already.tracking_number)
    answers, pending = form_render.parse_answers(fields, request.POST, request.FILES)
    slot_ids = form_render.parse_slot_ids(standard.requirements, request.POST)
    errors = _store_files(request, standard.requirements, answers, pending, slot_ids)
    if request.POST.get("_action") == "draft":
        draft = services.save_draft(applicant=request.user, service=service, answers=answers, upload_ids=slot_ids)
        if not errors:
            messages.success(
                request,
                tr(
                    "Draf disimpan. Lanjutkan kapan saja dari halaman “Permohonan saya”.",
                    "Draft saved. Continue any time from “My applications”.",
                ),
            )
            return redirect("application_apply", code=service.code)
        return _form_page(
            request,
            "applications/apply.html",
            **page,
            answers=answers,
            slot_ids=slot_ids,
            errors=errors,
            context={"key": key, "draft": draft},
            status=400,
        )
    if errors:
        # A refused file: do not submit without it, but report every other problem at once.
        errors = {**services.form_spec(standard).validate(answers, _lang())[1], **errors}
    else:
        try:
            application, pin = services.submit(
                actor=request.user,
                applicant=request.user,
                service=service,
                answers=answers,
                upload_ids=slot_ids,
                idempotency_key=key,
            )
        except NotFound:
            raise Http404 from None
        except LoketError as exc:
            errors = _errors_of(exc)
        else:
            services.discard_draft(applicant=request.user, service=service)
            if pin:
                request.session[PIN_SESSION_KEY.format(application.tracking_number)] = pin
            return redirect("application_receipt", tracking=application.tracking_number)
    return _form_page(
        request,
        "applications/apply.html",
        **page,
        answers=answers,
        slot_ids=slot_ids,
        errors=errors,
        context={"key": key, "draft": None},
        status=400,
    )


# ---------------------------------------------------------------- receipt and status


def _owned_or_404(request, tracking: str) -> Application:
    application = queries.owned_application(request.user, tracking)
    if application is None:
        raise Http404
    return application


@never_cache
@login_required
def receipt(request, tracking: str):
    application = _owned_or_404(request, tracking)
    # The PIN is shown on this first view only: it was handed over in the session and is gone now.
    pin = request.session.pop(PIN_SESSION_KEY.format(tracking), None)
    return render(
        request,
        "applications/receipt.html",
        {
            "application": application,
            "identity_region": application.region_id,
            "pin": pin,
            "steps": queries.procedure_steps(application.standard),
            "zone": application.region.zoneinfo,
            "zone_label": application.region.time_zone,
            "status_label": form_render.status_text(application.status),
        },
    )


@never_cache
@login_required
def status(request, tracking: str):
    application = _owned_or_404(request, tracking)
    events = [
        {
            "at": event.occurred_at,
            "kind": event.kind,
            "text": form_render.event_text(event.kind),
            "step": event.step_name,
            "note": event.note,
        }
        for event in application.events.all()
    ]
    returned_note = next((event["note"] for event in reversed(events) if event["kind"] == "returned"), "")
    return render(
        request,
        "applications/status.html",
        {
            "application": application,
            "identity_region": application.region_id,  # the page carries its region's identity (core.identity)
            "status_label": form_render.status_text(application.status),
            "tasks": queries.open_tasks(application) if application.is_open else [],
            "withdrawal_refusal": lifecycle.withdrawal_refusal(application) if application.is_open else None,
            "events": events,
            "uploads": queries.upload_rows(application),
            "returned_note": returned_note,
            # Only a completed application has an output document: no query for the others.
            "output_documents": (
                outputs.documents_of(application) if application.status == Application.Status.COMPLETED else []
            ),
            "status_sections": status_sections.sections(application),
            "consent_statement": queries.consent_statement(application),
            "zone": application.region.zoneinfo,
            "zone_label": application.region.time_zone,
        },
    )


@never_cache
@login_required
def accesses(request, tracking: str):
    """Who opened my case: every read of the application's personal data by an officer, newest first."""
    application = _owned_or_404(request, tracking)
    page = access.page_of(application, request.GET.get("page"))
    return render(
        request,
        "applications/accesses.html",
        {
            "application": application,
            "identity_region": application.region_id,
            "page": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number),
            "rows": [
                {
                    "at": row.at,
                    "by": row.actor_label,
                    "what": (ACCESS_KINDS_EN if is_english() else dict(CaseAccess.Kind.choices)).get(
                        row.kind, row.kind
                    ),
                    "detail": row.detail,
                }
                for row in page.object_list
            ],
            "zone": application.region.zoneinfo,
            "zone_label": application.region.time_zone,
        },
    )


ACCESS_KINDS_EN = {
    "preview": "Viewed the task (personal data masked)",
    "opened": "Read the application's data",
    "identifier": "Viewed a full NIK or identity number",
    "download": "Downloaded a required document",
    "api": "Read through the API",
}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, tracking: str):
    application = _owned_or_404(request, tracking)
    if not application.is_open:
        messages.info(
            request,
            tr(
                "Permohonan ini sudah diputus dan tidak dapat dicabut.",
                "This application has been decided and cannot be withdrawn.",
            ),
        )
        return redirect("application_status", tracking=tracking)
    refusal = lifecycle.withdrawal_refusal(application)
    if refusal:
        messages.info(request, refusal)
        return redirect("application_status", tracking=tracking)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(actor=request.user, application=application, reason=form.cleaned_data["reason"])
        except NotFound:
            raise Http404 from None
        except LoketError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, tr("Permohonan dicabut.", "Application withdrawn."))
        return redirect("application_status", tracking=tracking)
    return render(request, "applications/withdraw.html", {"application": application, "form": form})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def resubmit(request, tracking: str):
    application = _owned_or_404(request, tracking)
    if application.status != Application.Status.RETURNED:
        # Also the answer to a second click on "send correction": the first one went through.
        messages.info(
            request,
            tr("Permohonan ini tidak sedang menunggu perbaikan.", "This application is not waiting for a correction."),
        )
        return redirect("application_status", tracking=tracking)
    standard = application.standard
    fields = services.form_spec(standard).fields
    attached: dict[str, list] = {}
    for upload in application.uploads.order_by("created_at"):
        attached.setdefault(upload.requirement, []).append(upload)
    returned_note = (
        application.events.filter(kind="returned")
        .order_by("-occurred_at", "-id")
        .values_list("note", flat=True)
        .first()
        or ""
    )
    page = {"service": application.service, "standard": standard, "fields": fields, "attached": attached}
    context = {"application": application, "returned_note": returned_note}
    if request.method == "GET":
        return _form_page(
            request,
            "applications/resubmit.html",
            **page,
            answers=application.data,
            slot_ids={},
            errors={},
            context=context,
        )
    answers, pending = form_render.parse_answers(fields, request.POST, request.FILES)
    slot_ids = form_render.parse_slot_ids(standard.requirements, request.POST)
    errors = _store_files(request, standard.requirements, answers, pending, slot_ids)
    if errors:
        errors = {**services.form_spec(standard).validate(answers, _lang())[1], **errors}
    else:
        try:
            services.resubmit(actor=request.user, application=application, answers=answers, upload_ids=slot_ids)
        except NotFound:
            raise Http404 from None
        except LoketError as exc:
            errors = _errors_of(exc)
        else:
            messages.success(
                request,
                tr(
                    "Perbaikan terkirim. Permohonan diproses kembali.",
                    "Correction sent. The application is being processed again.",
                ),
            )
            return redirect("application_status", tracking=tracking)
    return _form_page(
        request,
        "applications/resubmit.html",
        **page,
        answers=answers,
        slot_ids=slot_ids,
        errors=errors,
        context=context,
        status=400,
    )


@never_cache
@login_required
def my_applications(request):
    page = Paginator(queries.applications_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"application": application, "status_label": form_render.status_text(application.status)}
        for application in page
    ]
    return render(
        request,
        "applications/mine.html",
        {
            "page": page,
            "rows": rows,
            "drafts": queries.drafts_of(request.user) if page.number == 1 else [],
            "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        },
    )


@login_required
def download(request, tracking: str, upload_id):
    upload = queries.owned_upload(request.user, tracking, upload_id)
    if upload is None:
        raise Http404
    response = FileResponse(
        upload.file.open("rb"), as_attachment=True, filename=upload.original_name, content_type=upload.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- public lookup


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request):
    form = LookupForm(request.POST or None)
    result, limited, locked = None, False, False
    if request.method == "POST":
        # The limits (per address and per number) are the API's too: applications/lookup.py.
        if not form.is_valid():
            limited = not public_lookup.count_address(request)
        else:
            outcome = public_lookup.check(request, form.cleaned_data["tracking"], form.cleaned_data["pin"])
            result = outcome.result
            limited = outcome.state == public_lookup.LIMITED
            locked = outcome.state == public_lookup.LOCKED
            if outcome.state in (public_lookup.NO_MATCH, public_lookup.LOCKED):
                form.add_error(None, outcome.message)
    context = {"form": form, "limited": limited, "window_minutes": public_lookup.ADDRESS_WINDOW // 60}
    if result:
        application = result["application"]
        context.update(
            {
                "result": application,
                "steps": result["steps"],
                "zone": application.region.zoneinfo,
                "zone_label": application.region.time_zone,
                "status_label": form_render.status_text(application.status),
            }
        )
    status_code = 429 if limited or locked else (400 if form.errors else 200)
    return render(request, "applications/lookup.html", context, status=status_code)
