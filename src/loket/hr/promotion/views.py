"""Pages of e-Pangkat. BKD (/kantor/kepegawaian/kenaikan-pangkat/): the promotion period of a date with who is
eligible, who is not and why, and the promotions opened; one promotion's verification and BKN approval. Employees
(/pegawai/kenaikan-pangkat/): their own promotions and, for the next promotion date, whether they are eligible and
every reason they are not; the official's list of decrees to sign."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from loket.core.dates import long_date
from loket.core.errors import LoketError
from loket.core.i18n import tr
from loket.hr import queries
from loket.hr.promotion import rules
from loket.hr.promotion import services as promotions
from loket.hr.views import _nav, bkn_approval_action, decree_action, decree_signature, employee_page, hr_page
from loket.org import permissions

LISTS = ("layak", "tidak", "dibuka")


def _period_date(text: str, today: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return rules.next_promotion_date(today - dt.timedelta(days=1))
    return day


def _upcoming(today: dt.date, count: int = 6) -> list[dt.date]:
    found, day = [], today - dt.timedelta(days=1)
    for _ in range(count):
        day = rules.next_promotion_date(day)
        found.append(day)
    return found


@hr_page
def hr_period(request):
    today = timezone.localdate()
    may_manage = permissions.can_anywhere(request.user, "hr.manage")
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        on = _period_date(request.POST.get("date", ""), today)
        try:
            created, opened = promotions.open_period(actor=request.user, on=on, today=today)
        except LoketError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                tr(
                    f"Periode {long_date(on)} dibuka: {created} kenaikan pangkat baru, {opened} kasus dibuka.",
                    f"Period {long_date(on, english=True)} opened: {created} new promotions, {opened} cases opened.",
                ),
            )
        return redirect(f"{request.path}?tanggal={on.isoformat()}&tampil=dibuka")
    on = _period_date(request.GET.get("tanggal", ""), today)
    shown = request.GET.get("tampil", "layak")
    shown = shown if shown in LISTS else "layak"
    agencies = queries.hr_record_agencies(request.user)
    assessed = promotions.candidates(on, agencies) if rules.is_promotion_date(on) else []
    lists = {
        "layak": [c for c in assessed if c.eligible and c.promotion is None],
        "tidak": [c for c in assessed if not c.eligible and c.promotion is None],
        "dibuka": list(promotions.register(agencies, on).order_by("employee__name")),
    }
    page = Paginator(lists[shown], 50).get_page(request.GET.get("page"))
    return render(
        request,
        "hr/promotion_period.html",
        {
            "on": on,
            "valid_date": rules.is_promotion_date(on),
            "source": rules.calendar_source(on) if on.year >= 2000 else "",
            "dates": _upcoming(today),
            "shown": shown,
            "counts": {key: len(value) for key, value in lists.items()},
            "page": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number),
            "may_manage": may_manage,
            "may_open": may_manage and on >= today and rules.is_promotion_date(on),
        },
    )


@hr_page
def hr_detail(request, promotion_id: int):
    promotion = promotions.for_reader(request.user, None, promotion_id)
    if promotion is None:
        raise Http404
    may_manage = permissions.can(request.user, "hr.manage", promotion.employee.agency_id)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        post = request.POST

        def verify() -> str:
            promotions.verify(actor=request.user, promotion_id=promotion.pk, note=post.get("note", ""))
            return tr("Verifikasi BKD tercatat.", "BKD verification recorded.")

        bkn = bkn_approval_action(
            request,
            lambda number, day: promotions.record_bkn_approval(
                actor=request.user, promotion_id=promotion.pk, number=number, day=day
            ),
        )

        def cancel() -> str:
            promotions.cancel(actor=request.user, promotion_id=promotion.pk, note=post.get("note", ""))
            return tr("Kenaikan pangkat dibatalkan.", "Promotion cancelled.")

        return decree_action(
            request,
            {"verify": verify, "bkn": bkn, "cancel": cancel},
            redirect("hr:promotion_hr_detail", promotion_id=promotion.pk),
        )
    return render(
        request,
        "hr/promotion_hr_detail.html",
        {"p": promotion, "may_manage": may_manage, "today": timezone.localdate()},
    )


@employee_page
def mine(request, me):
    today = timezone.localdate()
    on = rules.next_promotion_date(today - dt.timedelta(days=1))
    ratings = promotions.yearly_ratings([me.pk], on.year - promotions.RATING_YEARS_READ, on.year - 1).get(me.pk, {})
    credit = promotions.functional_credit([me]).get(me.pk)
    candidate = promotions.assess(me, ratings, on, credit=credit) if me.status != "PPPK" else None
    return render(
        request,
        "hr/promotion_mine.html",
        {**_nav(me), "on": on, "candidate": candidate, "promotions": promotions.promotions_of(me)},
    )


@employee_page(hr_reads=True)
def detail(request, me, promotion_id: int):
    promotion = promotions.for_reader(request.user, me, promotion_id)
    if promotion is None:
        raise Http404
    return render(request, "hr/promotion_detail.html", {**_nav(me), "p": promotion})


@employee_page
def sign_list(request, me):
    return render(request, "hr/promotion_sign_list.html", {**_nav(me), "items": promotions.to_sign_for(me)})


@require_POST
@employee_page
def sign(request, me, promotion_id: int):
    return decree_signature(
        request,
        lambda otp: promotions.sign(actor=request.user, promotion_id=promotion_id, otp=otp),
        tr(
            "Keputusan kenaikan pangkat ditandatangani secara elektronik; pegawai diberi tahu.",
            "Promotion decree signed electronically; the employee was notified.",
        ),
        redirect("hr:promotion_sign_list"),
    )
