"""One test (or table) per leave rule of PP 11/2017 (as amended by PP 17/2020) and BKN reg. 24/2017 (7/2021).

Dates are real 2026 dates: 17 August 2026 (Monday) is Independence Day; 24 December 2026 is cuti
bersama and 25 December 2026 is Christmas.
"""

import datetime as dt

import pytest

from loket.core.calendar import WorkCalendar, calendar_with
from loket.hr.leave.rules import (
    PPPK_LEAVE_TYPES,
    AnnualBalance,
    Attachment,
    EmployeeLeaveFacts,
    ImportantReason,
    LeaveRequest,
    LeaveType,
    LongLeaveReason,
    SickKind,
    add_months,
    annual_balance,
    annual_eligible_from,
    annual_entitlement,
    check_request,
    considerer,
    delegation_refusal,
    plh_rank_refusal,
    position_level,
    second_level_refusal,
    unit_line,
    working_days,
)

pytestmark = pytest.mark.sqlite
D = dt.date
VETERAN = D(2010, 3, 1)  # TMT CPNS long ago: every service rule is met


def pns(service_start=VETERAN, **facts) -> EmployeeLeaveFacts:
    return EmployeeLeaveFacts(status="PNS", service_start=service_start, **facts)


def request(leave_type, first, last, **fields) -> LeaveRequest:
    return LeaveRequest(leave_type=leave_type, first=first, last=last, **fields)


# --- Working days (PP 11/2017 art. 311(2); BKN reg. 24/2017) ------------------------------------


@pytest.mark.parametrize(
    "first, last, expected",
    [
        (D(2026, 8, 14), D(2026, 8, 18), 2),  # Fri, weekend, Mon 17 Aug holiday, Tue
        (D(2026, 8, 15), D(2026, 8, 16), 0),  # Saturday and Sunday only
        (D(2026, 12, 21), D(2026, 12, 31), 7),  # 24 Dec cuti bersama and 25 Dec Natal not counted
        (D(2026, 8, 18), D(2026, 8, 14), 0),  # reversed
    ],
)
def test_working_days_skip_weekends_holidays_and_cuti_bersama_art_311(first, last, expected):
    assert working_days(first, last, WorkCalendar()) == expected


def test_working_days_follow_the_regional_calendar_override():
    regional = calendar_with(added=[D(2026, 8, 18)])  # a regional holiday on Tuesday
    assert working_days(D(2026, 8, 14), D(2026, 8, 18), regional) == 1


# --- Annual leave: entitlement and carry-over (PP 11/2017 arts. 311–312) -------------------------


def test_annual_eligibility_after_one_year_of_continuous_service_art_311_1():
    assert annual_eligible_from(D(2025, 9, 1)) == D(2026, 9, 1)
    assert annual_eligible_from(D(2024, 2, 29)) == D(2025, 2, 28)
    assert annual_entitlement(2025, D(2025, 9, 1)) == 0
    assert annual_entitlement(2026, D(2025, 9, 1)) == 12


@pytest.mark.parametrize(
    "taken_by_year, records_from, columns, total",
    [
        # Nothing taken in N-2 and N-1: 6 + 6 + 12 = 24 (art. 312(2)).
        ({}, 2024, (6, 6, 12), 24),
        ({}, None, (6, 6, 12), 24),  # whole history since 2011 unused: still capped at 24
        ({2023: 0, 2024: 0, 2025: 0}, 2023, (6, 6, 12), 24),  # N-3 lapses
        # Nothing taken in N-1 but all of N-2 used: 6 + 12 = 18 (art. 312(1)).
        ({2024: 12, 2025: 0}, 2024, (0, 6, 12), 18),
        # Partial use of N-2, nothing in N-1: N-2's leftover was unused two years running.
        ({2024: 9, 2025: 0}, 2024, (3, 6, 12), 21),
        # Some taken in N-1 eats the carried N-2 days first (oldest first).
        ({2024: 0, 2025: 2}, 2024, (4, 6, 12), 22),
        ({2024: 0, 2025: 8}, 2024, (0, 6, 12), 18),
        ({2024: 5, 2025: 8}, 2024, (0, 6, 12), 18),
        ({2024: 0, 2025: 14}, 2024, (0, 4, 12), 16),
        ({2024: 0, 2025: 18}, 2024, (0, 0, 12), 12),
        ({2025: 12}, 2025, (0, 0, 12), 12),
    ],
)
def test_annual_carry_over_6_18_24_art_312(taken_by_year, records_from, columns, total):
    balance = annual_balance(2026, taken_by_year, VETERAN, records_from=records_from)
    assert (balance.from_n_minus_2, balance.from_n_minus_1, balance.own) == columns
    assert balance.total == total


def test_annual_balance_remaining_subtracts_days_taken_in_the_year_art_312():
    balance = annual_balance(2026, {2025: 12, 2026: 5}, VETERAN, records_from=2025)
    assert balance == AnnualBalance(2026, 0, 0, 12, 0, taken=5)
    assert balance.remaining == 7


def test_annual_first_eligible_year_gives_12_and_carries_only_to_n_minus_1_art_311_312():
    service_start = D(2024, 7, 1)  # eligible from 1 July 2025
    assert annual_balance(2025, {}, service_start).total == 12
    balance = annual_balance(2026, {}, service_start)
    assert (balance.from_n_minus_2, balance.from_n_minus_1, balance.own) == (0, 6, 12)


def test_annual_balance_before_eligibility_is_zero_art_311_1():
    assert annual_balance(2025, {}, D(2025, 3, 1)).total == 0
    assert annual_balance(2026, {}, D(2025, 3, 1)).total == 12


def test_long_leave_year_gives_no_annual_leave_art_315_2():
    assert annual_entitlement(2026, VETERAN, long_leave_years={2026}) == 0
    assert annual_balance(2026, {}, VETERAN, long_leave_years={2026}, records_from=2026).total == 0
    # Nothing of 2025's own days moves on, but 2024's days unused in 2024 and 2025 still do.
    after = annual_balance(2026, {}, VETERAN, long_leave_years={2025}, records_from=2024)
    assert (after.from_n_minus_2, after.from_n_minus_1, after.own) == (6, 0, 12)


def test_annual_refused_in_a_long_leave_year_art_315_2():
    employee = pns(long_leave_starts=(D(2026, 2, 2),))
    refusals = check_request(request(LeaveType.ANNUAL, D(2026, 8, 3), D(2026, 8, 4)), employee)
    assert refusals == ["Tidak ada hak cuti tahunan pada tahun 2026 karena telah mengambil cuti besar."]


# --- Cuti bersama (PP 11/2017 art. 333) ------------------------------------------------------------


def test_cuti_bersama_days_are_not_deducted_from_annual_leave_art_333_2():
    # 21–31 December 2026 spans 24 Dec (cuti bersama) and 25 Dec: 7 working days, not 9.
    employee = pns(taken_by_year={2026: 5}, records_from=2026)  # 7 days left
    leave = request(LeaveType.ANNUAL, D(2026, 12, 21), D(2026, 12, 31))
    assert check_request(leave, employee) == []
    assert check_request(leave, pns(taken_by_year={2026: 6}, records_from=2026)) == [
        "Cuti tahunan 7 hari kerja melebihi sisa hak cuti tahunan 6 hari kerja."
    ]


def test_staff_on_duty_during_cuti_bersama_get_the_days_added_this_year_only_art_333_3():
    this_year = annual_balance(2026, {}, VETERAN, collective_worked_by_year={2026: 2}, records_from=2026)
    assert (this_year.collective_on_duty, this_year.total) == (2, 14)
    # Unused on-duty days of 2025 lapse; used ones are spent before the own 12, which carry over.
    lapsed = annual_balance(2026, {}, VETERAN, collective_worked_by_year={2025: 3}, records_from=2025)
    assert lapsed.total == 18
    spent = annual_balance(2026, {2025: 3}, VETERAN, collective_worked_by_year={2025: 3}, records_from=2025)
    assert (spent.from_n_minus_1, spent.total) == (6, 18)


def test_cuti_bersama_is_set_by_decree_not_requested_art_333_1():
    refusals = check_request(request(LeaveType.COLLECTIVE, D(2026, 12, 24), D(2026, 12, 24)), pns())
    assert refusals == ["Cuti bersama ditetapkan dengan Keputusan Presiden dan tidak diajukan perorangan."]


# --- Annual leave requests (PP 11/2017 arts. 311–312) ---------------------------------------------


def test_annual_refused_before_one_year_of_service_art_311_1():
    employee = pns(service_start=D(2025, 9, 1))
    refusals = check_request(request(LeaveType.ANNUAL, D(2026, 8, 3), D(2026, 8, 4)), employee)
    assert refusals == [
        "Cuti tahunan baru dapat diambil setelah bekerja paling sedikit 1 tahun secara terus-menerus "
        "(mulai 1 September 2026)."
    ]
    assert check_request(request(LeaveType.ANNUAL, D(2026, 9, 1), D(2026, 9, 2)), employee) == []


@pytest.mark.parametrize("first, last", [(D(2026, 8, 15), D(2026, 8, 16)), (D(2026, 8, 17), D(2026, 8, 17))])
def test_annual_at_least_one_working_day_art_311_3(first, last):
    refusals = check_request(request(LeaveType.ANNUAL, first, last), pns())
    assert refusals == ["Cuti tahunan paling sedikit 1 hari kerja; rentang tanggal ini tidak memuat hari kerja."]


def test_annual_balance_exceeded_is_refused_art_312():
    employee = pns(taken_by_year={2025: 12, 2026: 10}, records_from=2025)  # 2 days left
    refusals = check_request(request(LeaveType.ANNUAL, D(2026, 8, 14), D(2026, 8, 19)), employee)
    assert refusals == ["Cuti tahunan 3 hari kerja melebihi sisa hak cuti tahunan 2 hari kerja."]
    assert check_request(request(LeaveType.ANNUAL, D(2026, 8, 14), D(2026, 8, 18)), employee) == []


def test_annual_request_across_new_year_is_split_per_calendar_year():
    # Issue 16: accepted, each year's part charged to that year (tests/hr/test_leave_rules_issue16.py).
    assert check_request(request(LeaveType.ANNUAL, D(2026, 12, 30), D(2027, 1, 5)), pns()) == []


def test_reversed_dates_are_refused():
    refusals = check_request(request(LeaveType.SICK, D(2026, 8, 18), D(2026, 8, 14)), pns())
    assert refusals == ["Tanggal selesai cuti tidak boleh sebelum tanggal mulai."]


def test_overlap_with_existing_leave_is_refused_bkn_24_2017():
    employee = pns(existing=((D(2026, 8, 10), D(2026, 8, 14)),))
    refusals = check_request(request(LeaveType.ANNUAL, D(2026, 8, 13), D(2026, 8, 18)), employee)
    assert refusals == ["Tanggal cuti bertabrakan dengan cuti lain (10 Agustus 2026 s.d. 14 Agustus 2026)."]
    assert check_request(request(LeaveType.ANNUAL, D(2026, 8, 18), D(2026, 8, 19)), employee) == []


# --- Long leave (PP 11/2017 art. 315; BKN reg. 24/2017) ---------------------------------------------


@pytest.mark.parametrize(
    "service_start, reason, previous, first, last, expected",
    [
        (D(2021, 9, 1), LongLeaveReason.GENERAL, (), D(2026, 9, 1), D(2026, 11, 30), []),
        (
            D(2021, 9, 2),
            LongLeaveReason.GENERAL,
            (),
            D(2026, 9, 1),
            D(2026, 11, 30),
            ["Cuti besar hanya untuk PNS yang telah bekerja paling singkat 5 tahun secara terus-menerus."],
        ),
        (D(2024, 1, 2), LongLeaveReason.FIRST_HAJJ, (), D(2026, 5, 1), D(2026, 7, 31), []),
        (D(2024, 1, 2), LongLeaveReason.FOURTH_OR_LATER_BIRTH, (), D(2026, 5, 1), D(2026, 7, 31), []),
        (
            VETERAN,
            LongLeaveReason.GENERAL,
            (D(2022, 6, 1),),
            D(2026, 9, 1),
            D(2026, 9, 30),
            ["Cuti besar hanya sekali dalam 5 tahun; cuti besar terakhir dimulai 1 Juni 2022."],
        ),
        (VETERAN, LongLeaveReason.GENERAL, (D(2021, 6, 1),), D(2026, 9, 1), D(2026, 9, 30), []),
        (VETERAN, LongLeaveReason.GENERAL, (), D(2026, 9, 1), D(2026, 12, 1), ["Cuti besar paling lama 3 bulan."]),
    ],
)
def test_long_leave_service_interval_waivers_and_length_art_315(service_start, reason, previous, first, last, expected):
    employee = pns(service_start=service_start, long_leave_starts=previous)
    leave = request(LeaveType.LONG, first, last, long_leave_reason=reason)
    assert check_request(leave, employee) == expected


# --- Sick leave (PP 11/2017 arts. 319–321) ----------------------------------------------------------

DOCTOR = frozenset({Attachment.DOCTOR_NOTE})
GOVERNMENT = frozenset({Attachment.GOVERNMENT_DOCTOR_NOTE})
NEEDS_DOCTOR = "Cuti sakit lebih dari 1 hari wajib melampirkan surat keterangan dokter."
NEEDS_GOVERNMENT = "Cuti sakit lebih dari 14 hari wajib melampirkan surat keterangan dokter pemerintah."


@pytest.mark.parametrize(
    "days, attachments, expected",
    [
        (1, frozenset(), []),
        (2, frozenset(), [NEEDS_DOCTOR]),
        (2, DOCTOR, []),
        (14, DOCTOR, []),
        (14, GOVERNMENT, []),
        (15, DOCTOR, [NEEDS_GOVERNMENT]),
        (15, frozenset(), [NEEDS_GOVERNMENT]),
        (15, GOVERNMENT, []),
    ],
)
def test_sick_leave_attachment_thresholds_art_319_3_4(days, attachments, expected):
    first = D(2026, 8, 3)
    leave = request(LeaveType.SICK, first, first + dt.timedelta(days=days - 1), attachments=attachments)
    assert check_request(leave, pns()) == expected


@pytest.mark.parametrize(
    "kind, extension, last, refused",
    [
        (SickKind.GENERAL, False, D(2027, 8, 2), False),  # exactly 1 year
        (SickKind.GENERAL, False, D(2027, 8, 3), True),
        (SickKind.GENERAL, True, D(2028, 2, 2), False),  # 1 year + 6 months extension
        (SickKind.GENERAL, True, D(2028, 2, 3), True),
        (SickKind.MISCARRIAGE, False, D(2026, 9, 17), False),  # 1.5 months
        (SickKind.MISCARRIAGE, False, D(2026, 9, 18), True),
        (SickKind.WORK_ACCIDENT, False, D(2028, 8, 2), False),  # until recovered
    ],
)
def test_sick_leave_length_limits_art_319_5_6_and_320(kind, extension, last, refused):
    leave = request(LeaveType.SICK, D(2026, 8, 3), last, attachments=GOVERNMENT, sick_kind=kind, extension=extension)
    assert bool(check_request(leave, pns())) is refused


# --- Maternity (PP 11/2017 art. 325) ----------------------------------------------------------------


FOURTH_CHILD = "Untuk kelahiran anak keempat dan seterusnya digunakan cuti besar, bukan cuti melahirkan."


@pytest.mark.parametrize(
    "child, last, expected",
    [
        (1, D(2026, 11, 2), []),
        (3, D(2026, 11, 2), []),
        (3, D(2026, 11, 3), ["Cuti melahirkan paling lama 3 bulan."]),
        (4, D(2026, 11, 2), [FOURTH_CHILD]),
        (None, D(2026, 11, 2), ["Sebutkan anak keberapa yang dilahirkan selama menjadi ASN."]),
    ],
)
def test_maternity_first_to_third_child_3_months_then_long_leave_art_325(child, last, expected):
    leave = request(LeaveType.MATERNITY, D(2026, 8, 3), last, child_number=child)
    assert check_request(leave, pns(sex="F")) == expected


def test_fourth_birth_takes_long_leave_without_5_years_of_service_art_315_and_325_2():
    employee = pns(service_start=D(2023, 1, 2), sex="F")
    reason = LongLeaveReason.FOURTH_OR_LATER_BIRTH
    leave = request(LeaveType.LONG, D(2026, 8, 3), D(2026, 11, 2), long_leave_reason=reason)
    assert check_request(leave, employee) == []


def test_maternity_is_for_women_only_art_325():
    leave = request(LeaveType.MATERNITY, D(2026, 8, 3), D(2026, 8, 7), child_number=1)
    assert check_request(leave, pns(sex="M")) == [
        "Cuti melahirkan hanya untuk pegawai perempuan; suami dapat mengajukan cuti karena alasan penting."
    ]


# --- Important reasons (PP 11/2017 art. 326 as amended; BKN reg. 7/2021) ----------------------------


@pytest.mark.parametrize(
    "reason, last, expected",
    [
        (ImportantReason.FAMILY_DECEASED, D(2026, 9, 2), []),
        (ImportantReason.WIFE_CAESAREAN, D(2026, 9, 3), ["Cuti karena alasan penting paling lama 1 bulan."]),
        (
            None,
            D(2026, 8, 7),
            ["Pilih alasan penting yang diatur (keluarga sakit keras/meninggal, perkawinan, dan lainnya)."],
        ),
    ],
)
def test_important_reasons_listed_and_at_most_one_month_art_326(reason, last, expected):
    leave = request(LeaveType.IMPORTANT_REASONS, D(2026, 8, 3), last, important_reason=reason)
    assert check_request(leave, pns()) == expected


# --- Unpaid leave, CLTN (PP 11/2017 art. 334) -------------------------------------------------------

CLTN_SERVICE = (
    "Cuti di luar tanggungan negara hanya untuk PNS yang telah bekerja paling singkat 5 tahun secara terus-menerus."
)
CLTN_LENGTH = "Cuti di luar tanggungan negara paling lama 3 tahun, dapat diperpanjang paling lama 1 tahun."


@pytest.mark.parametrize(
    "service_start, extension, last, expected",
    [
        (D(2021, 8, 3), False, D(2029, 8, 2), []),  # 5 years of service, 3 years of leave
        (D(2021, 8, 4), False, D(2029, 8, 2), [CLTN_SERVICE]),
        (D(2021, 8, 3), False, D(2029, 8, 3), [CLTN_LENGTH]),
        (D(2021, 8, 3), True, D(2030, 8, 2), []),  # + 1 year extension
        (D(2021, 8, 3), True, D(2030, 8, 3), [CLTN_LENGTH]),
    ],
)
def test_cltn_five_years_of_service_and_three_plus_one_years_art_334(service_start, extension, last, expected):
    leave = request(LeaveType.UNPAID, D(2026, 8, 3), last, extension=extension)
    assert check_request(leave, pns(service_start=service_start)) == expected


# --- PPPK (PP 49/2018) ------------------------------------------------------------------------------

PPPK_REQUESTS = {
    LeaveType.ANNUAL: request(LeaveType.ANNUAL, D(2026, 8, 3), D(2026, 8, 4)),
    LeaveType.SICK: request(LeaveType.SICK, D(2026, 8, 3), D(2026, 8, 3)),
    LeaveType.MATERNITY: request(LeaveType.MATERNITY, D(2026, 8, 3), D(2026, 11, 2), child_number=1),
    LeaveType.LONG: request(LeaveType.LONG, D(2026, 8, 3), D(2026, 9, 2)),
    LeaveType.IMPORTANT_REASONS: request(
        LeaveType.IMPORTANT_REASONS, D(2026, 8, 3), D(2026, 8, 4), important_reason=ImportantReason.OWN_MARRIAGE
    ),
    LeaveType.UNPAID: request(LeaveType.UNPAID, D(2026, 8, 3), D(2027, 8, 2)),
}


@pytest.mark.parametrize("leave_type", list(PPPK_REQUESTS))
def test_pppk_only_annual_sick_maternity_and_collective_pp_49_2018(leave_type):
    pppk = EmployeeLeaveFacts(status="PPPK", service_start=VETERAN, sex="F")
    refusals = check_request(PPPK_REQUESTS[leave_type], pppk)
    if leave_type in PPPK_LEAVE_TYPES:
        assert refusals == []
    else:
        assert refusals == [
            f"PPPK tidak berhak atas {leave_type.label}; PPPK hanya berhak atas cuti tahunan, cuti sakit, "
            "cuti melahirkan, cuti bersama."
        ]
    # The same request is fine for a PNS: only the status makes the difference.
    assert check_request(PPPK_REQUESTS[leave_type], pns(sex="F")) == []


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2026, 8, 3), -12) == D(2025, 8, 3)


D = dt.date


@pytest.mark.parametrize(
    "delegator, delegate, first, last, existing, expected",
    [
        (1, 2, D(2026, 12, 7), D(2026, 12, 9), [], None),
        (1, 3, D(2026, 12, 9), D(2026, 12, 9), [(1, 2, D(2026, 12, 7), D(2026, 12, 9))], "overlapping"),
        (1, 3, D(2026, 12, 10), D(2026, 12, 10), [(1, 2, D(2026, 12, 7), D(2026, 12, 9))], None),
        (2, 1, D(2026, 12, 8), D(2026, 12, 8), [(1, 2, D(2026, 12, 7), D(2026, 12, 9))], "cycle"),
        (
            3,
            1,
            D(2026, 12, 8),
            D(2026, 12, 8),
            [(1, 2, D(2026, 12, 7), D(2026, 12, 9)), (2, 3, D(2026, 12, 8), D(2026, 12, 8))],
            "cycle",
        ),
        (2, 1, D(2026, 12, 10), D(2026, 12, 10), [(1, 2, D(2026, 12, 7), D(2026, 12, 9))], None),
        (
            4,
            1,
            D(2026, 12, 8),
            D(2026, 12, 8),
            [(1, 2, D(2026, 12, 7), D(2026, 12, 9)), (2, 3, D(2026, 12, 8), D(2026, 12, 8))],
            None,
        ),
    ],
)
def test_delegation_rule(delegator, delegate, first, last, existing, expected):
    assert delegation_refusal(delegator, delegate, first, last, existing) == expected


# --- two people decide leave (issue 13) ---------------------------------------------------------------------
EMPLOYEE, SUPERIOR, OFFICIAL, UP, BKD = 1, 2, 3, 4, 5


@pytest.mark.parametrize(
    "superior, candidates, expected",
    [
        (SUPERIOR, [UP, BKD], SUPERIOR),  # the usual case: the direct superior considers
        (OFFICIAL, [UP, BKD], UP),  # the superior is the official: the superior's own superior
        (OFFICIAL, [None, BKD], BKD),  # nobody above the official in the registry: the HR office
        (OFFICIAL, [OFFICIAL, BKD], BKD),  # a candidate who is the official is no second person
        (OFFICIAL, [EMPLOYEE, None], None),  # nor the employee (an HR officer asking for their own leave)
        (OFFICIAL, [None, None], None),  # nobody: the request waits for BKD
        (None, [None, BKD], BKD),  # no superior at all (staff outside any unit)
        (EMPLOYEE, [UP], UP),  # never one's own considerer
    ],
)
def test_leave_is_considered_and_granted_by_two_different_people(superior, candidates, expected):
    assert considerer(employee=EMPLOYEE, superior=superior, official=OFFICIAL, candidates=candidates) == expected


@pytest.mark.parametrize(
    "level, actor, level_one_actor, expected",
    [
        (1, SUPERIOR, None, None),
        (2, OFFICIAL, SUPERIOR, None),
        (2, SUPERIOR, SUPERIOR, "same_person"),  # the superior, now the official's plh
        (2, SUPERIOR, None, "same_person"),  # their plh gave the consideration: still their decision
        (2, UP, UP, "same_person"),  # who gave it for the superior (plh, or stepping in), now at level 2
        (2, OFFICIAL, None, None),
    ],
)
def test_one_person_never_takes_both_levels(level, actor, level_one_actor, expected):
    assert (
        second_level_refusal(level=level, actor=actor, superior=SUPERIOR, level_one_actor=level_one_actor) == expected
    )


# --- ranks of a stand-in (plh), SE Kepala BKN 1/SE/I/2021 (issue 13) -----------------------------------------


@pytest.mark.parametrize(
    "position_type, grade, level",
    [
        ("jpt", "IVc", 4),
        ("administrator", "IIId", 3),  # the position decides, not the grade
        ("pengawas", "IVa", 2),
        ("pelaksana", "IIIa", 1),
        ("fungsional", "IVb", 3),  # Ahli Madya: an administrator post's equal
        ("fungsional", "IIId", 2),  # Ahli Muda: a pengawas post's equal
        ("fungsional", "IIIa", 1),
        ("fungsional", "XIII", 3),  # PPPK grades
        ("fungsional", "XI", 2),
        ("fungsional", "IX", 1),
        ("fungsional", "", 1),
    ],
)
def test_position_levels(position_type, grade, level):
    assert position_level(position_type, grade) == level


# units of one agency: 1 Bidang > 2 Seksi > 3 Subseksi; 4 another Bidang > 5 its Seksi
PARENTS = {1: None, 2: 1, 3: 2, 4: None, 5: 4}


@pytest.mark.parametrize(
    "unit, line",
    [
        (2, {None, 1, 2, 3}),  # itself, the unit above, the unit below and the agency's own level
        (1, {None, 1, 2, 3}),
        (3, {None, 1, 2, 3}),
        (5, {None, 4, 5}),
        (None, None),  # the agency head: the whole agency
    ],
)
def test_unit_line(unit, line):
    assert unit_line(unit, PARENTS) == (None if line is None else frozenset(line))


@pytest.mark.parametrize(
    "delegator, delegate, delegate_unit, delegator_unit, below, expected",
    [
        (4, 3, 1, None, 1, None),  # the kadis names a kabid
        (4, 4, None, None, 1, None),  # or an official of the same level
        (4, 2, 2, None, 1, "plh_too_low"),  # not a kasi
        (4, 2, 2, None, 2, None),  # unless the region allows two levels (setting)
        (2, 1, 2, 2, 1, None),  # a kasi names a member of their section
        (2, 3, 1, 2, 1, "plh_above"),  # not their own kabid: the superior steps in without a plh
        (2, 2, 5, 2, 1, "plh_outside_line"),  # nor a kasi of another bidang
        (3, 2, 3, 1, 1, None),  # a kabid names a kasi two units down the line
        (1, 1, 2, 2, 1, None),
    ],
)
def test_plh_rank_rule(delegator, delegate, delegate_unit, delegator_unit, below, expected):
    refusal = plh_rank_refusal(
        delegator_level=delegator,
        delegate_level=delegate,
        delegate_unit=delegate_unit,
        delegator_line=unit_line(delegator_unit, PARENTS),
        levels_below=below,
    )
    assert refusal == expected
