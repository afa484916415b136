"""The public complaint pages (issue 19): file without an account, then follow with the receipt code and secret.
Thin: the checks and the state changes are in complaints.services."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from loket.applications.models import Application
from loket.complaints import queries, services
from loket.complaints.forms import ComplaintForm, FollowForm
from loket.core import limits
from loket.core.client import client_address
from loket.core.errors import LoketError
from loket.core.i18n import choice_label, tr

FILE_LIMIT, FILE_WINDOW = 10, 3600  # complaints per address an hour
FOLLOW_LIMIT, FOLLOW_WINDOW = 30, 600


def _limited(request, name: str, limit: int, window: int) -> bool:
    return limits.hit(f"complaints:{name}:{client_address(request)}", window=window) > limit


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


@never_cache
@require_http_methods(["GET", "POST"])
def follow(request):
    form = FollowForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST":
        if _limited(request, "follow", FOLLOW_LIMIT, FOLLOW_WINDOW):
            context["limited"] = True
            return render(request, "complaints/follow.html", context, status=429)
        if form.is_valid():
            try:
                complaint = services.follow(form.cleaned_data["code"], form.cleaned_data["secret"])
            except LoketError as refused:
                form.add_error(None, str(refused))
            else:
                case = complaint.case
                context.update(
                    {
                        "complaint": complaint,
                        "kind_label": choice_label(complaint, "kind"),
                        "status_label": choice_label(case, "status") if case else "",
                        "handler": _handler_label(complaint),
                        "answered": case is not None
                        and case.status in (Application.Status.COMPLETED, Application.Status.REJECTED),
                    }
                )
    return render(request, "complaints/follow.html", context, status=400 if form.errors else 200)
