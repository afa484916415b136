"""Civil-service cases on the one engine (ADR 0011): which service carries them, how they are opened.

A leave request is a case of the region's leave service (`CaseService`, kind "leave"): the engine gives it
its steps (the SOP of the service's published standard), person-addressed tasks in the deciders' inboxes
with working-day deadlines, the history, the notices and its count on the dashboard. hr keeps what only
it knows: the leave rules, the balance, the decision levels and the signed permit.

A KGB draft is a system-opened case of the region's KGB service (kind "kgb"): the daily job opens it with
the employee as applicant (`open_kgb_cases`); BKD's review and the official's signature are its steps. hr
keeps the salary rules, the draft's amounts and the signed notice.
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
# The SOP a KGB service is provisioned with (PP 7/1977 art. 12 as amended, last by PP 5/2024: the increase
# is given by notice of the authorized official, prepared by the HR office). A draft the rules find eligible
# does not need BKD's review: its case says so (`NEEDS_REVIEW` "tidak") and the first step does not apply to
# it (workflow.addressees.SKIP), so it lands with the official; a draft with reasons waits for BKD.
KGB_STEPS = (
    {
        "name_id": "Pemeriksaan BKD",
        "name_en": "Review by the HR office (BKD)",
        "addressee": "hr_office",
        "role": "officer",
        "sla_days": 5,
    },
    {
        "name_id": "Penandatanganan pejabat yang berwenang",
        "name_en": "Signature of the authorized official",
        "addressee": "signing_official",
        "role": "agency_head",
        "sla_days": 3,
    },
)
KGB_TIME_LIMIT_DAYS = 10  # the service standard's time limit (working days): the steps above fit in it

# Key in a KGB case's data: whether BKD has to review the draft, "ya" / "tidak" (the hr_office addressee answers
# SKIP on "tidak").
NEEDS_REVIEW = "perlu_pemeriksaan_bkd"

# The form of a KGB case: what the case shows of the draft (computed by the salary rules; read-only).
KGB_FORM = [
    {"key": "nip", "type": "text", "label": {"id": "NIP", "en": "NIP"}, "required": True},
    {"key": "golongan", "type": "text", "label": {"id": "Golongan ruang", "en": "Grade"}, "required": True},
    {"key": "berlaku", "type": "date", "label": {"id": "Terhitung mulai", "en": "Effective from"}, "required": True},
    {"key": "gaji_lama", "type": "number", "label": {"id": "Gaji pokok lama", "en": "Old base salary"}},
    {"key": "gaji_baru", "type": "number", "label": {"id": "Gaji pokok baru", "en": "New base salary"}},
    {"key": "mkg_baru", "type": "text", "label": {"id": "Masa kerja golongan baru", "en": "New grade service"}},
    {"key": "pemeriksaan", "type": "text", "label": {"id": "Pemeriksaan BKD", "en": "BKD review"}},
    {
        "key": NEEDS_REVIEW,
        "type": "choice",
        "label": {"id": "Perlu pemeriksaan BKD", "en": "Needs the HR office's review"},
        "required": True,
        "options": [
            {"value": "ya", "label": {"id": "Ya", "en": "Yes"}},
            {"value": "tidak", "label": {"id": "Tidak", "en": "No"}},
        ],
    },
]


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
        "jenis_cuti": leave.type_label_id,  # stored data: in Indonesian, whoever's language filed it
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


def kgb_case_data(decision) -> dict:
    """What a KGB case shows of the draft, and whether BKD must review it (the draft's reasons say why)."""
    reasons = list(decision.reasons or [])
    data = {
        "nip": decision.employee.nip,
        "golongan": decision.grade,
        "berlaku": decision.effective_date.isoformat(),
        "gaji_lama": decision.current_salary,
        "gaji_baru": decision.new_salary,
        "mkg_baru": (
            f"{decision.new_mkg_years} tahun {decision.new_mkg_months or 0} bulan"
            if decision.new_mkg_years is not None
            else ""
        ),
        "pemeriksaan": " ".join(reasons) if reasons else "Tidak diperlukan: data lengkap dan memenuhi syarat.",
        NEEDS_REVIEW: "ya" if reasons else "tidak",
    }
    return {key: value for key, value in data.items() if value not in (None, "")}  # valid for the form as it is


KGB_KEY_PREFIX = "hr-kgb-"


def kgb_case_key(decision) -> str:
    """One case per employee and effective date (the draft's own uniqueness), whatever opens it."""
    return f"{KGB_KEY_PREFIX}{decision.employee_id}-{decision.effective_date.isoformat()}"


def is_kgb_case(application) -> bool:
    """Whether `application` is a KGB case, known from its key without a read."""
    return (application.idempotency_key or "").startswith(KGB_KEY_PREFIX)


def open_kgb_case(decision, service, *, notify: bool = True, link: bool = True):
    """Open the system case of one KGB draft (the employee is the applicant; nobody acts for them), inside the
    caller's transaction; with `link`, record it on the draft, with `notify`, tell the employee. The daily job
    opens many at once and links and notifies them in bulk (`kgb_notice_rows`). `decision.employee.user` must
    be set."""
    from loket.hr.models import KgbDecision

    case = engine.open_case(
        actor=None,
        applicant=decision.employee.user,
        service=service,
        data=kgb_case_data(decision),
        idempotency_key=kgb_case_key(decision),
        channel=Channel.ONLINE,
        notify=False,
    )
    decision.case = case
    if link:
        KgbDecision.objects.filter(pk=decision.pk).update(case=case)
    if notify:
        rows = kgb_notice_rows(decision)
        if rows:
            type(rows[0]).objects.bulk_create(rows, ignore_conflicts=True)
    return case


def kgb_notice_rows(decision) -> list:
    """The unsaved notice telling the employee their increase is being processed (write with ignore_conflicts)."""
    from loket.applications.queries import status_url
    from loket.notify import services as notices

    case = decision.case
    return notices.build(
        key=f"kgb:{decision.pk}:opened",
        user=decision.employee.user,
        template="kgb_in_process",
        context={
            "effective": decision.effective_date.isoformat(),
            "tracking": case.tracking_number,
            "url": status_url(case),
        },
    )
