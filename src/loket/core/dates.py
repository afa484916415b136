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
