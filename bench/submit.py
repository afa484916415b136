"""Submission benchmark: citizens filing applications with a small upload through the API, against a
bare Django view doing one INSERT (the floor), both served by the same gunicorn in the same run.

Seeds a fresh PostgreSQL database `loket_bench_submit` (on the server of DATABASE_URL) with one
published service (a 12-field form, one document requirement, a 3-step procedure with a parallel
step) and one citizen with a profile and an API token per client. gunicorn (5 sync workers,
persistent database connections: Loket's settings plus the floor route) then serves 50 concurrent
keep-alive clients:

  floor     POST /bench/insert/                    a csrf-exempt Django view doing one INSERT of the JSON body
                                                   (common.make_app: the floor bench/leave.py shares)
  submit    POST /api/v1/applications/with-files   the answers (JSON part) and a tiny PDF for slot req_0,
                                                   with an idempotency key: one request, one transaction
  two-step  POST /api/v1/uploads, then POST /api/v1/applications with the upload id (the older flow,
            still offered; a submission is both requests)

`ratio` is submissions per second ÷ floor requests per second (the one-request flow);
`two_step_ratio` the same for the two-request flow. Also counts, in-process with
CaptureQueriesContext, the SQL statements of one submission (DESIGN: at most 12), and with
`--profile` (or when the ratio misses its target) where the time of a submission goes.
`--assignment round_robin|least_loaded` gives the first step's unit an automatic assignment policy and five
officers (the engine then assigns each new task: issue 13); `--statements-only` counts the statements and stops.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket python bench/submit.py
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

TARGET_RATIO = 0.35
P99_LIMIT_MS = 500
STATEMENT_LIMIT = 12
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK"}

FORM = [
    {"key": "nama_usaha", "type": "text", "label": {"id": "Nama usaha", "en": "Business name"}, "required": True},
    {"key": "nik_pemilik", "type": "nik", "label": {"id": "NIK pemilik"}, "required": True},
    {"key": "hp", "type": "phone", "label": {"id": "Nomor HP"}, "required": True},
    {"key": "email", "type": "email", "label": {"id": "Email"}},
    {
        "key": "bentuk",
        "type": "choice",
        "label": {"id": "Bentuk usaha"},
        "required": True,
        "options": [{"value": "perorangan", "label": {"id": "Perorangan"}}, {"value": "cv", "label": {"id": "CV"}}],
    },
    {"key": "npwp", "type": "npwp", "label": {"id": "NPWP badan"}, "required_if": {"field": "bentuk", "equals": "cv"}},
    {"key": "alamat", "type": "address", "label": {"id": "Alamat usaha"}, "required": True},
    {"key": "mulai", "type": "date", "label": {"id": "Mulai beroperasi"}, "required": True},
    {"key": "karyawan", "type": "number", "label": {"id": "Jumlah karyawan"}, "min": 0, "max": 500},
    {"key": "modal", "type": "number", "label": {"id": "Modal usaha (Rp)"}, "min": 0},
    {"key": "kegiatan", "type": "textarea", "label": {"id": "Uraian kegiatan usaha"}, "required": True},
    {"key": "nib", "type": "nib", "label": {"id": "NIB (bila ada)"}},
]
ANSWERS = {
    "nama_usaha": "Warung Sunda Bu Imas",
    "nik_pemilik": "3273014101900001",
    "hp": "0812 3456 7890",
    "email": "imas@example.id",
    "bentuk": "perorangan",
    "alamat": {"region": "32.73", "street": "Jl. Cihampelas No. 12", "postal_code": "40131"},
    "mulai": "2024-02-01",
    "karyawan": 4,
    "modal": 25000000,
    "kegiatan": "Rumah makan masakan Sunda dengan 20 kursi dan layanan pesan antar.",
    "nib": "1234567890123",
}


# --- data -----------------------------------------------------------------------------------------


def nik_for(number: int) -> str:
    """A valid NIK of Kota Bandung (born 1 Jan 1990), sequence = number."""
    return f"327301010190{number + 1:04d}"


def seed(clients: int, assignment: str = "manual", officers: int = 5) -> dict:
    """One published service with form and SOP, and one citizen (profile + API token) per client. With an
    automatic `assignment` policy, the first step's unit gets it and `officers` officers to assign to."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from loket.applications import services as applications
    from loket.catalogue import services as catalogue
    from loket.catalogue.models import Category
    from loket.core import tokens
    from loket.org.models import Agency, Region, Role, RoleAssignment, Unit
    from loket.workflow import services as workflow

    users = get_user_model().objects
    province = Region.objects.create(code="32", name="Jawa Barat", level="province")
    bandung = Region.objects.create(code="32.73", name="Kota Bandung", level="kota", parent=province)
    agency = Agency.objects.create(region=bandung, slug="dpmptsp-kota-bandung", name="DPMPTSP Kota Bandung")
    front, tech, legal = (
        Unit.objects.create(agency=agency, name=name) for name in ("Bidang Perizinan", "Tim Teknis", "Subbagian Hukum")
    )
    editor = users.create_user("editor", "editor@example.go.id", "rahasia-bench-123")
    RoleAssignment.objects.create(user=editor, role=Role.CATALOGUE_EDITOR, agency=agency)
    category = Category.objects.create(slug="perizinan", name_id="Perizinan", name_en="Licensing")
    service = catalogue.create_service(
        actor=editor,
        agency=agency,
        code="izin-usaha-mikro",
        name_id="Izin Usaha Mikro",
        name_en="Micro business licence",
        category=category,
    )
    draft = catalogue.open_draft(actor=editor, service=service)
    catalogue.update_draft(
        actor=editor,
        draft=draft,
        changes={
            "summary": "Izin usaha mikro dan kecil.",
            "time_limit_days": 6,
            "product": "IUMK",
            "fee_amount": 0,
            "requirements": [
                {
                    "name": "KTP-el",
                    "description": "",
                    "mandatory": True,
                    "kind": "document",
                    "file_types": ["pdf", "jpg"],
                }
            ],
            "procedure": [{"title": "Verifikasi", "description": ""}],
            "complaints": "SP4N-LAPOR!",
            "legal_basis": ["PP 5/2021"],
        },
    )
    applications.save_form(actor=editor, standard=draft, fields=FORM)
    workflow.save_procedure(
        actor=editor,
        standard=draft,
        steps=[
            {"name_id": "Verifikasi berkas", "role": "officer", "unit_id": front.pk, "sla_days": 2},
            {
                "name_id": "Kajian teknis dan hukum",
                "role": "officer",
                "parallel_unit_ids": [tech.pk, legal.pk],
                "sla_days": 2,
            },
            {"name_id": "Penetapan", "role": "agency_head", "sla_days": 1},
        ],
    )
    catalogue.publish(actor=editor, service=service)
    if assignment != "manual":
        supervisor = users.create_user("penyelia", "penyelia@example.go.id", "rahasia-bench-123")
        RoleAssignment.objects.create(user=supervisor, role=Role.SUPERVISOR, agency=agency, unit=front)
        for number in range(officers):
            officer = users.create_user(
                f"petugas{number:02d}", f"petugas{number:02d}@example.go.id", "rahasia-bench-123"
            )
            RoleAssignment.objects.create(user=officer, role=Role.OFFICER, agency=agency, unit=front)
        workflow.set_assignment_policy(actor=supervisor, unit_id=front.pk, policy=assignment)
    raw_tokens = []
    for number in range(clients):
        user = users.create_user(f"warga{number:03d}", f"warga{number:03d}@example.id", "rahasia-bench-123")
        applications.save_profile(user=user, nik=nik_for(number), full_name=f"Warga {number}", phone="081234567890")
        raw_tokens.append(tokens.issue(actor=None, user=user, name=f"bench {number}")[1])
    common.create_floor_table()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"service": service.code, "tokens": raw_tokens}


# --- load -----------------------------------------------------------------------------------------


def multipart(fields: dict, file_name: str, data: bytes, file_field: str = "file") -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{file_name}"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _submit_client(port, count, start, time_limit, results, client_id, token, service, run):
    """One submission = one multipart request with the answers and the file."""
    conn = common.Connection(port)
    auth = {"Authorization": f"Bearer {token}"}
    timings = {"submission": []}
    statuses: dict[int, int] = {}
    done = 0
    start.wait()
    deadline = time.perf_counter() + time_limit
    for number in range(count):
        if time.perf_counter() > deadline:
            break
        application = json.dumps(
            {"service": service, "data": ANSWERS, "idempotency_key": f"{run}-{client_id}-{number}"}
        )
        body, content_type = multipart({"application": application}, "ktp.pdf", PDF, file_field="req_0")
        status, _payload, elapsed = conn.post(
            "/api/v1/applications/with-files", body, {**auth, "Content-Type": content_type}
        )
        statuses[status] = statuses.get(status, 0) + 1
        timings["submission"].append(elapsed)
        done += status == 201
    results.put((timings, statuses, done, time.perf_counter()))


def _two_step_client(port, count, start, time_limit, results, client_id, token, service, run):
    conn = common.Connection(port)
    auth = {"Authorization": f"Bearer {token}"}
    timings = {"upload": [], "apply": [], "submission": []}
    statuses: dict[int, int] = {}
    done = 0
    start.wait()
    deadline = time.perf_counter() + time_limit
    for number in range(count):
        if time.perf_counter() > deadline:
            break
        body, content_type = multipart({"requirement": "req_0"}, "ktp.pdf", PDF)
        status, payload, upload_time = conn.post("/api/v1/uploads", body, {**auth, "Content-Type": content_type})
        statuses[status] = statuses.get(status, 0) + 1
        timings["upload"].append(upload_time)
        if status != 201:
            continue
        upload_id = json.loads(payload)["id"]
        application = json.dumps({"service": service, "data": ANSWERS, "uploads": {"req_0": upload_id}}).encode()
        status, _payload, apply_time = conn.post(
            "/api/v1/applications",
            application,
            {**auth, "Content-Type": "application/json", "Idempotency-Key": f"{run}-{client_id}-{number}"},
        )
        statuses[status] = statuses.get(status, 0) + 1
        timings["apply"].append(apply_time)
        timings["submission"].append(upload_time + apply_time)
        done += status == 201
    results.put((timings, statuses, done, time.perf_counter()))


# --- in-process: statements per submission, and where the time goes -------------------------------


def in_process_one_request(client, token: str, service: str, key: str) -> int:
    application = json.dumps({"service": service, "data": ANSWERS, "idempotency_key": key})
    response = client.post(
        "/api/v1/applications/with-files",
        {"application": application, "req_0": _pdf_file()},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.content
    return response.status_code


def in_process_submission(client, token: str, service: str, key: str) -> tuple[int, int]:
    upload = client.post(
        "/api/v1/uploads", {"file": _pdf_file(), "requirement": "req_0"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert upload.status_code == 201, upload.content
    response = client.post(
        "/api/v1/applications",
        json.dumps({"service": service, "data": ANSWERS, "uploads": {"req_0": upload.json()["id"]}}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
    )
    assert response.status_code == 201, response.content
    return upload.status_code, response.status_code


def _pdf_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("ktp.pdf", PDF, content_type="application/pdf")


def count_statements(token: str, service: str) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    in_process_submission(client, token, service, "count-warm-up")  # per-process caches (form, calendar) filled
    with CaptureQueriesContext(connection) as upload_queries:
        upload = client.post(
            "/api/v1/uploads",
            {"file": _pdf_file(), "requirement": "req_0"},
            headers={"Authorization": f"Bearer {token}"},
        )
    body = json.dumps({"service": service, "data": ANSWERS, "uploads": {"req_0": upload.json()["id"]}})
    with CaptureQueriesContext(connection) as apply_queries:
        response = client.post(
            "/api/v1/applications",
            body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "count-1"},
        )
    assert response.status_code == 201, response.content
    two_step = len(upload_queries.captured_queries) + len(apply_queries.captured_queries)
    in_process_one_request(client, token, service, "count-warm-up-2")
    with CaptureQueriesContext(connection) as one_queries:
        in_process_one_request(client, token, service, "count-2")
    statements = [q["sql"] for q in one_queries.captured_queries]
    control = [sql for sql in statements if sql.split(" ")[0] in TRANSACTION_CONTROL]
    return {
        "two_step": two_step,
        "apply": len(statements),
        "apply_data": len(statements) - len(control),
        "apply_sql": statements,
    }


def profile(token: str, service: str, submissions: int = 100) -> list[tuple[str, float]]:
    """cProfile of in-process submissions (test client, no network): own time grouped by package."""
    import cProfile
    import pstats

    from django.test import Client

    client = Client()
    in_process_one_request(client, token, service, "profile-warm-up")
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.enable()
    for number in range(submissions):
        in_process_one_request(client, token, service, f"profile-{number}")
    profiler.disable()
    wall = time.perf_counter() - began
    stats = pstats.Stats(profiler)
    groups: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, own, _cum, _callers) in stats.stats.items():
        groups[common.package_of(filename)] = groups.get(common.package_of(filename), 0.0) + own
    total = sum(groups.values()) or 1.0
    ranked = sorted(groups.items(), key=lambda item: -item[1])
    print(
        f"\nProfile of {submissions} in-process submissions (one request with the file, no network): "
        f"{wall / submissions * 1000:.1f} ms each"
    )
    common.print_table(
        ["where (own time)", "share %", "ms per submission"],
        [[name, f"{own / total * 100:.1f}", f"{own / submissions * 1000:.2f}"] for name, own in ranked[:12]],
    )
    stats.sort_stats("tottime")
    print("\nTop functions by own time:")
    top = sorted(stats.stats.items(), key=lambda item: -item[1][2])[:15]
    common.print_table(
        ["function", "calls", "ms per submission"],
        [
            [f"{Path(f).name}:{line} {name}", nc, f"{own / submissions * 1000:.3f}"]
            for (f, line, name), (_cc, nc, own, _cum, _callers) in top
        ],
    )
    return ranked


# --- main -----------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--submissions", type=int, default=45, help="submissions per client (over all rounds)")
    parser.add_argument("--floor-requests", type=int, default=60, help="floor requests per client (over all rounds)")
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds per target at most")
    parser.add_argument("--rounds", type=int, default=3, help="floor and submissions alternate this many times")
    parser.add_argument("--database", default="loket_bench_submit")
    parser.add_argument("--profile", action="store_true", help="always profile (otherwise only when below target)")
    parser.add_argument(
        "--statements-only", action="store_true", help="only count the SQL statements of one submission (no load)"
    )
    parser.add_argument(
        "--assignment",
        choices=["manual", "round_robin", "least_loaded"],
        default="manual",
        help="the first step's unit assignment policy (automatic: the engine assigns each new task; issue 13)",
    )
    args = parser.parse_args(argv)
    began = time.perf_counter()

    database_url = common.database_url_named(args.database)
    data_dir = tempfile.mkdtemp(prefix="loket-bench-submit-")  # uploads land here, not in the demo's data dir
    os.environ["LOKET_DATA_DIR"] = data_dir
    common.fresh_database(database_url)
    from django.db import connections

    seeded = seed(args.clients, args.assignment)
    print(
        f"Data: 1 layanan (formulir {len(FORM)} isian, SOP 3 langkah), {args.clients} warga dengan token "
        f"({time.perf_counter() - began:.1f} s)",
        flush=True,
    )
    if args.statements_only:
        statements = count_statements(seeded["tokens"][0], seeded["service"])
        print(f"SQL statements per submission: one request {statements['apply']}, two-step {statements['two_step']}")
        for sql in statements["apply_sql"]:
            print("   ", sql[:110])
        connections.close_all()
        shutil.rmtree(data_dir, ignore_errors=True)
        return 0
    connections.close_all()  # the clients fork; none may share this connection

    figures = {}
    with common.InsertFloorServer(database_url, workers=args.workers) as server:
        print(f"gunicorn: 127.0.0.1:{server.port}, {args.workers} sync workers; {args.clients} clients", flush=True)
        ports = [server.port] * args.clients
        floor_jobs = [(port, args.floor_requests, n) for n, port in enumerate(ports)]
        floor_body = [
            json.dumps({"service": "izin-usaha-mikro", "data": ANSWERS, "client": n}).encode()
            for n in range(len(ports))
        ]
        submit_jobs = [
            (port, args.submissions, n, seeded["tokens"][n], seeded["service"]) for n, port in enumerate(ports)
        ]
        common.run_clients(
            common.floor_client, [(p, 5, n, floor_body[n]) for p, _c, n in floor_jobs], 20
        )  # warm-up: connections, imports
        common.run_clients(_submit_client, [(p, 2, n, t, s, "warm") for p, _c, n, t, s in submit_jobs], 30)
        # Floor and submissions alternate in rounds, so that whatever else the machine does at the time
        # weighs on both alike (a shared box: other work comes and goes within a minute).
        parts: dict[str, list[dict]] = {"floor": [], "submit": [], "two_step": []}
        cpu = {
            "floor": {"database": 0.0, "web": 0.0, "other": 0.0},
            "submit": {"database": 0.0, "web": 0.0, "other": 0.0},
        }
        limit = args.time_limit / args.rounds
        for number in range(args.rounds):
            for name, target, jobs in (
                (
                    "floor",
                    common.floor_client,
                    [(p, max(1, c // args.rounds), n, floor_body[n]) for p, c, n in floor_jobs],
                ),
                (
                    "submit",
                    _submit_client,
                    [(p, max(1, c // args.rounds), n, t, s, f"run{number}") for p, c, n, t, s in submit_jobs],
                ),
                (
                    "two_step",
                    _two_step_client,
                    [(p, max(1, c // args.rounds), n, t, s, f"two{number}") for p, c, n, t, s in submit_jobs],
                ),
            ):
                before = common.cpu_seconds_by_role()
                parts[name].append(common.gather(target, jobs, limit))
                if name in cpu:
                    after = common.cpu_seconds_by_role()
                    for role in cpu[name]:
                        cpu[name][role] += after[role] - before[role]
        figures = {name: common.summarize(found) for name, found in parts.items()}
        floor_cpu = common.cpu_ms_each(cpu["floor"], figures["floor"]["requests"])
        submit_cpu = common.cpu_ms_each(cpu["submit"], figures["submit"]["completed"])

    floor, submit, two_step = figures["floor"], figures["submit"], figures["two_step"]
    submissions_per_s = common.per_second(submit)
    ratio = round(submissions_per_s / (floor["req_per_s"] or 1.0), 3)
    two_step_per_s = common.per_second(two_step)
    two_step_ratio = round(two_step_per_s / (floor["req_per_s"] or 1.0), 3)
    print()
    common.print_table(
        ["target", "per s", "p50 ms", "p99 ms", "ratio", "requests", "errors"],
        [
            common.floor_row(floor),
            [
                "submission (one request with file)",
                submissions_per_s,
                submit["submission"]["p50_ms"],
                submit["submission"]["p99_ms"],
                f"{ratio:.2f}",
                submit["completed"],
                submit["errors"],
            ],
            [
                "two-step submission (upload+apply)",
                two_step_per_s,
                two_step["submission"]["p50_ms"],
                two_step["submission"]["p99_ms"],
                f"{two_step_ratio:.2f}",
                f"{two_step['completed']} x 2",
                two_step["errors"],
            ],
            ["  POST /uploads", "", two_step["upload"]["p50_ms"], two_step["upload"]["p99_ms"], "", "", ""],
            ["  POST /applications", "", two_step["apply"]["p50_ms"], two_step["apply"]["p99_ms"], "", "", ""],
        ],
    )

    print(
        f"\nCPU ms per request (web / database / other incl. load clients): floor {floor_cpu['web']} / "
        f"{floor_cpu['database']} / {floor_cpu['other']}; submission {submit_cpu['web']} / {submit_cpu['database']} / "
        f"{submit_cpu['other']}"
    )
    statements = count_statements(seeded["tokens"][0], seeded["service"])
    print(
        f"\nSQL statements per submission: one request {statements['apply']}, "
        f"of which {statements['apply'] - statements['apply_data']} transaction control (BEGIN, COMMIT); "
        f"two-step {statements['two_step']} (DESIGN: at most {STATEMENT_LIMIT} per submission)"
    )
    for sql in statements["apply_sql"]:
        print("   ", sql[:110])

    p99 = submit["submission"]["p99_ms"]
    failures = []
    if ratio < TARGET_RATIO:
        failures.append(f"ratio {ratio} < {TARGET_RATIO}")
    if p99 >= P99_LIMIT_MS:
        failures.append(f"p99 {p99} ms >= {P99_LIMIT_MS} ms")
    if submit["errors"] or floor["errors"] or two_step["errors"]:
        failures.append(
            f"non-2xx answers: submit {submit['statuses']}, two-step {two_step['statuses']}, floor {floor['statuses']}"
        )
    if statements["apply"] > STATEMENT_LIMIT:
        failures.append(f"{statements['apply']} SQL statements per submission > {STATEMENT_LIMIT}")
    breakdown = profile(seeded["tokens"][1], seeded["service"]) if (args.profile or ratio < TARGET_RATIO) else []

    result = {
        "ratio": ratio,
        "req_per_s": submissions_per_s,
        "p50_ms": submit["submission"]["p50_ms"],
        "p99_ms": p99,
        "two_step_ratio": two_step_ratio,
        "two_step_req_per_s": two_step_per_s,
        "two_step_p50_ms": two_step["submission"]["p50_ms"],
        "two_step_p99_ms": two_step["submission"]["p99_ms"],
        "floor_req_per_s": floor["req_per_s"],
        "floor_p50_ms": floor["floor"]["p50_ms"],
        "floor_p99_ms": floor["floor"]["p99_ms"],
        "sql_statements_per_submission": statements["apply"],
        "sql_data_statements_per_submission": statements["apply_data"],
        "sql_statements_two_step": statements["two_step"],
        "cpu_ms_floor": floor_cpu,
        "cpu_ms_submission": submit_cpu,
        "errors": {"floor": floor["errors"], "submit": submit["errors"], "two_step": two_step["errors"]},
        "clients": args.clients,
        "workers": args.workers,
        "submissions": submit["completed"],
    }
    if breakdown:
        total = sum(own for _name, own in breakdown) or 1.0
        result["profile_share_percent"] = {name: round(own / total * 100, 1) for name, own in breakdown[:8]}
    common.save_result("submit", result)
    connections.close_all()
    shutil.rmtree(data_dir, ignore_errors=True)
    print(f"\n({time.perf_counter() - began:.0f} s in all)")
    print(
        f"Target: ratio >= {TARGET_RATIO}, p99 < {P99_LIMIT_MS} ms, <= {STATEMENT_LIMIT} statements — "
        + ("met." if not failures else "NOT met: " + "; ".join(failures))
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
