"""KPI definitions against hand-computed histories (tests/insights/conftest.py `history`)."""

import datetime as dt
import itertools
from fractions import Fraction

import pytest

from loket.insights import queries, services
from loket.insights.models import BacklogStat, MonthlyStat, OpenApplication, Watermark
from tests.helpers.insights import make_application, wib
from tests.helpers.org import make_user

pytestmark = pytest.mark.sqlite  # the summaries also work on the embedded SQLite default

NOW = wib(2025, 6, 30, 12)
MAY, JUNE = dt.date(2025, 5, 1), dt.date(2025, 6, 1)


def fold(**kwargs):
    return services.catch_up(lag=dt.timedelta(0), now=NOW, **kwargs)


def stat(service, month):
    return MonthlyStat.objects.get(service=service, month=month)


def test_monthly_counts_by_month_of_submission_and_of_decision(history, service_a):
    fold()
    may, june = stat(service_a, MAY), stat(service_a, JUNE)
    # May: A, B, D received (A, D online; B at the counter); B completed; returns of B and D.
    assert (may.received, may.received_online, may.received_counter, may.received_assisted) == (3, 2, 1, 0)
    assert (may.completed, may.completed_counter, may.rejected, may.withdrawn, may.returned) == (1, 1, 0, 0, 2)
    assert (may.decided, may.decided_after_return, may.sla_measured, may.sla_met) == (1, 1, 1, 0)
    assert may.d6 == 1 and may.days_sum == 6
    # June: C, E, F, G received; A and C completed; D rejected; E withdrawn; G returned.
    assert (june.received, june.received_online, june.received_assisted) == (4, 3, 1)
    assert (june.completed, june.completed_online, june.completed_assisted, june.rejected, june.withdrawn) == (
        2,
        1,
        1,
        1,
        1,
    )
    assert (june.returned, june.decided, june.decided_after_return, june.sla_measured, june.sla_met) == (1, 3, 1, 2, 2)
    assert (june.d0, june.d5, june.days_sum) == (1, 1, 5)


def test_holiday_spanning_application_counts_working_days_of_the_region(history, service_a):
    fold()
    # A: 26 May → 4 June is 7 weekdays but 29–30 May are a holiday and cuti bersama: 5 working days, met.
    assert stat(service_a, JUNE).d5 == 1 and stat(service_a, JUNE).d7 == 0


def test_returned_time_does_not_count_and_local_date_is_used(history, service_a):
    fold()
    assert stat(service_a, MAY).d6 == 1  # B: 9 working days minus 3 while returned
    assert stat(service_a, JUNE).d0 == 1  # C: 01:30 WIB is already 3 June locally (2 June in UTC)


def test_kpis_of_the_two_months(history, service_a, agency_a):
    fold()
    kpi = queries.summarize([agency_a.pk], since=MAY, until=JUNE)[None]
    assert (kpi.received, kpi.completed, kpi.rejected, kpi.withdrawn) == (7, 3, 1, 1)
    assert kpi.zero_visit == Fraction(
        2, 3
    )  # A online by the applicant, one online with a facilitator; one at a counter
    assert kpi.sla == Fraction(2, 3)  # A and C met, B missed
    assert (kpi.median_days, kpi.p90_days) == (5, 6)  # processing days 0, 5, 6 (nearest rank)
    assert kpi.returned_rate == Fraction(2, 4)  # B and D of A, B, C, D
    assert (kpi.open, kpi.waiting, kpi.overdue) == (2, 1, 1)  # F overdue; G waits on the applicant
    row = kpi.as_row()
    assert (row["sla_percent"], row["zero_visit_percent"], row["returned_percent"]) == (66.7, 66.7, 50.0)


def test_grouping_by_month_matches_the_monthly_rows(history, service_a, agency_a):
    fold()
    by_month = queries.summarize([agency_a.pk], since=MAY, until=JUNE, group="month")
    assert by_month[MAY].received == 3 and by_month[JUNE].received == 4
    assert by_month[MAY].sla == 0 and by_month[JUNE].sla == 1


def test_incremental_batches_equal_one_pass_and_rerun_adds_nothing(history, service_a, agency_a):
    fold(batch=2)  # 17 events in batches of two
    first = {m: list(MonthlyStat.objects.filter(month=m).values())[0] for m in (MAY, JUNE)}
    assert fold() == {"events": 0, "surveys": 0}
    services.rebuild()
    again = {m: list(MonthlyStat.objects.filter(month=m).values())[0] for m in (MAY, JUNE)}
    for month in (MAY, JUNE):
        first[month].pop("id"), again[month].pop("id")
        assert first[month] == again[month]
    assert Watermark.objects.get(name="events").last_id > 0


def test_new_events_update_open_and_backlog(history, service_a, agency_a):
    fold()
    assert set(OpenApplication.objects.values_list("application_id", flat=True)) == {history["F"].pk, history["G"].pk}
    # F is completed later: it leaves the backlog and counts as completed in July.
    history["F"].status = "completed"
    history["F"].save(update_fields=["status"])
    from loket.applications.models import ApplicationEvent

    ApplicationEvent.objects.create(application=history["F"], kind="completed", occurred_at=wib(2025, 7, 1, 9))
    services.catch_up(lag=dt.timedelta(0), now=wib(2025, 7, 2, 9))
    assert stat(service_a, dt.date(2025, 7, 1)).completed == 1
    backlog = BacklogStat.objects.get(service=service_a)
    assert (backlog.open, backlog.returned, backlog.overdue) == (1, 1, 0)


def test_recent_events_wait_for_the_lag(history, service_a):
    services.catch_up(lag=dt.timedelta(days=3650), now=NOW)
    assert not MonthlyStat.objects.exists()
    services.catch_up(lag=dt.timedelta(seconds=10), now=NOW)
    assert MonthlyStat.objects.count() == 2


def test_overdue_recount_as_time_passes(service_a, agency_a):
    from tests.helpers.org import make_user

    citizen = make_user("pemohon_waktu")
    late = make_application(
        service_a,
        citizen,
        status="submitted",
        due_at=wib(2025, 6, 12, 23, 59),
        events=[("submitted", wib(2025, 6, 5, 10))],
    )
    services.catch_up(lag=dt.timedelta(0), now=wib(2025, 6, 10, 9))
    assert BacklogStat.objects.get(service=service_a).overdue == 0
    assert queries.overdue_applications(service_a.pk, now=wib(2025, 6, 10, 9)) == []
    services.recompute_backlog(now=wib(2025, 6, 13, 0, 1))
    assert BacklogStat.objects.get(service=service_a).overdue == 1
    overdue = queries.overdue_applications(service_a.pk, now=wib(2025, 6, 13, 1))
    assert [row["tracking_number"] for row in overdue] == [late.tracking_number]


def test_rollups_equal_the_service_rows(history, service_a, agency_a, kota_bandung):
    from django.db.models import Sum

    from loket.insights.models import COUNTER_FIELDS, HISTOGRAM_FIELDS, AgencyMonthStat, RegionMonthStat

    fold(batch=3)
    for month in (MAY, JUNE):
        service = MonthlyStat.objects.filter(month=month).aggregate(
            **{f: Sum(f) for f in COUNTER_FIELDS + HISTOGRAM_FIELDS}
        )
        agency = AgencyMonthStat.objects.filter(month=month, agency=agency_a).values(*service).get()
        region = RegionMonthStat.objects.filter(month=month, region=kota_bandung).values(*service).get()
        assert service == agency == region
    # the province view (region rollup) and an agency view (agency rollup) agree
    by_region = queries.summarize([agency_a.pk], since=MAY, until=JUNE, group="region")[kota_bandung.pk]
    by_agency = queries.summarize([agency_a.pk], since=MAY, until=JUNE)[None]
    assert by_region.as_row() == by_agency.as_row()


def _document(agency, holder, signed_at, *, delivery="digital", status="valid"):
    from loket.documents.models import Document

    number = next(_document_numbers)
    return Document.objects.create(
        code=f"RL{number:010d}",
        subject_type="test.rollup",
        subject_ref=str(number),
        agency=agency,
        region=agency.region,
        holder=holder,
        holder_name="Uji",
        kind="keterangan",
        title="Surat uji",
        year=signed_at.year,
        sequence=number,
        number=f"800/{number:04d}/UJI/{signed_at.year}",
        body="-",
        status=status,
        sha256="" if status == "awaiting" else f"{number:064x}",
        created_at=signed_at,
        signed_at=None if status == "awaiting" else signed_at,
        delivery=delivery,
    )


_document_numbers = itertools.count(1)


def test_digital_documents_are_copied_with_one_grouped_query_a_month(
    history, service_a, agency_a, agency_b, kota_bandung, django_assert_num_queries
):
    """The rollup reads documents once per month for every agency (it used to ask once per agency and month
    through an importlib hook that never found the grouped function), with the per-agency figures."""
    from django.db.models import Sum

    from loket.documents import queries as document_queries
    from loket.insights.models import AgencyMonthStat, RegionMonthStat
    from loket.org.models import Agency

    fold()  # agency A has rows in May and June
    holder = make_user("pemegang_dokumen")
    extra = [Agency.objects.create(region=kota_bandung, slug=f"dinas-{i}", name=f"Dinas {i}") for i in range(4)]
    for agency in [agency_b, *extra]:  # more active agencies in June: the query count must not grow with them
        AgencyMonthStat.objects.create(month=JUNE, region=agency.region, agency=agency)
    RegionMonthStat.objects.get_or_create(month=JUNE, region=agency_b.region)
    for day, delivery in ((2, "digital"), (10, "digital"), (11, "printed")):
        _document(agency_a, holder, wib(2025, 6, day, 9), delivery=delivery)
    _document(agency_a, holder, wib(2025, 6, 12, 9), status="revoked")  # issued, then revoked: still issued
    _document(agency_a, holder, wib(2025, 6, 13, 9), status="awaiting")  # not issued yet
    _document(agency_a, holder, wib(2025, 5, 31, 23, 30))  # May in WIB
    _document(agency_a, holder, wib(2025, 7, 1, 0, 0))  # the following month
    _document(agency_b, holder, wib(2025, 6, 5, 9), delivery="printed")
    _document(extra[0], holder, wib(2025, 6, 5, 9))
    AgencyMonthStat.objects.filter(agency=extra[1]).update(documents_digital=9, documents_total=9)  # stale figures

    # What the per-agency loop gave: paperless_counts of each active agency, month by month.
    expected = {}
    for month, following in ((JUNE, dt.date(2025, 7, 1)), (MAY, JUNE)):
        start, end = (wib(day.year, day.month, day.day) for day in (month, following))
        for agency_id in AgencyMonthStat.objects.filter(month=month).values_list("agency_id", flat=True):
            figures = document_queries.paperless_counts(agencies=[agency_id], start=start, end=end)
            expected[agency_id, month] = (figures["digital"], figures["total"])

    # Per month: the grouped count, the agency rows read and written, the region sums read and written.
    with django_assert_num_queries(12):
        written = services.refresh_documents(months=2, now=wib(2025, 6, 20, 9))
    assert written == len(expected) == 7  # six agencies in June, agency A in May
    copied = {
        (row.agency_id, row.month): (row.documents_digital, row.documents_total)
        for row in AgencyMonthStat.objects.filter(month__in=(MAY, JUNE))
    }
    assert copied == expected
    assert expected[agency_a.pk, JUNE] == (3, 4) and expected[agency_a.pk, MAY] == (1, 1)
    assert expected[agency_b.pk, JUNE] == (0, 1) and expected[extra[1].pk, JUNE] == (0, 0)
    for region in RegionMonthStat.objects.filter(month__in=(MAY, JUNE)):
        sums = AgencyMonthStat.objects.filter(month=region.month, region=region.region).aggregate(
            digital=Sum("documents_digital"), total=Sum("documents_total")
        )
        assert (region.documents_digital, region.documents_total) == (sums["digital"], sums["total"])
    kpi = queries.summarize([agency_a.pk], since=MAY, until=JUNE)[None]
    assert (kpi.documents_digital, kpi.documents_total, kpi.digital) == (4, 5, Fraction(4, 5))


def test_watermark_never_passes_a_recent_event(service_a, agency_a):
    from tests.helpers.org import make_user

    citizen = make_user("pemohon_urutan")
    recent = make_application(
        service_a, citizen, status="submitted", events=[("submitted", NOW - dt.timedelta(seconds=2))]
    )
    make_application(
        service_a, citizen, status="submitted", events=[("submitted", wib(2025, 6, 2, 9))]
    )  # later id, older
    services.catch_up(lag=dt.timedelta(seconds=10), now=NOW)
    assert not MonthlyStat.objects.exists()  # stopped at the recent event, did not jump past it
    services.catch_up(lag=dt.timedelta(seconds=10), now=NOW + dt.timedelta(seconds=30))
    assert MonthlyStat.objects.get(month=JUNE).received == 2
    assert recent.pk in set(OpenApplication.objects.values_list("application_id", flat=True))
