"""Run every benchmark in bench/ and print one table of this run's figures against their floors.

    make bench            (DATABASE_URL=the test database URL; each benchmark makes its own database)
    python bench/run_all.py [name ...]   only the named benchmarks, e.g. `catalogue`

Every `bench/*.py` except this file, `common.py` and `_*.py` is a benchmark; a new one is picked up by
existing. A benchmark reports its figures either with `common.save_result(name, figures)` (merged into
bench/results.json) or by printing one JSON object on a line of its own (the last such line counts);
run_all saves the printed figures under the script's name when the script did not save them itself.

The table has one row per tracked benchmark (catalogue, submit, leave, inbox, form_100_fields, sign,
dashboard, import) and per extra script: its headline figure (`ratio` = ours ÷ floor measured in
the same run, higher is better; `growth` = large ÷ small, lower is better), the other tracked fields,
and whether it ran now, failed, or does not exist yet (`tidak ada` — not a failure). Figures a script
did not refresh in this run are marked `lama` (from an earlier run).

Exits non-zero if a benchmark that exists failed or missed its target.
"""

import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

NOT_BENCHMARKS = {"run_all.py", "common.py"}
# DESIGN.md: the names we track and their fields (the first one is the headline).
TRACKED = {
    "catalogue": ("ratio", "p99_ms"),
    "submit": ("ratio", "p50_ms", "p99_ms", "req_per_s"),
    "leave": ("ratio", "p99_ms", "req_per_s", "sign_share"),
    "inbox": ("growth",),
    "form_100_fields": ("save_ms", "validate_ms"),
    "sign": ("ratio", "docs_per_s"),
    "dashboard": ("growth", "p95_ms_100k", "p95_ms_10m"),
    "import": ("growth", "seconds_10k", "seconds_100k"),
    "kgb": ("statements", "seconds", "ms_per_draft", "cases"),
    "promotion": ("growth", "seconds_last", "employees_last", "credit_seconds", "credit_ratio"),
    "pension": ("ratio", "seconds", "opened", "rerun_seconds"),
    "card": ("ratio", "verify_per_s", "verify_floor_per_s", "issue_seconds", "employees", "issue_ratio"),
    "payments": ("ratio", "webhook_per_s", "growth", "reconcile_seconds", "reconcile_lines"),
}


def benchmarks(names: list[str]) -> list[Path]:
    scripts = sorted(
        p for p in common.BENCH_DIR.glob("*.py") if p.name not in NOT_BENCHMARKS and not p.name.startswith("_")
    )
    if names:
        scripts = [p for p in scripts if p.stem in names]
        missing = set(names) - {p.stem for p in scripts}
        if missing:
            print(f"Tidak ada benchmark: {', '.join(sorted(missing))}")
    return scripts


def printed_figures(output: str) -> dict | None:
    """The last line of the output that is a JSON object."""
    for line in reversed(output.splitlines()):
        line = line.strip()
        if line.startswith("{") and line.endswith("}"):
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                return value
    return None


def run(script: Path) -> tuple[int, str, float]:
    """Run one benchmark, echoing its output as it comes; returns (exit code, output, seconds)."""
    began = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=common.ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    lines = []
    for line in process.stdout:
        sys.stdout.write(line)
        sys.stdout.flush()
        lines.append(line)
    return process.wait(), "".join(lines), time.monotonic() - began


def fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def table_rows(results: dict, outcomes: dict[str, dict]) -> list[list]:
    rows = []
    for name in [*TRACKED, *sorted(set(outcomes) - set(TRACKED))]:
        fields = TRACKED.get(name, ())
        figures = results.get(name, {})
        outcome = outcomes.get(name)
        if outcome is None:
            exists = (common.BENCH_DIR / f"{name}.py").exists()
            state = "tidak dijalankan" if exists else "tidak ada (belum ditulis)"
            if figures:
                state += ", angka lama"
        else:
            state = outcome["state"] + ("" if outcome["fresh"] or not figures else ", angka lama")
        if not fields:  # an extra benchmark: its ratio or growth if it has one
            fields = tuple(f for f in ("ratio", "growth") if f in figures)
        headline = fields[0] if fields else ""
        others = ", ".join(f"{f}={fmt(figures[f])}" for f in fields[1:] if f in figures)
        missing = [f for f in fields if f not in figures]
        if figures and missing:
            others += (", " if others else "") + "kurang: " + ", ".join(missing)
        seconds = f"{outcome['seconds']:.0f}" if outcome else ""
        rows.append(
            [name, state, headline, fmt(figures[headline]) if headline in figures else "-", others or "-", seconds]
        )
    return rows


def main(argv: list[str]) -> int:
    outcomes: dict[str, dict] = {}
    for script in benchmarks(argv):
        print(f"\n=== {script.stem} ===", flush=True)
        before = common.load_results().get(script.stem)
        code, output, seconds = run(script)
        after = common.load_results().get(script.stem)
        fresh = after is not None and after != before
        printed = printed_figures(output)
        if printed is not None and not fresh and code == 0:
            common.save_result(script.stem, printed)
            fresh = True
        state = "ok" if code == 0 else f"GAGAL ({code})"
        if code == 0 and not fresh:
            state = "ok, tanpa angka"
        outcomes[script.stem] = {"state": state, "fresh": fresh, "seconds": seconds, "code": code}
    results = common.load_results()
    print("\n=== ringkasan: rasio terhadap lantai yang diukur pada putaran yang sama ===")
    print("ratio = kita ÷ lantai (lebih tinggi lebih baik); growth = besar ÷ kecil (lebih rendah lebih baik)\n")
    common.print_table(["benchmark", "hasil", "ukuran", "nilai", "lainnya", "detik"], table_rows(results, outcomes))
    print(f"\n{common.RESULTS.relative_to(common.ROOT)} diperbarui.")
    return 0 if all(outcome["code"] == 0 for outcome in outcomes.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
