"""Leave rules finished in issue 16: periods in months, annual leave deferred by the official, travel days in a
hard-to-reach place, annual leave across 1 January, and the official's deferral of long leave.

Every vector is computed by hand in its comment. 2026 calendar: 24 Dec cuti bersama, 25 Dec Christmas; 1 Jan
2027 (Friday) New Year.
"""

import datetime as dt

import pytest

from loket.hr.leave.rules import (
    AnnualBalance,
    EmployeeLeaveFacts,
    LeaveRequest,
    LeaveType,
    LongLeaveReason,
    annual_balance,
    annual_deferred_until,
    carry_into_next_year,
    check_request,
    days_by_year,
    deferral_refusal,
    period_last_day,
)

pytestmark = pytest.mark.sqlite
D = dt.date
VETERAN = D(2010, 3, 1)


def pns(**facts) -> EmployeeLeaveFacts:
    return EmployeeLeaveFacts(status="PNS", service_start=VETERAN, **facts)


# --- Periods in months: end = the day before the same day n months later; a day the month lacks -> its last day


@pytest.mark.parametrize(
    "first, months, days, last",
    [
        (D(2026, 1, 30), 1, 0, D(2026, 2, 28)),  # no 30 Feb 2026: last day of February (was 27 Feb)
        (D(2024, 1, 30), 1, 0, D(2024, 2, 29)),  # leap year: no 30 Feb 2024, February ends on the 29th
        (D(2026, 1, 31), 1, 0, D(2026, 2, 28)),  # no 31 Feb
        (D(2026, 1, 29), 1, 0, D(2026, 2, 28)),  # no 29 Feb 2026
        (D(2028, 1, 29), 1, 0, D(2028, 2, 28)),  # 29 Feb 2028 exists: the day before it
        (D(2026, 1, 28), 1, 0, D(2026, 2, 27)),  # 28 Feb exists: the day before it
        (D(2026, 3, 31), 1, 0, D(2026, 4, 30)),  # no 31 Apr
        (D(2026, 3, 1), 1, 0, D(2026, 3, 31)),  # a whole calendar month
        (D(2026, 8, 3), 3, 0, D(2026, 11, 2)),  # maternity 3 months
        (D(2026, 11, 30), 3, 0, D(2027, 2, 28)),  # no 30 Feb 2027
        (D(2026, 12, 15), 3, 0, D(2027, 3, 14)),  # across the year
        (D(2024, 2, 29), 12, 0, D(2025, 2, 28)),  # one year from a leap day: no 29 Feb 2025
        (D(2026, 1, 30), 1, 15, D(2026, 3, 15)),  # miscarriage 1.5 months: 28 Feb + 15 days
        (D(2026, 8, 3), 1, 15, D(2026, 9, 17)),  # 2 Sep + 15 days
    ],
)
def test_period_in_months_ends_on_the_last_day_when_the_day_does_not_exist(first, months, days, last):
    assert period_last_day(first, months, days) == last


def test_maternity_from_30_november_runs_to_the_end_of_february_art_325():
    employee = pns(sex="F")
    three_months = LeaveRequest(LeaveType.MATERNITY, D(2026, 11, 30), D(2027, 2, 28), child_number=1)
    assert check_request(three_months, employee) == []
    one_day_more = LeaveRequest(LeaveType.MATERNITY, D(2026, 11, 30), D(2027, 3, 1), child_number=1)
    assert check_request(one_day_more, employee) == ["Cuti melahirkan paling lama 3 bulan."]


def test_long_leave_of_three_months_from_31_march_ends_30_june_art_315():
    ok = LeaveRequest(LeaveType.LONG, D(2026, 3, 31), D(2026, 6, 30))
    assert check_request(ok, pns()) == []
    assert check_request(LeaveRequest(LeaveType.LONG, D(2026, 3, 31), D(2026, 7, 1)), pns()) == [
        "Cuti besar paling lama 3 bulan."
    ]


# --- Annual leave deferred by the official: carried in full, 24 days at most with the next year's own ---------


@pytest.mark.parametrize(
    "n2, n1, own, deferred, next_own, expected",
    [
        (0, 0, 12, 12, 12, (0, 0, 12)),  # all 12 deferred: 12 + 12 = 24 next year
        (0, 0, 5, 0, 12, (0, 5, 0)),  # no deferral: the ordinary carry (at most 6)
        # 10 deferred out of n1 6 then own 4; own 8 left -> N-1 6; 0 + 6 + 10 + 12 = 28 > 24: N-1 gives way, 2
        (0, 6, 12, 10, 12, (0, 2, 10)),
        (3, 6, 12, 0, 12, (6, 6, 0)),  # not used two years running: 6 + 6 + 12 = 24
        (0, 0, 4, 8, 12, (0, 0, 4)),  # 8 deferred but only 4 left unused: 4 carry
        (0, 0, 12, 12, 0, (0, 0, 12)),  # the next year is a long-leave year: 12 carried, 24 not reached
        (6, 6, 12, 12, 12, (0, 0, 12)),  # 6 + 6 + 12 deferred: the ordinary carry gives way to the deferral
    ],
)
def test_carry_into_next_year_with_deferred_days(n2, n1, own, deferred, next_own, expected):
    assert carry_into_next_year(n2, n1, own, deferred, next_own) == expected


def test_deferred_annual_leave_gives_24_days_the_next_year():
    # 2025: nothing taken, the official deferred a request of 12 days. 2026: 12 deferred + 12 own = 24.
    balance = annual_balance(2026, {}, VETERAN, records_from=2025, deferred_by_year={2025: 12})
    assert balance == AnnualBalance(2026, 0, 0, 12, 0, taken=0, deferred=12)
    assert balance.total == 24
    # Without the deferral the same history gives 18 (art. 312(1)).
    assert annual_balance(2026, {}, VETERAN, records_from=2025).total == 18


def test_deferred_days_partly_taken_anyway_carry_what_is_left():
    # 2025: 4 taken, a request of 8 deferred: 8 unused own days, all deferred -> 2026: 8 + 12 = 20.
    balance = annual_balance(2026, {2025: 4}, VETERAN, records_from=2025, deferred_by_year={2025: 8})
    assert (balance.from_n_minus_1, balance.deferred, balance.total) == (0, 8, 20)


def test_deferred_days_are_usable_one_year_only():
    # 2025 deferred 12; 2026 nothing taken: the 12 deferred days lapse, 2026's own 12 carry as usual (6).
    balance = annual_balance(2027, {}, VETERAN, records_from=2025, deferred_by_year={2025: 12})
    assert (balance.from_n_minus_2, balance.from_n_minus_1, balance.deferred, balance.total) == (0, 6, 0, 18)


def test_request_of_24_days_after_a_deferral_is_accepted_and_25_refused():
    employee = pns(records_from=2025, deferred_by_year={2025: 12})
    # 1 Jun - 6 Jul 2026: 26 weekdays less 1 Jun (Pancasila) and 16 Jun (Islamic New Year) = 24 working days.
    request = LeaveRequest(LeaveType.ANNUAL, D(2026, 6, 1), D(2026, 7, 6))
    assert check_request(request, employee) == []
    longer = LeaveRequest(LeaveType.ANNUAL, D(2026, 6, 1), D(2026, 7, 7))
    assert check_request(longer, employee) == [
        "Cuti tahunan 25 hari kerja melebihi sisa hak cuti tahunan 24 hari kerja."
    ]


def test_deferred_annual_leave_is_usable_until_the_end_of_the_next_year():
    assert annual_deferred_until(D(2026, 11, 20)) == D(2027, 12, 31)


# --- Travel days in a hard-to-reach place (art. 311(4)): + at most 12 calendar days, not charged -------------


def test_travel_days_are_added_after_the_leave_and_not_charged():
    request = LeaveRequest(LeaveType.ANNUAL, D(2026, 8, 3), D(2026, 8, 7), travel_days=12)
    assert request.absence_last == D(2026, 8, 19)
    # 5 working days against a balance of 5: the 12 travel days cost nothing.
    assert check_request(request, pns(records_from=2026, taken_by_year={2026: 7})) == []


@pytest.mark.parametrize(
    "leave_type, travel, expected",
    [
        (
            LeaveType.ANNUAL,
            13,
            ["Tambahan waktu perjalanan ke tempat yang sulit perhubungannya paling lama 12 hari kalender."],
        ),
        (
            LeaveType.IMPORTANT_REASONS,
            2,
            ["Tambahan waktu perjalanan hanya untuk cuti tahunan di tempat yang sulit perhubungannya."],
        ),
    ],
)
def test_travel_days_only_for_annual_leave_and_at_most_12(leave_type, travel, expected):
    details = {"important_reason": "perkawinan"} if leave_type is LeaveType.IMPORTANT_REASONS else {}
    from loket.hr.leave.rules import ImportantReason

    request = LeaveRequest(
        leave_type,
        D(2026, 8, 3),
        D(2026, 8, 7),
        travel_days=travel,
        important_reason=ImportantReason(details["important_reason"]) if details else None,
    )
    assert check_request(request, pns(records_from=2026)) == expected


def test_travel_days_count_for_overlap():
    request = LeaveRequest(LeaveType.ANNUAL, D(2026, 8, 3), D(2026, 8, 7), travel_days=10)
    employee = pns(records_from=2026, existing=((D(2026, 8, 17), D(2026, 8, 20)),))
    assert check_request(request, employee) == [
        "Tanggal cuti bertabrakan dengan cuti lain (17 Agustus 2026 s.d. 20 Agustus 2026)."
    ]


# --- Annual leave across 1 January: each year's part is charged to its own year -----------------------------


def test_days_by_year_splits_at_new_year():
    # 28-31 Dec 2026: Mon-Thu, 4 working days; 1 Jan 2027 holiday, 2-3 Jan weekend, 4 Jan, 5 Jan (Isra Mi'raj,
    # the holidays package's estimate) a holiday, 6 Jan: 2.
    assert days_by_year(D(2026, 12, 28), D(2027, 1, 6)) == {2026: 4, 2027: 2}
    assert days_by_year(D(2026, 8, 3), D(2026, 8, 7)) == {2026: 5}


@pytest.mark.parametrize(
    "taken, long_starts, expected",
    [
        ({}, (), []),
        # Records from 2026, 10 of 12 taken: 2 left in 2026 < the 4 asked for in 2026.
        (
            {2026: 10},
            (),
            [
                "Cuti tahunan 4 hari kerja pada tahun 2026 melebihi sisa hak cuti tahunan tahun 2026 (2 hari kerja); "
                "hari cuti tiap tahun dibebankan pada hak tahun itu sendiri."
            ],
        ),
        # 2026: 4 of 12 used here -> 8 left -> 6 carry; 2027: 6 + 12 = 18, 17 already asked: 1 left < 2.
        (
            {2027: 17},
            (),
            [
                "Cuti tahunan 2 hari kerja pada tahun 2027 melebihi sisa hak cuti tahunan tahun 2027 (1 hari kerja); "
                "hari cuti tiap tahun dibebankan pada hak tahun itu sendiri."
            ],
        ),
        # 2026: 8 taken + these 4 = 12: nothing carries; 2027: 12 own, 2 asked: fine.
        ({2026: 8}, (), []),
        # 2027 is a long-leave year: no annual leave then, the request is refused clearly.
        ({}, (D(2027, 3, 1),), ["Tidak ada hak cuti tahunan pada tahun 2027 karena telah mengambil cuti besar."]),
    ],
)
def test_annual_leave_across_new_year_charges_each_year(taken, long_starts, expected):
    employee = pns(records_from=2026, taken_by_year=taken, long_leave_starts=long_starts)
    request = LeaveRequest(LeaveType.ANNUAL, D(2026, 12, 28), D(2027, 1, 6))  # 4 days in 2026, 2 in 2027
    assert check_request(request, employee) == expected


def test_annual_leave_across_more_than_one_new_year_is_refused():
    request = LeaveRequest(LeaveType.ANNUAL, D(2026, 12, 30), D(2028, 1, 3))
    assert check_request(request, pns(records_from=2026)) == [
        "Cuti tahunan paling banyak melintasi satu pergantian tahun; ajukan terpisah untuk tiap tahun."
    ]


# --- The official's deferral: annual and long leave only, long leave at most 1 year, never the first hajj ----


@pytest.mark.parametrize(
    "leave_type, reason, until, expected",
    [
        (LeaveType.ANNUAL, LongLeaveReason.GENERAL, None, None),
        (LeaveType.LONG, LongLeaveReason.GENERAL, D(2027, 3, 1), None),
        (LeaveType.LONG, LongLeaveReason.GENERAL, D(2027, 8, 31), None),  # 1 Sep 2026 + 1 year ends 31 Aug 2027
        (
            LeaveType.LONG,
            LongLeaveReason.GENERAL,
            D(2027, 9, 1),
            "Cuti besar ditangguhkan paling lama 1 tahun: pilih tanggal setelah 1 September 2026 dan paling lambat "
            "31 Agustus 2027.",
        ),
        (
            LeaveType.LONG,
            LongLeaveReason.GENERAL,
            None,
            "Sebutkan sampai tanggal berapa cuti besar ditangguhkan (paling lama 1 tahun).",
        ),
        (
            LeaveType.LONG,
            LongLeaveReason.FIRST_HAJJ,
            D(2027, 3, 1),
            "Cuti besar untuk menunaikan ibadah haji pertama tidak dapat ditangguhkan.",
        ),
        (
            LeaveType.SICK,
            LongLeaveReason.GENERAL,
            None,
            "Cuti sakit tidak dapat ditangguhkan; hanya cuti tahunan dan cuti besar. Pilih disetujui, disetujui "
            "dengan perubahan, atau tidak disetujui.",
        ),
    ],
)
def test_deferral_by_the_official(leave_type, reason, until, expected):
    request = LeaveRequest(leave_type, D(2026, 9, 1), D(2026, 11, 30), long_leave_reason=reason)
    assert deferral_refusal(request, until) == expected
