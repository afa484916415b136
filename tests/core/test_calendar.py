"""Working-day counting: weekends, national holidays, cuti bersama and regional overrides."""

import datetime as dt

import pytest

from loket.core.calendar import WorkCalendar, calendar_with, national_non_working_days

pytestmark = pytest.mark.sqlite
D = dt.date


def test_weekends_are_not_working_days():
    cal = WorkCalendar()
    assert cal.is_working_day(D(2026, 11, 23))  # Monday
    assert not cal.is_working_day(D(2026, 11, 28))  # Saturday
    assert not cal.is_working_day(D(2026, 11, 29))  # Sunday


def test_national_holiday_and_cuti_bersama_are_not_working_days():
    days = national_non_working_days(2026)
    assert D(2026, 8, 17) in days  # Hari Kemerdekaan (PUBLIC)
    assert D(2026, 12, 24) in days  # cuti bersama Natal (GOVERNMENT)
    cal = WorkCalendar()
    assert not cal.is_working_day(D(2026, 12, 24))
    assert not cal.is_working_day(D(2026, 12, 25))


@pytest.mark.parametrize(
    "start, days, expected",
    [
        (D(2026, 11, 23), 0, D(2026, 11, 23)),
        (D(2026, 11, 23), 1, D(2026, 11, 24)),
        (D(2026, 11, 23), 5, D(2026, 11, 30)),  # over a weekend
        (D(2026, 11, 27), 1, D(2026, 11, 30)),  # Friday -> Monday
        (D(2026, 11, 28), 1, D(2026, 11, 30)),  # submitted on Saturday
        (D(2026, 12, 22), 3, D(2026, 12, 29)),  # 23, [24 cuti bersama, 25 Natal, weekend], 28, 29
        (D(2026, 8, 14), 1, D(2026, 8, 18)),  # Friday before 17 August (Monday)
    ],
)
def test_add_working_days(start, days, expected):
    assert WorkCalendar().add_working_days(start, days) == expected


def test_working_days_between_is_inverse_of_add():
    cal = WorkCalendar()
    start = D(2026, 3, 16)
    for n in range(40):
        assert cal.working_days_between(start, cal.add_working_days(start, n)) == n


def test_regional_override_adds_and_removes_days():
    cal = calendar_with(added=[D(2026, 11, 24)], removed=[D(2026, 12, 24)])
    assert not cal.is_working_day(D(2026, 11, 24))
    assert cal.is_working_day(D(2026, 12, 24))
    assert not calendar_with(removed=[D(2026, 11, 28)]).is_working_day(D(2026, 11, 28))  # never a weekend


def test_working_days_in_counts_both_ends():
    cal = WorkCalendar()
    assert cal.working_days_in(D(2026, 11, 23), D(2026, 11, 27)) == 5
    assert cal.working_days_in(D(2026, 11, 23), D(2026, 11, 30)) == 6
    assert cal.working_days_in(D(2026, 11, 28), D(2026, 11, 29)) == 0


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        WorkCalendar().add_working_days(D(2026, 1, 5), -1)
