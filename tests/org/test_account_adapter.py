"""Where one lands after signing in (issue 15): anyone with a back-office role on /kantor/, a citizen on their
applications; a `?next=` wins in both cases, through the TOTP step too."""

import time

import pytest

from loket.org.models import Role
from tests.helpers.auth import activate_totp, totp_code
from tests.helpers.org import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "rahasia-uji-123"


def sign_in(client, user, next_url: str = ""):
    path = "/akun/login/" + (f"?next={next_url}" if next_url else "")
    data = {"login": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(path, data)


def test_staff_land_on_the_office_home(client, officers, editor_a):
    assert sign_in(client, officers["front"]).url == "/kantor/"
    client.logout()
    assert sign_in(client, editor_a).url == "/kantor/"  # any back-office role, not only those with tasks


def test_citizen_lands_on_their_applications(client, applicant):
    assert sign_in(client, applicant).url == "/permohonan/"


def test_next_is_kept(client, officers, applicant, process_service):
    assert sign_in(client, officers["front"], "/kantor/tugas/?sla=overdue").url == "/kantor/tugas/?sla=overdue"
    client.logout()
    assert sign_in(client, applicant, f"/layanan/{process_service.code}/").url == f"/layanan/{process_service.code}/"


def test_next_to_another_site_is_ignored(client, applicant):
    assert sign_in(client, applicant, "https://contoh.example/").url == "/permohonan/"


def test_staff_land_on_the_office_home_after_the_totp_step(client, kota_bandung, settings):
    settings.LOKET_REQUIRE_OFFICER_MFA = True
    inspector = make_user("inspektur_login", (Role.INSPECTOR, kota_bandung))
    secret = activate_totp(inspector)
    response = sign_in(client, inspector)
    assert "/2fa/authenticate/" in response.url
    response = client.post(response.url, {"code": totp_code(secret, time.time())})
    assert response.status_code == 302 and response.url == "/kantor/"
    assert client.get("/kantor/").status_code == 200
