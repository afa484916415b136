"""Notices to an application's applicant: by e-mail, and by SMS when their profile has a phone."""

from loket.notify import services as notify


def queue_for_applicant(application, *, key: str, template: str, context: dict) -> int:
    """Record one event's notice to the applicant (idempotent by key); select_related applicant__citizen."""
    profile = getattr(application.applicant, "citizen", None)
    return notify.queue(
        key=key, user=application.applicant, template=template, phone=getattr(profile, "phone", ""), context=context
    )
