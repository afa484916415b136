"""State changes of e-Fungsional: appointment into a functional post and level, credit earned per rated period,
leaving the post. Each checks the HR office's permission, writes the history and audits in one transaction.
Rules: hr/functional/rules.py (credit), hr/pension/rules.py (the retirement age a level sets)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q

from loket.core import audit
from loket.core.errors import LoketError, PermissionDenied
from loket.core.i18n import tr
from loket.hr.functional import rules
from loket.hr.models import CreditEntry, Employee, FunctionalPosition, PositionHistory
from loket.hr.pension import rules as pension_rules
from loket.org import permissions


def _require_manager(actor, employee: Employee) -> None:
    if not permissions.can(actor, "hr.manage", employee.agency_id):
        raise PermissionDenied(
            tr("Anda tidak berwenang mengubah data jabatan fungsional pegawai ini.", "You may not change this record.")
        )


def _decimal(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value or "0").replace(",", "."))
    except InvalidOperation as exc:
        raise LoketError(
            tr("Tulis angka kredit sebagai angka, misalnya 12,5.", "Write the credit as a number."), field=field
        ) from exc
    if amount < 0 or amount != amount.quantize(Decimal("0.001")):
        raise LoketError(
            tr("Angka kredit tidak boleh negatif dan paling banyak tiga angka desimal.", "Credit: ≥ 0, three places."),
            field=field,
        )
    return amount


def appoint(
    *,
    actor,
    employee: Employee,
    name: str,
    level: str,
    tmt: dt.date,
    reason: str,
    opening_credit="0",
    decree: str = "",
) -> FunctionalPosition:
    """Appoint into a functional post at a level from `tmt`: ends the post held (the day before), records the
    position history and the employee's current position. A level promotion keeps the post's name."""
    _require_manager(actor, employee)
    rules.level_of(level)  # an unknown level is refused, never guessed
    if reason not in FunctionalPosition.Reason.values:
        raise LoketError(tr("Pilih dasar pengangkatan.", "Choose the ground of the appointment."), field="reason")
    name = " ".join((name or "").split())
    if not name:
        raise LoketError(tr("Tulis nama jabatan fungsional.", "Write the functional post's name."), field="name")
    opening = _decimal(opening_credit, "opening_credit")
    with transaction.atomic():
        held = FunctionalPosition.objects.select_for_update().filter(employee=employee, last__isnull=True).first()
        if held is not None:
            if tmt <= held.first:
                raise LoketError(
                    tr(
                        "TMT pengangkatan harus sesudah TMT jabatan fungsional yang sedang dijabat.",
                        "The appointment must start after the post held.",
                    ),
                    field="tmt",
                )
            held.last = tmt - dt.timedelta(days=1)
            held.end_reason = FunctionalPosition.Reason(reason).label
            held.save(update_fields=["last", "end_reason"])
        elif reason == FunctionalPosition.Reason.LEVEL:
            raise LoketError(
                tr("Kenaikan jenjang hanya bagi pegawai yang sedang menduduki jabatan fungsional.", "No post held."),
                field="reason",
            )
        position = FunctionalPosition.objects.create(
            employee=employee,
            name=name[:200],
            level=level,
            first=tmt,
            reason=reason,
            opening_credit=opening,
            decree=decree.strip()[:100],
            recorded_by=actor,
        )
        title = position_title(name, level)
        PositionHistory.objects.create(
            employee=employee,
            position_type=Employee.PositionType.FUNGSIONAL,
            position_name=title,
            unit_name=employee.unit.name if employee.unit_id else "",
            tmt=tmt,
        )
        Employee.objects.filter(pk=employee.pk).update(
            position_type=Employee.PositionType.FUNGSIONAL, position_name=title, position_tmt=tmt
        )
        audit.record(
            "hr.functional_appointed",
            obj=position,
            actor=actor,
            data={
                "nip": employee.nip,
                "level": level,
                "tmt": tmt.isoformat(),
                "reason": reason,
                "opening": str(opening),
            },
        )
    return position


def level_label(level: str) -> str:
    labels = rules.LEVEL_LABELS.get(level)
    return tr(labels["id"], labels["en"]) if labels else level


def position_title(name: str, level: str) -> str:
    """'Analis Kebijakan Ahli Muda': the post's name with its level, as a decree writes it."""
    return rules.position_title(name, level)


def record_credit(
    *, actor, employee: Employee, first: dt.date, last: dt.date, rating: str, source: str = CreditEntry.Source.RATING
) -> CreditEntry:
    """The credit of one rated period (whole months within one year) in the functional post held then."""
    _require_manager(actor, employee)
    try:
        months = rules.period_months(first, last)
    except ValueError as exc:
        raise LoketError(str(exc), field="first") from exc
    if first.year != last.year:
        raise LoketError(
            tr("Satu periode tidak boleh melewati pergantian tahun; catat per tahun.", "One period per year."),
            field="last",
        )
    rating_key = rules.normalize_rating(rating)
    with transaction.atomic():
        position = (
            FunctionalPosition.objects.select_for_update()
            .filter(employee=employee, first__lte=first)
            .order_by("-first")
            .first()
        )
        if position is None or (position.last is not None and position.last < last) or position.first > first:
            raise LoketError(
                tr(
                    "Periode ini tidak berada dalam satu masa jabatan fungsional pegawai; pisahkan periodenya pada TMT "
                    "pengangkatan.",
                    "The period is not within one functional post; split it at the appointment date.",
                ),
                field="first",
            )
        if CreditEntry.objects.filter(employee=employee, first__lte=last, last__gte=first).exists():
            raise LoketError(
                tr("Periode ini tumpang tindih dengan angka kredit yang sudah dicatat.", "The period overlaps."),
                field="first",
            )
        credit = rules.period_credit(rating_key, position.level, months)
        try:
            entry = CreditEntry.objects.create(
                employee=employee,
                position=position,
                first=first,
                last=last,
                level=position.level,
                rating=rating_key,
                months=months,
                credit=credit,
                source=source,
                recorded_by=actor,
            )
        except IntegrityError as exc:
            raise LoketError(
                tr("Periode ini sudah dicatat.", "This period is recorded already."), field="first"
            ) from exc
        audit.record(
            "hr.credit_recorded",
            obj=entry,
            actor=actor,
            data={
                "nip": employee.nip,
                "first": first.isoformat(),
                "months": months,
                "rating": rating_key,
                "credit": str(credit),
            },
        )
    return entry


def credit_from_rating(*, actor, employee: Employee, year: int, rating: str) -> list[CreditEntry]:
    """The credit a yearly rating earns, split over the functional posts held that year (rules.periods_in_year).
    Called when the direct superior or BKD records the year's rating (`actor` None: the system, following that
    entry). A corrected rating corrects the year's entries, audited old -> new; a year with entries recorded by
    hand for other periods is refused (BKD reconciles it)."""
    if actor is not None:
        _require_manager(actor, employee)
    rating_key = rules.normalize_rating(rating)
    with transaction.atomic():
        posts = list(FunctionalPosition.objects.select_for_update().filter(employee=employee))
        periods = rules.periods_in_year(year, [(post.first, post.last, post.level) for post in posts], rating_key)
        items = rules.credits_for(periods)
        existing = {
            (entry.first, entry.last): entry
            for entry in CreditEntry.objects.select_for_update().filter(employee=employee, first__year=year)
        }
        if existing and set(existing) != {(item.period.first, item.period.last) for item in items}:
            raise LoketError(
                tr(
                    f"Angka kredit tahun {year} sudah dicatat dengan periode lain; BKD perlu menyesuaikannya.",
                    f"The {year} credit was recorded with other periods; the HR office must reconcile it.",
                )
            )
        entries = []
        for item in items:
            post = next(
                p for p in posts if p.first <= item.period.first and (p.last is None or item.period.last <= p.last)
            )
            entry = existing.get((item.period.first, item.period.last))
            if entry is None:
                entry = CreditEntry.objects.create(
                    employee=employee,
                    position=post,
                    first=item.period.first,
                    last=item.period.last,
                    level=item.period.level,
                    rating=rating_key,
                    months=item.months,
                    credit=item.credit,
                    recorded_by=actor,
                )
                audit.record(
                    "hr.credit_recorded",
                    obj=entry,
                    actor=actor,
                    data={"nip": employee.nip, "year": year, "rating": rating_key, "credit": str(item.credit)},
                )
            elif entry.rating != rating_key:
                old = (entry.rating, str(entry.credit))
                entry.rating, entry.credit = rating_key, item.credit
                entry.save(update_fields=["rating", "credit"])
                audit.record(
                    "hr.credit_corrected",
                    obj=entry,
                    actor=actor,
                    data={"nip": employee.nip, "old": list(old), "new": [rating_key, str(item.credit)]},
                )
            entries.append(entry)
    return entries


@dataclass(frozen=True)
class CreditYear:
    created: int  # credit entries written
    employees: int  # employees credited
    skipped: int  # already credited for the year (left as they are)
    refused: list[tuple[str, str]]  # (NIP, why): BKD records these by hand


def credit_year(*, actor, year: int, ratings: Mapping[int, str], agencies=None, batch: int = 5000) -> CreditYear:
    """The year's credit for every functional official with a yearly rating (`ratings`: employee id -> rating) in
    `agencies` (None: all) — BKD's yearly run once the ratings are in, in bulk: a few statements per `batch`
    employees, one audit event for the run. Employees credited for the year already are left as they are (a
    correction goes through `credit_from_rating`); a rating or level the tables do not know is reported."""
    if actor is not None and not permissions.can_anywhere(actor, "hr.manage"):
        raise PermissionDenied(tr("Anda tidak berwenang menghitung angka kredit.", "You may not compute credit."))
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    posts = FunctionalPosition.objects.filter(first__lte=end).filter(Q(last__isnull=True) | Q(last__gte=start))
    if agencies is not None:
        posts = posts.filter(employee__agency__in=agencies)
    by_employee: dict[int, list[tuple]] = {}
    for row in posts.values_list("employee_id", "pk", "first", "last", "level", "employee__nip").order_by(
        "employee_id"
    ):
        by_employee.setdefault(row[0], []).append(row)
    created = credited = skipped = 0
    refused: list[tuple[str, str]] = []
    employee_ids = [employee_id for employee_id in by_employee if employee_id in ratings]
    for offset in range(0, len(employee_ids), batch):
        chunk = employee_ids[offset : offset + batch]
        with transaction.atomic():
            done = set(
                CreditEntry.objects.filter(employee_id__in=chunk, first__year=year)
                .values_list("employee_id", flat=True)
                .distinct()
            )
            rows = []
            for employee_id in chunk:
                held = by_employee[employee_id]
                if employee_id in done:
                    skipped += 1
                    continue
                try:
                    rating = rules.normalize_rating(ratings[employee_id])
                    items = rules.credits_for(rules.periods_in_year(year, [(p[2], p[3], p[4]) for p in held], rating))
                except (rules.UnknownCreditRule, ValueError) as exc:
                    refused.append((held[0][5], getattr(exc, "message", str(exc))))
                    continue
                for item in items:
                    post = next(
                        p for p in held if p[2] <= item.period.first and (p[3] is None or item.period.last <= p[3])
                    )
                    rows.append(
                        CreditEntry(
                            employee_id=employee_id,
                            position_id=post[1],
                            first=item.period.first,
                            last=item.period.last,
                            level=item.period.level,
                            rating=rating,
                            months=item.months,
                            credit=item.credit,
                            recorded_by=actor,
                        )
                    )
                credited += 1
            CreditEntry.objects.bulk_create(rows, batch_size=2000)
            created += len(rows)
    audit.record(
        "hr.credit_year",
        actor=actor,
        object_type="hr.creditentry",
        object_id=str(year),
        data={"year": year, "created": created, "employees": credited, "skipped": skipped, "refused": len(refused)},
    )
    return CreditYear(created, credited, skipped, refused)


def follow_ratings(yearly) -> int:
    """Credit follows the yearly ratings just recorded (`yearly`: (employee id, year, rating) triples, hr.performance):
    for officials in a functional post, a year without credit is credited in bulk (`credit_year`), a credited year
    is corrected (`credit_from_rating`). A year BKD recorded by hand with other periods is left for BKD; a rating
    the credit table does not know is reported by the yearly run. Returns the entries written or corrected."""
    by_year: dict[int, dict[int, str]] = {}
    for employee_id, year, rating in yearly:
        by_year.setdefault(int(year), {})[employee_id] = rating
    ids = {employee_id for ratings in by_year.values() for employee_id in ratings}
    functional = set(FunctionalPosition.objects.filter(employee_id__in=ids).values_list("employee_id", flat=True))
    written = 0
    for year, ratings in by_year.items():
        ratings = {employee_id: rating for employee_id, rating in ratings.items() if employee_id in functional}
        if not ratings:
            continue
        credited = set(
            CreditEntry.objects.filter(employee_id__in=list(ratings), first__year=year).values_list(
                "employee_id", flat=True
            )
        )
        fresh = {employee_id: rating for employee_id, rating in ratings.items() if employee_id not in credited}
        if fresh:
            written += credit_year(actor=None, year=year, ratings=fresh).created
        for employee in Employee.objects.filter(pk__in=credited):
            try:
                written += len(
                    credit_from_rating(actor=None, employee=employee, year=year, rating=ratings[employee.pk])
                )
            except LoketError:
                continue
    return written


def end_position(*, actor, employee: Employee, last: dt.date, reason: str) -> FunctionalPosition:
    """Leave the functional post (to a structural post, or dismissal from the post) on `last`."""
    _require_manager(actor, employee)
    reason = " ".join((reason or "").split())
    if len(reason) < 5:
        raise LoketError(tr("Tulis alasan berhenti dari jabatan fungsional.", "Write the reason."), field="reason")
    with transaction.atomic():
        held = FunctionalPosition.objects.select_for_update().filter(employee=employee, last__isnull=True).first()
        if held is None:
            raise LoketError(tr("Pegawai ini tidak sedang menduduki jabatan fungsional.", "No functional post held."))
        if last < held.first:
            raise LoketError(tr("Tanggal berhenti sebelum TMT jabatan.", "The end is before the start."), field="last")
        held.last, held.end_reason = last, reason[:200]
        held.save(update_fields=["last", "end_reason"])
        audit.record("hr.functional_ended", obj=held, actor=actor, data={"nip": employee.nip, "last": last.isoformat()})
    return held


@dataclass(frozen=True)
class Standing:
    position: FunctionalPosition | None
    entries: list[CreditEntry]
    total: Decimal  # every credit recorded, with the opening amounts
    in_level: Decimal  # since the current level's TMT, with its opening amount
    in_rank: Decimal  # since the current rank's TMT (and the level's opening amount when the level began later)
    result: rules.CreditStanding | None
    refusal: str  # why the tables cannot say (HR decides), else ""
    bup_age: int | None  # the retirement age the current level sets


def standing_of(employee: Employee) -> Standing:
    """The employee's credit and what it suffices for (rank step within the level, or the next level)."""
    positions = list(employee.functional_positions.all())
    entries = list(employee.credit_entries.select_related("position"))
    held = next((position for position in positions if position.last is None), None)
    total = sum((entry.credit for entry in entries), Decimal(0)) + sum(
        (position.opening_credit for position in positions), Decimal(0)
    )
    if held is None:
        return Standing(None, entries, total, Decimal(0), Decimal(0), None, "", None)
    level_entries = [entry for entry in entries if entry.position_id == held.pk]
    in_level = held.opening_credit + sum((entry.credit for entry in level_entries), Decimal(0))
    rank_since = employee.grade_tmt or held.first
    in_rank = sum((entry.credit for entry in level_entries if entry.first >= rank_since), Decimal(0))
    if rank_since <= held.first:
        in_rank += held.opening_credit
    try:
        result = rules.standing(held.level, employee.grade, credit_in_rank=in_rank, credit_in_level=in_level)
        refusal = ""
    except rules.UnknownCreditRule as exc:
        result, refusal = None, exc.message
    try:
        bup = pension_rules.bup_age(pension_rules.FUNGSIONAL, held.level)
    except pension_rules.UnknownPosition:
        bup = None
    return Standing(held, entries, total, in_level, in_rank, result, refusal, bup)
