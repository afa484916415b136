"""Limits and TOTP replay protection hold across web processes (issue 11, finding 7).

Starts the real server, gunicorn with 3 sync workers, against this run's PostgreSQL test database. Before the
fix the default cache was each process's memory: the same TOTP code signed in once per worker, and each
worker counted status lookups on its own.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
import requests
from django.conf import settings as django_settings

from loket.applications import lookup
from tests.helpers.auth import activate_totp, totp_code
from tests.helpers.org import make_user

pytestmark = [pytest.mark.multiprocess, pytest.mark.django_db(transaction=True)]

WORKERS = 3
PASSWORD = "rahasia-uji-123"


def _database_url() -> str:
    db = django_settings.DATABASES["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql", "runs in the PostgreSQL pass"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def server(transactional_db, tmp_path):
    """The base URL of gunicorn with WORKERS workers; its socket is bound here (port 0), so no port race."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "SECRET_KEY": django_settings.SECRET_KEY,
        "LOKET_DATA_DIR": str(tmp_path),
        "TRUSTED_PROXY_COUNT": "0",
        # the key of secrets at rest the test process encrypted TOTP secrets with (tests/conftest.py)
        "LOKET_FIELD_KEY_FILE": django_settings.LOKET_FIELD_KEY_FILE,
    }
    env.pop("LOKET_ENV", None)
    log = open(tmp_path / "gunicorn.log", "w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "loket.wsgi:application",
            "--bind",
            f"fd://{listener.fileno()}",
            "--workers",
            str(WORKERS),
            "--no-control-socket",
            "--graceful-timeout",
            "5",
        ],
        env=env,
        pass_fds=[listener.fileno()],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    listener.close()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                if requests.get(base + "/akun/login/", timeout=5).status_code == 200:
                    break
            except requests.RequestException:  # refused, or accepted by the bound socket while workers still boot
                pass
            assert time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()
            time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _csrf(session, url) -> str:
    page = session.get(url, timeout=10)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def _at_code_step(base, username) -> requests.Session:
    """A browser session that has given the password and is asked for the TOTP code."""
    session = requests.Session()
    token = _csrf(session, base + "/akun/login/")
    response = session.post(
        base + "/akun/login/",
        {"login": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": base + "/akun/login/"},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302 and "/2fa/authenticate/" in response.headers["Location"], response.text[:500]
    return session


def _give_code(base, session, token, code, results, index):
    response = session.post(
        base + "/akun/2fa/authenticate/",
        {"code": code, "csrfmiddlewaretoken": token},
        headers={"Referer": base + "/akun/2fa/authenticate/"},
        allow_redirects=False,
        timeout=20,
    )
    results[index] = response.status_code == 302  # signed in; a refused code shows the form again (200)


def test_a_totp_code_signs_in_once_across_workers(server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # what the server knows
    user = make_user("warga_mfa")
    user.set_password(PASSWORD)
    user.save()
    secret = activate_totp(user)
    attempts = 2 * WORKERS
    for _ in range(3):  # a round that crosses a 30-second step boundary is not evidence: run it again
        sessions = [_at_code_step(server, user.username) for _ in range(attempts)]
        tokens = [_csrf(session, server + "/akun/2fa/authenticate/") for session in sessions]
        step = int(time.time()) // 30
        code = totp_code(secret, time.time())
        results = [None] * attempts
        # All at once, so that the sync workers (one request each at a time) share them out.
        threads = [
            threading.Thread(target=_give_code, args=(server, sessions[i], tokens[i], code, results, i))
            for i in range(attempts)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if int(time.time()) // 30 == step:
            break
    assert results.count(True) == 1, results


def test_status_lookups_count_across_workers(server):
    browser = requests.Session()
    token = _csrf(browser, server + "/cek-status/")
    cookies = browser.cookies.get_dict()
    statuses = []
    for index in range(12):
        # A new connection each time, so the workers take turns; unknown numbers, so only the address counts.
        response = requests.post(
            server + "/cek-status/",
            {"tracking": f"3273-99-50000{index:02d}", "pin": "123456", "csrfmiddlewaretoken": token},
            cookies=cookies,
            headers={"Referer": server + "/cek-status/", "Connection": "close"},
            timeout=10,
        )
        statuses.append(response.status_code)
    assert statuses.count(400) == lookup.ADDRESS_LIMIT, statuses  # "no match": the lookup was answered
    assert statuses.count(429) == 12 - lookup.ADDRESS_LIMIT, statuses
