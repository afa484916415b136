"""scripts/crash_safety.py from the test command: two web processes and two workers on PostgreSQL, one of
each killed with SIGKILL twice mid-burst; every acknowledged request stored once, every notification sent
at least once and recorded once, the audit chain intact. Then the payments burst: levies paid at the provider
simulator while its callbacks (and signed replays) arrive, a web process and a worker killed twice more; each
assessment paid exactly once, one stored event per provider event. Runs as a subprocess (~90–150 s)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from tests.helpers import report

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def test_crash_safety_script_survives_kills(tmp_path):
    summary = tmp_path / "summary.json"
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DATABASE_URL=os.environ.get("DATABASE_URL") or database_url(), LOKET_CRASH_SUMMARY=str(summary))
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "crash_safety.py"), "--submissions", "60", "--payments", "20"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=420,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    counts = json.loads(summary.read_text())["counts"]
    assert counts["kills survived"] == 8
    assert counts["duplicate applications"] == 0
    assert counts["applications stored"] >= counts["submissions acknowledged"] > 0
    assert counts["audit verify"] == "ok"
    # levies: every payment the provider acknowledged applied once, nothing lost or doubled on the way
    assert counts["payments acknowledged by the provider"] == counts["levy cases"] == 20
    assert counts["callback events stored"] == counts["callbacks owed by the provider"] == 20
    assert counts["assessments paid"] == counts["payments.paid audit entries"] == 20
    assert counts["payment steps approved"] == counts["levy cases completed"] == 20
    assert counts["events by outcome"] == {"applied": 20}
    assert counts["replayed callbacks"].get("new", 0) == 0
    report.add("kills_survived", counts["kills survived"])
    report.add("crash_submissions_acknowledged", counts["submissions acknowledged"])
    report.add("crash_actions_acknowledged", counts["officer actions acknowledged"])
    report.add("crash_notifications_sent", counts["notifications sent"])
    report.add("crash_levies_paid_once", counts["assessments paid"])
