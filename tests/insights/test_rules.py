"""Pure KPI rules (loket.insights.rules), table-tested."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from loket.core.calendar import WorkCalendar
from loket.insights import rules

pytestmark = pytest.mark.sqlite
CAL = WorkCalendar()


@pytest.mark.parametrize(
    "submitted, decided, paused, expected",
    [
        (dt.date(2025, 5, 26), dt.date(2025, 6, 4), 0, 5),  # spans Ascension Day + cuti bersama (29–30 May)
        (dt.date(2025, 5, 5), dt.date(2025, 5, 20), 3, 6),  # 9 working days (12–13 May Vesak) minus 3 returned
        (dt.date(2025, 6, 3), dt.date(2025, 6, 3), 0, 0),  # same day
        (dt.date(2025, 8, 15), dt.date(2025, 8, 19), 0, 1),  # Fri → Tue over 17 Aug (Sun) and 18 Aug cuti bersama
        (dt.date(2025, 6, 6), dt.date(2025, 6, 9), 0, 0),  # Fri (Eid al-Adha) → Mon (joint holiday)
        (dt.date(2025, 6, 2), dt.date(2025, 6, 4), 5, 0),  # never negative
    ],
)
def test_working_days_used(submitted, decided, paused, expected):
    assert rules.working_days_used(CAL.working_days_between, submitted, decided, paused) == expected


def test_regional_day_off_counts():
    regional = WorkCalendar(added=frozenset({dt.date(2025, 6, 3)}))
    assert rules.working_days_used(regional.working_days_between, dt.date(2025, 6, 2), dt.date(2025, 6, 4), 0) == 1


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError):
        rules.working_days_used(CAL.working_days_between, dt.date(2025, 6, 4), dt.date(2025, 6, 3), 0)
    with pytest.raises(ValueError):
        rules.working_days_used(CAL.working_days_between, dt.date(2025, 6, 3), dt.date(2025, 6, 4), -1)
    with pytest.raises(ValueError):
        rules.bucket(-1)
    with pytest.raises(ValueError):
        rules.percentile([1], 0)
    with pytest.raises(ValueError):
        rules.share(3, 2)


@pytest.mark.parametrize(
    "used, limit, expected", [(5, 5, True), (6, 5, False), (0, 1, True), (3, None, None), (3, 0, None)]
)
def test_sla_met(used, limit, expected):
    assert rules.sla_met(used, limit) is expected


def hist(values):
    histogram = [0] * rules.BUCKETS
    for value in values:
        histogram[rules.bucket(value)] += 1
    return histogram


@pytest.mark.parametrize(
    "values, median, p90",
    [
        ([], None, None),
        ([4], 4, 4),
        ([0, 5, 6], 5, 6),
        ([1, 2, 3, 4], 2, 4),  # nearest rank: the lower median
        (list(range(1, 11)), 5, 9),
        ([1] * 9 + [30], 1, 1),
        ([1] * 8 + [30, 30], 1, 30),
        ([3, 45, 90], rules.OVERFLOW, rules.OVERFLOW),  # beyond 40 days: overflow bucket
    ],
)
def test_percentiles(values, median, p90):
    assert rules.median(hist(values)) == median
    assert rules.percentile(hist(values), 90) == p90


def test_overflow_label_and_histogram_sum():
    assert rules.days_label(rules.OVERFLOW) == "> 40"
    assert rules.days_label(None) == "—" and rules.days_label(7) == "7"
    assert rules.add_histograms([hist([1, 2]), hist([2, 50])]) == hist([1, 2, 2, 50])


@pytest.mark.parametrize(
    "part, whole, share, percent",
    [
        (2, 3, Fraction(2, 3), Decimal("66.7")),
        (1, 3, Fraction(1, 3), Decimal("33.3")),
        (1, 8, Fraction(1, 8), Decimal("12.5")),
        (0, 0, None, None),
        (5, 5, Fraction(1), Decimal("100.0")),
    ],
)
def test_share_and_percent(part, whole, share, percent):
    assert rules.share(part, whole) == share
    assert rules.percent(share) == percent


# ---------------------------------------------------------------- civil-service cases against the paper process


@pytest.mark.parametrize(
    "opened, signed, expected",
    [
        (dt.date(2025, 6, 2), dt.date(2025, 6, 2), 0),  # opened and signed the same day
        (dt.date(2025, 6, 2), dt.date(2025, 6, 4), 2),  # Mon → Wed
        (dt.date(2025, 5, 26), dt.date(2025, 6, 4), 5),  # over Ascension Day and cuti bersama (29–30 May)
        (dt.date(2025, 6, 6), dt.date(2025, 6, 16), 5),  # a proactive KGB opened on Eid al-Adha (Fri) → Mon a week on
        (dt.date(2025, 6, 7), dt.date(2025, 6, 8), 0),  # Sat → Sun: no working day
    ],
)
def test_decree_days_counts_every_working_day_waits_included(opened, signed, expected):
    assert rules.decree_days(CAL.working_days_between, opened, signed) == expected


def test_decree_days_refuses_a_signature_before_the_opening():
    with pytest.raises(ValueError):
        rules.decree_days(CAL.working_days_between, dt.date(2025, 6, 4), dt.date(2025, 6, 3))


T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
MIN = dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    "created, assigned, first_read, completed, cap, expected",
    [
        (T0, None, None, T0 + 10 * MIN, 3600, 600),  # addressed to the officer, decided 10 minutes after it arrived
        (T0, T0 + 30 * MIN, None, T0 + 40 * MIN, 3600, 600),  # claimed after 30 minutes: counted from the claim
        (T0, T0 + 30 * MIN, T0 + 35 * MIN, T0 + 40 * MIN, 3600, 300),  # read after the claim: from the reading
        (T0, T0 + 30 * MIN, T0 + 20 * MIN, T0 + 40 * MIN, 3600, 1200),  # read (preview), then claimed: the reading
        (T0, None, T0 + 2 * MIN, T0 + 5 * MIN, 3600, 180),  # read, then decided
        (T0, None, T0 - 5 * MIN, T0 + 5 * MIN, 3600, 300),  # a reading before the task existed is ignored
        (T0, T0 + 50 * MIN, None, T0 + 40 * MIN, 3600, 2400),  # a moment after the decision is ignored
        (T0, None, None, T0 + 26 * 60 * MIN, 3600, 3600),  # left overnight: capped at an hour
        (T0, None, None, T0 + 26 * 60 * MIN, 0, 0),  # a cap of 0 counts nothing
        (T0, None, None, T0, 3600, 0),  # decided the moment it arrived
    ],
)
def test_task_touch_seconds(created, assigned, first_read, completed, cap, expected):
    assert rules.task_touch_seconds(created, assigned, first_read, completed, cap) == expected


def test_touch_seconds_sums_the_tasks_of_a_case():
    tasks = [(T0, None, None, T0 + 5 * MIN), (T0 + 60 * MIN, T0 + 61 * MIN, None, T0 + 71 * MIN)]
    assert rules.touch_seconds(tasks, 3600) == 300 + 600
    assert rules.touch_seconds([], 3600) == 0
    with pytest.raises(ValueError):
        rules.task_touch_seconds(T0, None, None, T0 + MIN, -1)


@pytest.mark.parametrize(
    "total, count, expected",
    [(10, 4, Fraction(5, 2)), (0, 3, Fraction(0)), (7, 0, None), (Decimal("4.5"), 3, Fraction(3, 2))],
)
def test_mean(total, count, expected):
    assert rules.mean(total, count) == expected


@pytest.mark.parametrize(
    "measured, baseline, cut, shown",
    [
        (Fraction(3), Decimal("15"), Fraction(4, 5), Decimal("80.0")),  # West Java's "turun 80%"
        (Fraction(10, 3), Decimal("10"), Fraction(2, 3), Decimal("66.7")),  # rounded half-up to one decimal
        (Fraction(0), Decimal("12.5"), Fraction(1), Decimal("100.0")),
        (Fraction(12), Decimal("10"), Fraction(-1, 5), Decimal("-20.0")),  # slower than on paper: an increase
        (Fraction(1, 1000), Decimal("0.5"), Fraction(499, 500), Decimal("99.8")),
        (Fraction(3), None, None, None),  # no baseline entered
        (Fraction(3), Decimal("0"), None, None),  # a zero baseline cuts nothing
        (None, Decimal("15"), None, None),  # nothing measured yet
    ],
)
def test_percent_cut(measured, baseline, cut, shown):
    assert rules.percent_cut(measured, baseline) == cut
    assert rules.signed_percent(cut) == shown


def test_percent_cut_refuses_negative_measurements():
    with pytest.raises(ValueError):
        rules.percent_cut(Fraction(-1), Decimal("3"))
    with pytest.raises(ValueError):
        rules.mean(-1, 2)


@pytest.mark.parametrize("value, shown", [(Fraction(-1, 2000), Decimal("-0.1")), (Fraction(1, 2000), Decimal("0.1"))])
def test_signed_percent_rounds_half_away_from_zero(value, shown):
    assert rules.signed_percent(value) == shown
