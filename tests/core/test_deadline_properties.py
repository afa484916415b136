"""Property tests for working-day deadlines: the pure WorkCalendar and the region-aware `org.deadlines`.

The examples cover 2024–2027 (national holidays and cuti bersama from the `holidays` package), with a
year-end window where Christmas, its cuti bersama and New Year fall, and starts at any UTC instant in
the three Indonesian time zones (WIB UTC+7, WITA UTC+8, WIT UTC+9).
"""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from loket.core.calendar import WorkCalendar, calendar_with, national_non_working_days
from loket.core.models import CalendarDay
from loket.org import deadlines
from loket.org.models import Region

D = dt.date
UTC = dt.UTC
END_OF_DAY = dt.time(23, 59, 59)
PURE = settings(max_examples=200, deadline=None)
# Region rows are made once per test and only read by the examples (overrides are rolled back per example).
WITH_DB = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
WITH_DB_WRITES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

ZONES = ["WIB", "WITA", "WIT"]
UTC_OFFSET_HOURS = {"WIB": 7, "WITA": 8, "WIT": 9}

any_day = st.dates(min_value=D(2024, 1, 1), max_value=D(2027, 12, 31))
# 20 days before to 14 days after each New Year's Day 2025–2028: cuti bersama Natal, Natal, New Year.
year_end_day = st.builds(
    lambda year, offset: D(year, 12, 31) + dt.timedelta(days=offset),
    st.integers(2024, 2027),
    st.integers(-20, 14),
)
some_day = st.one_of(any_day, year_end_day)
day_count = st.integers(min_value=1, max_value=45)
national_day = st.sampled_from(sorted(d for year in range(2024, 2028) for d in national_non_working_days(year)))
weekend_day = any_day.map(lambda d: d + dt.timedelta(days=(5 - d.weekday()) % 7))  # next Saturday (or itself)
utc_instant = st.datetimes(
    min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2027, 12, 31), timezones=st.just(UTC)
)


def nearby_days(center):
    """Days within six weeks after a start: where overrides can change a deadline."""
    return st.frozensets(st.integers(0, 42).map(lambda k: center + dt.timedelta(days=k)), max_size=8)


@st.composite
def calendars(draw):
    """A calendar with arbitrary, disjoint overrides in 2024–2027 (as `calendar_for` builds them)."""
    added = draw(st.frozensets(any_day, max_size=30))
    removed = draw(st.frozensets(st.one_of(national_day, any_day), max_size=15)) - added
    return WorkCalendar(added=added, removed=removed)


def oracle_is_working(day, added=frozenset(), removed=frozenset()):
    """Independent statement of the rule: weekdays only; a removed national day works; added days are off."""
    if day.weekday() >= 5 or day in added:
        return False
    return day in removed or day not in national_non_working_days(day.year)


# --- Pure calendar -----------------------------------------------------------------------------------


@pytest.mark.sqlite
@PURE
@given(cal=calendars(), start=some_day, n=day_count)
def test_add_working_days_lands_on_a_working_day_after_start(cal, start, n):
    due = cal.add_working_days(start, n)
    assert due > start
    assert cal.is_working_day(due)
    assert oracle_is_working(due, cal.added, cal.removed)


@pytest.mark.sqlite
@PURE
@given(cal=calendars(), start=some_day, n=st.integers(0, 45))
def test_add_working_days_is_strictly_increasing_in_n(cal, start, n):
    assert cal.add_working_days(start, n) < cal.add_working_days(start, n + 1)


@pytest.mark.sqlite
@PURE
@given(cal=calendars(), start=some_day, n=st.integers(0, 45))
def test_working_days_between_inverts_add(cal, start, n):
    due = cal.add_working_days(start, n)
    assert cal.working_days_between(start, due) == n
    assert cal.working_days_between(due, start) == -n
    # The N-th working day is the first day on which N working days have passed: none is skipped.
    if n:
        assert cal.working_days_between(start, due - dt.timedelta(days=1)) == n - 1


@pytest.mark.sqlite
@PURE
@given(start=year_end_day, n=day_count)
@example(start=D(2026, 12, 23), n=1)  # Wed; 24 cuti bersama, 25 Natal, weekend -> Mon 28
@example(start=D(2027, 12, 30), n=2)  # Thu; Fri 31, New Year 2028 on Saturday -> Mon 3 Jan
def test_year_end_deadlines_skip_christmas_cuti_bersama_and_new_year(start, n):
    cal = WorkCalendar()
    due = cal.add_working_days(start, n)
    passed = [start + dt.timedelta(days=k) for k in range(1, (due - start).days + 1)]
    assert sum(oracle_is_working(day) for day in passed) == n
    assert oracle_is_working(due)
    assert not (due.month == 1 and due.day == 1)
    assert not (due.month == 12 and due.day == 25)


@pytest.mark.sqlite
@PURE
@given(first=some_day, length=st.integers(0, 60))
def test_working_days_in_counts_both_ends(first, length):
    cal = WorkCalendar()
    last = first + dt.timedelta(days=length)
    expected = sum(oracle_is_working(first + dt.timedelta(days=k)) for k in range(length + 1))
    assert cal.working_days_in(first, last) == expected


@pytest.mark.sqlite
@PURE
@given(day=national_day)
def test_removed_national_holiday_works_unless_it_is_a_weekend(day):
    assert not WorkCalendar().is_working_day(day)
    assert calendar_with(removed=[day]).is_working_day(day) == (day.weekday() < 5)


@pytest.mark.sqlite
@PURE
@given(day=weekend_day)
def test_removing_a_weekend_day_never_makes_it_a_working_day(day):
    assert day.weekday() >= 5
    assert not calendar_with(removed=[day]).is_working_day(day)


@pytest.mark.sqlite
@PURE
@given(cal=calendars(), start=some_day, n=day_count, data=st.data())
def test_an_extra_day_off_never_makes_a_deadline_earlier(cal, start, n, data):
    extra = data.draw(nearby_days(start))
    more_off = WorkCalendar(added=cal.added | extra, removed=cal.removed - extra)
    before, after = cal.add_working_days(start, n), more_off.add_working_days(start, n)
    assert after >= before
    # ...and it moves the deadline by at most the number of extra days that were working days.
    lost = sum(cal.is_working_day(day) for day in extra if start < day <= after)
    assert more_off.working_days_between(start, before) == n - sum(
        cal.is_working_day(day) for day in extra if start < day <= before
    )
    assert cal.working_days_between(start, after) == n + lost


@pytest.mark.sqlite
@PURE
@given(start=some_day, n=day_count, data=st.data())
def test_a_removed_holiday_never_makes_a_deadline_later(start, n, data):
    removed = data.draw(st.frozensets(national_day, max_size=10))
    assert calendar_with(removed=removed).add_working_days(start, n) <= WorkCalendar().add_working_days(start, n)


# --- Deadlines in a region's time zone ----------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    # calendar_for caches by region pk for 60 s; pks can repeat across tests on SQLite.
    deadlines.clear_cache()
    yield
    deadlines.clear_cache()


@pytest.fixture
def regions(db):
    """One province per time zone, and a kota under the WIB province (province overrides reach it)."""
    jabar = Region.objects.create(
        code="32", name="Jawa Barat", level=Region.Level.PROVINCE, time_zone=Region.TimeZone.WIB
    )
    return {
        "WIB": jabar,
        "WITA": Region.objects.create(
            code="63", name="Kalimantan Selatan", level=Region.Level.PROVINCE, time_zone=Region.TimeZone.WITA
        ),
        "WIT": Region.objects.create(
            code="91", name="Papua", level=Region.Level.PROVINCE, time_zone=Region.TimeZone.WIT
        ),
        "kota": Region.objects.create(
            code="32.73", name="Kota Bandung", level=Region.Level.KOTA, parent=jabar, time_zone=Region.TimeZone.WIB
        ),
    }


def local_offset(zone):
    return dt.timedelta(hours=UTC_OFFSET_HOURS[zone])


@pytest.mark.django_db
@WITH_DB
@given(start=utc_instant, n=st.integers(0, 30), zone=st.sampled_from(ZONES))
@example(start=dt.datetime(2026, 11, 23, 18, 0, tzinfo=UTC), n=1, zone="WIB")
@example(start=dt.datetime(2027, 12, 30, 18, 0, tzinfo=UTC), n=1, zone="WIT")
def test_due_after_is_end_of_a_local_working_day(regions, start, n, zone):
    region = regions[zone]
    due = deadlines.due_after(start, n, region)
    assert due.tzinfo is not None and due.utcoffset() == dt.timedelta(0)
    local_due = due.astimezone(region.zoneinfo)
    assert local_due.time() == END_OF_DAY
    assert local_due.utcoffset() == local_offset(zone)  # no DST in Indonesia
    start_local_date = (start + local_offset(zone)).date()  # independent of zoneinfo
    assert local_due.date() == WorkCalendar().add_working_days(start_local_date, n)
    assert due >= start
    if n:
        assert oracle_is_working(local_due.date())
        assert local_due.date() > start_local_date


@pytest.mark.django_db
@WITH_DB
@given(day=some_day, n=st.integers(1, 20), zone=st.sampled_from(ZONES), evening=st.integers(18 * 3600, 24 * 3600 - 1))
def test_an_evening_utc_start_counts_from_the_next_local_day(regions, day, n, zone, evening):
    """18:00 UTC and later is already tomorrow in WIB, WITA and WIT: the count starts from that local date."""
    region = regions[zone]
    start = dt.datetime.combine(day, dt.time.min, tzinfo=UTC) + dt.timedelta(seconds=evening)
    due = deadlines.due_after(start, n, region)
    expected_day = WorkCalendar().add_working_days(day + dt.timedelta(days=1), n)
    expected = dt.datetime.combine(expected_day, END_OF_DAY) - local_offset(zone)
    assert due == expected.replace(tzinfo=UTC)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "zone, due_utc",
    [
        ("WIB", dt.datetime(2026, 11, 25, 16, 59, 59, tzinfo=UTC)),
        ("WITA", dt.datetime(2026, 11, 25, 15, 59, 59, tzinfo=UTC)),
        ("WIT", dt.datetime(2026, 11, 25, 14, 59, 59, tzinfo=UTC)),
    ],
)
def test_monday_evening_utc_is_tuesday_locally(regions, zone, due_utc):
    # Mon 23 Nov 2026 18:00 UTC is Tue 24 Nov locally: one working day later is Wed 25 Nov, 23:59:59 local.
    assert deadlines.due_after(dt.datetime(2026, 11, 23, 18, 0, tzinfo=UTC), 1, regions[zone]) == due_utc


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ZONES)
def test_local_midnight_is_the_day_boundary(regions, zone):
    midnight = dt.datetime(2026, 11, 24, tzinfo=UTC) - local_offset(zone)  # Tue 00:00 local
    region = regions[zone]
    assert deadlines.local_date(midnight - dt.timedelta(microseconds=1), region) == D(2026, 11, 23)
    assert deadlines.local_date(midnight, region) == D(2026, 11, 24)
    assert deadlines.due_after(midnight - dt.timedelta(microseconds=1), 1, region).astimezone(
        region.zoneinfo
    ).date() == D(2026, 11, 24)
    assert deadlines.due_after(midnight, 1, region).astimezone(region.zoneinfo).date() == D(2026, 11, 25)


@pytest.mark.django_db
@WITH_DB_WRITES
@given(
    start=utc_instant, n=st.integers(1, 20), data=st.data(), scope=st.sampled_from(["kota", "province", "everywhere"])
)
def test_a_day_off_override_never_makes_a_deadline_earlier(regions, start, n, data, scope):
    kota = regions["kota"]
    before = deadlines.due_after(start, n, kota)
    off_days = data.draw(nearby_days(deadlines.local_date(start, kota)))
    override_region = {"kota": kota, "province": regions["WIB"], "everywhere": None}[scope]
    with transaction.atomic():
        for day in off_days:
            CalendarDay.objects.create(date=day, region=override_region, kind=CalendarDay.Kind.DAY_OFF, name="Libur")
        deadlines.clear_cache()
        after = deadlines.due_after(start, n, kota)
        transaction.set_rollback(True)
    deadlines.clear_cache()
    assert after >= before
    expected_day = calendar_with(added=off_days).add_working_days(deadlines.local_date(start, kota), n)
    assert after == deadlines.end_of_local_day(expected_day, kota)


@pytest.mark.django_db
@WITH_DB_WRITES
@given(holiday=national_day, zone=st.sampled_from(ZONES))
def test_a_working_override_opens_a_weekday_holiday_but_never_a_weekend(regions, holiday, zone):
    region = regions[zone]
    saturday = holiday + dt.timedelta(days=(5 - holiday.weekday()) % 7)
    with transaction.atomic():
        for day in {holiday, saturday}:
            CalendarDay.objects.create(date=day, region=region, kind=CalendarDay.Kind.WORKING, name="Masuk")
        deadlines.clear_cache()
        calendar = deadlines.calendar_for(region)
        transaction.set_rollback(True)
    deadlines.clear_cache()
    assert calendar.is_working_day(holiday) == (holiday.weekday() < 5)
    assert not calendar.is_working_day(saturday)


# --- SLA state and days left -------------------------------------------------------------------------


def moment_near(due):
    """Instants from five days before to five days after a deadline, down to the microsecond."""
    return st.integers(-5 * 86400 * 10**6, 5 * 86400 * 10**6).map(lambda us: due + dt.timedelta(microseconds=us))


@pytest.mark.django_db
@WITH_DB
@given(start=utc_instant, n=st.integers(0, 10), zone=st.sampled_from(ZONES), data=st.data())
def test_sla_state_splits_overdue_due_today_and_on_track(regions, start, n, zone, data):
    region = regions[zone]
    due = deadlines.due_after(start, n, region)
    now = data.draw(moment_near(due))
    state = deadlines.sla_state(now, due, region)
    same_local_day = (now + local_offset(zone)).date() == (due + local_offset(zone)).date()
    assert (state == "overdue") == (now > due)
    assert (state == "due_today") == (now <= due and same_local_day)
    if state == "on_track":
        assert (now + local_offset(zone)).date() < (due + local_offset(zone)).date()


@pytest.mark.django_db
@WITH_DB
@given(start=utc_instant, n=st.integers(1, 10), zone=st.sampled_from(ZONES), data=st.data())
def test_working_days_left_before_and_on_the_due_date(regions, start, n, zone, data):
    region = regions[zone]
    due = deadlines.due_after(start, n, region)
    now = data.draw(moment_near(due))
    today, due_day = (now + local_offset(zone)).date(), (due + local_offset(zone)).date()
    left = deadlines.working_days_left(now, due, region)
    if today == due_day:
        assert left == 0
    elif today < due_day:
        assert left >= 1  # the due date is a working day, so it counts
        assert left == WorkCalendar().working_days_between(today, due_day)


@pytest.mark.django_db
@WITH_DB
@given(start=utc_instant, n=st.integers(1, 10), zone=st.sampled_from(ZONES), late_by=st.integers(1, 10))
@example(start=dt.datetime(2026, 11, 24, 3, 0, tzinfo=UTC), n=3, zone="WIB", late_by=1)  # due Fri 27, now Sat 28
def test_working_days_left_is_negative_after_the_due_date(regions, start, n, zone, late_by):
    """After the due date the task is overdue (sla_state), so days left must be negative, weekends too."""
    region = regions[zone]
    due = deadlines.due_after(start, n, region)
    now = due + dt.timedelta(days=late_by)  # a later local date, possibly a weekend or holiday
    assert deadlines.sla_state(now, due, region) == "overdue"
    assert deadlines.working_days_left(now, due, region) < 0
