"""Virtual account numbers: prefix + bill sequence, fixed length, optional Luhn digit (ISO/IEC 7812-1 annex B)."""

import pytest

from loket.payments import accounts

pytestmark = pytest.mark.sqlite


@pytest.mark.parametrize(
    ("digits", "check"),
    [("7992739871", "3"), ("0", "0"), ("1", "8"), ("4111111111111111"[:-1], "1"), ("12345", "5")],
)
def test_luhn_digit(digits, check):
    assert accounts.luhn_digit(digits) == check
    assert accounts.luhn_valid(digits + check)
    wrong = str((int(check) + 1) % 10)
    assert not accounts.luhn_valid(digits + wrong)


@pytest.mark.parametrize(
    ("prefix", "sequence", "length", "check", "number"),
    [
        ("88810", 123, 16, False, "8881000000000123"),
        ("88810", 123, 16, True, "888100000000123" + accounts.luhn_digit("888100000000123")),
        ("7", 9, 3, False, "709"),
    ],
)
def test_virtual_account_round_trip(prefix, sequence, length, check, number):
    made = accounts.virtual_account(prefix, sequence, length=length, check_digit=check)
    assert made == number and len(made) == length
    assert accounts.parse_virtual_account(made, prefix, length=length, check_digit=check) == sequence


@pytest.mark.parametrize(
    ("prefix", "sequence", "length", "message"),
    [
        ("88A", 1, 10, "angka"),
        ("888", 0, 10, "positif"),
        ("888", 10**8, 10, "tidak muat"),
        ("888", True, 10, "positif"),
    ],
)
def test_virtual_account_refusals(prefix, sequence, length, message):
    with pytest.raises(accounts.AccountNumberError, match=message):
        accounts.virtual_account(prefix, sequence, length=length)


@pytest.mark.parametrize("number", ["8881000000000124x", "888100000000012", "9991000000000123", "8881000000000000"])
def test_unknown_numbers_are_refused(number):
    with pytest.raises(accounts.AccountNumberError):
        accounts.parse_virtual_account(number, "88810", length=16)


def test_wrong_check_digit_is_refused():
    good = accounts.virtual_account("88810", 77, length=16, check_digit=True)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(accounts.AccountNumberError, match="Digit periksa"):
        accounts.parse_virtual_account(bad, "88810", length=16, check_digit=True)
