"""hr.rules: who may read an employee's HR record, as pure functions over the facts (no database)."""

import pytest

from loket.hr import rules

EMPLOYEE, SUPERIOR, OFFICIAL, OTHER = 1, 2, 3, 9
PARTIES = rules.LeaveParties(employee_id=EMPLOYEE, superior_id=SUPERIOR, official_id=OFFICIAL)


def yes():
    return True


def no():
    return False


def never():
    raise AssertionError("a fact that costs a query was asked after the cheaper facts had decided")


@pytest.mark.parametrize(
    ("reader", "decides_today", "heads_employee", "reads_as_hr", "expected"),
    [
        (EMPLOYEE, never, never, never, True),  # the employee
        (SUPERIOR, never, never, never, True),  # the direct superior named on the request
        (OFFICIAL, never, never, never, True),  # the authorized official named on it
        (OTHER, yes, never, never, True),  # the plh on the days of the delegation (or a superior stepping in)
        (OTHER, no, yes, never, True),  # the employee's head now
        (OTHER, no, no, yes, True),  # the BKD of the employee's region, or an inspector over it
        (None, never, never, yes, True),  # BKD staff without an employee record of their own
        (OTHER, no, no, no, False),  # a colleague
        (None, never, never, no, False),  # an account without a record and outside the region
    ],
)
def test_who_may_read_a_leave_request(reader, decides_today, heads_employee, reads_as_hr, expected):
    assert (
        rules.may_read_leave(
            reader, PARTIES, decides_today=decides_today, heads_employee=heads_employee, reads_as_hr=reads_as_hr
        )
        is expected
    )


def test_a_request_without_an_official_is_not_read_by_every_reader_without_a_record():
    # an agency head's own request names no official (None): a reader without a record is not "the official"
    parties = rules.LeaveParties(employee_id=EMPLOYEE, superior_id=None, official_id=None)
    assert not rules.may_read_leave(None, parties, decides_today=never, heads_employee=never, reads_as_hr=no)
    assert not rules.may_read_leave(OTHER, parties, decides_today=no, heads_employee=no, reads_as_hr=no)


@pytest.mark.parametrize(
    ("reader", "signed", "reads_as_hr", "expected"),
    [
        (EMPLOYEE, True, never, True),  # the employee, once signed
        (EMPLOYEE, False, no, False),  # a draft (review, waiting for the signature) is not yet theirs
        (OFFICIAL, False, never, True),  # the official who signs it
        (OFFICIAL, True, never, True),
        (OTHER, False, yes, True),  # the BKD of the employee's region
        (None, True, yes, True),  # BKD staff without an employee record
        (OTHER, True, no, False),  # a colleague
        (None, True, no, False),
    ],
)
def test_who_may_read_a_kgb_decision(reader, signed, reads_as_hr, expected):
    assert (
        rules.may_read_kgb(reader, employee_id=EMPLOYEE, official_id=OFFICIAL, signed=signed, reads_as_hr=reads_as_hr)
        is expected
    )


def test_a_kgb_decision_without_an_official_is_not_read_by_a_reader_without_a_record():
    assert not rules.may_read_kgb(None, employee_id=EMPLOYEE, official_id=None, signed=True, reads_as_hr=no)


@pytest.mark.parametrize(
    ("has_record", "hr_reads", "reads_records_as_hr", "expected"),
    [
        (True, False, never, True),
        (True, True, never, True),
        (False, True, yes, True),  # BKD staff opening a record linked from the HR profile
        (False, True, no, False),
        (False, False, never, False),  # self-service pages need an employee record
    ],
)
def test_who_may_open_the_employee_pages(has_record, hr_reads, reads_records_as_hr, expected):
    assert (
        rules.may_open_employee_pages(has_record=has_record, hr_reads=hr_reads, reads_records_as_hr=reads_records_as_hr)
        is expected
    )


@pytest.mark.parametrize(
    ("reader_id", "is_superuser", "created_by_id", "expected"),
    [
        (5, False, 5, True),  # whoever started it
        (6, False, 5, False),  # another BKD administrator
        (6, True, 5, True),  # an operator
        (None, False, None, False),  # a job whose account was removed is not everyone's
        (6, True, None, True),
    ],
)
def test_who_may_read_an_import_job(reader_id, is_superuser, created_by_id, expected):
    assert (
        rules.may_read_import_job(reader_id=reader_id, is_superuser=is_superuser, created_by_id=created_by_id)
        is expected
    )
