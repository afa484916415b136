"""The `loket` command: demo, serve, worker, manage, audit, backup, restore."""

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from loket.core.private_files import make_files_private


def _prepare_env(data_dir: str) -> Path:
    """Point settings at the data dir (unless DATABASE_URL is set) and create its secret key once.

    Everything Loket creates from here on (the SQLite database, keys, media, cache, archives, and so in
    the web server and worker started from here) is private to its owner: the umask applies at creation.
    The settings set it again (for entry points that do not pass through here); this covers files made first.
    """
    make_files_private()
    path = Path(data_dir).resolve()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.environ["LOKET_DATA_DIR"] = str(path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    (path / "static").mkdir(exist_ok=True)  # whitenoise warns when STATIC_ROOT is missing
    key_file = path / "secret_key"
    if not key_file.exists() and not os.environ.get("SECRET_KEY"):
        with open(os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
            out.write(secrets.token_urlsafe(50))
    return path


def _django_setup():
    import django

    django.setup()


def _manage(argv: list[str]) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["loket manage", *argv])


def cmd_manage(args, rest):
    _prepare_env(args.data_dir)
    _manage(rest)


def cmd_audit(args, rest):
    _prepare_env(args.data_dir)
    _manage(["audit", args.action, *rest])


def cmd_backup(args, rest):
    _prepare_env(args.data_dir)
    _manage(["backup", "--output", args.output, *rest])


def cmd_restore(args, rest):
    _prepare_env(args.data_dir)
    _manage(["restore", "--input", args.input, *rest])


def cmd_worker(args, rest):
    _prepare_env(args.data_dir)
    _manage(["loket_worker", *rest])


def _gunicorn(port: int, host: str, workers: int, threads: int = 1) -> list[str]:
    # Browsers open spare keep-alive connections; a sync worker waits on such an idle socket while a real
    # request queues behind it. Without a buffering proxy in front (the demo), threads serve them all.
    threading = ["--worker-class", "gthread", "--threads", str(threads)] if threads > 1 else []
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "loket.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        *threading,
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "5",
        # The path without its query string: a status lookup's PIN must not land in the access log.
        "--access-logformat",
        '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(L)s',
        # gunicorn 27 opens ~/.gunicorn/gunicorn.ctl by default: shared by every instance on the machine.
        "--no-control-socket",
    ]


def cmd_serve(args, rest):
    _prepare_env(args.data_dir)
    os.execv(sys.executable, _gunicorn(args.port, args.host, args.workers, args.threads) + rest)


def demo_logins(*groups: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One line per account: an account named by several parts of the demo gets their descriptions joined."""
    merged: dict[str, list[str]] = {}
    for group in groups:
        for username, description in group:
            merged.setdefault(username, []).append(description)
    return [(username, "; ".join(descriptions)) for username, descriptions in merged.items()]


def _listening(host: str, port: int, procs, stopped, timeout: float = 60.0) -> bool:
    """Wait until something accepts connections on host:port (False if a process died, we were asked to
    stop, or time ran out)."""
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if stopped() or any(p.poll() is not None for p in procs):
            return False
        try:
            with socket.create_connection((host, port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _payment_simulator(data_dir: Path, port: int) -> list[str] | None:
    """The demo's payment provider (docs/payments.md): the local simulator as its own process, configured
    through the environment before Django reads its settings. None when a real provider is configured."""
    if os.environ.get("LOKET_PAYMENT_PROVIDERS"):
        return None
    import json

    secret_file = data_dir / "payment-simulator.secret"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_hex(32))
        secret_file.chmod(0o600)
    secret = secret_file.read_text().strip()
    sim_port = _free_port()
    base = f"http://localhost:{sim_port}"
    os.environ["LOKET_PAYMENT_PROVIDERS"] = json.dumps(
        {"demo": {"base_url": base, "api_key": secret, "secrets": [secret], "pay_url": base + "/bayar/{reference}"}}
    )
    os.environ.setdefault("LOKET_PAYMENT_PROVIDER_BY_REGION", json.dumps({"*": "demo"}))
    return [
        sys.executable, "-m", "loket.payments.simulator", "--host", "127.0.0.1", "--port", str(sim_port),
        "--data", str(data_dir / "payment-simulator.sqlite3"), "--secret", secret, "--api-key", secret,
        "--control-key", secret,
        "--callback-url", f"http://127.0.0.1:{port}/api/v1/pembayaran/notifikasi/demo",
        "--merchant", "KAS DAERAH (DEMO)", "--delay", "1",
    ]  # fmt: skip


def cmd_demo(args, rest):
    data_dir = _prepare_env(args.data_dir)
    # The QR code on each signed demo document opens this server's verification page.
    os.environ.setdefault("LOKET_PUBLIC_URL", f"http://localhost:{args.port}")
    simulator = _payment_simulator(data_dir, args.port)
    _django_setup()
    from django.core.management import call_command

    print(f"Menyiapkan basis data demo di {data_dir} …", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_demo", verbosity=1)
    env = dict(os.environ)
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    # Ctrl-C from here on stops both processes cleanly, also while we wait for the server to listen.
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    procs = [
        subprocess.Popen(_gunicorn(args.port, args.host, args.workers, max(args.threads, 4)), env=env),
        subprocess.Popen([sys.executable, "-m", "loket.cli", "worker", "--data-dir", str(data_dir)], env=env),
    ]
    if simulator:
        # Its output goes to a file: a pipe nobody reads would stop it once full.
        with open(data_dir / "payment-simulator.log", "ab") as log:
            procs.append(subprocess.Popen(simulator, env=env, stdout=log, stderr=subprocess.STDOUT))
    from loket.demo import hr as hr_demo
    from loket.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, DEMO_TOTP

    hr_logins = [(username, description) for username, *_names, description in hr_demo.DEMO_LOGINS]
    url = f"http://{'localhost' if args.host in ('127.0.0.1', '0.0.0.0') else args.host}:{args.port}/"
    # Announce the address only once the server answers there (gunicorn needs a moment to bind).
    if _listening("127.0.0.1" if args.host == "0.0.0.0" else args.host, args.port, procs, lambda: stopping):
        _announce(url, demo_logins(DEMO_LOGINS, hr_logins), {**DEMO_TOTP, **hr_demo.DEMO_TOTP}, DEMO_PASSWORD)
    elif not stopping:
        print("  Server web gagal dijalankan; lihat pesan di atas.", flush=True)
    while not stopping and all(p.poll() is None for p in procs):
        time.sleep(0.3)
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
    print("Loket berhenti.", flush=True)
    return 0 if stopping else 1


def _announce(url: str, logins: list[tuple[str, str]], totp: dict[str, str], password: str) -> None:
    print("\n  Loket berjalan di " + url)
    print("  Akun demo (kata sandi semua: " + password + "):")
    width = max(len(username) for username, _ in logins) + 2
    for username, description in logins:
        print(f"    {username:<{width}} {description}")
    print(
        "  Dokumen bertanda tangan elektronik: masuk sebagai warga demo lalu buka /dompet/; "
        "verifikasi publik di /verifikasi/."
    )
    # Demo-only secrets: anyone with this output can sign in, which is the point of a local demo.
    print(
        "  Kunci TOTP akun kantor (khusus demo; tambahkan ke aplikasi autentikator, atau: oathtool --totp -b <kunci>):"
    )
    for username, secret in totp.items():
        print(f"    {username:<{width}} {secret}")
    print("  Tekan Ctrl-C untuk berhenti.\n", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="loket", description="Loket: layanan publik daring")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name, func, help_text):
        p = sub.add_parser(name, help=help_text)
        p.add_argument(
            "--data-dir",
            default=os.environ.get("LOKET_DATA_DIR", ".loket"),
            help="folder of the embedded database and files (ignored for the database when DATABASE_URL is set)",
        )
        p.set_defaults(func=func)
        return p

    demo = add("demo", cmd_demo, "run the demo: SQLite, demo data, web server and worker")
    serve = add("serve", cmd_serve, "run the production web server (gunicorn)")
    for p in (demo, serve):
        p.add_argument("--port", type=int, default=8000)
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
        p.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("LOKET_WEB_THREADS", "1")),
            help="threads per worker (gthread); use more than 1 when browsers reach the server without a "
            "buffering proxy (the demo uses 4)",
        )
    add("worker", cmd_worker, "run the background task worker")
    add("manage", cmd_manage, "run a Django management command")
    audit = add(
        "audit", cmd_audit, "seal or verify the audit log, publish its signed head (anchor), or verify --against FILE"
    )
    audit.add_argument("action", choices=["verify", "seal", "anchor"])
    add("backup", cmd_backup, "write one archive of the database and files").add_argument(
        "--output", required=True, help="archive to write (.tar.gz)"
    )
    add("restore", cmd_restore, "restore an archive onto a fresh data dir or empty database").add_argument(
        "--input", required=True, help="archive written by `loket backup`"
    )

    args, rest = parser.parse_known_args(argv)
    return args.func(args, rest) or 0


if __name__ == "__main__":
    sys.exit(main())
