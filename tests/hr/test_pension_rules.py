"""Retirement age (BUP) and pension dates: PP 11/2017 arts. 239-240, UU 20/2023 (domain notes §6)."""

from datetime import date

import pytest

from loket.hr.pension import rules
from loket.hr.pension.rules import UnknownPosition, bup_age, file_start, pension_start

pytestmark = pytest.mark.sqlite


@pytest.mark.parametrize(
    "position_type, level, expected",
    [
        (rules.ADMINISTRATOR, None, 58),  # art. 239(2)(a)
        (rules.PENGAWAS, None, 58),
        (rules.PELAKSANA, None, 58),
        (rules.FUNGSIONAL, rules.AHLI_PERTAMA, 58),
        (rules.FUNGSIONAL, rules.AHLI_MUDA, 58),
        (rules.FUNGSIONAL, rules.TERAMPIL, 58),
        (rules.FUNGSIONAL, rules.PENYELIA, 58),
        (rules.JPT, None, 60),  # art. 239(2)(b)
        (rules.FUNGSIONAL, rules.AHLI_MADYA, 60),
        (rules.FUNGSIONAL, rules.AHLI_UTAMA, 65),  # art. 239(2)(c)
    ],
)
def test_bup_by_position(position_type, level, expected):
    assert bup_age(position_type, level) == expected


@pytest.mark.parametrize("post, expected", [("guru", 60), ("dosen", 65), ("profesor", 70)])
def test_statute_set_ages_win(post, expected):
    # PP 11/2017 art. 240.
    assert bup_age(rules.FUNGSIONAL, rules.AHLI_PERTAMA, statute_post=post) == expected


def test_statute_ages_are_configurable(monkeypatch):
    monkeypatch.setattr(rules, "STATUTE_BUP", {"guru": 62})
    assert bup_age(rules.FUNGSIONAL, rules.AHLI_MUDA, statute_post="guru") == 62


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"position_type": "direktur"}, "Jenis jabatan"),
        ({"position_type": rules.FUNGSIONAL, "level": None}, "Jenjang jabatan fungsional"),
        ({"position_type": rules.FUNGSIONAL, "level": "ahli_super"}, "Jenjang jabatan fungsional"),
        ({"position_type": rules.FUNGSIONAL, "statute_post": "hakim"}, "tidak memiliki batas usia"),
    ],
)
def test_unknown_positions_are_refused_not_guessed(kwargs, fragment):
    with pytest.raises(UnknownPosition) as refusal:
        bup_age(**kwargs)
    assert fragment in refusal.value.message


@pytest.mark.parametrize(
    "birth, age, expected",
    [
        (date(1967, 5, 10), 58, date(2025, 6, 1)),  # born in May -> 1 June
        (date(1967, 5, 1), 58, date(2025, 6, 1)),
        (date(1967, 5, 31), 60, date(2027, 6, 1)),
        (date(1966, 12, 25), 58, date(2025, 1, 1)),  # December -> 1 January of the next year
        (date(1966, 12, 1), 65, date(2032, 1, 1)),
        (date(1968, 2, 29), 58, date(2026, 3, 1)),  # 29 February: only the month matters
        (date(1964, 2, 29), 60, date(2024, 3, 1)),
        (date(1960, 1, 31), 65, date(2025, 2, 1)),
    ],
)
def test_pension_start(birth, age, expected):
    assert pension_start(birth, age) == expected


def test_pension_start_for_a_position():
    assert pension_start(date(1970, 8, 17), bup_age(rules.JPT)) == date(2030, 9, 1)


def test_pension_start_refuses_a_non_positive_age():
    with pytest.raises(ValueError):
        pension_start(date(1970, 8, 17), 0)


@pytest.mark.parametrize(
    "pension, months, expected",
    [
        (date(2026, 6, 1), 12, date(2025, 6, 1)),
        (date(2026, 6, 1), 15, date(2025, 3, 1)),
        (date(2026, 1, 1), 15, date(2024, 10, 1)),
        (date(2026, 3, 1), 0, date(2026, 3, 1)),
    ],
)
def test_file_start(pension, months, expected):
    assert file_start(pension, months) == expected


def test_file_start_default_is_the_configurable_constant():
    assert rules.PENSION_FILE_MONTHS_AHEAD in (12, 15)
    assert file_start(date(2026, 6, 1)) == file_start(date(2026, 6, 1), rules.PENSION_FILE_MONTHS_AHEAD)
    with pytest.raises(ValueError):
        file_start(date(2026, 6, 1), -1)
