"""KGB and base-salary rules: PP 7/1977 arts. 5, 11-13; tables PP 5/2024 and PP 15/2019 (domain notes §5)."""

from datetime import date

import pytest

from loket.hr.kgb import rules
from loket.hr.kgb.rules import DUE, REVIEW, TOP_OF_SCALE, Mkg, NotInTable, TableError, base_salary, next_kgb

pytestmark = pytest.mark.sqlite

ON = date(2025, 6, 1)

# Domain notes §5: PP 5/2024 minimum-maximum per grade, read from the regulation, not derived.
PP5_2024_MIN_MAX = {
    "Ia": (1_685_700, 2_522_600),
    "Ib": (1_840_800, 2_670_700),
    "Ic": (1_918_700, 2_783_700),
    "Id": (1_999_900, 2_901_400),
    "IIa": (2_184_000, 3_643_400),
    "IIb": (2_385_000, 3_797_500),
    "IIc": (2_485_900, 3_958_200),
    "IId": (2_591_100, 4_125_600),
    "IIIa": (2_785_700, 4_575_200),
    "IIIb": (2_903_600, 4_768_800),
    "IIIc": (3_026_400, 4_970_500),
    "IIId": (3_154_400, 5_180_700),
    "IVa": (3_287_800, 5_399_900),
    "IVb": (3_426_900, 5_628_300),
    "IVc": (3_571_900, 5_866_400),
    "IVd": (3_723_000, 6_114_500),
    "IVe": (3_880_400, 6_373_200),
}


def _csv(rows):
    return "grade,mkg,amount\n" + "".join(f"{g},{m},{a}\n" for g, m, a in rows)


def _valid_rows():
    table = rules.TABLES["PP 5/2024"]
    return [(g, m, table.cells[(g, m)]) for g, grid in rules.GRIDS.items() for m in grid]


# --- the table as data -------------------------------------------------------------------------


@pytest.mark.parametrize("regulation", ["PP 5/2024", "PP 15/2019"])
def test_table_loads_272_cells_on_the_grade_grids(regulation):
    table = rules.TABLES[regulation]
    assert len(table.cells) == 272
    assert {g for g, _ in table.cells} == set(rules.GRADES) and len(rules.GRADES) == 17
    assert rules.GRIDS["Ia"] == tuple(range(0, 27, 2))
    assert rules.GRIDS["Ic"] == tuple(range(3, 28, 2))
    assert rules.GRIDS["IIa"][:4] == (0, 1, 3, 5) and rules.GRIDS["IIa"][-1] == 33
    assert rules.GRIDS["IId"] == tuple(range(3, 34, 2))
    assert rules.GRIDS["IVe"] == tuple(range(0, 33, 2))


@pytest.mark.parametrize("grade", list(PP5_2024_MIN_MAX))
def test_pp5_2024_min_and_max_per_grade_match_the_regulation(grade):
    grid = rules.GRIDS[grade]
    low, high = PP5_2024_MIN_MAX[grade]
    assert base_salary(grade, grid[0], ON) == low
    assert base_salary(grade, grid[-1], ON) == high


def test_iva_max_is_the_table_value_not_a_multiplication():
    assert base_salary("IVa", 32, ON) == 5_399_900
    assert round(rules.TABLES["PP 15/2019"].amount("IVa", 32) * 1.08) != 5_399_900


def test_table_is_immutable():
    with pytest.raises(TypeError):
        rules.TABLES["PP 5/2024"].cells[("Ia", 0)] = 1


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda rows: rows[:-1], "expected 272 cells"),
        (lambda rows: rows + [("Ve", 0, 1)], "unknown grade"),
        (lambda rows: [("Ib", 4, a) if (g, m) == ("Ib", 3) else (g, m, a) for g, m, a in rows], "not a step"),
        (lambda rows: [(g, m, 0) if (g, m) == ("Ia", 0) else (g, m, a) for g, m, a in rows], "positive"),
        (lambda rows: [(g, m, 9_999_999) if (g, m) == ("Ia", 2) else (g, m, a) for g, m, a in rows], "decrease"),
        (lambda rows: rows + [rows[0]], "duplicate"),
    ],
)
def test_broken_table_is_refused_on_load(mutate, message):
    with pytest.raises(TableError, match=message):
        rules.parse_table(_csv(mutate(_valid_rows())), "test", date(2030, 1, 1))


def test_table_with_wrong_header_or_non_integer_amount_is_refused():
    with pytest.raises(TableError, match="header"):
        rules.parse_table("golongan,mkg,gaji\n", "test", date(2030, 1, 1))
    rows = [(g, m, "1685700.5") if (g, m) == ("Ia", 0) else (g, m, a) for g, m, a in _valid_rows()]
    with pytest.raises(TableError, match="whole numbers"):
        rules.parse_table(_csv(rows), "test", date(2030, 1, 1))


# --- base salary ---------------------------------------------------------------------------------


def test_between_steps_keeps_the_lower_step():
    assert base_salary("IIIa", 3, ON) == base_salary("IIIa", 2, ON) == 2_873_500
    assert base_salary("Ib", 4, ON) == base_salary("Ib", 3, ON) == 1_840_800
    assert base_salary("IIa", 2, ON) == base_salary("IIa", 1, ON)


def test_above_the_last_step_the_top_step_applies():
    assert base_salary("Ia", 30, ON) == 2_522_600
    assert base_salary("IVe", 40, ON) == 6_373_200


def test_cpns_receive_80_percent_rounded_to_whole_rupiah():
    # PP 7/1977 art. 5(1).
    assert base_salary("IIIa", 0, ON, cpns=True) == 2_228_560
    assert base_salary("IIa", 0, ON, cpns=True) == 1_747_200


def test_grade_spellings_are_normalised():
    assert base_salary("III/a", 0, ON) == base_salary("iiia", 0, ON) == 2_785_700


@pytest.mark.parametrize(
    "grade, mkg, on, fragment",
    [
        ("Ib", 2, ON, "di bawah langkah pertama"),
        ("IIb", 0, ON, "di bawah langkah pertama"),
        ("Ve", 0, ON, "tidak dikenal"),
        ("IIIa", 4, date(2018, 12, 31), "Tidak ada tabel gaji pokok"),
    ],
)
def test_cases_outside_the_table_are_refused_in_indonesian(grade, mkg, on, fragment):
    with pytest.raises(NotInTable) as refusal:
        base_salary(grade, mkg, on)
    assert fragment in refusal.value.message


def test_old_table_applies_before_2024():
    assert rules.table_in_force(date(2023, 12, 31)).regulation == "PP 15/2019"
    assert rules.table_in_force(date(2024, 1, 1)).regulation == "PP 5/2024"
    assert base_salary("IVe", 14, date(2023, 12, 1)) == 4_464_100
    assert base_salary("Ia", 0, date(2023, 12, 1)) == 1_560_800
    assert base_salary("Ia", 0, date(2024, 1, 1)) == 1_685_700


# --- KGB -----------------------------------------------------------------------------------------


def test_kgb_every_two_years_for_grade_iii():
    result = next_kgb("IIIb", (4, 0), date(2024, 4, 1), performance="baik")
    assert result.status == DUE and not result.needs_review
    assert result.due_date == result.effective_date == date(2026, 4, 1)
    assert result.notice_date == date(2026, 2, 1)  # PP 7/1977 art. 12(2)
    assert result.new_mkg == Mkg(6, 0)
    assert result.current_salary == rules.TABLES["PP 5/2024"].cells[("IIIb", 4)]
    assert result.new_salary == rules.TABLES["PP 5/2024"].cells[("IIIb", 6)]
    assert result.regulation == "PP 5/2024"
    assert result.next_step_date == date(2028, 4, 1)


def test_kgb_mkg_with_months_reaches_the_step_earlier():
    # After a promotion the decree states MKG 5 years 7 months on 1 Oct 2024: step 6 in 5 months.
    result = next_kgb("IVa", Mkg(5, 7), date(2024, 10, 1), performance="sangat baik")
    assert result.due_date == date(2025, 3, 1)
    assert result.new_mkg == Mkg(6, 0)


@pytest.mark.parametrize(
    "mkg, start, due, new_mkg",
    [
        ((0, 0), date(2024, 3, 1), date(2025, 3, 1), 1),  # IIa 0 -> 1 after one year
        ((1, 0), date(2025, 3, 1), date(2027, 3, 1), 3),  # then 1 -> 3
        ((3, 0), date(2027, 3, 1), date(2029, 3, 1), 5),
        ((2, 0), date(2024, 3, 1), date(2025, 3, 1), 3),  # between steps: the next step, not +2 years
    ],
)
def test_kgb_due_dates_for_iia_grid_0_1_3(mkg, start, due, new_mkg):
    result = next_kgb("IIa", mkg, start, performance="baik")
    assert (result.status, result.due_date, result.new_mkg) == (DUE, due, Mkg(new_mkg))
    assert result.new_salary == base_salary("IIa", new_mkg, due)


@pytest.mark.parametrize("grade", ["Ib", "Ic", "Id", "IIb"])
def test_kgb_due_dates_on_odd_steps(grade):
    first = next_kgb(grade, (3, 0), date(2024, 1, 1), performance="baik")
    assert (first.due_date, first.new_mkg) == (date(2026, 1, 1), Mkg(5))
    between = next_kgb(grade, (4, 0), date(2024, 1, 1), performance="baik")
    assert (between.due_date, between.new_mkg) == (date(2025, 1, 1), Mkg(5))


def test_kgb_step_reached_mid_month_takes_effect_on_the_next_first():
    result = next_kgb("IIIa", (0, 0), date(2024, 3, 15), performance="baik")
    assert result.due_date == date(2026, 4, 1)


def test_kgb_due_in_2023_uses_the_old_table():
    result = next_kgb("IVe", (12, 0), date(2021, 12, 1), performance="baik")
    assert result.due_date == date(2023, 12, 1)
    assert (result.regulation, result.new_salary) == ("PP 15/2019", 4_464_100)


def test_kgb_for_cpns_uses_80_percent():
    result = next_kgb("IIa", (0, 0), date(2024, 3, 1), performance="baik", cpns=True)
    assert result.new_salary == (base_salary("IIa", 1, date(2025, 3, 1)) * 80 + 50) // 100


def test_no_kgb_beyond_the_grids_last_step():
    result = next_kgb("Ia", (26, 0), date(2024, 1, 1), performance="baik")
    assert result.status == TOP_OF_SCALE and result.due_date is None
    assert "langkah terakhir" in result.reasons[0]


@pytest.mark.parametrize(
    "performance, penalty, fragment",
    [
        ("butuh perbaikan", False, 'di bawah syarat minimal "baik"'),
        ("cukup", False, 'di bawah syarat minimal "baik"'),
        ("kurang", False, "di bawah syarat minimal"),
        (None, False, "belum tercatat"),
        ("istimewa", False, "tidak dikenal"),
        ("baik", True, "hukuman disiplin"),
    ],
)
def test_ineligible_cases_go_to_hr_with_the_reason(performance, penalty, fragment):
    result = next_kgb("IIIc", (4, 0), date(2024, 5, 1), performance=performance, disciplinary_penalty=penalty)
    assert result.status == REVIEW and result.needs_review
    assert any(fragment in reason for reason in result.reasons)
    assert result.due_date == date(2026, 5, 1)  # HR still sees when it was due


def test_minimum_performance_is_configurable(monkeypatch):
    # PP 7/1977 art. 11(b) says "cukup"; current practice asks "baik".
    monkeypatch.setattr(rules, "MIN_PERFORMANCE", "cukup")
    assert next_kgb("IIIc", (4, 0), date(2024, 5, 1), performance="cukup").status == DUE


def test_case_outside_the_table_goes_to_hr_not_guessed():
    result = next_kgb("Ib", (0, 0), date(2024, 1, 1), performance="baik")  # Ib starts at MKG 3
    assert result.status == REVIEW and result.current_salary is None
    assert any("di bawah langkah pertama" in reason for reason in result.reasons)
    unknown = next_kgb("Xz", (4, 0), date(2024, 1, 1), performance="baik")
    assert unknown.status == REVIEW and "tidak dikenal" in unknown.reasons[0]


def test_deferral_moves_the_increase_but_counts_toward_the_next():
    # PP 7/1977 art. 13: deferred up to 1 year at a time; the deferral counts in full.
    result = next_kgb("IIIa", (4, 0), date(2024, 1, 1), performance="baik", deferrals=(12,))
    assert result.status == DUE
    assert (result.due_date, result.effective_date) == (date(2026, 1, 1), date(2027, 1, 1))
    assert result.notice_date == date(2026, 11, 1)
    assert result.new_mkg == Mkg(7, 0)
    assert result.new_salary == base_salary("IIIa", 6, date(2027, 1, 1))
    assert result.next_step_date == date(2028, 1, 1)  # unchanged by the deferral


def test_deferral_longer_than_a_year_at_a_time_is_refused():
    with pytest.raises(ValueError, match="12 bulan"):
        next_kgb("IIIa", (4, 0), date(2024, 1, 1), performance="baik", deferrals=(13,))


def test_repeated_deferral_reaching_the_next_step_goes_to_hr():
    result = next_kgb("IIIa", (4, 0), date(2024, 1, 1), performance="baik", deferrals=(12, 12))
    assert result.status == REVIEW
    assert any("kenaikan gaji berkala berikutnya" in reason for reason in result.reasons)
