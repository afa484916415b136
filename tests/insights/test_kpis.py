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
    assert by_region.sample_parts is None  # one agency: its own sample, not a pooled one
    by_agency = queries.summarize([agency_a.pk], since=MAY, until=JUNE)[None]
    assert by_region.as_row() == by_agency.as_row()


def _document(agency, holder, signed_at, *, delivery="digital", status="valid", application=None):
    from loket.documents.models import Document

    number = next(_document_numbers)
    return Document.objects.create(
        code=f"RL{number:010d}",
        application=application,
        subject_type="" if application else "hr.leave_permit",
        subject_ref="" if application else str(number),
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


def test_digital_decisions_are_completed_applications_issued_electronically(
    history, service_a, agency_a, agency_b, kota_bandung, django_assert_max_num_queries
):
    """Issue 14, finding 1: the share's denominator is completed decisions (not documents), HR documents never count,
    an agency without a statistics row is not dropped, months are the region's local months, and a recount sets
    (not adds) the figure."""
    from loket.insights.models import AgencyMonthStat, RegionMonthStat

    fold()
    holder = make_user("pemegang_dokumen")
    a, b, c = history["A"], history["B"], history["C"]  # completed 4 June, 20 May, 3 June
    _document(agency_a, holder, wib(2025, 6, 5, 9), application=a)  # signed, electronic: counts (June)
    _document(agency_a, holder, wib(2025, 5, 21, 9), application=b, delivery="printed")  # printed: not digital
    _document(agency_a, holder, wib(2025, 6, 4, 9), application=c, status="awaiting")  # not signed yet
    _document(agency_a, holder, wib(2025, 6, 6, 9))  # a leave permit: no application, never counted
    _document(agency_b, holder, wib(2025, 6, 6, 9))
    late = make_application(  # completed 23:30 WIB on 30 June (16:30 UTC): June, in the region's month
        service_a,
        holder,
        status="completed",
        events=[("submitted", wib(2025, 6, 27, 9)), ("completed", wib(2025, 6, 30, 23, 30))],
    )
    _document(agency_a, holder, wib(2025, 7, 1, 8), application=late)  # signed the next day: June's decision
    # One grouped query per time zone (one here) whatever the number of agencies, one write per table, in one
    # transaction (a savepoint in the test's).
    with django_assert_max_num_queries(11):
        services.refresh_documents(months=None, now=wib(2025, 7, 2, 9))
    assert stat(service_a, JUNE).completed_digital == 2  # A and the late one; C awaits its signature
    assert stat(service_a, MAY).completed_digital == 0  # B was printed
    june = queries.summarize([agency_a.pk], since=JUNE, until=JUNE)[None]
    assert (june.completed_digital, june.completed, june.digital) == (2, 2, Fraction(2, 2))  # late not folded yet
    services.catch_up(lag=dt.timedelta(0), now=wib(2025, 7, 2, 9))
    june = queries.summarize([agency_a.pk], since=JUNE, until=JUNE)[None]
    assert (june.completed_digital, june.completed, june.digital) == (2, 3, Fraction(2, 3))
    assert AgencyMonthStat.objects.get(agency=agency_a, month=JUNE).completed_digital == 2
    assert RegionMonthStat.objects.get(region=kota_bandung, month=JUNE).completed_digital == 2

    # C is signed; A's decision is printed at a counter after all: the recount follows, it does not add.
    from loket.documents.models import Document

    Document.objects.filter(application=c).update(status="valid", signed_at=wib(2025, 6, 10, 9), sha256="f" * 64)
    Document.objects.filter(application=a).update(delivery="printed")
    services.refresh_documents(months=None, now=wib(2025, 7, 2, 9))
    assert stat(service_a, JUNE).completed_digital == 2  # C and the late one
    # A recount of the last months only leaves older months as they are.
    Document.objects.filter(application=late).update(delivery="printed")
    services.refresh_documents(months=1, now=wib(2025, 7, 2, 9))
    assert stat(service_a, JUNE).completed_digital == 2
    services.refresh_documents(months=2, now=wib(2025, 7, 2, 9))
    assert stat(service_a, JUNE).completed_digital == 1


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
