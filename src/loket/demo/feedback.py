"""Demo survey answers: a realistic share of the historical applications that ended, plus answers from
the units' QR posters. Deterministic (seeded), idempotent (answered applications are skipped)."""

import datetime as dt
import random

from django.utils import timezone

from loket.applications.models import Application
from loket.feedback import services
from loket.feedback.models import SCORE_FIELDS, SurveyResponse
from loket.org.models import Unit

SHARE = 0.35  # of decided applications; SKM response rates of 20–40 % are typical for online invitations
UNIT_ANSWERS = 12  # per unit with applications, from the counter poster
COMMENTS = (
    "Pelayanan cepat, terima kasih.",
    "Petugas ramah dan membantu.",
    "Syarat agak membingungkan.",
    "Semoga bisa lebih cepat lagi.",
    "Sangat puas, tidak perlu datang ke kantor.",
    "Ruang tunggu penuh.",
)
# Mean satisfaction differs per agency so the ranking has something to show (scores 1–4).
BASE_BY_AGENCY_INDEX = (3.45, 3.15, 2.85, 3.3, 2.6, 3.6)


def _scores(rng: random.Random, base: float, outcome: str) -> dict:
    shift = -0.6 if outcome == "rejected" else 0.0
    return {name: min(4, max(1, round(rng.gauss(base + shift, 0.55)))) for name in SCORE_FIELDS}


def seed_demo() -> int:
    rng = random.Random(1417)  # PermenPANRB 14/2017
    now = timezone.now()
    created = []
    answered = set(SurveyResponse.objects.filter(application__isnull=False).values_list("application_id", flat=True))
    agencies = {}
    ended = (
        Application.objects.filter(status__in=services.ENDED, decided_at__isnull=False)
        .order_by("pk")
        .values_list("pk", "status", "decided_at", "region_id", "agency_id", "service_id")
    )
    for pk, status, decided_at, region_id, agency_id, service_id in ended:
        base = BASE_BY_AGENCY_INDEX[agencies.setdefault(agency_id, len(agencies)) % len(BASE_BY_AGENCY_INDEX)]
        # One generator per application: whether and how it answers does not depend on the others (idempotent).
        own = random.Random(f"skm-{pk}")
        if own.random() >= SHARE or pk in answered:
            continue
        moment = min(decided_at + dt.timedelta(hours=own.uniform(1, 72)), now - dt.timedelta(minutes=5))
        created.append(
            SurveyResponse(
                application_id=pk,
                source=SurveyResponse.Source.APPLICATION,
                region_id=region_id,
                agency_id=agency_id,
                service_id=service_id,
                created_at=moment,
                comment=own.choice(COMMENTS) if own.random() < 0.15 else "",
                **_scores(own, base, status),
            )
        )
    if not SurveyResponse.objects.filter(source=SurveyResponse.Source.UNIT).exists():
        for unit in Unit.objects.filter(agency_id__in=list(agencies)).select_related("agency").order_by("pk"):
            base = BASE_BY_AGENCY_INDEX[agencies[unit.agency_id] % len(BASE_BY_AGENCY_INDEX)]
            for _ in range(UNIT_ANSWERS):
                created.append(
                    SurveyResponse(
                        source=SurveyResponse.Source.UNIT,
                        region_id=unit.agency.region_id,
                        agency_id=unit.agency_id,
                        unit=unit,
                        created_at=now - dt.timedelta(days=rng.uniform(1, 300)),
                        **_scores(rng, base, "completed"),
                    )
                )
    SurveyResponse.objects.bulk_create(created, batch_size=2000)
    # The history is not re-invited by the worker; ended demo applications show the survey link instead.
    services.skip_history_invitations()
    return len(created)
