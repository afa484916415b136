"""Pages of e-Fungsional: the employee's own credit (/pegawai/angka-kredit/) and the HR office's record of an
employee's functional posts and credit (/kantor/kepegawaian/pegawai/<nip>/fungsional/), where BKD appoints,
records rated periods and ends a post."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from loket.core.errors import LoketError
from loket.core.i18n import choices, tr
from loket.hr import queries
from loket.hr.functional import rules, services
from loket.hr.grades import display_grade
from loket.hr.models import FunctionalPosition
from loket.hr.views import _nav, employee_page, hr_page
from loket.org import permissions


def _context(employee) -> dict:
    standing = services.standing_of(employee)
    return {
        "employee": employee,
        "standing": standing,
        "level_label": services.level_label(standing.position.level) if standing.position else "",
        "next_level_label": services.level_label(standing.result.step.to_level) if standing.result else "",
        "next_grade": display_grade(standing.result.step.to_grade) if standing.result else "",
        "levels": [(key, services.level_label(key)) for key in rules.default_table().levels],
        "ratings": [(key, labels) for key, labels in rules.RATING_LABELS.items()],
        "reasons": choices(FunctionalPosition, "reason"),
        "positions": list(employee.functional_positions.all()),
    }


@employee_page
def my_credit(request, me):
    return render(request, "hr/functional.html", {**_nav(me), **_context(me), "self_view": True})


def _day(value: str, label_id: str, label_en: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError as exc:
        message = tr(f"Isi {label_id} dengan tanggal yang benar.", f"Enter a valid {label_en}.")
        raise LoketError(message, field=field) from exc


@hr_page
def hr_functional(request, nip: str):
    employee = queries.hr_employee_for(request.user, nip)
    if employee is None:
        raise Http404
    may_manage = permissions.can(request.user, "hr.manage", employee.agency_id)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        try:
            _act(request, employee)
        except LoketError as exc:
            messages.error(request, exc.message)
        return redirect("hr:hr_functional", nip=employee.nip)
    return render(request, "hr/functional.html", {**_context(employee), "hr_view": True, "may_manage": may_manage})


def _act(request, employee) -> None:
    data, action = request.POST, request.POST.get("action")
    if action == "appoint":
        services.appoint(
            actor=request.user,
            employee=employee,
            name=data.get("name", ""),
            level=data.get("level", ""),
            tmt=_day(data.get("tmt"), "TMT", "start date", "tmt"),
            reason=data.get("reason", ""),
            opening_credit=data.get("opening_credit", "0"),
            decree=data.get("decree", ""),
        )
        messages.success(request, tr("Pengangkatan dalam jabatan fungsional dicatat.", "Appointment recorded."))
    elif action == "credit":
        entry = services.record_credit(
            actor=request.user,
            employee=employee,
            first=_day(data.get("first"), "awal periode", "period start", "first"),
            last=_day(data.get("last"), "akhir periode", "period end", "last"),
            rating=data.get("rating", ""),
        )
        language = "en" if tr("id", "en") == "en" else "id"
        messages.success(
            request,
            tr("Angka kredit dicatat: ", "Credit recorded: ") + rules.format_credit(entry.credit, language),
        )
    elif action == "end":
        services.end_position(
            actor=request.user,
            employee=employee,
            last=_day(data.get("last"), "tanggal berhenti", "end date", "last"),
            reason=data.get("reason", ""),
        )
        messages.success(request, tr("Jabatan fungsional diakhiri.", "Functional post ended."))
    else:
        raise LoketError(tr("Tindakan tidak dikenal.", "Unknown action."))
