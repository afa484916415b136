"""JSON API of applications: uploads, submission (own or assisted), the application itself, the public status.

Every write goes through `applications.services` (which checks permissions and writes the audit
event); this module only translates HTTP to those calls and back. Who may read an application is
decided by `org.permissions`; anyone else gets the same 404 as for a number that does not exist.
"""

import time

from django.conf import settings
from django.utils import timezone
from ninja import File, Form, Header, Router, Status, UploadedFile
from pydantic import ValidationError as PydanticError

from loket.applications import access, consent, formspec, lifecycle, queries
from loket.applications import lookup as public_lookup
from loket.applications import services as applications
from loket.applications.models import Application, CaseAccess, CaseConsent, CitizenProfile
from loket.applications.schemas import (
    ApplicationDetail,
    ApplicationIn,
    ConsentCodeIn,
    ConsentCodeOut,
    PublicStatus,
    SubmissionOut,
    UploadOut,
)
from loket.catalogue import cache as catalogue_cache
from loket.catalogue.models import Channel, Service
from loket.core import request_limits
from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.i18n import tr
from loket.org import deadlines, permissions
from loket.org.api import ErrorOut
from loket.org.api_auth import CALLER, caller

router = Router(tags=["permohonan"])


class Invalid(LoketError):
    """Input that is well-formed JSON but cannot be accepted as it is (answers, uploads, NIK)."""

    status = 422


class TooManyRequests(LoketError):
    status = 429


def status_label(status: str) -> str:
    return lifecycle.status_label(status)


def _localized(obj, field: str) -> dict:
    return {"id": getattr(obj, f"{field}_id"), "en": getattr(obj, f"{field}_en") or ""}


def _not_found() -> NotFound:
    return NotFound(tr("Permohonan tidak ditemukan.", "Application not found."))


# ---------------------------------------------------------------- uploads


def _allowed_types(service: Service | None, requirement: str) -> tuple[str, ...]:
    """File types the requirement slot accepts (any of PDF/JPG/PNG when the slot is not known)."""
    default = ("pdf", "jpg", "png")
    standard = service.current if service else None
    if standard is None or not requirement.startswith("req_") or not requirement[4:].isdigit():
        return default
    index = int(requirement[4:])
    if index >= len(standard.requirements):
        return default
    return tuple(standard.requirements[index].get("file_types") or default)


_SERVICES: dict[str, tuple[str, float, Service]] = {}


def _published_service(code: str) -> Service:
    """The published service by code, with its current version, agency and region.

    Cached per process under the catalogue's cache generation, which any change to a service, agency or
    region renews (catalogue/cache.py), and for at most LOKET_API_CACHE_SECONDS, so that processes which
    do not share a cache with the publisher follow within that time: a submission does not read the
    same rows again and again.
    """
    generation = catalogue_cache.generation()
    now = time.monotonic()
    cached = _SERVICES.get(code)
    if cached is not None and cached[0] == generation and now - cached[1] < settings.LOKET_API_CACHE_SECONDS:
        return cached[2]
    service = (
        Service.objects.select_related("current", "agency__region").filter(code=code, current__isnull=False).first()
    )
    if service is not None:
        if len(_SERVICES) > 5000:
            _SERVICES.clear()
        _SERVICES[code] = (generation, now, service)
    if service is None:
        message = tr(
            f"Layanan '{code[:100]}' tidak ditemukan atau belum terbit.",
            f"Service '{code[:100]}' not found or not published.",
        )
        raise Invalid(message, errors={"service": [message]})
    return service


def _citizen_by_nik(actor, service: Service, nik: str):
    """The citizen an officer or agency system acts for. The permission comes first, so the lookup
    cannot be used by anyone else to learn whether a NIK is registered."""
    if not permissions.can(actor, "application.assist", service.agency_id):
        raise PermissionDenied(
            tr(
                "Anda tidak berwenang mengajukan permohonan atas nama warga untuk layanan ini.",
                "You may not apply on a citizen's behalf for this service.",
            )
        )
    profile = CitizenProfile.objects.select_related("user").filter(nik=nik.strip()).first()
    if profile is None:
        message = tr(
            "NIK ini belum terdaftar. Daftarkan akun warga tersebut terlebih dahulu.",
            "This NIK is not registered. Create the citizen's account first.",
        )
        raise Invalid(message, errors={"applicant_nik": [message]})
    return profile.user


@router.post(
    "/uploads",
    auth=CALLER,
    response={201: UploadOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Unggah berkas persyaratan",
)
def upload(
    request,
    file: File[UploadedFile],
    requirement: Form[str] = "",
    service: Form[str] = "",
    applicant_nik: Form[str] = "",
):
    """Store one file for a requirement slot (`req_<n>`, the n-th requirement of the service standard).

    The type is recognised from the bytes (PDF, JPG or PNG), not from the name; too large, empty,
    disguised or active-content files are refused with a message saying why. Give `service` to check
    the slot's accepted types now rather than at submission. An officer applying on a citizen's
    behalf gives `service` and `applicant_nik`: the file then belongs to that citizen's application.
    """
    actor = caller(request)
    owner = actor
    found = _published_service(service) if service else None
    if applicant_nik:
        if found is None:
            message = tr(
                "Sebutkan layanan saat mengunggah atas nama warga.", "Name the service when uploading for a citizen."
            )
            raise Invalid(message, errors={"service": [message]})
        owner = _citizen_by_nik(actor, found, applicant_nik)
    limit = getattr(settings, "LOKET_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
    data = file.read(limit + 1)  # never more than one byte past the limit in memory: enough to refuse
    stored = applications.store_upload(
        owner=owner,
        data=data,
        name=file.name or "berkas",
        requirement=requirement,
        allowed=_allowed_types(found, requirement),
    )
    return Status(
        201,
        {
            "id": stored.pk,
            "name": stored.original_name,
            "content_type": stored.content_type,
            "size": stored.size,
            "sha256": stored.sha256,
            "requirement": stored.requirement,
        },
    )


# ---------------------------------------------------------------- submission


@router.post(
    "/applications",
    auth=CALLER,
    response={
        200: SubmissionOut,
        201: SubmissionOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
    summary="Ajukan permohonan",
)
def submit(request, payload: ApplicationIn, idempotency_key: Header[str | None] = None):
    """File an application for a published service: form answers in `data`, uploaded files in `uploads`.

    Answer 201 with the tracking number and the PIN for the public status lookup (shown only once).
    Sending the same `idempotency_key` again (a retry) answers 200 with the same application and no
    PIN. Answers that do not fit the form give 422 with messages per field (form keys, `req_<n>` for
    files). An officer or agency system applying for a citizen gives `applicant_nik` and proves the citizen's
    consent with `consent_code` (sent by `POST /applications/consent-codes`, read out by the citizen) or, for a
    citizen with no phone or e-mail, `consent_scan`; without it the filing is refused (422, field consent_code).
    """
    return _file(request, caller(request), payload, idempotency_key)


def _file(request, actor, payload: ApplicationIn, idempotency_key: str | None, files: dict | None = None):
    key = (payload.idempotency_key or idempotency_key or "").strip()
    if not key:
        message = tr(
            "Sertakan idempotency_key (atau header Idempotency-Key) agar pengiriman ulang tidak ganda.",
            "Send an idempotency_key (or an Idempotency-Key header) so that a retry is not filed twice.",
        )
        raise Invalid(message, errors={"idempotency_key": [message]})
    service = _published_service(payload.service)
    applicant = _citizen_by_nik(actor, service, payload.applicant_nik) if payload.applicant_nik else actor
    # An officer's filing takes the channel of where they serve (applications.services.filing_channel).
    channel = payload.channel or (None if payload.applicant_nik else Channel.ONLINE)
    try:
        application, pin = applications.submit(
            actor=actor,
            applicant=applicant,
            service=service,
            answers=payload.data,
            upload_ids=payload.uploads,
            files=files,
            idempotency_key=key,
            channel=channel,
            consent_code=payload.consent_code,
            consent_scan=payload.consent_scan,
            consent_note=payload.consent_note,
        )
    except LoketError as exc:
        if type(exc) is LoketError:  # a refusal of the input itself: 422, as for any other invalid field
            raise Invalid(exc.message, errors=exc.errors) from None
        raise
    body = {
        "tracking_number": application.tracking_number,
        "status": application.status,
        "pin": pin,
        "due_at": application.due_at,
        "status_url": request.build_absolute_uri(queries.status_url(application)),
    }
    return Status(201 if pin else 200, body)


@router.post(
    "/applications/consent-codes",
    auth=CALLER,
    response={202: ConsentCodeOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Kirim kode persetujuan ke warga yang dibantu",
)
def send_consent_code(request, payload: ConsentCodeIn):
    """Send a one-time consent code to the registered phone (SMS) or e-mail of the citizen an officer is about to
    file for. The citizen reads it out; the officer sends it as `consent_code` with the application. The code is
    valid for LOKET_CONSENT_CODE_MINUTES (10) for this citizen, service and officer only, once, and refused after
    5 wrong tries. At most 5 codes an hour are sent to one citizen (429)."""
    actor = caller(request)
    service = _published_service(payload.service)
    citizen = _citizen_by_nik(actor, service, payload.applicant_nik)
    reachable = consent.contacts(citizen)
    channel = payload.send_to or (reachable[0].channel if reachable else "sms")
    try:
        sent = consent.send_code(officer=actor, citizen=citizen, service=service, channel=channel)
    except LoketError as exc:
        if type(exc) is LoketError:
            raise Invalid(exc.message, errors=exc.errors) from None
        raise
    return Status(202, {"channel": sent.channel, "sent_to": sent.sent_to, "expires_at": sent.expires_at})


MULTIPART_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["application"],
                    "properties": {
                        "application": {
                            "type": "string",
                            "description": (
                                "Permohonan sebagai JSON, sama seperti badan POST /applications (service, data, idempotency_key, "
                                "channel, applicant_nik, consent_code, consent_scan, consent_note)"
                            ),
                        }
                    },
                    "additionalProperties": {
                        "type": "string",
                        "format": "binary",
                        "description": ("Berkas persyaratan, nama bagian = slot persyaratan (req_0, req_1, …)"),
                    },
                }
            }
        },
    }
}


@router.post(
    "/applications/with-files",
    auth=CALLER,
    openapi_extra=MULTIPART_BODY,
    response={
        200: SubmissionOut,
        201: SubmissionOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
    summary="Ajukan permohonan beserta berkasnya (satu permintaan)",
)
def submit_with_files(request, idempotency_key: Header[str | None] = None):
    """File an application and its documents in one multipart request: the JSON of `POST /applications`
    in the part `application`, each file in a part named by its requirement slot (`req_0`, …).

    Same answers as `POST /applications`; files are checked as `POST /uploads` checks them, and
    errors name the slot. One request and one transaction instead of one upload request per file.
    """
    actor = caller(request)
    raw = request.POST.get("application")
    if not raw:
        message = tr("Bagian 'application' (JSON permohonan) wajib ada.", "The 'application' part (JSON) is required.")
        raise Invalid(message, errors={"application": [message]})
    try:
        payload = ApplicationIn.model_validate_json(raw)
    except PydanticError as exc:
        fields = sorted({str(error["loc"][-1]) for error in exc.errors() if error.get("loc")})
        message = tr("Bagian 'application' bukan JSON permohonan yang valid", "The 'application' part is not valid")
        raise Invalid(
            message + (f": {', '.join(fields)}." if fields else "."), errors={"application": [message]}
        ) from None
    # The middleware checked this part as form text; decoded as JSON, a `\u0000` escape becomes a NUL.
    refused = request_limits.find_nul_or_depth(payload.model_dump(mode="json"))
    if refused is not None:
        message = tr(refused.message_id, refused.message_en)
        raise Invalid(message, errors={"application": [message]})
    if payload.uploads:
        message = tr(
            "Kirim berkas sebagai bagian multipart, bukan id unggahan.", "Send files as parts, not upload ids."
        )
        raise Invalid(message, errors={"uploads": [message]})
    limit = getattr(settings, "LOKET_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
    files = {slot: (item.name or "berkas", item.read(limit + 1)) for slot, item in request.FILES.items()}
    return _file(request, actor, payload, idempotency_key, files)


# ---------------------------------------------------------------- reading one application


def task_out(task, now, region) -> dict:
    """One piece of a case's open work (a task of the registered procedure) as the API shows it."""
    return {
        "id": task.pk,
        "step": {"position": task.step.position, "name": _localized(task.step, "name")},
        "unit": task.unit.name if task.unit_id else None,
        "status": task.status,
        "due_at": task.due_at,
        "sla": deadlines.sla_state(now, task.due_at, region),
        "version": task.version,
    }


def readable_application(user, tracking: str) -> tuple[Application, bool]:
    """The application and whether `user` is its applicant; NotFound when the user may not read it."""
    # Typed by people too: with or without dashes, in any case (rules.tracking_candidates).
    application = queries.by_typed_tracking(
        tracking, Application.objects.select_related("service", "agency", "region", "standard")
    )
    if application is None:
        raise _not_found()
    if application.applicant_id == user.pk:
        return application, True
    if permissions.can(user, "application.oversee", application.agency_id) or queries.works_on(user, application):
        access.record(application, user, CaseAccess.Kind.API, detail="GET /api/v1/applications/{tracking}")
        return application, False
    raise _not_found()


@router.get(
    "/applications/{tracking}",
    auth=CALLER,
    response={200: ApplicationDetail, 401: ErrorOut, 404: ErrorOut},
    summary="Rincian permohonan",
)
def detail(request, tracking: str):
    """The application for its applicant, or for an officer of the agency handling it: status, the steps
    now running (unit, deadline, SLA state), the history and the answers. NIKs are masked for officers.
    Anyone else gets 404, exactly as for a number that does not exist."""
    application, own = readable_application(caller(request), tracking)
    now = timezone.now()
    tasks = queries.open_tasks(application)
    data = (
        application.data
        if own
        else formspec.mask_answers(applications.form_spec(application.standard).fields, application.data)
    )
    return {
        "tracking_number": application.tracking_number,
        "status": application.status,
        "status_label": status_label(application.status),
        "channel": application.channel,
        "service": {"code": application.service.code, "name": _localized(application.service, "name")},
        "agency": {"slug": application.agency.slug, "name": application.agency.name},
        "standard_version": application.standard.version,
        "submitted_at": application.submitted_at,
        "decided_at": application.decided_at,
        "due_at": application.due_at,
        "decision_note": application.decision_note,
        "current_tasks": [task_out(task, now, application.region) for task in tasks],
        "history": [
            {"occurred_at": e.occurred_at, "kind": e.kind, "step_name": e.step_name, "note": e.note}
            for e in application.events.all()
        ],
        "data": data,
        "uploads": [
            {
                "id": u.pk,
                "requirement": u.requirement,
                "name": u.original_name,
                "content_type": u.content_type,
                "size": u.size,
            }
            for u in application.uploads.order_by("requirement", "created_at")
        ],
        "consent": _consent_out(application, staff=not own),
    }


def _consent_out(application: Application, *, staff: bool) -> dict | None:
    if application.assisted_by_id is None:
        return None
    record = CaseConsent.objects.filter(application_id=application.pk).first()
    return {
        "method": record.method if record else "note",
        "sent_to": record.sent_to if record else "",
        "verified_at": record.verified_at if record else None,
        "review": record.review if record else "",
        "statement": queries.consent_statement(application, for_staff=staff),
    }


# ---------------------------------------------------------------- public status


@router.get(
    "/status/{tracking}",
    auth=None,
    response={200: PublicStatus, 404: ErrorOut, 429: ErrorOut},
    summary="Cek status permohonan (publik)",
)
def public_status(request, tracking: str, pin: str = ""):
    """Status of an application by tracking number and the PIN given at submission, without signing in.

    Shows the state only: the service, the status, the step now running and the dates; no name, NIK,
    answers or files. A wrong PIN and an unknown number give the same answer. Limited to 10 lookups
    per 10 minutes per address; after 10 wrong PINs a number is locked for 24 hours (429), as on the
    web page (the applicant still sees it after signing in).
    """
    outcome = public_lookup.check(request, tracking, pin)
    if outcome.state in (public_lookup.LIMITED, public_lookup.LOCKED):
        raise TooManyRequests(outcome.message)
    if outcome.state != public_lookup.FOUND:
        raise NotFound(tr("Nomor permohonan atau PIN tidak cocok.", "Tracking number or PIN does not match."))
    found = outcome.result
    application = found["application"]
    return {
        "tracking_number": application.tracking_number,
        "service": _localized(application.service, "name"),
        "status": application.status,
        "status_label": status_label(application.status),
        "current_steps": [_localized(step, "name") for step in found["steps"]],
        "submitted_at": application.submitted_at,
        "decided_at": application.decided_at,
    }
