"""Pure e-KGB rules of issue 16: deferral decrees (PP 7/1977 art. 13), BKD's approval of a reviewed draft, PPPK
periodic increases without a table in Loket, and the payroll export's rows. Vectors computed by hand."""

import datetime as dt

import pytest

from loket.hr.kgb.deferral import (
    PAYROLL_COLUMNS,
    PPPK_NO_TABLE,
    DeferralDecree,
    approval_refusals,
    deferral_months_for,
    deferral_refusals,
    next_pppk_increase,
    payroll_row,
)
from loket.hr.kgb.rules import DUE, REVIEW, Mkg, next_kgb

pytestmark = pytest.mark.sqlite
D = dt.date


@pytest.mark.parametrize(
    "decree, fields",
    [
        (DeferralDecree("800/12-BKD/2026", D(2026, 11, 20), 6, "Predikat kinerja butuh perbaikan"), set()),
        (DeferralDecree("800/12", D(2026, 11, 20), 12, "Hukuman disiplin"), set()),
        (DeferralDecree("800/12", D(2026, 11, 20), 13, "Hukuman disiplin"), {"months"}),
        (DeferralDecree("800/12", D(2026, 11, 20), 0, "Hukuman disiplin"), {"months"}),
        (DeferralDecree(" ", None, None, ""), {"number", "decree_date", "months", "reason"}),
        (DeferralDecree("800/12", D(2028, 1, 2), 6, "Kinerja"), {"decree_date"}),  # > 1 year after 1 Dec 2026
    ],
)
def test_deferral_decree_needs_number_date_1_to_12_months_and_reason_art_13(decree, fields):
    assert set(deferral_refusals(decree, effective_date=D(2026, 12, 1))) == fields


def test_only_the_decrees_for_this_increase_count():
    decrees = [(D(2024, 12, 1), 12), (D(2026, 12, 1), 6), (D(2026, 12, 1), 3)]
    assert deferral_months_for(D(2026, 12, 1), decrees) == (6, 3)
    assert deferral_months_for(D(2028, 12, 1), decrees) == ()


def test_a_deferral_moves_the_increase_and_counts_toward_the_next_art_13():
    # III/a, MKG 6y0m on 1 Dec 2024: step 8 due 1 Dec 2026; deferred 6 months -> TMT 1 Jun 2027 at MKG 8y6m,
    # PP 5/2024 III/a MKG 8 = Rp3.153.600 (from Rp3.057.300 at MKG 6); the next step (10) stays due 1 Dec 2028.
    result = next_kgb("IIIa", (6, 0), D(2024, 12, 1), performance="baik", deferrals=(6,))
    assert (result.status, result.due_date, result.effective_date) == (DUE, D(2026, 12, 1), D(2027, 6, 1))
    assert result.new_mkg == Mkg(8, 6) and (result.current_salary, result.new_salary) == (3057300, 3153600)
    assert result.next_step_date == D(2028, 12, 1) and result.notice_date == D(2027, 4, 1)


@pytest.mark.parametrize(
    "current, new, table, entered, refused",
    [
        (3057300, 3153600, True, False, False),  # the table's amounts stand
        (3057300, 3153600, True, True, True),  # typed over the table: refused
        (None, None, False, False, True),  # no table, nothing entered: refused, never guessed
        (2800000, 2900000, False, True, False),  # no table, BKD entered both
        (2900000, 2800000, False, True, True),  # a decrease is not an increase
        (None, 2900000, False, True, True),  # both amounts needed
    ],
)
def test_bkd_passes_a_reviewed_draft_only_with_known_amounts(current, new, table, entered, refused):
    refusals = approval_refusals(current_salary=current, new_salary=new, table_amounts=table, entered=entered)
    assert bool(refusals) is refused


def test_pppk_increase_without_a_table_is_dated_but_sent_to_bkd():
    # PPPK IX, masa kerja 4y3m on 1 Mar 2025: step 6 reached after 21 months, on 1 Dec 2026.
    result = next_pppk_increase("IX", (4, 3), D(2025, 3, 1), performance="baik")
    assert (result.status, result.due_date, result.effective_date) == (REVIEW, D(2026, 12, 1), D(2026, 12, 1))
    assert result.new_mkg == Mkg(6, 0) and result.new_salary is None and result.current_salary is None
    assert result.reasons == (PPPK_NO_TABLE,) and result.next_step_date == D(2028, 12, 1)


def test_pppk_increase_with_a_table_takes_its_amounts_and_refuses_outside_it():
    table = {("IX", 0): 3203600, ("IX", 2): 3304400, ("IX", 4): 3408500, ("IX", 6): 3515900}  # test data only
    result = next_pppk_increase("IX", (4, 3), D(2025, 3, 1), performance="baik", table=table)
    assert (result.status, result.current_salary, result.new_salary) == (DUE, 3408500, 3515900)
    outside = next_pppk_increase("XIII", (4, 3), D(2025, 3, 1), performance="baik", table=table)
    assert outside.status == REVIEW and outside.new_salary is None
    assert outside.reasons == (
        "Golongan PPPK XIII dengan masa kerja ini tidak ada dalam tabel gaji PPPK; ditinjau BKD.",
    )


def test_pppk_increase_deferred_and_ineligible():
    result = next_pppk_increase(
        "IX", (4, 3), D(2025, 3, 1), performance="kurang", disciplinary_penalty=True, deferrals=(12,)
    )
    assert result.effective_date == D(2027, 12, 1) and result.new_mkg == Mkg(7, 0)
    assert len(result.reasons) == 3  # no table, rating below "baik", disciplinary penalty


def test_payroll_row_in_column_order_with_formulas_quoted():
    row = payroll_row(
        nip="199001012015031001",
        name="=HYPERLINK(1)",
        grade="IIIa",
        old_salary=3057300,
        new_salary=3153600,
        effective_date=D(2027, 6, 1),
        number="800/1-BKD/2027",
        signed_on=D(2027, 4, 2),
        agency="Dinas Kesehatan",
    )
    assert len(row) == len(PAYROLL_COLUMNS)
    assert row == [
        "199001012015031001",
        "'=HYPERLINK(1)",
        "IIIa",
        "3057300",
        "3153600",
        "2027-06-01",
        "800/1-BKD/2027",
        "2027-04-02",
        "Dinas Kesehatan",
    ]


@pytest.mark.parametrize(
    "grade, mkg, effective, expected",
    [
        ("IIIa", (8, 0), D(2026, 12, 1), D(2028, 12, 1)),  # on time: the next step 2 years later
        ("IIIa", (8, 6), D(2027, 6, 1), D(2028, 12, 1)),  # 6 months late by a deferral: the next step does not move
        ("IIa", (0, 0), D(2026, 3, 1), D(2027, 3, 1)),  # II/a steps 0 -> 1: one year
        ("IIa", (1, 0), D(2026, 3, 1), D(2028, 3, 1)),  # then 1 -> 3
        ("Ib", (27, 0), D(2026, 3, 1), None),  # the last step of I/b
        ("IX", (6, 3), D(2026, 12, 1), D(2028, 9, 1)),  # PPPK: step 8 after 21 months
        ("XX", (2, 0), D(2026, 12, 1), None),  # unknown grade
    ],
)
def test_the_next_increase_after_one_given_late_keeps_its_date_art_13_5(grade, mkg, effective, expected):
    from loket.hr.kgb.deferral import next_increase_date

    assert next_increase_date(grade, mkg, effective) == expected
