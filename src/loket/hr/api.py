"""JSON API of loket.hr: the employee's own record and leave (self-service), and HR reads in scope.

Every endpoint needs a caller (session or agency token). Someone outside the scope gets 404, as for a
NIP or request that does not exist.
"""

import datetime

from django.http import Http404
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from loket.core.errors import NotFound
from loket.core.i18n import tr
from loket.hr import queries
from loket.hr.leave import services as leave_services
from loket.hr.models import Employee, LeaveRequest
from loket.org.api import ErrorOut
from loket.org.api_auth import CALLER, caller

router = Router(tags=["kepegawaian"])


class PersonOut(Schema):
    nip: str
    name: str


class BalanceOut(Schema):
    year: int
    from_n_minus_2: int
    from_n_minus_1: int
    own: int
    taken: int
    remaining: int
    deferred: int = 0  # days of last year the official deferred, usable this year only (issue 16)


class EmployeeOut(Schema):
    nip: str
    name: str
    full_name: str
    status: str
    grade: str
    rank: str
    position_type: str
    position_name: str
    agency: str
    unit: str
    superior: PersonOut | None
    official: PersonOut | None
    annual_leave: BalanceOut


class LeaveOut(Schema):
    id: int
    leave_type: str
    first: datetime.date
    last: datetime.date
    working_days: int
    status: str
    status_label: str
    permit_number: str = ""


class LeaveIn(Schema):
    leave_type: str
    first: datetime.date
    last: datetime.date
    reason: str = ""
    address: str = ""
    details: dict = {}


class DecisionIn(Schema):
    decision: str  # approved, changed (with first/last), deferred, rejected
    note: str = ""
    first: datetime.date | None = None
    last: datetime.date | None = None
    otp: str = Field(
        "", description="Kode TOTP pejabat yang berwenang: persetujuan akhir menandatangani surat izin cuti"
    )
    until: datetime.date | None = Field(
        None, description="Cuti besar yang ditangguhkan pejabat: ditangguhkan sampai dengan (paling lama 1 tahun)"
    )


def _person(employee: Employee | None):
    return {"nip": employee.nip, "name": employee.full_name} if employee else None


def _employee_out(employee: Employee) -> dict:
    year = timezone.localdate().year
    balance = leave_services.annual_balance(employee, year)
    return {
        "nip": employee.nip,
        "name": employee.name,
        "full_name": employee.full_name,
        "status": employee.status,
        "grade": employee.grade,
        "rank": employee.rank,
        "position_type": employee.position_type,
        "position_name": employee.position_name,
        "agency": employee.agency.name,
        "unit": employee.unit.name if employee.unit else "",
        "superior": _person(queries.direct_superior(employee)),
        "official": _person(queries.authorized_official(employee)),
        "annual_leave": {
            "year": year,
            "from_n_minus_2": balance.from_n_minus_2,
            "from_n_minus_1": balance.from_n_minus_1,
            "own": balance.own,
            "taken": balance.taken,
            "remaining": balance.remaining,
            "deferred": balance.deferred,
        },
    }


def _leave_out(leave: LeaveRequest) -> dict:
    permit = getattr(leave, "permit", None) if leave.status == LeaveRequest.Status.APPROVED else None
    return {
        "id": leave.pk,
        "leave_type": leave.leave_type,
        "first": leave.first,
        "last": leave.last,
        "working_days": leave.working_days,
        "status": leave.status,
        "status_label": leave.get_status_display(),
        "permit_number": permit.number if permit else "",
    }


def _me(request) -> Employee:
    return queries.require_employee(caller(request))  # the same refusal as the self-service pages


@router.get(
    "/hr/me", auth=CALLER, response={200: EmployeeOut, 401: ErrorOut, 403: ErrorOut}, summary="Data pegawai saya"
)
def me(request):
    """The caller's own employee record, direct superior, authorized official and annual leave balance."""
    return _employee_out(_me(request))


@router.get(
    "/hr/employees/{nip}",
    auth=CALLER,
    response={200: EmployeeOut, 401: ErrorOut, 404: ErrorOut},
    summary="Data pegawai",
)
def employee(request, nip: str):
    """One employee: for themself, their direct superior, or HR (hr.view / hr.manage) of the agency's region."""
    found = queries.visible_employee(caller(request), nip)
    if found is None:
        raise NotFound(tr("Pegawai tidak ditemukan.", "Employee not found."))
    return _employee_out(found)


@router.get(
    "/hr/leave",
    auth=CALLER,
    response={200: list[LeaveOut], 401: ErrorOut, 403: ErrorOut},
    summary="Permohonan cuti saya",
)
def my_leave(request):
    return [_leave_out(leave) for leave in queries.leave_requests_of(_me(request)).select_related("permit")]


@router.post(
    "/hr/leave",
    auth=CALLER,
    response={201: LeaveOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Ajukan cuti",
)
def request_leave(request, body: LeaveIn):
    """File a leave request; refusals (balance, overlap, missing attachment, eligibility) come back as 400
    with the Indonesian reasons, citing the rule. Attachments are uploaded through the web form."""
    _me(request)
    leave = leave_services.request_leave(
        actor=caller(request),
        leave_type=body.leave_type,
        first=body.first,
        last=body.last,
        reason=body.reason,
        address=body.address,
        details=body.details,
    )
    return Status(201, _leave_out(leave))


@router.post(
    "/hr/leave/{leave_id}/decision",
    auth=CALLER,
    response={200: LeaveOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Putuskan permohonan cuti",
)
def decide(request, leave_id: int, body: DecisionIn):
    """The direct superior, then the authorized official (or whoever acts for them today) decides: approved,
    changed (approved for the dates `first`-`last`, checked again by the rules), deferred or rejected (these
    two need a note)."""
    _me(request)
    try:
        leave = leave_services.decide(
            actor=caller(request),
            leave_id=leave_id,
            decision=body.decision,
            note=body.note,
            first=body.first,
            last=body.last,
            otp=body.otp,
            until=body.until,
        )
    except Http404:
        raise NotFound(tr("Permohonan cuti tidak ditemukan.", "Leave request not found.")) from None
    return _leave_out(leave)
