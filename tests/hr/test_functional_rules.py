"""Credit points of functional positions: PermenPANRB 1/2023, BKN regulation 3/2023 (domain notes §7, §12)."""

import datetime as dt
from decimal import Decimal

import pytest

from loket.hr.functional import rules
from loket.hr.functional.rules import (
    CreditPeriod,
    UnknownCreditRule,
    accumulate,
    credits_for,
    format_credit,
    next_step,
    period_credit,
    period_months,
    standing,
)

pytestmark = pytest.mark.sqlite
D = Decimal


@pytest.mark.parametrize(
    "rating, level, months, expected",
    [
        # The domain notes' vectors (§7).
        ("Sangat Baik", "ahli_pertama", 12, "18.750"),
        ("Baik", "ahli_pertama", 2, "2.083"),  # 2/12 × 12.5 = 2.0833…
        # Hand-computed: percentage × coefficient × months / 12, three places half up.
        ("baik", "ahli_pertama", 12, "12.500"),
        ("Butuh Perbaikan", "ahli_pertama", 12, "9.375"),  # 0.75 × 12.5
        ("kurang", "ahli_pertama", 12, "6.250"),
        ("sangat_kurang", "ahli_pertama", 12, "3.125"),
        ("Baik", "ahli_muda", 12, "25.000"),
        ("Sangat Baik", "ahli_muda", 7, "21.875"),  # 1.5 × 25 × 7/12 = 21.875
        ("Baik", "ahli_madya", 1, "3.125"),  # 37.5 / 12
        ("Sangat Baik", "ahli_utama", 5, "31.250"),  # 1.5 × 50 × 5/12 = 31.25
        ("Baik", "pemula", 12, "3.750"),
        ("Butuh Perbaikan", "terampil", 4, "1.250"),  # 0.75 × 5 × 4/12 = 1.25
        ("Kurang", "mahir", 5, "2.604"),  # 0.5 × 12.5 × 5/12 = 2.6041…
        ("Sangat Baik", "penyelia", 1, "3.125"),  # 1.5 × 25 / 12
        ("Baik", "ahli_pertama", 1, "1.042"),  # 1.0416… rounds up
    ],
)
def test_period_credit(rating, level, months, expected):
    assert period_credit(rating, level, months) == D(expected)


@pytest.mark.parametrize("months", [0, 13, -1])
def test_months_out_of_a_year_are_refused(months):
    with pytest.raises(ValueError):
        period_credit("Baik", "ahli_pertama", months)


@pytest.mark.parametrize("rating", ["cukup", "luar biasa", ""])
def test_unknown_rating_is_refused_not_guessed(rating):
    with pytest.raises(UnknownCreditRule, match="tidak dikenal"):
        period_credit(rating, "ahli_pertama", 12)


def test_unknown_level_is_refused():
    with pytest.raises(UnknownCreditRule, match="perlu ditetapkan BKD"):
        period_credit("Baik", "ahli_super", 12)


@pytest.mark.parametrize(
    "first, last, months",
    [
        (dt.date(2025, 1, 1), dt.date(2025, 12, 31), 12),
        (dt.date(2025, 3, 1), dt.date(2025, 3, 31), 1),
        (dt.date(2024, 2, 1), dt.date(2024, 2, 29), 1),  # leap year
        (dt.date(2025, 8, 1), dt.date(2025, 12, 31), 5),
        (dt.date(2024, 11, 1), dt.date(2025, 2, 28), 4),
    ],
)
def test_period_months(first, last, months):
    assert period_months(first, last) == months


@pytest.mark.parametrize(
    "first, last",
    [
        (dt.date(2025, 1, 15), dt.date(2025, 12, 31)),  # starts mid-month
        (dt.date(2025, 1, 1), dt.date(2025, 2, 27)),  # ends before the month's end
        (dt.date(2025, 2, 1), dt.date(2025, 1, 31)),  # ends before it starts
    ],
)
def test_part_months_are_refused(first, last):
    with pytest.raises(ValueError):
        period_months(first, last)


def test_accumulation_across_years_and_positions():
    # Appointed ahli pertama in March 2023 from a structural post, promoted to ahli muda in August 2025;
    # an earlier PAK carried 4.5 credits from the previous functional post.
    periods = [
        CreditPeriod(dt.date(2023, 3, 1), dt.date(2023, 12, 31), "ahli_pertama", "Baik"),  # 10/12 × 12.5 = 10.417
        CreditPeriod(dt.date(2024, 1, 1), dt.date(2024, 12, 31), "ahli_pertama", "Sangat Baik"),  # 18.750
        CreditPeriod(dt.date(2025, 1, 1), dt.date(2025, 7, 31), "ahli_pertama", "Baik"),  # 7.292
        CreditPeriod(dt.date(2025, 8, 1), dt.date(2025, 12, 31), "ahli_muda", "Butuh Perbaikan"),  # 0.75×25×5/12=7.813
    ]
    items = credits_for(reversed(periods))
    assert [item.credit for item in items] == [D("10.417"), D("18.750"), D("7.292"), D("7.813")]
    assert [item.months for item in items] == [10, 12, 7, 5]
    assert accumulate(periods, opening=D("4.5")) == D("48.772")


@pytest.mark.parametrize(
    "posts, expected",
    [
        # Held the whole year.
        ([(dt.date(2020, 1, 1), None, "ahli_pertama")], [((1, 1), (12, 31), "ahli_pertama")]),
        # Appointed on 1 August from a structural post: August to December only.
        ([(dt.date(2025, 8, 1), None, "ahli_muda")], [((8, 1), (12, 31), "ahli_muda")]),
        # A level promotion on 1 April splits the year.
        (
            [(dt.date(2021, 3, 1), dt.date(2025, 3, 31), "ahli_pertama"), (dt.date(2025, 4, 1), None, "ahli_muda")],
            [((1, 1), (3, 31), "ahli_pertama"), ((4, 1), (12, 31), "ahli_muda")],
        ),
        # Left the post at the end of June; a post that ended before the year earns nothing in it.
        (
            [
                (dt.date(2019, 1, 1), dt.date(2024, 12, 31), "terampil"),
                (dt.date(2025, 1, 1), dt.date(2025, 6, 30), "mahir"),
            ],
            [((1, 1), (6, 30), "mahir")],
        ),
        ([(dt.date(2026, 2, 1), None, "ahli_muda")], []),  # appointed after the year
    ],
)
def test_periods_in_year(posts, expected):
    periods = rules.periods_in_year(2025, posts, "Baik")
    assert [((p.first.month, p.first.day), (p.last.month, p.last.day), p.level) for p in periods] == expected
    assert all(p.rating == "Baik" and p.first.year == p.last.year == 2025 for p in periods)


def test_a_split_year_earns_by_months_in_each_level():
    posts = [(dt.date(2021, 3, 1), dt.date(2025, 3, 31), "ahli_pertama"), (dt.date(2025, 4, 1), None, "ahli_muda")]
    items = credits_for(rules.periods_in_year(2025, posts, "Sangat Baik"))
    # 1.5 × 12.5 × 3/12 = 4.6875 -> 4.688; 1.5 × 25 × 9/12 = 28.125
    assert [item.credit for item in items] == [D("4.688"), D("28.125")]


def test_periods_must_not_overlap_or_cross_a_year():
    with pytest.raises(ValueError, match="tumpang tindih"):
        credits_for(
            [
                CreditPeriod(dt.date(2025, 1, 1), dt.date(2025, 6, 30), "ahli_muda", "Baik"),
                CreditPeriod(dt.date(2025, 6, 1), dt.date(2025, 12, 31), "ahli_muda", "Baik"),
            ]
        )
    with pytest.raises(ValueError, match="pergantian tahun"):
        credits_for([CreditPeriod(dt.date(2024, 7, 1), dt.date(2025, 6, 30), "ahli_muda", "Baik")])


@pytest.mark.parametrize(
    "level, grade, kind, to_grade, to_level, credit",
    [
        ("ahli_pertama", "IIIa", rules.RANK, "IIIb", "ahli_pertama", "50"),
        ("ahli_pertama", "IIIb", rules.LEVEL, "IIIc", "ahli_muda", "100"),
        ("ahli_muda", "IIIc", rules.RANK, "IIId", "ahli_muda", "100"),
        ("ahli_muda", "IIId", rules.LEVEL, "IVa", "ahli_madya", "200"),
        ("ahli_madya", "IVa", rules.RANK, "IVb", "ahli_madya", "150"),
        ("ahli_madya", "IVb", rules.RANK, "IVc", "ahli_madya", "150"),
        ("ahli_madya", "IVc", rules.LEVEL, "IVd", "ahli_utama", "450"),
        ("ahli_utama", "IVd", rules.RANK, "IVe", "ahli_utama", "200"),
        ("pemula", "IIa", rules.LEVEL, "IIb", "terampil", "15"),
        ("terampil", "IIb", rules.RANK, "IIc", "terampil", "20"),
        ("terampil", "IIc", rules.RANK, "IId", "terampil", "20"),
    ],
)
def test_next_step(level, grade, kind, to_grade, to_level, credit):
    step = next_step(level, grade)
    assert (step.kind, step.to_grade, step.to_level, step.credit) == (kind, to_grade, to_level, D(credit))
    assert step.source  # every value names where it comes from


def test_the_top_has_no_next_step():
    assert next_step("ahli_utama", "IVe").kind == rules.TOP
    assert next_step("penyelia", "IIId").kind == rules.TOP


@pytest.mark.parametrize(
    "level, grade",
    [
        ("terampil", "IId"),  # terampil → mahir: the credit is not in the domain notes
        ("mahir", "IIIa"),  # mahir's rank step is not in the table
        ("ahli_pertama", "IVa"),  # outside the level's grades
        ("ahli_muda", "IIIz"),
    ],
)
def test_steps_the_tables_do_not_hold_are_refused(level, grade):
    with pytest.raises(UnknownCreditRule):
        next_step(level, grade)


@pytest.mark.parametrize(
    "level, grade, in_rank, in_level, eligible, shortfall, excess",
    [
        ("ahli_pertama", "IIIa", "50", "50", True, "0", "0"),
        ("ahli_pertama", "IIIa", "49.999", "80", False, "0.001", "0"),
        ("ahli_pertama", "IIIa", "62.5", "62.5", True, "0", "12.5"),
        # A level step counts the credit in the level, not in the rank.
        ("ahli_pertama", "IIIb", "30", "99", False, "1", "0"),
        # ... and carries no excess into the next level (excess_credit.csv, step "jenjang").
        ("ahli_pertama", "IIIb", "30", "112.5", True, "0", "0"),
        ("ahli_utama", "IVe", "500", "500", False, "0", "0"),
    ],
)
def test_standing(level, grade, in_rank, in_level, eligible, shortfall, excess):
    result = standing(level, grade, credit_in_rank=D(in_rank), credit_in_level=D(in_level))
    assert (result.eligible, result.shortfall, result.excess) == (eligible, D(shortfall), D(excess))


def test_excess_carry_is_configurable():
    no_carry = rules.parse_carry_rules(
        'step,carries,article,confirmed,source\npangkat,no,"Pasal 39",no,"s"\njenjang,no,"Pasal 30",no,"s"\n'
    )
    result = standing("ahli_pertama", "IIIa", credit_in_rank=D("62.5"), credit_in_level=D("62.5"), carry_rules=no_carry)
    assert result.eligible and result.excess == 0


def test_tables_are_data_with_sources_and_confirmation():
    table = rules.default_table()
    assert table.levels["ahli_pertama"].coefficient == D("12.5") and table.levels["ahli_pertama"].coefficient_confirmed
    assert not table.levels["ahli_muda"].coefficient_confirmed  # "confirm" in the domain notes
    assert all(level.source for level in table.levels.values())
    assert all(not step.confirmed and step.source for step in table.steps.values())


def test_a_region_can_load_its_own_table():
    levels = (
        "level,track,coefficient,lowest_grade,highest_grade,next_level,credit_for_next_level,"
        "coefficient_confirmed,next_level_confirmed,source\n"
        "ahli_pertama,keahlian,12.5,IIIa,IIIb,,,yes,yes,Pergub\n"
    )
    steps = "track,from_grade,to_grade,credit,confirmed,source\nkeahlian,IIIa,IIIb,45,yes,Pergub\n"
    table = rules.parse_table(levels, steps)
    assert next_step("ahli_pertama", "IIIa", table).credit == D("45")
    with pytest.raises(ValueError, match="row 2"):
        rules.parse_table(levels.replace("12.5", "dua belas"), steps)


@pytest.mark.parametrize(
    "value, language, text",
    [
        (D("18.75"), "id", "18,750"),
        (D("2.0833"), "id", "2,083"),
        (D("1250.5"), "id", "1.250,500"),
        (D("18.75"), "en", "18.750"),
        (0, "id", "0,000"),  # a whole number (nothing counted yet) reads as credit too
    ],
)
def test_format_credit(value, language, text):
    assert format_credit(value, language) == text
