"""The payment provider simulator (loket.payments.simulator) as the tests run it: its own process on a free port,
and a stand-in receiver for its callbacks."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = "rahasia-uji"
KEY = "kunci-api-uji"
CONTROL_KEY = "kunci-kontrol-uji"


class Receiver:
    """Loket's callback endpoint stand-in: records each callback, answers with the next scripted status."""

    def __init__(self, statuses=()):
        self.calls: list[tuple[dict, bytes]] = []
        self.statuses = list(statuses)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.calls.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/notifikasi"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, count: int, timeout: float = 15) -> list[tuple[dict, bytes]]:
        deadline = time.monotonic() + timeout
        while len(self.calls) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.calls


class Simulator:
    def __init__(self, data, callback_url, *extra):
        self.args = [sys.executable, "-m", "loket.payments.simulator", "--port", "0", "--data", str(data),
                     "--secret", SECRET, "--api-key", KEY, "--control-key", CONTROL_KEY,
                     "--callback-url", callback_url, *extra]  # fmt: skip
        self.start()

    def start(self):
        self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE, text=True, env=os.environ.copy())
        line = self.process.stdout.readline()
        self.base = line.split(" on ")[1].strip().rstrip("/")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def outage(self, down: bool) -> None:
        """Play (or end) an outage: every API call answers 503 meanwhile."""
        assert self.call("POST", "/v1/_kontrol", {"down": down}, key=CONTROL_KEY) == (200, {"down": down})

    def call(self, method, path, data=None, key=KEY):
        body = None if data is None else json.dumps(data).encode()
        request = urllib.request.Request(self.base + path, data=body, method=method)
        request.add_header("Authorization", f"Bearer {key}")
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                raw = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            raw, status = error.read(), error.code
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, raw.decode()


def finance_world(agency) -> dict:
    """An open discrepancy of agency A for the quality harness: yesterday's reconciliation found a payment Loket
    recorded that the provider's file does not list (no assessment row needed: the finding keeps its amounts)."""
    import datetime as dt

    from django.utils import timezone

    from loket.payments.models import Discrepancy, Reconciliation

    now = timezone.now()
    run = Reconciliation.objects.create(
        provider="sim", day=now.date() - dt.timedelta(days=1), status="done", finished_at=now, lines=3,
        settled_total=330000, matched=3, matched_total=330000, paid_count=4, paid_total=440000, discrepancies=1,
    )  # fmt: skip
    discrepancy = Discrepancy.objects.create(
        reconciliation=run, kind="paid_not_settled", reference="LKT0000000004", loket_amount=110000,
        agency=agency, created_at=now,
    )  # fmt: skip
    return {"reconciliation": run, "discrepancy": discrepancy}


# ---------------------------------------------------------------- a levied service and its cases (tests/payments)

LEVY_FORM = [
    {"key": "lokasi", "type": "text", "label": {"id": "Lokasi reklame"}, "required": True},
    {"key": "luas", "type": "number", "label": {"id": "Luas bidang reklame (m²)"}, "required": True},
]
LEVY_TARIFF = {
    "items": [
        {"kind": "per_unit", "label": "Sewa titik reklame", "rate": 25000, "unit": "m²", "input": "luas"},
        {"kind": "flat", "label": "Biaya administrasi", "amount": 10000},
    ]
}


def levy_service(editor, agency, category, units, code, *, fee_tariff=None, fee_amount=None, channels=None):
    """A published billboard licence whose SOP has a payment step after the officer's check."""
    from loket.applications import services as applications
    from loket.catalogue import services as catalogue
    from loket.workflow import services as workflow
    from tests.helpers.catalogue import COMPLETE_CONTENT

    service = catalogue.create_service(
        actor=editor, agency=agency, code=code, name_id="Izin Reklame", category=category, channels=channels
    )
    draft = catalogue.open_draft(actor=editor, service=service)
    content = {**COMPLETE_CONTENT, "fee_amount": fee_amount, "fee_tariff": fee_tariff,
               "fee_legal_basis": "Perda Kota Bandung 1/2024 tentang Pajak Daerah dan Retribusi Daerah"}  # fmt: skip
    catalogue.update_draft(actor=editor, draft=draft, changes=content)
    applications.save_form(actor=editor, standard=draft, fields=LEVY_FORM)
    workflow.save_procedure(
        actor=editor,
        standard=draft,
        steps=[
            {"name_id": "Verifikasi berkas", "role": "officer", "unit_id": units["front"].pk, "sla_days": 2},
            {"name_id": "Pembayaran retribusi", "role": "officer", "unit_id": units["front"].pk, "sla_days": 1,
             "kind": "payment"},
            {"name_id": "Penetapan izin", "role": "agency_head", "sla_days": 1},
        ],
    )  # fmt: skip
    catalogue.publish(actor=editor, service=service)
    service.refresh_from_db()
    return service


def file_levy(service, applicant, luas, key="k-1"):
    from loket.applications import services as applications
    from tests.helpers.applications import PDF

    ktp = applications.store_upload(owner=applicant, data=PDF, name="ktp.pdf", requirement="req_0")
    application, _ = applications.submit(
        actor=applicant,
        applicant=applicant,
        service=service,
        answers={"lokasi": "Jl. Asia Afrika 8", "luas": luas},
        upload_ids={"req_0": str(ktp.pk)},
        idempotency_key=key,
    )
    return application


def verify_first_step(application, officer):
    """The officer approves the check: the payment step opens and the levy is assessed."""
    from loket.workflow import services as workflow
    from loket.workflow.models import Task

    task = Task.objects.get(application=application, status=Task.Status.OPEN)
    workflow.claim(actor=officer, task_id=task.pk)
    return workflow.act(actor=officer, task_id=task.pk, action="approve", note="Berkas lengkap")


# ---------------------------------------------------------------- a paid service and a case through it


def billboard_service(editor, agency, category, units, code="izin-reklame"):
    """A published paid service on every channel: verification, payment (system step), the head's decision."""
    return levy_service(
        editor, agency, category, units, code, fee_tariff=LEVY_TARIFF, channels=["online", "counter", "assisted"]
    )


def simulated_provider(settings, simulator):
    settings.LOKET_PAYMENT_PROVIDERS = {
        "sim": {"base_url": simulator.base, "api_key": KEY, "secrets": [SECRET],
                "pay_url": simulator.base + "/bayar/{reference}", "timeout": 5}
    }  # fmt: skip
    settings.LOKET_PAYMENT_PROVIDER_BY_REGION = {"*": "sim"}


def file_and_verify(service, applicant, officer, luas=4, key="k-1"):
    """File a case and approve its verification: the case then waits for its levy."""
    from loket.applications import services as applications
    from loket.workflow import services as workflow
    from loket.workflow.models import Task
    from tests.helpers.applications import PDF

    ktp = applications.store_upload(owner=applicant, data=PDF, name="ktp.pdf", requirement="req_0")
    application, _ = applications.submit(
        actor=applicant, applicant=applicant, service=service, answers={"lokasi": "Jl. Asia Afrika 8", "luas": luas},
        upload_ids={"req_0": str(ktp.pk)}, idempotency_key=key,
    )  # fmt: skip
    task = Task.objects.get(application=application, status=Task.Status.OPEN)
    workflow.claim(actor=officer, task_id=task.pk)
    workflow.act(actor=officer, task_id=task.pk, action="approve", note="Berkas lengkap")
    return application


def deliver(receiver, count, provider_key="sim"):
    """Hand the simulator's callbacks (as received by the stand-in) to Loket and apply them, as the worker does."""
    from loket.payments import services as payments
    from loket.payments import signatures

    for headers, body in receiver.wait(count)[len(receiver.delivered) if hasattr(receiver, "delivered") else 0 :]:
        payments.receive(provider_key, signature=headers[signatures.HEADER], body=body)
    receiver.delivered = list(receiver.calls)
    return payments.apply_events()


def pay(simulator, receiver, assessment, channel="qris"):
    """Register the bill's codes, pay it at the simulator and deliver the confirmation."""
    from loket.payments import services as payments

    payments.register_codes()
    assessment.refresh_from_db()
    payer = {"qris": assessment.qris} if channel == "qris" else {"va_number": assessment.va_number}
    status, _ = simulator.call("POST", "/v1/_bayar", {**payer, "amount": assessment.amount})
    assert status == 200
    return deliver(receiver, len(getattr(receiver, "delivered", [])) + 1)
