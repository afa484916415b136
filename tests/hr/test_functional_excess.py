"""Excess credit (kelebihan angka kredit) carried to the next step: PermenPANRB 1/2023 arts. 30 and 39, BKN regulation
3/2023 (excess_credit.csv; not in the domain notes, every rule to confirm)."""

import datetime as dt
from decimal import Decimal

import pytest

from loket.hr.functional import rules
from loket.hr.functional.rules import LEVEL, RANK, UnknownCreditRule, carried_credit, parse_carry_rules, rank_credit

pytestmark = pytest.mark.sqlite
D = Decimal
HEADER = "step,carries,article,confirmed,source\n"
BOTH_CARRY = parse_carry_rules(HEADER + 'pangkat,yes,"Pasal X",no,"sumber A"\njenjang,yes,"Pasal Y",no,"sumber B"\n')


def test_every_shipped_excess_rule_has_its_article_and_source_and_says_whether_confirmed():
    shipped = rules.default_carry_rules()
    assert set(shipped) == {RANK, LEVEL}
    for rule in shipped.values():
        assert rule.article and rule.source
        assert "PermenPANRB 1/2023 Pasal" in rule.article
        # The domain notes hold no excess rule: nothing here may claim to be confirmed yet.
        assert rule.confirmed is False and "konfirmasi" in rule.source
    assert shipped[RANK].carries and not shipped[LEVEL].carries


@pytest.mark.parametrize(
    "text, message",
    [
        (HEADER + 'pangkat,yes,"",no,"sumber"\n', "article and its source"),
        (HEADER + 'pangkat,yes,"Pasal 39",no,""\n', "article and its source"),
        (HEADER + 'golongan,yes,"Pasal 39",no,"sumber"\n', "unknown or repeated"),
        (HEADER + 'pangkat,yes,"Pasal 39",no,"a"\npangkat,no,"Pasal 39",no,"b"\n', "unknown or repeated"),
        ("step,carries\npangkat,yes\n", "row 2"),
    ],
)
def test_a_rule_without_its_source_or_for_an_unknown_step_is_refused(text, message):
    with pytest.raises(ValueError, match=message):
        parse_carry_rules(text)


@pytest.mark.parametrize(
    "step, counted, required, carry_rules, excess, amount",
    [
        (RANK, "60", "50", None, "10", "10"),  # rank step: the excess counts toward the next rank step
        (RANK, "50", "50", None, "0", "0"),
        (RANK, "49.999", "50", None, "0", "0"),  # short: nothing left over, never negative
        (LEVEL, "112.5", "100", None, "12.5", "0"),  # level step: the new level counts from 0
        (LEVEL, "112.5", "100", BOTH_CARRY, "12.5", "12.5"),  # a region's table that carries it
        (RANK, "187.250", "150", None, "37.25", "37.25"),
    ],
)
def test_carried_credit(step, counted, required, carry_rules, excess, amount):
    carry = carried_credit(step, D(counted), D(required), carry_rules)
    assert (carry.excess, carry.amount) == (D(excess), D(amount))


def test_the_basis_names_the_amount_the_article_and_that_it_is_to_confirm():
    rank = carried_credit(RANK, D("60"), D("50"))
    assert rank.basis() == (
        "Kelebihan angka kredit kenaikan pangkat: 10,000, diperhitungkan untuk kenaikan berikutnya: 10,000. "
        f"Dasar: {rank.rule.article} (perlu dikonfirmasi)."
    )
    level = carried_credit(LEVEL, D("112.5"), D("100"))
    assert "tidak dibawa (dihitung dari 0): 0,000" in level.basis()
    assert "not carried" in level.basis("en") and "12.500" in level.basis("en")


def test_a_step_without_a_rule_is_refused():
    only_rank = parse_carry_rules(HEADER + 'pangkat,yes,"Pasal 39",no,"sumber"\n')
    with pytest.raises(UnknownCreditRule):
        carried_credit(LEVEL, D(1), D(0), only_rank)


Y = dt.date
LEVEL_FIRST = Y(2020, 1, 1)
# ahli_madya (IV/a–IV/c): 150 per rank step (rank_credits.csv).
ENTRIES = [
    (Y(2020, 1, 1), D("56.25")),
    (Y(2021, 1, 1), D("56.25")),
    (Y(2022, 1, 1), D("56.25")),
    (Y(2023, 1, 1), D("37.5")),
]


@pytest.mark.parametrize(
    "rank_since, promotions, opening, carry_rules, credit, carried",
    [
        # No rank promotion recorded in the level: the rank began with the level, opening and all entries count.
        (LEVEL_FIRST, [], "10", None, "216.25", None),
        # IV/a -> IV/b on 2022-01-01: 10 + 56.25 + 56.25 = 122.5 is below 150: nothing carried (imported history).
        (Y(2022, 1, 1), [(Y(2022, 1, 1), "IVa")], "10", None, "93.75", "0"),
        # With 50 opening: 162.5 for 150, 12.5 carried, then 56.25 + 37.5.
        (Y(2022, 1, 1), [(Y(2022, 1, 1), "IVa")], "50", None, "106.25", "12.5"),
        # Two steps: IV/a -> IV/b 2021 (50 + 56.25 = 106.25 < 150: 0), IV/b -> IV/c 2023 (56.25 + 56.25: 0).
        (Y(2023, 1, 1), [(Y(2021, 1, 1), "IVa"), (Y(2023, 1, 1), "IVb")], "50", None, "37.5", "0"),
        # A rank TMT no recorded promotion explains (set by hand, an import): only what came since, no guess.
        (Y(2022, 6, 1), [(Y(2022, 1, 1), "IVa")], "50", None, "37.5", None),
        # A promotion before the level began belongs to another level: ignored.
        (Y(2022, 1, 1), [(Y(2019, 1, 1), "IIId"), (Y(2022, 1, 1), "IVa")], "50", None, "106.25", "12.5"),
        # A step the tables do not hold (IV/c is ahli madya's top: a level step) carries nothing.
        (Y(2022, 1, 1), [(Y(2022, 1, 1), "IVc")], "200", None, "93.75", None),
    ],
)
def test_rank_credit(rank_since, promotions, opening, carry_rules, credit, carried):
    result = rank_credit(
        "ahli_madya",
        level_first=LEVEL_FIRST,
        opening=D(opening),
        rank_since=rank_since,
        entries=ENTRIES,
        promotions=promotions,
        carry_rules=carry_rules,
    )
    assert result.credit == D(credit)
    assert (result.carry.amount if result.carry else None) == (D(carried) if carried is not None else None)


def test_rank_credit_without_carrying_when_a_region_says_so():
    no_carry = parse_carry_rules(HEADER + 'pangkat,no,"Pasal 39",no,"s"\njenjang,no,"Pasal 30",no,"s"\n')
    result = rank_credit(
        "ahli_madya",
        level_first=LEVEL_FIRST,
        opening=D(50),
        rank_since=Y(2022, 1, 1),
        entries=ENTRIES,
        promotions=[(Y(2022, 1, 1), "IVa")],
        carry_rules=no_carry,
    )
    assert result.credit == D("93.75") and result.carry.excess == D("12.5") and result.carry.amount == 0
