"""Civil-service cases on the one engine (ADR 0011): which service carries them, how they are opened.

A leave request is a case of the region's leave service (`CaseService`, kind "leave"): the engine gives it
its steps (the SOP of the service's published standard), person-addressed tasks in the deciders' inboxes
with working-day deadlines, the history, the notices and its count on the dashboard. hr keeps what only
it knows: the leave rules, the balance, the decision levels and the signed permit.
"""

from django.db.models import Q

from loket.applications import services as engine
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


def service_for(kind: str, region):
    """The published service of `kind` for `region`, else the nearest enclosing region's; None if none."""
    chain, current = [], region
    while current is not None and len(chain) < 5:
        chain.append(current.pk)
        current = current.parent
    found = {
        row.region_id: row.service
        for row in CaseService.objects.filter(Q(kind=kind), Q(region_id__in=chain)).select_related("service__current")
    }
    for region_id in chain:
        service = found.get(region_id)
        if service is not None and service.current_id:
            return service
    return None


def open_leave_case(leave, *, actor):
    """Open the case of a new leave request (inside the request's transaction) and link it."""
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
    )
    leave.case = case
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
