"""HTML pages of loket.hr.

Self-service (/pegawai/...): any signed-in user linked to an Employee — own profile, leave, documents,
decisions they may take, their team (unit heads). HR back office (/kantor/kepegawaian/...): hr.view and
hr.manage within the region scope of the hr_admin role.
"""

import calendar as month_calendar
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from loket.core.errors import LoketError, NotFound
from loket.core.errors import PermissionDenied as LoketPermissionDenied
from loket.core.i18n import choice_label, tr
from loket.hr import queries, services
from loket.hr.functional.services import paks_to_sign_for as paks_to_sign
from loket.hr.importing import COLUMNS, REQUIRED
from loket.hr.kgb import services as kgb_services
from loket.hr.leave import rules
from loket.hr.leave import services as leave_services
from loket.hr.models import Employee, LeaveRequest
from loket.hr.pension.services import to_sign_for as pensions_to_sign
from loket.hr.performance.rules import PERIODS, RATINGS
from loket.hr.performance.rules import label as rating_label
from loket.hr.performance.services import history_of as performance_history
from loket.hr.promotion.services import to_sign_for as promotions_to_sign
from loket.hr.transfer.services import to_approve_for as transfers_to_approve
from loket.hr.transfer.services import to_sign_for as transfers_to_sign
from loket.org import permissions
from loket.org.decorators import staff_page


def employee_page(view=None, *, hr_reads: bool = False):
    """Login required; the account must be linked to an employee record; service refusals become 403/404.

    With `hr_reads`, BKD staff (hr.view / hr.manage somewhere) without an employee record are let in too, with
    `me=None`: the view checks the record's own scope (the HR profile page links to these pages)."""
    if view is None:
        return lambda wrapped_view: employee_page(wrapped_view, hr_reads=hr_reads)

    @login_required
    def wrapped(request, *args, **kwargs):
        try:
            me = queries.employee_reader(request.user, hr_reads=hr_reads)
            return view(request, me, *args, **kwargs)
        except LoketPermissionDenied as exc:
            raise PermissionDenied(exc.message) from exc
        except NotFound as exc:
            raise Http404(exc.message) from exc

    wrapped.__name__ = view.__name__
    return wrapped


def decree_action(request, actions, back):
    """A POST on a decree's page (BKD's on promotion, PAK, pension and transfer files; the employee's on their pension
    file): runs the action named by the form (`actions`: name -> a
    callable doing it and returning the success message); a refusal is shown on the page, a record gone is 404.
    Returns the redirect to `back`."""
    handler = actions.get(request.POST.get("action", ""))
    try:
        if handler is None:
            raise LoketError(tr("Tindakan tidak dikenal.", "Unknown action."))
        messages.success(request, handler())
    except NotFound:
        raise Http404 from None
    except LoketError as exc:
        messages.error(request, exc.message)
    return back


def bkn_approval_action(request, record):
    """BKD's "BKN's technical approval came" on a decree's page (promotion, pension, transfer), for `decree_action`:
    `record(number, day)` with the form's number and date (None when it is no date: the service refuses it)."""

    def action() -> str:
        try:
            day = dt.date.fromisoformat(request.POST.get("bkn_date", "").strip())
        except ValueError:
            day = None
        record(request.POST.get("bkn_number", ""), day)
        return tr(
            "Pertimbangan teknis BKN tercatat; keputusan diteruskan ke pejabat yang berwenang.",
            "BKN approval recorded; the decree goes to the authorized official.",
        )

    return action


def decree_signature(request, sign, success: str, back):
    """The official's POST signing a decree with their TOTP code (`sign(otp)`): a wrong code or a refusal of the
    decree's state is shown; who may not sign at all, or a decree not found, gets the error page. Returns `back`."""
    try:
        sign(request.POST.get("otp", ""))
    except LoketError as exc:
        if isinstance(exc, (LoketPermissionDenied, NotFound)) and exc.field != "otp":
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return back


def _nav(me: Employee | None) -> dict:
    if me is None:  # BKD staff reading an employee's record (employee_page(hr_reads=True)): no employee menu
        return {
            "me": None,
            "is_head": False,
            "open_decisions": 0,
            "kgb_to_sign": 0,
            "promotion_to_sign": 0,
            "pension_to_sign": 0,
            "pak_to_sign": 0,
            "transfer_to_approve": 0,
            "transfer_to_sign": 0,
        }
    today = timezone.localdate()
    return {
        "me": me,
        "is_head": queries.team_of(me).exists(),
        "open_decisions": queries.open_decisions_for(me, today).count(),
        "kgb_to_sign": queries.kgb_to_sign_for(me).count(),
        "promotion_to_sign": promotions_to_sign(me).count(),
        "pension_to_sign": pensions_to_sign(me).count(),
        "pak_to_sign": paks_to_sign(me).count(),
        "transfer_to_approve": transfers_to_approve(me, today).count(),
        "transfer_to_sign": transfers_to_sign(me, today).count(),
    }


def _profile_context(employee: Employee) -> dict:
    year = timezone.localdate().year
    return {
        "employee": employee,
        "superior": queries.direct_superior(employee),
        "official": queries.authorized_official(employee),
        "balance": leave_services.annual_balance(employee, year),
        "year": year,
        **queries.record_histories(employee),
        "kgb_deferrals": list(employee.kgb_deferrals.all()[:20]),
        "ratings": performance_history(employee),
    }


RATING_CHOICES = {
    "ratings": [(code, rating_label(code)) for code in RATINGS],
    "periods": [(code, names[0]) for code, names in PERIODS.items()],
}

# --- self-service ------------------------------------------------------------------------------------


@employee_page
def my_profile(request, me):
    return render(request, "hr/profile.html", {**_nav(me), **_profile_context(me), "self_view": True})


@employee_page
def my_leave(request, me):
    year = timezone.localdate().year
    return render(
        request,
        "hr/leave_list.html",
        {
            **_nav(me),
            "requests": queries.leave_requests_of(me),
            "balance": leave_services.annual_balance(me, year),
            "year": year,
        },
    )


# The leave form's choices, each label in Indonesian and English (`choices_in` picks the reader's language).
LEAVE_CHOICES = [
    (kind.value, rules.LEAVE_LABELS[kind].capitalize(), rules.LEAVE_LABELS_EN[kind].capitalize())
    for kind in rules.LeaveType
    if kind != rules.LeaveType.COLLECTIVE
]  # cuti bersama is decreed, never requested
IMPORTANT_CHOICES = [
    (rules.ImportantReason.FAMILY_GRAVELY_ILL, "Keluarga sakit keras", "A family member gravely ill"),
    (rules.ImportantReason.FAMILY_DECEASED, "Keluarga meninggal dunia", "A death in the family"),
    (rules.ImportantReason.OWN_MARRIAGE, "Melangsungkan perkawinan", "Own wedding"),
    (rules.ImportantReason.WIFE_CAESAREAN, "Istri melahirkan dengan operasi sesar", "Wife giving birth by caesarean"),
    (rules.ImportantReason.FIRE_OR_DISASTER, "Kebakaran atau bencana alam", "Fire or natural disaster"),
]
SICK_CHOICES = [
    (rules.SickKind.GENERAL, "Sakit", "Illness"),
    (rules.SickKind.MISCARRIAGE, "Gugur kandungan", "Miscarriage"),
    (rules.SickKind.WORK_ACCIDENT, "Kecelakaan kerja", "Work accident"),
]
LONG_CHOICES = [
    (rules.LongLeaveReason.GENERAL, "Umum", "General"),
    (rules.LongLeaveReason.FIRST_HAJJ, "Ibadah haji pertama", "First hajj pilgrimage"),
    (
        rules.LongLeaveReason.FOURTH_OR_LATER_BIRTH,
        "Persalinan anak keempat atau seterusnya",
        "Birth of a fourth or later child",
    ),
]
ATTACHMENT_CHOICES = [
    ("", "—", "—"),
    ("surat_dokter", "Surat keterangan dokter", "Doctor's certificate"),
    ("surat_dokter_pemerintah", "Surat keterangan dokter pemerintah", "Government doctor's certificate"),
    ("pendukung", "Dokumen pendukung lain", "Other supporting document"),
]


def choices_in(triples) -> list[tuple[str, str]]:
    """(value, label) in the reader's language from (value, Indonesian, English)."""
    return [(value, tr(indonesian, english)) for value, indonesian, english in triples]


def _date(value: str, label: str, errors: dict, key: str):
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        errors[key] = [tr(f"{label} wajib diisi dengan tanggal yang benar.", f"{label}: enter a valid date.")]
        return None


@employee_page
def leave_new(request, me):
    errors: dict = {}
    posted = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        first = _date(posted.get("first"), tr("Tanggal mulai", "Start date"), errors, "first")
        last = _date(posted.get("last"), tr("Tanggal selesai", "End date"), errors, "last")
        upload = request.FILES.get("attachment")
        if errors and upload:  # say what is wrong with the file now too, not only after the dates are fixed
            try:
                leave_services.check_attachment(request.user, upload)
            except LoketError as exc:
                errors.update(exc.errors)
        if not errors:
            attachments = []
            if upload:
                attachments.append((posted.get("attachment_kind") or "pendukung", upload))
            try:
                leave = leave_services.request_leave(
                    actor=request.user,
                    leave_type=posted.get("leave_type", ""),
                    first=first,
                    last=last,
                    reason=posted.get("reason", ""),
                    address=posted.get("address", ""),
                    attachments=attachments,
                    details={
                        key: posted.get(key)
                        for key in (
                            "sick_kind",
                            "important_reason",
                            "child_number",
                            "long_leave_reason",
                            "extension",
                            "travel_days",
                        )
                    },
                )
            except LoketError as exc:
                errors = exc.errors or {"__all__": [exc.message]}
                if "__all__" not in errors:
                    errors["__all__"] = [exc.message]
            else:
                messages.success(
                    request,
                    tr("Permohonan cuti terkirim ke atasan langsung.", "Leave request sent to your direct superior."),
                )
                return redirect("hr:leave_detail", leave_id=leave.pk)
    year = timezone.localdate().year
    return render(
        request,
        "hr/leave_form.html",
        {
            **_nav(me),
            "errors": errors,
            "posted": posted,
            "leave_choices": choices_in(LEAVE_CHOICES),
            "attachment_choices": choices_in(ATTACHMENT_CHOICES),
            "important_choices": choices_in(IMPORTANT_CHOICES),
            "sick_choices": choices_in(SICK_CHOICES),
            "long_choices": choices_in(LONG_CHOICES),
            "balance": leave_services.annual_balance(me, year),
            "year": year,
            "superior": queries.direct_superior(me),
            "official": queries.authorized_official(me),
            # a browser never refills a file input: the employee is told to choose a good file again
            "attachment_to_choose_again": bool(errors and request.FILES.get("attachment")),
        },
        status=400 if errors else 200,
    )


def _leave_for(user, me: Employee | None, leave_id: int) -> LeaveRequest:
    """The request if the user may read it (hr.rules.may_read_leave); 404 otherwise, as for none."""
    leave = queries.leave_for_reader(user, me, leave_id)
    if leave is None:
        raise Http404
    return leave


@employee_page(hr_reads=True)
def leave_detail(request, me, leave_id: int):
    leave = _leave_for(request.user, me, leave_id)
    return render(
        request,
        "hr/leave_detail.html",
        {
            **_nav(me),
            "leave": leave,
            "decisions": queries.leave_decisions_of(leave),
            "deferred_until": leave_services.deferred_until_of(leave),
            "permit": queries.permit_of(leave.pk),
            "attachments": queries.leave_attachments_of(leave),
            "may_decide": me is not None
            and leave.status in LeaveRequest.OPEN
            and leave_services.may_decide(me, leave, timezone.localdate()),
            "own": me is not None and leave.employee_id == me.pk,
        },
    )


@require_POST
@employee_page
def leave_withdraw(request, me, leave_id: int):
    try:
        leave_services.withdraw(actor=request.user, leave_id=leave_id)
        messages.success(request, tr("Permohonan cuti dibatalkan.", "Leave request withdrawn."))
    except LoketError as exc:
        if isinstance(exc, (LoketPermissionDenied, NotFound)):
            raise
        messages.error(request, exc.message)
    return redirect("hr:leave_detail", leave_id=leave_id)


@employee_page(hr_reads=True)
def permit(request, me, leave_id: int):
    leave = _leave_for(request.user, me, leave_id)
    permit_row = queries.permit_of(leave.pk)
    if permit_row is None:
        raise Http404
    return render(
        request, "hr/permit.html", {**_nav(me), "permit": permit_row, "c": permit_row.context, "leave": leave}
    )


@employee_page
def my_documents(request, me):
    return render(
        request,
        "hr/documents.html",
        {
            **_nav(me),
            "permits": queries.permits_of(me),
            "kgb": queries.signed_kgb_of(me),
        },
    )


@employee_page
def decisions(request, me):
    return render(
        request, "hr/decisions.html", {**_nav(me), "requests": queries.open_decisions_for(me, timezone.localdate())}
    )


@employee_page
def decide(request, me, leave_id: int):
    leave = _leave_for(request.user, me, leave_id)
    if request.method != "POST":
        return redirect("hr:leave_detail", leave_id=leave.pk)
    dates = {}
    for key in ("first", "last", "until"):
        try:
            dates[key] = dt.date.fromisoformat(request.POST.get(key, ""))
        except ValueError:
            dates[key] = None
    try:
        leave_services.decide(
            actor=request.user,
            leave_id=leave.pk,
            decision=request.POST.get("decision", ""),
            note=request.POST.get("note", ""),
            otp=request.POST.get("otp", ""),
            **dates,
        )
    except LoketError as exc:
        if isinstance(exc, (LoketPermissionDenied, NotFound)) and exc.field != "otp":  # no TOTP yet: say so
            raise
        messages.error(request, exc.message)
        return redirect("hr:leave_detail", leave_id=leave.pk)
    permit = queries.permit_of(leave.pk)
    if permit is not None and permit.document_id:
        messages.success(
            request,
            tr(
                f"Cuti disetujui; surat izin cuti {permit.number} ditandatangani secara "
                "elektronik dan dikirim ke pegawai.",
                f"Leave approved; leave permit {permit.number} was signed electronically and sent to the employee.",
            ),
        )
    else:
        messages.success(request, tr("Keputusan tersimpan.", "Decision saved."))
    return redirect("hr:decisions")


@employee_page
def team(request, me):
    members = queries.team_roster(me)
    if not members.exists():
        raise PermissionDenied(tr("Anda tidak memimpin unit.", "You do not head a unit."))
    today = timezone.localdate()
    month = request.GET.get("bulan", "")
    try:
        start = dt.date.fromisoformat(month + "-01") if month else today.replace(day=1)
    except ValueError:
        start = today.replace(day=1)
    if not 2000 <= start.year <= 2100:
        start = today.replace(day=1)
    end = start.replace(day=month_calendar.monthrange(start.year, start.month)[1])
    days = [(day, requests) for day, requests in queries.team_calendar(me, start, end) if requests]
    previous = (start - dt.timedelta(days=1)).strftime("%Y-%m")
    following = (end + dt.timedelta(days=1)).strftime("%Y-%m")
    return render(
        request,
        "hr/team.html",
        {
            **_nav(me),
            "members": members,
            "days": days,
            "start": start,
            "previous": previous,
            "following": following,
            "away_today": {
                r.employee_id for _, rs in queries.team_calendar(me, today, today) for r in rs if r.status == "approved"
            },
        },
    )


@employee_page
def team_member(request, me, nip: str):
    employee = queries.team_member(me, nip)
    if employee is None:
        raise Http404
    return render(request, "hr/profile.html", {**_nav(me), **_profile_context(employee), "self_view": False})


@employee_page
def delegation(request, me):
    errors = {}
    if request.method == "POST":
        first = _date(request.POST.get("first"), tr("Tanggal mulai", "Start date"), errors, "first")
        last = _date(request.POST.get("last"), tr("Tanggal selesai", "End date"), errors, "last")
        if not errors:
            try:
                leave_services.delegate(
                    actor=request.user, delegate_nip=request.POST.get("delegate", ""), first=first, last=last
                )
            except LoketError as exc:
                errors = {"__all__": [exc.message]}
            else:
                messages.success(request, tr("Pelaksana harian ditetapkan.", "Stand-in set."))
                return redirect("hr:delegation")
    return render(
        request,
        "hr/delegation.html",
        {
            **_nav(me),
            "errors": errors,
            "posted": request.POST,
            "given": queries.delegations_given(me),
            "received": queries.delegations_received(me),
        },
        status=400 if errors else 200,
    )


@employee_page
def kgb_to_sign(request, me):
    return render(
        request,
        "hr/kgb_sign_list.html",
        {
            **_nav(me),
            "decisions": queries.kgb_to_sign_for(me),
        },
    )


@require_POST
@employee_page
def kgb_sign(request, me, decision_id: int):
    try:
        kgb_services.sign(actor=request.user, decision_id=decision_id, otp=request.POST.get("otp", ""))
    except LoketError as exc:
        if isinstance(exc, (LoketPermissionDenied, NotFound)) and exc.field != "otp":  # no TOTP yet: say so
            raise
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            tr(
                "Pemberitahuan KGB ditandatangani secara elektronik; pegawai diberi tahu.",
                "KGB notice signed electronically; the employee was notified.",
            ),
        )
    return redirect("hr:kgb_to_sign")


@employee_page(hr_reads=True)
def kgb_detail(request, me, decision_id: int):
    decision = queries.kgb_for_reader(request.user, me, decision_id)
    if decision is None:  # hr.rules.may_read_kgb
        raise Http404
    return render(request, "hr/kgb_detail.html", {**_nav(me), "d": decision})


# --- HR back office --------------------------------------------------------------------------------


def hr_page(view):
    @staff_page
    def wrapped(request, *args, **kwargs):
        if not queries.is_hr_reader(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


@hr_page
def hr_home(request):
    agencies = queries.hr_office_agencies(request.user)
    q = request.GET.get("q", "").strip()
    agency = request.GET.get("agency", "")
    employees = queries.hr_employee_search(agencies, q=q, agency_id=int(agency) if agency.isdigit() else None)
    page = Paginator(employees, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "hr/hr_home.html",
        {
            "page": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number),
            "q": q,
            "agencies": agencies,
            "agency": int(agency) if agency.isdigit() else None,
            "may_manage": permissions.can_anywhere(request.user, "hr.manage"),
            "review_count": queries.kgb_in_review_count(agencies),
        },
    )


@hr_page
def hr_employee(request, nip: str):
    employee = queries.hr_employee_for(request.user, nip)
    if employee is None:
        raise Http404
    may_manage = permissions.can(request.user, "hr.manage", employee.agency_id)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        try:
            day = dt.date.fromisoformat(request.POST.get("day", ""))
            leave_services.record_collective_duty(actor=request.user, nip=employee.nip, day=day)
        except ValueError:
            messages.error(request, tr("Pilih hari cuti bersama.", "Choose a collective leave day."))
        except LoketError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, tr("Hari bertugas saat cuti bersama dicatat.", "Duty day recorded."))
        return redirect("hr:hr_employee", nip=employee.nip)
    year = timezone.localdate().year
    return render(
        request,
        "hr/profile.html",
        {
            **_profile_context(employee),
            "self_view": False,
            "hr_view": True,
            "may_manage": may_manage,
            "collective_days": leave_services.collective_leave_days(year),
            "rating_choices": RATING_CHOICES,
            "rating_years": list(range(year, year - 5, -1)),
            "duties": queries.collective_duties_of(employee, year),
        },
    )


@hr_page
def hr_import(request):
    return import_page(
        request, kind="employees", template="hr/import.html", columns=COLUMNS, required=REQUIRED, context={}
    )


def import_page(request, *, kind: str, template: str, columns: dict, required, context: dict):
    """The upload page of an all-or-nothing import (the register, performance ratings): the file is queued as an
    import job of `kind` and the job's page follows; a missing or refused file shows the message on the form."""
    if not permissions.can_anywhere(request.user, "hr.manage"):
        raise PermissionDenied
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise LoketError(tr("Pilih berkas .csv atau .xlsx.", "Choose a .csv or .xlsx file."))
            job = services.start_import(actor=request.user, file_name=upload.name, data=upload.read(), kind=kind)
        except LoketError as exc:
            error = exc.message
        else:
            return redirect("hr:import_job", job_id=job.pk)
    return render(
        request,
        template,
        {
            "error": error,
            "columns": [(name, tr(*words)) for name, words in columns.items()],
            "required": required,
            "jobs": [job for job in queries.import_jobs_of(request.user) if job.kind == kind],
            **context,
        },
        status=400 if error else 200,
    )


@hr_page
def hr_import_job(request, job_id: int):
    job = queries.import_job_for(request.user, job_id)
    if job is None:  # hr.rules.may_read_import_job
        raise Http404
    # Refreshing by itself only when asked for (WCAG 2.2.1: a timed refresh the user has not chosen is a barrier).
    auto = request.GET.get("otomatis") == "1" and not job.finished
    return render(request, "hr/import_job.html", {"job": job, "errors": job.errors[:500], "auto": auto})


@hr_page
def hr_kgb(request):
    if request.method == "POST":
        if not permissions.can_anywhere(request.user, "hr.manage"):
            raise PermissionDenied
        created = kgb_services.draft_due(
            actor=request.user, agencies=permissions.agencies_for(request.user, "hr.manage")
        )
        messages.success(request, tr(f"{created} draf KGB baru.", f"{created} new KGB drafts."))
        return redirect("hr:kgb")
    page = Paginator(queries.kgb_register(queries.hr_record_agencies(request.user)), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "hr/hr_kgb.html",
        {
            "page": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number),
            "may_manage": permissions.can_anywhere(request.user, "hr.manage"),
        },
    )


@require_POST
@hr_page
def hr_kgb_action(request, decision_id: int):
    if not permissions.can_anywhere(request.user, "hr.manage"):
        raise PermissionDenied  # refused before the request is read, whatever it asks for
    action = request.POST.get("action", "")
    try:
        if action == "recheck":
            decision = kgb_services.recheck(actor=request.user, decision_id=decision_id)
            messages.success(
                request,
                tr("Diperiksa ulang: {}.", "Rechecked: {}.").format(choice_label(decision, "status").lower()),
            )
        elif action == "cancel":
            kgb_services.cancel(actor=request.user, decision_id=decision_id, note=request.POST.get("note", ""))
            messages.success(request, tr("Draf KGB dibatalkan.", "KGB draft cancelled."))
        elif action in KGB_REVIEW_MESSAGES:
            _kgb_review(request, decision_id, action)
            messages.success(request, tr(*KGB_REVIEW_MESSAGES[action]))
        else:
            raise LoketError(tr("Tindakan tidak dikenal.", "Unknown action."))
    except NotFound:
        raise Http404 from None
    except LoketError as exc:
        messages.error(request, exc.message)
    return redirect("hr:kgb")


# --- e-KGB: BKD decides a reviewed draft, payroll export (issue 16) ------------------------------------------------

KGB_REVIEW_MESSAGES = {
    "approve": ("Draf KGB diteruskan ke pejabat yang berwenang.", "KGB draft sent to the authorized official."),
    "defer": ("Penundaan KGB dicatat.", "KGB deferral recorded."),
    "reject": ("Draf KGB tidak disetujui.", "KGB draft refused."),
}


def _whole_rupiah(value: str) -> int | None:
    digits = "".join(ch for ch in (value or "") if ch.isdigit())
    if not digits and (value or "").strip():
        raise LoketError(tr("Gaji pokok diisi angka rupiah.", "Enter the base salary in rupiah."), field="new_salary")
    return int(digits) if digits else None


def _kgb_review(request, decision_id: int, action: str) -> None:
    from loket.hr.kgb.deferral import DeferralDecree

    posted = request.POST
    try:
        decree_date = dt.date.fromisoformat(posted.get("decree_date", "").strip()) if action == "defer" else None
    except ValueError:
        decree_date = None
    months = posted.get("months", "").strip()
    kgb_services.decide_review(
        actor=request.user,
        decision_id=decision_id,
        outcome=action,
        note=posted.get("note", ""),
        current_salary=_whole_rupiah(posted.get("current_salary", "")),
        new_salary=_whole_rupiah(posted.get("new_salary", "")),
        decree=DeferralDecree(
            number=posted.get("number", ""),
            decree_date=decree_date,
            months=int(months) if months.isdigit() else None,
            reason=posted.get("reason", ""),
        ),
    )


@hr_page
def hr_kgb_payroll(request):
    """The signed KGB decisions of a period as CSV for payroll (NIP, name, grade, old/new base salary, TMT, decree
    number and date), per agency the user manages HR for."""
    if not permissions.can_anywhere(request.user, "hr.manage"):
        raise PermissionDenied
    agencies = permissions.agencies_for(request.user, "hr.manage").order_by("name")
    error = ""
    if "first" in request.GET:
        try:
            first = dt.date.fromisoformat(request.GET.get("first", ""))
            last = dt.date.fromisoformat(request.GET.get("last", ""))
        except ValueError:
            error = tr("Isi tanggal awal dan akhir periode.", "Enter the start and end of the period.")
        else:
            agency = request.GET.get("agency", "")
            try:
                name, data = kgb_services.payroll_export(
                    actor=request.user, first=first, last=last, agency_id=int(agency) if agency.isdigit() else None
                )
            except LoketError as exc:
                error = exc.message
            else:
                response = HttpResponse(data, content_type="text/csv; charset=utf-8")
                response["Content-Disposition"] = f'attachment; filename="{name}"'
                return response
    return render(
        request,
        "hr/kgb_payroll.html",
        {"agencies": agencies, "error": error, "posted": request.GET},
        status=400 if error else 200,
    )


@require_POST
@employee_page
def kgb_defer(request, me, decision_id: int):
    """The official defers an increase awaiting their signature by a decree they sign (PP 7/1977 art. 13)."""
    months = request.POST.get("months", "").strip()
    try:
        kgb_services.defer_by_official(
            actor=request.user,
            decision_id=decision_id,
            months=int(months) if months.isdigit() else None,
            reason=request.POST.get("reason", ""),
            otp=request.POST.get("otp", ""),
        )
    except LoketError as exc:
        if isinstance(exc, (LoketPermissionDenied, NotFound)) and exc.field != "otp":
            raise
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            tr(
                "Surat keputusan penundaan KGB ditandatangani secara elektronik.",
                "The KGB deferral decree was signed electronically.",
            ),
        )
    return redirect("hr:kgb_to_sign")
