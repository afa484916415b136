"""Demo e-Fungsional: the demo's functional staff get their post and level on record, an amount carried in at
appointment and the credit their yearly ratings earned (hr.functional.services, as BKD would record them)."""

import datetime as dt
import random
from decimal import Decimal

from loket.hr.functional import rules
from loket.hr.functional import services as functional_services
from loket.hr.grades import PNS_GRADES
from loket.hr.models import Employee, FunctionalPosition

OPENING_CHOICES = (Decimal(0), Decimal("12.5"), Decimal("25"), Decimal("37.5"))


def _post(position_name: str) -> tuple[str, str] | None:
    """'Analis Kebijakan Ahli Pertama' -> ('Analis Kebijakan', 'ahli_pertama')."""
    for key, labels in rules.LEVEL_LABELS.items():
        suffix = f" {labels['id']}"
        if position_name.endswith(suffix):
            return position_name[: -len(suffix)], key
    return None


def _fits(grade: str, level: str) -> bool:
    entry = rules.default_table().levels[level]
    index = PNS_GRADES.index(grade) if grade in PNS_GRADES else -1
    return PNS_GRADES.index(entry.lowest_grade) <= index <= PNS_GRADES.index(entry.highest_grade)


def seed_functional(today: dt.date, ratings_of=None) -> int:
    """Posts and credit for the demo's PNS in functional posts whose grade fits their level. `ratings_of(employee)`
    gives {year: rating}; without it the employee's current rating stands for every year."""
    rng = random.Random(20261207)
    created = 0
    employees = Employee.objects.filter(source="demo", position_type=Employee.PositionType.FUNGSIONAL).exclude(
        status=Employee.Status.PPPK
    )
    for employee in employees.order_by("nip"):
        post = _post(employee.position_name)
        if post is None or not _fits(employee.grade, post[1]) or employee.functional_positions.exists():
            continue
        start = employee.position_tmt or dt.date(today.year - 4, 1, 1)
        first = dt.date(start.year, start.month, 1)
        FunctionalPosition.objects.create(
            employee=employee,
            name=post[0],
            level=post[1],
            first=first,
            reason=FunctionalPosition.Reason.FIRST,
            opening_credit=rng.choice(OPENING_CHOICES),
            decree=f"821.2/{employee.pk}/BKPSDM/{first.year}",
        )
        created += 1
        ratings = ratings_of(employee) if ratings_of else {}
        for year in range(max(first.year, today.year - 3), today.year):
            rating = ratings.get(year) if ratings_of else employee.performance
            if not rating:
                continue  # no rating entered for that year yet: no credit either
            try:
                created += len(
                    functional_services.credit_from_rating(actor=None, employee=employee, year=year, rating=rating)
                )
            except rules.UnknownCreditRule:
                continue  # a rating the table does not know: BKD records it by hand
    return created
