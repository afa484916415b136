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


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2026, 5, 10), date(2026, 6, 1)),
        (date(2026, 5, 31), date(2026, 6, 1)),
        (date(2026, 12, 31), date(2027, 1, 1)),
        (date(2024, 2, 29), date(2024, 3, 1)),
        (date(2026, 6, 1), date(2026, 7, 1)),  # a death on the 1st: the next month still
    ],
)
def test_death_and_incapacity_pensions_start_the_month_after(day, expected):
    assert rules.death_pension_start(day) == expected == rules.incapacity_pension_start(day)


@pytest.mark.parametrize(
    "start, on, expected",
    [
        (date(1995, 3, 1), date(2026, 3, 1), (31, 0)),
        (date(1995, 3, 2), date(2026, 3, 1), (30, 11)),
        (date(2006, 1, 1), date(2026, 6, 1), (20, 5)),
        (date(2026, 7, 1), date(2026, 6, 1), (0, 0)),  # not yet in service
    ],
)
def test_service_on(start, on, expected):
    assert rules.service_on(start, on) == expected


@pytest.mark.parametrize(
    "birth, start, on, fragments",
    [
        (date(1980, 1, 15), date(2005, 1, 1), date(2026, 1, 1), []),  # 45 years, 21 years of service
        (date(1981, 2, 1), date(2005, 1, 1), date(2026, 1, 1), ["Usia pada tanggal pensiun 44"]),
        (date(1970, 1, 1), date(2006, 2, 1), date(2026, 1, 1), ["Masa kerja pada tanggal pensiun 19 tahun 11"]),
        (date(1985, 1, 1), date(2010, 1, 1), date(2026, 1, 1), ["Usia", "Masa kerja"]),
    ],
)
def test_early_retirement_conditions(birth, start, on, fragments):
    reasons = rules.early_refusals(birth, start, on)
    assert [r[0].split(" pada")[0] for r in reasons] == [f.split(" pada")[0] for f in fragments]
    assert all(rules.EARLY_SOURCE in indonesian and rules.EARLY_SOURCE_EN in english for indonesian, english in reasons)


def test_early_retirement_conditions_are_configurable():
    assert (
        rules.early_refusals(date(1985, 1, 1), date(2010, 1, 1), date(2026, 1, 1), min_age=40, min_service_years=16)
        == []
    )


@pytest.mark.parametrize(
    "bank, number, holder, fragment",
    [
        ("bri", "0123-01-000456-50-1", "Siti", None),
        ("bni", "0123456789", "Siti", None),
        ("bni", "012345678", "Siti", "terdiri atas 10 angka"),
        ("mandiri", "13000123456789", "Siti", "13 angka"),
        ("bjb", "00012345678AB", "Siti", "hanya berisi angka"),
        ("bjb", "٠١٢٣٤٥٦٧٨٩٠١٢", "Siti", "hanya berisi angka"),  # other scripts' digits are refused
        ("bankku", "0123456789", "Siti", "Pilih bank"),
        ("bsi", "0123456789", "  ", "pemilik rekening"),
    ],
)
def test_bank_account_check(bank, number, holder, fragment):
    refusal = rules.account_refusal(bank, number, holder)
    assert (refusal is None) if fragment is None else (fragment in refusal[0] and refusal[1])


def test_masked_account_shows_the_last_four_digits():
    assert rules.masked_account("0123456789") == "••••••6789"
    assert rules.masked_account("") == ""


@pytest.mark.parametrize(
    "name, level, expected",
    [
        ("Guru Ahli Muda", "ahli_muda", "guru"),
        ("Dosen Lektor Kepala", "ahli_madya", "dosen"),
        ("Dosen", "profesor", "profesor"),
        ("Analis Kebijakan", "ahli_muda", None),
        ("", None, None),
    ],
)
def test_statute_post_from_the_registry_name(name, level, expected):
    assert rules.statute_post_of(name, level) == expected


@pytest.mark.parametrize(
    "pension_date, on, expected",
    [
        (date(2027, 4, 1), date(2027, 4, 1), True),  # leaves on the pension date itself
        (date(2027, 4, 1), date(2027, 6, 1), True),
        (date(2027, 4, 1), date(2027, 3, 31), False),
        (None, date(2027, 4, 1), False),  # no live pension file
    ],
)
def test_retires_by(pension_date, on, expected):
    assert rules.retires_by(pension_date, on) is expected


def test_the_retirement_reason_cites_the_regulation_in_both_languages():
    indonesian, english = rules.retired_reason(date(2027, 4, 1))
    assert "TMT 1 April 2027" in indonesian and "PP 11/2017 Pasal 250" in indonesian
    assert "1 April 2027" in english and "PP 11/2017 art. 250" in english
