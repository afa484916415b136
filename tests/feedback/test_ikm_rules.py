"""Pure IKM rules: PermenPANRB 14/2017 (nine elements, NRR, weight 1/9, ×25, grades A–D) and the
Krejcie & Morgan sample size it cites."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loket.feedback import rules

pytestmark = pytest.mark.sqlite

WORKED_EXAMPLE_TOTALS = (105, 101, 100, 116, 102, 105, 106, 105, 115)  # 29 respondents, sum 955


def responses_with_column_totals(totals, respondents):
    """Responses (1–4 each) whose per-element column sums are exactly ``totals``."""
    columns = []
    for total in totals:
        base, extra = divmod(total, respondents)
        columns.append([base + 1] * extra + [base] * (respondents - extra))
    return [list(row) for row in zip(*columns)]


def responses_with_grand_total(respondents, grand_total):
    """Responses whose scores add up to ``grand_total`` (the index depends only on that sum)."""
    cells = respondents * 9
    base, extra = divmod(grand_total, cells)
    flat = [base + 1] * extra + [base] * (cells - extra)
    return [flat[i : i + 9] for i in range(0, cells, 9)]


score = st.integers(min_value=1, max_value=4)
response = st.lists(score, min_size=9, max_size=9)
responses = st.lists(response, min_size=1, max_size=40)


def test_nine_elements_with_both_languages():
    assert rules.ELEMENT_CODES == tuple(f"U{i}" for i in range(1, 10))
    assert all(indonesian and english for _, indonesian, english in rules.ELEMENTS)
    assert rules.ELEMENTS[0][1] == "Persyaratan"
    assert rules.ELEMENTS[8][2] == "Handling of complaints, suggestions and input"


def test_regulation_worked_example():
    rows = responses_with_column_totals(WORKED_EXAMPLE_TOTALS, 29)
    assert len(rows) == 29 and all(len(row) == 9 for row in rows)
    assert tuple(map(sum, zip(*rows))) == WORKED_EXAMPLE_TOTALS

    result = rules.ikm(rows)

    assert result.respondents == 29
    assert result.elements == tuple(Fraction(total, 29) for total in WORKED_EXAMPLE_TOTALS)
    assert result.index == Fraction(955 * 25, 29 * 9)  # 955 / (29 × 9) × 25
    assert float(result.index) == pytest.approx(91.4751, abs=1e-4)
    assert result.raw == result.index / 25
    assert result.index_display == Decimal("91.48")
    assert result.raw_display == Decimal("3.6590")
    assert result.elements_display[3] == Decimal("4.00")
    assert (result.grade, result.label, result.label_en) == ("A", "Sangat baik", "Very good")


def test_worked_example_from_summary_totals_matches_raw_responses():
    rows = responses_with_column_totals(WORKED_EXAMPLE_TOTALS, 29)
    assert rules.ikm_from_totals(WORKED_EXAMPLE_TOTALS, 29) == rules.ikm(rows)


def test_exact_weight_not_the_printed_0_111():
    result = rules.ikm([[4] * 9])
    # With the printed weight 0.111 all-4 answers would give 99.90, not the maximum 100.
    assert Fraction("0.111") * 9 * 4 * 25 == Fraction("99.9")
    assert result.index == 100


def test_all_fours_is_100_grade_a():
    result = rules.ikm([[4] * 9] * 7)
    assert result.index == 100 and result.index_display == Decimal("100.00")
    assert (result.grade, result.label) == ("A", "Sangat baik")


def test_all_ones_is_25_grade_d():
    result = rules.ikm([[1] * 9] * 3)
    assert result.index == 25 and result.index_display == Decimal("25.00")
    assert result.raw == 1
    assert (result.grade, result.label) == ("D", "Tidak baik")


# (respondents, grand total, exact converted value it produces, expected grade)
BOUNDARY_SETS = [
    (2500, 58491, "64.99", "D"),
    (5000, 116990, "11699/180", "D"),  # 64.99444… rounds to 64.99
    (5000, 116991, "64.995", "C"),  # rounds half-up to 65.00
    (5, 117, "65", "C"),
    (125, 3447, "76.6", "C"),
    (5000, 137888, "17236/225", "C"),  # 76.60444… rounds to 76.60
    (5000, 137889, "76.605", "B"),  # half-up 76.61 (banker's rounding would say 76.60 → C)
    (2500, 68949, "76.61", "B"),
    (250, 7947, "88.3", "B"),
    (5000, 158948, "39737/450", "B"),  # 88.30444… rounds to 88.30
    (5000, 158949, "88.305", "A"),  # half-up 88.31 (banker's rounding would say 88.30 → B)
    (2500, 79479, "88.31", "A"),
]


@pytest.mark.parametrize("respondents, grand_total, exact, grade", BOUNDARY_SETS)
def test_grade_edges_with_real_response_sets(respondents, grand_total, exact, grade):
    rows = responses_with_grand_total(respondents, grand_total)
    result = rules.ikm(rows)
    assert result.respondents == respondents
    assert result.index == Fraction(exact)
    assert result.grade == grade


@pytest.mark.parametrize(
    "value, letter",
    [
        (25, "D"),
        (Decimal("64.99"), "D"),
        (Decimal("64.994999"), "D"),
        (Decimal("64.995"), "C"),
        (Fraction(12999, 200), "C"),
        (64.995, "C"),  # a float is read as the decimal it was written as
        (65, "C"),
        (Decimal("76.60"), "C"),
        (Decimal("76.604999"), "C"),
        (Decimal("76.605"), "B"),
        (76.605, "B"),
        (Decimal("76.61"), "B"),
        (Decimal("88.30"), "B"),
        (Fraction(17660, 200) + Fraction(9, 2000), "B"),  # 88.3045
        (Decimal("88.305"), "A"),
        (Decimal("88.31"), "A"),
        (100, "A"),
        (Decimal("100.004"), "A"),
    ],
)
def test_grade_for_rounds_half_up_to_two_decimals(value, letter):
    assert rules.grade_for(value).letter == letter


def test_grade_labels_per_regulation():
    assert {g.letter: g.label for g in rules.GRADES} == {
        "A": "Sangat baik",
        "B": "Baik",
        "C": "Kurang baik",
        "D": "Tidak baik",
    }


@pytest.mark.parametrize("raw_bound, letter", [("2.60", "C"), ("3.0644", "B"), ("3.5324", "A")])
def test_one_to_four_scale_bounds_are_the_converted_bounds(raw_bound, letter):
    converted = Fraction(raw_bound) * 25
    assert converted in {Fraction("65.00"), Fraction("76.61"), Fraction("88.31")}
    assert rules.grade_for(converted).letter == letter


@pytest.mark.parametrize(
    "value", [Decimal("24.99"), 0, -30, Decimal("100.005"), 101, float("nan"), float("inf"), True, "88", None]
)
def test_grade_for_rejects_values_outside_the_scale(value):
    with pytest.raises(ValueError):
        rules.grade_for(value)


@pytest.mark.parametrize(
    "value, places, expected",
    [
        (Fraction(12999, 200), 2, Decimal("65.00")),
        (Fraction(15321, 200), 2, Decimal("76.61")),
        (Fraction(1, 3), 2, Decimal("0.33")),
        (Fraction(2, 3), 4, Decimal("0.6667")),
        (Fraction(-5, 1000), 2, Decimal("-0.01")),
        (Decimal("2.675"), 2, Decimal("2.68")),
        (2.675, 2, Decimal("2.68")),  # the float is 2.67499…, but was written as 2.675
        (1.005, 2, Decimal("1.01")),
    ],
)
def test_round_half_up(value, places, expected):
    rounded = rules.round_half_up(value, places)
    assert rounded == expected and str(rounded) == str(expected)


def test_no_responses_is_rejected():
    with pytest.raises(ValueError, match="Belum ada tanggapan"):
        rules.ikm([])
    with pytest.raises(ValueError, match="Belum ada tanggapan"):
        rules.ikm(iter(()))


@pytest.mark.parametrize("length", [0, 8, 10])
def test_response_must_have_nine_scores(length):
    rows = [[3] * 9, [3] * length]
    with pytest.raises(ValueError, match="Tanggapan ke-2 harus berisi tepat 9 nilai"):
        rules.ikm(rows)


@pytest.mark.parametrize("bad", [0, 5, -1, 2.0, 3.5, True, False, "3", None, Decimal("3")])
def test_score_must_be_an_integer_from_1_to_4(bad):
    row = [4] * 9
    row[6] = bad
    with pytest.raises(ValueError, match="Nilai U7 pada tanggapan ke-1 harus bilangan bulat 1–4"):
        rules.ikm([row])


@pytest.mark.parametrize("bad", [None, 7, "444444444", [3, 3, 3, 3, 3, 3, 3, 3, 3]])
def test_responses_must_be_a_list_of_lists(bad):
    with pytest.raises(ValueError):
        rules.ikm(bad)


@pytest.mark.parametrize(
    "totals, respondents",
    [
        (WORKED_EXAMPLE_TOTALS, 0),
        (WORKED_EXAMPLE_TOTALS, True),
        (WORKED_EXAMPLE_TOTALS[:8], 29),
        ((28,) + WORKED_EXAMPLE_TOTALS[1:], 29),  # below 1 × respondents
        ((117,) + WORKED_EXAMPLE_TOTALS[1:], 29),  # above 4 × respondents
        ((105.0,) + WORKED_EXAMPLE_TOTALS[1:], 29),
    ],
)
def test_summary_totals_are_validated(totals, respondents):
    with pytest.raises(ValueError):
        rules.ikm_from_totals(totals, respondents)


# Krejcie & Morgan (1970) table values reproduced by the formula with round-to-nearest.
# Rounding up would give 15, 20, 45 and 218 for N = 15, 20, 50 and 500 instead of 14, 19, 44, 217.
# N = 100,000: the formula gives 382.63 → 383 (commonly reproduced tables that list this row
# print 384; the 1970 table itself jumps from 75,000 → 382 to 1,000,000 → 384), so we test 383.
@pytest.mark.parametrize(
    "population, size",
    [
        (0, 0),
        (1, 1),
        (10, 10),
        (15, 14),
        (20, 19),
        (50, 44),
        (100, 80),
        (200, 132),
        (500, 217),
        (1_000, 278),
        (5_000, 357),
        (10_000, 370),
        (20_000, 377),
        (50_000, 381),
        (75_000, 382),
        (100_000, 383),
        (1_000_000, 384),
    ],
)
def test_sample_size_matches_krejcie_morgan(population, size):
    assert rules.sample_size(population) == size


@pytest.mark.parametrize("bad", [-1, 10.0, True, "100", None])
def test_sample_size_rejects_invalid_population(bad):
    with pytest.raises(ValueError):
        rules.sample_size(bad)


def test_sample_adequacy():
    enough = rules.sample_adequacy(80, 100)
    assert (enough.required, enough.respondents, enough.adequate) == (80, 80, True)
    assert enough.share == 1 and enough.percent == Decimal("100.0")

    short = rules.sample_adequacy(79, 100)
    assert short.adequate is False and short.share == Fraction(79, 80)
    assert short.percent == Decimal("98.8")

    more = rules.sample_adequacy(120, 100)
    assert more.adequate and more.share == Fraction(3, 2)

    nobody_served = rules.sample_adequacy(0, 0)
    assert (nobody_served.required, nobody_served.adequate, nobody_served.share) == (0, True, 1)


@pytest.mark.parametrize("respondents, population", [(-1, 100), (1.5, 100), (True, 100), (10, -5)])
def test_sample_adequacy_rejects_invalid_counts(respondents, population):
    with pytest.raises(ValueError):
        rules.sample_adequacy(respondents, population)


@given(responses)
def test_index_stays_on_the_25_to_100_scale(rows):
    result = rules.ikm(rows)
    assert 25 <= result.index <= 100
    assert all(1 <= value <= 4 for value in result.elements)
    assert result.index == Fraction(25 * sum(map(sum, rows)), 9 * len(rows))
    assert result.grade == rules.grade_for(result.index).letter


@given(st.data(), responses)
def test_order_of_respondents_does_not_matter(data, rows):
    shuffled = data.draw(st.permutations(rows))
    assert rules.ikm(shuffled) == rules.ikm(rows)


@given(responses)
def test_adding_an_all_four_respondent_never_lowers_the_index(rows):
    before = rules.ikm(rows)
    after = rules.ikm([*rows, [4] * 9])
    assert after.index >= before.index
    assert after.respondents == before.respondents + 1


@given(responses)
def test_summary_totals_give_the_same_result(rows):
    totals = [sum(column) for column in zip(*rows)]
    assert rules.ikm_from_totals(totals, len(rows)) == rules.ikm(rows)


@given(st.integers(min_value=0, max_value=10**9))
def test_sample_never_exceeds_population_nor_384(population):
    size = rules.sample_size(population)
    assert 0 <= size <= min(population, 384)
    assert rules.sample_size(population + 1) >= size
