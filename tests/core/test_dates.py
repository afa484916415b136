"""Dates and moments as official paper writes them (loket.core.dates)."""

import datetime as dt

import pytest

from loket.core import dates


@pytest.mark.parametrize(
    "day, indonesian, english",
    [
        (dt.date(2026, 8, 17), "17 Agustus 2026", "17 August 2026"),
        (dt.date(2027, 1, 1), "1 Januari 2027", "1 January 2027"),
        (dt.date(2028, 2, 29), "29 Februari 2028", "29 February 2028"),
    ],
)
def test_long_date(day, indonesian, english):
    assert dates.long_date(day) == indonesian
    assert dates.long_date(day, english=True) == english


@pytest.mark.parametrize(
    "moment, zone, indonesian, english",
    [
        (dt.datetime(2026, 12, 7, 3, 10), "WIB", "7 Desember 2026 pukul 03.10 WIB", "7 December 2026 at 03:10 WIB"),
        (dt.datetime(2026, 5, 31, 23, 59), "WITA", "31 Mei 2026 pukul 23.59 WITA", "31 May 2026 at 23:59 WITA"),
    ],
)
def test_long_moment(moment, zone, indonesian, english):
    assert dates.long_moment(moment, zone) == indonesian
    assert dates.long_moment(moment, zone, english=True) == english


@pytest.mark.parametrize(
    "moment, zone, indonesian, english",
    [
        (dt.datetime(2026, 12, 7, 3, 10), "WIB", "7 Des 2026 03.10 WIB", "7 Dec 2026 03:10 WIB"),
        (dt.datetime(2026, 8, 17, 23, 59), "WITA", "17 Agu 2026 23.59 WITA", "17 Aug 2026 23:59 WITA"),
        (dt.datetime(2027, 5, 1, 0, 0), "WIT", "1 Mei 2027 00.00 WIT", "1 May 2027 00:00 WIT"),
    ],
)
def test_short_date_and_moment(moment, zone, indonesian, english):
    assert dates.short_moment(moment, zone) == indonesian
    assert dates.short_moment(moment, zone, english=True) == english
    assert dates.short_date(moment.date()) == indonesian.rsplit(" ", 2)[0]
