"""Counts of the quality harness (pages checked, refusals checked, API examples sent, attacks tried,
kills survived), printed in pytest's terminal summary and written to a JSON file.

Each of tests/quality, tests/security and tests/api_fuzz registers the one Reporter from its conftest
(`register(config)`); tests call `add("pages_checked", n)`. The file is LOKET_QUALITY_COUNTS or
/tmp/loket-quality-counts.json; counts of one run replace that run's keys and keep the others, so the
last figures of each check survive a partial run.
"""

import json
import os
from pathlib import Path

COUNTS: dict[str, int] = {}
NOTES: dict[str, list[str]] = {}
PLUGIN_NAME = "loket-quality-report"


def counts_path() -> Path:
    return Path(os.environ.get("LOKET_QUALITY_COUNTS", "/tmp/loket-quality-counts.json"))


def add(name: str, n: int = 1) -> None:
    COUNTS[name] = COUNTS.get(name, 0) + n


def note(topic: str, line: str) -> None:
    lines = NOTES.setdefault(topic, [])
    if line not in lines:
        lines.append(line)


class Reporter:
    def pytest_terminal_summary(self, terminalreporter):
        if not COUNTS and not NOTES:
            return
        terminalreporter.section("Loket quality harness")
        for name in sorted(COUNTS):
            terminalreporter.write_line(f"{name}: {COUNTS[name]}")
        for topic, lines in sorted(NOTES.items()):
            terminalreporter.write_line(f"{topic}:")
            for line in lines:
                terminalreporter.write_line(f"  - {line}")
        terminalreporter.write_line(f"(written to {counts_path()})")

    def pytest_sessionfinish(self, session):
        if not COUNTS and not NOTES:
            return
        path = counts_path()
        try:
            previous = json.loads(path.read_text()) if path.exists() else {}
        except (OSError, ValueError):
            previous = {}
        previous.update(COUNTS)
        previous.update({f"notes:{topic}": lines for topic, lines in NOTES.items()})
        try:
            path.write_text(json.dumps(previous, indent=2, sort_keys=True) + "\n")
        except OSError:
            pass


def register(config) -> None:
    if not config.pluginmanager.has_plugin(PLUGIN_NAME):
        config.pluginmanager.register(Reporter(), PLUGIN_NAME)
