"""bench/run_all.py: picks up every bench script, saves printed JSON figures, shows missing ones in the table."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run_all(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("loket_bench_run_all", ROOT / "bench" / "run_all.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    bench = tmp_path / "bench"
    bench.mkdir()
    monkeypatch.setattr(module.common, "BENCH_DIR", bench)
    monkeypatch.setattr(module.common, "ROOT", tmp_path)
    monkeypatch.setattr(module.common, "RESULTS", bench / "results.json")
    return module, bench


def test_runs_every_script_and_reports_missing_ones(run_all, capsys):
    module, bench = run_all
    (bench / "catalogue.py").write_text(
        'import json\nprint("mengukur …")\nprint(json.dumps({"ratio": 0.7, "p99_ms": 75.0}))\n'
    )
    (bench / "sign.py").write_text("import sys\nsys.exit(3)\n")
    (bench / "extra_probe.py").write_text("print('{\"growth\": 1.05}')\n")
    (bench / "_helper.py").write_text("raise SystemExit('not a benchmark')\n")
    assert module.main([]) == 1  # sign failed
    out = capsys.readouterr().out
    results = json.loads((bench / "results.json").read_text())
    assert results == {"catalogue": {"ratio": 0.7, "p99_ms": 75.0}, "extra_probe": {"growth": 1.05}}
    table = out.split("=== ringkasan")[1]
    rows = {
        line.split()[0]: line
        for line in table.splitlines()
        if line and line.split()[0] in {"catalogue", "sign", "extra_probe", "import", "dashboard", "submit"}
    }
    assert "ok" in rows["catalogue"] and "0.700" in rows["catalogue"] and "p99_ms=75.0" in rows["catalogue"]
    assert "GAGAL (3)" in rows["sign"]
    assert "tidak ada" in rows["import"] and "tidak ada" in rows["dashboard"]
    assert "1.050" in rows["extra_probe"]
    assert "_helper" not in out


def test_all_present_and_passing_is_success(run_all):
    module, bench = run_all
    (bench / "inbox.py").write_text("print('{\"growth\": 0.95}')\n")
    assert module.main([]) == 0
    assert module.main(["inbox"]) == 0


def _load_bench(name: str):
    spec = importlib.util.spec_from_file_location(f"loket_bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.multiprocess
@pytest.mark.django_db(transaction=True)
def test_the_leave_benchmark_runs_at_a_tiny_size(settings, tmp_path, capsys):
    """bench/leave.py end to end (`--smoke`: 2 clients, 2 gunicorn workers) on this run's test database:
    leave requests filed and first-decided over HTTP through the case engine, the floor beside them, then
    all three steps in-process, signing included. Its figures are not judged here, only that it works."""
    db = settings.DATABASES["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql", "runs in the PostgreSQL pass"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LOKET_SIGNING_DIR = str(tmp_path / "signing")
    leave = _load_bench("leave")
    server_env = {"SECRET_KEY": settings.SECRET_KEY, "LOKET_DATA_DIR": str(tmp_path), "TRUSTED_PROXY_COUNT": "0"}
    try:
        assert leave.main(["--smoke"], database_url=url, server_env=server_env) == 0
    finally:
        leave.common.drop_floor_table()
    out = capsys.readouterr().out
    table = out.split("leave request (file + 1st decision)")[1].splitlines()[0].split()
    assert table[-4:] == ["4", "x", "2", "0"]  # 2 clients x 2 leave requests done, no errors
    assert "final approval (TOTP, render, number, PAdES-sign the permit)" in out
    assert "Target: ratio >= 0.25" in out
    from loket.hr.models import LeaveRequest

    # the in-process ones went on to the official: 2 counted, 2 timed, each with its signed permit
    assert LeaveRequest.objects.filter(status="approved", permit__isnull=False).count() == 4
    # first-decided and left with the official: over HTTP 2 clients x (2 warm-up + 2 measured), 3 profiled
    assert LeaveRequest.objects.filter(status="official").count() == 2 * (2 + 2) + 3


@pytest.mark.django_db
def test_the_kgb_benchmark_runs_at_a_tiny_size():
    """bench/kgb.py's seed and measurement in this test's database (30 employees, half of them due): every
    draft is a case and the run stays within its statements target."""
    kgb = _load_bench("kgb")
    seeded = kgb.seed(30, 0.5)
    figures = kgb.measure()
    assert seeded["on_engine"] and figures["drafted"] == figures["cases"] == seeded["due"] > 10
    assert figures["statements"] <= kgb.max_statements(figures["cases"])
