"""Notices to a case's applicant: by e-mail, and by SMS when their profile has a phone."""

from django.utils import timezone

from loket.applications.queries import status_url
from loket.notify import services as notify


def queue_for_applicant(application, *, key: str, template: str, context: dict) -> int:
    """Record one event's notice to the applicant (idempotent by key); select_related applicant__citizen."""
    profile = getattr(application.applicant, "citizen", None)
    return notify.queue(
        key=key, user=application.applicant, template=template, phone=getattr(profile, "phone", ""), context=context
    )


def notice_rows(application, template: str, *, key: str, note: str = "", step: str = "") -> list:
    """The unsaved notifications of one change of a case (write them with ignore_conflicts)."""
    profile = getattr(application.applicant, "citizen", None)
    due = (
        timezone.localtime(application.due_at, application.region.zoneinfo).date().isoformat()
        if application.due_at
        else ""
    )
    return notify.build(
        key=key,
        user=application.applicant,
        template=template,
        phone=getattr(profile, "phone", ""),
        context={
            "tracking": application.tracking_number,
            "service": application.service.name_id,
            "note": note,
            "step": step,
            "url": status_url(application),
            "due": due,
        },
    )


def notify_applicant(application, template: str, *, key: str, note: str = "", step: str = "") -> None:
    """Write one notice now (a change that is not a transition, e.g. the case moved to its next step)."""
    rows = notice_rows(application, template, key=key, note=note, step=step)
    if rows:
        type(rows[0]).objects.bulk_create(rows, ignore_conflicts=True)
