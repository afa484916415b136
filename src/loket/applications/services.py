"""Citizen-side state changes: forms, profiles, uploads, submission, resubmission, withdrawal."""

import hashlib
import hmac
import secrets
import threading

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from loket.applications import uploads as upload_rules
from loket.applications.formspec import PHONE_RE, FormSpec, SpecError, file_refs, normalize_phone, to_json_schema
from loket.applications.models import Application, ApplicationDraft, CitizenProfile, FormDefinition, Upload
from loket.catalogue.models import Channel, Service, ServiceStandard
from loket.core import audit, deadlines, permissions
from loket.core.errors import LoketError, NotFound
from loket.core.i18n import is_english
from loket.core.identifiers import parse_nik
from loket.workflow import services as workflow

# ---------------------------------------------------------------- forms

_SPECS: dict[tuple[int, str], FormSpec] = {}
_SPECS_LOCK = threading.Lock()


def form_spec(standard: ServiceStandard) -> FormSpec:
    """The compiled form of a standard version, cached per process (published forms never change)."""
    if not standard.is_draft:
        # A published form is frozen with its standard: no need to read it again.
        spec = _SPECS.get((standard.pk, str(standard.published_at)))
        if spec is not None:
            return spec
    form = FormDefinition.objects.filter(standard_id=standard.pk).values_list("fields", "updated_at").first()
    fields, stamp = (form if form else ([], None))
    key = (standard.pk, str(standard.published_at) if not standard.is_draft else str(stamp))
    spec = _SPECS.get(key)
    if spec is None:
        spec = FormSpec(fields)
        spec._validator  # compile once, outside the request's hot loop
        with _SPECS_LOCK:
            _SPECS[key] = spec
    return spec


@transaction.atomic
def save_form(*, actor, standard: ServiceStandard, fields: list[dict]) -> FormDefinition:
    permissions.require(actor, "catalogue.edit", standard.service.agency_id)
    # Lock the draft so a publish running at the same moment cannot freeze it half-way.
    standard = ServiceStandard.objects.select_for_update().get(pk=standard.pk)
    if not standard.is_draft:
        raise LoketError("Formulir versi yang sudah terbit tidak dapat diubah; buka draf baru.")
    try:
        schema = to_json_schema(fields)
    except (SpecError, KeyError, TypeError, AttributeError) as exc:
        if not isinstance(exc, SpecError):
            exc = SpecError(f"Definisi formulir tidak lengkap: {exc}")
        raise LoketError(str(exc), field="fields") from None
    form, _ = FormDefinition.objects.update_or_create(standard=standard, defaults={"fields": fields, "schema": schema})
    audit.record("applications.form_saved", obj=form, actor=actor,
                 data={"service": standard.service.code, "fields": len(fields)})
    return form


# ---------------------------------------------------------------- profile

@transaction.atomic
def save_profile(*, user, nik: str, full_name: str, address: str = "", phone: str = "", region=None) -> CitizenProfile:
    errors = {}
    try:
        parsed = parse_nik(nik)
    except ValueError as exc:
        errors["nik"] = [str(exc)]
    if not full_name.strip():
        errors["full_name"] = ["Nama lengkap wajib diisi."]
    phone = normalize_phone(phone) if phone.strip() else ""
    if phone and not PHONE_RE.fullmatch(phone):
        errors["phone"] = ["Nomor HP harus nomor Indonesia, mis. 0812 3456 7890."]
    if errors:
        raise LoketError("Profil belum benar.", errors=errors)
    if CitizenProfile.objects.filter(nik=parsed.number).exclude(user=user).exists():
        raise LoketError("NIK ini sudah terdaftar pada akun lain. Hubungi petugas bila ini NIK Anda.", field="nik")
    profile, _ = CitizenProfile.objects.update_or_create(user=user, defaults={
        "nik": parsed.number, "full_name": full_name.strip(), "address": address.strip(), "phone": phone,
        "region": region})
    audit.record("applications.profile_saved", obj=profile, actor=user, data={"nik": parsed.masked})
    return profile


# ---------------------------------------------------------------- uploads

def store_upload(*, owner, data: bytes, name: str, requirement: str = "", allowed=("pdf", "jpg", "png")) -> Upload:
    try:
        checked = upload_rules.check(data, name, allowed, getattr(settings, "LOKET_MAX_UPLOAD_BYTES",
                                                                  upload_rules.MAX_UPLOAD_BYTES))
    except upload_rules.UploadRefused as exc:
        raise LoketError(str(exc), field="file") from None
    upload = Upload(owner=owner, requirement=requirement[:200], original_name=checked["name"],
                    content_type=checked["content_type"], size=checked["size"], sha256=checked["sha256"])
    # Stored under a random name: the user's file name never reaches the file system.
    upload.file.save(f"{upload.id.hex}.{checked['kind']}", ContentFile(data), save=False)
    upload.save()
    return upload


# ---------------------------------------------------------------- drafts

@transaction.atomic
def save_draft(*, applicant, service: Service, answers: dict, upload_ids: dict | None = None) -> ApplicationDraft:
    """Keep a citizen's unfinished form as typed (valid or not) with the uploads chosen so far."""
    if not isinstance(answers, dict):
        raise LoketError("Isian draf tidak valid.")
    ids = {str(slot): str(value) for slot, value in (upload_ids or {}).items() if _is_uuid(value)}
    owned = {str(pk) for pk in Upload.objects.filter(pk__in=list(ids.values()), owner=applicant,
                                                      application__isnull=True).values_list("pk", flat=True)}
    draft, _ = ApplicationDraft.objects.update_or_create(
        applicant=applicant, service=service,
        defaults={"data": answers, "upload_ids": {slot: value for slot, value in ids.items() if value in owned}})
    audit.record("applications.draft_saved", obj=draft, actor=applicant, data={"service": service.code})
    return draft


def discard_draft(*, applicant, service: Service) -> None:
    """After a successful submission the draft has served its purpose."""
    ApplicationDraft.objects.filter(applicant=applicant, service=service).delete()


# ---------------------------------------------------------------- submission

def _next_tracking_number(region, now) -> str:
    """Region code + year + a number from a database sequence: unique per region, no lock on a counter row."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval('applications_tracking_seq')")
            number = cursor.fetchone()[0]
    else:
        # SQLite (embedded, one writer at a time): the highest id + 1 is safe under its write lock.
        number = (Application.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    return f"{region.code.replace('.', '')}-{now:%y}-{number:07d}"


def pin_hash(tracking: str, pin: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{tracking}:{pin}".encode(), hashlib.sha256).hexdigest()


def _requirement_uploads(standard: ServiceStandard, applicant, upload_ids: dict) -> tuple[dict[str, Upload], dict]:
    """Uploads by requirement slot ('req_<index>' of a document requirement) and errors by slot."""
    errors: dict[str, list[str]] = {}
    attached: dict[str, Upload] = {}
    for index, requirement in enumerate(standard.requirements):
        if requirement.get("kind") != "document":
            continue
        slot = f"req_{index}"
        upload_id = (upload_ids or {}).get(slot)
        if not upload_id:
            if requirement.get("mandatory", True):
                errors[slot] = [f"{requirement['name']} wajib diunggah."]
            continue
        upload = Upload.objects.filter(pk=upload_id, owner=applicant).first() if _is_uuid(upload_id) else None
        if upload is None or (upload.application_id is not None):
            errors[slot] = [f"Berkas untuk {requirement['name']} tidak ditemukan; unggah ulang."]
            continue
        allowed = requirement.get("file_types") or ["pdf", "jpg", "png"]
        if upload.content_type.split("/")[-1].replace("jpeg", "jpg") not in allowed:
            errors[slot] = [f"{requirement['name']}: jenis berkas harus {', '.join(a.upper() for a in allowed)}."]
            continue
        attached[slot] = upload
    return attached, errors


def _field_uploads(spec: FormSpec, cleaned: dict, applicant) -> tuple[dict[str, Upload], dict]:
    """Uploads referenced by the form's own `file` fields must be the applicant's and still unattached."""
    refs = file_refs(spec.fields, cleaned)
    if not refs:
        return {}, {}
    valid_ids = [v for v in refs.values() if _is_uuid(v)]
    owned = {str(u.pk): u for u in Upload.objects.filter(pk__in=valid_ids, owner=applicant, application__isnull=True)}
    found, errors = {}, {}
    for path, upload_id in refs.items():
        upload = owned.get(str(upload_id))
        if upload is None:
            errors[path] = ["Berkas tidak ditemukan; unggah ulang."]
        else:
            found[path] = upload
    return found, errors


def _attach(application: Application, attached: dict[str, Upload]) -> None:
    for slot, upload in attached.items():
        Upload.objects.filter(pk=upload.pk, application__isnull=True).update(application=application, requirement=slot)


def _is_uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
        return True
    except ValueError:
        return False


def submit(*, actor, applicant, service: Service, answers: dict, upload_ids: dict | None = None,
           idempotency_key: str, channel: str = Channel.ONLINE, consent_note: str = "") -> tuple[Application, str | None]:
    """File an application. Returns (application, pin) — pin is None when this key was already used.

    Re-posting with the same idempotency key (double click, retry) returns the first application.
    """
    if not idempotency_key or len(idempotency_key) > 64:
        raise LoketError("Kunci pengiriman tidak valid; muat ulang formulir.")
    existing = Application.objects.filter(applicant=applicant, idempotency_key=idempotency_key).first()
    if existing:
        return existing, None
    standard = service.current
    if standard is None:
        raise NotFound("Layanan ini belum terbit.")
    if actor.pk != applicant.pk:
        permissions.require(actor, "application.assist", service.agency_id)
        if channel not in (Channel.ASSISTED, Channel.COUNTER):
            raise LoketError("Permohonan yang dibantu petugas harus bersaluran 'dibantu' atau 'loket'.")
        if not consent_note.strip():
            raise LoketError("Catat persetujuan warga sebelum mengajukan atas namanya.", field="consent_note")
    elif channel != Channel.ONLINE:
        raise LoketError("Saluran tidak sah untuk pengajuan mandiri.")
    if not hasattr(applicant, "citizen") and service.audience != "employee":
        raise LoketError("Lengkapi profil (NIK dan nama) sebelum mengajukan permohonan.", field="profile")
    spec = form_spec(standard)
    cleaned, errors = spec.validate(answers, "en" if is_english() else "id")
    attached, upload_errors = _requirement_uploads(standard, applicant, upload_ids or {})
    errors.update(upload_errors)
    field_files, file_errors = _field_uploads(spec, cleaned, applicant)
    attached.update(field_files)
    errors.update(file_errors)
    if errors:
        raise LoketError("Masih ada isian yang perlu diperbaiki.", errors=errors)
    try:
        return _create(actor, applicant, service, standard, cleaned, attached, idempotency_key, channel, consent_note)
    except IntegrityError:
        # A concurrent retry with the same key won the race: answer with its application.
        existing = Application.objects.filter(applicant=applicant, idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing, None


@transaction.atomic
def _create(actor, applicant, service, standard, cleaned, attached, idempotency_key, channel, consent_note):
    now = timezone.now()
    region = service.agency.region
    tracking = _next_tracking_number(region, now)
    pin = f"{secrets.randbelow(10**6):06d}"
    application = Application.objects.create(
        tracking_number=tracking, service=service, standard=standard, agency_id=service.agency_id, region=region,
        applicant=applicant, channel=channel, assisted_by=actor if actor.pk != applicant.pk else None,
        consent_note=consent_note.strip(), data=cleaned, idempotency_key=idempotency_key,
        pin_hash=pin_hash(tracking, pin), submitted_at=now,
        due_at=deadlines.due_after(now, standard.time_limit_days or 1, region))
    _attach(application, attached)
    workflow.start(application, now)
    workflow.event(application, "submitted", actor=actor, now=now)
    audit.record("applications.submitted", obj=application, actor=actor,
                 data={"tracking": tracking, "service": service.code, "channel": channel})
    workflow.notify_applicant(application, "application_submitted", key=f"application:{application.pk}:submitted")
    return application, pin


@transaction.atomic
def resubmit(*, actor, application: Application, answers: dict, upload_ids: dict | None = None) -> Application:
    """The applicant fixes a returned application; the clock runs again from now."""
    application = Application.objects.select_for_update().select_related("region", "standard", "service").get(
        pk=application.pk)
    if application.applicant_id != actor.pk and application.assisted_by_id != actor.pk:
        raise NotFound("Permohonan tidak ditemukan.")
    if application.status != Application.Status.RETURNED:
        raise LoketError("Permohonan ini tidak sedang menunggu perbaikan.")
    cleaned, errors = form_spec(application.standard).validate(answers, "en" if is_english() else "id")
    new_uploads, upload_errors = _requirement_uploads(application.standard, application.applicant, upload_ids or {})
    # Requirements supplied with the first submission stay attached: only still-missing slots are errors.
    already = set(application.uploads.values_list("requirement", flat=True))
    errors.update({slot: messages for slot, messages in upload_errors.items() if slot not in already})
    if errors:
        raise LoketError("Masih ada isian yang perlu diperbaiki.", errors=errors)
    now = timezone.now()
    _attach(application, new_uploads)
    workflow.resume(application, now)
    application.data = cleaned
    application.status = Application.Status.SUBMITTED
    application.paused_at = None
    application.version += 1
    application.save(update_fields=["data", "status", "paused_at", "version", "due_at", "paused_working_days"])
    workflow.event(application, "resubmitted", actor=actor, now=now)
    audit.record("applications.resubmitted", obj=application, actor=actor, data={"tracking": application.tracking_number})
    workflow.notify_applicant(application, "application_submitted", key=f"application:{application.pk}:resubmitted:{application.version}")
    return application


@transaction.atomic
def withdraw(*, actor, application: Application, reason: str = "") -> Application:
    from loket.workflow.models import Task

    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.applicant_id != actor.pk:
        raise NotFound("Permohonan tidak ditemukan.")
    if not application.is_open:
        raise LoketError("Permohonan yang sudah diputus tidak dapat dicabut.")
    now = timezone.now()
    Task.objects.filter(application=application, status=Task.Status.OPEN).update(status=Task.Status.CANCELLED)
    application.status = Application.Status.WITHDRAWN
    application.decided_at = now
    application.decision_note = reason.strip()
    application.version += 1
    application.save(update_fields=["status", "decided_at", "decision_note", "version"])
    workflow.event(application, "withdrawn", actor=actor, note=reason, now=now)
    audit.record("applications.withdrawn", obj=application, actor=actor, data={"tracking": application.tracking_number})
    workflow.notify_applicant(application, "application_withdrawn", key=f"application:{application.pk}:withdrawn")
    return application
