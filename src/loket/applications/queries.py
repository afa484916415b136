"""Reads for views and the API."""

from django.urls import reverse

from loket.applications import engine
from loket.applications.models import Application, Upload


def status_url(application: Application) -> str:
    return reverse("application_status", args=[application.tracking_number])


def profile_niks(user) -> list[str]:
    """The NIK of the user's citizen profile (org.people): from the user object when a read brought it along."""
    from django.contrib.auth import get_user_model

    from loket.applications.models import CitizenProfile

    relation = get_user_model()._meta.get_field("citizen")
    if relation.is_cached(user):
        profile = relation.get_cached_value(user)
        return [profile.nik] if profile is not None else []
    return list(CitizenProfile.objects.filter(user_id=user.pk).values_list("nik", flat=True))


def applications_of(user):
    return Application.objects.filter(applicant=user).select_related("service", "agency").order_by("-submitted_at")


def region_options() -> list[tuple[str, list[tuple[str, str]]]]:
    """Kabupaten/kota for address selects, grouped by province: [(province, [(code, name), ...])]."""
    from loket.org.models import Region

    groups: dict[str, list[tuple[str, str]]] = {}
    rows = (
        Region.objects.filter(level__in=[Region.Level.KABUPATEN, Region.Level.KOTA])
        .select_related("parent")
        .order_by("code")
    )
    for region in rows:
        province = region.parent.name if region.parent_id else ""
        groups.setdefault(province, []).append((region.code, region.name))
    return list(groups.items())


def owned_application(user, tracking: str) -> Application | None:
    """The user's own application (None for anyone else: pages answer 404, never 403)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Application.objects.select_related("service", "agency", "region", "standard")
        .filter(tracking_number=tracking, applicant=user)
        .first()
    )


def works_on(user, application: Application) -> bool:
    """Whether the case is in the officer's own work (the procedure layer knows: applications.engine)."""
    return engine.procedure().works_on(user, application)


def open_tasks(application: Application):
    """The step(s) the application is waiting on, with the unit handling each."""
    return engine.procedure().open_work(application)


def uploads_owned(user, ids) -> dict[str, Upload]:
    """Uploads by id string among `ids` that belong to `user` (ids that are not UUIDs are ignored)."""
    import uuid

    valid = []
    for value in ids:
        try:
            valid.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    if not valid:
        return {}
    return {str(upload.pk): upload for upload in Upload.objects.filter(pk__in=valid, owner=user)}


def draft_of(user, service):
    from loket.applications.models import ApplicationDraft

    return ApplicationDraft.objects.filter(applicant=user, service=service).first()


def drafts_of(user):
    from loket.applications.models import ApplicationDraft

    return ApplicationDraft.objects.filter(applicant=user).select_related("service").order_by("-updated_at")


def application_form(service):
    """(standard, form fields, ready) for applying online: ready means a form and a procedure exist."""
    from loket.applications.models import FormDefinition

    standard = service.current
    if standard is None:
        return None, [], False
    fields = FormDefinition.objects.filter(standard=standard).values_list("fields", flat=True).first()
    ready = fields is not None and engine.procedure().has_steps(standard)
    return standard, fields or [], ready


def public_status(tracking: str, pin: str) -> dict | None:
    """Status only (no personal data) when the tracking number and PIN match; None otherwise."""
    import hmac

    from loket.applications.services import pin_hash

    application = by_typed_tracking(tracking, Application.objects.select_related("service", "region"))
    expected = application.pin_hash if application else "0" * 64
    number = application.tracking_number if application else tracking
    # Compare even for an unknown number, so both failures take the same time.
    if not hmac.compare_digest(expected, pin_hash(number, pin)) or application is None or not application.pin_hash:
        return None
    steps = sorted({task.step for task in open_tasks(application)}, key=lambda step: step.position)
    return {"application": application, "steps": steps}


def by_typed_tracking(typed: str, applications=None) -> Application | None:
    """The application whose tracking number was typed, with or without dashes or spaces, in any case
    (`rules.tracking_candidates`): one indexed lookup of at most four numbers."""
    from loket.applications import rules

    candidates = rules.tracking_candidates(typed)
    if not candidates:
        return None
    found = (applications if applications is not None else Application.objects.all()).filter(
        tracking_number__in=candidates
    )
    return found.order_by("tracking_number").first()


def application_by_key(user, idempotency_key: str) -> Application | None:
    """The application already filed with this form's idempotency key (a double click or a retry)."""
    if not idempotency_key:
        return None
    return Application.objects.filter(applicant=user, idempotency_key=idempotency_key).only("tracking_number").first()


def owned_upload(user, tracking: str, upload_id):
    """A file of the user's own application; None for anyone else."""
    from loket.applications.models import Upload

    if not getattr(user, "is_authenticated", False):
        return None
    return Upload.objects.filter(
        pk=upload_id, application__tracking_number=tracking, application__applicant=user
    ).first()


def procedure_steps(standard):
    return engine.procedure().steps(standard)


# ---------------------------------------------------------------- the consent behind a filing by an officer


def _when(moment, application: Application) -> str:
    from django.utils import timezone

    from loket.core.dates import short_moment
    from loket.core.i18n import is_english

    region = application.region
    return short_moment(timezone.localtime(moment, region.zoneinfo), region.time_zone, english=is_english())


def _name(user) -> str:
    if user is None:
        return ""
    return (user.get_full_name() if hasattr(user, "get_full_name") else "") or user.get_username()


def consent_statement(application: Application, *, for_staff: bool = False) -> str:
    """One sentence saying who filed the case for its applicant and how the applicant agreed (issue 13, finding 5),
    in the active language; "" for a case the applicant filed. Staff also read who reviewed a consent scan."""
    from loket.applications.models import CaseConsent
    from loket.catalogue.models import Channel
    from loket.core.i18n import tr

    if application.assisted_by_id is None:
        return ""
    record = CaseConsent.objects.filter(application_id=application.pk).select_related("officer", "reviewed_by").first()
    officer = _name(record.officer if record else application.assisted_by)
    where = (
        tr("melalui loket", "at the counter")
        if application.channel == Channel.COUNTER
        else tr("dengan bantuan petugas", "with an officer's help")
    )
    opening = tr(f"Diajukan {where} oleh {officer}", f"Filed {where} by {officer}")
    if record is None:  # filed before proof of consent was required: the officer's note is all there is
        note = application.consent_note or tr("tidak ada", "none")
        return opening + tr(
            f"; persetujuan hanya dicatat petugas: “{note}”.", f"; consent was only noted by the officer: “{note}”."
        )
    verified = _when(record.verified_at, application)
    if record.method == CaseConsent.Method.CODE:
        return opening + tr(
            f" dengan persetujuan kode yang dikirim ke {record.sent_to} pada {verified}.",
            f" with consent by a code sent to {record.sent_to} on {verified}.",
        )
    text = opening + tr(
        f" dengan formulir persetujuan bertanda tangan yang diserahkan pada {verified}",
        f" with a signed consent form handed in on {verified}",
    )
    reviewer = f" ({_name(record.reviewed_by)})" if for_staff and record.reviewed_by_id else ""
    if record.review == CaseConsent.Review.PENDING:
        return text + tr("; menunggu tinjauan penyelia.", "; awaiting a supervisor's review.")
    when = _when(record.reviewed_at, application) if record.reviewed_at else ""
    if record.review == CaseConsent.Review.APPROVED:
        return text + tr(
            f"; diterima penyelia{reviewer} pada {when}.", f"; accepted by a supervisor{reviewer} on {when}."
        )
    return text + tr(
        f"; ditolak penyelia{reviewer} pada {when}: {record.review_note}",
        f"; rejected by a supervisor{reviewer} on {when}: {record.review_note}",
    )


def live_consent_code(*, officer, citizen, service):
    """The officer's latest consent code for this citizen and service that can still be used (for the counter
    screen: "sent to 0812****12, valid until 10:41"), or None."""
    from django.utils import timezone

    from loket.applications.models import ConsentCode

    return (
        ConsentCode.objects.filter(
            officer=officer, citizen=citizen, service=service, used_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-created_at")
        .first()
    )


def consent_scans_for(user, *, pending: bool = False):
    """Signed consent forms of counter filings in the agencies `user` supervises (supervisor or head, as
    `permissions.supervises_in` counts them), oldest first; with `pending`, only those awaiting review."""
    from loket.applications.models import CaseConsent
    from loket.org import permissions

    agencies = permissions.agencies_for(user, "application.reassign")  # exactly the agencies' supervisors and heads
    found = CaseConsent.objects.filter(method=CaseConsent.Method.SCAN, application__agency__in=agencies)
    if pending:
        found = found.filter(review=CaseConsent.Review.PENDING)
    return found.select_related(
        "application__service",
        "application__agency",
        "application__region",
        "application__applicant__citizen",
        "officer",
    ).order_by("verified_at", "pk")


# ---------------------------------------------------------------- prefilling a form

EARLIER_FOR_PREFILL = 20  # the applicant's newest applications read for answers to carry over


def prefill_for(applicant, fields: list[dict]) -> tuple[dict, dict[str, str]]:
    """(answers, source by key) prefilled for `applicant` — the citizen who applies, never the officer who files
    for them at a counter: their profile, then their own newest applications (`applications.prefill`)."""
    from loket.applications import prefill
    from loket.applications.models import CitizenProfile, FormDefinition

    if not fields or applicant is None or not getattr(applicant, "pk", None):
        return {}, {}
    profile = CitizenProfile.objects.filter(user_id=applicant.pk).select_related("region").first()
    facts = (
        prefill.Facts(
            nik=profile.nik,
            full_name=profile.full_name,
            street=profile.address,
            region=profile.region.code if profile.region_id else "",
            # As people write it (0812…); the form's check turns it back into +62812….
            phone="0" + profile.phone[3:] if profile.phone.startswith("+62") else profile.phone,
            email=applicant.email or "",
        )
        if profile is not None
        else prefill.Facts(email=applicant.email or "")
    )
    cases = list(
        Application.objects.filter(applicant_id=applicant.pk)
        .order_by("-submitted_at", "-id")
        .values_list("tracking_number", "standard_id", "data")[:EARLIER_FOR_PREFILL]
    )
    forms = dict(
        FormDefinition.objects.filter(standard_id__in={standard for _t, standard, _d in cases}).values_list(
            "standard_id", "fields"
        )
    )
    earlier = [prefill.Earlier(tracking, forms.get(standard) or [], data or {}) for tracking, standard, data in cases]
    return prefill.initial_answers(fields, facts, earlier)


# ---------------------------------------------------------------- a case's files, replaced ones marked


def upload_rows(application: Application) -> list[dict]:
    """Each file of the case once, by requirement in the standard's order, the file in force first and the files
    it replaced after it with when they were replaced: {upload, requirement, replaced_at, size_kb}."""
    from loket.applications import rules
    from loket.core.i18n import tr

    requirements = application.standard.requirements or []
    uploads = list(Upload.objects.filter(application=application).order_by("created_at", "pk"))
    replaced = rules.replacements((upload.pk, upload.requirement, upload.created_at) for upload in uploads)

    def position(slot: str) -> int:
        return int(slot[4:]) if slot.startswith("req_") and slot[4:].isdigit() else len(requirements)

    ordered = []
    for upload in uploads:
        index = position(upload.requirement)
        name = requirements[index].get("name", "") if index < len(requirements) else ""
        row = {
            "upload": upload,
            "requirement": name or tr("Lampiran", "Attachment"),
            "replaced_at": replaced.get(upload.pk),
            "size_kb": max(1, upload.size // 1024),
        }
        ordered.append(((index, upload.requirement, -upload.created_at.timestamp()), row))
    return [row for _order, row in sorted(ordered, key=lambda pair: pair[0])]
