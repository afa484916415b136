"""Payments benchmark (issue 18): the provider's callbacks stored, and the daily reconciliation of a settlement file.

Seeds a fresh PostgreSQL database `loket_bench_payments` with a published levy service whose SOP has a payment step,
files one case through the engine up to its assessment, and clones that case and its assessment in SQL (one
INSERT … SELECT each) into as many paid assessments as the settlement files need.

- `webhook`: `payments.services.receive` (the provider's signed callback: provider lookup, HMAC check, parse, one
  INSERT of the event) for distinct events with valid signatures, in-process, against a floor measured in the same run
  and database: one plain INSERT of the same body per event into a table without constraint, autocommit. Turns
  alternate (floor, ours, …) so that load from elsewhere hits both. `webhook_ratio` = ours ÷ floor per second.
- `reconcile`: `payments.reconciliation.reconcile_day` over a settlement file of `--small` lines (100,000) against as
  many assessments, then of `--large` lines (1,000,000) against a database that holds both days' assessments; the
  file served over loopback HTTP like a provider's, with 0.1 % discrepancies (unknown bills, amounts that differ).
  `growth` = time per line at the large size ÷ at the small size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket python bench/payments.py [--large 1000000]

Targets: webhook ratio ≥ 0.5; the 1,000,000-line file reconciled in < 60 s; growth ≤ 1.3. Figures under `payments`.
"""

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

SECRET = "rahasia-bench"
WEBHOOK_TARGET = 0.5
RECONCILE_SECONDS = 60.0
GROWTH_TARGET = 1.3
AMOUNT = 60000
FILES: dict[str, str] = {}  # day -> settlement CSV the loopback "provider" serves


class Provider(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        day = self.path.rsplit("/", 1)[-1].removesuffix(".csv")
        body = FILES.get(day, "reference,va_number,amount,paid_at,channel\n").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/csv; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def seed_case():
    """One case of a levied service through the engine, up to its assessment (the template of the clones)."""
    from django.contrib.auth import get_user_model

    from loket.applications import services as applications
    from loket.catalogue import services as catalogue
    from loket.catalogue.models import Category
    from loket.org.models import Agency, Region, Role, RoleAssignment, Unit
    from loket.payments.models import Assessment
    from loket.workflow import services as workflow
    from loket.workflow.models import Task

    province = Region.objects.create(code="32", name="Jawa Barat", level="province")
    bandung = Region.objects.create(code="32.73", name="Kota Bandung", level="kota", parent=province)
    agency = Agency.objects.create(region=bandung, slug="dpmptsp-bench", name="DPMPTSP Kota Bandung")
    unit = Unit.objects.create(agency=agency, name="Bidang Perizinan")
    User = get_user_model()
    editor = User.objects.create_user("editor_bench", "editor@example.go.id", "rahasia-bench-123")
    officer = User.objects.create_user("petugas_bench", "petugas@example.go.id", "rahasia-bench-123")
    citizen = User.objects.create_user("warga_bench", "warga@example.test", "rahasia-bench-123")
    RoleAssignment.objects.create(user=editor, role=Role.CATALOGUE_EDITOR, agency=agency)
    RoleAssignment.objects.create(user=officer, role=Role.OFFICER, agency=agency, unit=unit)
    category = Category.objects.create(slug="perizinan", name_id="Perizinan", name_en="Licensing")
    service = catalogue.create_service(
        actor=editor, agency=agency, code="izin-reklame", name_id="Izin Reklame", category=category
    )
    draft = catalogue.open_draft(actor=editor, service=service)
    catalogue.update_draft(
        actor=editor,
        draft=draft,
        changes={
            "summary": "Izin pemasangan reklame.",
            "requirements": [{"name": "Gambar reklame", "description": "", "mandatory": False, "kind": "datum",
                              "file_types": []}],
            "procedure": [{"title": "Verifikasi", "description": ""}, {"title": "Pembayaran", "description": ""}],
            "time_limit_days": 5,
            "fee_amount": None,
            "fee_tariff": {"items": [{"kind": "flat", "label": "Retribusi reklame", "amount": AMOUNT}]},
            "fee_legal_basis": "Perda Kota Bandung 1/2024",
            "product": "Izin reklame",
            "complaints": "SP4N-LAPOR!",
            "legal_basis": ["Perda Kota Bandung 1/2024"],
            "facilities": "Ruang tunggu",
            "competence": "Memahami perizinan reklame",
            "supervision": "Kepala bidang",
            "staffing": "3 orang",
            "guarantee": "Sesuai jangka waktu",
            "security": "Dokumen bertanda tangan elektronik",
            "evaluation": "Setiap semester",
            "contact": "Jl. Wastukencana No. 2 Bandung",
        },
    )  # fmt: skip
    applications.save_form(
        actor=editor,
        standard=draft,
        fields=[{"key": "lokasi", "type": "text", "label": {"id": "Lokasi"}, "required": True}],
    )
    workflow.save_procedure(
        actor=editor,
        standard=draft,
        steps=[
            {"name_id": "Verifikasi berkas", "role": "officer", "unit_id": unit.pk, "sla_days": 2},
            {"name_id": "Pembayaran retribusi", "role": "officer", "unit_id": unit.pk, "sla_days": 1,
             "kind": "payment"},
            {"name_id": "Penetapan izin", "role": "officer", "unit_id": unit.pk, "sla_days": 1},
        ],
    )  # fmt: skip
    catalogue.publish(actor=editor, service=service)
    service.refresh_from_db()
    applications.save_profile(user=citizen, nik="3273014101900001", full_name="Imas Masitoh")
    application, _ = applications.submit(
        actor=citizen, applicant=citizen, service=service, answers={"lokasi": "Jl. Asia Afrika 8"}, idempotency_key="t"
    )
    task = Task.objects.get(application=application, status=Task.Status.OPEN)
    workflow.claim(actor=officer, task_id=task.pk)
    workflow.act(actor=officer, task_id=task.pk, action="approve", note="Berkas lengkap")
    return Assessment.objects.get(application=application)


def clone(template, prefix: str, count: int, day: dt.date) -> None:
    """`count` copies of the template's case and assessment, paid on `day` (one INSERT … SELECT each)."""
    from django.db import connection

    from loket.applications.models import Application
    from loket.payments.models import Assessment

    app_table, fee_table = Application._meta.db_table, Assessment._meta.db_table
    app_columns = [f.column for f in Application._meta.concrete_fields if f.column != "id"]
    overrides = {
        "tracking_number": f"'{prefix}' || lpad(g::text, 10, '0')",
        "idempotency_key": f"'{prefix}' || g::text",
    }
    select = ", ".join(overrides.get(c, f't."{c}"') for c in app_columns)
    start = f"'{day.isoformat()}T00:00:00+00:00'::timestamptz"
    fee_columns = [f.column for f in Assessment._meta.concrete_fields if f.column != "id"]
    fee_overrides = {
        "application_id": "a.id",
        "number": "'SKRD/' || a.tracking_number",
        "reference": "a.tracking_number",
        "status": "'paid'",
        "codes": "'ready'",
        "provider": "'bench'",
        "paid_at": f"{start} + mod(substr(a.tracking_number, {len(prefix) + 1})::int, 86400) * interval '1 second'",
        "paid_event": "'evt_' || a.tracking_number",
        "paid_channel": "'qris'",
    }
    fee_select = ", ".join(fee_overrides.get(c, f't."{c}"') for c in fee_columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{app_table}" ({", ".join(chr(34) + c + chr(34) for c in app_columns)}) '
            f'SELECT {select} FROM "{app_table}" t, generate_series(1, %s) g WHERE t.id = %s',
            [count, template.application_id],
        )
        cursor.execute(
            f'INSERT INTO "{fee_table}" ({", ".join(chr(34) + c + chr(34) for c in fee_columns)}) '
            f'SELECT {fee_select} FROM "{fee_table}" t, "{app_table}" a '
            f"WHERE t.id = %s AND a.tracking_number LIKE %s",
            [template.pk, prefix + "%"],
        )
        cursor.execute(f'ANALYZE "{app_table}"; ANALYZE "{fee_table}"')


def settlement_file(prefix: str, count: int, day: dt.date) -> str:
    """The provider's CSV for `count` payments of the clones; every 1000th line a discrepancy."""
    lines = ["reference,va_number,amount,paid_at,channel"]
    stamp = f"{day.isoformat()}T12:00:00Z"
    for g in range(1, count + 1):
        reference = f"{prefix}{g:010d}"
        amount = AMOUNT
        if g % 1000 == 0:
            reference = f"X{prefix}{g:010d}"  # a bill Loket does not know
        elif g % 1000 == 500:
            amount = AMOUNT - 1000  # paid short
        lines.append(f"{reference},88810{g:011d},{amount},{stamp},qris")
    return "\n".join(lines) + "\n"


def reconcile(prefix: str, count: int, day: dt.date, template) -> dict:
    from loket.payments import reconciliation

    clone(template, prefix, count, day)
    FILES[day.isoformat()] = settlement_file(prefix, count, day)
    began = time.perf_counter()
    run = reconciliation.reconcile_day("bench", day)
    seconds = time.perf_counter() - began
    FILES.pop(day.isoformat())
    if run.status != "done":
        raise RuntimeError(f"reconciliation failed: {run.error}")
    return {"lines": run.lines, "seconds": round(seconds, 2), "discrepancies": run.discrepancies,
            "matched": run.matched, "us_per_line": round(seconds / count * 1e6, 2)}  # fmt: skip


def webhook(events: int, rounds: int) -> dict:
    from django.db import connection

    from loket.payments import services, signatures

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_floor_payments (id bigserial, body text)")
    turns = {"floor": 0.0, "ours": 0.0}
    serial = 0
    for _turn in range(rounds):
        batch = []
        for _ in range(events // rounds):
            serial += 1
            body = json.dumps(
                {"id": f"evt_{serial:012d}", "type": "payment.paid", "reference": f"LKT{serial:010d}",
                 "amount": AMOUNT, "va_number": f"88810{serial:011d}", "channel": "qris",
                 "paid_at": "2026-12-07T03:04:05Z"},
                separators=(",", ":"),
            ).encode()  # fmt: skip
            batch.append((signatures.sign(SECRET, int(time.time()), body), body))
        began = time.perf_counter()
        with connection.cursor() as cursor:
            for _, body in batch:
                cursor.execute("INSERT INTO bench_floor_payments (body) VALUES (%s)", [body.decode()])
        turns["floor"] += time.perf_counter() - began
        began = time.perf_counter()
        for signature, body in batch:
            _, new = services.receive("bench", signature=signature, body=body)
            assert new
        turns["ours"] += time.perf_counter() - began
    done = (events // rounds) * rounds
    floor, ours = done / turns["floor"], done / turns["ours"]
    return {"events": done, "floor_per_s": round(floor, 1), "per_s": round(ours, 1), "ratio": round(ours / floor, 3)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=6000)
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--database", default="loket_bench_payments")
    parser.add_argument("--no-save", action="store_true", help="do not save the figures in bench/results.json")
    args = parser.parse_args(argv)
    common.stop_on_sigterm()
    database_url = common.database_url_named(args.database)
    os.environ["LOKET_DATA_DIR"] = tempfile.mkdtemp(prefix="loket-bench-payments-")
    common.fresh_database(database_url)
    from django.conf import settings

    server = ThreadingHTTPServer(("127.0.0.1", 0), Provider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.LOKET_PAYMENT_PROVIDERS = {
        "bench": {"base_url": f"http://127.0.0.1:{server.server_address[1]}", "api_key": "k", "secrets": [SECRET],
                  "timeout": 120}
    }  # fmt: skip
    settings.LOKET_PAYMENT_PROVIDER_BY_REGION = {"*": "bench"}

    print("Webhook …", flush=True)
    hooks = webhook(args.events, rounds=6)
    print(json.dumps(hooks), flush=True)
    template = seed_case()
    print(f"Rekonsiliasi {args.small:,} baris …", flush=True)
    small = reconcile("A", args.small, dt.date(2026, 12, 5), template)
    print(json.dumps(small), flush=True)
    print(f"Rekonsiliasi {args.large:,} baris …", flush=True)
    large = reconcile("B", args.large, dt.date(2026, 12, 6), template)
    print(json.dumps(large), flush=True)
    server.shutdown()
    growth = large["us_per_line"] / small["us_per_line"] if small["us_per_line"] else None
    figures = {
        "ratio": hooks["ratio"],
        "webhook_per_s": hooks["per_s"],
        "webhook_floor_per_s": hooks["floor_per_s"],
        "webhook_events": hooks["events"],
        "growth": round(growth, 3) if growth else None,
        "reconcile_seconds_small": small["seconds"],
        "reconcile_lines_small": small["lines"],
        "reconcile_seconds": large["seconds"],
        "reconcile_lines": large["lines"],
        "reconcile_discrepancies": large["discrepancies"],
        "targets": {"ratio": WEBHOOK_TARGET, "reconcile_seconds": RECONCILE_SECONDS, "growth": GROWTH_TARGET},
    }
    print(json.dumps(figures))
    if not args.no_save:
        common.save_result("payments", figures)
    if hooks["ratio"] < WEBHOOK_TARGET or large["seconds"] > RECONCILE_SECONDS or (growth or 0) > GROWTH_TARGET:
        print("Target missed.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
