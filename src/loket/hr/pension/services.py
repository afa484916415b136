"""e-Pensiun: the pension file of an employee, from its opening to the day the employee leaves the active registry.

- Proactive: the daily job (`open_due`) opens the file of every active PNS whose retirement date (TMT pensiun,
  `rules.pension_start` over the BUP of their post) is within `months_ahead()` months (setting
  LOKET_PENSION_FILE_MONTHS_AHEAD, 15 by default: 12 or 15 is not confirmed), prefilled from the registry: service
  history (rank and position history), last rank and base salary, pensionable service. It tells the employee and the
  HR office. One live file per employee (a partial unique constraint): a rerun opens nothing twice.
- On request (early retirement, `request_early`, with the cited age and service conditions), on death (the
  widow's/widower's pension, opened by BKD: `open_on_death`, the employee leaves the registry on the day of death) and
  on incapacity (`open_on_incapacity`, opened by BKD).
- The employee checks the data and adds the family (spouse, children with birth dates) and the bank account the
  pension is paid into (`add_family_member`, `confirm`); confirming opens the engine case (hr.pension.cases).
- BKD verifies: the case waits for BKN's technical approval with its clock stopped (`verify`), BKD records its number
  and date (`record_bkn_approval`), the official signs the decree with their own TOTP code (`sign`, PAdES through
  loket.documents, as e-Pangkat's decree).
- On the pension date the daily job (`leave_due`) marks the employee as left (`mark_left`): their open leave, KGB,
  promotion and PAK cases end through the engine and `hr.signals.employee_left` is sent.

`PensionFile.status` is hr's record of the case and is written only here.
"""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from loket.applications import access
from loket.applications import services as engine
from loket.applications.models import CaseAccess
from loket.core import audit
from loket.core.dates import long_date
from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.i18n import tr
from loket.hr import cases, decrees, queries
from loket.hr import services as hr_services
from loket.hr.grades import display_grade
from loket.hr.kgb.rules import add_months
from loket.hr.models import (
    CaseService,
    CreditDecree,
    CreditEntry,
    Employee,
    FunctionalPosition,
    GradeHistory,
    Headship,
    KgbDecision,
    LeaveRequest,
    PensionFamilyMember,
    PensionFile,
    PositionHistory,
    Promotion,
)
from loket.hr.pension import cases as pension_cases
from loket.hr.pension import rules
from loket.hr.signals import employee_left
from loket.notify import services as notify
from loket.notify.models import Notification
from loket.org import permissions
from loket.org.models import Region
from loket.workflow import rules as workflow_rules
from loket.workflow import services as workflow

log = logging.getLogger(__name__)
S = PensionFile.Status
K = PensionFile.Kind
NO_OFFICIAL = (
    "Pejabat yang berwenang (kepala perangkat daerah) belum ditetapkan; perlu ditetapkan sebelum penandatanganan."
)
NO_FAMILY_IN_REGISTRY = "Data keluarga tidak tercatat di data kepegawaian; dilengkapi pegawai."
ACTIVE_STATUSES = (Employee.Status.PNS, Employee.Status.CPNS)


def months_ahead() -> int:
    """How many months before the pension date the file opens (domain notes §6: 12 or 15, not confirmed)."""
    return int(getattr(settings, "LOKET_PENSION_FILE_MONTHS_AHEAD", rules.PENSION_FILE_MONTHS_AHEAD))


def early_months_ahead() -> int:
    """How many months ahead an early retirement may be asked for (settings.LOKET_PENSION_EARLY_MONTHS_AHEAD)."""
    return int(getattr(settings, "LOKET_PENSION_EARLY_MONTHS_AHEAD", 12))


def early_conditions() -> dict:
    """The early-retirement conditions with the region's overrides (settings.LOKET_PENSION_EARLY)."""
    chosen = {"min_age": rules.EARLY_MIN_AGE, "min_service_years": rules.EARLY_MIN_SERVICE_YEARS}
    chosen.update(getattr(settings, "LOKET_PENSION_EARLY", None) or {})
    return chosen


def statute_ages() -> dict:
    """PP 11/2017 art. 240's statute-set ages (teachers 60, lecturers 65, professors 70: to confirm) with the region's
    overrides (settings.LOKET_PENSION_STATUTE_AGES, e.g. {"guru": 60})."""
    return {**rules.STATUTE_BUP, **(getattr(settings, "LOKET_PENSION_STATUTE_AGES", None) or {})}


def banks() -> dict:
    """The banks paying pensions and their account-number lengths (to confirm with each bank), with the region's
    overrides (settings.LOKET_PENSION_BANKS, e.g. {"bjb": ["Bank BJB", [13]]})."""
    found = dict(rules.BANKS)
    for code, (name, lengths) in (getattr(settings, "LOKET_PENSION_BANKS", None) or {}).items():
        found[code] = (name, tuple(lengths))
    return found


def rupiah(amount: int | None) -> str:
    return f"Rp{amount:,}".replace(",", ".") if amount is not None else "-"


def active(employees):
    """The employees of `employees` still in the active registry."""
    return employees.filter(left_on__isnull=True)


# --- the retirement date of an employee -----------------------------------------------------------------


def current_levels(employee_ids) -> dict[int, tuple[str, str]]:
    """employee -> (functional post name, level) of the post held now."""
    return {
        employee_id: (name, level)
        for employee_id, name, level in FunctionalPosition.objects.filter(
            employee_id__in=employee_ids, last__isnull=True
        ).values_list("employee_id", "name", "level")
    }


def retirement_of(employee: Employee, post: tuple[str, str] | None) -> tuple[int, dt.date]:
    """(BUP, TMT pensiun) of `employee` from their post; raises rules.UnknownPosition when the post does not say."""
    name, level = post if post else (employee.position_name, None)
    statute = rules.statute_post_of(name, level) if employee.position_type == rules.FUNGSIONAL else None
    ages = statute_ages()
    age = ages[statute] if statute in ages else rules.bup_age(employee.position_type, level, statute_post=statute)
    return age, rules.pension_start(employee.birth_date, age)


# --- the file's data from the registry --------------------------------------------------------------------


def _histories(employee_ids) -> dict[int, list[dict]]:
    found: dict[int, list[tuple]] = {}
    for employee_id, grade, tmt, decree in GradeHistory.objects.filter(employee_id__in=employee_ids).values_list(
        "employee_id", "grade", "tmt", "decree"
    ):
        text = f"Pangkat {display_grade(grade)}" + (f" (SK {decree})" if decree else "")
        found.setdefault(employee_id, []).append((tmt, text))
    for employee_id, name, unit, tmt in PositionHistory.objects.filter(employee_id__in=employee_ids).values_list(
        "employee_id", "position_name", "unit_name", "tmt"
    ):
        found.setdefault(employee_id, []).append((tmt, f"Jabatan {name}" + (f", {unit}" if unit else "")))
    return {
        employee_id: [{"tmt": tmt.isoformat(), "text": text} for tmt, text in sorted(rows, key=lambda r: r[0])]
        for employee_id, rows in found.items()
    }


def _new_file(employee: Employee, *, kind, pension_date, bup=None, event_date=None, history=None, opened_by=None):
    years, months = rules.service_on(employee.service_start, pension_date)
    return PensionFile(
        employee=employee,
        kind=kind,
        status=S.CONFIRMATION,
        pension_date=pension_date,
        event_date=event_date,
        bup_age=bup,
        service_years=years,
        service_months=months,
        last_grade=employee.grade,
        last_salary=employee.base_salary,
        history=history or [],
        note=NO_FAMILY_IN_REGISTRY,
        opened_by=opened_by,
    )


# --- proactive: the daily job -------------------------------------------------------------------------------


def open_due(*, today: dt.date | None = None, agencies=None) -> int:
    """Open the age-limit pension file of every active PNS/CPNS whose pension date falls within `months_ahead()`
    months of `today` and who has no live file. Returns how many were opened. Idempotent."""
    today = today or timezone.localdate()
    ahead = months_ahead()
    # Nobody reaches the lowest BUP before this birth date's month ends: read only the oldest.
    youngest = min([*rules.FUNCTIONAL_BUP.values(), rules.ADMINISTRATIVE_BUP, rules.JPT_BUP])
    latest_birth = add_months(today, ahead + 1 - 12 * youngest)
    employees = active(Employee.objects.filter(status__in=ACTIVE_STATUSES, birth_date__lte=latest_birth))
    if agencies is not None:
        employees = employees.filter(agency__in=agencies)
    employees = employees.exclude(pk__in=PensionFile.objects.exclude(status=S.CANCELLED).values("employee_id"))
    employees = list(
        employees.only(
            "pk",
            "birth_date",
            "position_type",
            "position_name",
            "service_start",
            "grade",
            "base_salary",
            "agency_id",
            "user_id",
        )
    )
    posts = current_levels([e.pk for e in employees])
    due, unknown = [], 0
    for employee in employees:
        try:
            bup, pension_date = retirement_of(employee, posts.get(employee.pk))
        except rules.UnknownPosition:
            unknown += 1  # BKD decides: the registry's post does not give a retirement age
            continue
        if rules.file_start(pension_date, ahead) <= today and pension_date > today:
            due.append((employee, bup, pension_date))
    if not due:
        return 0
    histories = _histories([employee.pk for employee, _bup, _date in due])
    fresh = [
        _new_file(employee, kind=K.AGE, pension_date=day, bup=bup, history=histories.get(employee.pk))
        for employee, bup, day in due
    ]
    with transaction.atomic():
        PensionFile.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=2000)
        opened = list(
            PensionFile.objects.filter(
                employee_id__in=[f.employee_id for f in fresh], status=S.CONFIRMATION, kind=K.AGE, opened_by=None
            ).values_list("pk", "employee_id", "pension_date", "created_at")
        )
        _notices(opened, due, today)
        audit.record(
            "hr.pension_files_opened",
            object_type="hr.pensionfile",
            object_id="*",
            data={"today": today.isoformat(), "opened": len(opened), "unknown_post": unknown, "months_ahead": ahead},
        )
    return len(opened)


def _notices(opened, due, today: dt.date) -> None:
    """The employee's notice per file, and one per agency for its HR office (not one per file)."""
    from django.contrib.auth import get_user_model

    employees = {employee.pk: employee for employee, _bup, _day in due}
    users = get_user_model().objects.in_bulk([e.user_id for e in employees.values() if e.user_id])
    rows, per_agency = [], {}
    for pk, employee_id, pension_date, _created in opened:
        employee = employees[employee_id]
        per_agency[employee.agency_id] = per_agency.get(employee.agency_id, 0) + 1
        user = users.get(employee.user_id)
        if user is None:
            continue
        rows += notify.build(
            key=f"pension:{pk}:opened",
            user=user,
            template="pension_file_opened",
            context={"effective": pension_date.isoformat(), "kind": K.AGE.label, "url": "/pegawai/pensiun/"},
        )
    from loket.org.models import Agency

    agencies = Agency.objects.in_bulk(list(per_agency))
    for agency_id, count in per_agency.items():
        for user in permissions.holders_of("hr.manage", agencies[agency_id]).order_by("pk")[:3]:
            rows += notify.build(
                key=f"pension:agency:{agency_id}:{today.isoformat()}:{user.pk}",
                user=user,
                template="pension_files_opened_hr",
                context={"count": count, "agency": agencies[agency_id].name, "url": "/kantor/kepegawaian/pensiun/"},
            )
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)


def leave_due(*, today: dt.date | None = None) -> int:
    """On (and after) the pension date of a signed file, the employee leaves the active registry. Idempotent."""
    today = today or timezone.localdate()
    count = 0
    for file_id in PensionFile.objects.filter(
        status=S.SIGNED, pension_date__lte=today, left_recorded_at__isnull=True
    ).values_list("pk", flat=True):
        with transaction.atomic():
            file = PensionFile.objects.select_for_update().select_related("employee").get(pk=file_id)
            if file.left_recorded_at is not None:
                continue
            if file.employee.left_on is None:
                mark_left(file.employee, on=file.pension_date, reason=Employee.LeftReason.PENSION, actor=None)
            file.left_recorded_at = timezone.now()
            file.save(update_fields=["left_recorded_at"])
            count += 1
    return count


# --- leaving the active registry -------------------------------------------------------------------------


def mark_left(employee: Employee, *, on: dt.date, reason: str, actor=None) -> dict:
    """`employee` leaves the active registry on `on` for `reason` (Employee.LeftReason): recorded on the employee,
    their open leave requests, KGB drafts, promotions and credit-point decrees (PAK) end through the engine with the reason, and
    `hr.signals.employee_left` is sent. Runs in the caller's transaction. Returns what was closed."""
    if reason not in Employee.LeftReason.values:
        raise LoketError(tr("Alasan berhenti tidak dikenal.", "Unknown reason for leaving."))
    locked = Employee.objects.select_for_update().get(pk=employee.pk)
    if locked.left_on is not None:
        raise LoketError(
            tr(
                f"Pegawai sudah tercatat berhenti sejak {long_date(locked.left_on)}.",
                f"The employee has left since {long_date(locked.left_on, english=True)}.",
            )
        )
    label = Employee.LeftReason(reason).label.lower()
    note = f"Pegawai berhenti ({label}) sejak {long_date(on)}; permohonan diakhiri."
    Employee.objects.filter(pk=employee.pk).update(left_on=on, left_reason=reason, updated_at=timezone.now())
    employee.left_on, employee.left_reason = on, reason
    closed = {"leave": 0, "kgb": 0, "promotion": 0, "pak": 0}
    for leave in LeaveRequest.objects.select_for_update().filter(employee=employee, status__in=LeaveRequest.OPEN):
        leave.status, leave.decided_at = LeaveRequest.Status.WITHDRAWN, timezone.now()
        leave.save(update_fields=["status", "decided_at"])
        _end_case(leave.case_id, note)
        closed["leave"] += 1
    for decision in KgbDecision.objects.select_for_update().filter(
        employee=employee, status__in=[KgbDecision.Status.REVIEW, KgbDecision.Status.SIGNATURE]
    ):
        decision.status = KgbDecision.Status.CANCELLED
        decision.reasons = list(decision.reasons or []) + [note]
        decision.save(update_fields=["status", "reasons"])
        _end_case(decision.case_id, note)
        closed["kgb"] += 1
    for promotion in Promotion.objects.select_for_update().filter(employee=employee, status__in=Promotion.OPEN):
        promotion.status = Promotion.Status.CANCELLED
        promotion.note = f"{promotion.note} {note}".strip()[:500]
        promotion.save(update_fields=["status", "note"])
        _end_case(promotion.case_id, note)
        closed["promotion"] += 1
    for decree in CreditDecree.objects.select_for_update().filter(employee=employee, status__in=CreditDecree.OPEN):
        decree.status = CreditDecree.Status.CANCELLED
        decree.note = f"{decree.note} {note}".strip()[:500]
        decree.save(update_fields=["status", "note"])
        CreditEntry.objects.filter(decree=decree).update(decree=None)  # released, as cancel_pak does
        _end_case(decree.case_id, note)
        closed["pak"] += 1
    # The posts they held: the work named for them as official goes to whoever holds the post now.
    posts = hr_services.leave_posts(
        employee,
        day=on,
        note=f"{employee.full_name} berhenti ({label}) sejak {long_date(on)}; tugas dialihkan.",
        left_agency_id=employee.agency_id,
    )
    audit.record(
        "hr.employee_left",
        obj=employee,
        actor=actor,
        data={"nip": employee.nip, "on": on.isoformat(), "reason": reason, "closed": closed, "posts": posts},
    )
    employee_left.send(sender=Employee, employee=employee, on=on, reason=reason)
    return closed


def _end_case(case_id: int | None, note: str) -> None:
    if case_id is not None:
        workflow.end_for_kind(case_id, note=note)


# --- opened on request, on death, on incapacity -----------------------------------------------------------


def _live_file_refusal(employee: Employee) -> None:
    if PensionFile.objects.filter(employee=employee).exclude(status=S.CANCELLED).exists():
        raise LoketError(
            tr(
                "Sudah ada berkas pensiun yang berjalan untuk pegawai ini.",
                "A pension file is already in progress for this employee.",
            )
        )


def _create(file: PensionFile, *, actor, action: str, data: dict) -> PensionFile:
    try:
        with transaction.atomic():
            file.save()
    except IntegrityError:
        _live_file_refusal(file.employee)
        raise
    audit.record(action, obj=file, actor=actor, data=data)
    return file


def early_refusals(employee: Employee, on: dt.date) -> list[tuple[str, str]]:
    chosen = early_conditions()
    return rules.early_refusals(
        employee.birth_date,
        employee.service_start,
        on,
        min_age=int(chosen["min_age"]),
        min_service_years=int(chosen["min_service_years"]),
    )


def _early_date_refusal(employee: Employee, on: dt.date, today: dt.date) -> None:
    """An early retirement is before the normal retirement date (TMT pensiun at the BUP) and within
    `early_months_ahead()` months of today."""
    try:
        _bup, normal = retirement_of(employee, current_levels([employee.pk]).get(employee.pk))
    except rules.UnknownPosition:
        normal = None  # the registry's post gives no BUP: BKD checks it when verifying
    if normal is not None and on >= normal:
        raise LoketError(
            tr(
                f"Tanggal yang diminta tidak sebelum tanggal pensiun batas usia Anda ({long_date(normal)}); "
                "pensiun dini harus sebelum tanggal itu, dan berkas pensiun batas usia dibuka otomatis.",
                f"The requested date is not before your retirement date at the age limit "
                f"({long_date(normal, english=True)}); an early retirement must come before it, and the age-limit "
                "pension file opens by itself.",
            ),
            field="on",
        )
    months = early_months_ahead()
    latest = add_months(today, months)
    if on > latest:
        raise LoketError(
            tr(
                f"Pensiun dini dapat diajukan paling lama {months} bulan sebelumnya (paling lambat TMT "
                f"{long_date(latest)}); ajukan kembali mendekati tanggal itu.",
                f"Early retirement may be asked for at most {months} months ahead (a pension date up to "
                f"{long_date(latest, english=True)}); apply again nearer the date.",
            ),
            field="on",
        )


def request_early(*, actor, on: dt.date, today: dt.date | None = None) -> PensionFile:
    """The employee asks to retire early from `on` (the 1st of a coming month) when the cited conditions allow."""
    today = today or timezone.localdate()
    employee = queries.require_employee(actor)
    if employee.left_on is not None or employee.status not in ACTIVE_STATUSES:
        raise PermissionDenied(tr("Hanya PNS aktif dapat mengajukan pensiun dini.", "Only active PNS may apply."))
    if on.day != 1 or on <= today:
        raise LoketError(
            tr(
                "Tanggal pensiun adalah tanggal 1 bulan yang akan datang.",
                "The pension date is the 1st of a coming month.",
            ),
            field="on",
        )
    _early_date_refusal(employee, on, today)
    refusals = early_refusals(employee, on)
    if refusals:
        raise LoketError(" ".join(tr(*reason) for reason in refusals), field="on")
    _live_file_refusal(employee)
    file = _new_file(employee, kind=K.EARLY, pension_date=on, event_date=today, opened_by=actor)
    file.history = _histories([employee.pk]).get(employee.pk, [])
    return _create(file, actor=actor, action="hr.pension_requested", data={"on": on.isoformat()})


def _hr_employee(actor, nip: str) -> Employee:
    employee = Employee.objects.filter(nip=(nip or "").strip()).first()
    if employee is None or not permissions.can(actor, "hr.manage", employee.agency_id):
        raise NotFound(tr("Pegawai tidak ditemukan.", "Employee not found."))
    return employee


def _check_event_date(day: dt.date | None, today: dt.date, field: str) -> dt.date:
    if day is None or day > today:
        raise LoketError(
            tr("Isi tanggal (tidak boleh di masa depan).", "Enter the date (not in the future)."), field=field
        )
    return day


def open_on_death(*, actor, nip: str, death_date: dt.date | None, today: dt.date | None = None) -> PensionFile:
    """BKD opens the widow's/widower's pension file of an employee who died: the employee leaves the active registry
    from the day of death; BKD enters the family and the account, then confirms for them."""
    today = today or timezone.localdate()
    death_date = _check_event_date(death_date, today, "death_date")
    with transaction.atomic():
        employee = _hr_employee(actor, nip)
        _live_file_refusal(employee)
        file = _new_file(
            employee,
            kind=K.DEATH,
            pension_date=rules.death_pension_start(death_date),
            event_date=death_date,
            opened_by=actor,
        )
        file.history = _histories([employee.pk]).get(employee.pk, [])
        file = _create(file, actor=actor, action="hr.pension_death_opened", data={"death": death_date.isoformat()})
        if employee.left_on is None:
            mark_left(employee, on=death_date, reason=Employee.LeftReason.DEATH, actor=actor)
    return file


def open_on_incapacity(*, actor, nip: str, finding_date: dt.date | None, today: dt.date | None = None) -> PensionFile:
    """BKD opens the pension file of an employee the medical team found unfit for duty (PP 11/2017 art. 250(e))."""
    today = today or timezone.localdate()
    finding_date = _check_event_date(finding_date, today, "finding_date")
    with transaction.atomic():
        employee = _hr_employee(actor, nip)
        if employee.left_on is not None:
            raise LoketError(tr("Pegawai sudah berhenti.", "The employee has already left."))
        _live_file_refusal(employee)
        file = _new_file(
            employee,
            kind=K.INCAPACITY,
            pension_date=rules.incapacity_pension_start(finding_date),
            event_date=finding_date,
            opened_by=actor,
        )
        file.history = _histories([employee.pk]).get(employee.pk, [])
        return _create(
            file, actor=actor, action="hr.pension_incapacity_opened", data={"finding": finding_date.isoformat()}
        )


# --- the employee confirms ------------------------------------------------------------------------------


def _editable_file(actor, file_id: int) -> PensionFile:
    """The file in confirmation, locked, if `actor` may complete it: the employee (their own file, not a death's) or
    BKD with hr.manage over the employee's agency."""
    file = PensionFile.objects.select_for_update().select_related("employee").filter(pk=file_id).first()
    if file is None:
        raise NotFound(tr("Berkas pensiun tidak ditemukan.", "Pension file not found."))
    me = queries.employee_of(actor)
    own = me is not None and me.pk == file.employee_id and file.kind != K.DEATH
    if not own and not permissions.can(actor, "hr.manage", file.employee.agency_id):
        raise NotFound(tr("Berkas pensiun tidak ditemukan.", "Pension file not found."))
    if file.status != S.CONFIRMATION:
        raise LoketError(
            tr(
                "Berkas pensiun sudah dikonfirmasi; perubahan data disampaikan kepada BKD.",
                "The pension file is confirmed; send changes to the HR office.",
            )
        )
    return file


def add_family_member(
    *, actor, file_id: int, relation: str, name: str, birth_date: dt.date | None, today: dt.date | None = None
) -> PensionFamilyMember:
    today = today or timezone.localdate()
    name = (name or "").strip()
    if relation not in PensionFamilyMember.Relation.values:
        raise LoketError(tr("Pilih hubungan keluarga.", "Choose the relation."), field="relation")
    if not name:
        raise LoketError(tr("Isi nama anggota keluarga.", "Enter the family member's name."), field="name")
    if birth_date is None or birth_date > today:
        raise LoketError(
            tr("Isi tanggal lahir (tidak boleh di masa depan).", "Enter the birth date (not in the future)."),
            field="birth_date",
        )
    with transaction.atomic():
        file = _editable_file(actor, file_id)
        member = PensionFamilyMember.objects.create(
            file=file, relation=relation, name=name[:200], birth_date=birth_date, added_by=actor
        )
        file.entered_by.add(actor)
        audit.record("hr.pension_family_added", obj=file, actor=actor, data={"relation": relation})
    return member


def remove_family_member(*, actor, file_id: int, member_id: int) -> None:
    with transaction.atomic():
        file = _editable_file(actor, file_id)
        deleted, _ = PensionFamilyMember.objects.filter(pk=member_id, file=file).delete()
        if not deleted:
            raise NotFound(tr("Anggota keluarga tidak ditemukan.", "Family member not found."))
        file.entered_by.add(actor)
        audit.record("hr.pension_family_removed", obj=file, actor=actor, data={})


def save_account(*, actor, file_id: int, bank: str, number: str, holder: str) -> PensionFile:
    """The bank account the pension is paid into, checked (rules.account_refusal); its number is personal data."""
    refusal = rules.account_refusal(bank, number or "", holder or "", banks())
    if refusal:
        raise LoketError(tr(*refusal), field="bank_account")
    with transaction.atomic():
        file = _editable_file(actor, file_id)
        file.bank, file.bank_account = bank, rules.normalized_account(number)
        file.account_holder = holder.strip()[:200]
        file.save(update_fields=["bank", "bank_account", "account_holder"])
        file.entered_by.add(actor)
        audit.record("hr.pension_account_saved", obj=file, actor=actor, data={"bank": bank})
    return file


def confirmation_gaps(file: PensionFile) -> list[tuple[str, str]]:
    """What is missing before the file can be confirmed."""
    gaps = []
    if not file.bank_account:
        gaps.append(("Rekening bank pembayaran pensiun belum diisi.", "The bank account for the pension is missing."))
    if file.kind == K.DEATH and not file.family.filter(relation=PensionFamilyMember.Relation.SPOUSE).exists():
        if not file.family.exists():
            gaps.append(
                ("Pensiun janda/duda memerlukan data ahli waris.", "A survivor's pension needs the beneficiaries.")
            )
    return gaps


def family_text(file: PensionFile) -> str:
    members = list(file.family.all())
    if not members:
        return "Tidak ada istri/suami atau anak yang didaftarkan."
    return "; ".join(
        f"{PensionFamilyMember.Relation(m.relation).label}: {m.name}, lahir {long_date(m.birth_date)}" for m in members
    )


def case_data(file: PensionFile, verification: str = "") -> dict:
    data = {
        "nip": file.employee.nip,
        "jenis": K(file.kind).label,
        "tmt": file.pension_date.isoformat(),
        "golongan": display_grade(file.last_grade) if file.last_grade else "",
        "gaji_terakhir": file.last_salary,
        "masa_kerja": f"{file.service_years} tahun {file.service_months} bulan",
        "keluarga": family_text(file),
        "verifikasi": verification,
    }
    return {key: value for key, value in data.items() if value not in (None, "")}


def confirm(*, actor, file_id: int) -> PensionFile:
    """The employee (or BKD, for a death) confirms the file: the engine case opens and BKD verifies it."""
    with transaction.atomic():
        file = _editable_file(actor, file_id)
        gaps = confirmation_gaps(file)
        if gaps:
            raise LoketError(" ".join(tr(*gap) for gap in gaps))
        employee = Employee.objects.select_related("user", "agency__region", "region__parent").get(pk=file.employee_id)
        official_id = (
            Headship.objects.filter(agency_id=employee.agency_id, unit__isnull=True)
            .values_list("employee_id", flat=True)
            .first()
        )
        notes = [] if official_id and official_id != employee.pk else [NO_OFFICIAL]
        file.official_id = official_id if official_id != employee.pk else None
        file.status, file.confirmed_at, file.confirmed_by = S.VERIFICATION, timezone.now(), actor
        file.note = " ".join(notes)[:500]
        file.save(update_fields=["official", "status", "confirmed_at", "confirmed_by", "note"])
        file.entered_by.add(actor)
        service = cases.service_for(CaseService.Kind.PENSION, employee.region)
        if service is not None and employee.user_id is not None:
            employee.user._loket_employee = employee
            file.case = engine.open_case(
                actor=None,
                applicant=employee.user,
                service=service,
                data=case_data(file, " ".join(notes)),
                idempotency_key=pension_cases.case_key(file),
                channel=pension_cases.CHANNEL,
            )
            file.save(update_fields=["case"])
        audit.record("hr.pension_confirmed", obj=file, actor=actor, data={"case": file.case_id})
    return file


# --- BKD's verification and BKN's technical approval --------------------------------------------------------


def own_file(actor, file: PensionFile) -> bool:
    """Whether `file` is `actor`'s own pension (a BKD officer retiring): theirs to read and complete, never theirs to
    verify, record BKN's approval for or cancel (ADR 0013: nobody acts on their own case)."""
    return actor is not None and actor.pk is not None and actor.pk == file.employee.user_id


def _hr_file(actor, file_id: int) -> PensionFile:
    """The file, locked, for BKD's decision on it: BKD with hr.manage over the employee's agency, never on its own
    pension (the engine refuses it too, once the file has a case; this holds for a file without one)."""
    file = PensionFile.objects.select_for_update().select_related("employee").filter(pk=file_id).first()
    if file is None or not permissions.can(actor, "hr.manage", file.employee.agency_id):
        raise NotFound(tr("Berkas pensiun tidak ditemukan.", "Pension file not found."))
    if own_file(actor, file):
        raise PermissionDenied(tr(*workflow.SEPARATION_MESSAGES[workflow_rules.OWN_CASE]))
    return file


def _require(file: PensionFile, *statuses) -> None:
    if file.status not in statuses:
        raise LoketError(
            tr(
                f"Berkas pensiun ini berstatus {S(file.status).label.lower()}; tindakan ini tidak dapat dilakukan.",
                f"This pension file is {PensionFile.EN_CHOICES['status'][file.status].lower()}; "
                "the action is not possible.",
            )
        )


def entered_by_ids(file: PensionFile) -> set[int]:
    """The accounts that entered, changed or confirmed the file's family and bank account."""
    found = set(file.entered_by.values_list("pk", flat=True))
    found.update(file.family.values_list("added_by_id", flat=True))
    found.add(file.confirmed_by_id)
    return found - {None}


def entered_by_names(file: PensionFile) -> list[str]:
    """Who entered, changed or confirmed the file's family and account (shown to BKD beside the verification)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(pk__in=entered_by_ids(file)).order_by("pk")
    return [user.get_full_name() or user.username for user in users]


def verification_refusal(actor, file: PensionFile) -> tuple[str, str] | None:
    """Why `actor` may not verify `file` under the four-eyes rule (rules.four_eyes_refusal), or None."""
    return rules.four_eyes_refusal(actor.pk, entered_by_ids(file))


def verify(*, actor, file_id: int) -> PensionFile:
    """BKD has checked the file: it is sent to BKN and the case waits for the technical approval (clock stopped).
    The officer who entered or confirmed the survivor's data (family, account) is not the one who verifies it."""
    with transaction.atomic():
        file = _hr_file(actor, file_id)
        _require(file, S.VERIFICATION)
        refusal = verification_refusal(actor, file)
        if refusal:
            raise PermissionDenied(tr(*refusal))
        file.status, file.bkn_sent_at = S.BKN, timezone.now()
        file.save(update_fields=["status", "bkn_sent_at"])
        if file.case_id:  # any BKD officer of the agency decides here (the rule above), the engine keeps ADR 13
            workflow.wait_for_kind(
                file.case_id,
                actor=actor,
                note="Diverifikasi BKD; menunggu pertimbangan teknis BKN (Peraturan BKN 2/2018).",
            )
        audit.record("hr.pension_verified", obj=file, actor=actor, data={})
    return file


def record_bkn_approval(*, actor, file_id: int, number: str, day: dt.date | None, today=None) -> PensionFile:
    """BKD records BKN's technical approval (number and date): the case goes on to the official's signature."""
    today = today or timezone.localdate()
    number, day = decrees.bkn_approval(number, day, today)
    with transaction.atomic():
        file = _hr_file(actor, file_id)
        _require(file, S.BKN)
        file.bkn_number, file.bkn_date, file.status = number[:100], day, S.SIGNATURE
        file.save(update_fields=["bkn_number", "bkn_date", "status"])
        note = f"Pertimbangan teknis BKN nomor {file.bkn_number} tanggal {long_date(day)}."
        if file.case_id:
            workflow.resume_for_kind(file.case_id, actor=actor, note=note)
            data = dict(file.case.data or {})
            data["verifikasi"] = note
            engine.update_case_facts(file.case_id, data=data, actor=actor, note=note)
            workflow.decide_for_kind(file.case_id, actor=actor, action="approve", note=note)
        audit.record(
            "hr.pension_bkn_recorded", obj=file, actor=actor, data={"number": number[:100], "date": day.isoformat()}
        )
        _tell_official(file)
    return file


def cancel(*, actor, file_id: int, note: str) -> PensionFile:
    """BKD stops a file (an error in the registry, a request withdrawn, BKN refused): the reason is kept."""
    note = decrees.cancellation_note(note)
    with transaction.atomic():
        file = _hr_file(actor, file_id)
        _require(file, *PensionFile.OPEN)
        decrees.end_with_reason(
            file, actor=actor, note=note, event="hr.pension_cancelled", status=S.CANCELLED, by_actor=False
        )
    return file


def _tell_official(file: PensionFile) -> None:
    official = file.official
    if file.status == S.SIGNATURE and official is not None and official.user_id:
        notify.queue(
            key=f"pension:{file.pk}:to_sign",
            user=official.user,
            template="pension_to_sign",
            context={
                "employee": file.employee.full_name,
                "effective": file.pension_date.isoformat(),
                "url": "/pegawai/pensiun/tandatangani/",
            },
        )


# --- the official's signature -----------------------------------------------------------------------------

DECREE_CLASSIFICATION = "800.1.6.3"  # archive classification of pension decrees (kepegawaian, pemberhentian)

GROUNDS = {
    K.AGE: "mencapai batas usia pensiun (Peraturan Pemerintah Nomor 11 Tahun 2017 Pasal 239)",
    K.EARLY: "atas permintaan sendiri (Peraturan Pemerintah Nomor 11 Tahun 2017 Pasal 250 huruf b)",
    K.DEATH: "meninggal dunia (Peraturan Pemerintah Nomor 11 Tahun 2017 Pasal 250 huruf a)",
    K.INCAPACITY: "tidak cakap jasmani dan/atau rohani (Peraturan Pemerintah Nomor 11 Tahun 2017 Pasal 250 huruf e)",
}


def decree_subject(file: PensionFile, employee: Employee):
    from loket.documents.services import Subject

    unit = ", ".join(x for x in [employee.unit.name if employee.unit_id else "", employee.agency.name] if x)
    basis = [
        "Undang-Undang Nomor 11 Tahun 1969 tentang Pensiun Pegawai dan Pensiun Janda/Duda Pegawai;",
        "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara;",
        "Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil sebagaimana telah diubah;",
        f"Pertimbangan teknis Badan Kepegawaian Negara nomor {file.bkn_number} tanggal {long_date(file.bkn_date)};",
    ]
    body = "\n".join(
        [
            "Mengingat:",
            *(f"{index}. {text}" for index, text in enumerate(basis, start=1)),
            "",
            "MEMUTUSKAN",
            "",
            f"Memberhentikan dengan hormat karena {GROUNDS[K(file.kind)]} dengan hak pensiun kepada:",
            f"Nama: {employee.full_name}\nNIP: {employee.nip}\nJabatan: {employee.position_name or '-'}\n"
            f"Unit kerja: {unit}\nPangkat/golongan ruang: {display_grade(file.last_grade) if file.last_grade else '-'}",
            "",
            f"Terhitung mulai tanggal: {long_date(file.pension_date)}\n"
            f"Masa kerja pensiun: {file.service_years} tahun {file.service_months} bulan\n"
            f"Gaji pokok terakhir: {rupiah(file.last_salary)}\n"
            f"Keluarga: {family_text(file)}",
        ]
    )
    return Subject(
        type="hr.pension_decree",
        ref=str(file.pk),
        label=f"Pensiun TMT {long_date(file.pension_date)}",
        agency=employee.agency,
        holder=employee.user,
        holder_name=employee.full_name,
        title="Keputusan Pemberhentian dengan Hormat dan Pemberian Pensiun Pegawai Negeri Sipil",
        body=body,
        classification=DECREE_CLASSIFICATION,
        kind="lainnya",
        case=file.case if file.case_id else None,
    )


def _may_sign(file: PensionFile | None, me: Employee, persons) -> None:
    if file is None:
        raise NotFound(tr("Berkas pensiun tidak ditemukan.", "Pension file not found."))
    decrees.refuse_unless_official(
        file,
        me,
        persons,
        refusal=tr("Anda tidak berwenang menandatangani keputusan ini.", "You may not sign this decree."),
    )
    _require(file, S.SIGNATURE)


def sign(*, actor, file_id: int, otp: str = "", today: dt.date | None = None) -> PensionFile:
    """The authorized official (or their stand-in today) signs the pension decree with their own TOTP code
    (hr.decrees, the one path of every HR decree): issued and PAdES-signed, the case completes; a decree signed on or
    after the pension date lets the employee leave the registry at once."""
    today = today or timezone.localdate()
    file = decrees.official_signs(
        actor=actor,
        otp=otp,
        purpose="hr.pension.sign",
        load=lambda lock: (
            (PensionFile.objects.select_for_update() if lock else PensionFile.objects.select_related("official"))
            .filter(pk=file_id)
            .first()
        ),
        check=_may_sign,
        sign=lambda file, me: apply_signature(file=file, signer=me, actor=actor, otp=otp, verify_second_factor=False),
        refusal=tr("Anda tidak berwenang menandatangani keputusan ini.", "You may not sign this decree."),
        today=today,
    )
    if file.pension_date <= today:
        leave_due(today=today)
        file.refresh_from_db()
    return file


def apply_signature(*, file: PensionFile, signer: Employee, actor, otp: str = "", verify_second_factor=True):
    """Sign a locked file awaiting signature as `signer` (callers check who may sign; the demo signs without a code)."""
    employee = Employee.objects.select_related("agency__region", "unit", "user").get(pk=file.employee_id)
    if employee.user is None:
        raise LoketError(
            tr(
                "Pegawai belum memiliki akun; keputusan pensiun tidak dapat diterbitkan.",
                "The employee has no account; the decree cannot be issued.",
            )
        )
    now = timezone.now()

    def record(document) -> None:
        file.status, file.signed_at, file.signed_by = S.SIGNED, now, signer
        file.number, file.document_id = document.number[:60], document.code
        file.save(update_fields=["status", "signed_at", "signed_by", "number", "document_id"])

    document = decrees.issue(
        subject=decree_subject(file, employee),
        signer=signer,
        principal=file.official or signer,
        actor=actor,
        otp=otp,
        now=now,
        verify_second_factor=verify_second_factor,
        record=record,
        case_id=file.case_id,
    )
    audit.record(
        "hr.pension_signed",
        obj=file,
        actor=actor,
        data={
            "nip": employee.nip,
            "effective": file.pension_date.isoformat(),
            "number": file.number,
            "document": document.code,
            "before_effective": now.date() < file.pension_date,
        },
    )
    if employee.left_reason != Employee.LeftReason.DEATH:
        notify.queue(
            key=f"pension:{file.pk}:signed",
            user=employee.user,
            template="pension_signed",
            context={"effective": file.pension_date.isoformat(), "number": file.number, "url": "/pegawai/pensiun/"},
        )
    return file


# --- reads ----------------------------------------------------------------------------------------------


def files_of(employee: Employee):
    return PensionFile.objects.filter(employee=employee).select_related("case").order_by("-created_at")


def register(agencies, status: str | None = None):
    found = PensionFile.objects.filter(employee__agency__in=agencies).select_related("employee", "case", "official")
    return found.filter(status=status) if status else found


def counts(agencies) -> dict[str, int]:
    rows = PensionFile.objects.filter(employee__agency__in=agencies).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def for_reader(user, me: Employee | None, file_id: int) -> PensionFile | None:
    """The file if `user` may read it: the employee, the official who signs it, BKD of the region, an inspector."""
    file = (
        PensionFile.objects.select_related("employee__agency", "official", "case", "signed_by")
        .filter(pk=file_id)
        .first()
    )
    if file is None:
        return None
    if me is not None and me.pk in (file.employee_id, file.official_id):
        return file
    return file if queries.reads_as_hr(user, file.employee) else None


def record_read(file: PensionFile, actor, what: str) -> None:
    """A read of the file's personal data (family, bank account) by someone other than the employee: on the case's
    "who opened my application" list (ADR 0013), and in the audit chain when there is no case yet."""
    if actor is None or actor.pk == file.employee.user_id:
        return
    if file.case_id:
        access.record(file.case, actor, CaseAccess.Kind.IDENTIFIER if what else CaseAccess.Kind.OPENED, detail=what)
    audit.record("hr.pension_read", obj=file, actor=actor, data={"what": what or "berkas"})


def to_sign_for(signer: Employee, day: dt.date | None = None):
    persons = permissions.acting_persons(signer.user, day) if signer.user_id else frozenset()
    return (
        PensionFile.objects.filter(Q(official=signer) | Q(official__user_id__in=sorted(persons)), status=S.SIGNATURE)
        .exclude(employee=signer)
        .select_related("employee", "official")
    )


def decision_page(application) -> str | None:
    """workflow.decisions resolver: a pension case is decided on e-Pensiun's pages."""
    from django.urls import reverse

    if not pension_cases.is_pension_case(application):
        return None
    found = PensionFile.objects.filter(case_id=application.pk).values_list("pk", "status").first()
    if found is None:
        return None
    file_id, status = found
    if status == S.SIGNATURE:
        return reverse("hr:pension_sign_list")
    return reverse("hr:pension_hr_detail", kwargs={"file_id": file_id})


def withdrawal_refusal(application) -> str | None:
    """Registered with the engine: a pension case is BKD's to stop (with the reason), not withdrawn online."""
    if not pension_cases.is_pension_case(application):
        return None
    return tr(
        "Berkas pensiun diproses oleh BKD dan tidak dapat dicabut di sini. Untuk membatalkan, hubungi BKD.",
        "A pension file is processed by the HR office and cannot be withdrawn here. To stop it, contact BKD.",
    )


def timeliness(region_ids=None) -> dict[str, int]:
    """Public figure: age-limit pension decrees signed before the pension date vs on or after it (the goal: nobody
    waits). Only the age-limit files count: their date is known years ahead, while a death or incapacity file is
    opened after its event and an early one on request. The signing day is read in the employee's region's time zone
    (a decree signed at 23.30 WIT on 31 March is signed on 31 March, not on 1 April)."""
    signed = PensionFile.objects.filter(status=S.SIGNED, signed_at__isnull=False, kind=K.AGE)
    if region_ids is not None:
        signed = signed.filter(employee__region_id__in=region_ids)
    before = after = 0
    zones: dict[str, ZoneInfo] = {}
    for signed_at, pension_date, zone in signed.values_list("signed_at", "pension_date", "employee__region__time_zone"):
        tz = zones.setdefault(zone, Region(time_zone=zone).zoneinfo)
        if timezone.localdate(signed_at, tz) < pension_date:
            before += 1
        else:
            after += 1
    return {"before": before, "after": after}
