"""Working days: Monday–Friday minus national holidays and collective leave (cuti bersama).

Used for SLA deadlines (UU 25/2009 art. 21(c): time limits are set in working days) and leave counting
(PP 11/2017 art. 310 ff., BKN regulation 24/2017: leave counts working days). National holidays and
cuti bersama come from the `holidays` package (Indonesia, categories PUBLIC and GOVERNMENT); its
future Islamic dates are estimates, so admins add, move or remove days per year and region, and those
overrides win. This module is pure: callers pass the overrides in.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import holidays as holidays_lib

SATURDAY = 5


@lru_cache(maxsize=64)
def national_non_working_days(year: int) -> frozenset[dt.date]:
    """National holidays (PUBLIC) and cuti bersama (GOVERNMENT) of one year, per the `holidays` package."""
    table = holidays_lib.Indonesia(years=year, categories=(holidays_lib.PUBLIC, holidays_lib.GOVERNMENT))
    return frozenset(table.keys())


@dataclass(frozen=True)
class WorkCalendar:
    """A calendar for one region: extra non-working days added, national ones removed (overrides win)."""

    added: frozenset[dt.date] = frozenset()
    removed: frozenset[dt.date] = frozenset()

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.removed:
            # An override can make a listed holiday a working day again, never a weekend.
            return day.weekday() < SATURDAY
        if day.weekday() >= SATURDAY or day in self.added:
            return False
        return day not in national_non_working_days(day.year)

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The `days`-th working day after `start` (start itself never counts). 0 returns start."""
        if days < 0:
            raise ValueError("days must not be negative")
        current = start
        while days:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                days -= 1
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in the half-open interval (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count, current = 0, start
        while current < end:
            current += dt.timedelta(days=1)
            count += self.is_working_day(current)
        return count

    def working_days_in(self, first: dt.date, last: dt.date) -> int:
        """Working days from `first` to `last`, both included (leave requests count this way)."""
        return self.working_days_between(first - dt.timedelta(days=1), last)


def calendar_with(added: Iterable[dt.date] = (), removed: Iterable[dt.date] = ()) -> WorkCalendar:
    return WorkCalendar(added=frozenset(added), removed=frozenset(removed))
