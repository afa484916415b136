"""Citizen-side state changes: forms, profiles, uploads, submission, resubmission, withdrawal."""

import hashlib
import hmac
import secrets
import threading
from contextlib import nullcontext

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from loket.applications import claims, consent, engine, lifecycle, rules
from loket.applications.formspec import PHONE_RE, FormSpec, SpecError, file_refs, normalize_phone, to_json_schema
from loket.applications.models import Application, ApplicationDraft, CitizenProfile, FormDefinition, Upload
from loket.catalogue.models import Channel, Service, ServiceStandard
from loket.core import audit, batch, rows
from loket.core import uploads as upload_rules
from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.i18n import is_english, tr
from loket.core.identifiers import mask_nik, parse_nik
from loket.org import deadlines, permissions

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
    fields, stamp = form if form else ([], None)
    key = (standard.pk, str(standard.published_at) if not standard.is_draft else str(stamp))
    spec = _SPECS.get(key)
    if spec is None:
        spec = FormSpec(fields)
        _ = spec._validator  # compile once, outside the request's hot loop
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
    audit.record(
        "applications.form_saved", obj=form, actor=actor, data={"service": standard.service.code, "fields": len(fields)}
    )
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
    profile, _ = CitizenProfile.objects.update_or_create(
        user=user,
        defaults={
            "nik": parsed.number,
            "full_name": full_name.strip(),
            "address": address.strip(),
            "phone": phone,
            "region": region,
        },
    )
    audit.record("applications.profile_saved", obj=profile, actor=user, data={"nik": parsed.masked})
    return profile


# ---------------------------------------------------------------- citizens registered at a counter


@transaction.atomic
def _refuse_shared_phone(profile: CitizenProfile) -> None:
    """A counter-registered citizen's phone receives their consent and claim codes: it may not be a back-office
    account's, and no more than LOKET_PHONE_SHARED_MAX accounts may share it (a household phone), so that an officer
    cannot register "citizens" on his own number and prove their consent himself (review of issue 13)."""
    if not profile.phone:
        return
    sharing = CitizenProfile.objects.filter(phone=profile.phone).exclude(pk=profile.pk)
    if sharing.filter(user__loket_roles__isnull=False).exists():
        raise LoketError(
            tr(
                "Nomor HP ini terdaftar pada akun petugas. Catat nomor HP warga sendiri.",
                "This phone number belongs to an officer's account. Record the citizen's own number.",
            ),
            field="phone",
        )
    limit = settings.LOKET_PHONE_SHARED_MAX
    if sharing.count() >= limit:
        raise LoketError(
            tr(
                f"Nomor HP ini sudah dipakai {limit} akun warga lain. Catat nomor warga sendiri, atau e-mailnya.",
                f"This phone number is already used by {limit} other citizens' accounts. Record the citizen's own "
                "number, or their e-mail.",
            ),
            field="phone",
        )


@transaction.atomic
def register_citizen(
    *, officer, nik: str, full_name: str, address: str = "", phone: str = "", email: str = ""
) -> CitizenProfile:
    """A citizen without an account, registered at the counter: no usable password, phone or e-mail required.

    Loket sends them a claim code there; with it and their NIK they choose a password at /akun/klaim/ (`claims`).
    """
    if not permissions.agencies_for(officer, "application.assist").exists():
        raise PermissionDenied("Anda tidak berwenang mendaftarkan warga di loket.")
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise LoketError(tr("Alamat email tidak valid.", "Email address is not valid."), field="email") from None
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise LoketError(
                tr(
                    "Email ini sudah dipakai akun lain. Cari warga dengan NIK-nya.",
                    "This email belongs to another account. Look the citizen up by NIK.",
                ),
                field="email",
            )
    user = get_user_model().objects.create_user(username=f"warga-{secrets.token_hex(5)}", email=email or "")
    user.set_unusable_password()
    user.save(update_fields=["password"])
    profile = save_profile(user=user, nik=nik, full_name=full_name, address=address, phone=phone)
    if not (phone.strip() or email):
        # A "citizen" with no way to be reached gets no notice and can never object (issue 13, finding 5): the
        # counter records where the citizen hears about the case and can claim the account (rolled back here).
        raise LoketError(
            tr(
                "Catat nomor HP atau e-mail warga: pemberitahuan permohonan dikirim ke sana dan warga dapat "
                "mengambil alih akunnya.",
                "Record the citizen's phone number or e-mail: notices of the application go there and the citizen "
                "can claim the account.",
            ),
            field="phone",
        )
    _refuse_shared_phone(profile)
    audit.record(
        "applications.citizen_registered",
        obj=profile,
        actor=officer,
        data={"nik": mask_nik(profile.nik), "user": user.get_username()},
    )
    agency = permissions.agencies_for(officer, "application.assist").order_by("pk").first()
    claims.issue_claim(officer=officer, user=user, agency_name=agency.name if agency else "")
    return profile


# ---------------------------------------------------------------- uploads


def _check_upload(owner, data: bytes, name: str, allowed, limit: int) -> dict:
    """`uploads.check`; a PDF refused for active content is audited (who tried, the file's digest)."""
    return upload_rules.check_audited(
        data, name, allowed, limit, actor=owner, action="applications.upload_refused", object_type="applications.upload"
    )


def store_upload(*, owner, data: bytes, name: str, requirement: str = "", allowed=("pdf", "jpg", "png")) -> Upload:
    try:
        checked = _check_upload(
            owner, data, name, allowed, getattr(settings, "LOKET_MAX_UPLOAD_BYTES", upload_rules.MAX_UPLOAD_BYTES)
        )
    except upload_rules.UploadRefused as exc:
        raise LoketError(str(exc), field="file") from None
    upload = Upload(
        owner=owner,
        requirement=requirement[:200],
        original_name=checked["name"],
        content_type=checked["content_type"],
        size=checked["size"],
        sha256=checked["sha256"],
    )
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
    owned = {
        str(pk)
        for pk in Upload.objects.filter(
            pk__in=list(ids.values()), owner=applicant, application__isnull=True
        ).values_list("pk", flat=True)
    }
    draft, _ = ApplicationDraft.objects.update_or_create(
        applicant=applicant,
        service=service,
        defaults={"data": answers, "upload_ids": {slot: value for slot, value in ids.items() if value in owned}},
    )
    audit.record("applications.draft_saved", obj=draft, actor=applicant, data={"service": service.code})
    return draft


def discard_draft(*, applicant, service: Service) -> None:
    """After a successful submission the draft has served its purpose."""
    ApplicationDraft.objects.filter(applicant=applicant, service=service).delete()


# ---------------------------------------------------------------- submission


def _next_tracking_number(region, now) -> str:
    """Region code + year + a number from a database sequence: unique per region, no lock on a counter row."""
    if connection.vendor == "postgresql":
        number = batch.next_value("applications_tracking_seq")  # a block per process: no lock, no counter row
    else:
        # SQLite (embedded, one writer at a time): the highest id + 1 is safe under its write lock.
        number = (Application.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    return f"{region.code.replace('.', '')}-{now:%y}-{number:07d}"


def pin_hash(tracking: str, pin: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{tracking}:{pin}".encode(), hashlib.sha256).hexdigest()


def _document_requirements(standard: ServiceStandard):
    """(slot, requirement) of each document requirement: slot 'req_<index>' in the standard's list."""
    return [
        (f"req_{index}", requirement)
        for index, requirement in enumerate(standard.requirements)
        if requirement.get("kind") == "document"
    ]


def _accepted(requirement: dict) -> list[str]:
    return requirement.get("file_types") or ["pdf", "jpg", "png"]


def _requirement_uploads(
    standard: ServiceStandard, applicant, upload_ids: dict, inline: frozenset[str] = frozenset()
) -> tuple[dict[str, Upload], dict]:
    """Uploads by requirement slot ('req_<index>' of a document requirement) and errors by slot.

    Slots in `inline` are filled by files sent with the submission itself (see `_inline_uploads`).
    All referenced uploads are read with one query.
    """
    errors: dict[str, list[str]] = {}
    attached: dict[str, Upload] = {}
    wanted = {
        slot: str((upload_ids or {}).get(slot))
        for slot, _ in _document_requirements(standard)
        if (upload_ids or {}).get(slot) and slot not in inline
    }
    valid = [value for value in wanted.values() if _is_uuid(value)]
    found = {str(u.pk): u for u in Upload.objects.filter(pk__in=valid, owner=applicant)} if valid else {}
    for slot, requirement in _document_requirements(standard):
        if slot in inline:
            continue
        if slot not in wanted:
            if requirement.get("mandatory", True):
                errors[slot] = [f"{requirement['name']} wajib diunggah."]
            continue
        upload = found.get(wanted[slot])
        if upload is None or (upload.application_id is not None):
            errors[slot] = [f"Berkas untuk {requirement['name']} tidak ditemukan; unggah ulang."]
            continue
        allowed = _accepted(requirement)
        if upload.content_type.split("/")[-1].replace("jpeg", "jpg") not in allowed:
            errors[slot] = [f"{requirement['name']}: jenis berkas harus {', '.join(a.upper() for a in allowed)}."]
            continue
        attached[slot] = upload
    return attached, errors


def _inline_uploads(standard: ServiceStandard, applicant, files: dict) -> tuple[dict[str, Upload], dict]:
    """Files sent with the submission, by slot: checked like any upload, not yet stored or saved."""
    requirements = dict(_document_requirements(standard))
    limit = getattr(settings, "LOKET_MAX_UPLOAD_BYTES", upload_rules.MAX_UPLOAD_BYTES)
    uploads: dict[str, Upload] = {}
    errors: dict[str, list[str]] = {}
    for slot, (name, data) in files.items():
        requirement = requirements.get(slot)
        if requirement is None:
            errors[slot] = [f"Layanan ini tidak meminta berkas '{str(slot)[:40]}'."]
            continue
        try:
            checked = _check_upload(applicant, data, name, _accepted(requirement), limit)
        except upload_rules.UploadRefused as exc:
            errors[slot] = [f"{requirement['name']}: {exc}"]
            continue
        upload = Upload(
            owner=applicant,
            requirement=slot,
            original_name=checked["name"],
            content_type=checked["content_type"],
            size=checked["size"],
            sha256=checked["sha256"],
        )
        upload._pending = (f"{upload.id.hex}.{checked['kind']}", data)
        uploads[slot] = upload
    return uploads, errors


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
    """Bind already-stored uploads to the application: one UPDATE per slot name, usually one in all."""
    for slot, upload in attached.items():
        Upload.objects.filter(pk=upload.pk, application__isnull=True).update(application=application, requirement=slot)


def _store_files(uploads: dict[str, Upload]) -> None:
    """Write inline files to storage before the transaction that records them (an orphan file after a
    crash is harmless; a row without its file is not)."""
    for upload in uploads.values():
        name, data = upload._pending
        upload.file.save(name, ContentFile(data), save=False)


def _discard_files(uploads: dict[str, Upload]) -> None:
    for upload in uploads.values():
        if upload.file:
            upload.file.storage.delete(upload.file.name)


def _is_uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
        return True
    except ValueError:
        return False


def _profile_of(user) -> CitizenProfile | None:
    """The user's citizen profile, read once with a plain query and kept where `user.citizen` finds it."""
    relation = user._meta.get_field("citizen")
    if relation.is_cached(user):
        return relation.get_cached_value(user)
    profile = rows.one(CitizenProfile, "user_id", user.pk)
    relation.set_cached_value(user, profile)
    return profile


def _existing(applicant, idempotency_key: str) -> Application | None:
    return Application.objects.filter(applicant=applicant, idempotency_key=idempotency_key).first()


def submit(
    *,
    actor,
    applicant,
    service: Service,
    answers: dict,
    upload_ids: dict | None = None,
    files: dict[str, tuple[str, bytes]] | None = None,
    idempotency_key: str,
    channel: str | None = None,
    consent_code: str = "",
    consent_scan: str = "",
    consent_note: str = "",
) -> tuple[Application, str | None]:
    """File an application. Returns (application, pin) — pin is None when this key was already used.

    An officer filing for a citizen proves the citizen's consent (issue 13, finding 5) with the one-time code sent
    to the citizen (`consent_code`, see `consent.send_code`) or, for a citizen with no phone or e-mail, the id of
    the uploaded scan of their signed consent form (`consent_scan`); `consent_note` is only the officer's remark.

    Files come either as ids of earlier uploads (`upload_ids`, slot -> id) or with the submission
    itself (`files`, slot -> (name, bytes)). Re-posting with the same idempotency key (double click,
    retry) returns the first application. The key is looked up only when the input does not go
    through as new (invalid, or the unique key refuses the insert): the common path reads nothing twice.
    """
    if not idempotency_key or len(idempotency_key) > 64:
        raise LoketError("Kunci pengiriman tidak valid; muat ulang formulir.")
    standard = service.current
    if standard is None:
        raise NotFound("Layanan ini belum terbit.")
    if service.kind_only:
        raise LoketError(
            tr(
                "Layanan ini tidak diajukan melalui formulir permohonan; gunakan halaman khususnya.",
                "This service takes no ordinary application; use its own page.",
            )
        )
    if actor.pk != applicant.pk:
        permissions.require(actor, "application.assist", service.agency_id)
        channel, point = _filing_place(actor, service, channel)
    elif (channel or Channel.ONLINE) != Channel.ONLINE:
        raise LoketError("Saluran tidak sah untuk pengajuan mandiri.")
    else:
        channel = Channel.ONLINE
    if actor.pk == applicant.pk:
        point = ""
    if channel not in (service.channels or []):
        # The standard names the channels a service is offered on (UU 25/2009 art. 21(a)); a counter filing of a
        # service that offers no counter is how a counter officer steered a case to himself (issue 13).
        raise LoketError(
            tr(
                f"Layanan ini tidak menerima pengajuan melalui saluran «{Channel(channel).label}».",
                f"This service does not take applications through the channel “{channel}”.",
            ),
            field="channel",
        )
    proof, consent_errors = None, {}
    if actor.pk != applicant.pk:
        proof, consent_errors = consent.proof_for_filing(
            officer=actor, citizen=applicant, service=service, code=consent_code, scan_id=consent_scan
        )
    spec = form_spec(standard)
    cleaned, errors = spec.validate(answers, "en" if is_english() else "id")
    files = files or {}
    inline, inline_errors = _inline_uploads(standard, applicant, files)
    attached, upload_errors = _requirement_uploads(standard, applicant, upload_ids or {}, frozenset(files))
    field_files, file_errors = _field_uploads(spec, cleaned, applicant)
    for found in (inline_errors, upload_errors, file_errors, consent_errors):
        errors.update(found)
    attached.update(field_files)
    if proof is not None and proof.scan is not None:
        attached[consent.SCAN_SLOT] = proof.scan
    if _profile_of(applicant) is None and service.audience != "employee":
        errors = {"profile": ["Lengkapi profil (NIK dan nama) sebelum mengajukan permohonan."]}
    if errors:
        existing = _existing(applicant, idempotency_key)  # a retry whose uploads are attached by now
        if existing:
            return existing, None
        if "profile" in errors:
            raise LoketError(errors["profile"][0], field="profile")
        if set(errors) <= set(consent_errors):  # only the proof of consent is missing: say so first
            raise LoketError(next(iter(consent_errors.values()))[0], errors=errors)
        raise LoketError("Masih ada isian yang perlu diperbaiki.", errors=errors)
    _store_files(inline)
    try:
        return _create(
            actor,
            applicant,
            service,
            standard,
            cleaned,
            attached,
            inline,
            idempotency_key,
            channel,
            consent_note,
            proof=proof,
            point=point,
        )
    except IntegrityError:
        # A retry (or a concurrent duplicate) with the same key: answer with the first application.
        _discard_files(inline)
        existing = _existing(applicant, idempotency_key)
        if existing is None:
            raise
        return existing, None
    except BaseException:
        _discard_files(inline)
        raise


def open_case(
    *,
    actor,
    applicant,
    service: Service,
    data: dict,
    idempotency_key: str,
    channel: str = Channel.ONLINE,
    notify: bool = True,
    rows: batch.Batch | None = None,
) -> Application:
    """Open a case of a kind that checked its own data (a leave request, a KGB due, a complaint): the same
    case, procedure, clock, history and notices as a citizen's application, without the service's form.

    `actor` is whoever opens it: the applicant themselves, or None for the system (a proactive case, e.g. a
    KGB coming due: the subject is the applicant and gets the notice). Idempotent by key, like `submit`.

    With `rows` (a `core.batch.Batch` of the caller's transaction) the key must name a record the caller
    creates in that transaction, so that no case can carry it yet: nothing is looked up, and the case's rows
    (the case, its first tasks, history, audit and notice) join the caller's, for the caller to write with
    its own in one round trip.
    """
    standard = service.current
    if standard is None:
        raise LoketError(
            tr(
                "Layanan untuk jenis permohonan ini belum terbit.",
                "The service for this kind of case is not published.",
            )
        )
    if rows is not None:
        return _case_rows(rows, actor, applicant, service, standard, data, {}, idempotency_key, channel, "", notify)
    existing = _existing(applicant, idempotency_key)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():  # a savepoint: a concurrent duplicate leaves the caller's transaction usable
            application, _pin = _create(
                actor, applicant, service, standard, data, {}, {}, idempotency_key, channel, "", notify=notify
            )
    except IntegrityError:
        application = _existing(applicant, idempotency_key)
        if application is None:
            raise
    return application


def open_cases(*, service: Service, cases: list[tuple], channel: str = Channel.ONLINE) -> list:
    """Open many system cases of one service at once — a proactive job over a whole province (KGB due, pension
    due) — each as `open_case(actor=None, ..., notify=False)` would open it, with the rows of all of them (cases,
    first tasks, history, audit) written in one round trip. `cases`: [(applicant, data, idempotency_key)].

    Returns, in the same order, each case (the one already opened under its key, if any) or the LoketError that
    stopped it (e.g. no step of the procedure applies): one bad case never stops the others. When the batch is
    refused (a concurrent duplicate key), each is opened on its own."""
    if not batch.one_round_trip():  # the embedded database numbers rows on insert: one case at a time
        return [_open_or_refusal(service, applicant, data, key, channel) for applicant, data, key in cases]
    standard = service.current
    if standard is None:
        raise LoketError(
            tr(
                "Layanan untuk jenis permohonan ini belum terbit.",
                "The service for this kind of case is not published.",
            )
        )
    existing = {
        (application.applicant_id, application.idempotency_key): application
        for application in Application.objects.filter(
            idempotency_key__in=[key for _applicant, _data, key in cases],
            applicant_id__in=[applicant.pk for applicant, _data, _key in cases],
        )
    }
    results: list = []
    fresh: list[tuple[int, Application, list]] = []
    now = timezone.now()
    region = service.agency.region
    # What the procedure reads once for all these cases (e.g. the units' assignment facts, the applicants' NIKs).
    memo: dict = {"applicants": [applicant for applicant, _data, _key in cases]}
    for applicant, data, key in cases:
        found = existing.get((applicant.pk, key))
        if found is not None:
            results.append(found)
            continue
        application = _new_case(None, applicant, service, standard, data, key, channel, "", now, region)
        try:
            tasks = engine.procedure().first_work(application, now, memo)
        except LoketError as exc:
            results.append(exc)
            continue
        results.append(application)
        fresh.append((len(results) - 1, application, tasks))
    if not fresh:
        return results
    rows = batch.Batch()
    rows.add([application for _index, application, _tasks in fresh])
    rows.add([task for _index, _application, tasks in fresh for task in tasks])
    opening = [
        lifecycle.opening_rows(
            application,
            actor=None,
            now=now,
            data={"tracking": application.tracking_number, "service": service.code, "channel": channel},
        )
        for _index, application, _tasks in fresh
    ]
    for table in range(len(opening[0])):
        rows.add([row for one in opening for row in one[table]])
    rows.add(
        [event for _index, application, tasks in fresh for event in engine.procedure().work_records(application, tasks)]
    )
    try:
        rows.write()  # one query; inside the caller's transaction, in a savepoint of its own
    except IntegrityError:
        for index, application, _tasks in fresh:
            results[index] = _open_or_refusal(
                service, application.applicant, application.data, application.idempotency_key, channel
            )
    return results


def _open_or_refusal(service, applicant, data, key, channel):
    try:
        return open_case(
            actor=None,
            applicant=applicant,
            service=service,
            data=data,
            idempotency_key=key,
            channel=channel,
            notify=False,
        )
    except LoketError as exc:
        return exc


def _new_case(
    actor, applicant, service, standard, cleaned, idempotency_key, channel, consent_note, now, region, *, point=""
):
    """A new, unsaved case (its id reserved where the database allows it) as `_create` and `open_cases` write it."""
    tracking = _next_tracking_number(region, now)
    pin = f"{secrets.randbelow(10**6):06d}"
    application = Application(
        tracking_number=tracking,
        service=service,
        standard=standard,
        agency_id=service.agency_id,
        region=region,
        applicant=applicant,
        channel=channel,
        assisted_by=actor if actor is not None and actor.pk != applicant.pk else None,
        assistance_point=point,
        consent_note=consent_note.strip(),
        data=cleaned,
        idempotency_key=idempotency_key,
        pin_hash=pin_hash(tracking, pin),
        submitted_at=now,
        due_at=deadlines.due_after(now, standard.time_limit_days or 1, region),
    )
    batch.reserve_id(application)
    application._pin = pin  # shown once to whoever filed it (the receipt), never stored
    return application


def _create(
    actor,
    applicant,
    service,
    standard,
    cleaned,
    attached,
    inline,
    idempotency_key,
    channel,
    consent_note,
    notify=True,
    proof=None,
    point="",
):
    """Write the application with its files, first tasks, event, audit event and notifications at once.

    On PostgreSQL the rows go in one round trip as one implicit transaction (core/batch.py). Uploads sent
    earlier (the two-step flow) are bound by an UPDATE, so that flow runs in an explicit transaction.
    """
    with transaction.atomic() if (attached or proof or not batch.one_round_trip()) else nullcontext():
        rows = batch.Batch()
        application = _case_rows(
            rows,
            actor,
            applicant,
            service,
            standard,
            cleaned,
            inline,
            idempotency_key,
            channel,
            consent_note,
            notify,
            proof=proof,
            point=point,
        )
        rows.write()
        _attach(application, attached)
    return application, application._pin


def _case_rows(
    rows,
    actor,
    applicant,
    service,
    standard,
    cleaned,
    inline,
    idempotency_key,
    channel,
    consent_note,
    notify=True,
    proof=None,
    point="",
):
    """The rows of a new case added to `rows`: the application (its id reserved; without sequences it is
    saved now, numbered on insert), its files, first tasks, opening event, audit event and notice."""
    now = timezone.now()
    application = _new_case(
        actor,
        applicant,
        service,
        standard,
        cleaned,
        idempotency_key,
        channel,
        consent_note,
        now,
        service.agency.region,
        point=point,
    )
    if batch.one_round_trip():
        rows.add([application])
    else:
        application.save(force_insert=True)  # the embedded database numbers it on insert
    if proof is not None:  # the proof of consent: its record, and the code spent, with the case or not at all
        for same_table in consent.record_rows(application, proof, actor, now):
            rows.add(same_table)
    for upload in inline.values():
        upload.application = application
    rows.add(inline.values())
    work = engine.procedure().first_work(application, now)
    rows.add(work)
    for same_table in lifecycle.opening_rows(
        application,
        actor=actor,
        now=now,
        data={"tracking": application.tracking_number, "service": service.code, "channel": channel}
        | ({"point": point} if point else {}),
    ):
        rows.add(same_table)
    rows.add(engine.procedure().work_records(application, work))
    if notify:
        rows.add(lifecycle.opening_notices(application), ignore_conflicts=True)
    return application


@transaction.atomic
def resubmit(*, actor, application: Application, answers: dict, upload_ids: dict | None = None) -> Application:
    """The applicant fixes a returned application; the clock runs again from now."""
    application = (
        Application.objects.select_for_update().select_related("region", "standard", "service").get(pk=application.pk)
    )
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
    engine.procedure().resume(application, now)
    application.data = cleaned
    application.save(update_fields=["data"])
    return lifecycle.transition(
        application,
        "resubmit",
        actor=actor,
        now=now,
        notice_key=f"application:{application.pk}:resubmitted:{application.version + 1}",
    )


@transaction.atomic
def filing_channel(actor, service) -> str:
    """The channel of a filing `actor` makes for a citizen: where they serve decides it (rules.assisted_channel)."""
    return rules.assisted_channel(permissions.service_points(actor, "application.assist", service.agency_id))


def _filing_place(actor, service, asked: str | None) -> tuple[str, str]:
    """The derived channel and the place of assistance (rules.assistance_point); a caller that names another
    channel is refused (the channel is a fact, not a choice)."""
    points = permissions.service_points(actor, "application.assist", service.agency_id)
    channel = rules.assisted_channel(points)
    if asked and asked != channel:
        raise LoketError(
            tr(
                f"Saluran pengajuan ditentukan oleh tempat Anda bertugas: «{Channel(channel).label}».",
                f"The channel follows from where you serve: “{channel}”.",
            ),
            field="channel",
        )
    return channel, rules.assistance_point(points)


def update_case_facts(application_id: int, *, data: dict, actor, note: str) -> list[str]:
    """A kind refreshes the facts it put in a case it opened itself (e.g. a KGB draft BKD recomputed after
    correcting the employee's record): the changed keys are written with a history event the applicant sees
    and an audit event holding the values before and after. Refused for a case its applicant filed: what a
    person filed is never changed after filing. Returns the changed keys (none: nothing is written)."""
    application = Application.objects.select_for_update().get(pk=application_id)
    filed_by_person = application.events.filter(kind="submitted", actor__isnull=False).exists()
    if filed_by_person:
        raise LoketError(
            tr("Data permohonan yang diajukan tidak dapat diubah.", "The data of a filed application cannot change.")
        )
    before = application.data or {}
    changed = sorted(key for key in set(before) | set(data) if before.get(key) != data.get(key))
    if not changed:
        return []
    application.data = data
    application.save(update_fields=["data"])
    lifecycle.event_row(application, "facts_updated", actor=actor, note=note).save()
    audit.record(
        "applications.facts_updated",
        obj=application,
        actor=actor,
        data={
            "tracking": application.tracking_number,
            "before": {key: before.get(key) for key in changed},
            "after": {key: data.get(key) for key in changed},
        },
    )
    return changed


def withdraw(*, actor, application: Application, reason: str = "") -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.applicant_id != actor.pk:
        raise NotFound("Permohonan tidak ditemukan.")
    if not application.is_open:
        raise LoketError("Permohonan yang sudah diputus tidak dapat dicabut.")
    refusal = lifecycle.withdrawal_refusal(application)
    if refusal:
        raise LoketError(refusal)
    engine.procedure().cancel_open_work(application)
    return lifecycle.transition(
        application,
        "withdraw",
        actor=actor,
        note=reason,
        notice_key=f"application:{application.pk}:withdrawn",
    )
