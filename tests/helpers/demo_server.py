"""`loket demo` as a new user starts it: a fresh process, SQLite in a data dir, a real HTTP server."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

LOKET = [sys.executable, "-m", "loket.cli"]


def operator_env(**extra) -> dict[str, str]:
    """A fresh process as an operator would start it: no test-only switches (the browser fixture sets
    DJANGO_ALLOW_ASYNC_UNSAFE for Playwright) and no database of the test run."""
    dropped = {"DATABASE_URL", "LOKET_DATA_DIR", "LOKET_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds}s")


def start_demo(data_dir, port: int, log: Path, workers: int = 1) -> subprocess.Popen:
    """The demo's output (logins, then every access-log line) goes to `log`: a pipe nobody reads would fill
    after a few hundred requests and stop the server mid-write."""
    with open(log, "w") as out:
        return subprocess.Popen(
            [*LOKET, "demo", "--data-dir", str(data_dir), "--port", str(port), "--workers", str(workers)],
            env=operator_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
