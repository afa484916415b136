"""Grade data (hr/grades.py): the PPPK grade table is data, each row with its source (Perpres 98/2020 lampiran; not in
the domain notes, so every row says it is to confirm)."""

import pytest

from loket.hr import grades
from loket.hr.grades import PPPK_GRADE_TABLE, PPPK_GRADES, clean_grade, parse_pppk_grades

pytestmark = pytest.mark.sqlite


def test_every_pppk_grade_row_has_its_source_and_says_whether_confirmed():
    assert PPPK_GRADES == tuple("I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII".split())
    for row in PPPK_GRADE_TABLE:
        assert row.source, row.grade
        assert "Perpres 98/2020" in row.source
        # The domain notes do not list the PPPK grades: no row may claim to be confirmed yet.
        assert row.confirmed is False and "konfirmasi" in row.source


@pytest.mark.parametrize(
    "text, message",
    [
        ("grade,confirmed,source\nI,no,\n", "source is required"),
        ("grade,confirmed,source\nI,no,Perpres\nI,no,Perpres\n", "unknown or repeated"),
        ("grade,confirmed,source\nIIIa,no,Perpres\n", "unknown or repeated"),
        ("grade,confirmed\nI,no\n", "row 2"),
    ],
)
def test_a_pppk_row_without_its_source_or_with_a_wrong_grade_is_refused(text, message):
    with pytest.raises(ValueError, match=message):
        parse_pppk_grades(text)


def test_the_table_is_what_the_registry_accepts():
    assert clean_grade("golongan ix", "PPPK") == "IX"
    with pytest.raises(ValueError):
        clean_grade("XVIII", "PPPK")
    assert grades.display_grade("IX") == "IX" and grades.rank_label("IX") == "Golongan IX (PPPK)"
