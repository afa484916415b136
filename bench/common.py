"""Shared machinery of the benchmarks: a fresh PostgreSQL database, gunicorn on loopback, a load
generator with concurrent keep-alive clients, and bench/results.json.

Every benchmark measures its floor in the same run, under the same server settings, and reports a
ratio (ours ÷ floor), because these machines are noisy.
"""

import http.client
import json
import multiprocessing
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results.json"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/loket"


# --- database -------------------------------------------------------------------------------------


def database_url_named(name: str, base_url: str | None = None) -> str:
    """The server and credentials of DATABASE_URL (the test database's), with another database name."""
    parts = urlsplit(base_url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    if not parts.scheme.startswith("postgres"):
        sys.exit("The benchmarks need PostgreSQL: set DATABASE_URL to a postgres:// URL (make bench does).")
    return urlunsplit(parts._replace(path="/" + name))


def recreate_database(url: str) -> None:
    """Drop and create the database of `url`, connecting to the server's maintenance database."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(database_url: str) -> None:
    """Configure Django in this process against `database_url` with the bench settings."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_site.settings"
    os.environ.setdefault("LOKET_DATA_DIR", str(ROOT / ".loket"))
    sys.path.insert(0, str(BENCH_DIR))
    import django

    django.setup()


# --- server ---------------------------------------------------------------------------------------


def fresh_database(database_url: str) -> None:
    """Drop, recreate and migrate a benchmark's own database, and point Django at it."""
    name = database_url.rsplit("/", 1)[-1]
    print(f"Basis data {name}: dibuat ulang dan dimigrasi …", flush=True)
    recreate_database(database_url)
    setup_django(database_url)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _die_with_parent() -> None:
    """In the server's process before exec: Linux sends it SIGTERM if the benchmark dies first."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def stop_on_sigterm() -> None:
    """Turn SIGTERM (e.g. from `timeout`) into SystemExit so that servers are stopped on the way out."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving Loket plus the bench-only floor route (bench_site), with sync workers.

    Loket and the floor share the process, the settings (middleware, persistent connections with
    CONN_MAX_AGE=600 from DATABASE_URL) and the worker count, so the ratio compares like with like.
    """

    def __init__(self, database_url: str, workers: int = 5, env: dict | None = None):
        self.database_url = database_url
        self.workers = workers
        self.extra_env = env or {}
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        env = dict(
            os.environ,
            DATABASE_URL=self.database_url,
            DJANGO_SETTINGS_MODULE="bench_site.settings",
            PYTHONPATH=os.pathsep.join(filter(None, [str(BENCH_DIR), os.environ.get("PYTHONPATH")])),
            LOG_LEVEL="WARNING",
            DEBUG="0",
            **self.extra_env,
        )
        env.setdefault("LOKET_DATA_DIR", str(ROOT / ".loket"))
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "loket.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
            "--graceful-timeout",
            "5",
        ]
        self.process = subprocess.Popen(command, env=env, cwd=ROOT, preexec_fn=_die_with_parent)
        self._wait_until_up()
        return self

    def _wait_until_up(self, timeout: float = 120) -> None:  # 5 workers booting Django on a busy box
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited before serving")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not come up in time")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# --- load -----------------------------------------------------------------------------------------


def _client(port: int, paths: list[str], start, deadline_s: float, results) -> None:
    """One client: a keep-alive HTTP/1.1 connection (re-opened when the server closes it), one request
    at a time, until its paths are done or the time is up."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, statuses = [], {}
    start.wait()
    deadline = time.perf_counter() + deadline_s
    for path in paths:
        if time.perf_counter() > deadline:
            break
        began = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Connection": "keep-alive", "Accept-Language": "id"})
            response = conn.getresponse()
            response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
        except (OSError, http.client.HTTPException):
            conn.close()
            status = 0
        latencies.append(time.perf_counter() - began)
        statuses[status] = statuses.get(status, 0) + 1
    results.put((latencies, statuses, time.perf_counter()))


def _load(port: int, paths: list[str], clients: int, time_limit: float) -> tuple[list[float], dict, float]:
    """Send `paths` split over `clients` concurrent client processes: (latencies, statuses, seconds)."""
    ctx = multiprocessing.get_context("fork")
    start, results = ctx.Event(), ctx.Queue()
    shares = [paths[i::clients] for i in range(clients)]
    workers = [ctx.Process(target=_client, args=(port, share, start, time_limit, results)) for share in shares]
    for worker in workers:
        worker.start()
    time.sleep(0.5)  # let every client reach the starting line
    began = time.perf_counter()
    start.set()
    gathered = [results.get(timeout=time_limit + 60) for _ in workers]
    for worker in workers:
        worker.join()
    statuses: dict[int, int] = {}
    for _, counts, _ in gathered:
        for status, n in counts.items():
            statuses[status] = statuses.get(status, 0) + n
    return [x for lat, _, _ in gathered for x in lat], statuses, max(end for _, _, end in gathered) - began


def _figures(latencies: list[float], statuses: dict, elapsed: float) -> dict:
    """req_per_s counts only 2xx answers; any other status is reported under `errors`."""
    latencies = sorted(latencies)
    ok = sum(n for status, n in statuses.items() if 200 <= status < 300)
    return {
        "requests": len(latencies),
        "errors": len(latencies) - ok,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "seconds": round(elapsed, 2),
        "req_per_s": round(ok / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else 0.0,
    }


def measure(port: int, paths: list[str], *, clients: int = 20, time_limit: float = 60.0) -> dict:
    """Send `paths` (split over `clients` concurrent clients) and return throughput and latencies."""
    return _figures(*_load(port, paths, clients, time_limit))


def measure_interleaved(
    port: int, targets: dict[str, list[str]], *, rounds: int = 4, clients: int = 20, time_limit: float = 60.0
) -> dict[str, dict]:
    """Measure several targets in turns (floor, ours, floor, ours, …), each with its paths split over
    `rounds`, so that a burst of load from elsewhere on the machine hits every target alike.

    Per target: req/s over all its rounds, latency percentiles over all its requests.
    """
    pooled = {name: ([], {}, 0.0) for name in targets}
    for turn in range(rounds):
        for name, paths in targets.items():
            latencies, statuses, elapsed = _load(port, paths[turn::rounds], clients, time_limit / rounds)
            all_latencies, all_statuses, total = pooled[name]
            all_latencies.extend(latencies)
            for status, n in statuses.items():
                all_statuses[status] = all_statuses.get(status, 0) + n
            pooled[name] = (all_latencies, all_statuses, total + elapsed)
    return {name: _figures(*data) for name, data in pooled.items()}


def percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(pct / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


# --- results --------------------------------------------------------------------------------------


def load_results() -> dict:
    return json.loads(RESULTS.read_text()) if RESULTS.exists() else {}


def save_result(name: str, figures: dict) -> None:
    """Merge one benchmark's figures into bench/results.json, keeping the others' entries.

    Locked and replaced atomically, so benchmarks run side by side do not lose each other's figures.
    """
    import fcntl
    import tempfile

    with open(Path(tempfile.gettempdir()) / "loket-bench-results.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        results = load_results()
        results[name] = figures
        temporary = RESULTS.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
        temporary.replace(RESULTS)


def per_second(part: dict) -> float:
    """Completed units (a submission, a leave request of two calls) per second of one measured part."""
    return round(part["completed"] / part["seconds"], 1) if part["seconds"] else 0.0


def cpu_ms_each(cpu_by_role: dict[str, float], count: int) -> dict[str, float]:
    """CPU milliseconds per unit for each role (web / database / other) from the seconds a part used."""
    return {role: round(used * 1000 / max(count, 1), 2) for role, used in cpu_by_role.items()}


def floor_row(floor: dict) -> list:
    """The floor's line of a result table (columns: target, per s, p50, p99, ratio, done, errors)."""
    return [
        "floor (1 INSERT)",
        floor["req_per_s"],
        floor["floor"]["p50_ms"],
        floor["floor"]["p99_ms"],
        "",
        floor["requests"],
        floor["errors"],
    ]


def print_table(header: list[str], rows: list[list]) -> None:
    """A plain-text table: numbers right-aligned, text left-aligned."""
    numeric = [
        bool(rows) and all(isinstance(row[i], (int, float)) or row[i] == "" for row in rows) for i in range(len(header))
    ]
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for number, row in enumerate(cells):
        print(
            "  ".join(
                cell.rjust(width) if numeric[i] else cell.ljust(width)
                for i, (cell, width) in enumerate(zip(row, widths))
            ).rstrip()
        )
        if number == 0:
            print("  ".join("-" * width for width in widths))


def cpu_seconds_by_role(server_pid: int | None = None, database: str | None = None) -> dict[str, float]:
    """CPU seconds (user + system) used so far by this machine's processes, grouped as the benchmarks
    see them: the database server, the web server (gunicorn), and everything else (load clients, helpers).
    Read from /proc; differences between two readings say where a run's CPU went ("other" is the
    machine's busy time minus the two, so short-lived client processes are counted too).

    On a shared machine, `server_pid` (the benchmark's gunicorn master) and `database` (its database's name)
    keep other people's servers and databases out: "web" is then that master and its workers, "database" the
    PostgreSQL backends connected to that database (the server's shared background processes, e.g. the WAL
    writer, count as "other"). Without them a process of someone else's that ends between two readings can
    even make a difference negative."""
    ticks = os.sysconf("SC_CLK_TCK")
    busy = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    machine = (sum(int(v) for v in busy[:8]) - int(busy[3]) - int(busy[4])) / ticks  # all but idle, iowait
    totals = {"database": 0.0, "web": 0.0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        used = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        if server_pid is not None or database is not None:
            ours = server_pid is not None and server_pid in (int(entry.name), int(fields[1]))  # master, its workers
            backend = database is not None and cmdline.startswith("postgres") and f" {database} " in cmdline
            role = "web" if ours else "database" if backend else None
        else:
            role = "database" if cmdline.startswith("postgres") else "web" if "gunicorn" in cmdline else None
        if role:
            totals[role] += used
    totals["other"] = machine - totals["database"] - totals["web"]
    return totals


def cpu_ms_per(before: dict[str, float], after: dict[str, float], count: int) -> dict[str, float]:
    """CPU milliseconds per unit of work between two `cpu_seconds_by_role` readings."""
    return {role: round((after[role] - before[role]) * 1000 / max(count, 1), 2) for role in after}


# --- the write floor: one INSERT in a bare Django view, beside Loket in the same gunicorn -----------
#
# The floor of the write benchmarks (submit, leave): `POST /bench/insert/` stores the posted JSON with
# one INSERT (autocommit). Loaded by gunicorn as `common:make_app()`, so every benchmark that reports a
# ratio against it measures the same floor the same way.

FLOOR_TABLE = "bench_floor_submission"
FLOOR_PATH = "/bench/insert/"


def create_floor_table() -> None:
    """The floor's table, in the benchmark's own database (call after seeding, before the server starts)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {FLOOR_TABLE} (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL, "
            "body jsonb NOT NULL)"
        )


def drop_floor_table() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {FLOOR_TABLE}")


def insert_floor(request):
    """The floor: a bare Django view that stores the posted JSON with one INSERT (autocommit)."""
    from django.db import connection
    from django.http import JsonResponse

    body = json.loads(request.body or b"{}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {FLOOR_TABLE} (created_at, body) VALUES (now(), %s) RETURNING id", [json.dumps(body)]
        )
        new_id = cursor.fetchone()[0]
    return JsonResponse({"id": new_id}, status=201)


def make_app():
    """WSGI application of each gunicorn worker: Loket's settings and routes plus /bench/insert/."""
    import types

    import django
    from django.conf import settings
    from django.urls import path
    from django.views.decorators.csrf import csrf_exempt

    django.setup()
    import bench_site.urls as site

    urls = types.ModuleType("bench_insert_urls")
    urls.urlpatterns = [path(FLOOR_PATH.strip("/") + "/", csrf_exempt(insert_floor)), *site.urlpatterns]
    urls.handler403, urls.handler404, urls.handler500 = site.handler403, site.handler404, site.handler500
    sys.modules[urls.__name__] = urls
    settings.ROOT_URLCONF = urls.__name__
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


class InsertFloorServer(Server):
    """Server (same settings, workers and environment) with the app of `make_app`: Loket plus the floor."""

    def __enter__(self) -> "InsertFloorServer":
        env = dict(
            os.environ,
            DATABASE_URL=self.database_url,
            DJANGO_SETTINGS_MODULE="bench_site.settings",
            PYTHONPATH=os.pathsep.join(filter(None, [str(BENCH_DIR), os.environ.get("PYTHONPATH")])),
            LOG_LEVEL="WARNING",
            DEBUG="0",
        )
        env.update(self.extra_env)
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "common:make_app()",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
            "--graceful-timeout",
            "5",
        ]
        self.process = subprocess.Popen(command, env=env, cwd=ROOT, preexec_fn=_die_with_parent)
        self._wait_until_up()
        return self


class Connection:
    """One keep-alive HTTP/1.1 connection, re-opened when the server closes it."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def post(self, path: str, body: bytes, headers: dict) -> tuple[int, bytes, float]:
        began = time.perf_counter()
        try:
            self.conn.request(
                "POST", path, body=body, headers={"Connection": "keep-alive", "Accept-Language": "id", **headers}
            )
            response = self.conn.getresponse()
            payload = response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                self.conn.close()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            status, payload = 0, b""
        return status, payload, time.perf_counter() - began


def floor_client(port, count, start, time_limit, results, client_id, body: bytes):
    """One floor client (run by `gather`): POST `body` to the floor `count` times on one connection."""
    conn = Connection(port)
    timings = {"floor": []}
    statuses: dict[int, int] = {}
    start.wait()
    deadline = time.perf_counter() + time_limit
    for _ in range(count):
        if time.perf_counter() > deadline:
            break
        status, _payload, elapsed = conn.post(FLOOR_PATH, body, {"Content-Type": "application/json"})
        timings["floor"].append(elapsed)
        statuses[status] = statuses.get(status, 0) + 1
    results.put((timings, statuses, 0, time.perf_counter()))


def gather(target, jobs: list[tuple], time_limit: float) -> dict:
    """Run one client process per job (fork), all starting together; the raw latencies and statuses.

    `target(port, count, start, time_limit, results, *rest)` for each job `(port, count, *rest)`; it puts
    `(timings {name: [seconds]}, statuses {code: n}, completed, end time)` on `results`."""
    ctx = multiprocessing.get_context("fork")
    start, results = ctx.Event(), ctx.Queue()
    workers = [ctx.Process(target=target, args=(job[0], job[1], start, time_limit, results, *job[2:])) for job in jobs]
    for worker in workers:
        worker.start()
    time.sleep(0.5)
    began = time.perf_counter()
    start.set()
    gathered = [results.get(timeout=time_limit + 60) for _ in workers]
    for worker in workers:
        worker.join()
    raw = {
        "seconds": max(end for *_, end in gathered) - began,
        "timings": {},
        "statuses": {},
        "completed": sum(done for _t, _s, done, _e in gathered),
    }
    for found, counts, _done, _end in gathered:
        for name, values in found.items():
            raw["timings"].setdefault(name, []).extend(values)
        for status, n in counts.items():
            raw["statuses"][status] = raw["statuses"].get(status, 0) + n
    return raw


def summarize(parts: list[dict]) -> dict:
    """Figures of one target over all its rounds (latencies pooled, throughput = all done ÷ all time)."""
    elapsed = sum(part["seconds"] for part in parts)
    timings: dict[str, list[float]] = {}
    statuses: dict[int, int] = {}
    for part in parts:
        for name, values in part["timings"].items():
            timings.setdefault(name, []).extend(values)
        for status, n in part["statuses"].items():
            statuses[status] = statuses.get(status, 0) + n
    ok = sum(n for status, n in statuses.items() if 200 <= status < 300)
    figures = {
        "seconds": round(elapsed, 2),
        "requests": sum(statuses.values()),
        "errors": sum(statuses.values()) - ok,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "req_per_s": round(ok / elapsed, 1) if elapsed else 0.0,
        "completed": sum(part["completed"] for part in parts),
    }
    for name, values in timings.items():
        values.sort()
        figures[name] = {
            "p50_ms": round(percentile(values, 50) * 1000, 1),
            "p99_ms": round(percentile(values, 99) * 1000, 1),
            "mean_ms": round(statistics.fmean(values) * 1000, 1) if values else 0.0,
        }
    return figures


def run_clients(target, jobs: list[tuple], time_limit: float) -> dict:
    return summarize([gather(target, jobs, time_limit)])


def package_of(filename: str) -> str:
    """The package a profiled function's file belongs to (django split by sub-package, loket by app)."""
    if "site-packages/" in filename:
        package = filename.split("site-packages/")[1].split("/")[0]
        if package == "django":
            part = filename.split("site-packages/django/")[1].split("/")
            return "django." + (part[0] if part[0] not in ("db",) else "/".join(part[:2]))
        return package
    if "/loket/" in filename:
        return "loket." + filename.split("/loket/")[1].split("/")[0].removesuffix(".py")
    if filename.startswith(("~", "<")):
        return "python (builtins)"
    return "python (stdlib)"
