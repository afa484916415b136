"""Pages of performance ratings: the direct superior rates their direct reports (/pegawai/kinerja/), BKD imports a
file of ratings (/kantor/kepegawaian/kinerja/impor/). The employee's own history is on their profile page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from loket.core.errors import LoketError, NotFound
from loket.core.errors import PermissionDenied as LoketPermissionDenied
from loket.core.i18n import tr
from loket.hr import queries
from loket.hr.performance import importing, rules
from loket.hr.performance import services as ratings
from loket.hr.views import _nav, employee_page, hr_page, import_page


def _year(text: str, default: int) -> int:
    return int(text) if text.isdigit() and rules.FIRST_YEAR <= int(text) <= default + 1 else default


@employee_page
def team_ratings(request, me):
    """The year's yearly rating of each direct report, with the form to set it (the superior only)."""
    today = timezone.localdate()
    members = queries.team_roster(me)
    if not members.exists():
        raise PermissionDenied(tr("Anda tidak memiliki bawahan langsung.", "You have no direct reports."))
    year = _year(request.POST.get("year") or request.GET.get("tahun", ""), today.year - 1)
    year = min(year, today.year)
    if request.method == "POST":
        try:
            ratings.rate(
                actor=request.user,
                nip=request.POST.get("nip", ""),
                year=year,
                rating=request.POST.get("rating", ""),
                note=request.POST.get("note", ""),
            )
        except LoketError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, tr("Predikat kinerja disimpan.", "Rating saved."))
        return redirect(f"{request.path}?tahun={year}&page={request.POST.get('page', '1')}")
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    in_force = ratings.ratings_in_force([member.pk for member in page.object_list], year)
    rows = [(member, in_force.get(member.pk)) for member in page.object_list]
    return render(
        request,
        "hr/performance_team.html",
        {
            **_nav(me),
            "page": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number),
            "rows": rows,
            "year": year,
            "years": list(range(today.year, today.year - 5, -1)),
            "choices": [(code, rules.label(code)) for code in rules.RATINGS],
        },
    )


@hr_page
def import_ratings(request):
    return import_page(
        request,
        kind="ratings",
        template="hr/performance_import.html",
        columns=importing.COLUMNS,
        required=importing.REQUIRED,
        context={"may_manage": True},
    )


@require_POST
@hr_page
def hr_rate(request, nip: str):
    """BKD records one rating on the employee's HR page (the superior's page is /pegawai/kinerja/)."""
    today = timezone.localdate()
    try:
        ratings.rate(
            actor=request.user,
            nip=nip,
            year=_year(request.POST.get("year", ""), today.year - 1),
            rating=request.POST.get("rating", ""),
            period=request.POST.get("period", rules.YEARLY),
            note=request.POST.get("note", ""),
        )
    except (NotFound, LoketPermissionDenied):
        raise Http404 from None
    except LoketError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, tr("Predikat kinerja disimpan.", "Rating saved."))
    return redirect("hr:hr_employee", nip=nip)
