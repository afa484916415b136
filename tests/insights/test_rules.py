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
