"""Survey pages: after an application (the applicant), from a unit's QR poster (anyone), and the
posters themselves (staff). Plain HTML forms: no JavaScript needed."""

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from loket.applications import queries as application_queries
from loket.catalogue.models import Service
from loket.core.client import client_address
from loket.core.errors import LoketError, NotFound
from loket.core.i18n import tr
from loket.feedback import services
from loket.feedback.models import SCORE_FIELDS, SurveyResponse
from loket.feedback.questions import QUESTIONS
from loket.org import permissions
from loket.org.decorators import staff_page
from loket.org.models import Unit


def _questions(data=None, errors=None):
    """The nine questions with their answers, the submitted choice and the error, for the template."""
    data, errors = data or {}, errors or {}
    rows = []
    for (code, (question_id, question_en, answers)), name in zip(QUESTIONS.items(), SCORE_FIELDS):
        rows.append(
            {
                "code": code,
                "name": name,
                "question": tr(question_id, question_en),
                "answers": [
                    {
                        "value": score,
                        "label": tr(answer_id, answer_en),
                        "checked": str(data.get(name, "")) == str(score),
                    }
                    for score, (answer_id, answer_en) in enumerate(answers, start=1)
                ],
                "errors": errors.get(name, []),
            }
        )
    return rows


def _scores(data) -> tuple[dict, tuple | None, dict]:
    try:
        return data, services.clean_scores(data), {}
    except LoketError as exc:
        return data, None, exc.errors or {}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def application_survey(request, tracking: str):
    application = application_queries.owned_application(request.user, tracking)
    if application is None:
        raise Http404
    answered = SurveyResponse.objects.filter(application_id=application.pk).exists()
    context = {
        "application": application,
        "answered": answered,
        "open": application.status in services.ENDED and not answered,
    }
    errors, message = {}, ""
    if request.method == "POST" and context["open"]:
        data, scores, errors = _scores(request.POST)
        if scores is not None:
            try:
                services.answer_for_application(
                    actor=request.user, application=application, scores=scores, comment=request.POST.get("comment", "")
                )
            except LoketError as exc:
                message, errors = exc.message, exc.errors or {}
            else:
                return redirect("survey_thanks")
        else:
            message = tr("Mohon jawab kesembilan pertanyaan.", "Please answer all nine questions.")
    status = (400 if context["open"] else 409) if request.method == "POST" else 200
    return render(
        request,
        "feedback/application_survey.html",
        {
            **context,
            "questions": _questions(request.POST if request.method == "POST" else None, errors),
            "comment": request.POST.get("comment", ""),
            "message": message,
            "comment_error": errors.get("comment", []),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def unit_survey(request, unit_id: int, token: str):
    try:
        unit = services.unit_for_token(unit_id, token)
    except NotFound:
        raise Http404 from None
    unit_services = list(Service.objects.filter(agency_id=unit.agency_id, current__isnull=False).order_by("name_id"))
    errors, message, limited = {}, "", False
    if request.method == "POST":
        if services.unit_limit_reached(client=client_address(request), unit_id=unit.pk):
            limited = True
            message = tr(
                "Terlalu banyak jawaban dari perangkat ini. Silakan coba lagi nanti.",
                "Too many answers from this device. Please try again later.",
            )
        else:
            data, scores, errors = _scores(request.POST)
            service = next((s for s in unit_services if str(s.pk) == request.POST.get("service")), None)
            if scores is not None:
                try:
                    services.answer_for_unit(
                        unit=unit, scores=scores, comment=request.POST.get("comment", ""), service=service
                    )
                except LoketError as exc:
                    message, errors = exc.message, exc.errors or {}
                else:
                    return redirect("survey_thanks")
            else:
                message = tr("Mohon jawab kesembilan pertanyaan.", "Please answer all nine questions.")
    status = 429 if limited else (400 if request.method == "POST" else 200)
    return render(
        request,
        "feedback/unit_survey.html",
        {
            "unit": unit,
            "services": unit_services,
            "selected": request.POST.get("service", ""),
            "questions": _questions(request.POST if request.method == "POST" else None, errors),
            "comment": request.POST.get("comment", ""),
            "message": message,
            "comment_error": errors.get("comment", []),
        },
        status=status,
    )


def thanks(request):
    return render(request, "feedback/thanks.html")


def _units_in_scope(user):
    return (
        Unit.objects.filter(agency__in=permissions.agencies_for(user, "insights.view"))
        .select_related("agency")
        .order_by("agency__name", "name")
    )


@staff_page
def posters(request):
    if not permissions.agencies_for(request.user, "insights.view").exists():
        raise PermissionDenied
    units = list(_units_in_scope(request.user))
    return render(
        request,
        "feedback/posters.html",
        {"units": [{"unit": unit, "url": request.build_absolute_uri(services.unit_url(unit))} for unit in units]},
    )


@staff_page
def poster(request, unit_id: int):
    unit = _units_in_scope(request.user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    url = request.build_absolute_uri(services.unit_url(unit))
    qr = segno.make(url, error="m").svg_data_uri(scale=6)
    return render(request, "feedback/poster.html", {"unit": unit, "url": url, "qr": qr})
