"""Finding 15 (UU 27/2022): individual HR records are read only as needed. The province leader sees
aggregates only; a BKD reads the staff of its own region, never a regency's; the employee and their
superiors keep their reads."""

import datetime as dt

import pytest

from loket.hr.leave import services as leave_services
from loket.hr.models import KgbDecision
from loket.org import permissions
from loket.org.models import Role
from tests.helpers.org import make_user

FIRST, LAST = dt.date(2026, 12, 7), dt.date(2026, 12, 9)


@pytest.fixture
def leave(staff):
    return leave_services.request_leave(
        actor=staff["staf"].user, leave_type="tahunan", first=FIRST, last=LAST, reason="Menemani orang tua berobat"
    )


@pytest.fixture
def kgb(staff):
    return KgbDecision.objects.create(
        employee=staff["staf"],
        official=staff["kadis"],
        status=KgbDecision.Status.REVIEW,
        effective_date=dt.date(2027, 1, 1),
        due_date=dt.date(2027, 1, 1),
        grade="III/a",
        current_mkg_years=10,
        current_mkg_months=0,
    )


@pytest.fixture
def province_leader(province):
    return make_user("gubernur", (Role.LEADER, province))


@pytest.fixture
def province_bkd(province):
    return make_user("bkd_jabar", (Role.HR_ADMIN, province))


LIST_PAGES = {"/kantor/kepegawaian/", "/kantor/kepegawaian/kgb/"}


def _record_urls(staff, leave, kgb) -> list[str]:
    nip = staff["staf"].nip
    return [
        "/kantor/kepegawaian/",
        f"/kantor/kepegawaian/pegawai/{nip}/",
        "/kantor/kepegawaian/kgb/",
        f"/pegawai/cuti/{leave.pk}/",
        f"/pegawai/kgb/{kgb.pk}/",
        f"/api/v1/hr/employees/{nip}",
    ]


@pytest.mark.parametrize("reader", ["province_leader", "province_bkd"])
def test_province_leader_and_provincial_bkd_do_not_read_regency_staff(client, staff, leave, kgb, reader, request):
    client.force_login(request.getfixturevalue(reader))

    for url in _record_urls(staff, leave, kgb):
        response = client.get(url)
        # the provincial BKD keeps its office pages (its own staff); regency staff appear nowhere
        assert response.status_code in (403, 404) or url in LIST_PAGES, url
        if response.status_code == 200:  # a refusal page may repeat the address, which holds the NIP
            assert staff["staf"].nip.encode() not in response.content, url
            assert b"Menemani orang tua" not in response.content, url


def test_province_leader_keeps_aggregates(province_leader, agency_a):
    assert permissions.can(province_leader, "insights.view", agency_a)
    assert not permissions.can(province_leader, "hr.view", agency_a)


def test_provincial_bkd_reads_the_province_own_staff(province_bkd, province_agency, agency_a):
    assert permissions.can(province_bkd, "hr.view", province_agency)
    assert permissions.can(province_bkd, "hr.manage", province_agency)
    assert not permissions.can(province_bkd, "hr.manage", agency_a)


def test_the_regions_own_bkd_the_employee_and_the_superiors_still_read(client, staff, leave, kgb, hr_admin):
    client.force_login(hr_admin)
    for url in _record_urls(staff, leave, kgb):
        assert client.get(url).status_code == 200, url
    client.force_login(staff["staf"].user)
    assert client.get(f"/pegawai/cuti/{leave.pk}/").status_code == 200
    client.force_login(staff["kasi"].user)  # direct superior
    assert client.get(f"/pegawai/cuti/{leave.pk}/").status_code == 200
    assert client.get(f"/api/v1/hr/employees/{staff['staf'].nip}").status_code == 200
