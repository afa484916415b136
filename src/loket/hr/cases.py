"""Civil-service cases on the one engine (ADR 0011): which service carries them, how they are opened.

A leave request is a case of the region's leave service (`CaseService`, kind "leave"): the engine gives it
its steps (the SOP of the service's published standard), person-addressed tasks in the deciders' inboxes
with working-day deadlines, the history, the notices and its count on the dashboard. hr keeps what only
it knows: the leave rules, the balance, the decision levels and the signed permit.
"""

import time

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from loket.applications import services as engine
from loket.catalogue import cache as catalogue_cache
from loket.catalogue.models import Channel
from loket.core.errors import LoketError
from loket.core.i18n import tr
from loket.hr.models import CaseService, Employee

# The SOP a leave service is provisioned with (agencies may change names and deadlines in the SOP editor;
# the addressees are the rule of PP 11/2017 art. 313 and BKN reg. 24/2017: the direct superior gives a
# consideration, the authorized official decides). The deadlines are the agency's service standard.
LEAVE_STEPS = (
    {
        "name_id": "Pertimbangan atasan langsung",
        "name_en": "Consideration by the direct superior",
        "addressee": "direct_superior",
        "role": "agency_head",
        "sla_days": 2,
    },
    {
        "name_id": "Keputusan pejabat yang berwenang dan surat izin cuti",
        "name_en": "Decision of the authorized official and leave permit",
        "addressee": "signing_official",
        "role": "agency_head",
        "sla_days": 3,
    },
)


# The form of a leave case: what the case shows of the request on the task and status pages (e-Cuti's own
# form, with the leave rules, fills it; nobody types into this one).
LEAVE_FORM = [
    {"key": "nip", "type": "text", "label": {"id": "NIP", "en": "NIP"}, "required": True},
    {"key": "jenis_cuti", "type": "text", "label": {"id": "Jenis cuti", "en": "Type of leave"}, "required": True},
    {"key": "mulai", "type": "date", "label": {"id": "Mulai", "en": "From"}, "required": True},
    {"key": "selesai", "type": "date", "label": {"id": "Sampai dengan", "en": "Until"}, "required": True},
    {"key": "hari_kerja", "type": "number", "label": {"id": "Hari kerja", "en": "Working days"}, "required": True},
    {"key": "alamat_selama_cuti", "type": "text", "label": {"id": "Alamat selama cuti", "en": "Address on leave"}},
]


_SERVICES: dict[tuple[str, int], tuple[str, float, object]] = {}


def service_for(kind: str, region):
    """The published service of `kind` for `region`, else the nearest enclosing region's; None if none.

    Remembered per process (with its current version, agency and region: every leave request asks) under
    the catalogue's cache generation, which any save of a service, agency or region renews, and which a
    change of `CaseService` renews as well (hr.apps); and for at most LOKET_API_CACHE_SECONDS, so that
    processes not sharing a cache with the publisher follow within that time — as the citizens' API does."""
    generation, now = catalogue_cache.generation(), time.monotonic()
    key = (kind, region.pk)
    cached = _SERVICES.get(key)
    if cached is not None and cached[0] == generation and now - cached[1] < settings.LOKET_API_CACHE_SECONDS:
        return cached[2]
    chain, current = [], region
    while current is not None and len(chain) < 5:
        chain.append(current.pk)
        current = current.parent
    found = {
        row.region_id: row.service
        for row in CaseService.objects.filter(Q(kind=kind), Q(region_id__in=chain)).select_related(
            "service__current", "service__agency__region"
        )
    }
    service = next((found[pk] for pk in chain if found.get(pk) is not None and found[pk].current_id is not None), None)
    if service is not None:
        if len(_SERVICES) > 1000:
            _SERVICES.clear()
        _SERVICES[key] = (generation, now, service)
    return service


def open_leave_case(leave, *, actor, rows=None):
    """Open the case of a new leave request (inside the request's transaction) and link it. With `rows` (a
    `core.batch.Batch`), the case's rows join the caller's batch and the caller writes them with the request
    itself; the request's id must be reserved (its key names the case)."""
    employee: Employee = leave.employee
    service = service_for(CaseService.Kind.LEAVE, employee.region)
    if service is None:
        raise LoketError(
            tr(
                "Layanan cuti pegawai untuk wilayah Anda belum terbit; hubungi BKD.",
                "The civil-service leave service of your region is not published; contact the HR agency (BKD).",
            )
        )
    case = engine.open_case(
        actor=actor,
        applicant=employee.user,
        service=service,
        data=case_data(leave),
        idempotency_key=f"hr-leave-{leave.pk}",
        channel=Channel.ONLINE,
        rows=rows,
    )
    leave.case = case
    if rows is None:
        leave.save(update_fields=["case"])
    return case


def case_data(leave) -> dict:
    """What the case shows of the request (the leave record itself stays in hr)."""
    return {
        "nip": leave.employee.nip,
        "jenis_cuti": leave.type_label,
        "mulai": leave.first.isoformat(),
        "selesai": leave.last.isoformat(),
        "hari_kerja": leave.working_days,
        "alamat_selama_cuti": leave.address,
    }


def _case_services_changed(sender, **kwargs) -> None:
    """A CaseService saved or deleted: `service_for` asks again, here and (through the catalogue's generation,
    renewed now and after commit) in every process sharing the cache."""
    _SERVICES.clear()
    catalogue_cache.forget()
    transaction.on_commit(catalogue_cache.forget, using=kwargs.get("using"))


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_case_services_changed, sender=CaseService, dispatch_uid="loket.hr.case-services-save")
    post_delete.connect(_case_services_changed, sender=CaseService, dispatch_uid="loket.hr.case-services-delete")
