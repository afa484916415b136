"""HR JSON API: own record and leave, decisions, HR reads — each refused outside its scope."""

import pytest

from loket.hr.models import LeaveRequest
from tests.helpers.hr import otp


def api(client, user=None):
    if user is not None:
        client.force_login(getattr(user, "user", user))
    return client


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_anonymous_gets_401(client, staff):
    assert client.get("/api/v1/hr/me").status_code == 401
    assert (
        post(
            client, "/api/v1/hr/leave", {"leave_type": "tahunan", "first": "2026-12-07", "last": "2026-12-09"}
        ).status_code
        == 401
    )


def test_non_employee_gets_403(client, staff, citizen):
    response = api(client, citizen).get("/api/v1/hr/me")
    assert response.status_code == 403 and "tidak terhubung" in response.json()["message"]


def test_me_shows_own_chain_and_balance(client, staff):
    data = api(client, staff["staf"]).get("/api/v1/hr/me").json()
    assert data["nip"] == staff["staf"].nip and data["superior"]["nip"] == staff["kasi"].nip
    assert data["official"]["nip"] == staff["kadis"].nip and data["annual_leave"]["remaining"] == 12


def test_leave_request_and_decisions_over_the_api(client, staff):
    response = post(
        api(client, staff["staf"]),
        "/api/v1/hr/leave",
        {"leave_type": "tahunan", "first": "2026-12-07", "last": "2026-12-09"},
    )
    assert response.status_code == 201 and response.json()["working_days"] == 3
    leave_id = response.json()["id"]
    assert (
        post(api(client, staff["staf2"]), f"/api/v1/hr/leave/{leave_id}/decision", {"decision": "approved"}).status_code
        == 403
    )
    assert (
        post(api(client, staff["kasi"]), f"/api/v1/hr/leave/{leave_id}/decision", {"decision": "approved"}).json()[
            "status"
        ]
        == "official"
    )
    # The final approval signs the permit: it needs the official's own TOTP code, else nothing changes.
    response = post(api(client, staff["kadis"]), f"/api/v1/hr/leave/{leave_id}/decision", {"decision": "approved"})
    assert response.status_code == 403 and "TOTP" in response.json()["message"]
    otp(staff["kadis"])
    response = post(api(client, staff["kadis"]), f"/api/v1/hr/leave/{leave_id}/decision", {"decision": "approved"})
    assert response.status_code == 400 and "Kode verifikasi" in response.json()["message"]
    assert LeaveRequest.objects.get(pk=leave_id).status == LeaveRequest.Status.OFFICIAL
    assert api(client, staff["staf"]).get("/api/v1/hr/me").json()["annual_leave"]["remaining"] == 9  # held
    response = post(
        api(client, staff["kadis"]), f"/api/v1/hr/leave/{leave_id}/decision", {"decision": "approved", "otp": "000000"}
    )
    assert response.status_code == 400 and LeaveRequest.objects.get(pk=leave_id).status == LeaveRequest.Status.OFFICIAL
    data = post(
        api(client, staff["kadis"]),
        f"/api/v1/hr/leave/{leave_id}/decision",
        {"decision": "approved", "otp": otp(staff["kadis"])},
    ).json()
    assert data["status"] == "approved" and data["permit_number"].startswith("800.1.11.4/0001/")
    assert (
        post(api(client, staff["kasi"]), "/api/v1/hr/leave/999999/decision", {"decision": "approved"}).status_code
        == 404
    )


def test_refusal_is_400_with_reason_and_nothing_saved(client, staff):
    response = post(
        api(client, staff["staf"]),
        "/api/v1/hr/leave",
        {"leave_type": "tahunan", "first": "2026-12-01", "last": "2026-12-17"},
    )
    assert response.status_code == 400 and "melebihi sisa hak cuti" in response.json()["message"]
    assert not LeaveRequest.objects.exists()


@pytest.mark.parametrize(
    "viewer, target, visible",
    [
        ("staf", "staf", True),
        ("staf", "staf2", False),
        ("kasi", "staf", True),
        ("kasi", "staf3", False),
        ("kabid", "staf", False),  # not a direct report
    ],
)
def test_employee_read_scope(client, staff, viewer, target, visible):
    response = api(client, staff[viewer]).get(f"/api/v1/hr/employees/{staff[target].nip}")
    assert response.status_code == (200 if visible else 404)


def test_hr_admin_reads_in_region_only(client, staff, hr_admin, agency_b, hr_admin_bogor):
    assert api(client, hr_admin).get(f"/api/v1/hr/employees/{staff['staf'].nip}").status_code == 200
    assert api(client, hr_admin_bogor).get(f"/api/v1/hr/employees/{staff['staf'].nip}").status_code == 404
