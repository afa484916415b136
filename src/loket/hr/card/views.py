"""Pages of e-Kartu. The employee's card (/pegawai/kartu/, phone first, and its PDF); BKD's list of its agencies'
cards (/kantor/kepegawaian/kartu/) and one employee's card (issue, revoke, photo); and the public side, no login:
the online status of a scanned card (/kartu/v/<payload>), the published keys (/kartu/kunci.json), each region's
signed revocation list (/kartu/dicabut/<region>.cwt) and the offline verifier (/kartu/periksa/)."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import http_date
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control

from loket.core.errors import LoketError
from loket.core.i18n import tr
from loket.hr import queries
from loket.hr.card import pdf, rules
from loket.hr.card import services as cards
from loket.hr.grades import rank_label
from loket.hr.models import CardWithdrawal, EmployeeCard
from loket.hr.views import _nav, employee_page, hr_page
from loket.org import permissions


def _reason_label(reason: str) -> tuple[str, str]:
    labels = rules.REASONS.get(reason)
    return (labels[0], labels[1]) if labels else ("", "")


def _card_context(card: EmployeeCard | None, employee, today: dt.date) -> dict:
    if card is None:
        return {"card": None}
    text = cards.qr_text(card)
    status = rules.status_of(
        valid_from=card.valid_from, valid_until=card.valid_until, revoked_on=card.revoked_on, today=today
    )
    return {
        "card": card,
        "facts": card.facts,
        "rank": rank_label(card.facts["grade"]),
        "qr_svg": mark_safe(cards.qr_code(text).svg_inline(scale=4, omitsize=True)),
        "qr_text": text,
        "photo": cards.photo_data_uri(employee),
        "initials": rules.initials(card.facts["name"]),
        "status": status,
        "status_label": rules.STATUS_LABELS[status],
        "reason_label": _reason_label(card.revoke_reason),
    }


def _pdf_response(card: EmployeeCard, employee) -> HttpResponse:
    try:
        photo = bytes(employee.photo.content)
    except type(employee).photo.RelatedObjectDoesNotExist:
        photo = None
    body = pdf.render(card, qr_text=cards.qr_text(card), photo=photo)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="e-kartu-{card.facts["nip"]}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@employee_page
def mine(request, me):
    today = timezone.localdate()
    card = cards.card_for(me, today=today)
    return render(request, "hr/card_mine.html", {**_nav(me), **_card_context(card, me, today)})


@employee_page
def mine_pdf(request, me):
    card = cards.card_for(me)
    if card is None:
        raise Http404
    return _pdf_response(card, me)


# --- BKD ---------------------------------------------------------------------------------------------------------


@hr_page
def hr_list(request):
    agencies = queries.hr_record_agencies(request.user)
    managed = queries.hr_agencies(request.user, "hr.manage")
    if request.method == "POST":
        if not managed.exists():
            raise PermissionDenied
        done = cards.refresh_stale(agencies=managed, actor=request.user)
        messages.success(
            request,
            tr(
                f"{done.issued} kartu baru diterbitkan, {done.reissued} kartu diterbitkan ulang.",
                f"{done.issued} new cards issued, {done.reissued} cards re-issued.",
            ),
        )
        return redirect(request.path)
    employees = (
        cards.active(queries.hr_employee_search(agencies, q=request.GET.get("q", "").strip(), agency_id=None))
        .annotate(has_card=Exists(EmployeeCard.objects.filter(employee=OuterRef("pk"), revoked_at__isnull=True)))
        .select_related("agency")
    )
    page = Paginator(employees, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "hr/card_hr_list.html",
        {
            "page": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number),
            "q": request.GET.get("q", ""),
            "may_manage": managed.exists(),
        },
    )


@hr_page
def hr_card(request, nip: str):
    employee = queries.hr_employee_for(request.user, nip)
    if employee is None:
        raise Http404
    today = timezone.localdate()
    may_manage = permissions.can(request.user, "hr.manage", employee.agency_id)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        try:
            _act(request, employee, today)
        except LoketError as exc:
            messages.error(request, exc.message)
        return redirect(request.path)
    card = cards.latest_card(employee)
    return render(
        request,
        "hr/card_hr.html",
        {
            "employee": employee,
            **_card_context(card, employee, today),
            "history": list(employee.cards.all()[:20]),
            "may_manage": may_manage,
            "left": CardWithdrawal.objects.filter(employee=employee).first(),
            "reasons": [(key, rules.REASONS[key]) for key in rules.MANUAL_REASONS],
            "today": today,
        },
    )


def _act(request, employee, today: dt.date) -> None:
    action = request.POST.get("action", "")
    if action == "issue":
        card = cards.issue(employee, actor=request.user, today=today)
        messages.success(request, tr(f"Kartu {card.serial} diterbitkan.", f"Card {card.serial} issued."))
    elif action == "revoke":
        card = EmployeeCard.objects.filter(employee=employee, revoked_at__isnull=True).first()
        if card is None:
            raise LoketError(tr("Tidak ada kartu yang berlaku.", "There is no card in force."))
        reason = request.POST.get("reason", "")
        if reason not in rules.MANUAL_REASONS:
            raise LoketError(tr("Pilih alasan pencabutan.", "Choose a reason for the revocation."), field="reason")
        try:
            on = dt.date.fromisoformat(request.POST.get("on", "")) if request.POST.get("on") else today
        except ValueError as exc:
            raise LoketError(tr("Tanggal tidak benar.", "The date is not valid."), field="on") from exc
        if on > today:
            raise LoketError(tr("Tanggal tidak boleh setelah hari ini.", "The date cannot be after today."), field="on")
        new = cards.replace_lost(card, on=on, actor=request.user, today=today)
        messages.success(
            request,
            tr(
                f"Kartu lama dicabut; kartu baru {new.serial} diterbitkan.",
                f"The old card is revoked; new card {new.serial} issued.",
            ),
        )
    elif action == "photo":
        upload = request.FILES.get("photo")
        if upload is None:
            raise LoketError(tr("Pilih berkas foto.", "Choose a photo file."), field="photo")
        cards.set_photo(employee, upload.read(cards.PHOTO_MAX + 1), actor=request.user)
        messages.success(request, tr("Foto disimpan.", "Photo saved."))
    else:
        raise LoketError(tr("Tindakan tidak dikenal.", "Unknown action."))


@hr_page
def hr_card_pdf(request, nip: str):
    employee = queries.hr_employee_for(request.user, nip)
    card = cards.latest_card(employee) if employee is not None else None
    if card is None:
        raise Http404
    return _pdf_response(card, employee)


# --- public ------------------------------------------------------------------------------------------------------


@cache_control(no_cache=True, max_age=0)
def verify(request, token: str):
    """The online status of a scanned card. Shows only what the QR payload itself carries (the card's printed
    facts), and for a stopped card "revoked" or "replaced" with the date: never why (BKD's pages keep the reason),
    nor the registry's other data."""
    verdict = cards.check(token)
    context = {"verdict": verdict, "status_label": rules.STATUS_LABELS[verdict.status]}
    if verdict.card is not None:
        context["rank"] = rank_label(verdict.facts.grade)
    response = render(request, "hr/card_verify.html", context, status=200 if verdict.card else 404)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@cache_control(public=True, max_age=300)
def keys(request):
    response = JsonResponse(cards.jwks())
    response["Access-Control-Allow-Origin"] = "*"
    return response


def revocations(request, code: str):
    """The region's signed revocation list as the worker stored it, with a strong ETag: a checker that already holds
    it gets 304 Not Modified. Cached a minute, then revalidated (a revocation shows within a minute)."""
    region = cards.regions_by_code(code)
    if region is None:
        raise Http404
    stored = cards.published_revocation_list(region)
    asked = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
    if stored.etag in asked or "*" in asked:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(bytes(stored.content), content_type="application/cwt")
    response["ETag"] = stored.etag
    response["Cache-Control"] = "public, max-age=60, must-revalidate"
    response["Last-Modified"] = http_date(stored.issued_at.timestamp())
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag"
    return response


def verifier(request):
    return render(request, "hr/card_verifier.html", {"regions": list(cards.published_regions())})
