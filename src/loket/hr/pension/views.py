"""Pages of e-Pensiun. Employees (/pegawai/pensiun/): their retirement date, their pension file to check and complete
(family, bank account) and confirm, early retirement on request; the official's list of decrees to sign. BKD
(/kantor/kepegawaian/pensiun/): the files by status, opening a file on death or incapacity, one file's verification,
BKN's approval and cancellation. Every page works without JavaScript (plain forms, one action per button)."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from loket.core.errors import LoketError, NotFound
from loket.core.i18n import tr
from loket.hr import queries
from loket.hr.models import PensionFamilyMember, PensionFile
from loket.hr.pension import rules
from loket.hr.pension import services as pensions
from loket.hr.views import _nav, bkn_approval_action, decree_action, decree_signature, employee_page, hr_page
from loket.org import permissions


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def _edit_actions(request, file: PensionFile) -> dict:
    """The actions completing a file in confirmation (the employee's page and BKD's): name -> a callable doing it
    and returning the success message."""
    post = request.POST

    def family_add() -> str:
        pensions.add_family_member(
            actor=request.user,
            file_id=file.pk,
            relation=post.get("relation", ""),
            name=post.get("name", ""),
            birth_date=_day(post.get("birth_date", "")),
        )
        return tr("Anggota keluarga ditambahkan.", "Family member added.")

    def family_remove() -> str:
        member = post.get("member", "")
        pensions.remove_family_member(
            actor=request.user, file_id=file.pk, member_id=int(member) if member.isdigit() else 0
        )
        return tr("Anggota keluarga dihapus.", "Family member removed.")

    def account() -> str:
        pensions.save_account(
            actor=request.user,
            file_id=file.pk,
            bank=post.get("bank", ""),
            number=post.get("bank_account", ""),
            holder=post.get("account_holder", ""),
        )
        return tr("Rekening bank disimpan.", "Bank account saved.")

    def confirm() -> str:
        pensions.confirm(actor=request.user, file_id=file.pk)
        return tr(
            "Berkas pensiun dikonfirmasi dan diteruskan ke BKD untuk diverifikasi.",
            "Pension file confirmed and sent to the HR office for verification.",
        )

    return {"family_add": family_add, "family_remove": family_remove, "account": account, "confirm": confirm}


def _edit_context(file: PensionFile | None) -> dict:
    return {
        "relations": [(value, label) for value, label in PensionFamilyMember.Relation.choices],
        "banks": [(code, name) for code, (name, _lengths) in pensions.banks().items()],
        "gaps": pensions.confirmation_gaps(file) if file is not None and file.status == "confirmation" else [],
    }


@employee_page
def mine(request, me):
    today = timezone.localdate()
    files = list(pensions.files_of(me))
    live = next((f for f in files if f.status != PensionFile.Status.CANCELLED), None)
    if request.method == "POST":

        def early() -> str:
            pensions.request_early(actor=request.user, on=_day(request.POST.get("on", "")) or today)
            return tr(
                "Permohonan pensiun dini dibuat. Lengkapi data keluarga dan rekening, lalu konfirmasi.",
                "Early retirement requested. Add your family and bank account, then confirm.",
            )

        actions = {"early": early, **(_edit_actions(request, live) if live is not None else {})}
        return decree_action(request, actions, redirect("hr:pension_mine"))
    try:
        bup, pension_date = pensions.retirement_of(me, pensions.current_levels([me.pk]).get(me.pk))
    except rules.UnknownPosition as exc:
        bup, pension_date, unknown = None, None, exc.message
    else:
        unknown = ""
    conditions = pensions.early_conditions()
    return render(
        request,
        "hr/pension_mine.html",
        {
            **_nav(me),
            **_edit_context(live),
            "file": live,
            "editable": live is not None and live.status == "confirmation" and live.kind != "janda_duda",
            "family": list(live.family.all()) if live else [],
            "files": files,
            "bup": bup,
            "pension_date": pension_date,
            "unknown": unknown,
            "opens_on": rules.file_start(pension_date, pensions.months_ahead()) if pension_date else None,
            "early": conditions,
            "early_source": rules.EARLY_SOURCE,
            "early_source_en": rules.EARLY_SOURCE_EN,
            "may_request": live is None and me.left_on is None and me.status in pensions.ACTIVE_STATUSES,
            "today": today,
        },
    )


@employee_page
def sign_list(request, me):
    return render(request, "hr/pension_sign_list.html", {**_nav(me), "items": pensions.to_sign_for(me)})


@require_POST
@employee_page
def sign(request, me, file_id: int):
    return decree_signature(
        request,
        lambda otp: pensions.sign(actor=request.user, file_id=file_id, otp=otp),
        tr(
            "Keputusan pensiun ditandatangani secara elektronik; pegawai diberi tahu.",
            "Pension decree signed electronically; the employee was notified.",
        ),
        redirect("hr:pension_sign_list"),
    )


STATUSES = ("", *PensionFile.Status.values)


@hr_page
def hr_register(request):
    agencies = queries.hr_record_agencies(request.user)
    may_manage = permissions.can_anywhere(request.user, "hr.manage")
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        action = request.POST.get("action", "")
        try:
            if action == "death":
                file = pensions.open_on_death(
                    actor=request.user,
                    nip=request.POST.get("nip", ""),
                    death_date=_day(request.POST.get("death_date", "")),
                )
            elif action == "incapacity":
                file = pensions.open_on_incapacity(
                    actor=request.user,
                    nip=request.POST.get("nip", ""),
                    finding_date=_day(request.POST.get("finding_date", "")),
                )
            else:
                raise LoketError(tr("Tindakan tidak dikenal.", "Unknown action."))
        except NotFound as exc:
            messages.error(request, exc.message)
        except LoketError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, tr("Berkas pensiun dibuka.", "Pension file opened."))
            return redirect("hr:pension_hr_detail", file_id=file.pk)
        return redirect("hr:pension_register")
    status = request.GET.get("status", "")
    status = status if status in STATUSES else ""
    counts = pensions.counts(agencies)
    page = Paginator(pensions.register(agencies, status or None).order_by("pension_date", "pk"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "hr/pension_register.html",
        {
            "page": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number),
            "status": status,
            "statuses": [
                (value, label, PensionFile.EN_CHOICES["status"][value], counts.get(value, 0))
                for value, label in PensionFile.Status.choices
            ],
            "may_manage": may_manage,
            "months_ahead": pensions.months_ahead(),
            "today": timezone.localdate(),
        },
    )


@hr_page
def hr_detail(request, file_id: int):
    file = pensions.for_reader(request.user, None, file_id)
    if file is None:
        raise Http404
    # A BKD officer's own pension is another officer's to verify (ADR 0013): read-only for them here.
    may_manage = permissions.can(request.user, "hr.manage", file.employee.agency_id) and not pensions.own_file(
        request.user, file
    )
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "reveal":  # the bank account number in full: a logged read of personal data (ADR 0013)
            pensions.record_read(file, request.user, "Nomor rekening bank pensiun")
            return _detail_page(request, file, may_manage, revealed=True)
        if not may_manage:
            raise PermissionDenied
        post = request.POST

        def verify() -> str:
            pensions.verify(actor=request.user, file_id=file.pk)
            return tr(
                "Verifikasi BKD tercatat; berkas menunggu pertimbangan teknis BKN.",
                "BKD verification recorded; the file waits for BKN's technical approval.",
            )

        bkn = bkn_approval_action(
            request,
            lambda number, day: pensions.record_bkn_approval(
                actor=request.user, file_id=file.pk, number=number, day=day
            ),
        )

        def cancel() -> str:
            pensions.cancel(actor=request.user, file_id=file.pk, note=post.get("note", ""))
            return tr("Berkas pensiun dibatalkan.", "Pension file cancelled.")

        actions = {**_edit_actions(request, file), "verify": verify, "bkn": bkn, "cancel": cancel}
        return decree_action(request, actions, redirect("hr:pension_hr_detail", file_id=file.pk))
    pensions.record_read(file, request.user, "")
    return _detail_page(request, file, may_manage, revealed=False)


def _detail_page(request, file: PensionFile, may_manage: bool, *, revealed: bool):
    return render(
        request,
        "hr/pension_hr_detail.html",
        {
            **_edit_context(file),
            "file": file,
            "family": list(file.family.all()),
            "may_manage": may_manage,
            "own": pensions.own_file(request.user, file),
            "entered_by": pensions.entered_by_names(file) if file.kind in ("janda_duda", "uzur") else [],
            "four_eyes": pensions.verification_refusal(request.user, file) if file.status == "verification" else None,
            "revealed": revealed,
            "masked": rules.masked_account(file.bank_account),
            "open_statuses": PensionFile.OPEN,
            "editable_here": may_manage and file.status == "confirmation" and file.kind in ("janda_duda", "uzur"),
            "today": timezone.localdate(),
        },
    )
