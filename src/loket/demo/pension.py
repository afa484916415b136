"""Demo e-Pensiun data (issue 17): the province's pension service, and twelve administrative civil servants (BUP 58)
who reach the retirement age in the coming 2 to 13 months, so that the daily job opens their pension files. The files
stand at different steps: one waits for the official's signature (BKN's approval recorded), one for BKN's technical
approval (the case's clock stopped), two for BKD's verification (family and bank account confirmed), the others for
the employee's confirmation.

BKD (login bkd.jabar) works at /kantor/kepegawaian/pensiun/; each employee confirms at /pegawai/pensiun/.
Deterministic (fixed seed) and idempotent: a rerun creates nothing.
"""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from loket.hr.kgb.rules import add_months
from loket.hr.models import CaseService, Employee, Headship, PensionFile
from loket.hr.pension import services
from loket.org import permissions

SEED = 20261217
SERVICE_CODE = "pensiun-asn-jabar"
RETIRING = 12
HR_LOGIN = "bkd.jabar"
NAMED_LOGINS = ("pegawai.siti", "kasi.rudi")
SPOUSES = ("Sri Wahyuni", "Dedi Kurniawan", "Nurhayati", "Asep Saepudin", "Euis Rahmawati", "Ujang Suherman")
BANKS = (("bjb", 13), ("bri", 15), ("bni", 10), ("mandiri", 13))


def _pension_service() -> int:
    from loket.catalogue.models import Service

    service = Service.objects.filter(code=SERVICE_CODE, current__isnull=False).select_related("agency").first()
    if service is None:
        return 0
    _, created = CaseService.objects.get_or_create(
        kind=CaseService.Kind.PENSION, region_id=service.agency.region_id, defaults={"service": service}
    )
    return int(created)


def _retiring(hr) -> list[Employee]:
    heads = Headship.objects.values("employee_id")
    found = (
        Employee.objects.filter(
            source="demo",
            status=Employee.Status.PNS,
            position_type__in=["pelaksana", "pengawas", "administrator"],
            user__isnull=False,
            left_on__isnull=True,
        )
        .exclude(pk__in=heads)
        .exclude(user__username__in=NAMED_LOGINS)
        .order_by("pk")
    )
    chosen = []
    for employee in found.iterator():
        if permissions.can(hr, "hr.manage", employee.agency_id):
            chosen.append(employee)
        if len(chosen) == RETIRING:
            break
    return chosen


def seed_demo() -> int:
    if not Employee.objects.filter(source="demo").exists():
        return 0
    made = _pension_service()
    if PensionFile.objects.filter(employee__source="demo").exists():
        return made
    hr = get_user_model().objects.filter(username=HR_LOGIN).first()
    if hr is None:
        return made
    today = timezone.localdate()
    rng = random.Random(SEED)
    employees = _retiring(hr)
    for index, employee in enumerate(employees):
        pension_date = add_months(today.replace(day=1), 2 + index)  # 1st of a month, 2..13 months ahead
        birth_month = add_months(pension_date, -1)
        employee.birth_date = dt.date(birth_month.year - 58, birth_month.month, rng.randint(1, 28))
        employee.service_start = dt.date(birth_month.year - 58 + 24, rng.randint(1, 12), 1)
    with transaction.atomic():
        Employee.objects.bulk_update(employees, ["birth_date", "service_start"])
        made += services.open_due(today=today, agencies=None)
        files = list(
            PensionFile.objects.filter(employee__in=employees).select_related("employee__user").order_by("pension_date")
        )
        for index, file in enumerate(files[:4]):  # the nearest four have confirmed
            user = file.employee.user
            spouse = SPOUSES[index % len(SPOUSES)]
            services.add_family_member(
                actor=user,
                file_id=file.pk,
                relation="pasangan",
                name=spouse,
                birth_date=dt.date(file.employee.birth_date.year + 3, rng.randint(1, 12), rng.randint(1, 28)),
                today=today,
            )
            services.add_family_member(
                actor=user,
                file_id=file.pk,
                relation="anak",
                name=f"{file.employee.name.split()[0]} Junior",
                birth_date=dt.date(file.employee.birth_date.year + 30, rng.randint(1, 12), rng.randint(1, 28)),
                today=today,
            )
            bank, digits = BANKS[index % len(BANKS)]
            number = "".join(str(rng.randint(0, 9)) for _ in range(digits))
            services.save_account(actor=user, file_id=file.pk, bank=bank, number=number, holder=file.employee.name)
            services.confirm(actor=user, file_id=file.pk)
        if len(files) >= 2:
            services.verify(actor=hr, file_id=files[0].pk)  # sent to BKN...
            services.record_bkn_approval(  # ... approved: waits for the official's signature
                actor=hr, file_id=files[0].pk, number=f"PT-{today.year}/KR.III/0042", day=today, today=today
            )
            services.verify(actor=hr, file_id=files[1].pk)  # waits for BKN (the clock stopped)
    return made + len(files)
