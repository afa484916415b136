"""Reads of complaints for pages: the choices of the public form, and what a reporter may see of their complaint."""

from loket.catalogue.models import Service
from loket.complaints.models import ComplaintDesk
from loket.core.i18n import pick
from loket.org.models import Agency


def service_choices() -> list[tuple[int, str]]:
    """Published services whose agency (or whose region's inspectorate) takes complaints, by name."""
    rows = Service.objects.filter(current__isnull=False).select_related("agency").order_by("name_id")[:2000]
    return [
        (service.pk, f"{pick(service, 'name')} — {service.agency.short_name or service.agency.name}")
        for service in rows
    ]


def agency_choices() -> list[tuple[int, str]]:
    """Every agency: a report about an agency's officer goes to its region's inspectorate, desk or not."""
    return list(Agency.objects.order_by("region__code", "name").values_list("pk", "name")[:2000])


def has_desks() -> bool:
    return ComplaintDesk.objects.exists()


def office_list(user):
    """The complaints of the desks whose agency the reader works in or oversees (officers, supervisors, heads, the
    region's inspectorate), newest first. Titles only: the identity of a reporter is never listed."""
    from django.db.models import Q

    from loket.complaints.models import Complaint
    from loket.org import permissions

    scope = Q()
    for action in ("application.assist", "application.reassign", "complaint.reveal_identity", "complaint.moderate"):
        scope |= Q(desk__agency__in=permissions.agencies_for(user, action).values("pk"))
    return (
        Complaint.objects.filter(scope)
        .select_related("desk__agency", "case", "reopen_case")
        .order_by("-filed_at", "-pk")
    )


def public_register():
    """What the public register shows: moderated complaints only, in the moderator's words."""
    from loket.complaints.models import Complaint

    return (
        Complaint.objects.filter(published_at__isnull=False)
        .select_related("desk__agency", "about_service")
        .order_by("-published_at", "-pk")
    )
