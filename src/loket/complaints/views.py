"""The public complaint pages (issue 19): file without an account, then follow with the receipt code and secret.
Thin: the checks and the state changes are in complaints.services."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from loket.complaints import handling, queries, rules, services
from loket.complaints.forms import ComplaintForm, FollowForm
from loket.complaints.models import Complaint
from loket.core import limits
from loket.core.client import client_address
from loket.core.errors import LoketError
from loket.core.i18n import choice_label, tr

FILE_LIMIT, FILE_WINDOW = 10, 3600  # complaints per address an hour
FOLLOW_LIMIT, FOLLOW_WINDOW = 30, 600


def _limited(request, name: str, limit: int, window: int) -> bool:
    return limits.hit(f"complaints:{name}:{services.client_key(client_address(request))}", window=window) > limit


@never_cache
@require_http_methods(["GET", "POST"])
def new(request):
    form = ComplaintForm(request.POST or None, services=queries.service_choices(), agencies=queries.agency_choices())
    context = {"form": form, "has_desks": queries.has_desks()}
    if request.method == "POST":
        if _limited(request, "file", FILE_LIMIT, FILE_WINDOW):
            context["limited"] = True
            return render(request, "complaints/new.html", context, status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                filed = services.file(
                    actor=request.user if request.user.is_authenticated else None,
                    kind=data["kind"],
                    identity=data["identity"],
                    title=data["title"],
                    body=data["body"],
                    service_id=data["service"],
                    agency_id=data["agency"],
                    location=data["location"],
                    reporter_name=data["reporter_name"],
                    reporter_contact=data["reporter_contact"],
                )
            except LoketError as refused:
                form.add_error(refused.field if refused.field in form.fields else None, str(refused))
            else:
                # The secret is shown on this answer only; it is never stored in the clear.
                return render(
                    request,
                    "complaints/filed.html",
                    {"complaint": filed.complaint, "secret": filed.secret, "handler": _handler_label(filed.complaint)},
                    status=201,
                )
    return render(request, "complaints/new.html", context, status=400 if form.errors else 200)


def _handler_label(complaint) -> str:
    if complaint.desk.inspectorate:
        return tr(f"{complaint.desk.agency.name} (Inspektorat)", f"{complaint.desk.agency.name} (inspectorate)")
    return complaint.desk.agency.name


FOLLOWING = "complaint_following"  # the session remembers the complaint its reporter proved, for 30 minutes
FOLLOWING_SECONDS = 1800


def _followed(request):
    held = request.session.get(FOLLOWING)
    if not held or held.get("until", 0) < timezone.now().timestamp():
        return None
    return Complaint.objects.select_related("desk__agency", "case", "reopen_case").filter(pk=held["pk"]).first()


@never_cache
@require_http_methods(["GET", "POST"])
def follow(request):
    form = FollowForm(request.POST or None)
    context = {"form": form}
    complaint = None
    if request.method == "POST":
        if _limited(request, "follow", FOLLOW_LIMIT, FOLLOW_WINDOW):
            context["limited"] = True
            return render(request, "complaints/follow.html", context, status=429)
        action = request.POST.get("action", "")
        if action in ("rate", "reopen"):
            form = FollowForm()
            context["form"] = form
            complaint = _followed(request)
            if complaint is None:
                form.add_error(
                    None, tr("Masukkan lagi kode dan kata sandi pengaduan.", "Enter the code and secret again.")
                )
            else:
                try:
                    if action == "rate":
                        handling.rate(complaint.pk, _int(request.POST.get("rating")))
                        context["done"] = tr("Terima kasih atas penilaian Anda.", "Thank you for your rating.")
                    else:
                        handling.reopen(complaint.pk, request.POST.get("reason", ""))
                        context["done"] = tr(
                            "Pengaduan dibuka kembali dan diteruskan kepada penyelia.",
                            "The complaint is reopened and goes to a supervisor.",
                        )
                except LoketError as refused:
                    context["action_error"] = str(refused)
                    context["reason"] = request.POST.get("reason", "")
                complaint = _followed(request)
        elif form.is_valid():
            try:
                complaint = services.follow(
                    form.cleaned_data["code"],
                    form.cleaned_data["secret"],
                    client=services.client_key(client_address(request)),
                )
            except LoketError as refused:
                form.add_error(None, str(refused))
            else:
                request.session[FOLLOWING] = {
                    "pk": complaint.pk,
                    "until": timezone.now().timestamp() + FOLLOWING_SECONDS,
                }
    if complaint is not None:
        context.update(_status(complaint))
    status = 400 if form.errors or context.get("action_error") else 200
    return render(request, "complaints/follow.html", context, status=status)


def _int(text) -> int:
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdecimal() else 0


def _status(complaint) -> dict:
    case = handling.open_case_of(complaint) or complaint.reopen_case or complaint.case
    answered = complaint.answered_at is not None
    return {
        "complaint": complaint,
        "kind_label": choice_label(complaint, "kind"),
        "status_label": choice_label(case, "status") if case else "",
        "handler": _handler_label(complaint),
        "answered": answered,
        "may_rate": answered,
        "may_reopen": answered and complaint.reopened < rules.REOPEN_LIMIT,
        "ratings": range(1, 6),
    }


def register(request):
    page = Paginator(queries.public_register(), 20).get_page(request.GET.get("page"))
    for complaint in page:
        complaint.kind_label = choice_label(complaint, "kind")
    return render(
        request,
        "complaints/register.html",
        {"page": page, "page_numbers": page.paginator.get_elided_page_range(page.number)},
    )
