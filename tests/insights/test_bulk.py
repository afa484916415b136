"""The set-based rebuild (PostgreSQL) gives exactly the rows of the incremental fold."""

import datetime as dt

from loket.feedback import services as feedback
from loket.feedback.models import SurveyResponse
from loket.insights import services
from loket.insights.models import (
    AgencyMonthStat,
    BacklogStat,
    FeedbackStat,
    MonthlyStat,
    OpenApplication,
    Refiling,
    RegionMonthStat,
    Watermark,
)
from loket.org.models import Unit
from tests.helpers.insights import make_application, wib

MODELS = (MonthlyStat, AgencyMonthStat, RegionMonthStat, FeedbackStat, OpenApplication, BacklogStat, Refiling)


def snapshot() -> dict:
    out = {}
    for model in MODELS:
        rows = []
        for row in model.objects.values():
            row.pop("id", None)
            row.pop("computed_at", None)
            rows.append(tuple(sorted((key, str(value)) for key, value in row.items())))
        out[model.__name__] = sorted(rows)
    return out


def test_bulk_rebuild_equals_incremental_fold(history, agency_a, service_a):
    unit = Unit.objects.get(agency=agency_a)
    feedback.answer_for_application(
        actor=history["A"].applicant, application=history["A"], scores=[4, 3, 4, 4, 3, 4, 3, 3, 4]
    )
    feedback.answer_for_unit(unit=unit, scores=[2] * 9)
    feedback.answer_for_unit(unit=unit, scores=[3] * 9, service=service_a)
    SurveyResponse.objects.filter(unit__isnull=False).update(created_at=wib(2025, 5, 31, 23, 30))  # WIB month edge

    services.rebuild(incremental=True)
    incremental = snapshot()
    marks = dict(Watermark.objects.values_list("name", "last_id"))
    services.rebuild()
    assert snapshot() == incremental
    assert dict(Watermark.objects.values_list("name", "last_id")) == marks
    assert MonthlyStat.objects.count() == 2 and FeedbackStat.objects.count() == 3
    # and the fold continues from the bulk watermark without counting twice
    assert services.catch_up(lag=dt.timedelta(0)) == {"events": 0, "surveys": 0}


def test_bulk_rebuild_counts_a_late_rejection_and_links_its_refiling_as_the_fold_does(history, service_a):
    # Issue 13, finding 4: a rejection after the limit is a miss on both paths, and the re-filing is linked.
    citizen = history["A"].applicant
    start = wib(2025, 5, 5, 9)
    late = make_application(
        service_a, citizen, status="rejected", events=[("submitted", start), ("rejected", wib(2025, 6, 2, 15))]
    )
    again = make_application(service_a, citizen, status="submitted", events=[("submitted", wib(2025, 6, 3, 9))])
    services.rebuild(incremental=True)
    incremental = snapshot()
    services.rebuild()
    assert snapshot() == incremental
    may, june = MonthlyStat.objects.order_by("month")
    assert (june.sla_measured, june.sla_met) == (3, 2)  # A and C met, the late rejection missed
    link = Refiling.objects.get(application_id=again.pk)
    assert link.rejected_id == late.pk and link.rejected_late
