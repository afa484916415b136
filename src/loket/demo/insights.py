"""Demo statistics: fold the demo's applications and survey answers into the summaries and publish
the open data, so the dashboard, transparency pages and downloads are live. Idempotent.

The demo also records a manual baseline for each civil-service app (as the HR office would on
/kantor/kepegawaian/angka-manual/), so the dashboard shows its cut against paper. They are sample figures, and
their source says so: a real region enters its own study's figures."""

from decimal import Decimal

from loket.insights import opendata, services
from loket.insights.models import AgencyMonthStat as MonthlyStat
from loket.insights.models import ServiceBaseline

# Per kind of civil-service case (hr.CaseService.Kind): (working days to the decree on paper, officer minutes per
# file). SAMPLE figures of the demo, not a study.
DEMO_BASELINES = {
    "leave": (Decimal("6"), Decimal("45")),
    "kgb": (Decimal("15"), Decimal("60")),
    "promotion": (Decimal("40"), Decimal("180")),
    "pak": (Decimal("30"), Decimal("150")),
    "pension": (Decimal("60"), Decimal("240")),
}
DEMO_SOURCE = "Angka contoh data demo Loket, bukan hasil kajian (BKD mengisi angka kajiannya sendiri)."


def seed_baselines() -> int:
    """A sample baseline for every civil-service app of the demo that has none yet. Returns those created."""
    from loket.hr.models import CaseService

    created = 0
    for kind, service_id in CaseService.objects.values_list("kind", "service_id"):
        if kind not in DEMO_BASELINES or ServiceBaseline.objects.filter(service_id=service_id).exists():
            continue
        days, minutes = DEMO_BASELINES[kind]
        ServiceBaseline.objects.create(
            service_id=service_id, working_days=days, touch_minutes=minutes, source=DEMO_SOURCE, period="contoh"
        )
        created += 1
    return created


def date_hr_documents_at_their_decision() -> int:
    """The demo's civil-service history (leave decided earlier this year, hr.demo) is decided in the past but its
    documents are signed while seeding: each is dated at its case's decision, as it would have been signed, so the
    working days to the decree are the history's and not "until the demo was seeded". Returns those moved."""
    from django.db.models import F, OuterRef, Subquery

    from loket.applications.models import Application
    from loket.catalogue.models import Audience
    from loket.documents.models import Document

    decided = Application.objects.filter(pk=OuterRef("application_id")).values("decided_at")[:1]
    return Document.objects.filter(
        application__service__audience=Audience.EMPLOYEE,
        application__decided_at__isnull=False,
        signed_at__gt=F("application__decided_at"),
    ).update(signed_at=Subquery(decided))


def seed_demo() -> int:
    created = seed_baselines()
    date_hr_documents_at_their_decision()
    if MonthlyStat.objects.exists():
        services.catch_up()
        opendata.publish_if_changed()
        return created
    before = MonthlyStat.objects.count()
    services.rebuild()
    return created + MonthlyStat.objects.count() - before
