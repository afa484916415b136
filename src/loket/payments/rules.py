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
from typing import NamedTuple
from zoneinfo import ZoneInfo

APPLIED = "applied"  # the assessment is paid (or refunded) now
REPEATED = "repeated"  # the same confirmation again (another event id): nothing changes
UNKNOWN_BILL = "unknown_bill"  # money for no assessment: a discrepancy for finance
AMOUNT_DIFFERS = "amount_differs"  # partial or excess: never marked paid; a discrepancy
NOT_PAYABLE = "not_payable"  # paid after expiry or cancellation: a discrepancy (refund)
IGNORED = "ignored"  # an event kind Loket does not act on
OUTCOMES = (APPLIED, REPEATED, UNKNOWN_BILL, AMOUNT_DIFFERS, NOT_PAYABLE, IGNORED)
DISCREPANCIES = frozenset({UNKNOWN_BILL, AMOUNT_DIFFERS, NOT_PAYABLE})
# The event id Loket gives the provider's answer to a query that a bill is paid (its callback was lost).
QUERY_PREFIX = "query:"


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


class BillState(NamedTuple):  # a tuple: a million of them are built in a reconciliation
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
        if bill.status != "paid":
            return NOT_PAYABLE  # a refund of a bill that was never paid (or already refunded)
        return APPLIED if 0 < amount <= bill.amount else AMOUNT_DIFFERS
    if amount != bill.amount:
        return AMOUNT_DIFFERS
    if bill.status == "paid":
        if event_id == bill.paid_event or bill.paid_event.startswith(QUERY_PREFIX):
            # the same confirmation again; or the late callback of a payment recovered by querying the provider
            # (which refuses a second payment of one bill; a second one settled would be a duplicate line)
            return REPEATED
        return NOT_PAYABLE  # a second payment of one bill
    if bill.status != "issued":
        return NOT_PAYABLE
    return APPLIED


# ---------------------------------------------------------------- refunds

REFUND_REASON_MIN = 20
NOT_PAID = "not_paid"
ALREADY_REFUNDED = "already_refunded"
NO_REASON = "no_reason"


def refund_refusal(status: str, has_refund: bool, reason: str) -> str | None:
    """Why a levy cannot be returned now, or None. Only a paid assessment is refunded, once and whole (PP 35/2023
    art. 80-81: a levy paid in excess or not owed is returned on a decision); the decision states its reason in
    words: at least REFUND_REASON_MIN characters and three words (a reason is what the citizen and the auditor read)."""
    if has_refund or status == "refunded":
        return ALREADY_REFUNDED
    if status != "paid":
        return NOT_PAID
    text = " ".join((reason or "").split())
    if len(text) < REFUND_REASON_MIN or len([w for w in text.split() if any(c.isalpha() for c in w)]) < 3:
        return NO_REASON
    return None


# ---------------------------------------------------------------- reconciliation of a settlement file

UNCONFIRMED = "unconfirmed"  # the provider settled it, but Loket never got (or never applied) the confirmation
MISSING = "missing_in_settlement"  # Loket holds it paid that day, the provider's file does not list it
DUPLICATE_LINE = "duplicate_line"  # the file lists one bill twice
RECONCILE_KINDS = (UNKNOWN_BILL, AMOUNT_DIFFERS, NOT_PAYABLE, UNCONFIRMED, MISSING, DUPLICATE_LINE)


class SettlementLine(NamedTuple):
    reference: str
    amount: int


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    reference: str
    loket_amount: int | None
    provider_amount: int | None


def reconcile(lines, bills: dict, paid_that_day: set) -> list[Finding]:
    """Match one day's settlement file against Loket's assessments. `bills`: reference -> BillState of every
    assessment the lines may name; `paid_that_day`: references Loket recorded as paid on that day. Returns the
    discrepancies only (a line that matches a paid assessment of the same amount is in order). Loket never marks
    anything paid here: an unconfirmed settlement is a finding for finance, who asks the provider."""
    findings: list[Finding] = []
    seen: set[str] = set()
    for line in lines:
        bill = bills.get(line.reference)
        if line.reference in seen:
            findings.append(Finding(DUPLICATE_LINE, line.reference, bill.amount if bill else None, line.amount))
            continue
        seen.add(line.reference)
        if bill is None:
            findings.append(Finding(UNKNOWN_BILL, line.reference, None, line.amount))
        elif line.amount != bill.amount:
            findings.append(Finding(AMOUNT_DIFFERS, line.reference, bill.amount, line.amount))
        elif bill.status in ("issued",):
            findings.append(Finding(UNCONFIRMED, line.reference, bill.amount, line.amount))
        elif bill.status in ("expired", "cancelled"):
            findings.append(Finding(NOT_PAYABLE, line.reference, bill.amount, line.amount))
    for reference in sorted(paid_that_day - seen):
        findings.append(Finding(MISSING, reference, bills[reference].amount if reference in bills else None, None))
    return findings


def parse_settlement(text: str) -> list[SettlementLine]:
    """The provider's CSV (docs/payments.md: reference,va_number,amount,paid_at,channel); a malformed file is refused
    whole with the line number, so a half-read file never reconciles."""
    rows = text.splitlines()
    if not rows or rows[0].strip().split(",")[:3] != ["reference", "va_number", "amount"]:
        raise ValueError("Berkas settlement tidak diawali kepala kolom reference,va_number,amount.")
    lines = []
    append, line_of = lines.append, SettlementLine
    for number, row in enumerate(rows[1:], start=2):
        cells = row.split(",", 3)
        if len(cells) < 3 or not cells[0] or not cells[2].isdigit():
            if not row.strip():
                continue
            raise ValueError(f"Baris {number} berkas settlement rusak: {row[:80]!r}.")
        append(line_of(cells[0], int(cells[2])))
    return lines


# What each finding is called in the finance officers' inbox (payments.Discrepancy.Kind).
DISCREPANCY_KINDS = {
    UNCONFIRMED: "unpaid_but_settled",  # the provider settled it; Loket asks the provider, never marks it paid here
    MISSING: "paid_not_settled",
    UNKNOWN_BILL: "unknown_bill",
    AMOUNT_DIFFERS: "amount_differs",
    NOT_PAYABLE: "settled_not_payable",
    DUPLICATE_LINE: "duplicate_line",
}


def discrepancy_kind(finding_kind: str) -> str:
    """The inbox's kind of a reconciliation finding; KeyError for anything `reconcile` does not produce."""
    return DISCREPANCY_KINDS[finding_kind]


def settlement_day(now: dt.datetime) -> dt.date:
    """The day whose settlement file is due at `now`: yesterday in UTC (the provider's files are UTC days)."""
    return now.astimezone(dt.UTC).date() - dt.timedelta(days=1)


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a settlement day in UTC."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    return start, start + dt.timedelta(days=1)


RESOLUTION_MIN_CHARS = 10


def resolution_refusal(note: str, resolved: bool) -> str | None:
    """Why a finance officer's resolution of a discrepancy is refused, or None. The note is the record of what was
    done (asked the provider, refunded, corrected the bank's statement): mandatory and meaningful; a discrepancy is
    resolved once (PP 12/2019 art. 10: the receiving treasurer accounts for every receipt)."""
    if resolved:
        return "Selisih ini sudah diselesaikan."
    if len((note or "").strip()) < RESOLUTION_MIN_CHARS:
        return f"Tuliskan catatan penyelesaian (paling sedikit {RESOLUTION_MIN_CHARS} karakter): apa yang diperiksa dan dilakukan."
    return None
