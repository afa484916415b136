"""Crash safety: a burst of submissions and officer actions against two web processes and two workers
on PostgreSQL, with a web process and a worker killed by SIGKILL mid-burst and restarted.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket .venv/bin/python scripts/crash_safety.py
    (options: --submissions 120 --clients 6 --keep)

It uses its own database on the server of DATABASE_URL (`<its name>_crash`, dropped and created) and a
temporary data dir. Clients behave like real API clients: a request that fails (connection refused or
reset because its process died, 5xx, timeout) is retried — on the other web process — with the same
idempotency key. The script then proves:

1. every acknowledged submission (201/200 with a tracking number) is stored, under its key;
2. no duplicates: one application per (applicant, idempotency key), however often it was retried;
3. every acknowledged officer action (200) is stored: the task approved, the application completed;
4. every notification is recorded once (one row per event and channel) and sent at least once: each
   appears in the file channel's outbox (`outbox-sms.log`); a line twice is allowed (a worker killed
   between sending and marking) and counted;
5. `loket audit verify` passes (the hash chain is intact after the kills).

Then levy payments (issue 18, `--payments N`, 0 to skip): N cases wait at a payment step with their assessments
(SKRD) registered at the payment provider simulator (its own process, `loket.payments.simulator`, sending every
callback twice). Payers pay all of them in a burst while the script also re-posts signed copies of the provider's
callbacks to both web processes; the web process the provider calls back and a worker are killed mid-burst and
restarted, later the other pair. The script proves:

6. every payment the provider acknowledged is applied: its assessment paid, exactly once (one applied event, one
   `payments.paid` audit entry, the payment step approved once, the case completed once);
7. none doubled or lost on the way: one stored event per provider event (however many copies arrived), every
   stored event processed, no discrepancy, every replayed callback answered "not new".

Notifications leased by a killed worker wait for the lease to expire before another worker retries
them; the script runs its workers with a short lease (LOKET_NOTIFY_LEASE_SECONDS=5) so that this real
recovery path is exercised within the run. Exit status 0 when every check holds.
"""

import argparse
import http.client
import json
import os
import queue
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/loket"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
SCENARIO_TEMPLATES = ("application_submitted", "application_completed")
FORM = [
    {"key": "nama_usaha", "type": "text", "label": {"id": "Nama usaha"}, "required": True},
    {"key": "hp", "type": "phone", "label": {"id": "Nomor HP"}},
]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())}Z] {message}", flush=True)


# --- database and processes -------------------------------------------------------------------------


def crash_database_url() -> str:
    """The script's own database beside DATABASE_URL's: `<its name>_crash` (`loket_crash` for `loket`), so runs
    against different databases of one server never drop each other's."""
    parts = urlsplit(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    if not parts.scheme.startswith("postgres"):
        sys.exit("crash_safety.py needs PostgreSQL: set DATABASE_URL to a postgres:// URL")
    name = (parts.path.strip("/") or "loket").removesuffix("_crash") + "_crash"
    if not name.replace("_", "").isalnum():
        sys.exit(f"crash_safety.py: unexpected database name {name!r}")
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.strip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Process:
    """A `loket serve` or `loket worker` in its own process group, so SIGKILL takes all of it at once
    (gunicorn's master and its workers, mid-request)."""

    def __init__(self, name: str, argv: list[str], env: dict, logs: Path):
        self.name, self.argv, self.env, self.logs = name, argv, env, logs
        self.popen: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        out = (self.logs / f"{self.name}.{self.starts}.log").open("wb")
        self.popen = subprocess.Popen(
            self.argv, env=self.env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True
        )

    def kill(self) -> None:
        os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self) -> None:
        if self.popen and self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(timeout=15)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.popen.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


def wait_healthy(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status, _ = request(port, "GET", "/healthz", timeout=2)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"web process on port {port} did not come up")


# --- HTTP --------------------------------------------------------------------------------------------


def request(
    port: int, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None, timeout: float = 15
) -> tuple[int, dict | None]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        raw = response.read()
        try:
            return response.status, json.loads(raw) if raw else None
        except ValueError:
            return response.status, None
    finally:
        conn.close()


def multipart(fields: dict, file_field: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Client:
    """Retries like a real client: another web process, same idempotency key, until a definite answer."""

    def __init__(self, ports: list[int], token: str, stats: Counter, lock: threading.Lock):
        self.ports, self.token, self.stats, self.lock = ports, token, stats, lock

    def call(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        content_type: str = "application/json",
        give_up_after: float = 60,
    ) -> tuple[int, dict | None]:
        deadline = time.monotonic() + give_up_after
        attempt = 0
        while True:
            port = self.ports[(attempt + random.randrange(2)) % len(self.ports)]
            attempt += 1
            headers = {"Authorization": f"Bearer {self.token}"}
            if body is not None:
                headers["Content-Type"] = content_type
            try:
                status, answer = request(port, method, path, body=body, headers=headers)
            except (OSError, http.client.HTTPException):
                status, answer = None, None
            if status is not None and status < 500:
                return status, answer
            with self.lock:
                self.stats["retries"] += 1
            if time.monotonic() > deadline:
                return status or 0, answer
            time.sleep(0.05 * min(attempt, 10))


# --- the world -----------------------------------------------------------------------------------------


def seed(citizens: int) -> dict:
    """Region, agency, a published one-step service, citizens with phones (SMS: the file channel) and
    API tokens for them and for one officer."""
    from django.contrib.auth import get_user_model

    from loket.applications import services as applications
    from loket.catalogue import services as catalogue
    from loket.catalogue.models import Category
    from loket.core import tokens
    from loket.org.models import Agency, Region, Role, RoleAssignment
    from loket.workflow import services as workflow

    users = get_user_model().objects
    province = Region.objects.create(code="32", name="Jawa Barat", level=Region.Level.PROVINCE)
    kota = Region.objects.create(code="32.73", name="Kota Bandung", level=Region.Level.KOTA, parent=province)
    agency = Agency.objects.create(region=kota, slug="dpmptsp-kota-bandung", name="DPMPTSP Kota Bandung")
    category = Category.objects.create(slug="perizinan", name_id="Perizinan", name_en="Licensing")
    editor = users.create_user(username="editor", email="", password=uuid.uuid4().hex)
    RoleAssignment.objects.create(user=editor, role=Role.CATALOGUE_EDITOR, agency=agency)
    officer = users.create_user(username="petugas", email="", password=uuid.uuid4().hex)
    RoleAssignment.objects.create(user=officer, role=Role.OFFICER, agency=agency)
    service = catalogue.create_service(
        actor=editor, agency=agency, code="izin-usaha-mikro", name_id="Izin Usaha Mikro", category=category
    )
    draft = catalogue.open_draft(actor=editor, service=service)
    catalogue.update_draft(actor=editor, draft=draft, changes=standard_content())
    applications.save_form(actor=editor, standard=draft, fields=FORM)
    workflow.save_procedure(
        actor=editor, standard=draft, steps=[{"name_id": "Verifikasi dan penetapan", "role": "officer", "sla_days": 2}]
    )
    catalogue.publish(actor=editor, service=service)
    people = []
    for number in range(citizens):
        user = users.create_user(username=f"warga{number}", email="", password=uuid.uuid4().hex)
        applications.save_profile(
            user=user, nik=f"3273014101{90:02d}{number + 1:04d}", full_name=f"Warga {number}", phone=f"0812{number:08d}"
        )
        people.append({"user_id": user.pk, "token": tokens.issue(actor=None, user=user, name="crash")[1]})
    return {
        "service": service.code,
        "citizens": people,
        "officer_token": tokens.issue(actor=None, user=officer, name="crash")[1],
    }


def standard_content() -> dict:
    return {
        "summary": "Izin usaha mikro untuk uji ketahanan.",
        "requirements": [
            {"name": "KTP-el", "description": "", "mandatory": True, "kind": "document", "file_types": ["pdf"]}
        ],
        "procedure": [{"title": "Verifikasi dan penetapan", "description": ""}],
        "time_limit_days": 2,
        "fee_amount": 0,
        "fee_legal_basis": "",
        "product": "Izin usaha mikro",
        "complaints": "SP4N-LAPOR!",
        "legal_basis": ["PP 7/2021"],
        "facilities": "Ruang tunggu",
        "competence": "Petugas perizinan",
        "supervision": "Kepala bidang",
        "staffing": "2 orang",
        "guarantee": "Sesuai jangka waktu",
        "security": "Data dilindungi",
        "evaluation": "Setiap semester",
        "contact": "Jl. Wastukencana No. 2 Bandung",
    }


# --- the burst -----------------------------------------------------------------------------------------


class Burst:
    def __init__(self, ports, world, submissions: int, clients: int):
        self.ports, self.world, self.total, self.clients = ports, world, submissions, clients
        self.lock = threading.Lock()
        self.stats: Counter = Counter()
        self.acknowledged: dict[str, str] = {}  # idempotency key -> tracking number
        self.pins: dict[str, str] = {}  # tracking number -> PIN (shown once, in the first answer)
        self.sent_keys: dict[str, int] = {}  # idempotency key -> applicant user id
        self.payloads: dict[str, tuple[str, bytes]] = {}  # idempotency key -> (token, body), for replays
        self.actions_acknowledged: set[str] = set()
        self.to_act: queue.Queue = queue.Queue()
        self.citizens_done = threading.Event()

    def submit_one(self, number: int) -> None:
        person = self.world["citizens"][number % len(self.world["citizens"])]
        client = Client(self.ports, person["token"], self.stats, self.lock)
        key = f"crash-{number}-{uuid.uuid4().hex[:8]}"
        body, ctype = multipart({"requirement": "req_0", "service": self.world["service"]}, "file", "ktp.pdf", PDF)
        status, upload = client.call("POST", "/api/v1/uploads", body=body, content_type=ctype)
        if status != 201:
            with self.lock:
                self.stats[f"upload answered {status}"] += 1
            return
        payload = {
            "service": self.world["service"],
            "idempotency_key": key,
            "data": {"nama_usaha": f"Usaha {number}"},
            "uploads": {"req_0": upload["id"]},
        }
        body = json.dumps(payload).encode()
        with self.lock:
            self.sent_keys[key] = person["user_id"]
            self.payloads[key] = (person["token"], body)
        status, answer = client.call("POST", "/api/v1/applications", body=body)
        with self.lock:
            self.stats["submissions sent"] += 1
            if status in (200, 201) and answer and answer.get("tracking_number"):
                self.acknowledged[key] = answer["tracking_number"]
                if answer.get("pin"):
                    self.pins[answer["tracking_number"]] = answer["pin"]
                self.stats["submissions acknowledged"] += 1
                self.stats["retried submissions answered 200 (same application)"] += status == 200
                self.to_act.put(answer["tracking_number"])
            else:
                self.stats[f"submission answered {status}"] += 1

    def officer(self, stop: threading.Event) -> None:
        client = Client(self.ports, self.world["officer_token"], self.stats, self.lock)
        while not (stop.is_set() and self.to_act.empty()):
            try:
                tracking = self.to_act.get(timeout=0.2)
            except queue.Empty:
                continue
            status, detail = client.call("GET", f"/api/v1/applications/{tracking}")
            open_tasks = [task for task in (detail or {}).get("current_tasks", []) if task.get("status") == "open"]
            if status != 200 or not open_tasks:
                with self.lock:
                    self.stats[f"officer could not read {tracking} ({status})"] += 1
                continue
            task = open_tasks[0]
            action = {
                "task_id": task["id"],
                "action": "approve",
                "note": "Lengkap.",
                "expected_version": task.get("version"),
            }
            status, answer = client.call(
                "POST", f"/api/v1/applications/{tracking}/actions", body=json.dumps(action).encode()
            )
            with self.lock:
                self.stats["officer actions sent"] += 1
                if status == 200:
                    self.actions_acknowledged.add(tracking)
                    self.stats["officer actions acknowledged"] += 1
                elif status == 409:  # a retry of an action whose first attempt was stored before the crash
                    self.stats["officer actions answered 409 on retry"] += 1
                else:
                    self.stats[f"officer action answered {status}"] += 1

    def run(self, chaos) -> None:
        stop = threading.Event()
        officers = [threading.Thread(target=self.officer, args=(stop,)) for _ in range(2)]
        for thread in officers:
            thread.start()
        chaos_thread = threading.Thread(target=chaos, args=(self,))
        chaos_thread.start()
        numbers = queue.Queue()
        for number in range(self.total):
            numbers.put(number)

        def citizen_loop():
            while True:
                try:
                    number = numbers.get_nowait()
                except queue.Empty:
                    return
                self.submit_one(number)

        citizens = [threading.Thread(target=citizen_loop) for _ in range(self.clients)]
        for thread in citizens:
            thread.start()
        for thread in citizens:
            thread.join()
        self.citizens_done.set()
        chaos_thread.join()
        stop.set()
        for thread in officers:
            thread.join()

    def replay(self, count: int) -> None:
        """Send some acknowledged submissions again, as a client that never saw the answer would: each must
        answer 200 with the same tracking number, and store nothing new."""
        for key in random.sample(sorted(self.acknowledged), min(count, len(self.acknowledged))):
            token, body = self.payloads[key]
            status, answer = Client(self.ports, token, self.stats, self.lock).call(
                "POST", "/api/v1/applications", body=body
            )
            self.stats["replayed submissions"] += 1
            if (
                status == 200
                and answer
                and answer.get("tracking_number") == self.acknowledged[key]
                and answer.get("pin") is None
            ):
                self.stats["replays answered with the first application"] += 1
            else:
                self.stats[f"replay answered {status}"] += 1


# --- verification --------------------------------------------------------------------------------------


def verify(burst: Burst, data_dir: Path, env: dict) -> tuple[dict, list[str]]:
    from django.db.models import Count

    from loket.applications.models import Application
    from loket.notify.models import Notification
    from loket.notify.services import outgoing_text

    problems: list[str] = []
    counts: dict = {}
    stored = {
        row["idempotency_key"]: row
        for row in Application.objects.filter(idempotency_key__startswith="crash-").values(
            "idempotency_key", "tracking_number", "applicant_id", "status"
        )
    }
    counts["applications stored"] = len(stored)
    for key, tracking in burst.acknowledged.items():
        row = stored.get(key)
        if row is None or row["tracking_number"] != tracking:
            problems.append(f"acknowledged submission {key} ({tracking}) is not stored as acknowledged")
        elif row["applicant_id"] != burst.sent_keys[key]:
            problems.append(f"{tracking} belongs to the wrong applicant")
    unknown = set(stored) - set(burst.sent_keys)
    if unknown:
        problems.append(f"{len(unknown)} stored applications were never sent")
    counts["stored but never acknowledged (answer lost in a crash)"] = len(set(stored) - set(burst.acknowledged))
    duplicates = (
        Application.objects.values("applicant_id", "idempotency_key").annotate(n=Count("id")).filter(n__gt=1).count()
    )
    counts["duplicate applications"] = duplicates
    if duplicates:
        problems.append(f"{duplicates} idempotency keys have more than one application")
    completed = {row["tracking_number"] for row in stored.values() if row["status"] == "completed"}
    missing_actions = burst.actions_acknowledged - completed
    counts["acknowledged actions stored"] = len(burst.actions_acknowledged & completed)
    if missing_actions:
        problems.append(f"{len(missing_actions)} acknowledged officer actions are not stored")

    trackings = [row["tracking_number"] for row in stored.values()]
    notes = list(
        Notification.objects.filter(context__tracking__in=trackings).values(
            "dedupe_key", "channel", "recipient", "template", "language", "context", "status"
        )
    )
    counts["notifications recorded"] = len(notes)
    keys = Counter(note["dedupe_key"] for note in notes)
    if any(n > 1 for n in keys.values()):
        problems.append("a notification is recorded more than once")
    # The scenario's own events: exactly one 'submitted' per application, one 'completed' per completed one.
    per_tracking = Counter((note["context"]["tracking"], note["template"]) for note in notes)
    for row in stored.values():
        submitted = per_tracking[(row["tracking_number"], "application_submitted")]
        if submitted != 1:
            problems.append(f"{row['tracking_number']}: {submitted} 'submitted' notifications recorded, expected 1")
        if row["status"] == "completed" and per_tracking[(row["tracking_number"], "application_completed")] != 1:
            problems.append(f"{row['tracking_number']}: completed without exactly one 'completed' notification")
    scenario = [note for note in notes if note["template"] in SCENARIO_TEMPLATES]
    unsent = [note for note in scenario if note["status"] != "sent"]
    counts["notifications sent"] = sum(1 for note in notes if note["status"] == "sent")
    if unsent:
        problems.append(f"{len(unsent)} notifications of submissions and decisions not sent")
    # Others (e.g. survey invitations a periodic job queues some time after a decision) may still be waiting
    # when the processes stop; every one that was sent must be in the outbox all the same.
    counts["other notifications still queued at the end (periodic jobs)"] = sum(
        1 for note in notes if note["template"] not in SCENARIO_TEMPLATES and note["status"] != "sent"
    )
    outbox = data_dir / "outbox-sms.log"
    lines = Counter()
    if outbox.exists():
        for line in outbox.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            lines[(item["to"], item["body"])] += 1
    delivered_twice = 0
    for note in notes:
        if note["status"] != "sent":
            continue
        _subject, body = outgoing_text(note["template"], note["language"], note["context"])
        seen = lines[(note["recipient"], body)]
        if seen == 0:
            problems.append(f"notification {note['dedupe_key']} marked sent but not in the outbox")
        delivered_twice += seen > 1
    counts["notifications delivered more than once (at least once)"] = delivered_twice

    audit = subprocess.run(
        [PYTHON, "-m", "loket.cli", "audit", "verify"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    counts["audit verify"] = "ok" if audit.returncode == 0 else f"FAILED ({audit.returncode})"
    if audit.returncode != 0:
        problems.append("loket audit verify failed: " + (audit.stdout + audit.stderr)[-500:])
    return counts, problems


def secrets_in_logs(burst: Burst, logs: Path) -> list[str]:
    """Secrets the burst handled that appear in any process's output (access logs included)."""
    # One public status lookup per kind of caller, as citizens do, so a PIN has a chance to be logged.
    for tracking, pin in list(burst.pins.items())[:3]:
        for port in burst.ports:
            try:
                request(port, "GET", f"/api/v1/status/{tracking}?pin={pin}")
            except OSError:
                pass
    time.sleep(0.5)
    text = "\n".join(path.read_text(errors="replace") for path in sorted(logs.glob("*.log")))
    found = []
    for person in burst.world["citizens"]:
        if person["token"] in text or person["token"].split("_", 2)[2] in text:
            found.append("an API token")
            break
    if burst.world["officer_token"].split("_", 2)[2] in text:
        found.append("the officer's API token")
    leaked_pins = sum(1 for pin in burst.pins.values() if f"pin={pin}" in text)
    if leaked_pins:
        found.append(f"{leaked_pins} status PINs (in access-log request lines)")
    return found


def drain_notifications(timeout: float) -> int:
    """Wait for the workers to send everything, including rows whose lease a killed worker left behind
    (they become due when the lease expires). Returns how many rows were found waiting on such a lease."""
    from django.db import close_old_connections
    from django.utils import timezone

    from loket.notify.models import Notification

    ended, quiet = 0, 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        close_old_connections()
        pending = Notification.objects.filter(status=Notification.Status.PENDING)
        if not pending.exists():
            quiet += 1
            if quiet >= 4:  # two seconds with nothing to send
                return ended
            time.sleep(0.5)
            continue
        quiet = 0
        now = timezone.now()
        due_now = pending.filter(next_attempt_at__lte=now).exists()
        if not due_now:
            # Only rows leased by a worker that died (or backed off) remain: the survivors take them
            # once the lease expires.
            ended = max(ended, pending.filter(next_attempt_at__gt=now).count())
        time.sleep(0.5)
    return ended


# --- levy payments (issue 18) ---------------------------------------------------------------------------

PROVIDER = "crash"  # the provider key: callbacks go to /api/v1/pembayaran/notifikasi/crash
LEVY = 15000  # rupiah, the paid service's flat fee
PAID_SERVICE = "izin-reklame-uji"


def seed_payments(cases: int) -> list[int]:
    """A service with a levy (verification, then the payment step) and `cases` cases of it waiting at the payment
    step, their assessments issued (the workers register them at the provider). Returns the application ids."""
    from django.contrib.auth import get_user_model

    from loket.applications import services as applications
    from loket.catalogue import services as catalogue
    from loket.catalogue.models import Category
    from loket.org.models import Agency, Role, RoleAssignment
    from loket.workflow import services as workflow
    from loket.workflow.models import Task

    users = get_user_model().objects
    agency = Agency.objects.get(slug="dpmptsp-kota-bandung")
    editor = users.get(username="editor")
    service = catalogue.create_service(
        actor=editor, agency=agency, code=PAID_SERVICE, name_id="Izin Reklame (uji)", category=Category.objects.first()
    )
    draft = catalogue.open_draft(actor=editor, service=service)
    content = {**standard_content(), "fee_amount": LEVY, "fee_legal_basis": "Perda Kota Bandung 1/2024 (uji)"}
    catalogue.update_draft(actor=editor, draft=draft, changes=content)
    applications.save_form(actor=editor, standard=draft, fields=FORM)
    workflow.save_procedure(
        actor=editor,
        standard=draft,
        steps=[
            {"name_id": "Verifikasi berkas", "role": "officer", "sla_days": 2},
            {"name_id": "Pembayaran retribusi", "role": "officer", "sla_days": 1, "kind": "payment"},
        ],
    )
    catalogue.publish(actor=editor, service=service)
    service.refresh_from_db()
    verifier = users.create_user(username="verifikator", email="", password=uuid.uuid4().hex)
    RoleAssignment.objects.create(user=verifier, role=Role.OFFICER, agency=agency)
    ids = []
    for number in range(cases):
        applicant = users.get(username=f"warga{number % users.filter(username__startswith='warga').count()}")
        upload = applications.store_upload(owner=applicant, data=PDF, name="ktp.pdf", requirement="req_0")
        application, _ = applications.submit(
            actor=applicant,
            applicant=applicant,
            service=service,
            answers={"nama_usaha": f"Reklame {number}"},
            upload_ids={"req_0": str(upload.pk)},
            idempotency_key=f"levy-{number}",
        )
        task = Task.objects.get(application=application, status=Task.Status.OPEN)
        workflow.claim(actor=verifier, task_id=task.pk)
        workflow.act(actor=verifier, task_id=task.pk, action="approve", note="Berkas lengkap")
        ids.append(application.pk)
    return ids


def sim_call(port: int, method: str, path: str, data: dict | None = None, key: str = "") -> tuple[int, dict | None]:
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    body = None if data is None else json.dumps(data).encode()
    return request(port, method, path, body=body, headers=headers)


def sim_events(path: Path) -> list[dict]:
    """The callbacks the provider owes or sent, from its own books (the simulator's SQLite file)."""
    import sqlite3

    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return [
            {"id": row[0], "reference": row[1], "body": row[2], "delivered": row[3] is not None}
            for row in db.execute("select id, reference, body, delivered_at from event")
        ]
    finally:
        db.close()


def wait_for_codes(ids: list[int], timeout: float) -> int:
    """Wait until the workers registered every assessment at the provider; returns how many are ready."""
    from django.db import close_old_connections

    from loket.payments.models import Assessment

    deadline = time.monotonic() + timeout
    ready = 0
    while time.monotonic() < deadline:
        close_old_connections()
        ready = Assessment.objects.filter(application_id__in=ids, codes=Assessment.Codes.READY).count()
        if ready == len(ids):
            break
        time.sleep(0.3)
    return ready


class PaymentBurst:
    """Payers paying every bill at the provider (its payer's app, `/v1/_bayar`) while the provider calls back the
    first web process (two copies of each callback) and the script re-posts signed copies to both."""

    def __init__(self, ports, sim_port: int, sim_data: Path, secret: str, bills: list[tuple[str, int]], payers: int):
        self.ports, self.sim_port, self.sim_data, self.secret = ports, sim_port, sim_data, secret
        self.bills, self.payers = bills, payers
        self.lock = threading.Lock()
        self.stats: Counter = Counter()
        self.paid: set[str] = set()  # references the provider acknowledged as paid
        self.replay_answers: Counter = Counter()
        self.done = threading.Event()
        self.payers_done = threading.Event()

    def pay(self, reference: str, amount: int) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = sim_call(self.sim_port, "POST", "/v1/_bayar", {"reference": reference, "amount": amount})
            except OSError:
                status = None
            if status in (200, 409):  # 409: an earlier attempt went through (the answer was lost)
                with self.lock:
                    self.paid.add(reference)
                    self.stats["payments acknowledged by the provider"] += 1
                return
            time.sleep(0.1)
        with self.lock:
            self.stats[f"payment of {reference} never acknowledged"] += 1

    def replay(self) -> None:
        """Signed copies of the provider's callbacks, posted to either web process, as a provider retrying after a
        lost answer does: each must be stored once (answered "not new" once it is)."""
        from loket.payments import signatures

        while not self.done.is_set():
            events = [event for event in sim_events(self.sim_data) if event["delivered"]]
            for event in random.sample(events, min(5, len(events))):
                body = event["body"].encode()
                headers = {
                    "Content-Type": "application/json",
                    signatures.HEADER: signatures.sign(self.secret, int(time.time()), body),
                }
                port = random.choice(self.ports)
                try:
                    status, answer = request(
                        port, "POST", f"/api/v1/pembayaran/notifikasi/{PROVIDER}", body=body, headers=headers
                    )
                except (OSError, http.client.HTTPException):
                    status, answer = None, None
                with self.lock:
                    if status == 200 and answer:
                        self.replay_answers["new" if answer.get("new") else "not new"] += 1
                    else:
                        self.replay_answers[f"refused or lost ({status})"] += 1
            time.sleep(0.2)

    def run(self, chaos) -> None:
        bills = queue.Queue()
        for bill in self.bills:
            bills.put(bill)

        def payer():
            while True:
                try:
                    reference, amount = bills.get_nowait()
                except queue.Empty:
                    return
                self.pay(reference, amount)

        replayer = threading.Thread(target=self.replay)
        replayer.start()
        chaos_thread = threading.Thread(target=chaos, args=(self,))
        chaos_thread.start()
        payers = [threading.Thread(target=payer) for _ in range(self.payers)]
        for thread in payers:
            thread.start()
        for thread in payers:
            thread.join()
        self.payers_done.set()
        chaos_thread.join()
        self.done.set()
        replayer.join()


def drain_payments(ids: list[int], sim_data: Path, timeout: float) -> dict:
    """Wait until the provider delivered every callback and the workers applied every stored event."""
    from django.db import close_old_connections

    from loket.payments.models import Assessment, PaymentEvent

    deadline = time.monotonic() + timeout
    state = {}
    while time.monotonic() < deadline:
        close_old_connections()
        state = {
            "undelivered": sum(not event["delivered"] for event in sim_events(sim_data)),
            "unprocessed": PaymentEvent.objects.filter(processed_at=None).count(),
            "unpaid": Assessment.objects.filter(application_id__in=ids).exclude(status=Assessment.Status.PAID).count(),
        }
        if not any(state.values()):
            break
        time.sleep(0.5)
    return state


def verify_payments(burst: PaymentBurst, ids: list[int], sim_data: Path) -> tuple[dict, list[str]]:
    from django.db.models import Count

    from loket.applications.models import Application, ApplicationEvent
    from loket.core.models import AuditEvent
    from loket.payments import rules
    from loket.payments.models import Assessment, PaymentEvent
    from loket.workflow.models import Task

    problems: list[str] = []
    assessments = {row["reference"]: row for row in Assessment.objects.filter(application_id__in=ids).values()}
    provider_events = sim_events(sim_data)
    stored = list(PaymentEvent.objects.filter(provider=PROVIDER).values())
    counts = {
        "levy cases": len(ids),
        "payments acknowledged by the provider": len(burst.paid),
        "callbacks owed by the provider": len(provider_events),
        "callback events stored": len(stored),
        "assessments paid": sum(row["status"] == Assessment.Status.PAID for row in assessments.values()),
    }
    for reference in burst.paid:
        row = assessments.get(reference)
        if row is None or row["status"] != Assessment.Status.PAID or not row["paid_event"]:
            problems.append(f"payment of {reference} acknowledged by the provider is not applied")
    by_reference = Counter(event["reference"] for event in provider_events)
    if any(n != 1 for n in by_reference.values()) or set(by_reference) != burst.paid:
        problems.append("the provider owes other callbacks than one per acknowledged payment")
    if sorted(event["event_id"] for event in stored) != sorted(event["id"] for event in provider_events):
        problems.append("stored payment events differ from the provider's (lost or doubled)")
    outcomes = Counter(event["outcome"] for event in stored)
    counts["events by outcome"] = dict(outcomes)
    if set(outcomes) - {rules.APPLIED} or any(event["processed_at"] is None for event in stored):
        problems.append(f"payment events not all applied once: {dict(outcomes)}")
    applied = Counter(event["assessment_id"] for event in stored if event["outcome"] == rules.APPLIED)
    if any(n != 1 for n in applied.values()) or len(applied) != len(burst.paid):
        problems.append("an assessment has other than one applied payment event")
    audited = Counter(
        AuditEvent.objects.filter(action="payments.paid", object_type="payments.assessment").values_list(
            "object_id", flat=True
        )
    )
    counts["payments.paid audit entries"] = sum(audited.values())
    if any(audited[str(row["id"])] != 1 for row in assessments.values() if row["reference"] in burst.paid):
        problems.append("an assessment paid is not audited exactly once as paid")
    steps = Task.objects.filter(application_id__in=ids, step__kind="payment")
    approved = Counter(steps.filter(status=Task.Status.APPROVED).values_list("application_id", flat=True))
    counts["payment steps approved"] = sum(approved.values())
    if any(approved[pk] != 1 for pk in ids):
        problems.append("a payment step is not approved exactly once")
    completed = Counter(
        ApplicationEvent.objects.filter(application_id__in=ids, kind="completed").values_list(
            "application_id", flat=True
        )
    )
    done = Application.objects.filter(pk__in=ids, status=Application.Status.COMPLETED).count()
    counts["levy cases completed"] = done
    if done != len(ids) or any(completed[pk] != 1 for pk in ids):
        problems.append(f"{len(ids) - done} levy cases not completed exactly once")
    counts["replayed callbacks"] = dict(burst.replay_answers)
    if burst.replay_answers["new"]:  # only delivered (so stored) callbacks are replayed
        problems.append(f"{burst.replay_answers['new']} replayed callbacks were stored as new")
    duplicate_ids = PaymentEvent.objects.values("provider", "event_id").annotate(n=Count("id")).filter(n__gt=1).count()
    if duplicate_ids:
        problems.append(f"{duplicate_ids} provider events are stored twice")
    return counts, problems


def wait_simulator(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if sim_call(port, "GET", "/health")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"payment simulator on port {port} did not come up")


def pay_under_fire(args, ids, ports, webs, workers, sim_port, sim_data, secret) -> tuple[dict, list[str], list[str]]:
    """The payments burst: every levy paid while the web process the provider calls back and a worker are killed
    (at 30% of the payments acknowledged), then the other web process and worker (at 65%)."""
    from loket.payments.models import Assessment

    ready = wait_for_codes(ids, timeout=90)
    if ready != len(ids):
        return {}, [f"only {ready} of {len(ids)} assessments got their payment codes from the provider"], []
    bills = list(Assessment.objects.filter(application_id__in=ids).values_list("reference", "amount"))
    log(f"{len(bills)} bills registered at the provider: paying them while killing processes")
    kills: list[str] = []

    def chaos(burst: PaymentBurst) -> None:
        for fraction, index in ((0.3, 0), (0.65, 1)):
            while len(burst.paid) < len(burst.bills) * fraction:
                if burst.payers_done.is_set():
                    return
                time.sleep(0.02)
            webs[index].kill()
            workers[index].kill()
            kills.extend([webs[index].name, workers[index].name])
            log(f"SIGKILL {webs[index].name} and {workers[index].name} after {len(burst.paid)} payments")
            time.sleep(0.5)
            webs[index].start()
            workers[index].start()
            wait_healthy(ports[index])
            log(f"restarted {webs[index].name} and {workers[index].name}")

    burst = PaymentBurst(ports, sim_port, sim_data, secret, bills, args.payers)
    began = time.monotonic()
    burst.run(chaos)
    state = drain_payments(ids, sim_data, timeout=90)
    log(f"payments burst done in {time.monotonic() - began:.1f} s: {len(burst.paid)} paid; after draining {state}")
    counts, problems = verify_payments(burst, ids, sim_data)
    for name, value in sorted(burst.stats.items()):
        counts.setdefault(name, value)
    return counts, problems, kills


# --- main ----------------------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=80)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--citizens", type=int, default=12)
    parser.add_argument("--payments", type=int, default=40, help="levy cases paid in the payments burst (0: none)")
    parser.add_argument("--payers", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the data dir and logs")
    args = parser.parse_args(argv)
    began = time.monotonic()

    database_url = crash_database_url()
    data_dir = Path(tempfile.mkdtemp(prefix="loket-crash-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "LOKET_ENV"}}
    env["LOKET_NOTIFY_LEASE_SECONDS"] = "5"
    env.update(
        DATABASE_URL=database_url,
        LOKET_DATA_DIR=str(data_dir),
        SECRET_KEY=uuid.uuid4().hex * 2,
        AUDIT_SEAL_INTERVAL_SECONDS="1",
        PYTHONUNBUFFERED="1",
    )
    env.pop("LOKET_TASKS_IMMEDIATE", None)
    # The payment provider: the simulator, calling back the first web process (chosen here, before Django starts).
    ports = [free_port(), free_port()]
    sim_port, sim_secret, sim_key = free_port(), uuid.uuid4().hex, uuid.uuid4().hex
    sim_base = f"http://127.0.0.1:{sim_port}"
    env["LOKET_PAYMENT_PROVIDERS"] = json.dumps(
        {PROVIDER: {"base_url": sim_base, "api_key": sim_key, "secrets": [sim_secret],
                    "pay_url": sim_base + "/bayar/{reference}", "timeout": 5}}
    )  # fmt: skip
    env["LOKET_PAYMENT_PROVIDER_BY_REGION"] = json.dumps({"*": PROVIDER})
    os.environ.update({k: env[k] for k in ("LOKET_PAYMENT_PROVIDERS", "LOKET_PAYMENT_PROVIDER_BY_REGION")})
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "LOKET_DATA_DIR", "SECRET_KEY")})
    os.environ["DJANGO_SETTINGS_MODULE"] = "loket.settings"
    sys.path.insert(0, str(ROOT / "src"))

    log(f"database {urlsplit(database_url).path.lstrip('/')}, data dir {data_dir}")
    recreate_database(database_url)
    migrate = subprocess.run(
        [PYTHON, "-m", "loket.cli", "manage", "migrate", "-v0"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if migrate.returncode != 0:
        print(migrate.stdout + migrate.stderr)
        return 2
    import django

    django.setup()
    world = seed(args.citizens)
    levy_cases = seed_payments(args.payments) if args.payments else []
    from django.db import connection

    connection.close()
    log(
        f"seeded: 1 service, {args.citizens} citizens, 1 officer, {len(levy_cases)} cases waiting for their levy "
        f"({time.monotonic() - began:.0f} s)"
    )

    logs = data_dir / "logs"
    logs.mkdir()
    sim_data = data_dir / "payment-simulator.sqlite3"
    simulator = Process(
        "simulator",
        [PYTHON, "-m", "loket.payments.simulator", "--port", str(sim_port), "--data", str(sim_data),
         "--secret", sim_secret, "--api-key", sim_key, "--control-key", uuid.uuid4().hex, "--duplicates", "1",
         "--callback-url", f"http://127.0.0.1:{ports[0]}/api/v1/pembayaran/notifikasi/{PROVIDER}"],
        env,
        logs,
    )  # fmt: skip
    webs = [
        Process(f"web{i + 1}", [PYTHON, "-m", "loket.cli", "serve", "--port", str(port), "--workers", "2"], env, logs)
        for i, port in enumerate(ports)
    ]
    workers = [
        Process(f"worker{i + 1}", [PYTHON, "-m", "loket.cli", "worker", "--interval", "0.2"], env, logs)
        for i in range(2)
    ]
    kills: list[str] = []
    payment_kills: list[str] = []
    payment_counts: dict = {}
    payment_problems: list[str] = []
    try:
        simulator.start()
        for process in webs + workers:
            process.start()
        for port in ports:
            wait_healthy(port)
        wait_simulator(sim_port)
        log(f"2 web processes (ports {ports[0]}, {ports[1]}) and 2 workers up")

        def chaos(burst: Burst) -> None:
            for fraction, web, worker in ((0.25, webs[0], workers[0]), (0.55, webs[1], workers[1])):
                while len(burst.acknowledged) < burst.total * fraction:
                    if burst.citizens_done.is_set():
                        return
                    time.sleep(0.02)
                web.kill()
                worker.kill()
                kills.extend([web.name, worker.name])
                log(f"SIGKILL {web.name} and {worker.name} after {len(burst.acknowledged)} acknowledged submissions")
                time.sleep(0.5)
                web.start()
                worker.start()
                wait_healthy(ports[webs.index(web)])
                log(f"restarted {web.name} and {worker.name}")

        burst = Burst(ports, world, args.submissions, args.clients)
        burst_began = time.monotonic()
        burst.run(chaos)
        log(
            f"burst done in {time.monotonic() - burst_began:.1f} s: {len(burst.acknowledged)} submissions and "
            f"{len(burst.actions_acknowledged)} officer actions acknowledged"
        )
        burst.replay(10)
        leases = drain_notifications(timeout=45)
        leaked = secrets_in_logs(burst, logs)
        from django.db import close_old_connections

        close_old_connections()
        if levy_cases:
            payment_counts, payment_problems, payment_kills = pay_under_fire(
                args, levy_cases, ports, webs, workers, sim_port, sim_data, sim_secret
            )
            close_old_connections()
    finally:
        for process in [*webs, *workers, simulator]:
            process.stop()
    counts, problems = verify(burst, data_dir, env)
    problems += payment_problems
    kills += payment_kills
    expected_kills = 4 + (4 if levy_cases else 0)
    if burst.stats["replays answered with the first application"] != burst.stats["replayed submissions"]:
        problems.append("a replayed submission was not answered with its first application")
    counts = {
        "submissions sent": burst.stats["submissions sent"],
        "submissions acknowledged": len(burst.acknowledged),
        "officer actions acknowledged": len(burst.actions_acknowledged),
        "client retries after errors": burst.stats["retries"],
        "kills survived": len(kills),
        **counts,
        "notifications recovered after a killed worker's lease": leases,
        "secrets found in process logs": ", ".join(leaked) or "none",
        **payment_counts,
    }
    for name, value in sorted(burst.stats.items()):
        if name not in ("submissions sent", "submissions acknowledged", "officer actions acknowledged", "retries"):
            counts[name] = value
    width = max(len(name) for name in counts)
    print("\n=== crash safety ===")
    for name, value in counts.items():
        print(f"{name:<{width}}  {value}")
    print(f"{'seconds':<{width}}  {time.monotonic() - began:.0f}")
    print("RESULT: " + ("OK" if not problems and len(kills) == expected_kills else "FAILED"))
    for problem in problems[:30]:
        print("  - " + problem)
    summary = Path(os.environ.get("LOKET_CRASH_SUMMARY", data_dir / "summary.json"))
    summary.write_text(json.dumps({"counts": counts, "problems": problems}, indent=2, default=str))
    if not args.keep and not problems:
        shutil.rmtree(data_dir, ignore_errors=True)
    else:
        print(f"logs and outbox kept in {data_dir}")
    return 0 if not problems and len(kills) == expected_kills else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
