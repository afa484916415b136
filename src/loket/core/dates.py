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
