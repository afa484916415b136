"""e-Mutasi: a civil servant's transfer from the request (or BKD's initiative) to the day the registry follows.

- Opening (`request` by the employee, `open_for` by BKD of the employee's agency): the rules refuse what cannot be
  asked (`rules.eligibility_refusals`) and a destination without a vacancy in its formation (`vacancy_of`); the
  transfer records both sides' officials and the engine case opens on the receiving region's transfer service.
- The sending and the receiving agency's officials approve (`approve`) or refuse (`refuse`), each their own side, as
  themselves or their stand-in today; the receiving side is asked again for the vacancy.
- The receiving agency's BKD verifies (`verify`): a transfer between regions waits for BKN's technical approval (the
  clock stopped), recorded with its number and date (`record_bkn_approval`, hr.decrees.bkn_approval); BKD of either
  side may stop it with a reason (`cancel`).
- The official who sets the decree signs it with their own TOTP code (`sign`, hr.decrees: never its subject).
- On the effective date the daily job (`apply_due`, idempotent) writes the position history, moves the employee's
  agency, unit and region, readdresses their open leave and KGB cases to the people of the new place and, when the
  region changes, revokes the card of the old region and issues the new region's.

`Transfer.status` is hr's record of the case and is written only here.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from loket.applications import services as engine
from loket.core import audit
from loket.core.dates import long_date
from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.i18n import tr
from loket.hr import cases, decrees, queries
from loket.hr import services as hr_services
from loket.hr.grades import rank_label
from loket.hr.models import (
    CaseService,
    Employee,
    EmployeeCard,
    Formation,
    KgbDecision,
    LeaveRequest,
    PositionHistory,
    Transfer,
)
from loket.hr.transfer import cases as transfer_cases
from loket.hr.transfer import rules
from loket.notify import services as notify
from loket.org import permissions
from loket.org.models import Agency, Unit
from loket.workflow import services as workflow

S = Transfer.Status
K = Transfer.Kind
NO_OFFICIAL = "Pejabat yang berwenang (kepala perangkat daerah) {side} belum ditetapkan; hubungi BKD."


def policy() -> rules.Policy:
    """The transfer policy with the region's overrides (settings.LOKET_TRANSFER_POLICY, e.g. {"pension_months": 24})."""
    return rules.Policy(**(getattr(settings, "LOKET_TRANSFER_POLICY", None) or {}))


# --- the formation (staffing quota) --------------------------------------------------------------------------


def _same_position(name: str) -> Q:
    return Q(position_name__iexact=(name or "").strip())


def formation_of(agency_id: int, unit_id: int | None, position_name: str, grade: str) -> Formation | None:
    """The formation row of a position in a unit: the row for the grade, else the row for any grade."""
    rows = Formation.objects.filter(_same_position(position_name), agency_id=agency_id, unit_id=unit_id)
    rows = list(rows.filter(grade__in=[grade, ""]))
    return next((row for row in rows if row.grade == grade), None) or next(iter(rows), None)


def vacancy_of(
    agency_id: int, unit_id: int | None, position_name: str, grade: str, *, exclude: int | None = None
) -> tuple[int | None, int | None, int, int]:
    """(vacant places or None, quota, holders, approved incoming) of a position and grade in a unit."""
    row = formation_of(agency_id, unit_id, position_name, grade)
    if row is None:
        return None, None, 0, 0
    if connection.in_atomic_block:  # checking before an approval: the row is locked, so two approvals take turns
        list(Formation.objects.select_for_update().filter(pk=row.pk).order_by().values_list("pk", flat=True))
    holders = Employee.objects.filter(
        _same_position(position_name), agency_id=agency_id, unit_id=unit_id, left_on__isnull=True
    )
    incoming = Transfer.objects.filter(
        Q(to_position_name__iexact=position_name.strip()),
        to_agency_id=agency_id,
        to_unit_id=unit_id,
        status__in=Transfer.HOLDING,
        applied_at__isnull=True,
    )
    if row.grade:
        holders, incoming = holders.filter(grade=row.grade), incoming.filter(grade=row.grade)
    if exclude is not None:
        incoming = incoming.exclude(pk=exclude)
    held, coming = holders.count(), incoming.count()
    return rules.vacancy(row.quota, held, coming), row.quota, held, coming


def _vacancy_check(agency: Agency, unit: Unit | None, position_name: str, grade: str, exclude=None) -> None:
    free = vacancy_of(agency.pk, unit.pk if unit else None, position_name, grade, exclude=exclude)[0]
    refusal = rules.vacancy_refusal(free, position_name, unit.name if unit else agency.name)
    if refusal:
        raise LoketError(tr(*refusal), field="position_name")


def formations(agencies):
    """The formation rows of `agencies` with each row's holders and approved incoming transfers."""
    rows = list(Formation.objects.filter(agency__in=agencies).select_related("agency", "unit"))
    for row in rows:
        row.free, _quota, row.holders, row.incoming = vacancy_of(
            row.agency_id, row.unit_id, row.position_name, row.grade
        )
    return rows


def save_formation(
    *, actor, agency_id: int, unit_id: int | None, position_type: str, position_name: str, grade: str, quota, source=""
) -> Formation:
    """BKD of the agency's region enters or corrects one quota (one row per agency, unit, position and grade)."""
    if not permissions.can(actor, "hr.manage", agency_id):
        raise NotFound(tr("Perangkat daerah tidak ditemukan.", "Agency not found."))
    position_name = (position_name or "").strip()
    if not position_name:
        raise LoketError(tr("Isi nama jabatan.", "Enter the position."), field="position_name")
    if position_type not in Employee.PositionType.values:
        raise LoketError(tr("Pilih jenis jabatan.", "Choose the kind of position."), field="position_type")
    try:
        quota = int(quota)
    except (TypeError, ValueError):
        quota = -1
    if not 0 <= quota <= 10000:
        raise LoketError(
            tr("Kuota adalah bilangan 0 sampai 10000.", "The quota is a number 0 to 10000."), field="quota"
        )
    grade = (grade or "").strip()
    if unit_id is not None and not Unit.objects.filter(pk=unit_id, agency_id=agency_id).exists():
        raise LoketError(tr("Unit bukan bagian perangkat daerah ini.", "The unit is not of this agency."), field="unit")
    with transaction.atomic():
        row, created = Formation.objects.update_or_create(
            agency_id=agency_id,
            unit_id=unit_id,
            position_name=position_name[:200],
            grade=grade[:5],
            defaults={
                "position_type": position_type,
                "quota": quota,
                "source": (source or "")[:200],
                "updated_by": actor,
            },
        )
        audit.record(
            "hr.formation_saved", obj=row, actor=actor, data={"quota": quota, "created": created, "grade": grade}
        )
    return row


# --- opening -------------------------------------------------------------------------------------------------


def _pension_date(employee: Employee) -> dt.date | None:
    from loket.hr.pension import rules as pension_rules
    from loket.hr.pension import services as pension

    try:
        return pension.retirement_of(employee, pension.current_levels([employee.pk]).get(employee.pk))[1]
    except pension_rules.UnknownPosition:
        return None


def _destination(to_agency_id, to_unit_id) -> tuple[Agency, Unit | None]:
    agency = Agency.objects.select_related("region").filter(pk=to_agency_id).first()
    if agency is None:
        raise LoketError(tr("Pilih perangkat daerah tujuan.", "Choose the receiving agency."), field="to_agency")
    unit = None
    if to_unit_id:
        unit = Unit.objects.filter(pk=to_unit_id, agency=agency).first()
        if unit is None:
            raise LoketError(
                tr("Unit tujuan bukan bagian perangkat daerah tujuan.", "The unit is not of that agency."),
                field="to_unit",
            )
    return agency, unit


def refusals_for(employee: Employee, *, to_agency: Agency, to_unit, position_name: str, effective, today) -> list:
    """Every reason `employee` cannot be transferred there (rules.eligibility_refusals over the registry's facts)."""
    kind = rules.transfer_kind(employee.region_id, employee.agency_id, to_agency.region_id, to_agency.pk)
    same = (
        employee.agency_id == to_agency.pk
        and employee.unit_id == (to_unit.pk if to_unit else None)
        and employee.position_name.strip().lower() == position_name.strip().lower()
    )
    return rules.eligibility_refusals(
        status=employee.status,
        left=employee.left_on is not None,
        open_transfer=Transfer.objects.filter(employee=employee, status__in=Transfer.OPEN).exists(),
        pension_date=_pension_date(employee),
        service_start=employee.service_start,
        kind=kind,
        effective=effective,
        today=today,
        same_place=same,
        policy=policy(),
    )


def _refuse_sop_against_policy(service) -> None:
    """The published SOP's signing step must let the deciding side's official (policy `decree_by`) sign after
    approving: otherwise every transfer between agencies would stall at the signature. Said before anything opens."""
    expected = transfer_cases.signer_may_repeat(policy().decree_by)
    signer = next((step for step in workflow.steps_of(service.current) if step.addressee == "transfer_signer"), None)
    if signer is not None and signer.same_approver_step != expected:
        raise LoketError(
            tr(
                f"SOP layanan mutasi belum sesuai kebijakan penetapan keputusan: langkah penetapan harus mengizinkan "
                f"pejabat yang menyetujui pada langkah {expected}. Editor katalog perlu menerbitkan ulang SOP-nya.",
                f"The transfer service's SOP does not match the decree policy: its signing step must allow the "
                f"official who approved at step {expected}. A catalogue editor must publish the SOP again.",
            )
        )


def _open(
    employee: Employee,
    *,
    actor,
    origin: str,
    to_agency_id,
    to_unit_id=None,
    position_type: str,
    position_name: str,
    reason: str,
    effective: dt.date | None,
    today: dt.date | None = None,
) -> Transfer:
    """Open a transfer of `employee` to a position of a unit (or the agency itself) from `effective` (the one path of
    `request` and `open_for`)."""
    today = today or timezone.localdate()
    position_name, reason = (position_name or "").strip(), (reason or "").strip()
    if not position_name:
        raise LoketError(tr("Isi jabatan tujuan.", "Enter the position at the destination."), field="position_name")
    if position_type not in Employee.PositionType.values:
        raise LoketError(tr("Pilih jenis jabatan tujuan.", "Choose the kind of position."), field="position_type")
    if not reason:
        raise LoketError(tr("Tuliskan alasan mutasi.", "Give the reason for the transfer."), field="reason")
    if effective is None:
        raise LoketError(tr("Isi TMT mutasi.", "Enter the effective date."), field="effective")
    agency, unit = _destination(to_agency_id, to_unit_id)
    refusals = refusals_for(
        employee, to_agency=agency, to_unit=unit, position_name=position_name, effective=effective, today=today
    )
    if refusals:
        raise LoketError(" ".join(tr(*reason) for reason in refusals))
    kind = rules.transfer_kind(employee.region_id, employee.agency_id, agency.region_id, agency.pk)
    service = cases.service_for(CaseService.Kind.TRANSFER, agency.region)
    if service is None:
        raise LoketError(
            tr(
                "Layanan mutasi pegawai untuk daerah tujuan belum terbit; hubungi BKD.",
                "The transfer service of the receiving region is not published; contact the HR office (BKD).",
            )
        )
    _refuse_sop_against_policy(service)
    if employee.user_id is None:
        raise LoketError(tr("Pegawai belum memiliki akun.", "The employee has no account."))
    with transaction.atomic():
        queries.lock_employee(employee.pk)
        _vacancy_check(agency, unit, position_name, employee.grade)
        sender_head = queries.agency_head(employee.agency_id)
        receiver_head = queries.agency_head(agency.pk)
        sender = sender_head if sender_head and sender_head.pk != employee.pk else None
        receiver = receiver_head if receiver_head and receiver_head.pk != employee.pk else None
        side = rules.decree_side(kind, policy())
        transfer = Transfer(
            employee=employee,
            kind=kind,
            origin=origin,
            status=rules.first_status(kind),
            grade=employee.grade,
            from_region_id=employee.region_id,
            from_agency_id=employee.agency_id,
            from_unit_id=employee.unit_id,
            from_position_type=employee.position_type,
            from_position_name=employee.position_name,
            to_region_id=agency.region_id,
            to_agency=agency,
            to_unit=unit,
            to_position_type=position_type,
            to_position_name=position_name[:200],
            reason=reason[:500],
            effective_date=effective,
            sender_official=sender,
            receiver_official=receiver,
            official=receiver if side == rules.RECEIVER else sender,
            opened_by=actor,
        )
        missing = [
            label
            for label, person in (("instansi asal", sender), ("instansi penerima", receiver))
            if person is None and kind != K.WITHIN_AGENCY
        ]
        transfer.note = " ".join(NO_OFFICIAL.format(side=label) for label in missing)[:500]
        try:
            with transaction.atomic():
                transfer.save()
        except IntegrityError:
            raise LoketError(
                tr("Masih ada mutasi yang sedang diproses.", "A transfer is already in progress.")
            ) from None
        employee.user._loket_employee = employee
        transfer.case = engine.open_case(
            actor=None,
            applicant=employee.user,
            service=service,
            data=case_data(transfer),
            idempotency_key=transfer_cases.case_key(transfer),
            channel=transfer_cases.CHANNEL,
        )
        transfer.save(update_fields=["case"])
        audit.record(
            "hr.transfer_opened",
            obj=transfer,
            actor=actor,
            data={"kind": kind, "origin": origin, "to_agency": agency.pk, "effective": effective.isoformat()},
        )
        _tell_next(transfer)
    return transfer


def request(*, actor, **destination) -> Transfer:
    """The employee asks to be transferred (atas permintaan sendiri); `destination` as `_open` takes it
    (to_agency_id, to_unit_id, position_type, position_name, reason, effective, today)."""
    return _open(queries.require_employee(actor), actor=actor, origin=Transfer.Origin.EMPLOYEE, **destination)


def open_for(*, actor, nip: str, **destination) -> Transfer:
    """BKD of the employee's agency opens a transfer on the agency's initiative (kebutuhan organisasi)."""
    employee = Employee.objects.filter(nip=(nip or "").strip()).select_related("user").first()
    if employee is None or not permissions.can(actor, "hr.manage", employee.agency_id):
        raise NotFound(tr("Pegawai tidak ditemukan.", "Employee not found."))
    me = queries.employee_of(actor)
    if me is not None and me.pk == employee.pk:
        raise PermissionDenied(tr("Anda tidak dapat memutasi diri sendiri.", "You cannot transfer yourself."))
    return _open(employee, actor=actor, origin=Transfer.Origin.AGENCY, **destination)


def place_text(position: str, unit: Unit | None, agency: Agency) -> str:
    return ", ".join(x for x in [position, unit.name if unit else "", agency.name] if x)


def case_data(transfer: Transfer, verification: str = "") -> dict:
    data = {
        "nip": transfer.employee.nip,
        "jenis": K(transfer.kind).label,
        "asal": place_text(transfer.from_position_name, transfer.from_unit, transfer.from_agency),
        "tujuan": place_text(transfer.to_position_name, transfer.to_unit, transfer.to_agency),
        "tmt": transfer.effective_date.isoformat(),
        "alasan": transfer.reason,
        "verifikasi": verification,
    }
    return {key: value for key, value in data.items() if value not in (None, "")}


# --- who acts now ----------------------------------------------------------------------------------------------


def _tell(person: Employee | None, transfer: Transfer, what: tuple[str, str], url: str) -> None:
    if person is None or not person.user_id:
        return
    notify.queue(
        key=f"transfer:{transfer.pk}:{transfer.status}:{person.pk}",
        user=person.user,
        template="transfer_to_decide",
        context={
            "employee": transfer.employee.full_name,
            "destination": transfer.to_agency.name,
            "effective": transfer.effective_date.isoformat(),
            "what": what[0],
            "what_en": what[1],
            "url": url,
        },
    )


def _tell_next(transfer: Transfer) -> None:
    if transfer.status == S.SENDER:
        _tell(transfer.sender_official, transfer, ("persetujuan", "approval"), "/pegawai/mutasi/setujui/")
    elif transfer.status == S.RECEIVER:
        _tell(transfer.receiver_official, transfer, ("persetujuan", "approval"), "/pegawai/mutasi/setujui/")
    elif transfer.status == S.SIGNATURE:
        _tell(transfer.official, transfer, ("tanda tangan", "signature"), "/pegawai/mutasi/tandatangani/")


def _tell_employee(transfer: Transfer, note: str = "") -> None:
    user = transfer.employee.user
    if user is None:
        return
    notify.queue(
        key=f"transfer:{transfer.pk}:employee:{transfer.status}",
        user=user,
        template="transfer_decided",
        context={
            "destination": transfer.to_agency.name,
            "effective": transfer.effective_date.isoformat(),
            "status": S(transfer.status).label.lower(),
            "status_en": Transfer.EN_CHOICES["status"][transfer.status].lower(),
            "note": note,
            "url": "/pegawai/mutasi/",
        },
    )


def _require(transfer: Transfer, *statuses) -> None:
    if transfer.status not in statuses:
        raise LoketError(
            tr(
                f"Mutasi ini berstatus {S(transfer.status).label.lower()}; tindakan ini tidak dapat dilakukan.",
                f"This transfer is {Transfer.EN_CHOICES['status'][transfer.status].lower()}; "
                "the action is not possible.",
            )
        )


def _locked(transfer_id: int) -> Transfer | None:
    return (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("employee__user", "to_agency", "from_agency", "to_unit", "from_unit")
        .filter(pk=transfer_id)
        .first()
    )


def _side_official(transfer: Transfer) -> tuple[str, Employee | None]:
    if transfer.status == S.SENDER:
        return rules.SENDER, transfer.sender_official
    if transfer.status == S.RECEIVER:
        return rules.RECEIVER, transfer.receiver_official
    return "", None


def official_agency(transfer: Transfer, side: str | None = None) -> int:
    """The agency whose head a transfer's official is as such: the receiving one for the receiving side (and the
    decree it sets by default), the sending one for the sending side."""
    if side is None:
        side = rules.RECEIVER if transfer.official_id == transfer.receiver_official_id else rules.SENDER
    return transfer.to_agency_id if side == rules.RECEIVER else transfer.from_agency_id


def _may_approve(transfer: Transfer | None, me: Employee, persons) -> Transfer:
    if transfer is None:
        raise NotFound(tr("Mutasi tidak ditemukan.", "Transfer not found."))
    side, official = _side_official(transfer)
    decrees.refuse_unless_official(
        transfer,
        me,
        persons,
        official=official,
        post_agency_id=official_agency(transfer, side) if side else None,
        refusal=tr("Anda tidak berwenang memberi persetujuan atas mutasi ini.", "You may not approve this transfer."),
    )
    return transfer


def require_approver(*, actor, transfer_id: int, today: dt.date | None = None) -> Transfer:
    """Refuses (PermissionDenied, NotFound) unless `actor` may approve or refuse the transfer now."""
    me = queries.employee_of(actor)
    if me is None:
        raise PermissionDenied(tr("Anda tidak berwenang.", "You may not do this."))
    transfer = Transfer.objects.select_related("sender_official", "receiver_official").filter(pk=transfer_id).first()
    return _may_approve(transfer, me, permissions.acting_persons(actor, today or timezone.localdate()))


def approve(*, actor, transfer_id: int, note: str = "", today: dt.date | None = None) -> Transfer:
    """The official of the side whose approval is due (or their stand-in today) approves; the receiving side is asked
    again whether the destination still has a vacancy."""
    today = today or timezone.localdate()
    me = queries.employee_of(actor)
    if me is None:
        raise PermissionDenied(tr("Anda tidak berwenang.", "You may not do this."))
    persons = permissions.acting_persons(actor, today)
    with transaction.atomic():
        transfer = _may_approve(_locked(transfer_id), me, persons)
        side, _official = _side_official(transfer)
        now = timezone.now()
        if side == rules.SENDER:
            transfer.sender_approved_at, transfer.sender_approved_by = now, me
            transfer.status = S.RECEIVER
            text = f"Disetujui pejabat instansi asal ({me.full_name})."
        else:
            _vacancy_check(
                transfer.to_agency, transfer.to_unit, transfer.to_position_name, transfer.grade, exclude=transfer.pk
            )
            transfer.receiver_approved_at, transfer.receiver_approved_by = now, me
            transfer.status = S.VERIFICATION
            text = f"Disetujui pejabat instansi penerima ({me.full_name})."
        if note.strip():
            text = f"{text} {note.strip()[:300]}"
        transfer.save(
            update_fields=[
                "status",
                "sender_approved_at",
                "sender_approved_by",
                "receiver_approved_at",
                "receiver_approved_by",
            ]
        )
        if transfer.case_id:
            workflow.decide_for_kind(transfer.case_id, actor=actor, action="approve", note=text, now=now)
        audit.record("hr.transfer_approved", obj=transfer, actor=actor, data={"side": side})
        _tell_next(transfer)
    return transfer


def refuse(*, actor, transfer_id: int, note: str, today: dt.date | None = None) -> Transfer:
    """The official of the side whose approval is due refuses, with the reason the employee reads."""
    today = today or timezone.localdate()
    note = (note or "").strip()
    if not note:
        raise LoketError(tr("Tuliskan alasan penolakan.", "Give the reason."), field="note")
    me = queries.employee_of(actor)
    if me is None:
        raise PermissionDenied(tr("Anda tidak berwenang.", "You may not do this."))
    persons = permissions.acting_persons(actor, today)
    with transaction.atomic():
        transfer = _may_approve(_locked(transfer_id), me, persons)
        side, _official = _side_official(transfer)
        transfer.status = S.REJECTED
        transfer.note = f"{transfer.note} Tidak disetujui: {note[:300]}".strip()[:500]
        transfer.save(update_fields=["status", "note"])
        if transfer.case_id:
            workflow.decide_for_kind(transfer.case_id, actor=actor, action="reject", note=note[:300])
        audit.record("hr.transfer_refused", obj=transfer, actor=actor, data={"side": side, "note": note[:300]})
        _tell_employee(transfer, note[:300])
    return transfer


# --- BKD: verification, BKN, cancel --------------------------------------------------------------------------


def _hr_transfer(actor, transfer_id: int, *, receiving_only: bool) -> Transfer:
    transfer = _locked(transfer_id)
    if transfer is None:
        raise NotFound(tr("Mutasi tidak ditemukan.", "Transfer not found."))
    sides = [transfer.to_agency_id] if receiving_only else [transfer.to_agency_id, transfer.from_agency_id]
    if not any(permissions.can(actor, "hr.manage", agency_id) for agency_id in sides):
        raise NotFound(tr("Mutasi tidak ditemukan.", "Transfer not found."))
    return transfer


def verify(*, actor, transfer_id: int) -> Transfer:
    """The receiving BKD has checked the transfer: between regions it is sent to BKN and the case waits (clock
    stopped); otherwise it goes on to the official's signature. Not by the officer who opened it."""
    with transaction.atomic():
        transfer = _hr_transfer(actor, transfer_id, receiving_only=True)
        _require(transfer, S.VERIFICATION)
        _refuse_opener(transfer, actor)
        now = timezone.now()
        transfer.verified_at, transfer.verified_by = now, actor
        if rules.needs_bkn(transfer.kind):
            transfer.status, transfer.bkn_sent_at = S.BKN, now
            transfer.save(update_fields=["status", "verified_at", "verified_by", "bkn_sent_at"])
            if transfer.case_id:  # BKD of the receiving agency decides here (the rule above), the engine keeps ADR 13
                workflow.wait_for_kind(
                    transfer.case_id,
                    actor=actor,
                    note="Diverifikasi BKD; menunggu pertimbangan teknis BKN (Peraturan BKN Nomor 5 Tahun 2019).",
                )
        else:
            transfer.status = S.SIGNATURE
            transfer.save(update_fields=["status", "verified_at", "verified_by"])
            if transfer.case_id:
                workflow.decide_for_kind(transfer.case_id, actor=actor, action="approve", note="Diverifikasi BKD.")
            _tell_next(transfer)
        audit.record("hr.transfer_verified", obj=transfer, actor=actor, data={"bkn": rules.needs_bkn(transfer.kind)})
    return transfer


def _refuse_opener(transfer, actor) -> None:
    """BKD's step is approved by verifying (or by recording BKN's answer): never by the officer who opened the
    transfer on the agency's initiative (the case is opened by the system, so the engine cannot see who did)."""
    if transfer.opened_by_id == actor.pk:
        raise PermissionDenied(
            tr(
                "Petugas yang membuka mutasi ini tidak dapat memverifikasinya.",
                "The officer who opened this transfer cannot verify it.",
            )
        )


def record_bkn_approval(*, actor, transfer_id: int, number: str, day: dt.date | None, today=None) -> Transfer:
    """The receiving BKD records BKN's technical approval (number and date): the case goes on to the signature."""
    today = today or timezone.localdate()
    number, day = decrees.bkn_approval(number, day, today)
    with transaction.atomic():
        transfer = _hr_transfer(actor, transfer_id, receiving_only=True)
        _require(transfer, S.BKN)
        _refuse_opener(transfer, actor)  # recording BKN's answer approves BKD's step: not by who opened it
        transfer.bkn_number, transfer.bkn_date, transfer.status = number, day, S.SIGNATURE
        transfer.save(update_fields=["bkn_number", "bkn_date", "status"])
        note = f"Pertimbangan teknis BKN nomor {number} tanggal {long_date(day)}."
        if transfer.case_id:
            workflow.resume_for_kind(transfer.case_id, actor=actor, note=note)  # the clock runs again
            data = dict(transfer.case.data or {})
            data["verifikasi"] = note
            engine.update_case_facts(transfer.case_id, data=data, actor=actor, note=note)
            workflow.decide_for_kind(transfer.case_id, actor=actor, action="approve", note=note)
        audit.record(
            "hr.transfer_bkn_recorded", obj=transfer, actor=actor, data={"number": number, "date": day.isoformat()}
        )
        _tell_next(transfer)
    return transfer


def cancel(*, actor, transfer_id: int, note: str) -> Transfer:
    """BKD of either side stops a transfer in progress (a request withdrawn, BKN refused, an error): the reason kept."""
    note = (note or "").strip()
    if not note:
        raise LoketError(tr("Tuliskan alasan pembatalan.", "Give the reason."), field="note")
    with transaction.atomic():
        transfer = _hr_transfer(actor, transfer_id, receiving_only=False)
        if transfer.employee.user_id is not None and transfer.employee.user_id == actor.pk:
            raise PermissionDenied(
                tr(
                    "Mutasi Anda sendiri dibatalkan oleh petugas BKD lain.",
                    "Your own transfer is cancelled by another HR officer.",
                )
            )
        note = decrees.cancellation_note(note)
        _require(transfer, *Transfer.OPEN)
        reason = decrees.end_with_reason(
            transfer, actor=actor, note=note, event="hr.transfer_cancelled", status=S.CANCELLED, by_actor=False
        )
        _tell_employee(transfer, reason)
    return transfer


# --- the decree -----------------------------------------------------------------------------------------------

DECREE_CLASSIFICATION = "800.1.3.3"  # archive classification of transfer decrees (kepegawaian, mutasi; confirm)
KIND_TEXT = {
    K.WITHIN_AGENCY: "dalam satu perangkat daerah",
    K.BETWEEN_AGENCIES: "antar perangkat daerah",
    K.BETWEEN_REGIONS: "antar daerah",
}


def decree_subject(transfer: Transfer, employee: Employee):
    from loket.documents.services import Subject

    basis = [
        "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara;",
        "Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil sebagaimana telah diubah "
        "dengan Peraturan Pemerintah Nomor 17 Tahun 2020;",
        "Peraturan Badan Kepegawaian Negara Nomor 5 Tahun 2019 tentang Tata Cara Pelaksanaan Mutasi;",
    ]
    approvals = []
    if transfer.sender_approved_at and transfer.sender_approved_by_id:
        approvals.append(
            f"Persetujuan {transfer.sender_approved_by.position_name} ({transfer.from_agency.name}) tanggal "
            f"{long_date(timezone.localdate(transfer.sender_approved_at))};"
        )
    if transfer.receiver_approved_at and transfer.receiver_approved_by_id:
        approvals.append(
            f"Persetujuan {transfer.receiver_approved_by.position_name} ({transfer.to_agency.name}) tanggal "
            f"{long_date(timezone.localdate(transfer.receiver_approved_at))};"
        )
    if transfer.bkn_number:
        approvals.append(
            f"Pertimbangan teknis Badan Kepegawaian Negara nomor {transfer.bkn_number} tanggal "
            f"{long_date(transfer.bkn_date)};"
        )
    basis += approvals
    body = "\n".join(
        [
            "Menimbang:",
            f"a. bahwa untuk kepentingan dinas dan {'atas permohonan yang bersangkutan' if transfer.origin == 'pegawai' else 'kebutuhan organisasi'}, "
            f"Pegawai Negeri Sipil yang namanya tersebut dalam Keputusan ini perlu dimutasikan {KIND_TEXT[K(transfer.kind)]};",
            "b. bahwa jabatan tujuan tersedia dalam formasi perangkat daerah penerima;",
            "",
            "Mengingat:",
            *(f"{index}. {text}" for index, text in enumerate(basis, start=1)),
            "",
            "MEMUTUSKAN",
            "",
            "Memindahkan Pegawai Negeri Sipil:",
            f"Nama: {employee.full_name}\nNIP: {employee.nip}\n"
            f"Pangkat/golongan ruang: {rank_label(transfer.grade) if transfer.grade else '-'}",
            "",
            "Dari:\n"
            f"Jabatan: {transfer.from_position_name or '-'}\n"
            f"Unit kerja: {transfer.from_unit.name if transfer.from_unit_id else '-'}\n"
            f"Perangkat daerah: {transfer.from_agency.name}",
            "",
            "Ke:\n"
            f"Jabatan: {transfer.to_position_name}\n"
            f"Unit kerja: {transfer.to_unit.name if transfer.to_unit_id else '-'}\n"
            f"Perangkat daerah: {transfer.to_agency.name}",
            "",
            f"Terhitung mulai tanggal: {long_date(transfer.effective_date)}.",
            "Pangkat/golongan ruang dan gaji pokok tetap; segala biaya akibat keputusan ini dibebankan pada anggaran "
            "instansi penerima terhitung mulai tanggal tersebut.",
        ]
    )
    return Subject(
        type="hr.transfer_decree",
        ref=str(transfer.pk),
        label=f"Mutasi TMT {long_date(transfer.effective_date)}",
        agency=transfer.official.agency if transfer.official_id else transfer.to_agency,
        holder=employee.user,
        holder_name=employee.full_name,
        title="Keputusan Mutasi Pegawai Negeri Sipil",
        body=body,
        classification=DECREE_CLASSIFICATION,
        kind="lainnya",
        case=transfer.case if transfer.case_id else None,
    )


def _may_sign(transfer: Transfer | None, me: Employee, persons) -> None:
    if transfer is None:
        raise NotFound(tr("Mutasi tidak ditemukan.", "Transfer not found."))
    decrees.refuse_unless_official(
        transfer,
        me,
        persons,
        refusal=tr("Anda tidak berwenang menandatangani keputusan ini.", "You may not sign this decree."),
        post_agency_id=official_agency(transfer),
    )
    _require(transfer, S.SIGNATURE)


def sign(*, actor, transfer_id: int, otp: str = "", today: dt.date | None = None) -> Transfer:
    """The official who sets the decree (or their stand-in today) signs it with their own TOTP code (hr.decrees);
    a decree signed on or after the effective date takes effect at once."""
    today = today or timezone.localdate()

    def load(lock):
        return (
            _locked(transfer_id) if lock else Transfer.objects.select_related("official").filter(pk=transfer_id).first()
        )

    def record(transfer, me):
        return apply_signature(transfer=transfer, signer=me, actor=actor, otp=otp, verify_second_factor=False)

    transfer = decrees.official_signs(
        actor=actor,
        otp=otp,
        purpose="hr.transfer.sign",
        load=load,
        check=_may_sign,
        sign=record,
        refusal=tr("Anda tidak berwenang menandatangani keputusan ini.", "You may not sign this decree."),
        today=today,
    )
    if transfer.effective_date <= today:
        apply_due(today=today, only=transfer.pk)
        transfer.refresh_from_db()
    return transfer


def apply_signature(*, transfer: Transfer, signer: Employee, actor, otp: str = "", verify_second_factor=True):
    """Sign a locked transfer awaiting signature as `signer` (callers check who may sign; the demo signs without a
    code): the decree is issued and PAdES-signed, the case completes."""
    employee = Employee.objects.select_related("agency__region", "unit", "user").get(pk=transfer.employee_id)
    if employee.user is None:
        raise LoketError(tr("Pegawai belum memiliki akun.", "The employee has no account."))
    now = timezone.now()

    def write(document):
        transfer.status, transfer.signed_at, transfer.signed_by = S.SIGNED, now, signer
        transfer.number, transfer.document_id = document.number[:60], document.code
        transfer.save(update_fields=["status", "signed_at", "signed_by", "number", "document_id"])

    document = decrees.issue(
        subject=decree_subject(transfer, employee),
        signer=signer,
        principal=transfer.official,
        actor=actor,
        otp=otp,
        now=now,
        verify_second_factor=verify_second_factor,
        record=write,
        case_id=transfer.case_id,
    )
    audit.record(
        "hr.transfer_signed",
        obj=transfer,
        actor=actor,
        data={"nip": employee.nip, "number": transfer.number, "document": document.code},
    )
    _tell_employee(transfer, f"Nomor keputusan {transfer.number}.")
    return transfer


# --- the effective date -----------------------------------------------------------------------------------------


def apply_due(*, today: dt.date | None = None, only: int | None = None) -> int:
    """On (and after) the effective date of a signed transfer, the registry follows (`only`: just that transfer, as
    its signer's request does; the daily job does all). Idempotent."""
    today = today or timezone.localdate()
    count = 0
    due = Transfer.objects.filter(status=S.SIGNED, effective_date__lte=today, applied_at__isnull=True)
    if only is not None:
        due = due.filter(pk=only)
    for transfer_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            transfer = _locked(transfer_id)
            if transfer is None or transfer.applied_at is not None or transfer.status != S.SIGNED:
                continue
            apply(transfer, today=today)
            count += 1
    return count


def apply(transfer: Transfer, *, today: dt.date) -> dict:
    """Move the employee (in the caller's transaction, the transfer locked): the position history, agency, unit and
    region; the open leave and KGB cases follow; a card of the old region is revoked and the new region's issued."""
    employee = Employee.objects.select_for_update().get(pk=transfer.employee_id)
    if employee.left_on is not None:
        transfer.status, transfer.note = S.CANCELLED, f"{transfer.note} Pegawai sudah berhenti.".strip()[:500]
        transfer.save(update_fields=["status", "note"])
        return {}
    unit_name = transfer.to_unit.name if transfer.to_unit_id else ""
    PositionHistory.objects.update_or_create(
        employee=employee,
        tmt=transfer.effective_date,
        defaults={
            "position_type": transfer.to_position_type,
            "position_name": transfer.to_position_name,
            "unit_name": ", ".join(x for x in [unit_name, transfer.to_agency.name] if x)[:200],
        },
    )
    region_changed = employee.region_id != transfer.to_region_id
    Employee.objects.filter(pk=employee.pk).update(
        agency_id=transfer.to_agency_id,
        unit_id=transfer.to_unit_id,
        region_id=transfer.to_region_id,
        position_type=transfer.to_position_type,
        position_name=transfer.to_position_name,
        position_tmt=transfer.effective_date,
        updated_at=timezone.now(),
    )
    employee.refresh_from_db()
    note = f"Pegawai dimutasi ke {transfer.to_agency.name} TMT {long_date(transfer.effective_date)}."
    # A head who moves leaves the posts of the place they left (the registry's next import names the new head): the
    # work named for them there goes to whoever holds the post now; their roles in the agency they left end.
    posts = hr_services.leave_posts(
        employee,
        day=transfer.effective_date,
        note=f"{employee.full_name} tidak lagi menjabat: {note}",
        left_agency_id=transfer.from_agency_id if transfer.from_agency_id != transfer.to_agency_id else None,
        keep=Q(agency_id=employee.agency_id, unit_id=employee.unit_id),
    )
    moved = {**follow(employee, note=note), "posts": posts}
    card = None
    if region_changed:
        card = _card_follows(employee, on=transfer.effective_date, today=today)
    transfer.status, transfer.applied_at = S.DONE, timezone.now()
    transfer.save(update_fields=["status", "applied_at"])
    audit.record(
        "hr.transfer_applied",
        obj=transfer,
        data={"nip": employee.nip, "to_agency": transfer.to_agency_id, "moved": moved, "card": card},
    )
    _tell_employee(transfer)
    return moved


def follow(employee: Employee, *, note: str) -> dict:
    """The employee's open leave requests and KGB drafts follow them: their approvers are those of the new place and
    each open task of their cases is addressed again by its step's rule (the new superior, official, HR office)."""
    moved = {"leave": 0, "kgb": 0, "tasks": 0}
    superior, official = queries.leave_approvers(employee)
    for leave in LeaveRequest.objects.select_for_update().filter(employee=employee, status__in=LeaveRequest.OPEN):
        fields = ["official"]
        leave.official = official
        if leave.status == LeaveRequest.Status.SUPERIOR:
            leave.superior = superior
            fields.append("superior")
        leave.save(update_fields=fields)
        moved["leave"] += 1
        if leave.case_id:
            moved["tasks"] += workflow.readdress_for_kind(leave.case_id, note=note)
    kgb_official = queries.authorized_official(employee)
    for decision in KgbDecision.objects.select_for_update().filter(
        employee=employee, status__in=[KgbDecision.Status.REVIEW, KgbDecision.Status.SIGNATURE]
    ):
        decision.official = kgb_official
        decision.save(update_fields=["official"])
        moved["kgb"] += 1
        if decision.case_id:
            moved["tasks"] += workflow.readdress_for_kind(decision.case_id, note=note)
    return moved


def _card_follows(employee: Employee, *, on: dt.date, today: dt.date) -> str | None:
    """A card printed by the old region stops (transfer out of its region); the new region issues its own."""
    from loket.hr.card import rules as card_rules
    from loket.hr.card import services as cards

    card = EmployeeCard.objects.filter(employee=employee, revoked_at__isnull=True).first()
    if card is None:
        return None
    cards.revoke(card, reason=card_rules.TRANSFER_OUT, on=on)
    return cards.issue(employee, today=today).serial


# --- reads -----------------------------------------------------------------------------------------------------


def transfers_of(employee: Employee):
    return (
        Transfer.objects.filter(employee=employee)
        .select_related("case", "to_agency", "to_unit", "from_agency", "from_unit")
        .order_by("-created_at")
    )


def register(agencies, status: str | None = None):
    """Transfers out of or into `agencies` (both sides' BKD follow them)."""
    found = Transfer.objects.filter(Q(from_agency__in=agencies) | Q(to_agency__in=agencies)).select_related(
        "employee", "from_agency", "to_agency", "case"
    )
    return found.filter(status=status) if status else found


def counts(agencies) -> dict[str, int]:
    rows = (
        Transfer.objects.filter(Q(from_agency__in=agencies) | Q(to_agency__in=agencies))
        .values("status")
        .annotate(n=Count("pk"))
    )
    return {row["status"]: row["n"] for row in rows}


def for_reader(user, me: Employee | None, transfer_id: int) -> Transfer | None:
    """The transfer if `user` may read it: the employee, an official of either side, BKD of either side."""
    transfer = (
        Transfer.objects.select_related(
            "employee__agency", "from_agency", "to_agency", "from_unit", "to_unit", "case", "official", "signed_by"
        )
        .filter(pk=transfer_id)
        .first()
    )
    if transfer is None:
        return None
    if me is not None and me.pk in (
        transfer.employee_id,
        transfer.sender_official_id,
        transfer.receiver_official_id,
        transfer.official_id,
    ):
        return transfer
    agencies = queries.hr_record_agencies(user)
    return transfer if agencies.filter(pk__in=[transfer.from_agency_id, transfer.to_agency_id]).exists() else None


def hr_may_manage(user, transfer: Transfer, *, receiving_only: bool = False) -> bool:
    sides = [transfer.to_agency_id] if receiving_only else [transfer.to_agency_id, transfer.from_agency_id]
    return any(permissions.can(user, "hr.manage", agency_id) for agency_id in sides)


def _acting(signer: Employee, day: dt.date | None):
    return permissions.acting_persons(signer.user, day) if signer.user_id else frozenset()


def to_approve_for(signer: Employee, day: dt.date | None = None):
    persons = sorted(_acting(signer, day))
    mine = Q(sender_official=signer) | Q(sender_official__user_id__in=persons)
    theirs = Q(receiver_official=signer) | Q(receiver_official__user_id__in=persons)
    return (
        Transfer.objects.filter((Q(status=S.SENDER) & mine) | (Q(status=S.RECEIVER) & theirs))
        .exclude(employee=signer)
        .select_related("employee", "from_agency", "to_agency", "to_unit")
    )


def to_sign_for(signer: Employee, day: dt.date | None = None):
    persons = sorted(_acting(signer, day))
    return (
        Transfer.objects.filter(Q(official=signer) | Q(official__user_id__in=persons), status=S.SIGNATURE)
        .exclude(employee=signer)
        .select_related("employee", "from_agency", "to_agency", "to_unit", "official")
    )


def destinations(region_ids=None):
    """Agencies a transfer may go to (every agency of the registry's regions), with their units."""
    agencies = Agency.objects.select_related("region").order_by("region__name", "name")
    if region_ids is not None:
        agencies = agencies.filter(region_id__in=region_ids)
    return agencies


def decision_page(application) -> str | None:
    """workflow.decisions resolver: a transfer case is decided on e-Mutasi's pages."""
    from django.urls import reverse

    if not transfer_cases.is_transfer_case(application):
        return None
    found = Transfer.objects.filter(case_id=application.pk).values_list("pk", "status").first()
    if found is None:
        return None
    transfer_id, status = found
    if status in (S.SENDER, S.RECEIVER):
        return reverse("hr:transfer_approve_list")
    if status == S.SIGNATURE:
        return reverse("hr:transfer_sign_list")
    return reverse("hr:transfer_hr_detail", kwargs={"transfer_id": transfer_id})


def withdrawal_refusal(application) -> str | None:
    """Registered with the engine: a transfer is stopped by BKD with its reason, not withdrawn on the status page."""
    if not transfer_cases.is_transfer_case(application):
        return None
    return tr(
        "Mutasi diproses oleh pejabat dan BKD dan tidak dapat dicabut di sini. Untuk membatalkan, hubungi BKD.",
        "A transfer is processed by the officials and the HR office and cannot be withdrawn here. Contact BKD.",
    )


# --- addressees of the transfer's steps (registered with workflow.addressees by hr) -------------------------------


def _transfer_of_case(application) -> Transfer | None:
    transfer_id = transfer_cases.transfer_id_of(application)
    if transfer_id is None:
        return None
    return (
        Transfer.objects.select_related(
            "sender_official__user", "receiver_official__user", "official__user", "to_agency__region"
        )
        .filter(pk=transfer_id)
        .first()
    )


def _user(person: Employee | None):
    return person.user if person is not None and person.user_id else None


def sending_official_of(application, step=None):
    from loket.workflow.addressees import SKIP

    transfer = _transfer_of_case(application)
    if transfer is None:
        return None
    return SKIP if rules.SENDER not in rules.approvals_needed(transfer.kind) else _user(transfer.sender_official)


def receiving_official_of(application, step=None):
    from loket.workflow.addressees import SKIP

    transfer = _transfer_of_case(application)
    if transfer is None:
        return None
    return SKIP if rules.RECEIVER not in rules.approvals_needed(transfer.kind) else _user(transfer.receiver_official)


def receiving_hr_office_of(application, step=None):
    transfer = _transfer_of_case(application)
    if transfer is None:
        return None
    return queries.HrOfficePool(transfer.to_agency).take()


def transfer_signer_of(application, step=None):
    transfer = _transfer_of_case(application)
    return _user(transfer.official) if transfer is not None else None
