"""Rank promotion rules (hr/promotion/rules.py): table tests with hand-computed vectors from the regulations
(Peraturan BKN 4/2023 promotion dates, PP 99/2000 as amended ladder, ceilings and education adjustment, PP 5/2024
salary table cells read from the shipped CSV)."""

import datetime as dt

import pytest

from loket.hr.kgb.rules import Mkg
from loket.hr.promotion import rules

D = dt.date


@pytest.mark.parametrize(
    ("year", "dates"),
    [
        (2024, [D(2024, m, 1) for m in (2, 4, 6, 8, 10, 12)]),  # Peraturan BKN 4/2023: six periods
        (2027, [D(2027, m, 1) for m in (2, 4, 6, 8, 10, 12)]),
        (2023, [D(2023, 4, 1), D(2023, 10, 1)]),  # before 2024: April and October
        (2010, [D(2010, 4, 1), D(2010, 10, 1)]),
    ],
)
def test_promotion_dates_per_calendar(year, dates):
    assert list(rules.promotion_dates(year)) == dates


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 12, 7), D(2027, 2, 1)),
        (D(2026, 12, 1), D(2027, 2, 1)),  # strictly after
        (D(2026, 11, 30), D(2026, 12, 1)),
        (D(2027, 1, 31), D(2027, 2, 1)),
        (D(2027, 2, 1), D(2027, 4, 1)),
        (D(2023, 10, 1), D(2024, 2, 1)),  # the new calendar from 2024
        (D(2023, 4, 1), D(2023, 10, 1)),
        (D(2023, 1, 15), D(2023, 4, 1)),
        (D(2024, 1, 1), D(2024, 2, 1)),
    ],
)
def test_next_promotion_date(day, expected):
    assert rules.next_promotion_date(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [(D(2027, 4, 1), True), (D(2027, 3, 1), False), (D(2023, 6, 1), False), (D(2023, 10, 1), True)],
)
def test_is_promotion_date(day, expected):
    assert rules.is_promotion_date(day) is expected


@pytest.mark.parametrize(
    ("grade", "expected", "name"),
    [
        ("Ia", "Ib", "Juru Muda, I/a"),
        ("Id", "IIa", "Juru Tingkat I, I/d"),
        ("IId", "IIIa", "Pengatur Tingkat I, II/d"),
        ("III/b", "IIIc", "Penata Muda Tingkat I, III/b"),
        ("IIId", "IVa", "Penata Tingkat I, III/d"),
        ("IVd", "IVe", "Pembina Utama Madya, IV/d"),
        ("IVe", None, "Pembina Utama, IV/e"),
    ],
)
def test_ladder(grade, expected, name):
    assert rules.next_grade(grade) == expected
    assert rules.grade_name(grade) == name


@pytest.mark.parametrize(
    ("education", "ceiling"),
    [
        ("SD", "IIa"),
        ("SMP", "IIc"),
        ("SLTP Kejuruan", "IId"),
        ("SMA", "IIIb"),
        ("SMK", "IIIb"),
        ("D-I", "IIIb"),
        ("D2", "IIIb"),
        ("D-III", "IIIc"),
        ("S1", "IIId"),
        ("D-IV", "IIId"),
        ("S-2", "IVa"),
        ("dokter", "IVa"),
        ("S3", "IVb"),
        ("kursus", None),
        ("", None),
    ],
)
def test_education_ceilings(education, ceiling):
    assert rules.ceiling(education) == ceiling


def facts(**overrides):
    base = {
        "status": "PNS",
        "grade": "IIIa",
        "grade_tmt": D(2023, 4, 1),
        "education": "S1",
        "ratings": {2025: "baik", 2026: "sangat baik"},
        "disciplinary_penalty": False,
    }
    base.update(overrides)
    return rules.Facts(**base)


APRIL_2027 = D(2027, 4, 1)


def codes(eligibility):
    return [reason.code for reason in eligibility.reasons]


def test_regular_promotion_after_four_years_with_good_ratings():
    result = rules.regular(facts(), APRIL_2027)
    assert result.eligible and result.grade_from == "IIIa" and result.grade_to == "IIIb" and result.reasons == ()


@pytest.mark.parametrize(
    ("overrides", "on", "expected"),
    [
        ({"grade_tmt": D(2023, 4, 2)}, APRIL_2027, ["years_in_rank"]),  # 4 years reached a day late
        ({"grade_tmt": None}, APRIL_2027, ["no_grade_date"]),
        ({"ratings": {2025: "baik"}}, APRIL_2027, ["rating_missing"]),
        ({"ratings": {2025: "butuh perbaikan", 2026: "kurang"}}, APRIL_2027, ["rating_low", "rating_low"]),
        ({"ratings": {2024: "kurang", 2025: "baik", 2026: "baik"}}, APRIL_2027, []),  # only the last 2 years count
        ({"education": "SMA", "grade": "IIIb"}, APRIL_2027, ["ceiling"]),
        ({"education": "D3", "grade": "IIIb"}, APRIL_2027, []),  # D-III reaches III/c
        ({"education": "D3", "grade": "IIIc"}, APRIL_2027, ["ceiling"]),
        ({"education": ""}, APRIL_2027, ["education_unknown"]),
        ({"disciplinary_penalty": True}, APRIL_2027, ["discipline"]),
        ({"status": "CPNS"}, APRIL_2027, ["not_pns"]),
        ({"status": "PPPK", "grade": "IX"}, APRIL_2027, ["not_pns", "unknown_grade"]),
        ({"grade": "IVe", "education": "S3"}, APRIL_2027, ["top_of_ladder", "ceiling"]),
        ({}, D(2027, 5, 1), ["not_promotion_date"]),
    ],
)
def test_regular_promotion_reasons(overrides, on, expected):
    assert codes(rules.regular(facts(**overrides), on)) == expected


def test_every_reason_is_given_not_only_the_first_with_both_languages():
    result = rules.regular(
        facts(
            grade="IIIb",
            education="SMA",
            grade_tmt=D(2025, 4, 1),
            ratings={2025: "kurang"},
            disciplinary_penalty=True,
        ),
        APRIL_2027,
    )
    assert codes(result) == ["discipline", "years_in_rank", "rating_low", "rating_missing", "ceiling"]
    assert not result.eligible
    by_code = {reason.code: reason for reason in result.reasons}
    assert by_code["years_in_rank"].id == (
        "Masa dalam pangkat terakhir belum 4 tahun (TMT 1 April 2025; terpenuhi 1 April 2029)."
    )
    assert by_code["rating_low"].id == 'Predikat kinerja tahun 2025 "Kurang" di bawah syarat minimal "Baik".'
    assert by_code["rating_low"].en.startswith("The performance rating of 2025")
    assert "SLTA" in by_code["ceiling"].id and "III/b" in by_code["ceiling"].id


def test_the_years_in_rank_are_configurable():
    policy = rules.policy_from({"min_years_in_rank": 5})
    assert codes(rules.regular(facts(), APRIL_2027, policy)) == ["years_in_rank"]
    assert codes(rules.regular(facts(grade_tmt=D(2022, 4, 1)), APRIL_2027, policy)) == []
    with pytest.raises(ValueError):
        rules.policy_from({"no_such_value": 1})


@pytest.mark.parametrize(
    ("grade", "education", "expected_grade", "expected_codes"),
    [
        ("IIa", "S1", "IIIa", []),  # SLTA-appointed, now S-1: III/a
        ("IIb", "D3", "IIc", []),
        ("IIc", "S2", "IIIb", []),
        ("IIIa", "S1", None, ["no_higher_diploma"]),  # already at the diploma's grade
        ("IIa", "SMA", None, ["no_higher_diploma"]),
        ("IIIb", "S3", "IIIc", []),
    ],
)
def test_education_adjustment(grade, education, expected_grade, expected_codes):
    result = rules.education_adjustment(
        facts(grade=grade, education=education, grade_tmt=D(2026, 4, 1), ratings={2026: "baik"}), APRIL_2027
    )
    assert result.grade_to == expected_grade and codes(result) == expected_codes
    assert [reason.code for reason in result.to_verify] == ["exam_not_passed", "position_mismatch"]


def test_education_adjustment_needs_a_year_in_rank_a_good_last_year_and_a_passed_exam_when_recorded():
    result = rules.education_adjustment(
        facts(
            grade="IIa",
            education="S1",
            grade_tmt=D(2026, 6, 1),
            ratings={2026: "butuh perbaikan"},
            adjustment_exam_passed=False,
            diploma_fits_position=True,
        ),
        APRIL_2027,
    )
    assert codes(result) == ["years_in_rank", "rating_low", "exam_not_passed"] and result.to_verify == ()
    assert result.reasons[-1].id == "Belum terpenuhi: lulus ujian penyesuaian kenaikan pangkat (UPKP)."


@pytest.mark.parametrize(
    ("grade", "expected"),
    [("IIIb", False), ("IIIc", False), ("IIId", True), ("IVa", True), ("IIa", False)],
)
def test_bkn_technical_approval_from_iii_d(grade, expected):
    assert rules.needs_bkn_approval(grade) is expected
    assert rules.needs_bkn_approval("IIIc", rules.policy_from({"bkn_approval_from": "IIIc"})) is True


@pytest.mark.parametrize(
    ("total", "required", "short"),
    [(50.0, 50.0, False), (50.001, 50.0, False), (49.5, 50.0, True), (0.0, 100.0, True), (150.0, 100.0, False)],
)
def test_functional_credit_hook(total, required, short):
    reasons = rules.functional_credit_reasons(total, required)
    assert bool(reasons) is short
    if short:
        assert reasons[0].code == "credit_short" and "kurang" in reasons[0].id


def test_functional_credit_hook_message_and_refusal():
    [reason] = rules.functional_credit_reasons(37.5, 50)
    assert reason.id == "Angka kredit 37,500 belum mencapai 50,000 yang disyaratkan (kurang 12,500)."
    with pytest.raises(ValueError):
        rules.functional_credit_reasons(-1, 50)


@pytest.mark.parametrize(
    ("mkg", "since", "on", "expected"),
    [
        ((6, 0), D(2024, 12, 1), D(2027, 4, 1), Mkg(8, 4)),
        ((6, 5), D(2024, 12, 1), D(2027, 4, 1), Mkg(8, 9)),
        ((6, 0), D(2024, 12, 15), D(2027, 4, 1), Mkg(8, 3)),  # 1 Apr is before the 15th: 28 whole months
        ((10, 0), D(2027, 4, 1), D(2027, 4, 1), Mkg(10, 0)),
    ],
)
def test_mkg_on_the_promotion_date(mkg, since, on, expected):
    assert rules.mkg_on(mkg, since, on) == expected


# PP 5/2024 cells (gaji_pokok_pp5_2024.csv): IIIa 8 = 3,153,600; IIIb 8 = 3,287,000; IId 13 = 3,025,600;
# IIIa 8 = 3,153,600; IIc 9 = 2,728,300; IId 9 = 2,843,700; IIId 14 = 3,919,100; IVa 14 = 4,084,900;
# IIa 10 (step 9) = 2,511,300; IIIa 5 (step 4) = 2,964,000.
@pytest.mark.parametrize(
    ("grade_from", "grade_to", "mkg", "new_mkg", "old", "new"),
    [
        ("IIIa", "IIIb", Mkg(8, 4), Mkg(8, 4), 3153600, 3287000),  # within a group: MKG carries over
        ("IId", "IIIa", Mkg(13, 0), Mkg(8, 0), 3025600, 3153600),  # II -> III: minus 5 years
        ("IIc", "IId", Mkg(9, 6), Mkg(9, 6), 2728300, 2843700),
        ("IIId", "IVa", Mkg(14, 2), Mkg(14, 2), 3919100, 4084900),  # III -> IV: no reduction
        ("IIa", "IIIa", Mkg(10, 0), Mkg(5, 0), 2511300, 2964000),  # education adjustment SLTA -> S-1
    ],
)
def test_salary_in_the_new_grade_from_the_pp5_2024_table(grade_from, grade_to, mkg, new_mkg, old, new):
    result = rules.salary_after(grade_from, grade_to, mkg, D(2027, 4, 1))
    assert (result.mkg, result.current_salary, result.new_salary) == (new_mkg, old, new)
    assert result.regulation == "PP 5/2024" and result.refusal == ""


def test_salary_outside_the_table_is_refused_not_guessed():
    result = rules.salary_after("IId", "IIIa", Mkg(4, 0), D(2027, 4, 1))
    assert result.new_salary is None and "perlu ditinjau BKD" in result.refusal


def test_mkg_reduction_is_configurable():
    policy = rules.policy_from({"mkg_reduction": {("II", "III"): 0}})
    assert rules.salary_after("IId", "IIIa", Mkg(13, 0), D(2027, 4, 1), policy=policy).mkg == Mkg(13, 0)


def test_a_calendar_without_months_is_refused_not_guessed(monkeypatch):
    monkeypatch.setattr(rules, "PROMOTION_CALENDARS", ((dt.date(2024, 1, 1), (), "kosong"),))
    rules.promotion_dates.cache_clear()
    try:
        with pytest.raises(ValueError, match="Tidak ada tanggal kenaikan pangkat"):
            rules.next_promotion_date(dt.date(2025, 3, 1))
    finally:
        rules.promotion_dates.cache_clear()


# --- promotion in a functional position (kind "fungsional") --------------------------------------------------------

FEB27 = D(2027, 2, 1)
GOOD = {2025: "baik", 2026: "sangat baik"}


def functional_facts(**changes):
    values = {
        "status": "PNS",
        "grade": "IIIa",
        "grade_tmt": D(2023, 4, 1),
        "education": "S1",
        "ratings": GOOD,
        "disciplinary_penalty": False,
    }
    values.update(changes)
    return rules.Facts(**values)


ENOUGH = rules.Credit(52.5, 50.0, "IIIb")


@pytest.mark.parametrize(
    ("facts", "credit", "codes", "source"),
    [
        # BKN reg. 3/2023 lampiran (rank_credits.csv): III/a -> III/b asks 50 established credit points.
        (functional_facts(), ENOUGH, [], "PP 99/2000 art. 8; BKN reg. 3/2023 lampiran"),
        (functional_facts(), rules.Credit(41.25, 50.0, "IIIb"), ["credit_short"], "BKN reg. 3/2023 lampiran"),
        (functional_facts(), rules.Credit(50.0, 50.0, "IIIb"), [], "BKN reg. 3/2023 lampiran: exactly enough"),
        # PP 99/2000 art. 8(a) as amended: 2 years in the current rank (policy, confirm).
        (functional_facts(grade_tmt=D(2025, 4, 1)), ENOUGH, ["years_in_rank"], "PP 99/2000 art. 8"),
        # PP 99/2000 art. 8(c) / domain notes §7: ratings at least Baik in the last 2 years.
        (functional_facts(ratings={2025: "baik", 2026: "kurang"}), ENOUGH, ["rating_low"], "PP 99/2000 art. 8"),
        (functional_facts(ratings={2025: "baik"}), ENOUGH, ["rating_missing"], "PP 99/2000 art. 8"),
        # PP 94/2021: no promotion while serving a disciplinary penalty.
        (functional_facts(disciplinary_penalty=True), ENOUGH, ["discipline"], "PP 94/2021"),
        # Only PNS are promoted in rank (PP 11/2017).
        (functional_facts(status="CPNS"), ENOUGH, ["not_pns"], "PP 11/2017"),
        # The tables hold no rule: HR decides (PermenPANRB 1/2023 via hr/functional/rules.py UnknownCreditRule).
        (functional_facts(), rules.Credit(0.0, None, "", refusal="Belum ada di tabel."), ["credit_unknown"], "tables"),
        # The post's highest level and rank: no further step by credit.
        (functional_facts(grade="IVd"), rules.Credit(500.0, None, ""), ["functional_top"], "levels.csv"),
        # Several reasons at once, every one listed.
        (
            functional_facts(disciplinary_penalty=True, ratings={}),
            rules.Credit(10.0, 50.0, "IIIb"),
            ["discipline", "rating_missing", "rating_missing", "credit_short"],
            "all of the above",
        ),
    ],
)
def test_functional_promotion_table(facts, credit, codes, source):
    eligibility = rules.functional(facts, FEB27, credit)
    assert eligibility.kind == "fungsional", source
    assert [reason.code for reason in eligibility.reasons] == codes, source
    assert eligibility.eligible is (not codes)
    if not codes:
        assert (eligibility.grade_from, eligibility.grade_to) == ("IIIa", "IIIb")


def test_functional_promotion_needing_the_next_level_waits_for_the_level_promotion():
    """PermenPANRB 1/2023, BKN reg. 3/2023: from a level's highest grade the next rank is held only in the next
    level: enough credit is not enough while the post stays at its level; once the next level's post is recorded
    (no level step left), the same credit promotes."""
    blocked = rules.functional(
        functional_facts(grade="IIIb"), FEB27, rules.Credit(100.0, 100.0, "IIIc", level_step=True)
    )
    assert not blocked.eligible
    assert [reason.code for reason in blocked.reasons] == ["level_step"]
    moved = rules.functional(functional_facts(grade="IIIb"), FEB27, rules.Credit(100.0, 100.0, "IIIc"))
    assert moved.eligible and moved.grade_to == "IIIc"


# --- level promotion in a functional position (kind "jenjang") ----------------------------------------------------

# PermenPANRB 1/2023 (kenaikan jenjang) with BKN reg. 3/2023 lampiran (levels.csv, "confirm"): ahli pertama -> ahli
# muda asks a cumulative 100 established in the level, ahli muda -> ahli madya 200, ahli madya -> ahli utama 450.
TO_MUDA = rules.Credit(104.5, 100.0, "IIIc", level_step=True, level="ahli_pertama", to_level="ahli_muda")


def _level(counted, required, to_grade, level, to_level):
    return rules.Credit(counted, required, to_grade, level_step=True, level=level, to_level=to_level)


@pytest.mark.parametrize(
    ("facts", "credit", "codes", "grade_to", "source"),
    [
        # The three level steps of the expert track at exactly and above what levels.csv asks.
        (functional_facts(grade="IIIb"), TO_MUDA, [], "IIIc", "levels.csv ahli_pertama 100"),
        (
            functional_facts(grade="IIIb"),
            _level(100.0, 100.0, "IIIc", "ahli_pertama", "ahli_muda"),
            [],
            "IIIc",
            "levels.csv: exactly enough",
        ),
        (
            functional_facts(grade="IIId"),
            _level(200.0, 200.0, "IVa", "ahli_muda", "ahli_madya"),
            [],
            "IVa",
            "levels.csv ahli_muda 200",
        ),
        (
            functional_facts(grade="IVc"),
            _level(451.0, 450.0, "IVd", "ahli_madya", "ahli_utama"),
            [],
            "IVd",
            "levels.csv ahli_madya 450",
        ),
        # Short of the level's cumulative credit (established by signed PAKs only).
        (
            functional_facts(grade="IIId"),
            _level(187.5, 200.0, "IVa", "ahli_muda", "ahli_madya"),
            ["credit_short"],
            "IVa",
            "BKN reg. 3/2023 lampiran",
        ),
        # The shared conditions of a promotion in a functional post.
        (functional_facts(grade="IIIb", ratings={2025: "baik"}), TO_MUDA, ["rating_missing"], "IIIc", "ratings"),
        (functional_facts(grade="IIIb", grade_tmt=D(2025, 4, 1)), TO_MUDA, ["years_in_rank"], "IIIc", "PP 99/2000"),
        (functional_facts(grade="IIIb", disciplinary_penalty=True), TO_MUDA, ["discipline"], "IIIc", "PP 94/2021"),
        # Not a level step: a rank step within the level, the top, or a rule the tables do not hold.
        (functional_facts(), ENOUGH, ["not_level_step"], None, "rank_credits.csv: a rank step"),
        (functional_facts(grade="IVe"), rules.Credit(500.0, None, ""), ["not_level_step"], None, "the top"),
        (
            functional_facts(grade="IIIb"),
            rules.Credit(0.0, None, "", refusal="Belum ada di tabel."),
            ["credit_unknown"],
            None,
            "tables",
        ),
    ],
)
def test_level_promotion_table(facts, credit, codes, grade_to, source):
    eligibility = rules.level_promotion(facts, FEB27, credit)
    assert eligibility.kind == "jenjang", source
    assert [reason.code for reason in eligibility.reasons] == codes, source
    assert eligibility.eligible is (not codes), source
    assert eligibility.grade_to == grade_to, source
    if eligibility.grade_to:
        # Loket does not hold the competence test or the staffing plan: BKD verifies both on the case.
        assert [reason.code for reason in eligibility.to_verify] == ["competence_test", "vacant_post"]


def test_level_promotion_is_the_functional_promotion_the_level_step_waits_for():
    """Where `functional` refuses with "level_step", `level_promotion` gives the rank of the next level."""
    facts = functional_facts(grade="IIIb")
    assert [reason.code for reason in rules.functional(facts, FEB27, TO_MUDA).reasons] == ["level_step"]
    assert rules.level_promotion(facts, FEB27, TO_MUDA).grade_to == "IIIc"


def test_functional_years_in_rank_is_policy():
    relaxed = rules.policy_from({"functional_min_years_in_rank": 0})
    assert rules.functional(functional_facts(grade_tmt=D(2026, 4, 1)), FEB27, ENOUGH, relaxed).eligible


@pytest.mark.parametrize(
    "pension_date, codes",
    [
        (dt.date(2027, 2, 1), ["retiring"]),  # retires on the promotion date: leaves the civil service that day
        (dt.date(2026, 12, 1), ["retiring"]),
        (dt.date(2027, 3, 1), []),  # retires after it: the promotion stands
        (None, []),
    ],
)
def test_a_retirement_by_the_promotion_date_refuses_with_its_reason(pension_date, codes):
    eligible = rules.Eligibility("reguler", dt.date(2027, 2, 1), "IIIa", "IIIb")
    found = rules.retiring(eligible, pension_date)
    assert [reason.code for reason in found.reasons] == codes and found.eligible is (not codes)
