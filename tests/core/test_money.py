"""Amounts in Indonesian words (terbilang) beside the figures of a receipt."""

import pytest

from loket.core.money import rupiah, terbilang


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "nol rupiah"),
        (1, "satu rupiah"),
        (10, "sepuluh rupiah"),
        (11, "sebelas rupiah"),
        (12, "dua belas rupiah"),
        (19, "sembilan belas rupiah"),
        (20, "dua puluh rupiah"),
        (99, "sembilan puluh sembilan rupiah"),
        (100, "seratus rupiah"),
        (111, "seratus sebelas rupiah"),
        (250, "dua ratus lima puluh rupiah"),
        (1000, "seribu rupiah"),
        (1500, "seribu lima ratus rupiah"),
        (11000, "sebelas ribu rupiah"),
        (110000, "seratus sepuluh ribu rupiah"),
        (101000, "seratus satu ribu rupiah"),
        (1000000, "satu juta rupiah"),
        (2385000, "dua juta tiga ratus delapan puluh lima ribu rupiah"),
        (1001001, "satu juta seribu satu rupiah"),
        (7_000_000_000, "tujuh miliar rupiah"),
        (1_000_000_000_000, "satu triliun rupiah"),
        (-5000, "minus lima ribu rupiah"),
    ],
)
def test_terbilang(amount, words):
    assert terbilang(amount) == words


def test_terbilang_refuses_what_no_levy_reaches():
    with pytest.raises(ValueError):
        terbilang(10**15)


def test_rupiah_figures():
    assert rupiah(110000) == "Rp110.000" and rupiah(-5000) == "-Rp5.000"
