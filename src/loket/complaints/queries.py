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
