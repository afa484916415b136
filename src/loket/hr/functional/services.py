"""State changes of e-Fungsional: appointment into a functional post and level, credit earned per rated period,
leaving the post. Each checks the HR office's permission, writes the history and audits in one transaction.
Rules: hr/functional/rules.py (credit), hr/pension/rules.py (the retirement age a level sets)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from loket.core import audit
from loket.core.dates import long_date
from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.i18n import tr
from loket.hr.functional import rules
from loket.hr.grades import display_grade
from loket.hr.models import (
    CaseService,
    CreditDecree,
    CreditEntry,
    Employee,
    FunctionalPosition,
    PositionHistory,
    Promotion,
)
from loket.hr.pension import rules as pension_rules
from loket.hr.pension import services as pension_services
from loket.notify import services as notify
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
        position = _open_post(
            actor=actor,
            employee=employee,
            name=name,
            level=level,
            tmt=tmt,
            reason=reason,
            opening=opening,
            decree=decree,
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


def _open_post(*, actor, employee: Employee, name: str, level: str, tmt: dt.date, reason: str, opening, decree: str):
    """In the caller's transaction: end the post held (the day before `tmt`), open the new one, write the position
    history and the employee's current position. Callers check who may do it."""
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
    return position


def level_label_id(level: str) -> str:
    """The level's Indonesian label, as decrees and case data write it."""
    return rules.LEVEL_LABELS.get(level, {"id": level})["id"]


def level_promotion_refusal(promotion) -> str:
    """Why a level promotion (hr.promotion kind "jenjang") cannot take effect now, else "": the post held must still be
    at the level it was opened from, and the promotion's TMT after that post's TMT. Asked before the official's code."""
    held = FunctionalPosition.objects.filter(employee_id=promotion.employee_id, last__isnull=True).first()
    if held is None or held.level != promotion.level_from:
        return tr(
            "Jabatan fungsional pegawai sudah berubah sejak kenaikan jenjang ini dibuka; BKD perlu membatalkannya.",
            "The employee's functional post changed since this level promotion was opened; the HR office must "
            "cancel it.",
        )
    if promotion.promotion_date <= held.first:
        return tr(
            "TMT kenaikan jenjang harus sesudah TMT jabatan fungsional yang sedang dijabat.",
            "The level promotion must start after the post held.",
        )
    return ""


def promote_level(*, promotion, employee: Employee, actor) -> FunctionalPosition:
    """The effects of a signed level promotion (hr.promotion kind "jenjang"), in the signature's transaction: the post
    held ends the day before the TMT and the same post at the next level starts on it (reason "kenaikan jenjang",
    the decree's number), the position history and the employee's current position follow. The retirement age is
    the new level's from then on (standing_of, e-Pensiun: hr.pension.rules reads it from the level held)."""
    refusal = level_promotion_refusal(promotion)
    if refusal:
        raise LoketError(refusal)
    held = FunctionalPosition.objects.get(employee_id=employee.pk, last__isnull=True)
    carry = level_carry(employee, promotion.level_from)
    position = _open_post(
        actor=actor,
        employee=employee,
        name=held.name,
        level=promotion.level_to,
        tmt=promotion.promotion_date,
        reason=FunctionalPosition.Reason.LEVEL,
        # the excess beyond the level's credit, by the level step's excess rule (rules.carried_credit); the credit
        # of the level before stays counted in the total as its own entries (no double count)
        opening=carry.amount if carry else Decimal(0),
        decree=promotion.number,
    )
    audit.record(
        "hr.functional_level_promoted",
        obj=position,
        actor=actor,
        data={
            "nip": employee.nip,
            "from": promotion.level_from,
            "to": promotion.level_to,
            "tmt": promotion.promotion_date.isoformat(),
            "promotion": promotion.pk,
            "number": promotion.number,
            "carried": str(carry.amount) if carry else None,
            "carry_basis": carry.basis() if carry else "",
        },
    )
    return position


def level_carry(employee: Employee, level: str) -> rules.Carry | None:
    """What the established credit of the level held leaves to the next level (`rules.carried_credit`, step
    LEVEL): the credit in the level against the level's credit (`levels.csv`); None when the tables hold neither."""
    try:
        required = rules.level_of(level).credit_for_next_level
    except rules.UnknownCreditRule:
        return None
    if required is None:
        return None
    standing = standing_of(employee, established=True)
    try:
        return rules.carried_credit(rules.LEVEL, standing.in_level, required)
    except rules.UnknownCreditRule:
        return None


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


def credit_year(*, actor, year: int, ratings: Mapping[int, str], agencies=None, batch: int = 20000) -> CreditYear:
    """The year's credit for every functional official with a yearly rating (`ratings`: employee id -> rating) in
    `agencies` (None: all) — BKD's yearly run once the ratings are in, set-based: one read of the posts held in the
    year, the pure rules (rules.periods_in_year, rules.credits_for) per official, and per `batch` officials one
    transaction that reads who is credited already and writes the rest in one COPY (PostgreSQL; bulk_create
    elsewhere). One audit event for the run.

    Idempotent: an official with any credit entry in the year is left as it is (a correction goes through
    `credit_from_rating`), so a re-run after a crash credits only the batches that were not committed; concurrent
    runs take turns per batch (a transaction-scoped advisory lock) and the unique (employee, first) constraint
    stays the last guard. A rating or level the tables do not know is reported, never guessed."""
    if actor is not None and not permissions.can_anywhere(actor, "hr.manage"):
        raise PermissionDenied(tr("Anda tidak berwenang menghitung angka kredit.", "You may not compute credit."))
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    posts = FunctionalPosition.objects.filter(first__lte=end).filter(Q(last__isnull=True) | Q(last__gte=start))
    if agencies is not None:
        posts = posts.filter(employee__agency__in=agencies)
    by_employee: dict[int, list[tuple]] = {}
    for row in posts.values_list("employee_id", "pk", "first", "last", "level").order_by("employee_id", "first"):
        if row[0] in ratings:
            by_employee.setdefault(row[0], []).append(row)
    employee_ids = list(by_employee)
    recorder = actor.pk if actor is not None else None
    now, source = timezone.now(), CreditEntry.Source.RATING.value
    created = credited = skipped = 0
    refused_ids: list[tuple[int, str]] = []
    for offset in range(0, len(employee_ids), batch):
        chunk = employee_ids[offset : offset + batch]
        with transaction.atomic():
            _lock_credit_year(year)
            done = set(
                # the chunk's ids are ascending: a range reads the unique (employee, first) index, with no id list
                CreditEntry.objects.filter(employee_id__gte=chunk[0], employee_id__lte=chunk[-1])
                .filter(first__gte=start, first__lte=end)
                .values_list("employee_id", flat=True)
                .distinct()
            )
            rows = []
            for employee_id in chunk:
                if employee_id in done:
                    skipped += 1
                    continue
                held = by_employee[employee_id]
                try:
                    rating = rules.normalize_rating(ratings[employee_id])
                    items = rules.credits_for(rules.periods_in_year(year, [(p[2], p[3], p[4]) for p in held], rating))
                except (rules.UnknownCreditRule, ValueError) as exc:
                    refused_ids.append((employee_id, getattr(exc, "message", str(exc))))
                    continue
                for item in items:
                    period = item.period
                    post = next(p for p in held if p[2] <= period.first and (p[3] is None or period.last <= p[3]))
                    rows.append(
                        (employee_id, post[1], period.first, period.last, period.level, rating, item.months)
                        + (item.credit, source, recorder, now)
                    )
                credited += 1
            write_credit_entries(rows)
            created += len(rows)
    nips = dict(Employee.objects.filter(pk__in=[pk for pk, _ in refused_ids]).values_list("pk", "nip"))
    refused = [(nips[pk], why) for pk, why in refused_ids]
    audit.record(
        "hr.credit_year",
        actor=actor,
        object_type="hr.creditentry",
        object_id=str(year),
        data={"year": year, "created": created, "employees": credited, "skipped": skipped, "refused": len(refused)},
    )
    return CreditYear(created, credited, skipped, refused)


# The columns `write_credit_entries` writes, in the order of its rows.
CREDIT_COLUMNS = (
    "employee_id",
    "position_id",
    "first",
    "last",
    "level",
    "rating",
    "months",
    "credit",
    "source",
    "recorded_by_id",
    "created_at",
)


def _lock_credit_year(year: int) -> None:
    """Concurrent yearly runs take turns per batch (PostgreSQL; SQLite serializes writers itself)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [CREDIT_LOCK, year])


CREDIT_LOCK = 16_016  # advisory-lock namespace of the yearly credit run


def write_credit_entries(rows: list[tuple]) -> None:
    """Insert credit entries given as tuples in `CREDIT_COLUMNS` order, in the caller's transaction: one COPY on
    PostgreSQL, bulk_create elsewhere."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        CreditEntry.objects.bulk_create(
            [CreditEntry(**dict(zip(CREDIT_COLUMNS, row, strict=True))) for row in rows], batch_size=2000
        )
        return
    meta, quote = CreditEntry._meta, connection.ops.quote_name
    fields = [meta.get_field(name) for name in CREDIT_COLUMNS]
    columns = ", ".join(quote(field.column) for field in fields)
    # Binary COPY: the server parses no text; each column's type is the one Django created it with.
    types = [field.db_type(connection).split("(")[0].strip() for field in fields]
    statement = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN (FORMAT BINARY)"
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)


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


# Where a functional official may go on leaving the post (a move to another functional post is an appointment).
NEXT_POSITION_TYPES = (
    Employee.PositionType.JPT,
    Employee.PositionType.ADMINISTRATOR,
    Employee.PositionType.PENGAWAS,
    Employee.PositionType.PELAKSANA,
)


def end_position(
    *, actor, employee: Employee, last: dt.date, reason: str, next_type: str = "", next_name: str = ""
) -> FunctionalPosition:
    """Leave the functional post on `last` (to a structural post, or dismissal from the post). With `next_type` and
    `next_name` (a JPT, administrator, supervisor or executive post), the employee holds that post from the next
    day: position history and current position follow, and so does the retirement age (hr.pension.rules.bup_age
    reads it from the position type: 60 for JPT, 58 for the administrative posts; PP 11/2017 art. 239). Without
    it the current position is left to BKD (e-Pensiun asks BKD while the post is unknown)."""
    _require_manager(actor, employee)
    reason = " ".join((reason or "").split())
    if len(reason) < 5:
        raise LoketError(tr("Tulis alasan berhenti dari jabatan fungsional.", "Write the reason."), field="reason")
    next_name = " ".join((next_name or "").split())
    if next_type and next_type not in NEXT_POSITION_TYPES:
        raise LoketError(tr("Pilih jenis jabatan berikutnya.", "Choose the next post's type."), field="next_type")
    if bool(next_type) != bool(next_name):
        raise LoketError(
            tr(
                "Isi jenis dan nama jabatan berikutnya, atau kosongkan keduanya.",
                "Give both the next post's type and name, or neither.",
            ),
            field="next_name",
        )
    with transaction.atomic():
        held = FunctionalPosition.objects.select_for_update().filter(employee=employee, last__isnull=True).first()
        if held is None:
            raise LoketError(tr("Pegawai ini tidak sedang menduduki jabatan fungsional.", "No functional post held."))
        if last < held.first:
            raise LoketError(tr("Tanggal berhenti sebelum TMT jabatan.", "The end is before the start."), field="last")
        held.last, held.end_reason = last, reason[:200]
        held.save(update_fields=["last", "end_reason"])
        data = {"nip": employee.nip, "last": last.isoformat()}
        if next_type:
            tmt = last + dt.timedelta(days=1)
            PositionHistory.objects.create(
                employee=employee,
                position_type=next_type,
                position_name=next_name[:200],
                unit_name=employee.unit.name if employee.unit_id else "",
                tmt=tmt,
            )
            Employee.objects.filter(pk=employee.pk).update(
                position_type=next_type, position_name=next_name[:200], position_tmt=tmt
            )
            data.update({"next_type": next_type, "next_name": next_name[:200]})
        audit.record("hr.functional_ended", obj=held, actor=actor, data=data)
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
    carry: rules.Carry | None = None  # what the last rank promotion in the level carried into `in_rank`


def standing_of(employee: Employee, *, established: bool = False, decree=None) -> Standing:
    """The employee's credit and what it suffices for (rank step within the level, or the next level). With
    `established`, only the credit of signed PAKs (and credit carried in at appointment) counts, with `decree`'s
    entries as if it were signed (what that PAK establishes)."""
    positions = list(employee.functional_positions.all())
    entries = employee.credit_entries.select_related("position")
    if established:
        signed = Q(decree__status=CreditDecree.Status.SIGNED)
        entries = entries.filter(signed | Q(decree=decree) if decree is not None else signed)
    return standing_from(employee, positions, list(entries), rank_promotions([employee.pk]).get(employee.pk, []))


def rank_promotions(ids) -> dict[int, list[tuple[dt.date, str]]]:
    """employee id -> the signed rank promotions in a functional post (TMT, grade promoted from): each leaves its
    excess credit to the next rank step of the level (`rules.rank_credit`)."""
    found: dict[int, list[tuple[dt.date, str]]] = {}
    rows = Promotion.objects.filter(
        employee_id__in=ids, kind=Promotion.Kind.FUNCTIONAL, status=Promotion.Status.SIGNED
    ).values_list("employee_id", "promotion_date", "grade_from")
    for employee_id, date, grade in rows:
        found.setdefault(employee_id, []).append((date, grade))
    return found


def established_standings(employees, ids=None) -> dict[int, Standing]:
    """employee id -> the established standing (signed PAKs, credit carried in) of each of `employees` holding a
    functional post, in two queries (`ids`: the employees' ids as a list or a subquery, for a large scope)."""
    ids = ids if ids is not None else [employee.pk for employee in employees]
    positions: dict[int, list] = {}
    for position in FunctionalPosition.objects.filter(employee_id__in=ids).order_by("first"):
        positions.setdefault(position.employee_id, []).append(position)
    held = {key for key, rows in positions.items() if any(row.last is None for row in rows)}
    if not held:
        return {}
    entries: dict[int, list] = {}
    for entry in CreditEntry.objects.filter(employee_id__in=ids, decree__status=CreditDecree.Status.SIGNED).order_by(
        "first"
    ):
        entries.setdefault(entry.employee_id, []).append(entry)
    promoted = rank_promotions(ids)
    return {
        employee.pk: standing_from(
            employee, positions[employee.pk], entries.get(employee.pk, []), promoted.get(employee.pk, [])
        )
        for employee in employees
        if employee.pk in held
    }


def standing_from(employee: Employee, positions, entries, promotions=()) -> Standing:
    """`standing_of` over the positions, credit entries and signed functional rank promotions (`rank_promotions`)
    read already."""
    held = next((position for position in positions if position.last is None), None)
    total = sum((entry.credit for entry in entries), Decimal(0)) + sum(
        (position.opening_credit for position in positions), Decimal(0)
    )
    if held is None:
        return Standing(None, entries, total, Decimal(0), Decimal(0), None, "", None)
    level_entries = [entry for entry in entries if entry.position_id == held.pk]
    in_level = held.opening_credit + sum((entry.credit for entry in level_entries), Decimal(0))
    rank = rules.rank_credit(
        held.level,
        level_first=held.first,
        opening=held.opening_credit,
        rank_since=employee.grade_tmt or held.first,
        entries=[(entry.first, entry.credit) for entry in level_entries],
        promotions=promotions,
    )
    in_rank = rank.credit
    try:
        result = rules.standing(held.level, employee.grade, credit_in_rank=in_rank, credit_in_level=in_level)
        refusal = ""
    except rules.UnknownCreditRule as exc:
        result, refusal = None, exc.message
    try:
        # e-Pensiun's own reading: statute ages (teachers, lecturers, professors) and the region's overrides
        bup = pension_services.retirement_of(employee, (held.name, held.level))[0]
    except pension_rules.UnknownPosition:
        bup = None
    return Standing(held, entries, total, in_level, in_rank, result, refusal, bup, rank.carry)


# --- the credit-point decree (PAK, penetapan angka kredit) --------------------------------------------------------

S = CreditDecree.Status
# Archive classification of the decree (kepegawaian; confirm the region's classification of PAK decrees).
PAK_CLASSIFICATION = "800"
NO_OFFICIAL = (
    "Pejabat yang berwenang (kepala perangkat daerah) belum ditetapkan; perlu ditetapkan sebelum penandatanganan."
)


def _pending(employee_ids, through: dt.date | None):
    """Credit entries listed in no PAK yet (a cancelled PAK released its own), up to `through`."""
    found = CreditEntry.objects.filter(employee_id__in=employee_ids, decree__isnull=True)
    return found.filter(last__lte=through) if through is not None else found


def _pak_refusal(employee: Employee) -> str:
    from loket.hr import cases

    if employee.user_id is None:
        return tr(
            "Pegawai belum memiliki akun; PAK tidak dapat dibuka.", "The employee has no account; no PAK can be opened."
        )
    if cases.service_for(CaseService.Kind.PAK, employee.region) is None:
        return tr(
            "Layanan penetapan angka kredit untuk wilayah ini belum terbit.",
            "The credit-point decree service of this region is not published.",
        )
    return ""


def _official_of(employee: Employee):
    from loket.hr.models import Headship

    official_id = (
        Headship.objects.filter(unit__isnull=True, agency_id=employee.agency_id)
        .values_list("employee_id", flat=True)
        .first()
    )
    return official_id if official_id != employee.pk else None


def _open_one(actor, employee: Employee, through: dt.date | None) -> tuple[CreditDecree | None, str]:
    """Open the PAK of one employee (in the caller's transaction): (decree, "") or (None, why not)."""
    from loket.applications import services as engine
    from loket.hr import cases, queries
    from loket.hr.functional import cases as pak_cases

    refusal = _pak_refusal(employee)
    if refusal:
        return None, refusal
    if employee.left_on is not None:
        return None, tr(
            f"Pegawai sudah berhenti sejak {long_date(employee.left_on)}; PAK tidak dapat dibuka.",
            f"The employee has left since {long_date(employee.left_on, english=True)}; no PAK can be opened.",
        )
    held = FunctionalPosition.objects.select_for_update().filter(employee=employee, last__isnull=True).first()
    if held is None:
        return None, tr("Pegawai tidak sedang menduduki jabatan fungsional.", "No functional post held.")
    if CreditDecree.objects.filter(employee=employee, status__in=CreditDecree.OPEN).exists():
        return None, tr("PAK pegawai ini sudah dibuka dan sedang diproses.", "A PAK of this employee is in process.")
    pending = list(_pending([employee.pk], through).select_related("position").order_by("first"))
    if not pending:
        return None, tr(
            "Tidak ada angka kredit yang belum ditetapkan.", "There is no credit that is not established yet."
        )
    positions = list(employee.functional_positions.all())
    signed = list(employee.credit_entries.filter(decree__status=S.SIGNED).select_related("position").order_by("first"))
    promoted = rank_promotions([employee.pk]).get(employee.pk, [])
    decree = _new_decree(actor, employee, held, positions, signed, pending, _official_of(employee), promoted)
    try:
        with transaction.atomic():
            decree.save()
    except IntegrityError:  # opened meanwhile by another request: one open PAK per employee
        return None, tr("PAK pegawai ini sudah dibuka dan sedang diproses.", "A PAK of this employee is in process.")
    CreditEntry.objects.filter(pk__in=[entry.pk for entry in pending]).update(decree=decree)
    employee.user._loket_employee = employee
    queries.remember_hr_office(employee, queries.HrOfficePool(employee.agency).take(employee.user_id))
    decree.case = engine.open_case(
        actor=None,
        applicant=employee.user,
        service=cases.service_for(CaseService.Kind.PAK, employee.region),
        data=pak_case_data(decree, employee),
        idempotency_key=pak_cases.case_key(decree),
        channel=pak_cases.CHANNEL,
        notify=False,
    )
    decree.save(update_fields=["case"])
    audit.record("hr.pak_opened", obj=decree, actor=actor, data=_opened_data(decree, employee, pending))
    return decree, ""


def _opened_data(decree: CreditDecree, employee: Employee, pending) -> dict:
    return {"nip": employee.nip, "entries": len(pending), "period_credit": str(decree.period_credit)}


def _new_decree(
    actor, employee: Employee, held, positions, signed, pending, official_id, promotions=()
) -> CreditDecree:
    """The unsaved PAK of `employee` over the `pending` entries (date order), with `signed` (the entries of signed
    PAKs) as what is established before it: the credit, the standing after it and what the next step asks for."""
    before = standing_from(employee, positions, signed, promotions)
    after = standing_from(employee, positions, signed + pending, promotions)
    step = after.result.step if after.result else None
    level = rules.level_of(held.level)
    return CreditDecree(
        employee=employee,
        position=held,
        first=pending[0].first,
        last=pending[-1].last,
        period_credit=sum((entry.credit for entry in pending), Decimal(0)),
        established_before=before.total,
        total=after.total,
        grade=employee.grade,
        level=held.level,
        step_kind=step.kind if step else "",
        credit_counted=after.result.credit if after.result else None,
        required_rank=step.credit if step and step.kind != rules.TOP else None,
        next_grade=step.to_grade if step else "",
        required_level=level.credit_for_next_level,
        next_level=level.next_level,
        in_level=after.in_level,
        shortfall=after.result.shortfall if after.result else None,
        refusal=after.refusal[:300],
        official_id=official_id,
        note="" if official_id else NO_OFFICIAL,
        opened_by=actor,
    )


def pak_case_data(decree: CreditDecree, employee: Employee) -> dict:
    """What the PAK case shows (Indonesian, as the decree writes it)."""
    data = {
        "nip": employee.nip,
        "jabatan": rules.position_title(decree.position.name, decree.level),
        "periode": f"{long_date(decree.first)} s.d. {long_date(decree.last)}",
        "angka_kredit_periode": rules.format_credit(decree.period_credit),
        "jumlah_kumulatif": rules.format_credit(decree.total),
        "kebutuhan": next_step_text(decree),
    }
    return {key: value for key, value in data.items() if value}


def next_step_text(decree: CreditDecree, english: bool = False) -> str:
    """What the next rank and the next level ask for, and what is still missing (Indonesian or English)."""
    language = "en" if english else "id"

    def credit(value) -> str:
        return rules.format_credit(value, language)

    parts = []
    if decree.refusal:
        return "The credit tables hold no rule for the next step; the HR office decides." if english else decree.refusal
    if decree.step_kind == rules.TOP:
        return (
            "The post's highest level and rank are reached."
            if english
            else "Jenjang dan pangkat tertinggi jabatan ini sudah dicapai."
        )
    if decree.required_rank is not None and decree.next_grade:
        grade = display_grade(decree.next_grade)
        missing = decree.shortfall or Decimal(0)
        if english:
            parts.append(
                f"Promotion to grade {grade} needs {credit(decree.required_rank)} credit points; counted "
                f"{credit(decree.credit_counted or 0)}, " + (f"missing {credit(missing)}." if missing else "met.")
            )
        else:
            parts.append(
                f"Kenaikan pangkat ke golongan ruang {grade} memerlukan angka kredit {credit(decree.required_rank)}; "
                f"terhitung {credit(decree.credit_counted or 0)}, "
                + (f"kurang {credit(missing)}." if missing else "telah terpenuhi.")
            )
    if decree.next_level:
        labels = rules.LEVEL_LABELS.get(decree.next_level, {"id": decree.next_level, "en": decree.next_level})
        if decree.required_level is None:
            parts.append(
                f"The credit for promotion to the level {labels['en']} is not in the table yet (the HR office sets it)."
                if english
                else f"Angka kredit untuk kenaikan jenjang ke {labels['id']} belum ada di tabel (ditetapkan BKD)."
            )
        else:
            missing = max(decree.required_level - decree.in_level, Decimal(0))
            if english:
                parts.append(
                    f"Promotion to the level {labels['en']} needs {credit(decree.required_level)}; in the level "
                    f"{credit(decree.in_level)}, " + (f"missing {credit(missing)}." if missing else "met.")
                )
            else:
                parts.append(
                    f"Kenaikan jenjang ke {labels['id']} memerlukan angka kredit {credit(decree.required_level)}; "
                    f"dalam jenjang ini {credit(decree.in_level)}, "
                    + (f"kurang {credit(missing)}." if missing else "telah terpenuhi.")
                )
    return " ".join(parts)


def open_pak(*, actor, employee: Employee, through: dt.date | None = None) -> CreditDecree:
    """BKD opens the PAK of one functional official: every credit entry not yet in a PAK (up to `through`)."""
    _require_manager(actor, employee)
    with transaction.atomic():
        decree, why = _open_one(actor, employee, through)
        if decree is None:
            raise LoketError(why)
    return decree


@dataclass(frozen=True)
class PakRun:
    opened: int
    skipped: list[tuple[str, str]]  # (NIP, why) of functional officials with credit left to establish


PAK_CHUNK = 200  # officials per transaction of the yearly run


def open_paks(*, actor, year: int) -> PakRun:
    """After a year's ratings, BKD opens the PAK of every functional official of the agencies it manages whose
    credit up to the end of `year` is not yet established. Idempotent: an official with a PAK in process, or with
    nothing left to establish, gets none.

    Set-based per `PAK_CHUNK` officials, each chunk one transaction: their posts locked and read in one statement
    (as `open_pak` locks the post held, and `credit_from_rating` the posts), their open PAKs, signed and pending
    entries in three more, the decrees computed as `open_pak` computes them (`_new_decree`), written in bulk, their
    cases opened in bulk (`engine.open_cases`, as `open_case(..., notify=False)` would), one audit event per PAK. A
    chunk the bulk path cannot write (a PAK opened meanwhile) is opened one official at a time."""
    agencies = permissions.agencies_for(actor, "hr.manage")
    if not agencies.exists():
        raise PermissionDenied(tr("Anda tidak berwenang membuka PAK.", "You may not open credit-point decrees."))
    through = dt.date(year, 12, 31)
    employees = list(
        Employee.objects.filter(
            agency__in=agencies,
            left_on__isnull=True,
            pk__in=_pending(Employee.objects.filter(agency__in=agencies).values("pk"), through).values("employee_id"),
        )
        .filter(pk__in=FunctionalPosition.objects.filter(last__isnull=True).values("employee_id"))
        .exclude(credit_decrees__status__in=CreditDecree.OPEN)
        .select_related("agency__region__parent", "region__parent", "user", "unit")
        .order_by("name", "pk")
        .distinct()
    )
    opened, skipped, pools = 0, [], {}
    for start in range(0, len(employees), PAK_CHUNK):
        chunk = employees[start : start + PAK_CHUNK]
        try:
            with transaction.atomic():
                count, refused = _open_chunk(actor, chunk, through, pools)
        except IntegrityError:  # a PAK opened meanwhile: this chunk one official at a time
            count, refused = 0, []
            for employee in chunk:
                with transaction.atomic():
                    decree, why = _open_one(actor, employee, through)
                if decree is None:
                    refused.append((employee.nip, why))
                else:
                    count += 1
        opened += count
        skipped += refused
    audit.record(
        "hr.pak_run",
        actor=actor,
        object_type="hr.creditdecree",
        object_id=str(year),
        data={"year": year, "opened": opened, "skipped": len(skipped)},
    )
    return PakRun(opened, skipped)


def _open_chunk(actor, chunk: list[Employee], through: dt.date, pools: dict) -> tuple[int, list[tuple[str, str]]]:
    """Open the PAKs of `chunk` in the caller's transaction: (opened, [(NIP, why not)]), in `chunk`'s order."""
    from loket.applications import services as engine
    from loket.core.models import AuditEvent
    from loket.hr import cases, queries
    from loket.hr.functional import cases as pak_cases
    from loket.hr.models import Headship

    ids = [employee.pk for employee in chunk]

    def grouped(rows) -> dict[int, list]:
        found: dict[int, list] = {}
        for row in rows:
            found.setdefault(row.employee_id, []).append(row)
        return found

    positions = grouped(FunctionalPosition.objects.select_for_update().filter(employee_id__in=ids).order_by("pk"))
    busy = set(
        CreditDecree.objects.filter(employee_id__in=ids, status__in=CreditDecree.OPEN).values_list(
            "employee_id", flat=True
        )
    )
    signed = grouped(
        CreditEntry.objects.filter(employee_id__in=ids, decree__status=S.SIGNED).select_related("position")
    )
    pending = grouped(_pending(ids, through).select_related("position"))
    promoted = rank_promotions(ids)
    heads = dict(
        Headship.objects.filter(unit__isnull=True, agency_id__in={e.agency_id for e in chunk}).values_list(
            "agency_id", "employee_id"
        )
    )
    refused: list[tuple[str, str]] = []
    fresh: list[tuple[Employee, CreditDecree, list]] = []
    for employee in chunk:
        held = next((post for post in positions.get(employee.pk, []) if post.last is None), None)
        entries = sorted(pending.get(employee.pk, []), key=lambda entry: entry.first)
        why = _pak_refusal(employee)
        if not why and held is None:
            why = tr("Pegawai tidak sedang menduduki jabatan fungsional.", "No functional post held.")
        elif not why and employee.pk in busy:
            why = tr("PAK pegawai ini sudah dibuka dan sedang diproses.", "A PAK of this employee is in process.")
        elif not why and not entries:
            why = tr("Tidak ada angka kredit yang belum ditetapkan.", "There is no credit that is not established yet.")
        if why:
            refused.append((employee.nip, why))
            continue
        official_id = heads.get(employee.agency_id)
        official_id = official_id if official_id != employee.pk else None
        ordered_signed = sorted(signed.get(employee.pk, []), key=lambda entry: entry.first)
        decree = _new_decree(
            actor,
            employee,
            held,
            positions[employee.pk],
            ordered_signed,
            entries,
            official_id,
            promoted.get(employee.pk, []),
        )
        fresh.append((employee, decree, entries))
    if not fresh:
        return 0, refused
    CreditDecree.objects.bulk_create([decree for _, decree, _ in fresh])  # one open PAK per employee: constraint
    by_service: dict[int, list] = {}
    for employee, decree, entries in fresh:
        service = cases.service_for(CaseService.Kind.PAK, employee.region)
        employee.user._loket_employee = employee
        if employee.agency_id not in pools:
            pools[employee.agency_id] = queries.HrOfficePool(employee.agency)
        queries.remember_hr_office(employee, pools[employee.agency_id].take(employee.user_id))
        by_service.setdefault(service.pk, []).append((service, employee, decree, entries))
    opened, linked, events = 0, [], []
    for group in by_service.values():
        results = engine.open_cases(
            service=group[0][0],
            cases=[
                (employee.user, pak_case_data(decree, employee), pak_cases.case_key(decree))
                for _, employee, decree, _ in group
            ],
            channel=pak_cases.CHANNEL,
        )
        for (_, employee, decree, entries), result in zip(group, results, strict=True):
            if isinstance(result, Exception):
                decree.delete()  # nothing links to it yet: the official stays listed with the reason
                refused.append((employee.nip, getattr(result, "message", str(result))))
                continue
            decree.case = result
            for entry in entries:
                entry.decree = decree
                linked.append(entry)
            events.append(
                audit.build("hr.pak_opened", obj=decree, actor=actor, data=_opened_data(decree, employee, entries))
            )
            opened += 1
    CreditDecree.objects.bulk_update([decree for _, decree, _ in fresh if decree.case_id], ["case"], batch_size=500)
    CreditEntry.objects.bulk_update(linked, ["decree"], batch_size=1000)
    AuditEvent.objects.bulk_create(events)
    order = {employee.nip: index for index, employee in enumerate(chunk)}
    return opened, sorted(refused, key=lambda item: order[item[0]])


def _hr_pak(actor, pak_id: int) -> CreditDecree:
    decree = CreditDecree.objects.select_for_update().select_related("employee").filter(pk=pak_id).first()
    if decree is None or not permissions.can(actor, "hr.manage", decree.employee.agency_id):
        raise NotFound(tr("PAK tidak ditemukan.", "Credit-point decree not found."))
    return decree


def _require_status(decree: CreditDecree, *statuses) -> None:
    if decree.status not in statuses:
        raise LoketError(
            tr(
                f"PAK ini berstatus {decree.get_status_display().lower()}; tindakan ini tidak dapat dilakukan.",
                f"This PAK is {CreditDecree.EN_CHOICES['status'][decree.status].lower()}; the action is not possible.",
            )
        )


def verify_pak(*, actor, pak_id: int, note: str = "") -> CreditDecree:
    """BKD has checked the credit entries against the ratings: the PAK goes to the official's signature."""
    from loket.workflow import services as workflow

    with transaction.atomic():
        decree = _hr_pak(actor, pak_id)
        _require_status(decree, S.VERIFICATION)
        decree.status = S.SIGNATURE
        decree.save(update_fields=["status"])
        workflow.decide_for_kind(
            decree.case_id, actor=actor, action="approve", note=(note or "Diverifikasi BKD.")[:300]
        )
        audit.record("hr.pak_verified", obj=decree, actor=actor, data={"note": note[:300]})
        official = decree.official
        if official is not None and official.user_id:
            notify.queue(
                key=f"pak:{decree.pk}:to_sign",
                user=official.user,
                template="pak_to_sign",
                context={"employee": decree.employee.full_name, "url": "/pegawai/angka-kredit/tandatangani/"},
            )
    return decree


def cancel_pak(*, actor, pak_id: int, note: str) -> CreditDecree:
    """BKD stops a PAK (an entry is wrong): its entries are released for a later PAK; the reason is shown."""
    from loket.hr import decrees

    note = decrees.cancellation_note(note)
    with transaction.atomic():
        decree = _hr_pak(actor, pak_id)
        _require_status(decree, *CreditDecree.OPEN)
        CreditEntry.objects.filter(decree=decree).update(decree=None)
        decrees.end_with_reason(decree, actor=actor, note=note, event="hr.pak_cancelled", status=S.CANCELLED)
    return decree


def _may_sign_pak(decree: CreditDecree | None, me: Employee, persons) -> None:
    from loket.hr import decrees

    if decree is None:
        raise NotFound(tr("PAK tidak ditemukan.", "Credit-point decree not found."))
    decrees.refuse_unless_official(
        decree, me, persons, refusal=tr("Anda tidak berwenang menandatangani PAK ini.", "You may not sign this decree.")
    )
    _require_status(decree, S.SIGNATURE)


def sign_pak(*, actor, pak_id: int, otp: str = "", today: dt.date | None = None) -> CreditDecree:
    """The authorized official (or their stand-in today) signs the PAK with their own TOTP code (hr.decrees): the
    decree is issued and PAdES-signed, the case completes, and its credit is established."""
    from loket.hr import decrees

    return decrees.official_signs(
        actor=actor,
        otp=otp,
        purpose="hr.pak.sign",
        load=lambda lock: (
            (CreditDecree.objects.select_for_update() if lock else CreditDecree.objects.select_related("official"))
            .filter(pk=pak_id)
            .first()
        ),
        check=_may_sign_pak,
        sign=lambda decree, me: apply_pak_signature(
            decree=decree, signer=me, actor=actor, otp=otp, verify_second_factor=False
        ),
        refusal=tr("Anda tidak berwenang menandatangani PAK ini.", "You may not sign this decree."),
        today=today,
    )


def apply_pak_signature(*, decree: CreditDecree, signer: Employee, actor, otp: str = "", verify_second_factor=True):
    """Sign a locked PAK awaiting signature as `signer` (callers check who may sign; the demo signs its seeded
    decrees without a code)."""

    from loket.hr import decrees

    employee = Employee.objects.select_related("agency__region", "unit", "user").get(pk=decree.employee_id)
    if employee.user is None:
        raise LoketError(tr("Pegawai belum memiliki akun.", "The employee has no account."))
    now = timezone.now()

    def record(document) -> None:
        decree.status, decree.signed_at, decree.signed_by = S.SIGNED, now, signer
        decree.number, decree.document_id = document.number[:60], document.code
        decree.save(update_fields=["status", "signed_at", "signed_by", "number", "document_id"])

    document = decrees.issue(
        subject=pak_subject(decree, employee),
        signer=signer,
        principal=decree.official or signer,
        actor=actor,
        otp=otp,
        now=now,
        verify_second_factor=verify_second_factor,
        record=record,
        case_id=decree.case_id,
    )
    audit.record(
        "hr.pak_signed",
        obj=decree,
        actor=actor,
        data={"nip": employee.nip, "total": str(decree.total), "number": decree.number, "document": document.code},
    )
    notify.queue(
        key=f"pak:{decree.pk}:signed",
        user=employee.user,
        template="pak_signed",
        context={"total": rules.format_credit(decree.total), "number": decree.number, "url": "/pegawai/angka-kredit/"},
    )
    return decree


def pak_subject(decree: CreditDecree, employee: Employee):
    """The credit-point decree (penetapan angka kredit) as a loket.documents subject: labels, not keys."""
    from loket.documents.services import Subject

    unit = ", ".join(x for x in [employee.unit.name if employee.unit_id else "", employee.agency.name] if x)
    lines = []
    for index, entry in enumerate(CreditEntry.objects.filter(decree=decree).order_by("first"), start=1):
        lines.append(
            f"{index}. {long_date(entry.first)} s.d. {long_date(entry.last)}: jenjang "
            f"{rules.LEVEL_LABELS.get(entry.level, {'id': entry.level})['id']}, predikat kinerja "
            f"{rules.RATING_LABELS.get(entry.rating, {'id': entry.rating})['id']}, {entry.months} bulan, angka kredit "
            f"{rules.format_credit(entry.credit)}"
        )
    body = "\n".join(
        [
            "Mengingat:",
            "1. Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil sebagaimana telah "
            "diubah;",
            "2. Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 1 Tahun 2023 tentang "
            "Jabatan Fungsional;",
            "3. Peraturan Badan Kepegawaian Negara Nomor 3 Tahun 2023;",
            "",
            "MENETAPKAN",
            "",
            "Angka kredit pegawai negeri sipil:",
            f"Nama: {employee.full_name}\nNIP: {employee.nip}\nPangkat/golongan ruang: {_grade_name(decree.grade)}\n"
            f"Jabatan: {rules.position_title(decree.position.name, decree.level)}\nUnit kerja: {unit}",
            "",
            f"Masa penilaian: {long_date(decree.first)} s.d. {long_date(decree.last)}",
            "Angka kredit yang diperoleh dari konversi predikat kinerja:",
            "\n".join(lines),
            "",
            f"Angka kredit yang telah ditetapkan sebelumnya: {rules.format_credit(decree.established_before)}\n"
            f"Angka kredit masa penilaian ini: {rules.format_credit(decree.period_credit)}\n"
            f"Jumlah angka kredit kumulatif: {rules.format_credit(decree.total)}",
            *carried_lines(decree, employee),
            "",
            next_step_text(decree),
        ]
    )
    return Subject(
        type="hr.pak",
        ref=str(decree.pk),
        label=f"PAK {long_date(decree.first)} s.d. {long_date(decree.last)}",
        agency=employee.agency,
        holder=employee.user,
        holder_name=employee.full_name,
        title="Penetapan Angka Kredit Jabatan Fungsional",
        body=body,
        classification=PAK_CLASSIFICATION,
        kind="lainnya",
        case=decree.case if decree.case_id else None,
    )


def carried_lines(decree: CreditDecree, employee: Employee) -> list[str]:
    """The PAK's lines on credit carried over, each with its basis: what the level promotion into the post carried
    into the level (the post's opening amount, `promote_level`) and what the last rank promotion in the level carried
    into the rank (`rules.rank_credit`)."""
    lines = []
    position = decree.position
    if position.reason == FunctionalPosition.Reason.LEVEL:
        rule = rules.carry_rule(rules.LEVEL)
        confirm = "" if rule.confirmed else " (perlu dikonfirmasi)"
        verdict = "kelebihan angka kredit dibawa" if rule.carries else "kelebihan angka kredit tidak dibawa"
        lines.append(
            f"Angka kredit bawaan kenaikan jenjang (TMT {long_date(position.first)}): "
            f"{rules.format_credit(position.opening_credit)}; {verdict}. Dasar: {rule.article}{confirm}."
        )
    standing = standing_of(employee, established=True, decree=decree)
    if standing.carry is not None:
        lines.append(standing.carry.basis())
    return ["", *lines] if lines else []


def _grade_name(grade: str) -> str:
    from loket.hr.grades import RANK_NAMES

    return f"{RANK_NAMES[grade]}, {display_grade(grade)}" if grade in RANK_NAMES else grade


# --- reads ----------------------------------------------------------------------------------------------------------


def paks_of(employee: Employee):
    return CreditDecree.objects.filter(employee=employee).select_related("case").order_by("-created_at")


def paks_to_sign_for(signer: Employee, day: dt.date | None = None):
    persons = permissions.acting_persons(signer.user, day) if signer.user_id else frozenset()
    return (
        CreditDecree.objects.filter(Q(official=signer) | Q(official__user_id__in=sorted(persons)), status=S.SIGNATURE)
        .exclude(employee=signer)
        .select_related("employee", "official", "position")
    )


def pak_register(agencies):
    return CreditDecree.objects.filter(employee__agency__in=agencies).select_related("employee", "case", "position")


def pak_for_hr(user, pak_id: int) -> CreditDecree | None:
    from loket.hr import queries

    decree = CreditDecree.objects.select_related("employee__agency", "official", "position", "case").filter(pk=pak_id)
    decree = decree.first()
    return decree if decree is not None and queries.reads_as_hr(user, decree.employee) else None


def pak_decision_page(application) -> str | None:
    """workflow.decisions resolver: a PAK case is decided on e-Fungsional's pages."""
    from django.urls import reverse

    from loket.hr.functional import cases as pak_cases

    if not pak_cases.is_pak_case(application):
        return None
    found = CreditDecree.objects.filter(case_id=application.pk).values_list("pk", "status").first()
    if found is None:
        return None
    if found[1] == S.SIGNATURE:
        return reverse("hr:pak_sign_list")
    return reverse("hr:pak_hr_detail", kwargs={"pak_id": found[0]})


def pak_withdrawal_refusal(application) -> str | None:
    from loket.hr.functional import cases as pak_cases

    if not pak_cases.is_pak_case(application):
        return None
    return tr(
        "Penetapan angka kredit diproses oleh BKD dan tidak dapat dicabut. Bila ada data yang keliru, hubungi BKD.",
        "A credit-point decree is processed by the HR office and cannot be withdrawn. If a record is wrong, contact BKD.",
    )
