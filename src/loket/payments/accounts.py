"""Virtual account numbers: one account number per assessment at the treasury bank. Pure, no Django.

A bank's virtual account is its company prefix followed by the bill's own digits, of a fixed total length the bank
sets (shared/domain §13: "a bank prefix plus the bill reference"); some banks add a Luhn check digit (ISO/IEC
7812-1 annex B) so a mistyped number is refused at the teller or in the app before it reaches anyone. Prefix,
length and check digit are per-provider settings (LOKET_PAYMENT_PROVIDERS), never assumed here.
"""

from __future__ import annotations

from loket.core.errors import LoketError


class AccountNumberError(LoketError):
    """A virtual account number that cannot be made or is not well formed."""


def luhn_digit(digits: str) -> str:
    """The check digit that makes `digits + check` pass the Luhn test ("7992739871" -> "3")."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            value -= 9 if value > 9 else 0
        total += value
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    return number.isdigit() and len(number) > 1 and luhn_digit(number[:-1]) == number[-1]


def virtual_account(prefix: str, sequence: int, *, length: int, check_digit: bool = False) -> str:
    """Prefix + the bill's sequence zero-padded to `length` digits in all (the last one the Luhn digit if asked)."""
    if not prefix.isdigit():
        raise AccountNumberError("Awalan rekening virtual harus berupa angka.")
    if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 1:
        raise AccountNumberError("Nomor urut tagihan untuk rekening virtual harus bilangan bulat positif.")
    room = length - len(prefix) - (1 if check_digit else 0)
    body = str(sequence)
    if room < 1 or len(body) > room:
        raise AccountNumberError(
            f"Nomor urut {sequence} tidak muat dalam rekening virtual {length} digit dengan awalan {prefix}."
        )
    number = prefix + body.zfill(room)
    return number + luhn_digit(number) if check_digit else number


def parse_virtual_account(number: str, prefix: str, *, length: int, check_digit: bool = False) -> int:
    """The bill sequence inside a virtual account number of this provider; anything else is refused."""
    if not number.isdigit() or len(number) != length or not number.startswith(prefix):
        raise AccountNumberError("Nomor rekening virtual tidak dikenal.")
    if check_digit and not luhn_valid(number):
        raise AccountNumberError("Digit periksa rekening virtual salah.")
    body = number[len(prefix) : len(number) - (1 if check_digit else 0)]
    if int(body) < 1:
        raise AccountNumberError("Nomor rekening virtual tidak dikenal.")
    return int(body)
