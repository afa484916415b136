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
