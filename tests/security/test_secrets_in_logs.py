"""Nothing secret reaches the logs: passwords, API tokens, TOTP codes, session ids, status PINs; and a NIK
only ever appears masked. Every log record of a sign-in (password, then TOTP), API calls with good and bad
tokens, a submission carrying NIKs (HTML form and API), refusals, a status lookup and the delivery of the
notifications is captured at DEBUG level and searched."""

import logging
import time

import pytest
from django.conf import settings
from django.test import Client

from loket.core import tokens
from loket.core.identifiers import mask_nik
from loket.notify import services as notify
from loket.notify.models import Notification
from tests.helpers import report
from tests.helpers.auth import activate_totp, totp_code
from tests.helpers.world import NIK_OTHER, NIK_OWNER, PDF

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-uji-123"


class Everything(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        self.lines.append(f"{record.name}: {text} {getattr(record, 'request', '')}")


@pytest.fixture
def captured():
    handler, root = Everything(), logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(previous)


def test_no_secret_and_no_full_nik_in_the_logs(world, captured, settings, tmp_path):
    settings.LOKET_REQUIRE_OFFICER_MFA = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    secrets: dict[str, str] = {"password": PASSWORD}

    # 1. a citizen signs in with a password (and once with a wrong one)
    citizen = Client()
    citizen.post("/akun/login/", {"login": "warga", "password": "salah-sandi-rahasia-99"})
    secrets["wrong password"] = "salah-sandi-rahasia-99"
    assert citizen.post("/akun/login/", {"login": "warga", "password": PASSWORD}).status_code == 302
    secrets["citizen session id"] = citizen.cookies[settings.SESSION_COOKIE_NAME].value

    # 2. an officer signs in with password + TOTP (a wrong code first)
    officer = world.users["officer_a"]
    secret = activate_totp(officer)
    secrets["TOTP secret"] = secret
    staff = Client()
    staff.post("/akun/login/", {"login": officer.username, "password": PASSWORD})
    code = totp_code(secret, time.time())
    wrong = "000000" if code != "000000" else "111111"
    staff.post("/akun/2fa/authenticate/", {"code": wrong})
    assert staff.post("/akun/2fa/authenticate/", {"code": code}).status_code == 302
    secrets["TOTP code"] = code
    secrets["officer session id"] = staff.cookies[settings.SESSION_COOKIE_NAME].value

    # 3. an agency system calls the API with a token; someone tries a forged and a revoked token
    token, raw = tokens.issue(actor=None, user=officer, name="SIMPEG")
    secrets["API token"] = raw
    secrets["API token secret part"] = raw.split("_", 2)[2]
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert api.get("/api/v1/inbox").status_code == 200
    forged = raw[:-4] + "AAAA"
    secrets["forged token"] = forged
    assert Client(headers={"Authorization": f"Bearer {forged}"}).get("/api/v1/inbox").status_code == 401

    # 4. submissions carrying NIKs: the citizen's HTML form (with a bad NIK first) and the API (for a citizen)
    page = citizen.get(f"/layanan/{world.svc_a.code}/ajukan/")
    assert page.status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    form = {
        "nama_usaha": "Warung",
        "nik_pemilik": NIK_OWNER[:-1] + "x",
        "hp": "081234567890",
        "key": "log-1",
        "req_0": SimpleUploadedFile("ktp.pdf", PDF, content_type="application/pdf"),
    }
    citizen.post(f"/layanan/{world.svc_a.code}/ajukan/", form)
    form.update(nik_pemilik=NIK_OWNER, req_0=SimpleUploadedFile("ktp.pdf", PDF, content_type="application/pdf"))
    citizen.post(f"/layanan/{world.svc_a.code}/ajukan/", form)
    upload = api.post(
        "/api/v1/uploads",
        {
            "file": SimpleUploadedFile("ktp.pdf", PDF),
            "requirement": "req_0",
            "service": world.svc_a.code,
            "applicant_nik": NIK_OTHER,
        },
    )
    assert upload.status_code == 201, upload.content
    sent = api.post(
        "/api/v1/applications/consent-codes",
        {"service": world.svc_a.code, "applicant_nik": NIK_OTHER},
        content_type="application/json",
    )
    assert sent.status_code == 202, sent.content
    secrets["consent code"] = Notification.objects.filter(template="consent_code").latest("pk").context["secret_code"]
    body = {
        "service": world.svc_a.code,
        "idempotency_key": "log-api-1",
        "applicant_nik": NIK_OTHER,
        "consent_code": secrets["consent code"],
        "data": {"nama_usaha": "Toko", "nik_pemilik": NIK_OTHER},
        "uploads": {"req_0": upload.json()["id"]},
    }
    filed = api.post("/api/v1/applications", body, content_type="application/json")
    assert filed.status_code in (200, 201), filed.content
    # a refused one (someone else's NIK, no assist right) and a malformed one
    Client(
        headers={"Authorization": f"Bearer {tokens.issue(actor=None, user=world.users['other_citizen'], name='x')[1]}"}
    ).post("/api/v1/applications", {**body, "idempotency_key": "log-api-2"}, content_type="application/json")
    api.post("/api/v1/applications", "{bukan json " + NIK_OWNER, content_type="application/json")

    # 5. the public status lookup with the PIN (right and wrong)
    secrets["status PIN"] = world.pin
    Client().get(f"/api/v1/status/{world.app.tracking_number}", {"pin": world.pin})
    Client().get(f"/api/v1/status/{world.app.tracking_number}", {"pin": "999999"})
    Client().post("/cek-status/", {"tracking": world.app.tracking_number, "pin": world.pin})

    # 6. the worker delivers the queued notifications
    notify.deliver_due()

    logged = "\n".join(captured.lines)
    assert len(captured.lines) >= 5, "the scenario should have produced log records (is logging captured?)"
    report.add("log_records_searched", len(captured.lines))
    leaks = [name for name, value in secrets.items() if value and value in logged]
    report.add("secrets_checked", len(secrets))
    assert not leaks, f"secrets in the logs: {leaks}"
    for nik in (NIK_OWNER, NIK_OTHER):
        assert nik not in logged, f"a full NIK is in the logs: {mask_nik(nik)}"
    report.add("secrets_checked", 2)
