"""Demo careers data (issue 16): three years of performance ratings (SKP) for every demo civil servant, the
province's promotion service, and a registry in which, at the next promotion date, some employees are eligible for
a regular promotion, a few for promotion by education adjustment, and the others are not for each of the reasons
(years in rank, a rating below Baik, a rating not yet entered, the education ceiling, a disciplinary penalty).
Functional staff get credit-point decrees (PAK, `seed_paks`): most signed, so that some are eligible for a functional
promotion on established credit and others are told what is missing; some wait for BKD or have none yet. One of them
has a level promotion (kenaikan jenjang) in flight at the next promotion date (`seed_level_promotion`).

BKD (login bkd.jabar) opens the period live at /kantor/kepegawaian/kenaikan-pangkat/; kasi.rudi rates his team at
/pegawai/kinerja/. Deterministic (fixed seed) and idempotent: a rerun creates nothing.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from loket.core import audit
from loket.demo.functional import seed_functional
from loket.hr.kgb.rules import add_months
from loket.hr.models import CaseService, Employee, PerformanceRating
from loket.hr.performance.services import follow_latest
from loket.hr.promotion import rules
from loket.workflow import services as workflow

SEED = 20261207
SERVICE_CODE = "kenaikan-pangkat-jabar"
PAK_SERVICE_CODE = "penetapan-angka-kredit-jabar"


def _promotion_service() -> int:
    from loket.catalogue.models import Service

    service = Service.objects.filter(code=SERVICE_CODE, current__isnull=False).select_related("agency").first()
    if service is None:
        return 0
    _, created = CaseService.objects.get_or_create(
        kind=CaseService.Kind.PROMOTION, region_id=service.agency.region_id, defaults={"service": service}
    )
    return int(created)


def _pak_service() -> int:
    from loket.catalogue.models import Service

    service = Service.objects.filter(code=PAK_SERVICE_CODE, current__isnull=False).select_related("agency").first()
    if service is None:
        return 0
    _, created = CaseService.objects.get_or_create(
        kind=CaseService.Kind.PAK, region_id=service.agency.region_id, defaults={"service": service}
    )
    return int(created)


def _carry_in_enough(employee: Employee) -> None:
    """Half of the signed group came into their post with the credit of an earlier PAK that covers the next step
    (rank or level) and has held the rank since: on established credit they are due a functional promotion."""
    from loket.hr.functional import rules as credit_rules
    from loket.hr.models import FunctionalPosition

    held = FunctionalPosition.objects.filter(employee=employee, last__isnull=True).first()
    try:
        step = credit_rules.next_step(held.level, employee.grade)
    except credit_rules.UnknownCreditRule:
        return
    if step.credit is None:
        return
    FunctionalPosition.objects.filter(pk=held.pk).update(opening_credit=max(held.opening_credit, step.credit))
    if employee.grade_tmt is None or employee.grade_tmt > held.first:
        Employee.objects.filter(pk=employee.pk).update(grade_tmt=held.first)
        employee.grade_tmt = held.first


def seed_paks(today: dt.date) -> int:
    """Credit-point decrees (PAK) of the demo's functional staff with an account, by NIP: every fourth has none yet
    (BKD opens it live at /kantor/kepegawaian/angka-kredit/), the next one waits for BKD's verification, the others
    are verified and signed by their agency's head, so that at the next promotion date some are eligible for a
    functional promotion on established credit and others are told how much is missing. Idempotent."""
    from loket.hr.functional import services as functional
    from loket.hr.models import CreditDecree, FunctionalPosition

    if CreditDecree.objects.filter(employee__source="demo").exists():
        return 0
    through = dt.date(today.year - 1, 12, 31)
    employees = (
        Employee.objects.filter(
            source="demo",
            user__isnull=False,
            pk__in=FunctionalPosition.objects.filter(last__isnull=True).values("employee_id"),
        )
        .select_related("agency__region__parent", "region__parent", "user", "unit")
        .order_by("nip")
        .distinct()
    )
    made = 0
    for index, employee in enumerate(employees):
        if index % 4 == 0:
            continue
        with transaction.atomic():
            if index % 4 == 2:
                _carry_in_enough(employee)
            decree, _why = functional._open_one(None, employee, through)
            if decree is None:
                continue
            made += 1
            if index % 4 == 1 or decree.official_id is None:
                continue
            decree.status = CreditDecree.Status.SIGNATURE
            decree.save(update_fields=["status"])
            workflow.decide_for_kind(decree.case_id, actor=None, action="approve", note="Diverifikasi BKD.")
            locked = CreditDecree.objects.select_for_update().get(pk=decree.pk)
            functional.apply_pak_signature(
                decree=locked, signer=locked.official, actor=None, verify_second_factor=False
            )
    return made


LEVEL_EXCESS = Decimal("6.25")  # over what the level asks for: the demo shows what the excess rule does with it


def seed_level_promotion(today: dt.date) -> int:
    """One functional official in flight for a level promotion (kenaikan jenjang, e-Pangkat kind "jenjang"): the first
    demo official (by NIP) with an account and a signed PAK at the highest rank of a level below the top, whose
    ratings and years in rank hold, came into the post with established credit above what the next level asks for
    (`LEVEL_EXCESS` more), and their level promotion at the next promotion date waits for BKD's verification (the
    competence test and the vacant post), so that BKD's promotion page and the employee's show it while the other
    candidates wait for BKD to open the period live. Idempotent."""
    from loket.hr.functional import rules as credit_rules
    from loket.hr.functional import services as functional
    from loket.hr.models import CreditDecree, FunctionalPosition, Headship, Promotion
    from loket.hr.promotion import services as promotion_services
    from loket.org.models import Agency

    if Promotion.objects.filter(employee__source="demo", kind=Promotion.Kind.LEVEL).exists():
        return 0
    on = rules.next_promotion_date(today - dt.timedelta(days=1))
    signed = CreditDecree.objects.filter(status=CreditDecree.Status.SIGNED).values("employee_id")
    posts = (
        FunctionalPosition.objects.filter(
            last__isnull=True,
            employee__source="demo",
            employee__user__isnull=False,
            employee_id__in=signed,
            employee__agency__region__level="province",  # the province's own staff: BKD Jabar's page shows them
        )
        .select_related("employee")
        .order_by("employee__nip")
    )
    chosen = promotion_services.policy()
    for held in posts:
        employee = held.employee
        try:
            step = credit_rules.next_step(held.level, employee.grade)
        except credit_rules.UnknownCreditRule:
            continue
        if step.kind != credit_rules.LEVEL or step.credit is None:
            continue
        with transaction.atomic():
            in_level = functional.standing_of(employee, established=True).in_level
            opening = held.opening_credit + max(step.credit + LEVEL_EXCESS - in_level, Decimal(0))
            FunctionalPosition.objects.filter(pk=held.pk).update(opening_credit=opening)
            agencies = Agency.objects.filter(pk=employee.agency_id)
            candidate = next(c for c in promotion_services.candidates(on, agencies) if c.employee.pk == employee.pk)
            if not candidate.eligible or candidate.eligibility.kind != "jenjang" or candidate.promotion is not None:
                transaction.set_rollback(True)  # ratings or years in rank not met: the next official
                continue
            head = Headship.objects.filter(unit__isnull=True, agency_id=employee.agency_id).first()
            promotion = promotion_services.new_promotion(
                candidate, on, chosen=chosen, official_id=head.employee_id if head else None
            )
            promotion.save()
            promotion_services.open_cases(
                requirements={employee.pk: promotion_services.requirements_text(employee, candidate)},
                agencies=agencies,
            )
            audit.record(
                "hr.demo_level_promotion_seeded",
                obj=promotion,
                data={
                    "nip": employee.nip,
                    "from": promotion.level_from,
                    "to": promotion.level_to,
                    "date": on.isoformat(),
                },
            )
            return 1
    return 0


def seed_demo() -> int:
    if not Employee.objects.filter(source="demo").exists():
        return 0
    made = _promotion_service() + _pak_service()
    if PerformanceRating.objects.filter(employee__source="demo").exists():
        today = timezone.localdate()
        return made + seed_paks(today) + seed_level_promotion(today)
    today = timezone.localdate()
    on = rules.next_promotion_date(today - dt.timedelta(days=1))
    years = [on.year - 3, on.year - 2, on.year - 1]
    rng = random.Random(SEED)
    employees = list(Employee.objects.filter(source="demo", status=Employee.Status.PNS).order_by("pk"))
    entries, changed = [], []
    for employee in employees:
        roll = rng.random()
        ratings = {year: rng.choice(["baik", "baik", "baik", "sangat baik"]) for year in years}
        if employee.performance == "butuh perbaikan":
            ratings[years[-1]] = "butuh perbaikan"  # below Baik: not eligible (and the KGB review already says so)
        elif roll < 0.05:
            del ratings[years[-1]]  # the superior has not entered last year's rating yet
        elif roll < 0.08:
            ratings[years[-2]] = "kurang"
        group = employee.grade[:-1]
        if group == "II" and 0.5 <= roll < 0.62:
            # A new S-1 diploma two years into the rank: promotion by education adjustment to III/a.
            employee.education_level, employee.education_major = "S1", "Administrasi Publik"
            employee.grade_tmt = add_months(on, -24)
            changed.append(employee)
        elif 0.1 <= roll < 0.55 and (employee.grade_tmt is None or employee.grade_tmt > add_months(on, -48)):
            employee.grade_tmt = add_months(on, -48 - rng.randint(0, 18))  # four years in rank by the date
            changed.append(employee)
        entries += [
            PerformanceRating(employee=employee, year=year, rating=rating, source=PerformanceRating.Source.IMPORT)
            for year, rating in ratings.items()
        ]
    with transaction.atomic():
        Employee.objects.bulk_update(changed, ["grade_tmt", "education_level", "education_major"], batch_size=1000)
        PerformanceRating.objects.bulk_create(entries, batch_size=2000)
        follow_latest([employee.pk for employee in employees])
        audit.record(
            "hr.demo_ratings_seeded",
            object_type="hr.performancerating",
            object_id="*",
            data={"ratings": len(entries), "years": years, "promotion_date": on.isoformat()},
        )
    by_employee: dict[int, dict[int, str]] = {}
    for entry in entries:
        by_employee.setdefault(entry.employee_id, {})[entry.year] = entry.rating
    # e-Fungsional: the functional staff's posts and the credit these ratings earned.
    made += seed_functional(today, ratings_of=lambda employee: by_employee.get(employee.pk, {}))
    return made + len(entries) + seed_paks(today) + seed_level_promotion(today)
