"""State changes of performance ratings (SKP): entry by the direct superior or BKD, the all-or-nothing import, and
`Employee.performance` kept equal to the latest yearly rating (the KGB and leave rules read that field).

Every entry is a new `PerformanceRating` row (a correction too: the history shows who changed what and when) and
an audit event; an entry equal to the rating already in force changes nothing.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from loket.core import audit
from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.i18n import tr
from loket.hr import queries
from loket.hr.functional import services as functional_services
from loket.hr.models import Employee, PerformanceRating
from loket.hr.performance import rules
from loket.org import permissions


def may_rate(actor, employee: Employee) -> bool:
    """The employee's direct superior (PermenPANRB 6/2022 art. 39: the superior sets the rating) or the BKD of the
    employee's agency (hr.manage); never the employee themself."""
    me = queries.employee_of(actor)
    if me is not None and me.pk == employee.pk:
        return False
    if me is not None:
        superior = queries.direct_superior(employee)
        if superior is not None and superior.pk == me.pk:
            return True
    return permissions.can(actor, "hr.manage", employee.agency_id)


def current_rating(employee_id: int, year: int, period: str = rules.YEARLY) -> PerformanceRating | None:
    return (
        PerformanceRating.objects.filter(employee_id=employee_id, year=year, period=period)
        .order_by("-created_at", "-pk")
        .first()
    )


def rate(
    *, actor, nip: str, year: int, rating: str, period: str = rules.YEARLY, note: str = "", today: dt.date | None = None
) -> PerformanceRating:
    """Record `rating` for the employee `nip` and `year` (and period) as entered in Loket. Returns the entry in force
    (the existing one when it already says the same)."""
    today = today or timezone.localdate()
    employee = Employee.objects.filter(nip=(nip or "").strip()).first()
    if employee is None or not may_rate(actor, employee):
        if employee is not None and queries.visible_employees(actor).filter(pk=employee.pk).exists():
            raise PermissionDenied(
                tr(
                    "Hanya atasan langsung atau BKD yang dapat mengisi predikat kinerja pegawai ini.",
                    "Only the direct superior or the HR office may rate this employee.",
                )
            )
        raise NotFound(tr("Pegawai tidak ditemukan.", "Employee not found."))
    try:
        rules.check_year(int(year), today.year)
        rating = rules.parse_rating(rating, year=int(year))
        period = rules.parse_period(period)
    except (TypeError, ValueError) as exc:
        raise LoketError(tr(str(exc), str(exc)), field="rating") from None
    with transaction.atomic():
        Employee.objects.select_for_update().filter(pk=employee.pk).first()  # one entry at a time per employee
        existing = current_rating(employee.pk, int(year), period)
        if existing is not None and existing.rating == rating:
            return existing
        entry = PerformanceRating.objects.create(
            employee=employee,
            year=int(year),
            period=period,
            rating=rating,
            assessed_by=actor,
            source=PerformanceRating.Source.ENTERED,
            note=(note or "").strip()[:300],
        )
        audit.record(
            "hr.performance_rated",
            obj=entry,
            actor=actor,
            data={
                "nip": employee.nip,
                "year": entry.year,
                "period": period,
                "rating": rating,
                **({"previous": existing.rating} if existing is not None else {}),
            },
        )
        follow_latest([employee.pk])
        if period == rules.YEARLY:
            functional_services.follow_ratings([(employee.pk, entry.year, rating)])
    return entry


def follow_latest(employee_ids) -> int:
    """Set `Employee.performance` of these employees to their latest yearly rating (employees without any rating in
    Loket keep the value imported with their record). Returns how many changed."""
    entries: dict[int, list] = {}
    for employee_id, year, period, rating in (
        PerformanceRating.objects.filter(employee_id__in=list(employee_ids), period=rules.YEARLY)
        .order_by("created_at", "pk")
        .values_list("employee_id", "year", "period", "rating")
    ):
        entries.setdefault(employee_id, []).append((year, period, rating))
    changed = []
    current = dict(Employee.objects.filter(pk__in=list(entries)).values_list("pk", "performance"))
    for employee_id, rows in entries.items():
        latest = rules.latest_yearly(rows)
        if latest and current.get(employee_id) != latest:
            changed.append(Employee(pk=employee_id, performance=latest, updated_at=timezone.now()))
    Employee.objects.bulk_update(changed, ["performance", "updated_at"], batch_size=1000)
    return len(changed)


def ratings_in_force(employee_ids, year: int, period: str = rules.YEARLY) -> dict:
    """employee id -> the entry in force for `year` and `period` (the latest), for a page of employees."""
    found = {}
    for entry in (
        PerformanceRating.objects.filter(employee_id__in=list(employee_ids), year=year, period=period)
        .select_related("assessed_by")
        .order_by("created_at", "pk")
    ):
        found[entry.employee_id] = entry
    return found


def history_of(employee: Employee, limit: int = 30) -> list:
    """The employee's ratings, newest year first, each entry with whether it is the one in force."""
    entries = list(
        PerformanceRating.objects.filter(employee=employee)
        .select_related("assessed_by")
        .order_by("-year", "period", "-created_at", "-pk")[:limit]
    )
    seen = set()
    for entry in entries:
        key = (entry.year, entry.period)
        entry.in_force = key not in seen
        entry.rating_label = rules.label(entry.rating)
        entry.period_label = rules.PERIODS.get(entry.period, (entry.period,))[0]
        seen.add(key)
    return entries
