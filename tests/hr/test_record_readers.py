"""hr.queries gathers the facts for hr.rules: who may read one leave request or KGB decision, from the
database (the employee, the superior, the official, their plh on the days of the delegation, the BKD of
the region; not a colleague, not the BKD of another region)."""

import datetime as dt

import pytest

from loket.hr import queries
from loket.hr.leave import services as leave_services
from loket.hr.models import Delegation, KgbDecision, LeaveRequest
from loket.org.models import Role
from tests.helpers.org import make_user

FIRST, LAST = dt.date(2026, 12, 7), dt.date(2026, 12, 9)
AWAY_FROM, AWAY_UNTIL = dt.date(2026, 11, 30), dt.date(2026, 12, 4)  # the approver's delegation


@pytest.fixture
def leave(staff):
    # Siti (staf) asks; her superior is Rudi (kasi), the official Bambang (kadis).
    return leave_services.request_leave(
        actor=staff["staf"].user, leave_type="tahunan", first=FIRST, last=LAST, reason="Acara keluarga"
    )


def reads(user, me, leave, day=AWAY_FROM + dt.timedelta(days=1)) -> bool:
    return queries.leave_for_reader(user, me, leave.pk, day) is not None


def test_the_employee_and_the_approvers_named_on_the_request_read_it(staff, leave):
    for key in ("staf", "kasi", "kadis"):
        assert reads(staff[key].user, staff[key], leave), key


def test_a_colleague_and_the_superiors_superior_do_not(staff, leave):
    for key in ("staf2", "staf3", "kabid", "kabid2"):
        assert not reads(staff[key].user, staff[key], leave), key


@pytest.mark.parametrize("status", [LeaveRequest.Status.SUPERIOR, LeaveRequest.Status.OFFICIAL])
def test_the_plh_of_the_current_approver_reads_on_the_days_of_the_delegation_only(staff, leave, status):
    approver = staff["kasi"] if status == LeaveRequest.Status.SUPERIOR else staff["kadis"]
    LeaveRequest.objects.filter(pk=leave.pk).update(status=status)
    Delegation.objects.create(delegator=approver, delegate=staff["kabid2"], first=AWAY_FROM, last=AWAY_UNTIL)
    plh = staff["kabid2"]
    assert reads(plh.user, plh, leave, AWAY_FROM)
    assert reads(plh.user, plh, leave, AWAY_UNTIL)
    assert not reads(plh.user, plh, leave, AWAY_FROM - dt.timedelta(days=1))
    assert not reads(plh.user, plh, leave, AWAY_UNTIL + dt.timedelta(days=1))


def test_the_plh_of_the_superior_does_not_read_once_the_request_has_moved_on(staff, leave):
    LeaveRequest.objects.filter(pk=leave.pk).update(status=LeaveRequest.Status.OFFICIAL)
    Delegation.objects.create(delegator=staff["kasi"], delegate=staff["kabid2"], first=AWAY_FROM, last=AWAY_UNTIL)
    assert not reads(staff["kabid2"].user, staff["kabid2"], leave, AWAY_FROM)


def test_the_bkd_of_the_region_reads_and_the_bkd_of_another_region_does_not(staff, leave, hr_admin, hr_admin_bogor):
    assert reads(hr_admin, None, leave)
    assert not reads(hr_admin_bogor, None, leave)


def test_an_inspector_of_the_region_reads(staff, leave, kota_bandung):
    assert reads(make_user("inspektur", (Role.INSPECTOR, kota_bandung)), None, leave)


def test_a_request_that_does_not_exist_is_none(staff, hr_admin):
    assert queries.leave_for_reader(hr_admin, None, 999_999) is None


@pytest.fixture
def kgb(staff):
    return KgbDecision.objects.create(
        employee=staff["staf"],
        official=staff["kadis"],
        status=KgbDecision.Status.SIGNATURE,
        effective_date=dt.date(2027, 1, 1),
        due_date=dt.date(2027, 1, 1),
        grade="III/a",
        current_mkg_years=10,
        current_mkg_months=0,
    )


def reads_kgb(user, me, decision) -> bool:
    return queries.kgb_for_reader(user, me, decision.pk) is not None


def test_kgb_decision_readers(staff, kgb, hr_admin, hr_admin_bogor):
    assert reads_kgb(staff["kadis"].user, staff["kadis"], kgb)  # the official who signs it
    assert not reads_kgb(staff["staf"].user, staff["staf"], kgb)  # not yet signed: not the employee's yet
    for key in ("staf2", "kasi", "kabid"):  # a colleague, the superiors
        assert not reads_kgb(staff[key].user, staff[key], kgb), key
    assert reads_kgb(hr_admin, None, kgb)
    assert not reads_kgb(hr_admin_bogor, None, kgb)
    KgbDecision.objects.filter(pk=kgb.pk).update(status=KgbDecision.Status.SIGNED)
    assert reads_kgb(staff["staf"].user, staff["staf"], kgb)
    assert not reads_kgb(staff["staf2"].user, staff["staf2"], kgb)


def test_employee_reader_refuses_an_account_without_a_record_unless_it_reads_as_hr(staff, citizen, hr_admin):
    from loket.core.errors import PermissionDenied

    assert queries.employee_reader(staff["staf"].user) == staff["staf"]
    assert queries.employee_reader(hr_admin, hr_reads=True) is None
    for user, hr_reads in ((hr_admin, False), (citizen, True), (citizen, False)):
        with pytest.raises(PermissionDenied, match="tidak terhubung dengan data pegawai"):
            queries.employee_reader(user, hr_reads=hr_reads)


def test_the_employee_reads_their_leave_in_as_few_queries_as_before(staff, leave, django_assert_max_num_queries):
    me = queries.employee_of(staff["staf"].user)
    with django_assert_max_num_queries(1):  # the request itself: no scope query for its own employee
        assert queries.leave_for_reader(staff["staf"].user, me, leave.pk) is not None
