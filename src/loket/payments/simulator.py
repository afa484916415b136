"""A local payment provider: the regional bank (or an aggregator) Loket cannot reach from here, as its own HTTP process.

Run: ``python -m loket.payments.simulator --port 8750 --data simulator.sqlite3 --secret S --api-key K
--callback-url http://127.0.0.1:8000/api/v1/pembayaran/notifikasi``

It plays the provider's side of the protocol in docs/payments.md, and deliberately imports nothing from Loket
(stdlib only), so its QRIS encoder and webhook signature are an independent implementation that Loket's own must
agree with. State is in SQLite, so a killed simulator restarts with every bill and undelivered callback.

- API (``Authorization: Bearer <api key>``): create a bill (idempotent by reference), read it, cancel it,
  refund it; the daily settlement file as CSV.
- A payer's page ``/bayar/<reference>`` where a demo citizen "pays" by QRIS or virtual account.
- Callbacks: signed (HMAC-SHA256 over "<timestamp>.<body>"), sent after ``--delay`` seconds, ``--duplicates``
  extra times, retried with back-off until the receiver answers 2xx.
- Faults for tests: ``POST /v1/_kontrol {"down": true}`` answers every API call with 503 until set back; it needs
  ``Authorization: Bearer <control key>`` (``--control-key``; without one the control endpoint is off), so nobody
  who can reach the payer's page can take the "bank" down.
- Any body it cannot read (not JSON, not an object, fields of the wrong type, over ``MAX_BODY`` bytes, a bad
  Content-Length) is answered 400 or 413 with a reason; nothing a caller sends stops the process.
"""

from __future__ import annotations

import argparse
import binascii
import csv
import datetime as dt
import hashlib
import hmac
import html
import io
import json
import secrets
import sqlite3
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SCHEMA = """
create table if not exists bill (
    reference text primary key, amount integer not null, description text not null default '',
    status text not null, va_number text not null unique, qris text not null, expires_at text not null,
    created_at text not null, paid_at text, channel text, refunded integer not null default 0, refund_reason text
);
create table if not exists event (
    id text primary key, reference text not null, body text not null, copies integer not null,
    attempts integer not null default 0, next_at real not null, delivered_at text
);
create table if not exists sequence (name text primary key, value integer not null);
"""
UTC = dt.UTC
MAX_ATTEMPTS = 12
MAX_BODY = 64 * 1024  # bytes: a bill, a payment or a refund is a few hundred


class BadRequest(Exception):
    """A request the simulator cannot read: answered with `status` and the reason, never a crash."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def _now() -> dt.datetime:
    return dt.datetime.now(UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def qris_payload(*, merchant: str, city: str, nmid: str, amount: int, bill: str, reference: str) -> str:
    """A dynamic QRIS payload (EMVCo MPM): the acquirer's own encoder, independent of Loket's."""
    body = (
        _tlv("00", "01")
        + _tlv("01", "12")
        + _tlv("51", _tlv("00", "ID.CO.QRIS.WWW") + _tlv("02", nmid) + _tlv("03", "UME"))
        + _tlv("52", "9399")
        + _tlv("53", "360")
        + _tlv("54", str(amount))
        + _tlv("58", "ID")
        + _tlv("59", merchant[:25])
        + _tlv("60", city[:15])
        + _tlv("62", _tlv("01", bill[:25]) + _tlv("05", reference[:25]))
        + "6304"
    )
    return body + f"{binascii.crc_hqx(body.encode('ascii'), 0xFFFF):04X}"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


class Bank:
    """The provider's books: bills, callbacks owed, and the settlement of a day."""

    def __init__(self, path: str, options):
        self.path = path
        self.options = options
        self.lock = threading.Lock()
        self.delivering = threading.Lock()  # one sender at a time: duplicates come only from --duplicates
        self.down = False
        with self._db() as db:
            db.executescript(SCHEMA)

    def _db(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("pragma journal_mode=wal")
        return db

    def _next_va(self, db) -> str:
        db.execute("insert or ignore into sequence values ('va', 0)")
        db.execute("update sequence set value = value + 1 where name = 'va'")
        value = db.execute("select value from sequence where name = 'va'").fetchone()[0]
        prefix = self.options.va_prefix
        return prefix + str(value).zfill(self.options.va_length - len(prefix))

    def create(self, data: dict) -> tuple[int, dict]:
        reference = str(data.get("reference") or "")
        amount = data.get("amount")
        expires = str(data.get("expires_at") or "")
        if not reference or len(reference) > 25 or not isinstance(amount, int) or isinstance(amount, bool):
            return 400, {"error": "reference (1-25 characters) and a whole-rupiah amount are required"}
        if not 0 < amount < 10**15:
            return 400, {"error": "amount must be positive and under 10^15 rupiah"}
        try:
            expires_at = dt.datetime.fromisoformat(expires.replace("Z", "+00:00"))
        except ValueError:
            return 400, {"error": "expires_at must be an ISO 8601 time"}
        with self.lock, self._db() as db:
            existing = db.execute("select * from bill where reference = ?", (reference,)).fetchone()
            if existing:
                if existing["amount"] != amount:
                    return 409, {"error": "reference already used for another amount"}
                return 200, _bill(existing)
            db.execute("begin immediate")
            va = self._next_va(db)
            qris = qris_payload(
                merchant=self.options.merchant,
                city=self.options.city,
                nmid=self.options.nmid,
                amount=amount,
                bill=va,
                reference=reference,
            )
            db.execute(
                "insert into bill (reference, amount, description, status, va_number, qris, expires_at, created_at)"
                " values (?, ?, ?, 'unpaid', ?, ?, ?, ?)",
                (reference, amount, str(data.get("description") or "")[:200], va, qris, _iso(expires_at), _iso(_now())),
            )
            db.execute("commit")
            return 201, _bill(db.execute("select * from bill where reference = ?", (reference,)).fetchone())

    def get(self, reference: str) -> dict | None:
        with self._db() as db:
            row = db.execute("select * from bill where reference = ?", (reference,)).fetchone()
        return _bill(row, expire=True) if row else None

    def cancel(self, reference: str) -> tuple[int, dict]:
        with self.lock, self._db() as db:
            row = db.execute("select * from bill where reference = ?", (reference,)).fetchone()
            if not row:
                return 404, {"error": "unknown bill"}
            if row["status"] == "paid":
                return 409, {"error": "bill already paid"}
            db.execute("update bill set status = 'cancelled' where reference = ? and status = 'unpaid'", (reference,))
            return 200, _bill(db.execute("select * from bill where reference = ?", (reference,)).fetchone())

    def pay(
        self, *, reference: str = "", va_number: str = "", qris: str = "", amount=None, channel=""
    ) -> tuple[int, dict]:
        with self.lock, self._db() as db:
            if qris:
                row = db.execute("select * from bill where qris = ?", (qris,)).fetchone()
                channel = channel or "qris"
            elif va_number:
                row = db.execute("select * from bill where va_number = ?", (va_number,)).fetchone()
                channel = channel or "va"
            else:
                row = db.execute("select * from bill where reference = ?", (reference,)).fetchone()
            if not row:
                return 404, {"error": "unknown bill"}
            if amount is not None and amount != row["amount"]:
                return 400, {"error": "partial or excess payments are refused: pay the billed amount"}
            if row["status"] == "paid":
                return 409, {"error": "bill already paid"}
            if row["status"] != "unpaid" or _expired(row):
                return 410, {"error": f"bill is {_bill(row, expire=True)['status']}"}
            paid_at = _iso(_now())
            db.execute("begin immediate")
            db.execute(
                "update bill set status = 'paid', paid_at = ?, channel = ? where reference = ?",
                (paid_at, channel or "qris", row["reference"]),
            )
            body = {
                "id": "evt_" + secrets.token_hex(8),
                "type": "payment.paid",
                "reference": row["reference"],
                "amount": row["amount"],
                "va_number": row["va_number"],
                "channel": channel or "qris",
                "paid_at": paid_at,
            }
            self._owe(db, body)
            db.execute("commit")
            return 200, _bill(db.execute("select * from bill where reference = ?", (row["reference"],)).fetchone())

    def refund(self, reference: str, data: dict) -> tuple[int, dict]:
        amount, reason = data.get("amount"), str(data.get("reason") or "").strip()
        with self.lock, self._db() as db:
            row = db.execute("select * from bill where reference = ?", (reference,)).fetchone()
            if not row:
                return 404, {"error": "unknown bill"}
            if row["status"] != "paid":
                return 409, {"error": "only a paid bill can be refunded"}
            if (
                not isinstance(amount, int)
                or isinstance(amount, bool)
                or not 0 < amount <= row["amount"] - row["refunded"]
            ):
                return 400, {"error": "refund amount must be positive and at most what was paid and not yet refunded"}
            if not reason:
                return 400, {"error": "a refund needs a reason"}
            db.execute("begin immediate")
            db.execute(
                "update bill set refunded = refunded + ?, refund_reason = ? where reference = ?",
                (amount, reason, reference),
            )
            body = {
                "id": "evt_" + secrets.token_hex(8),
                "type": "payment.refunded",
                "reference": reference,
                "amount": amount,
                "reason": reason,
                "refunded_at": _iso(_now()),
            }
            self._owe(db, body)
            db.execute("commit")
            return 200, _bill(db.execute("select * from bill where reference = ?", (reference,)).fetchone())

    def _owe(self, db, body: dict) -> None:
        text = json.dumps(body, separators=(",", ":"), sort_keys=True)
        db.execute(
            "insert into event (id, reference, body, copies, next_at) values (?, ?, ?, ?, ?)",
            (body["id"], body["reference"], text, 1 + self.options.duplicates, time.time() + self.options.delay),
        )

    def settlement(self, day: dt.date) -> str:
        start = dt.datetime.combine(day, dt.time(), UTC)
        rows = []
        with self._db() as db:
            for row in db.execute("select * from bill where paid_at is not null order by paid_at, reference"):
                if start <= dt.datetime.fromisoformat(row["paid_at"].replace("Z", "+00:00")) < start + dt.timedelta(1):
                    rows.append(row)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["reference", "va_number", "amount", "paid_at", "channel"])
        for row in rows:
            writer.writerow([row["reference"], row["va_number"], row["amount"], row["paid_at"], row["channel"]])
        return out.getvalue()

    def deliver_due(self) -> int:
        """Send every callback that is due (copies for duplicates); back off on failure. Returns deliveries."""
        if not self.options.callback_url:
            return 0
        with self.delivering:
            return self._deliver_due()

    def _deliver_due(self) -> int:
        sent = 0
        with self._db() as db:
            due = db.execute(
                "select * from event where delivered_at is null and next_at <= ? and attempts < ?",
                (time.time(), MAX_ATTEMPTS),
            ).fetchall()
        for event in due:
            body = event["body"].encode()
            delivered = 0
            for _ in range(event["copies"]):
                request = urllib.request.Request(
                    self.options.callback_url,
                    data=body,
                    method="POST",
                    headers={
                        "Content-Type": "application/json",
                        "X-Loket-Signature": signature(self.options.secret, int(time.time()), body),
                    },
                )
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        delivered += 200 <= response.status < 300
                except (urllib.error.URLError, OSError):
                    break
            with self._db() as db:
                if delivered:
                    db.execute(
                        "update event set delivered_at = ?, attempts = attempts + 1 where id = ?",
                        (_iso(_now()), event["id"]),
                    )
                    sent += delivered
                else:
                    backoff = min(2 ** event["attempts"], 60)
                    db.execute(
                        "update event set attempts = attempts + 1, next_at = ? where id = ?",
                        (time.time() + backoff, event["id"]),
                    )
        return sent


def _expired(row) -> bool:
    return dt.datetime.fromisoformat(row["expires_at"].replace("Z", "+00:00")) <= _now()


def _bill(row, expire: bool = False) -> dict:
    status = row["status"]
    if expire and status == "unpaid" and _expired(row):
        status = "expired"
    return {
        "reference": row["reference"],
        "amount": row["amount"],
        "status": status,
        "va_number": row["va_number"],
        "qris": row["qris"],
        "expires_at": row["expires_at"],
        "paid_at": row["paid_at"],
        "channel": row["channel"],
        "refunded": row["refunded"],
    }


PAGE = """<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{title}</title><style>body{{font-family:sans-serif;max-width:32rem;margin:1rem auto;padding:0 1rem}}
code{{word-break:break-all}}button{{font-size:1rem;padding:.5rem 1rem;margin:.25rem 0}}</style></head><body>
<p><strong>Simulator penyedia pembayaran</strong> — bukan bank sungguhan; hanya untuk demo dan pengujian.</p>
<h1>{title}</h1>{body}</body></html>"""


class Handler(BaseHTTPRequestHandler):
    bank: Bank
    server_version = "LoketPaymentSimulator/1"

    def log_message(self, *args):  # quiet: tests read the state, not the log
        pass

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _body(self) -> bytes:
        length = (self.headers.get("Content-Length") or "0").strip()
        if not length.isdigit():
            self.close_connection = True  # the body's end is unknown: the connection cannot be reused
            raise BadRequest("Content-Length must be a whole number of bytes")
        if int(length) > MAX_BODY:
            self.close_connection = True  # not read: the rest of it must not be taken for the next request
            raise BadRequest(f"body over {MAX_BODY} bytes", 413)
        return self.rfile.read(int(length))

    def _data(self, raw: bytes) -> dict:
        """The JSON object of a request body (an empty body is an empty object)."""
        try:
            data = json.loads(raw.decode("utf-8-sig") or "{}")
        except ValueError:  # also a body that is not UTF-8
            raise BadRequest("body must be JSON") from None
        if not isinstance(data, dict):
            raise BadRequest("body must be a JSON object")
        for name in ("reference", "va_number", "qris", "expires_at", "description", "reason"):
            if data.get(name) is not None and not isinstance(data[name], str):
                raise BadRequest(f"{name} must be a string")
        return data

    def _control_authorised(self) -> bool:
        key = self.bank.options.control_key
        if not key:
            self._json(403, {"error": "the control endpoint is off (start with --control-key)"})
            return False
        if not hmac.compare_digest(self.headers.get("Authorization", "").encode(), f"Bearer {key}".encode()):
            self._json(401, {"error": "bad control key"})
            return False
        return True

    def _authorised(self) -> bool:
        expected = f"Bearer {self.bank.options.api_key}".encode()
        if not hmac.compare_digest(self.headers.get("Authorization", "").encode(), expected):
            self._json(401, {"error": "bad api key"})
            return False
        if self.bank.down:
            self._json(503, {"error": "provider unavailable"})
            return False
        return True

    def do_GET(self):
        self._safely(self._get)

    def do_POST(self):
        self._safely(self._post)

    def _safely(self, handle) -> None:
        """Answer a request the simulator cannot read with its reason, and anything unexpected with 500: one odd
        request never stops the process (nor leaves a thread's traceback as the only trace)."""
        try:
            handle()
        except BadRequest as error:
            self._json(error.status, {"error": str(error)})
        except (sqlite3.Error, ValueError, TypeError, KeyError, AttributeError, OverflowError) as error:
            sys.stderr.write(f"simulator: {type(error).__name__}: {error}\n")
            self._json(500, {"error": f"internal error ({type(error).__name__})"})

    def _get(self):
        path = urllib.parse.urlparse(self.path).path
        if path == "/health":
            return self._json(200, {"ok": True})
        if path.startswith("/bayar/"):
            return self._pay_page(urllib.parse.unquote(path.removeprefix("/bayar/")))
        if not self._authorised():
            return None
        if path.startswith("/v1/tagihan/"):
            bill = self.bank.get(urllib.parse.unquote(path.removeprefix("/v1/tagihan/")))
            return self._json(200, bill) if bill else self._json(404, {"error": "unknown bill"})
        if path.startswith("/v1/settlement/"):
            try:
                day = dt.date.fromisoformat(path.removeprefix("/v1/settlement/").removesuffix(".csv"))
            except ValueError:
                return self._json(400, {"error": "day must be YYYY-MM-DD"})
            return self._send(200, self.bank.settlement(day).encode(), "text/csv; charset=utf-8")
        return self._json(404, {"error": "not found"})

    def _post(self):
        path = urllib.parse.urlparse(self.path).path
        raw = self._body()
        if path.startswith("/bayar/"):
            form = urllib.parse.parse_qs(raw.decode("utf-8", "replace"))
            reference = urllib.parse.unquote(path.removeprefix("/bayar/"))
            channel = (form.get("channel") or ["qris"])[0]
            status, result = self.bank.pay(
                reference=reference, channel=channel if channel in ("qris", "va") else "qris"
            )
            self.bank.deliver_due()
            message = "Pembayaran diterima. Silakan kembali ke Loket." if status == 200 else result["error"]
            page = PAGE.format(title="Pembayaran", body=f"<p role='status'>{html.escape(message)}</p>")
            return self._send(status, page.encode(), "text/html; charset=utf-8")
        data = self._data(raw)
        if path == "/v1/_kontrol":
            if not self._control_authorised():
                return None
            if not isinstance(data.get("down"), bool):
                raise BadRequest("down must be true or false")
            self.bank.down = data["down"]
            return self._json(200, {"down": self.bank.down})
        if path == "/v1/_bayar":  # a payer's app: by QRIS payload or VA number, with the amount paid
            if self.bank.down:
                return self._json(503, {"error": "provider unavailable"})
            amount = data.get("amount")
            if amount is not None and (not isinstance(amount, int) or isinstance(amount, bool)):
                raise BadRequest("amount must be a whole number of rupiah")
            status, result = self.bank.pay(
                reference=str(data.get("reference") or ""),
                va_number=str(data.get("va_number") or ""),
                qris=str(data.get("qris") or ""),
                amount=data.get("amount"),
            )
            self.bank.deliver_due()
            return self._json(status, result)
        if not self._authorised():
            return None
        if path == "/v1/tagihan":
            return self._json(*self.bank.create(data))
        if path.startswith("/v1/tagihan/") and path.endswith("/batal"):
            return self._json(*self.bank.cancel(urllib.parse.unquote(path[len("/v1/tagihan/") : -len("/batal")])))
        if path.startswith("/v1/tagihan/") and path.endswith("/refund"):
            reference = urllib.parse.unquote(path[len("/v1/tagihan/") : -len("/refund")])
            return self._json(*self.bank.refund(reference, data))
        return self._json(404, {"error": "not found"})

    def _pay_page(self, reference: str) -> None:
        bill = self.bank.get(reference)
        if not bill:
            page = PAGE.format(title="Tagihan tidak ditemukan", body="<p>Periksa kembali tautan pembayaran.</p>")
            return self._send(404, page.encode(), "text/html; charset=utf-8")
        amount = f"Rp{bill['amount']:,}".replace(",", ".")
        body = (
            f"<dl><dt>Nomor tagihan</dt><dd>{html.escape(bill['reference'])}</dd><dt>Jumlah</dt><dd>{amount}</dd>"
            f"<dt>Rekening virtual</dt><dd>{bill['va_number']}</dd><dt>Status</dt><dd>{bill['status']}</dd>"
            f"<dt>QRIS</dt><dd><code>{html.escape(bill['qris'])}</code></dd></dl>"
        )
        if bill["status"] == "unpaid":
            for channel, label in (("qris", "Bayar dengan QRIS"), ("va", "Bayar lewat rekening virtual")):
                body += (
                    f"<form method='post'><input type='hidden' name='channel' value='{channel}'>"
                    f"<button type='submit'>{label}</button></form>"
                )
        return self._send(200, PAGE.format(title=f"Bayar {amount}", body=body).encode(), "text/html; charset=utf-8")


def _deliverer(bank: Bank, stop: threading.Event) -> None:
    while not stop.wait(0.2):
        try:
            bank.deliver_due()
        except sqlite3.Error:
            continue


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8750)
    parser.add_argument("--data", default="payment-simulator.sqlite3")
    parser.add_argument("--secret", required=True, help="shared webhook secret")
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--control-key", default="", help="key of POST /v1/_kontrol (off without one)")
    parser.add_argument("--callback-url", default="")
    parser.add_argument("--va-prefix", default="88810")
    parser.add_argument("--va-length", type=int, default=16)
    parser.add_argument("--merchant", default="KAS DAERAH")
    parser.add_argument("--city", default="BANDUNG")
    parser.add_argument("--nmid", default="ID1022000000001")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before a callback is first sent")
    parser.add_argument("--duplicates", type=int, default=0, help="extra copies of every callback")
    options = parser.parse_args(argv)
    bank = Bank(options.data, options)
    Handler.bank = bank
    server = ThreadingHTTPServer((options.host, options.port), Handler)
    stop = threading.Event()
    threading.Thread(target=_deliverer, args=(bank, stop), daemon=True).start()
    sys.stdout.write(f"payment simulator on http://{options.host}:{server.server_address[1]}/\n")
    sys.stdout.flush()
    try:
        server.serve_forever()
    finally:
        stop.set()


if __name__ == "__main__":
    main()
