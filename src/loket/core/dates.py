"""Dates as official Indonesian paper writes them ("17 Agustus 2026"), and in English. Pure: no Django."""

import datetime as dt

MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: dt.date, *, english: bool = False) -> str:
    """17 Agustus 2026 (or 17 August 2026)."""
    months = MONTHS_EN if english else MONTHS_ID
    return f"{day.day} {months[day.month - 1]} {day.year}"


def long_moment(moment: dt.datetime, zone: str, *, english: bool = False) -> str:
    """A local moment with its zone named: "7 Desember 2026 pukul 03.10 WIB" (7 December 2026 at 03:10 WIB).
    `moment` is already in the zone's local time."""
    if english:
        return f"{long_date(moment.date(), english=True)} at {moment:%H:%M} {zone}"
    return f"{long_date(moment.date())} pukul {moment:%H.%M} {zone}"


MONTHS_ID_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
MONTHS_EN_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_date(day: dt.date, *, english: bool = False) -> str:
    """7 Des 2026 (or 7 Dec 2026): for lists and tables, where the long form takes too much room."""
    months = MONTHS_EN_SHORT if english else MONTHS_ID_SHORT
    return f"{day.day} {months[day.month - 1]} {day.year}"


def short_moment(moment: dt.datetime, zone: str, *, english: bool = False) -> str:
    """A local moment in short form with its zone: "11 Mar 2026 23.59 WITA" (11 Mar 2026 23:59 WITA); Indonesian
    writes the time with a dot. `moment` is already in the zone's local time."""
    clock = f"{moment:%H:%M}" if english else f"{moment:%H.%M}"
    return f"{short_date(moment.date(), english=english)} {clock} {zone}"
