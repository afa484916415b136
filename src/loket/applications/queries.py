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

    application = Application.objects.select_related("service", "region").filter(tracking_number=tracking).first()
    expected = application.pin_hash if application else "0" * 64
    # Compare even for an unknown number, so both failures take the same time.
    if not hmac.compare_digest(expected, pin_hash(tracking, pin)) or application is None or not application.pin_hash:
        return None
    steps = sorted({task.step for task in open_tasks(application)}, key=lambda step: step.position)
    return {"application": application, "steps": steps}


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
