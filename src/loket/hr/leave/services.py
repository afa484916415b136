"""e-Cuti state changes: request, decide (superior, then authorized official), withdraw, delegate, permit.

The chain is person-based (docs/adr/0007-civil-service-registry.md): level 1 the direct superior, level 2
the authorized official, each decision taken by that person or by whoever acts for them today
(a delegation, or — when they are away on leave without one — their own superior).

The signed surat izin cuti: the official's final approval is also the signature. `decide` takes the
official's TOTP code and, in the approving transaction, calls `loket.documents.services.issue_and_sign`
(number per agency and year, letterhead, PAdES signature with the official's own key, QR to the
verification page); `LeavePermit` keeps the document's number and verification code (`document_id`).
The permit is the decision document of the leave's case: whoever needs to know listens to the engine's
`lifecycle.case_changed` (the case completes in the same transaction).
"""

import datetime as dt
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from loket.applications import services as engine
from loket.core import audit, batch, uploads
from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.i18n import tr
from loket.hr import cases, queries
from loket.hr.decrees import signer_title
from loket.hr.leave import rules
from loket.hr.models import (
    CollectiveLeaveDuty,
    Delegation,
    Employee,
    LeaveAttachment,
    LeaveDecision,
    LeavePermit,
    LeaveRequest,
)
from loket.notify import services as notify
from loket.org import second_factor
from loket.org.deadlines import calendar_for
from loket.workflow import services as workflow

ATTACHMENT_TYPES = ("pdf", "jpg", "png")
ATTACHMENT_MAX_BYTES = uploads.MAX_UPLOAD_BYTES
ATTACHMENT_KINDS = {*(kind.value for kind in rules.Attachment), "pendukung"}
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
MAX_SPAN_DAYS = 366 * (rules.UNPAID_MAX_YEARS + rules.UNPAID_EXTENSION_YEARS)
DECISION_LABELS = {
    "approved": "disetujui",
    "changed": "disetujui dengan perubahan",
    "rejected": "tidak disetujui",
    "deferred": "ditangguhkan",
}


def _employee(actor) -> Employee:
    employee = queries.employee_of(actor)
    if employee is None:
        raise PermissionDenied(
            tr("Akun Anda tidak terhubung dengan data pegawai.", "Your account is not linked to an employee record.")
        )
    return employee


def leave_facts(employee: Employee, *, exclude_pk: int | None = None) -> rules.EmployeeLeaveFacts:
    """What the pure rules need, read from the employee's pending and approved requests and the cuti bersama
    days they worked (one statement: queries.leave_holding_rows)."""
    taken: dict[int, int] = {}
    on_duty: dict[int, int] = {}
    deferred: dict[int, int] = {}
    long_starts, existing = [], []
    for kind, first, last, days, details in queries.leave_holding_rows(employee.pk, exclude_pk):
        if kind == queries.DUTY_ROW:
            on_duty[first.year] = on_duty.get(first.year, 0) + 1
            continue
        if kind == queries.DEFERRED_ROW:
            # Deferred by the authorized official (level 2): carried into the next year in full. A deferral by the
            # direct superior is a consideration and carries nothing.
            for year, part in _days_by_year(first, days, details).items():
                deferred[year] = deferred.get(year, 0) + part
            continue
        existing.append((first, last + dt.timedelta(days=_travel_days(details))))
        if kind == rules.LeaveType.ANNUAL:
            for year, part in _days_by_year(first, days, details).items():
                taken[year] = taken.get(year, 0) + part
        elif kind == rules.LeaveType.LONG:
            long_starts.append(first)
    return rules.EmployeeLeaveFacts(
        status=employee.status,
        service_start=employee.service_start,
        sex=employee.sex,
        taken_by_year=taken,
        collective_worked_by_year=on_duty,
        long_leave_starts=tuple(sorted(long_starts, reverse=True)),  # latest first, as the requests are listed
        existing=tuple(sorted(existing, reverse=True)),
        records_from=employee.leave_records_from,
        deferred_by_year=deferred,
    )


# Keys in LeaveRequest.details written by issue 16's rules.
TRAVEL_DAYS = "travel_days"  # calendar days of travel to a hard-to-reach place (annual leave, art. 311(4))
DAYS_BY_YEAR = "days_by_year"  # {"2026": 4, "2027": 2}: working days per year of a request across 1 January
DEFERRED_UNTIL = "deferred_until"  # ISO date: until when the official deferred the leave


def _travel_days(details: dict | None) -> int:
    try:
        return max(0, int((details or {}).get(TRAVEL_DAYS) or 0))
    except (TypeError, ValueError):
        return 0


def _days_by_year(first: dt.date, days: int, details: dict | None) -> dict[int, int]:
    """A request's working days per year: its recorded split across 1 January, else all in its first year."""
    split = (details or {}).get(DAYS_BY_YEAR)
    if isinstance(split, dict) and split:
        return {int(year): int(part) for year, part in split.items()}
    return {first.year: days}


def deferred_until_of(leave: LeaveRequest) -> dt.date | None:
    """Until when the official deferred `leave`, if they did."""
    try:
        return dt.date.fromisoformat((leave.details or {}).get(DEFERRED_UNTIL) or "")
    except ValueError:
        return None


def annual_balance(employee: Employee, year: int) -> rules.AnnualBalance:
    facts = leave_facts(employee)
    return rules.annual_balance(
        year,
        facts.taken_by_year,
        employee.service_start,
        long_leave_years=facts.long_leave_years,
        records_from=facts.records_from,
        collective_worked_by_year=facts.collective_worked_by_year,
        deferred_by_year=facts.deferred_by_year,
    )


def collective_leave_days(year: int) -> list[dt.date]:
    """The cuti bersama days of `year` set by joint ministerial decree (the `holidays` GOVERNMENT category)."""
    import holidays as holidays_lib

    return sorted(holidays_lib.Indonesia(years=year, categories=(holidays_lib.GOVERNMENT,)).keys())


def record_collective_duty(*, actor, nip: str, day: dt.date) -> CollectiveLeaveDuty:
    """BKD records that an employee worked on a cuti bersama day: one more day of annual leave that year
    only (PP 11/2017 art. 333(3))."""
    from loket.org import permissions

    employee = Employee.objects.filter(nip=nip).first()
    if employee is None or not permissions.can(actor, "hr.manage", employee.agency_id):
        raise NotFound(tr("Pegawai tidak ditemukan.", "Employee not found."))
    if day not in collective_leave_days(day.year):
        raise LoketError(
            tr(
                f"{rules.format_date(day)} bukan hari cuti bersama.",
                f"{day.isoformat()} is not a collective leave day.",
            ),
            field="day",
        )
    with transaction.atomic():
        duty, created = CollectiveLeaveDuty.objects.get_or_create(
            employee=employee, day=day, defaults={"recorded_by": actor}
        )
        if created:
            audit.record(
                "hr.collective_duty_recorded", obj=duty, actor=actor, data={"nip": employee.nip, "day": day.isoformat()}
            )
    return duty


def check_attachment(actor, upload) -> dict:
    """The citizens' upload check (`core.uploads`: content sniffing, size, active content in PDFs) for one
    attachment; returns what `uploads.check` found, with the bytes under "data". Refusals name the field."""
    data = upload.read(ATTACHMENT_MAX_BYTES + 1)  # never more than one byte past the limit into memory
    upload.seek(0)
    try:
        checked = uploads.check_audited(
            data,
            upload.name or "",
            ATTACHMENT_TYPES,
            ATTACHMENT_MAX_BYTES,
            actor=actor,
            action="hr.attachment_refused",
            object_type="hr.leaveattachment",
        )
    except uploads.UploadRefused as exc:
        message = tr(f"Lampiran ditolak: {exc}", f"Attachment refused: {exc}")
        raise LoketError(message, field="attachment") from None
    return {**checked, "data": data}


def _rule_request(kind: rules.LeaveType, first: dt.date, last: dt.date, attachment_kinds, details: dict):
    """The pure rules' view of a request; bad details or dates out of bounds are refused here."""
    try:
        request = rules.LeaveRequest(
            leave_type=kind,
            first=first,
            last=last,
            attachments=frozenset(
                rules.Attachment(k) for k in attachment_kinds if k in rules.Attachment._value2member_map_
            ),
            sick_kind=rules.SickKind(details.get("sick_kind", rules.SickKind.GENERAL)),
            extension=bool(details.get("extension")),
            long_leave_reason=rules.LongLeaveReason(details.get("long_leave_reason", rules.LongLeaveReason.GENERAL)),
            important_reason=(
                rules.ImportantReason(details["important_reason"]) if details.get("important_reason") else None
            ),
            child_number=int(details["child_number"]) if details.get("child_number") else None,
            travel_days=int(details.get(TRAVEL_DAYS) or 0),
        )
    except (ValueError, TypeError):
        raise LoketError(tr("Rincian cuti tidak valid.", "Invalid leave details.")) from None
    # Bounds before counting working days day by day: no request spans more than CLTN with its extension.
    if not (EARLIEST <= first <= LATEST and EARLIEST <= last <= LATEST) or (last - first).days > MAX_SPAN_DAYS:
        raise LoketError(
            tr(
                "Rentang tanggal cuti tidak wajar; periksa kembali tanggal mulai dan selesai.",
                "The leave dates are out of range; check the start and end dates.",
            ),
            field="last",
        )
    return request


def _record_split(details: dict, first: dt.date, last: dt.date, calendar) -> None:
    """Keep in `details` the working days per year of a request across 1 January (each charged to its year)."""
    details.pop(DAYS_BY_YEAR, None)
    if first.year != last.year:
        details[DAYS_BY_YEAR] = {str(year): part for year, part in rules.days_by_year(first, last, calendar).items()}


def request_leave(
    *,
    actor,
    leave_type: str,
    first: dt.date,
    last: dt.date,
    reason: str = "",
    address: str = "",
    attachments: list | None = None,
    details: dict | None = None,
) -> LeaveRequest:
    """File a leave request for the actor's own employee record. `attachments`: [(kind, uploaded file)]."""
    employee = _employee(actor)
    if employee.left_on is not None:
        raise PermissionDenied(
            tr(
                "Anda sudah tidak tercatat sebagai pegawai aktif; cuti tidak dapat diajukan.",
                "You are no longer in the active registry; leave cannot be requested.",
            )
        )
    details = {k: v for k, v in (details or {}).items() if v not in (None, "", "0", 0)}
    if TRAVEL_DAYS in details:
        try:
            details[TRAVEL_DAYS] = int(details[TRAVEL_DAYS])
        except (TypeError, ValueError):
            raise LoketError(
                tr(
                    "Tambahan hari perjalanan harus berupa angka 0 sampai 12.",
                    "The travel days must be a number from 0 to 12.",
                ),
                field=TRAVEL_DAYS,
            ) from None
    attachments = [(kind, upload) for kind, upload in (attachments or []) if upload]
    try:
        kind = rules.LeaveType(leave_type)
    except ValueError:
        raise LoketError(tr("Jenis cuti tidak dikenal.", "Unknown leave type."), field="leave_type") from None
    attachments = [
        (kind_name if kind_name in ATTACHMENT_KINDS else "pendukung", check_attachment(actor, upload))
        for kind_name, upload in attachments
    ]
    request = _rule_request(kind, first, last, [k for k, _ in attachments], details)
    calendar = calendar_for(employee.region)
    with transaction.atomic():
        # One request at a time per employee: two concurrent requests cannot both pass the balance check.
        queries.lock_employee(employee.pk)
        refusals = rules.check_request(request, leave_facts(employee), calendar)
        if refusals:
            raise LoketError(" ".join(refusals), errors={"__all__": refusals})
        superior, official = queries.approval_chain(employee)
        if official is None:
            raise LoketError(
                tr(
                    "Pejabat yang berwenang memberikan cuti belum ditetapkan untuk Anda; hubungi BKD.",
                    "No authorized official is set for you; contact the HR agency (BKD).",
                )
            )
        if superior is None or superior.pk == official.pk:
            # Two different people (issue 13; leave.rules.considerer): someone else considers.
            superior = queries.second_considerer(employee, official)
            if superior is None:
                raise LoketError(
                    tr(
                        "Atasan langsung Anda juga pejabat yang berwenang memberikan cuti, dan belum ada pejabat lain "
                        "yang dapat memberi pertimbangan; cuti memerlukan dua orang yang berbeda. Hubungi BKD.",
                        "Your direct superior is also the official who grants leave, and nobody else can give the "
                        "consideration yet; leave needs two different people. Contact the HR agency (BKD).",
                    )
                )
        _record_split(details, first, last, calendar)
        leave = LeaveRequest(
            employee=employee,
            leave_type=kind,
            first=first,
            last=last,
            working_days=rules.working_days(first, last, calendar),
            calendar_days=(request.absence_last - first).days + 1,
            reason=reason[:500],
            address=address[:300],
            details=details,
            superior=superior,
            official=official,
            status=LeaveRequest.Status.SUPERIOR if superior else LeaveRequest.Status.OFFICIAL,
        )
        # The request, its case (task in the superior's inbox, history, clock), audit and notices are written
        # together at the end: one round trip on PostgreSQL, where the request's id is reserved first.
        rows = batch.Batch()
        batch.reserve_id(leave)
        if leave.pk is None:
            leave.save(force_insert=True)  # a database without sequences numbers it on insert
        for kind_name, checked in attachments:
            attachment = LeaveAttachment(request=leave, kind=kind_name, name=checked["name"][:200])
            # Stored under a random name: the employee's file name never reaches the file system.
            attachment.file.save(f"{uuid.uuid4().hex}.{checked['kind']}", ContentFile(checked["data"]), save=False)
            rows.add([attachment])
        rows.add(
            [
                audit.build(
                    "hr.leave_requested",
                    obj=leave,
                    actor=actor,
                    data={
                        "type": kind.value,
                        "first": first.isoformat(),
                        "last": last.isoformat(),
                        "working_days": leave.working_days,
                    },
                )
            ]
        )
        with queries.chain_known(employee, (superior, official)):
            cases.open_leave_case(leave, actor=actor, rows=rows)
        if leave._state.adding:
            rows.add([leave])
        else:
            rows.update(LeaveRequest.objects.filter(pk=leave.pk), case=leave.case_id)
        rows.add(_approver_notices(leave), ignore_conflicts=True)
        rows.write(savepoint=False)
    return leave


def _label(leave: LeaveRequest) -> str:
    return rules.LeaveType(leave.leave_type).label


def _notify_approver(leave: LeaveRequest) -> None:
    notices = _approver_notices(leave)
    if notices:
        type(notices[0]).objects.bulk_create(notices, ignore_conflicts=True)


def _approver_notices(leave: LeaveRequest) -> list:
    """The unsaved notice to whoever decides the request next (written with ignore_conflicts: once per key)."""
    approver = leave.superior if leave.status == LeaveRequest.Status.SUPERIOR else leave.official
    if approver is None or approver.user is None:
        return []
    return notify.build(
        key=f"leave:{leave.pk}:{leave.status}",
        user=approver.user,
        template="leave_to_decide",
        context={
            "employee": leave.employee.full_name,
            "leave_type": _label(leave),
            "first": rules.format_date(leave.first),
            "last": rules.format_date(leave.last),
            "url": f"/pegawai/persetujuan/{leave.pk}/",
        },
    )


def may_decide(actor_employee: Employee, leave: LeaveRequest, day: dt.date) -> bool:
    approver_id = {LeaveRequest.Status.SUPERIOR: leave.superior_id, LeaveRequest.Status.OFFICIAL: leave.official_id}
    if approver_id.get(leave.status) == actor_employee.pk and leave.employee_id != actor_employee.pk:
        # The approver themself, the usual case: no need to look through everyone they might stand in for
        # (open_decisions_for asks, per member of their team, whether they are away).
        return True
    return queries.open_decisions_for(actor_employee, day).filter(pk=leave.pk).exists()


class _CodeNeeded(Exception):
    """The decision turned out to be the final approval, whose TOTP code is checked outside the transaction."""


def decide(
    *,
    actor,
    leave_id: int,
    decision: str,
    note: str = "",
    today: dt.date | None = None,
    first: dt.date | None = None,
    last: dt.date | None = None,
    otp: str = "",
    until: dt.date | None = None,
) -> LeaveRequest:
    """The current approver (or whoever acts for them today) approves, approves with changed dates
    ("changed": `first`/`last`, checked again by the rules), defers or refuses (BKN reg. 24/2017).

    The final approval (level 2) is also the signature of the surat izin cuti: the deciding official
    gives their own current TOTP code (`otp`) and the permit is issued and PAdES-signed through
    loket.documents in this same transaction — a wrong code or a signing failure changes nothing.

    The official's deferral ("ditangguhkan", level 2) follows `rules.deferral_refusal`: annual leave is deferred
    to the next year, where its days carry in full (up to 24 with that year's own); long leave to `until`, at
    most 1 year, never for the first hajj. It is recorded on the request (`details["deferred_until"]`).

    Who may decide is asked once, here (`may_decide`: the approver, a delegate, or the superior of an
    approver away); the engine then takes the case's step without asking again (workflow.decide_for_kind)."""
    me = _employee(actor)
    if decision not in DECISION_LABELS:
        raise LoketError(tr("Keputusan tidak dikenal.", "Unknown decision."), field="decision")
    if decision in ("rejected", "deferred") and not note.strip():
        raise LoketError(
            tr("Tuliskan alasan bila tidak menyetujui atau menangguhkan.", "Give a reason when refusing or deferring."),
            field="note",
        )
    today = today or timezone.localdate()
    try:
        return _decide(actor, me, leave_id, decision, note, today, first, last, otp, code_checked=False, until=until)
    except _CodeNeeded:
        # The final approval by someone who may give it: the code is checked before the transaction that
        # approves and signs, because a wrong code rolls the approval back but its count towards the lockout,
        # its audit event and a lockout notice must stay (org/second_factor.py). Decisions at level 1 (the
        # usual case) never come here, so they read the request once.
        second_factor.check_code(actor, otp, purpose="hr.leave.final_approval")
    return _decide(actor, me, leave_id, decision, note, today, first, last, otp, code_checked=True, until=until)


def _deferral(leave: LeaveRequest, until: dt.date | None) -> str:
    """The official's deferral checked by the rules; returns the day it is deferred until (ISO)."""
    request = _rule_request(
        rules.LeaveType(leave.leave_type), leave.first, leave.last, [], {**leave.details, "extension": False}
    )
    refusal = rules.deferral_refusal(request, until)
    if refusal:
        raise LoketError(refusal, field="until")
    if request.leave_type is rules.LeaveType.ANNUAL:
        until = rules.annual_deferred_until(leave.first)
    return until.isoformat()


def _decide(
    actor, me, leave_id, decision, note, today, first, last, otp, *, code_checked: bool, until=None
) -> LeaveRequest:
    with transaction.atomic():
        leave = queries.leave_for_decision(leave_id)
        if leave is None:
            raise NotFound(tr("Permohonan cuti tidak ditemukan.", "Leave request not found."))
        if leave.status not in LeaveRequest.OPEN or not may_decide(me, leave, today):
            raise PermissionDenied(
                tr("Anda tidak berwenang memutuskan permohonan cuti ini.", "You may not decide this leave request.")
            )
        level = 1 if leave.status == LeaveRequest.Status.SUPERIOR else 2
        _refuse_second_level(me, leave, level)
        if level == 2 and decision in ("approved", "changed") and not code_checked:
            raise _CodeNeeded  # nothing written yet: the transaction rolls back
        approver = leave.superior if level == 1 else leave.official
        if decision == "changed":
            note = _change_dates(leave, first, last, note)
        if decision == "deferred" and level == 2:
            leave.details = {**leave.details, DEFERRED_UNTIL: _deferral(leave, until)}
            deferred_until = rules.format_date(dt.date.fromisoformat(leave.details[DEFERRED_UNTIL]))
            note = f"Ditangguhkan sampai dengan {deferred_until}. {note.strip()}"
            LeaveRequest.objects.filter(pk=leave.pk).update(details=leave.details)
        # Written together (one round trip on PostgreSQL) with the case's step further down.
        rows = batch.Batch()
        rows.add(
            [
                LeaveDecision(
                    request=leave, level=level, decision=decision, approver=approver, acted_by=me, note=note[:500]
                )
            ]
        )
        if decision in ("approved", "changed"):
            leave.status = LeaveRequest.Status.OFFICIAL if level == 1 else LeaveRequest.Status.APPROVED
        else:
            leave.status = LeaveRequest.Status.REJECTED if decision == "rejected" else LeaveRequest.Status.DEFERRED
        if leave.status not in LeaveRequest.OPEN:
            leave.decided_at = timezone.now()
        rows.update_row(LeaveRequest, leave.pk, status=leave.status, decided_at=leave.decided_at)
        rows.add(
            [
                audit.build(
                    "hr.leave_decided",
                    obj=leave,
                    actor=actor,
                    data={"level": level, "decision": decision, "approver": approver.nip, "acted_by": me.nip},
                )
            ]
        )
        if leave.status == LeaveRequest.Status.APPROVED:
            rows.write(savepoint=False)  # the permit lists the decisions: this one is among them
            _issue_permit(leave, signed_by=me, otp=otp, verify_second_factor=False)
        # The next step goes to the official this request names (the one may_decide lets decide it).
        with (
            queries.employee_known(leave.employee),
            queries.chain_known(leave.employee, (leave.superior, leave.official)),
        ):
            _decide_case_step(leave, actor=actor, decision=decision, note=note, rows=rows)
        if leave.status == LeaveRequest.Status.OFFICIAL:
            rows.add(_approver_notices(leave), ignore_conflicts=True)
        if leave.employee.user is not None:
            rows.add(
                notify.build(
                    key=f"leave:{leave.pk}:decided:{level}",
                    user=leave.employee.user,
                    template="leave_decided",
                    context={
                        "leave_type": _label(leave),
                        "first": rules.format_date(leave.first),
                        "last": rules.format_date(leave.last),
                        "decision": DECISION_LABELS[decision],
                        "approver": me.full_name,
                        "note": note,
                        "url": f"/pegawai/cuti/{leave.pk}/",
                    },
                ),
                ignore_conflicts=True,
            )
        rows.write(savepoint=False)
    return leave


def _refuse_second_level(me: Employee, leave: LeaveRequest, level: int) -> None:
    """One person never takes both levels of one request (leave.rules.second_level_refusal), as the official's plh
    neither: before the TOTP code is asked. Who gave the consideration for the superior (their plh, a superior
    stepping in) is the engine's to refuse (the case's approved task); a request not on the engine reads it here."""
    level_one_actor = None
    if level == 2 and leave.case_id is None:
        level_one_actor = (
            LeaveDecision.objects.filter(request_id=leave.pk, level=1).values_list("acted_by_id", flat=True).first()
        )
    if rules.second_level_refusal(
        level=level, actor=me.pk, superior=leave.superior_id, level_one_actor=level_one_actor
    ):
        raise PermissionDenied(
            tr(
                "Anda sudah memberi pertimbangan atas permohonan cuti ini sebagai atasan langsung; keputusan pejabat "
                "yang berwenang harus diambil orang lain (cuti memerlukan dua orang yang berbeda).",
                "You already gave the consideration on this leave request as the direct superior; the authorized "
                "official's decision must be taken by someone else (leave needs two different people).",
            )
        )


def _decide_case_step(leave: LeaveRequest, *, actor, decision: str, note: str, rows=None) -> None:
    """Take the decision on the case's open step: its task leaves the decider's inbox and the engine opens
    the next step (the official's) or ends the case, with its history, clock and notices. Who may decide was
    asked by `decide` (may_decide) in this transaction: the engine does not ask again."""
    if leave.case_id is None:
        return  # a request filed before the engine carried leave and not migrated (hr.cases.attach_missing_cases links them)
    action = "approve" if decision in ("approved", "changed") else "reject"
    reason = note or DECISION_LABELS[decision]
    workflow.decide_for_kind(
        actor=actor,
        application_id=leave.case_id,
        action=action,
        note=reason if action == "reject" else note,
        rows=rows,
    )


def _change_dates(leave: LeaveRequest, first: dt.date | None, last: dt.date | None, note: str) -> str:
    """Approve with changed dates: the new period passes the same rules (balance, overlap, limits)."""
    if first is None or last is None:
        raise LoketError(
            tr("Isi tanggal mulai dan selesai yang diubah.", "Give the changed start and end dates."), field="first"
        )
    if (first, last) == (leave.first, leave.last):
        raise LoketError(
            tr("Tanggal tidak berubah; gunakan Setujui.", "The dates are unchanged; use Approve."), field="first"
        )
    request = _rule_request(
        rules.LeaveType(leave.leave_type),
        first,
        last,
        list(leave.attachments.values_list("kind", flat=True)),
        leave.details,
    )
    calendar = calendar_for(leave.employee.region)
    refusals = rules.check_request(request, leave_facts(leave.employee, exclude_pk=leave.pk), calendar)
    if refusals:
        raise LoketError(" ".join(refusals), errors={"__all__": refusals})
    before = f"{rules.format_date(leave.first)} s.d. {rules.format_date(leave.last)}"
    leave.first, leave.last = first, last
    leave.working_days = rules.working_days(first, last, calendar)
    leave.calendar_days = (request.absence_last - first).days + 1
    _record_split(leave.details, first, last, calendar)
    leave.save(update_fields=["first", "last", "working_days", "calendar_days", "details"])
    return (f"Diubah dari {before}. " + note.strip()).strip()


def withdraw(*, actor, leave_id: int) -> LeaveRequest:
    me = _employee(actor)
    with transaction.atomic():
        leave = LeaveRequest.objects.select_for_update().filter(pk=leave_id, employee=me).first()
        if leave is None:
            raise NotFound(tr("Permohonan cuti tidak ditemukan.", "Leave request not found."))
        if leave.status not in LeaveRequest.OPEN:
            raise LoketError(
                tr(
                    "Hanya permohonan yang belum diputuskan dapat dibatalkan.",
                    "Only undecided requests can be withdrawn.",
                )
            )
        leave.status = LeaveRequest.Status.WITHDRAWN
        leave.decided_at = timezone.now()
        leave.save(update_fields=["status", "decided_at"])
        audit.record("hr.leave_withdrawn", obj=leave, actor=actor, data={})
        if leave.case_id is not None:
            engine.withdraw(actor=actor, application=leave.case, reason=tr("Dibatalkan pegawai.", "Withdrawn."))
    return leave


def delegate(*, actor, delegate_nip: str, first: dt.date, last: dt.date) -> Delegation:
    """The actor names a stand-in (plh) for their leave decisions from `first` to `last`."""
    me = _employee(actor)
    if last < first:
        raise LoketError(tr("Tanggal selesai tidak boleh sebelum tanggal mulai.", "The end is before the start."))
    stand_in = Employee.objects.filter(nip=delegate_nip.strip(), agency_id=me.agency_id).first()
    if stand_in is None or stand_in.pk == me.pk:
        raise LoketError(
            tr(
                "Pegawai pengganti harus pegawai lain di perangkat daerah yang sama.",
                "The stand-in must be another employee of the same agency.",
            ),
            field="delegate",
        )
    with transaction.atomic():
        Employee.objects.select_for_update().filter(pk=me.pk).first()  # one delegation of mine at a time
        existing = list(
            Delegation.objects.filter(first__lte=last, last__gte=first).values_list(
                "delegator_id", "delegate_id", "first", "last"
            )
        )
        refusal = rules.delegation_refusal(me.pk, stand_in.pk, first, last, existing)
        if refusal == rules.OVERLAPPING_DELEGATION:
            raise LoketError(
                tr(
                    "Anda sudah menunjuk pelaksana harian (plh) untuk sebagian tanggal ini; satu plh pada satu waktu.",
                    "You already named a stand-in (plh) for some of these days; one stand-in at a time.",
                ),
                field="first",
            )
        if refusal == rules.DELEGATION_CYCLE:
            raise LoketError(
                tr(
                    "Pegawai ini (atau plh-nya) sedang digantikan oleh Anda pada tanggal tersebut; penunjukan "
                    "timbal balik tidak diperbolehkan.",
                    "This employee (or their stand-in) is being stood in for by you on those days; mutual "
                    "delegation is not allowed.",
                ),
                field="delegate",
            )
        _refuse_plh_rank(me, stand_in)
        delegation = Delegation.objects.create(delegator=me, delegate=stand_in, first=first, last=last)
        audit.record(
            "hr.leave_delegated",
            obj=delegation,
            actor=actor,
            data={"delegate": stand_in.nip, "first": first.isoformat(), "last": last.isoformat()},
        )
    return delegation


def plh_levels_below() -> int:
    """How many levels below the delegator a plh may be (setting LOKET_PLH_LEVELS_BELOW; rules.PLH_LEVELS_BELOW)."""
    from django.conf import settings

    return int(getattr(settings, "LOKET_PLH_LEVELS_BELOW", rules.PLH_LEVELS_BELOW))


def _refuse_plh_rank(me: Employee, stand_in: Employee) -> None:
    """A plh holds a position of the same level or one below, in the delegator's unit or its line (leave.rules.
    plh_rank_refusal, SE Kepala BKN 1/SE/I/2021); refused with the reason in the delegation form."""
    from loket.org.models import Unit

    parents = dict(Unit.objects.filter(agency_id=me.agency_id).values_list("pk", "parent_id"))
    mine = rules.position_level(me.position_type, me.grade)
    theirs = rules.position_level(stand_in.position_type, stand_in.grade)
    refusal = rules.plh_rank_refusal(
        delegator_level=mine,
        delegate_level=theirs,
        delegate_unit=stand_in.unit_id,
        delegator_line=rules.unit_line(me.unit_id, parents),
        levels_below=plh_levels_below(),
    )
    if refusal is None:
        return
    name = stand_in.full_name
    messages = {
        rules.PLH_ABOVE: (
            f"{name} menduduki jabatan yang lebih tinggi dari jabatan Anda. Pelaksana harian (plh) ditunjuk dari "
            "pejabat yang setingkat atau satu tingkat di bawah Anda (SE Kepala BKN Nomor 1/SE/I/2021); bila Anda "
            "cuti tanpa plh, atasan Anda yang memutuskan.",
            f"{name} holds a higher position than yours. A stand-in (plh) holds a position at your level or one "
            "below (BKN circular 1/SE/I/2021); while you are on leave without one, your superior decides.",
        ),
        rules.PLH_TOO_LOW: (
            f"Jabatan {name} lebih dari {plh_levels_below()} tingkat di bawah jabatan Anda. Pelaksana harian (plh) "
            "ditunjuk dari pejabat yang setingkat atau satu tingkat di bawah Anda (SE Kepala BKN Nomor 1/SE/I/2021).",
            f"{name}'s position is more than {plh_levels_below()} level(s) below yours. A stand-in (plh) holds a "
            "position at your level or one below (BKN circular 1/SE/I/2021).",
        ),
        rules.PLH_OUTSIDE_LINE: (
            f"{name} bekerja di luar unit Anda dan garis kewenangannya. Pelaksana harian (plh) ditunjuk dari unit "
            "Anda, unit di atasnya, atau unit di bawahnya (SE Kepala BKN Nomor 1/SE/I/2021).",
            f"{name} works outside your unit and its line of command. A stand-in (plh) comes from your unit, the "
            "units above it or the units below it (BKN circular 1/SE/I/2021).",
        ),
    }
    raise LoketError(tr(*messages[refusal]), field="delegate")


# --- the permit (surat izin cuti) --------------------------------------------------------------------


def permit_context(leave: LeaveRequest) -> dict:
    """Fields of the surat izin cuti (BKN reg. 24/2017 form), for loket.documents to render and sign."""
    employee = leave.employee
    permit = getattr(leave, "permit", None)
    return {
        "number": permit.number if permit else "",
        "employee_name": employee.full_name,
        "nip": employee.nip,
        "rank": employee.rank,
        "position": employee.position_name,
        "unit": employee.unit.name if employee.unit else "",
        "agency": employee.agency.name,
        "leave_type": _label(leave),
        "first": rules.format_date(leave.first),
        "last": rules.format_date(leave.last),
        "working_days": leave.working_days,
        "calendar_days": leave.calendar_days,
        "travel_days": _travel_days(leave.details),
        "back_after": rules.format_date(leave.last + dt.timedelta(days=_travel_days(leave.details))),
        "address": leave.address,
        "year_balance": _balance_dict(employee, leave.first.year)
        if leave.leave_type == rules.LeaveType.ANNUAL
        else None,
        # A leave across 1 January is charged to both years: the permit states the second year's balance too.
        "next_year_balance": _balance_dict(employee, leave.last.year)
        if leave.leave_type == rules.LeaveType.ANNUAL and leave.last.year != leave.first.year
        else None,
        "official_name": leave.official.full_name if leave.official else "",
        "official_nip": leave.official.nip if leave.official else "",
        "official_position": leave.official.position_name if leave.official else "",
        "decisions": [
            {
                "level": d.get_level_display(),
                "decision": d.get_decision_display(),
                "by": d.acted_by.full_name,
                "on_behalf_of": d.approver.full_name if d.approver_id != d.acted_by_id else "",
                "at": d.at.date().isoformat(),
            }
            for d in leave.decisions.select_related("acted_by", "approver")
        ],
    }


def _balance_dict(employee: Employee, year: int) -> dict:
    balance = annual_balance(employee, year)
    return {
        "N-2": balance.from_n_minus_2,
        "N-1": balance.from_n_minus_1,
        "ditangguhkan": balance.deferred,
        "N": balance.own,
        "taken": balance.taken,
        "remaining": balance.remaining,
    }


PERMIT_CLASSIFICATION = "800.1.11.4"  # archive classification of leave (cuti) letters


def permit_subject(leave: LeaveRequest, context: dict):
    """The surat izin cuti as a loket.documents subject: the letter text composed from `permit_context`."""
    from loket.documents.services import Subject

    employee = leave.employee
    kind = rules.LeaveType(leave.leave_type)
    label = rules.LEAVE_LABELS[kind]
    lines = [
        f"Diberikan {label} kepada Pegawai Negeri Sipil:"
        if employee.status != Employee.Status.PPPK
        else f"Diberikan {label} kepada Pegawai Pemerintah dengan Perjanjian Kerja:",
        "",
        f"Nama: {context['employee_name']}\nNIP: {context['nip']}\nPangkat/golongan ruang: {context['rank'] or '-'}\n"
        f"Jabatan: {context['position'] or '-'}\nSatuan organisasi: "
        f"{', '.join(x for x in [context['unit'], context['agency']] if x)}",
        "",
        f"selama {context['working_days']} hari kerja ({context['calendar_days']} hari kalender), terhitung mulai "
        f"tanggal {context['first']} sampai dengan tanggal {context['last']}"
        + (
            f", ditambah {context['travel_days']} hari kalender untuk perjalanan ke tempat yang sulit perhubungannya "
            f"sampai dengan tanggal {context['back_after']}"
            if context.get("travel_days")
            else ""
        )
        + (f", dengan alamat selama menjalankan cuti: {context['address']}" if context.get("address") else "")
        + ", dengan ketentuan sebagai berikut:",
        "",
        f"a. Sebelum menjalankan {label}, wajib menyerahkan pekerjaannya kepada atasan langsungnya atau pejabat "
        "lain yang ditentukan.\n"
        f"b. Setelah selesai menjalankan {label}, wajib melaporkan diri kepada atasan langsungnya dan bekerja "
        "kembali sebagaimana biasa.",
    ]
    balance = context.get("year_balance")
    if balance:
        lines += ["", f"Sisa hak cuti tahunan {leave.first.year} setelah cuti ini: {balance['remaining']} hari kerja."]
        following = context.get("next_year_balance")
        if following:
            lines[-1] += f" Sisa hak cuti tahunan {leave.last.year}: {following['remaining']} hari kerja."
    lines += [
        "",
        f"Demikian surat izin {label} ini dibuat untuk dapat dipergunakan sebagaimana mestinya "
        "(Peraturan Pemerintah Nomor 11 Tahun 2017 jo. Peraturan Pemerintah Nomor 17 Tahun 2020; "
        "Peraturan BKN Nomor 24 Tahun 2017).",
    ]
    return Subject(
        type="hr.leave_permit",
        ref=str(leave.pk),
        label=f"{label.capitalize()} {rules.format_date(leave.first)} s.d. {rules.format_date(leave.last)}",
        agency=employee.agency,
        holder=employee.user,
        holder_name=employee.full_name,
        title=f"Surat Izin {label.title()}",
        body="\n".join(lines),
        classification=PERMIT_CLASSIFICATION,
        kind="izin",
        case=leave.case,
    )


def _issue_permit(
    leave: LeaveRequest, *, signed_by: Employee, otp: str = "", verify_second_factor: bool = True, now=None
) -> LeavePermit:
    """Issue the surat izin cuti as a signed PDF (loket.documents: number per agency and year, PAdES signature of
    `signed_by` with their own TOTP) and record it. Runs inside the approving transaction."""
    from loket.documents import services as documents

    if leave.employee.user is None:
        raise LoketError(
            tr(
                "Pegawai belum memiliki akun; surat izin cuti tidak dapat diterbitkan.",
                "The employee has no account; the leave permit cannot be issued.",
            )
        )
    if signed_by.user is None:
        raise PermissionDenied(tr("Penanda tangan belum memiliki akun.", "The signer has no account."))
    context = permit_context(leave)
    document = documents.issue_and_sign(
        subject=permit_subject(leave, context),
        signer=signed_by.user,
        otp=otp,
        signer_title=signer_title(signed_by, leave.official),
        signer_name=signed_by.full_name,
        now=now or leave.decided_at,
        verify_second_factor=verify_second_factor,
    )
    context["number"] = document.number
    permit = LeavePermit.objects.create(
        request=leave, number=document.number[:60], signed_by=signed_by, context=context, document_id=document.code
    )
    audit.record(
        "hr.leave_permit_issued",
        obj=permit,
        actor=signed_by.user,
        data={"number": permit.number, "document": document.code},
    )
    return permit


def sign_existing_permit(*, permit: LeavePermit, verify_second_factor: bool = False) -> LeavePermit:
    """Give an approved leave's permit record its signed PDF (used by the demo for its seeded history,
    signing on the official's behalf). Idempotent: a permit with a document is left as it is."""
    if permit.document_id:
        return permit
    from loket.documents import services as documents

    leave = permit.request
    context = permit_context(leave)
    with transaction.atomic():
        document = documents.issue_and_sign(
            subject=permit_subject(leave, context),
            signer=permit.signed_by.user,
            signer_title=signer_title(permit.signed_by, leave.official),
            signer_name=permit.signed_by.full_name,
            now=leave.decided_at,
            verify_second_factor=verify_second_factor,
        )
        context["number"] = document.number
        permit.number, permit.context, permit.document_id = document.number[:60], context, document.code
        permit.save(update_fields=["number", "context", "document_id"])
    return permit


def attach_permit_document(*, permit: LeavePermit, document_id: str) -> None:
    """Record the signed PDF (its loket.documents verification code) of a permit."""
    LeavePermit.objects.filter(pk=permit.pk).update(document_id=str(document_id)[:64])
