"""Deadlines in a region's calendar and time zone (DESIGN invariant: working days, times in UTC)."""

import datetime as dt
import time

from django.db.models import Q

from loket.core.calendar import WorkCalendar
from loket.core.models import CalendarDay
from loket.org.models import Region

_CACHE: dict[int | None, tuple[float, WorkCalendar]] = {}
CACHE_SECONDS = 60


def calendar_for(region: Region | None) -> WorkCalendar:
    """National calendar with the overrides for this region (and its province, and everywhere)."""
    key = region.pk if region else None
    cached = _CACHE.get(key)
    if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    scope = Q(region__isnull=True)
    if region is not None:
        scope |= Q(region_id=region.pk)
        if region.parent_id:
            scope |= Q(region_id=region.parent_id)
    added, removed = set(), set()
    for day, kind in CalendarDay.objects.filter(scope).values_list("date", "kind"):
        (added if kind == CalendarDay.Kind.DAY_OFF else removed).add(day)
    calendar = WorkCalendar(added=frozenset(added), removed=frozenset(removed - added))
    _CACHE[key] = (time.monotonic(), calendar)
    return calendar


def clear_cache() -> None:
    _CACHE.clear()


def local_date(moment: dt.datetime, region: Region) -> dt.date:
    return moment.astimezone(region.zoneinfo).date()


def end_of_local_day(day: dt.date, region: Region) -> dt.datetime:
    """The last instant of `day` in the region's time zone, in UTC."""
    local = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=region.zoneinfo)
    return local.astimezone(dt.UTC)


def due_after(start: dt.datetime, working_days: int, region: Region) -> dt.datetime:
    """End of the `working_days`-th working day after the local date of `start`."""
    calendar = calendar_for(region)
    return end_of_local_day(calendar.add_working_days(local_date(start, region), working_days), region)


def working_days_left(now: dt.datetime, due: dt.datetime, region: Region) -> int:
    """Working days from today to the due date (0 = due today, negative = overdue)."""
    today, due_day = local_date(now, region), local_date(due, region)
    left = calendar_for(region).working_days_between(today, due_day)
    # A weekend or holiday right after the due date counts no working day, yet the work is overdue.
    return min(left, -1) if today > due_day else left


def sla_state(now: dt.datetime, due: dt.datetime, region: Region) -> str:
    """'overdue', 'due_today' or 'on_track' as the officer's inbox shows it."""
    if now > due:
        return "overdue"
    if local_date(now, region) == local_date(due, region):
        return "due_today"
    return "on_track"
