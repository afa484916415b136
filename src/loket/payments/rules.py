"""Pure rules of levy payments (no Django). UU 1/2022 (HKPD) and PP 35/2023: a levy is assessed in an SKRD and
paid into the regional treasury account; PP 35/2023 art. 72 lets the assessment set its due date (the perda sets
how long: a setting, LOKET_PAYMENT_DAYS — confirm per region). The anti-pungli rule: nothing is marked paid
without the provider's confirmation of the billed amount (issue 18).

API
- `due_at(issued_at, days, zone)`: the end (23:59:59 local) of the `days`-th calendar day after issue.
- `skrd_number(region_code, year, sequence)` and `bill_reference(sequence)`.
- `outcome(kind, amount, bill)`: what a provider's event does to an assessment, as one of OUTCOMES.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

APPLIED = "applied"  # the assessment is paid (or refunded) now
REPEATED = "repeated"  # the same confirmation again (another event id): nothing changes
UNKNOWN_BILL = "unknown_bill"  # money for no assessment: a discrepancy for finance
AMOUNT_DIFFERS = "amount_differs"  # partial or excess: never marked paid; a discrepancy
NOT_PAYABLE = "not_payable"  # paid after expiry or cancellation: a discrepancy (refund)
IGNORED = "ignored"  # an event kind Loket does not act on
OUTCOMES = (APPLIED, REPEATED, UNKNOWN_BILL, AMOUNT_DIFFERS, NOT_PAYABLE, IGNORED)
DISCREPANCIES = frozenset({UNKNOWN_BILL, AMOUNT_DIFFERS, NOT_PAYABLE})


def due_at(issued_at: dt.datetime, days: int, zone: str) -> dt.datetime:
    """Payable until the end of the `days`-th calendar day after issue, in the region's time zone."""
    if days < 1:
        raise ValueError("Jangka waktu pembayaran paling sedikit 1 hari.")
    local = issued_at.astimezone(ZoneInfo(zone))
    last = local.date() + dt.timedelta(days=days)
    return dt.datetime.combine(last, dt.time(23, 59, 59), tzinfo=ZoneInfo(zone))


def skrd_number(region_code: str, year: int, sequence: int) -> str:
    """ "SKRD/3273/2026/0000123": the assessment's number on paper, unique per deployment by its sequence."""
    return f"SKRD/{region_code}/{year}/{sequence:07d}"


def bill_reference(sequence: int) -> str:
    """The reference the provider keys the bill by (≤ 25 characters, QRIS tag 62 and the VA's own digits)."""
    return f"LKT{sequence:010d}"


@dataclass(frozen=True)
class BillState:
    amount: int
    status: str  # issued, paid, expired, cancelled, refunded
    paid_event: str = ""  # the event id that paid it, if any


def outcome(kind: str, amount: int, bill: BillState | None, event_id: str = "") -> str:
    """What a provider's event means for the assessment it names."""
    if kind not in ("payment.paid", "payment.refunded"):
        return IGNORED
    if bill is None:
        return UNKNOWN_BILL
    if kind == "payment.refunded":
        return APPLIED if bill.status == "paid" and 0 < amount <= bill.amount else AMOUNT_DIFFERS
    if amount != bill.amount:
        return AMOUNT_DIFFERS
    if bill.status == "paid":
        return REPEATED if event_id == bill.paid_event else NOT_PAYABLE  # a second payment of one bill
    if bill.status != "issued":
        return NOT_PAYABLE
    return APPLIED
