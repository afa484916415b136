"""Satisfaction survey (SKM, PermenPANRB 14/2017): invitations, answers after an application, answers
from a unit's QR poster, and the abuse limits of the public link."""

import datetime as dt
import hashlib

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from loket.applications import notices
from loket.applications.models import Application, ApplicationEvent
from loket.core import audit, limits
from loket.core.errors import LoketError, NotFound
from loket.core.i18n import tr
from loket.feedback import rules
from loket.feedback.models import SCORE_FIELDS, InviteCursor, SurveyResponse
from loket.org.models import Unit

# Applications that ended with a decision are surveyed (completed or rejected; withdrawn ones are not).
ENDED = (Application.Status.COMPLETED, Application.Status.REJECTED)
ENDED_KINDS = ("completed", "rejected")
COMMENT_MAX = 1000
INVITE_LAG = dt.timedelta(seconds=10)
# Public unit link: answers per client address per hour, and per unit per hour (a poster is not a ballot box).
UNIT_LIMIT_PER_CLIENT = int(getattr(settings, "LOKET_SURVEY_LIMIT_PER_CLIENT", 5))
UNIT_LIMIT_PER_UNIT = int(getattr(settings, "LOKET_SURVEY_LIMIT_PER_UNIT", 300))
WINDOW_SECONDS = 3600


def clean_scores(data) -> tuple[int, ...]:
    """Nine scores U1..U9 (1–4) from form data; LoketError with per-element errors otherwise."""
    scores, errors = [], {}
    for code, name in zip(rules.ELEMENT_CODES, SCORE_FIELDS):
        raw = data.get(name)
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = None
        if value is None or not rules.MIN_SCORE <= value <= rules.MAX_SCORE:
            errors[name] = [tr(f"Pilih salah satu jawaban untuk {code}.", f"Choose an answer for {code}.")]
        else:
            scores.append(value)
    if errors:
        raise LoketError(tr("Mohon jawab kesembilan pertanyaan.", "Please answer all nine questions."), errors=errors)
    return tuple(scores)


def _comment(text) -> str:
    text = (text or "").strip()
    if len(text) > COMMENT_MAX:
        raise LoketError(
            tr(f"Saran paling banyak {COMMENT_MAX} karakter.", f"At most {COMMENT_MAX} characters."),
            errors={"comment": [tr("Terlalu panjang.", "Too long.")]},
        )
    return text


def survey_url(application: Application) -> str:
    return reverse("survey_application", args=[application.tracking_number])


def can_answer(application: Application) -> bool:
    return application.status in ENDED and not SurveyResponse.objects.filter(application_id=application.pk).exists()


@transaction.atomic
def answer_for_application(*, actor, application: Application, scores, comment: str = "") -> SurveyResponse:
    """The applicant's one answer about their ended application."""
    if application.applicant_id != getattr(actor, "pk", None):
        raise NotFound(tr("Permohonan tidak ditemukan.", "Application not found."))
    if application.status not in ENDED:
        raise LoketError(
            tr(
                "Survei dapat diisi setelah permohonan selesai diproses.",
                "The survey opens once the application has been decided.",
            )
        )
    scores = rules.response_scores(scores)
    comment = _comment(comment)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                application=application,
                source=SurveyResponse.Source.APPLICATION,
                region_id=application.region_id,
                agency_id=application.agency_id,
                service_id=application.service_id,
                comment=comment,
                created_at=timezone.now(),
                **dict(zip(SCORE_FIELDS, scores)),
            )
    except IntegrityError:
        raise LoketError(
            tr(
                "Survei untuk permohonan ini sudah diisi. Terima kasih.",
                "This application's survey has already been answered. Thank you.",
            )
        ) from None
    audit.record(
        "feedback.survey_answered",
        obj=response,
        actor=actor,
        data={"tracking": application.tracking_number, "source": response.source},
    )
    return response


# ---------------------------------------------------------------- per-unit link (QR poster)


def unit_token(unit_id: int) -> str:
    """The signed part of a unit's public survey link (HMAC of the unit id with the site secret)."""
    return salted_hmac("loket.feedback.unit-survey", str(unit_id)).hexdigest()[:20]


def unit_for_token(unit_id: int, token: str) -> Unit:
    if not constant_time_compare(unit_token(unit_id), token or ""):
        raise NotFound(tr("Tautan survei tidak dikenal.", "Unknown survey link."))
    unit = Unit.objects.select_related("agency__region").filter(pk=unit_id).first()
    if unit is None:
        raise NotFound(tr("Tautan survei tidak dikenal.", "Unknown survey link."))
    return unit


def unit_url(unit: Unit) -> str:
    return reverse("survey_unit", args=[unit.pk, unit_token(unit.pk)])


def _count(key: str) -> int:
    # Shared by every web process (loket.core.limits), not a per-process or get+set cache counter.
    return limits.hit(key, window=WINDOW_SECONDS)


def unit_limit_reached(*, client: str, unit_id: int) -> bool:
    """Count one attempt; True when the client's or the unit's hourly allowance is used up."""
    client_key = "loket:survey:client:" + hashlib.sha256(f"{client}|{unit_id}".encode()).hexdigest()[:32]
    per_client = _count(client_key)
    per_unit = _count(f"loket:survey:unit:{unit_id}")
    return per_client > UNIT_LIMIT_PER_CLIENT or per_unit > UNIT_LIMIT_PER_UNIT


@transaction.atomic
def answer_for_unit(*, unit: Unit, scores, comment: str = "", service=None) -> SurveyResponse:
    """An anonymous answer from the unit's poster link (limits are checked by the caller per client)."""
    if service is not None and service.agency_id != unit.agency_id:
        raise LoketError(
            tr("Layanan tidak ada di unit ini.", "That service is not offered here."),
            errors={"service": [tr("Pilih layanan unit ini.", "Choose a service of this unit.")]},
        )
    scores = rules.response_scores(scores)
    response = SurveyResponse.objects.create(
        source=SurveyResponse.Source.UNIT,
        region_id=unit.agency.region_id,
        agency_id=unit.agency_id,
        unit=unit,
        service=service,
        comment=_comment(comment),
        created_at=timezone.now(),
        **dict(zip(SCORE_FIELDS, scores)),
    )
    audit.record("feedback.survey_answered", obj=response, data={"unit": unit.pk, "source": response.source})
    return response


# ---------------------------------------------------------------- invitations


FIRST_RUN_LOOKBACK = dt.timedelta(days=7)


@transaction.atomic
def _invite_batch(batch: int, lag: dt.timedelta) -> int:
    if not InviteCursor.objects.filter(name="ended").exists():
        # First run on an existing database: invite what ended in the last week, not the whole history.
        old = (
            ApplicationEvent.objects.filter(occurred_at__lt=timezone.now() - FIRST_RUN_LOOKBACK)
            .order_by("-id")
            .values_list("id", flat=True)
            .first()
            or 0
        )
        InviteCursor.objects.get_or_create(name="ended", defaults={"last_id": old})
    query = InviteCursor.objects.filter(name="ended")
    if connection.features.has_select_for_update_skip_locked:
        query = query.select_for_update(skip_locked=True)
    cursor = query.first()
    if cursor is None:
        return 0
    cutoff = timezone.now() - lag
    rows = []
    for row in (
        ApplicationEvent.objects.filter(id__gt=cursor.last_id)
        .order_by("id")
        .values_list("id", "kind", "application_id", "occurred_at")[:batch]
    ):
        if row[3] > cutoff:
            break  # never pass a recent event, even if a later id carries an older time
        rows.append(row)
    if not rows:
        return 0
    ended = {app_id for _, kind, app_id, _ in rows if kind in ENDED_KINDS}
    answered = set(SurveyResponse.objects.filter(application_id__in=ended).values_list("application_id", flat=True))
    for application in Application.objects.filter(pk__in=ended - answered, status__in=ENDED).select_related(
        "applicant__citizen", "service"
    ):
        notices.queue_for_applicant(
            application,
            key=f"survey:{application.pk}",
            template="survey_invite",
            context={
                "tracking": application.tracking_number,
                "service": application.service.name_id,
                "url": survey_url(application),
            },
        )
    cursor.last_id = rows[-1][0]
    cursor.save(update_fields=["last_id"])
    return len(rows)


def invite_ended_applications(
    *, batch: int = 2000, max_batches: int | None = None, lag: dt.timedelta | None = None
) -> int:
    """Queue a survey invitation (idempotent by application) for each application that ended."""
    if lag is None:
        lag = dt.timedelta(seconds=int(getattr(settings, "LOKET_INSIGHTS_LAG_SECONDS", INVITE_LAG.seconds)))
    read, rounds = 0, 0
    while max_batches is None or rounds < max_batches:
        count = _invite_batch(batch, lag)
        read += count
        rounds += 1
        if count < batch:
            break
    return read


def skip_history_invitations() -> None:
    """Move the invitation cursor past every existing event (the demo's history is not re-invited)."""
    last = ApplicationEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    InviteCursor.objects.update_or_create(name="ended", defaults={"last_id": last})
