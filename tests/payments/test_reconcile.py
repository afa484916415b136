"""Reconciliation of a provider's daily settlement file (issue 18): every kind of discrepancy found, nothing paid."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from loket.payments import rules
from loket.payments.rules import BillState, Finding, SettlementLine

pytestmark = pytest.mark.sqlite

BILLS = {
    "A": BillState(100, "paid", "e1"),
    "B": BillState(200, "paid", "e2"),
    "C": BillState(300, "issued"),
    "D": BillState(400, "expired"),
    "E": BillState(500, "paid", "e5"),
    "F": BillState(600, "cancelled"),
}


@pytest.mark.parametrize(
    ("lines", "paid", "findings"),
    [
        ([("A", 100), ("B", 200)], {"A", "B"}, []),
        ([("A", 100), ("X", 50)], {"A"}, [Finding("unknown_bill", "X", None, 50)]),
        ([("A", 90)], {"A"}, [Finding("amount_differs", "A", 100, 90)]),
        ([("C", 300)], set(), [Finding("unconfirmed", "C", 300, 300)]),
        ([("D", 400), ("F", 600)], set(), [Finding("not_payable", "D", 400, 400), Finding("not_payable", "F", 600, 600)]),
        ([("A", 100)], {"A", "E"}, [Finding("missing_in_settlement", "E", 500, None)]),
        ([("A", 100), ("A", 100)], {"A"}, [Finding("duplicate_line", "A", 100, 100)]),
        ([], {"B", "A"}, [Finding("missing_in_settlement", "A", 100, None), Finding("missing_in_settlement", "B", 200, None)]),
    ],
)  # fmt: skip
def test_reconcile(lines, paid, findings):
    assert rules.reconcile([SettlementLine(*line) for line in lines], BILLS, paid) == findings


def test_parse_settlement():
    text = "reference,va_number,amount,paid_at,channel\nA,888,100,2026-12-07T01:00:00Z,qris\n\nB,889,200,x,va\n"
    assert rules.parse_settlement(text) == [SettlementLine("A", 100), SettlementLine("B", 200)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "kepala kolom"),
        ("ref,amount\nA,1", "kepala kolom"),
        ("reference,va_number,amount\nA,888,seratus", "Baris 2"),
        ("reference,va_number,amount\nA,888,100\n,889,5", "Baris 3"),
        ("reference,va_number,amount\nA", "Baris 2"),
    ],
)
def test_malformed_settlement_is_refused_whole(text, message):
    with pytest.raises(ValueError, match=message):
        rules.parse_settlement(text)


@pytest.mark.parametrize(
    ("finding", "kind"),
    [
        ("unconfirmed", "unpaid_but_settled"),
        ("missing_in_settlement", "paid_not_settled"),
        ("unknown_bill", "unknown_bill"),
        ("amount_differs", "amount_differs"),
        ("not_payable", "settled_not_payable"),
        ("duplicate_line", "duplicate_line"),
    ],
)
def test_every_finding_has_its_inbox_kind(finding, kind):
    assert rules.discrepancy_kind(finding) == kind


def test_every_kind_reconcile_produces_is_named_and_nothing_else():
    assert set(rules.DISCREPANCY_KINDS) == set(rules.RECONCILE_KINDS)
    with pytest.raises(KeyError):
        rules.discrepancy_kind("applied")


@pytest.mark.parametrize(
    ("now", "day"),
    [
        (dt.datetime(2026, 12, 7, 0, 0, 1, tzinfo=dt.UTC), dt.date(2026, 12, 6)),
        (dt.datetime(2026, 12, 7, 23, 59, tzinfo=dt.UTC), dt.date(2026, 12, 6)),
        # 06:00 WIB on 7 December is still 6 December in UTC: the file due is the 5th
        (dt.datetime(2026, 12, 7, 6, 0, tzinfo=ZoneInfo("Asia/Jakarta")), dt.date(2026, 12, 5)),
        (dt.datetime(2027, 1, 1, 8, 0, tzinfo=ZoneInfo("Asia/Jayapura")), dt.date(2026, 12, 30)),  # 23:00 UTC 31 Dec
    ],
)
def test_the_settlement_day_due_is_yesterday_in_utc(now, day):
    assert rules.settlement_day(now) == day
    first, end = rules.day_bounds(day)
    assert first.tzinfo == dt.UTC and end - first == dt.timedelta(days=1) and first.date() == day


@pytest.mark.parametrize(
    ("note", "resolved", "refused"),
    [
        ("Dikonfirmasi ke bank BJB.", False, None),
        ("", False, "catatan penyelesaian"),
        ("   oke      ", False, "catatan penyelesaian"),
        ("123456789", False, "catatan penyelesaian"),
        ("1234567890", False, None),
        ("Dikonfirmasi ke bank BJB.", True, "sudah diselesaikan"),
    ],
)
def test_a_resolution_needs_a_note_once(note, resolved, refused):
    refusal = rules.resolution_refusal(note, resolved)
    assert (refusal is None) if refused is None else (refused in refusal)
