"""Pages of e-Fungsional: the employee's own credit (/pegawai/angka-kredit/) and the HR office's record of an
employee's functional posts and credit (/kantor/kepegawaian/pegawai/<nip>/fungsional/), where BKD appoints,
records rated periods and ends a post."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from loket.core.errors import LoketError
from loket.core.i18n import choices, tr
from loket.hr import queries
from loket.hr.functional import rules, services
from loket.hr.grades import display_grade
from loket.hr.models import Employee, FunctionalPosition
from loket.hr.views import _nav, decree_action, decree_signature, employee_page, hr_page
from loket.org import permissions


def _context(employee) -> dict:
    standing = services.standing_of(employee)
    language = tr("id", "en")
    result = standing.result
    step_carry = (
        rules.carried_credit(result.step.kind, result.credit, result.step.credit)
        if result is not None and result.eligible and result.step.credit is not None
        else None
    )
    return {
        "employee": employee,
        "standing": standing,
        # the excess of the step in reach and what of it the next step counts, with its basis (excess_credit.csv)
        "step_carry": step_carry,
        "step_carry_text": step_carry.summary(language) if step_carry else "",
        # what the last rank promotion in the level carried into the credit since the rank's TMT
        "rank_carry": standing.carry,
        "rank_carry_text": standing.carry.summary(language) if standing.carry else "",
        "established": services.standing_of(employee, established=True).total,
        "level_label": services.level_label(standing.position.level) if standing.position else "",
        "next_level_label": services.level_label(standing.result.step.to_level) if standing.result else "",
        "next_grade": display_grade(standing.result.step.to_grade) if standing.result else "",
        "levels": [(key, services.level_label(key)) for key in rules.default_table().levels],
        "ratings": [(key, labels) for key, labels in rules.RATING_LABELS.items()],
        "reasons": choices(FunctionalPosition, "reason"),
        "next_types": [
            (value, label)
            for value, label in choices(Employee, "position_type")
            if value in services.NEXT_POSITION_TYPES
        ],
        "positions": list(employee.functional_positions.all()),
    }


@employee_page
def my_credit(request, me):
    return render(
        request,
        "hr/functional.html",
        {**_nav(me), **_context(me), "self_view": True, "paks": _paks(services.paks_of(me))},
    )


def _paks(decrees) -> list:
    """Each PAK with what its next step asks for, in the reader's language."""
    english = tr("id", "en") == "en"
    found = list(decrees)
    for decree in found:
        decree.next_text = services.next_step_text(decree, english=english)
    return found


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
    return render(
        request,
        "hr/functional.html",
        {
            **_context(employee),
            "hr_view": True,
            "may_manage": may_manage,
            "paks": _paks(services.paks_of(employee)),
        },
    )


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
    elif action == "pak":
        decree = services.open_pak(actor=request.user, employee=employee)
        messages.success(
            request,
            tr(
                f"PAK dibuka untuk verifikasi ({decree.case.tracking_number}).",
                f"Credit-point decree opened for verification ({decree.case.tracking_number}).",
            ),
        )
    elif action == "end":
        services.end_position(
            actor=request.user,
            employee=employee,
            last=_day(data.get("last"), "tanggal berhenti", "end date", "last"),
            reason=data.get("reason", ""),
            next_type=data.get("next_type", ""),
            next_name=data.get("next_name", ""),
        )
        messages.success(request, tr("Jabatan fungsional diakhiri.", "Functional post ended."))
    else:
        raise LoketError(tr("Tindakan tidak dikenal.", "Unknown action."))


# --- the credit-point decree (PAK) ---------------------------------------------------------------------------------


@hr_page
def hr_paks(request):
    """BKD's register of PAKs over its agencies; after a year's ratings it opens the PAK of every functional official
    whose credit is not yet established."""
    today = timezone.localdate()
    may_manage = permissions.can_anywhere(request.user, "hr.manage")
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            year = today.year - 1
        if not 2000 <= year <= today.year:
            messages.error(request, tr("Pilih tahun penilaian yang sudah berjalan.", "Choose a past rating year."))
            return redirect("hr:pak_register")
        run = services.open_paks(actor=request.user, year=year)
        messages.success(
            request,
            tr(
                f"PAK dibuka untuk {run.opened} pejabat fungsional; {len(run.skipped)} dilewati.",
                f"Credit-point decrees opened for {run.opened} functional officials; {len(run.skipped)} skipped.",
            ),
        )
        for nip, why in run.skipped[:10]:
            messages.warning(request, f"{nip}: {why}")
        return redirect("hr:pak_register")
    agencies = queries.hr_record_agencies(request.user)
    page = Paginator(services.pak_register(agencies).order_by("-created_at", "pk"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "hr/pak_register.html",
        {
            "page": page,
            "decrees": _paks(page.object_list),
            "page_numbers": page.paginator.get_elided_page_range(page.number),
            "may_manage": may_manage,
            "years": list(range(today.year, today.year - 4, -1)),
            "default_year": today.year - 1,
        },
    )


@hr_page
def pak_hr_detail(request, pak_id: int):
    decree = services.pak_for_hr(request.user, pak_id)
    if decree is None:
        raise Http404
    may_manage = permissions.can(request.user, "hr.manage", decree.employee.agency_id)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        post = request.POST

        def verify() -> str:
            services.verify_pak(actor=request.user, pak_id=decree.pk, note=post.get("note", ""))
            return tr(
                "Verifikasi BKD tercatat; PAK diteruskan ke pejabat yang berwenang.",
                "Verification recorded; the decree goes to the authorized official.",
            )

        def cancel() -> str:
            services.cancel_pak(actor=request.user, pak_id=decree.pk, note=post.get("note", ""))
            return tr("PAK dibatalkan.", "Credit-point decree cancelled.")

        return decree_action(
            request, {"verify": verify, "cancel": cancel}, redirect("hr:pak_hr_detail", pak_id=decree.pk)
        )
    return render(
        request,
        "hr/pak_hr_detail.html",
        {"d": _paks([decree])[0], "entries": list(decree.entries.order_by("first")), "may_manage": may_manage},
    )


@employee_page
def pak_sign_list(request, me):
    return render(request, "hr/pak_sign_list.html", {**_nav(me), "items": _paks(services.paks_to_sign_for(me))})


@require_POST
@employee_page
def pak_sign(request, me, pak_id: int):
    return decree_signature(
        request,
        lambda otp: services.sign_pak(actor=request.user, pak_id=pak_id, otp=otp),
        tr(
            "Penetapan angka kredit ditandatangani secara elektronik; pegawai diberi tahu.",
            "Credit-point decree signed electronically; the employee was notified.",
        ),
        redirect("hr:pak_sign_list"),
    )
