"""Pure payment rules: due date, numbering, and what a provider's event does (issue 18)."""

import datetime as dt

import pytest

from loket.payments import rules
from loket.payments.rules import BillState

pytestmark = pytest.mark.sqlite


@pytest.mark.parametrize(
    ("issued", "days", "zone", "due"),
    [
        # issued 7 Dec 10:00 WIB: payable until 14 Dec 23:59:59 WIB
        (dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC), 7, "Asia/Jakarta", dt.datetime(2026, 12, 14, 16, 59, 59, tzinfo=dt.UTC)),
        # issued 7 Dec 23:30 WITA (15:30 UTC): the local date counts, not the UTC one
        (dt.datetime(2026, 12, 7, 15, 30, tzinfo=dt.UTC), 1, "Asia/Makassar", dt.datetime(2026, 12, 8, 15, 59, 59, tzinfo=dt.UTC)),
        # across the year's end
        (dt.datetime(2026, 12, 30, 0, 0, tzinfo=dt.UTC), 3, "Asia/Jayapura", dt.datetime(2027, 1, 2, 14, 59, 59, tzinfo=dt.UTC)),
    ],
)  # fmt: skip
def test_due_at(issued, days, zone, due):
    assert rules.due_at(issued, days, zone) == due


def test_due_at_needs_a_day():
    with pytest.raises(ValueError):
        rules.due_at(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), 0, "Asia/Jakarta")


def test_numbers():
    assert rules.skrd_number("32.73", 2026, 123) == "SKRD/32.73/2026/0000123"
    assert rules.bill_reference(123) == "LKT0000000123" and len(rules.bill_reference(10**10 - 1)) <= 25


ISSUED = BillState(100, "issued")
PAID = BillState(100, "paid", "e1")


@pytest.mark.parametrize(
    ("kind", "amount", "bill", "event", "outcome"),
    [
        ("payment.paid", 100, ISSUED, "e1", "applied"),
        ("payment.paid", 99, ISSUED, "e1", "amount_differs"),
        ("payment.paid", 101, ISSUED, "e1", "amount_differs"),
        ("payment.paid", 100, None, "e1", "unknown_bill"),
        ("payment.paid", 100, PAID, "e1", "repeated"),
        ("payment.paid", 100, PAID, "e2", "not_payable"),  # a second payment of one bill: refund
        ("payment.paid", 100, BillState(100, "paid", "query:A"), "e2", "repeated"),  # late callback after a query
        ("payment.paid", 100, BillState(100, "paid", "query:A"), "query:A", "repeated"),
        ("payment.paid", 100, BillState(100, "expired"), "e1", "not_payable"),
        ("payment.paid", 100, BillState(100, "cancelled"), "e1", "not_payable"),
        ("payment.refunded", 100, PAID, "r1", "applied"),
        ("payment.refunded", 101, PAID, "r1", "amount_differs"),
        ("payment.refunded", 100, ISSUED, "r1", "not_payable"),
        ("payment.refunded", 100, BillState(100, "refunded"), "r1", "not_payable"),
        ("payment.refunded", 100, None, "r1", "unknown_bill"),
        ("payment.created", 100, ISSUED, "x", "ignored"),
    ],
)
def test_outcome(kind, amount, bill, event, outcome):
    assert rules.outcome(kind, amount, bill, event) == outcome
