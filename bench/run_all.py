"""Run every benchmark in bench/ and print one summary of bench/results.json.

    make bench            (DATABASE_URL=the test database URL; each benchmark makes its own database)
    python bench/run_all.py [name ...]   only the named benchmarks, e.g. `catalogue`

Exits non-zero if any benchmark failed or missed its target.
"""

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

NOT_BENCHMARKS = {"run_all.py", "common.py"}


def benchmarks(names: list[str]) -> list[Path]:
    scripts = sorted(p for p in common.BENCH_DIR.glob("*.py") if p.name not in NOT_BENCHMARKS)
    if names:
        scripts = [p for p in scripts if p.stem in names]
        missing = set(names) - {p.stem for p in scripts}
        if missing:
            sys.exit(f"Tidak ada benchmark: {', '.join(sorted(missing))}")
    return scripts


def summary_rows(results: dict) -> list[list]:
    rows = []
    for name in sorted(results):
        figures = results[name]
        for field in sorted(figures):
            value = figures[field]
            if isinstance(value, (int, float, str)):
                rows.append([name, field, value])
    return rows


def main(argv: list[str]) -> int:
    outcomes = []
    for script in benchmarks(argv):
        print(f"\n=== {script.stem} ===", flush=True)
        began = time.monotonic()
        code = subprocess.call([sys.executable, str(script)], cwd=common.ROOT)
        outcomes.append([script.stem, "ok" if code == 0 else f"GAGAL ({code})", f"{time.monotonic() - began:.0f}"])
    print("\n=== ringkasan ===")
    common.print_table(["benchmark", "hasil", "detik"], outcomes)
    print()
    common.print_table(["benchmark", "ukuran", "nilai"], summary_rows(common.load_results()))
    return 0 if all(row[1] == "ok" for row in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
