"""Pages of e-Mutasi. Employees (/pegawai/mutasi/): their transfers with the status history and the request form
(a destination chosen from the formations with a vacancy); officials: the transfers awaiting their approval and the
decrees awaiting their signature. BKD (/kantor/kepegawaian/mutasi/): the transfers out of and into its agencies,
opening one on the agency's initiative, one transfer's verification, BKN's approval and cancellation; the formation
(/kantor/kepegawaian/formasi/). Every page works without JavaScript (plain forms, one action per button)."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from loket.core.errors import LoketError, NotFound
from loket.core.errors import PermissionDenied as LoketPermissionDenied
from loket.core.i18n import choices as i18n_choices
from loket.core.i18n import tr
from loket.hr import queries
from loket.hr.models import Employee, Formation, Transfer
from loket.hr.transfer import rules
from loket.hr.transfer import services as transfers
from loket.hr.views import _nav, bkn_approval_action, decree_action, decree_signature, employee_page, hr_page
from loket.org import permissions
from loket.org.models import Unit


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def _int(text: str) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


def vacancies(exclude_agency_unit=None) -> list[Formation]:
    """The formation rows with a vacant place (the request form's destinations), by region, agency and unit."""
    rows = Formation.objects.select_related("agency__region", "unit").order_by(
        "agency__region__name", "agency__name", "unit__name", "position_name"
    )
    found = []
    for row in rows:
        row.free = transfers.vacancy_of(row.agency_id, row.unit_id, row.position_name, row.grade)[0]
        if row.free:
            found.append(row)
    return found


def _open_from_form(request, *, nip: str | None) -> Transfer:
    formation = Formation.objects.filter(pk=_int(request.POST.get("formation", ""))).first()
    if formation is None:
        raise LoketError(tr("Pilih jabatan tujuan.", "Choose the destination."), field="formation")
    values = {
        "to_agency_id": formation.agency_id,
        "to_unit_id": formation.unit_id,
        "position_type": formation.position_type,
        "position_name": formation.position_name,
        "reason": request.POST.get("reason", ""),
        "effective": _day(request.POST.get("effective", "")),
    }
    if nip is None:
        return transfers.request(actor=request.user, **values)
    return transfers.open_for(actor=request.user, nip=nip, **values)


def _history(transfer: Transfer) -> list[dict]:
    """The case's history as the applicant's status page shows it (the engine's events, the clock's waits)."""
    from loket.applications import render as form_render

    if not transfer.case_id:
        return []
    return [
        {"at": e.occurred_at, "text": form_render.event_text(e.kind), "step": e.step_name, "note": e.note}
        for e in transfer.case.events.order_by("occurred_at", "pk")
    ]


@employee_page
def mine(request, me):
    items = list(transfers.transfers_of(me))
    live = next((t for t in items if t.status in Transfer.OPEN), None)
    if request.method == "POST":
        try:
            _open_from_form(request, nip=None)
        except NotFound:
            raise Http404 from None
        except LoketError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                tr(
                    "Permohonan mutasi dibuat dan diteruskan kepada pejabat yang berwenang.",
                    "Transfer requested and sent to the authorized officials.",
                ),
            )
        return redirect("hr:transfer_mine")
    return render(
        request,
        "hr/transfer_mine.html",
        {
            **_nav(me),
            "items": [(t, _history(t)) for t in items],
            "live": live,
            "may_request": live is None and me.left_on is None and me.status == Employee.Status.PNS,
            "vacancies": vacancies() if live is None else [],
            "policy": transfers.policy(),
            "today": timezone.localdate(),
        },
    )


@employee_page
def approve_list(request, me):
    return render(
        request,
        "hr/transfer_approve_list.html",
        {**_nav(me), "items": transfers.to_approve_for(me, timezone.localdate())},
    )


@require_POST
@employee_page
def approve(request, me, transfer_id: int):
    action = request.POST.get("action", "")
    transfers.require_approver(actor=request.user, transfer_id=transfer_id)  # refused before any action is read
    try:
        if action == "approve":
            transfers.approve(actor=request.user, transfer_id=transfer_id, note=request.POST.get("note", ""))
            messages.success(request, tr("Persetujuan mutasi tercatat.", "Transfer approval recorded."))
        elif action == "refuse":
            transfers.refuse(actor=request.user, transfer_id=transfer_id, note=request.POST.get("note", ""))
            messages.success(request, tr("Mutasi tidak disetujui; pegawai diberi tahu.", "Transfer refused."))
        else:
            raise LoketError(tr("Tindakan tidak dikenal.", "Unknown action."))
    except LoketError as exc:
        if isinstance(exc, (LoketPermissionDenied, NotFound)):
            raise
        messages.error(request, exc.message)
    return redirect("hr:transfer_approve_list")


@employee_page
def sign_list(request, me):
    return render(
        request, "hr/transfer_sign_list.html", {**_nav(me), "items": transfers.to_sign_for(me, timezone.localdate())}
    )


@require_POST
@employee_page
def sign(request, me, transfer_id: int):
    return decree_signature(
        request,
        lambda otp: transfers.sign(actor=request.user, transfer_id=transfer_id, otp=otp),
        tr(
            "Keputusan mutasi ditandatangani secara elektronik; pegawai diberi tahu.",
            "Transfer decree signed electronically; the employee was notified.",
        ),
        redirect("hr:transfer_sign_list"),
    )


STATUSES = ("", *Transfer.Status.values)


@hr_page
def hr_register(request):
    agencies = queries.hr_record_agencies(request.user)
    may_manage = permissions.can_anywhere(request.user, "hr.manage")
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        try:
            transfer = _open_from_form(request, nip=request.POST.get("nip", ""))
        except LoketError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, tr("Mutasi dibuka.", "Transfer opened."))
            return redirect("hr:transfer_hr_detail", transfer_id=transfer.pk)
        return redirect("hr:transfer_register")
    status = request.GET.get("status", "")
    status = status if status in STATUSES else ""
    counts = transfers.counts(agencies)
    page = Paginator(transfers.register(agencies, status or None).order_by("-created_at", "pk"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "hr/transfer_register.html",
        {
            "page": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number),
            "status": status,
            "statuses": [
                (value, label, Transfer.EN_CHOICES["status"][value], counts.get(value, 0))
                for value, label in Transfer.Status.choices
            ],
            "may_manage": may_manage,
            "vacancies": vacancies() if may_manage else [],
            "today": timezone.localdate(),
        },
    )


@hr_page
def hr_detail(request, transfer_id: int):
    transfer = transfers.for_reader(request.user, None, transfer_id)
    if transfer is None:
        raise Http404
    may_manage = transfers.hr_may_manage(request.user, transfer)
    receiving = transfers.hr_may_manage(request.user, transfer, receiving_only=True)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        post = request.POST

        def verify() -> str:
            verified = transfers.verify(actor=request.user, transfer_id=transfer.pk)
            if verified.status == Transfer.Status.BKN:
                return tr(
                    "Verifikasi BKD tercatat; mutasi menunggu pertimbangan teknis BKN.",
                    "BKD verification recorded; the transfer waits for BKN's technical approval.",
                )
            return tr(
                "Verifikasi BKD tercatat; keputusan diteruskan ke pejabat yang berwenang.",
                "BKD verification recorded; the decree goes to the authorized official.",
            )

        bkn = bkn_approval_action(
            request,
            lambda number, day: transfers.record_bkn_approval(
                actor=request.user, transfer_id=transfer.pk, number=number, day=day
            ),
        )

        def cancel() -> str:
            transfers.cancel(actor=request.user, transfer_id=transfer.pk, note=post.get("note", ""))
            return tr("Mutasi dibatalkan.", "Transfer cancelled.")

        return decree_action(
            request,
            {"verify": verify, "bkn": bkn, "cancel": cancel},
            redirect("hr:transfer_hr_detail", transfer_id=transfer.pk),
        )
    return render(
        request,
        "hr/transfer_hr_detail.html",
        {
            "t": transfer,
            "history": _history(transfer),
            "may_manage": may_manage,
            "receiving": receiving,
            "needs_bkn": rules.needs_bkn(transfer.kind),
            "open_statuses": Transfer.OPEN,
            "vacancy": transfers.vacancy_of(
                transfer.to_agency_id,
                transfer.to_unit_id,
                transfer.to_position_name,
                transfer.grade,
                exclude=transfer.pk,
            ),
            "today": timezone.localdate(),
        },
    )


@hr_page
def formation(request):
    agencies = queries.hr_office_agencies(request.user)
    managed = permissions.agencies_for(request.user, "hr.manage")
    if request.method == "POST":
        try:
            transfers.save_formation(
                actor=request.user,
                agency_id=_int(request.POST.get("agency", "")) or 0,
                unit_id=_int(request.POST.get("unit", "")),
                position_type=request.POST.get("position_type", ""),
                position_name=request.POST.get("position_name", ""),
                grade=request.POST.get("grade", ""),
                quota=request.POST.get("quota", ""),
                source=request.POST.get("source", ""),
            )
        except NotFound as exc:
            messages.error(request, exc.message)
        except LoketError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, tr("Formasi disimpan.", "Formation saved."))
        return redirect("hr:transfer_formation")
    return render(
        request,
        "hr/transfer_formation.html",
        {
            "rows": transfers.formations(agencies),
            "managed": managed.order_by("name"),
            "units": Unit.objects.filter(agency__in=managed).select_related("agency").order_by("agency__name", "name"),
            "position_types": i18n_choices(Employee, "position_type"),
            "may_manage": managed.exists(),
        },
    )
