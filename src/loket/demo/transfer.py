"""Demo e-Mutasi data (issue 17): the province's transfer service, formations (staffing quotas) of receiving units, and
four transfers in flight between the province (Provinsi Jawa Barat) and a regency (Kabupaten Bandung): one waits for
the sending agency's official, one (province → regency) for the receiving official, one for BKN's technical approval
(verified by the province's BKD, the case's clock stopped), one for the signature of its decree.

BKD (login bkd.jabar) works at /kantor/kepegawaian/mutasi/ and /kantor/kepegawaian/formasi/; the officials approve at
/pegawai/mutasi/setujui/ and sign at /pegawai/mutasi/tandatangani/. Deterministic and idempotent: a rerun creates
nothing.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from loket.hr import queries
from loket.hr.kgb.rules import add_months
from loket.hr.models import CaseService, Employee, Formation, Headship, Transfer
from loket.hr.transfer import services
from loket.org.models import Agency, Unit

SERVICE_CODE = "mutasi-asn-jabar"
HR_LOGIN = "bkd.jabar"
NAMED_LOGINS = ("pegawai.siti", "kasi.rudi")
# (from agency, to agency, how far it goes: "sender" waits for the sending official, "receiver" for the receiving
# one, "bkn" for BKN's approval, "signature" for the decree's signature)
FLIGHTS = (
    ("dpmptsp-kab-bandung", "dpmptsp-jabar", "sender"),
    ("dinkes-kab-bandung", "dpmptsp-jabar", "bkn"),
    ("dpmptsp-kab-bandung", "disdik-jabar", "signature"),
    ("dpmptsp-jabar", "dpmptsp-kab-bandung", "receiver"),
)
REASONS = (
    "Mengikuti suami yang bertugas di Kota Bandung.",
    "Kebutuhan organisasi: penguatan layanan perizinan provinsi.",
    "Mendekati tempat tinggal orang tua.",
    "Pengembangan karier sesuai kompetensi.",
)


def _service() -> int:
    from loket.catalogue.models import Service

    service = Service.objects.filter(code=SERVICE_CODE, current__isnull=False).select_related("agency").first()
    if service is None:
        return 0
    _, created = CaseService.objects.get_or_create(
        kind=CaseService.Kind.TRANSFER, region_id=service.agency.region_id, defaults={"service": service}
    )
    return int(created)


def _mover(agency: Agency, taken: set[int], today: dt.date) -> Employee | None:
    heads = Headship.objects.values("employee_id")
    young = dt.date(today.year - 45, 1, 1)  # far from retirement: no refusal for a pension within the year
    return (
        Employee.objects.filter(
            agency=agency,
            source="demo",
            status=Employee.Status.PNS,
            position_type="pelaksana",
            user__isnull=False,
            left_on__isnull=True,
            birth_date__gte=young,
        )
        .exclude(pk__in=heads)
        .exclude(pk__in=taken)
        .exclude(user__username__in=NAMED_LOGINS)
        .exclude(transfers__status__in=Transfer.OPEN)
        .order_by("pk")
        .first()
    )


def _formation(agency: Agency, position_type: str, position_name: str, hr) -> Formation:
    unit = Unit.objects.filter(agency=agency, children__isnull=True).order_by("pk").first()
    holders = Employee.objects.filter(
        agency=agency, unit=unit, position_name__iexact=position_name, left_on__isnull=True
    ).count()
    row, _ = Formation.objects.get_or_create(
        agency=agency,
        unit=unit,
        position_name=position_name,
        grade="",
        defaults={
            "position_type": position_type,
            "quota": holders + 2,
            "source": f"Formasi {timezone.localdate().year} (data demo)",
            "updated_by": hr,
        },
    )
    return row


def _head_user(agency_id: int):
    head = queries.agency_head(agency_id)
    return head.user if head is not None and head.user_id else None


def seed_demo() -> int:
    if not Employee.objects.filter(source="demo").exists():
        return 0
    made = _service()
    if made == 0 and not CaseService.objects.filter(kind=CaseService.Kind.TRANSFER).exists():
        return 0
    if Transfer.objects.filter(employee__source="demo").exists():
        return made
    hr = get_user_model().objects.filter(username=HR_LOGIN).first()
    agencies = Agency.objects.in_bulk([slug for flight in FLIGHTS for slug in flight[:2]], field_name="slug")
    if hr is None or len(agencies) < 4:
        return made
    today = timezone.localdate()
    effective = add_months(today.replace(day=1), 2)
    taken: set[int] = set()
    with transaction.atomic():
        for index, (source, target, until) in enumerate(FLIGHTS):
            employee = _mover(agencies[source], taken, today)
            if employee is None:
                continue
            taken.add(employee.pk)
            formation = _formation(agencies[target], employee.position_type, employee.position_name, hr)
            made += 1
            transfer = services.request(
                actor=employee.user,
                to_agency_id=formation.agency_id,
                to_unit_id=formation.unit_id,
                position_type=formation.position_type,
                position_name=formation.position_name,
                reason=REASONS[index % len(REASONS)],
                effective=effective,
                today=today,
            )
            if until == "sender":
                continue
            services.approve(actor=_head_user(transfer.from_agency_id), transfer_id=transfer.pk, today=today)
            if until == "receiver":
                continue
            services.approve(actor=_head_user(transfer.to_agency_id), transfer_id=transfer.pk, today=today)
            services.verify(actor=hr, transfer_id=transfer.pk)  # sent to BKN: the case waits, its clock stopped
            if until == "bkn":
                continue
            services.record_bkn_approval(
                actor=hr,
                transfer_id=transfer.pk,
                number=f"PT-{today.year}/MUT/KR.III/{index + 17:04d}",
                day=today,
                today=today,
            )
    return made
