"""Settings from the environment, production defaults, and the `loket` command (issue 2 items 1 and 2)."""

import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.helpers.demo_server import LOKET, free_port, start_demo, wait_for
from tests.helpers.demo_server import operator_env as _env


def test_production_defaults_pass_check_deploy():
    env = _env(
        LOKET_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="loket.jabarprov.go.id",
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    )
    result = subprocess.run(
        [*LOKET, "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    env = _env(LOKET_ENV="production", ALLOWED_HOSTS="x")
    result = subprocess.run([*LOKET, "manage", "check"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_database_url_wins_over_data_dir(tmp_path):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'])"

    def run(env):
        return subprocess.run(
            [*LOKET, "manage", "shell", "-c", code, "--data-dir", str(tmp_path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    embedded = run(_env())
    assert embedded.returncode == 0, embedded.stderr
    assert "sqlite3" in embedded.stdout and str(tmp_path) in embedded.stdout
    assert (tmp_path / "secret_key").exists()
    external = run(_env(DATABASE_URL="postgres://postgres@127.0.0.1:5432/elsewhere"))
    assert "postgresql elsewhere" in external.stdout


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    """Start `loket demo` once: migrate + seed SQLite, real HTTP server and worker; Ctrl-C stops it."""
    data_dir = tmp_path_factory.mktemp("demo")
    port = free_port()
    log = tmp_path_factory.mktemp("demo-log") / "demo.log"
    proc = start_demo(data_dir, port, log)
    try:
        assert wait_for(f"http://127.0.0.1:{port}/healthz", 300) == 200  # seeding on a busy machine
        home = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10)
        assert home.status == 200
        # The address is announced once the server answers there, so it is in the output by now or soon.
        deadline = time.monotonic() + 30
        while "Loket berjalan" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    output = log.read_text()
    assert proc.returncode == 0, output
    assert f"http://localhost:{port}/" in output
    assert "admin" in output  # the demo logins are printed
    logins = output.split("Akun demo", 1)[1].split("Dokumen bertanda tangan", 1)[0]
    names = [line.split()[0] for line in logins.splitlines()[1:] if line.strip()]
    assert len(names) == len(set(names)), "an account is listed twice"
    assert "Loket berhenti" in output
    return data_dir


def test_demo_runs_a_real_server_and_stops_cleanly(demo_dir):
    assert (demo_dir / "loket.sqlite3").exists()


def test_audit_verify_checks_the_demo_and_catches_a_row_changed_by_hand(demo_dir):
    verify = [*LOKET, "audit", "verify", "--data-dir", str(demo_dir)]
    ok = subprocess.run(verify, env=_env(), capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "audit log OK" in ok.stdout
    with sqlite3.connect(demo_dir / "loket.sqlite3") as db:
        count = db.execute("select count(*) from core_auditevent where seal_seq is not null").fetchone()[0]
        assert count > 25
        db.execute("update core_auditevent set data = '{\"fee\": 0}' where seal_seq = ?", (count // 2,))
    bad = subprocess.run(verify, env=_env(), capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0
    assert "changed" in bad.stderr and f"seal_seq={count // 2}" in bad.stderr


# ---------------------------------------------------------------- file modes (issue 11, finding D)

TOUCH_DATABASE = """
import os, sys
import {module}
from django.db import connection
with connection.cursor() as cursor:  # opens (so creates) the SQLite file, and writes to it
    cursor.execute("create table umask_probe (x integer)")
    cursor.execute("insert into umask_probe values (1)")
print(os.umask(0o022) & 0o777)
"""


@pytest.mark.parametrize("module", ["loket.wsgi", "loket.asgi"])
def test_deployed_entry_points_create_private_files_under_a_permissive_umask(tmp_path, module):
    # As a service manager would start gunicorn or uvicorn: umask 022, no `loket` command in between.
    data_dir = tmp_path / "data"
    result = subprocess.run(
        [sys.executable, "-c", TOUCH_DATABASE.format(module=module)],
        env=_env(LOKET_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="loket.settings"),
        capture_output=True,
        text=True,
        timeout=120,
        umask=0o022,
    )
    assert result.returncode == 0, result.stderr
    database = data_dir / "loket.sqlite3"
    modes = {p.name: oct(p.stat().st_mode & 0o777) for p in [data_dir, *data_dir.iterdir()]}
    assert modes[database.name] == oct(0o600), modes
    assert modes[data_dir.name] == oct(0o700), modes
    for path in data_dir.iterdir():  # the WAL companions and the static folder too
        assert modes[path.name] == oct(0o700 if path.is_dir() else 0o600), modes
    assert result.stdout.split()[-1] == str(0o077)  # the umask in force once the entry point was loaded


def test_demo_lists_an_account_named_twice_once():
    from loket.cli import demo_logins

    assert demo_logins([("a", "kepala"), ("b", "warga")], [("a", "pejabat cuti")]) == [
        ("a", "kepala; pejabat cuti"),
        ("b", "warga"),
    ]
