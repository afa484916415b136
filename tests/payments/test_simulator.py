"""The payment provider simulator as its own process: bills, payer's page, signed callbacks (delayed, duplicated,
retried, surviving a kill -9), refunds, settlement file, outage. Loket's own QRIS parser, virtual-account reader and
signature check must agree with its independent implementation."""

import datetime as dt
import http.client
import json
import time
import urllib.request

import pytest

from loket.payments import accounts, qris, signatures
from tests.helpers.payments import CONTROL_KEY, KEY, SECRET, Receiver, Simulator

pytestmark = pytest.mark.sqlite


def _expiry(hours=24):
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)).isoformat()


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()


@pytest.fixture
def simulator(tmp_path, receiver):
    sim = Simulator(tmp_path / "bank.sqlite3", receiver.url)
    yield sim
    sim.kill()


def test_bill_codes_agree_with_loket_parsers(simulator):
    status, bill = simulator.call(
        "POST", "/v1/tagihan", {"reference": "LKT-0001", "amount": 150000, "expires_at": _expiry()}
    )
    assert status == 201 and bill["status"] == "unpaid"
    payload = qris.parse(bill["qris"])
    assert payload.dynamic and payload.amount == 150000 and payload.reference == "LKT-0001"
    assert accounts.parse_virtual_account(bill["va_number"], "88810", length=16) == 1
    # idempotent by reference; another amount under the same reference is refused
    assert simulator.call(
        "POST", "/v1/tagihan", {"reference": "LKT-0001", "amount": 150000, "expires_at": _expiry()}
    ) == (200, bill)
    assert (
        simulator.call("POST", "/v1/tagihan", {"reference": "LKT-0001", "amount": 1, "expires_at": _expiry()})[0] == 409
    )
    second = simulator.call("POST", "/v1/tagihan", {"reference": "LKT-0002", "amount": 5000, "expires_at": _expiry()})[
        1
    ]
    assert accounts.parse_virtual_account(second["va_number"], "88810", length=16) == 2


@pytest.mark.parametrize(
    "data",
    [{}, {"reference": "X", "amount": "150000", "expires_at": "2030-01-01"}, {"reference": "X", "amount": 0,
     "expires_at": "2030-01-01"}, {"reference": "X" * 26, "amount": 1, "expires_at": "2030-01-01"},
     {"reference": "X", "amount": 1, "expires_at": "besok"}],
)  # fmt: skip
def test_bad_bills_are_refused(simulator, data):
    assert simulator.call("POST", "/v1/tagihan", data)[0] == 400


def test_api_needs_the_key(simulator):
    assert simulator.call("GET", "/v1/tagihan/X", key="salah")[0] == 401


def test_payment_sends_a_signed_callback_that_loket_verifies(simulator, receiver):
    bill = simulator.call("POST", "/v1/tagihan", {"reference": "LKT-0003", "amount": 75000, "expires_at": _expiry()})[1]
    assert simulator.call("POST", "/v1/_bayar", {"qris": bill["qris"], "amount": 70000})[0] == 400  # partial
    status, paid = simulator.call("POST", "/v1/_bayar", {"qris": bill["qris"], "amount": 75000})
    assert status == 200 and paid["status"] == "paid" and paid["channel"] == "qris"
    assert simulator.call("POST", "/v1/_bayar", {"va_number": bill["va_number"], "amount": 75000})[0] == 409
    headers, body = receiver.wait(1)[0]
    signatures.verify([SECRET], headers[signatures.HEADER], body, now=time.time())
    event = json.loads(body)
    assert event["type"] == "payment.paid" and event["reference"] == "LKT-0003" and event["amount"] == 75000
    with pytest.raises(signatures.SignatureRefused, match="tidak cocok"):
        signatures.verify(["lain"], headers[signatures.HEADER], body, now=time.time())
    with pytest.raises(signatures.SignatureRefused, match="tidak cocok"):
        signatures.verify([SECRET], headers[signatures.HEADER], body.replace(b"75000", b"7500"), now=time.time())
    settlement = simulator.call("GET", f"/v1/settlement/{dt.datetime.now(dt.UTC).date()}.csv")[1]
    assert settlement.splitlines()[0] == "reference,va_number,amount,paid_at,channel"
    assert f"LKT-0003,{bill['va_number']},75000," in settlement


def test_refund_and_cancel(simulator, receiver):
    bill = simulator.call("POST", "/v1/tagihan", {"reference": "LKT-0004", "amount": 10000, "expires_at": _expiry()})[1]
    assert simulator.call("POST", "/v1/tagihan/LKT-0004/refund", {"amount": 10000, "reason": "x"})[0] == 409
    simulator.call("POST", "/v1/_bayar", {"va_number": bill["va_number"], "amount": 10000})
    assert simulator.call("POST", "/v1/tagihan/LKT-0004/batal", {})[0] == 409
    assert simulator.call("POST", "/v1/tagihan/LKT-0004/refund", {"amount": 10000})[0] == 400  # no reason
    assert simulator.call("POST", "/v1/tagihan/LKT-0004/refund", {"amount": 10001, "reason": "x"})[0] == 400
    status, refunded = simulator.call(
        "POST", "/v1/tagihan/LKT-0004/refund", {"amount": 10000, "reason": "Layanan batal"}
    )
    assert status == 200 and refunded["refunded"] == 10000
    kinds = [json.loads(body)["type"] for _, body in receiver.wait(2)]
    assert kinds == ["payment.paid", "payment.refunded"]
    simulator.call("POST", "/v1/tagihan", {"reference": "LKT-0005", "amount": 10000, "expires_at": _expiry()})
    assert simulator.call("POST", "/v1/tagihan/LKT-0005/batal", {})[1]["status"] == "cancelled"
    assert simulator.call("POST", "/v1/_bayar", {"reference": "LKT-0005", "amount": 10000})[0] == 410


def test_expired_bill_cannot_be_paid(simulator):
    simulator.call("POST", "/v1/tagihan", {"reference": "LKT-0006", "amount": 10000, "expires_at": _expiry(-1)})
    assert simulator.call("GET", "/v1/tagihan/LKT-0006")[1]["status"] == "expired"
    assert simulator.call("POST", "/v1/_bayar", {"reference": "LKT-0006", "amount": 10000})[0] == 410


def test_payer_page_pays_without_javascript(simulator, receiver):
    simulator.call("POST", "/v1/tagihan", {"reference": "LKT-0007", "amount": 25000, "expires_at": _expiry()})
    with urllib.request.urlopen(simulator.base + "/bayar/LKT-0007", timeout=10) as page:
        text = page.read().decode()
    assert "Rp25.000" in text and "Bayar dengan QRIS" in text and "bukan bank sungguhan" in text
    request = urllib.request.Request(simulator.base + "/bayar/LKT-0007", data=b"channel=va", method="POST")
    with urllib.request.urlopen(request, timeout=10) as page:
        assert "Pembayaran diterima" in page.read().decode()
    assert simulator.call("GET", "/v1/tagihan/LKT-0007")[1]["channel"] == "va"
    assert json.loads(receiver.wait(1)[0][1])["channel"] == "va"


def test_outage_answers_503_and_keeps_state(simulator):
    simulator.call("POST", "/v1/tagihan", {"reference": "LKT-0008", "amount": 1000, "expires_at": _expiry()})
    simulator.outage(True)
    assert simulator.call("GET", "/v1/tagihan/LKT-0008")[0] == 503
    assert simulator.call("POST", "/v1/_bayar", {"reference": "LKT-0008", "amount": 1000})[0] == 503
    simulator.outage(False)
    assert simulator.call("GET", "/v1/tagihan/LKT-0008")[1]["status"] == "unpaid"


def test_control_needs_its_own_key(simulator):
    # neither no key, the API key (Loket's) nor a wrong one can take the "bank" down
    for key in ("", KEY, "salah"):
        assert simulator.call("POST", "/v1/_kontrol", {"down": True}, key=key)[0] == 401
    assert simulator.call("GET", "/health")[0] == 200
    simulator.call("POST", "/v1/tagihan", {"reference": "LKT-0011", "amount": 1000, "expires_at": _expiry()})
    assert simulator.call("GET", "/v1/tagihan/LKT-0011")[0] == 200  # still up
    assert simulator.call("POST", "/v1/_kontrol", {"down": "ya"}, key=CONTROL_KEY)[0] == 400


def test_control_is_off_without_a_key(tmp_path, receiver):
    sim = Simulator(tmp_path / "bank.sqlite3", receiver.url)
    sim.args[sim.args.index("--control-key") + 1] = ""
    sim.kill()
    sim.start()
    try:
        assert sim.call("POST", "/v1/_kontrol", {"down": True}, key="Bearer ")[0] == 403
        assert sim.call("POST", "/v1/_kontrol", {"down": True}, key="")[0] == 403
    finally:
        sim.kill()


def _raw(sim, method, path, body=b"", headers=None):
    """A request exactly as given (body bytes, headers), as a careless or hostile client sends it."""
    host, port = sim.base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest(method, path)
        headers = {"Authorization": f"Bearer {KEY}", "Content-Length": str(len(body)), **(headers or {})}
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        if body:
            connection.send(body)
        response = connection.getresponse()
        raw = response.read()
        return response.status, json.loads(raw) if raw.startswith(b"{") else raw.decode("utf-8", "replace")
    finally:
        connection.close()


ODD_BODIES = [
    ("/v1/tagihan", b"bukan json", "JSON"),
    ("/v1/tagihan", b"\xff\xfe\x00garbage", "JSON"),
    ("/v1/tagihan", b"[1, 2, 3]", "object"),
    ("/v1/tagihan", b"12", "object"),
    ("/v1/tagihan", b"null", "object"),
    ("/v1/tagihan", b'{"reference": ["X"], "amount": 1, "expires_at": "2030-01-01"}', "reference"),
    ("/v1/tagihan", b'{"reference": "X", "amount": 1, "expires_at": 20300101}', "expires_at"),
    ("/v1/tagihan", b'{"reference": "X", "amount": 1.5, "expires_at": "2030-01-01"}', "amount"),
    ("/v1/tagihan", b'{"reference": "X", "amount": true, "expires_at": "2030-01-01"}', "amount"),
    ("/v1/tagihan", b'{"reference": "X", "amount": 99999999999999999999999, "expires_at": "2030-01-01"}', "amount"),
    ("/v1/tagihan", b'{"reference": "X", "amount": 1, "expires_at": "2030-13-45"}', "expires_at"),
    ("/v1/tagihan", b'{"reference": "X", "amount": 1' + b"0" * 5000 + b', "expires_at": "2030-01-01"}', "JSON"),
    ("/v1/tagihan", b'{"amount": 1}', "reference"),
    ("/v1/_bayar", b'{"reference": "X", "amount": "1000"}', "amount"),
    ("/v1/_bayar", b'{"qris": {"a": 1}, "amount": 1000}', "qris"),
    ("/v1/_bayar", b"{{{", "JSON"),
    ("/v1/tagihan/X/refund", b'{"amount": "10", "reason": "x"}', "refund amount"),
    ("/v1/tagihan/X/refund", b'{"amount": 10, "reason": 5}', "reason"),
    ("/v1/_kontrol", b'"down"', "object"),
]


@pytest.mark.parametrize(("path", "body", "reason"), ODD_BODIES)
def test_odd_bodies_get_a_clear_400_and_the_simulator_keeps_serving(simulator, path, body, reason):
    if path == "/v1/tagihan/X/refund":  # a paid bill, so the refund's own checks are reached
        bill = simulator.call("POST", "/v1/tagihan", {"reference": "X", "amount": 1000, "expires_at": _expiry()})[1]
        simulator.call("POST", "/v1/_bayar", {"va_number": bill["va_number"], "amount": 1000})
    headers = {"Authorization": f"Bearer {CONTROL_KEY}"} if path == "/v1/_kontrol" else {}
    status, answer = _raw(simulator, "POST", path, body, headers)
    assert status == 400 and reason in answer["error"], answer
    assert simulator.call("GET", "/health") == (200, {"ok": True})
    assert simulator.process.poll() is None


@pytest.mark.parametrize(
    ("headers", "status", "reason"),
    [({"Content-Length": "abc"}, 400, "Content-Length"), ({"Content-Length": "-5"}, 400, "Content-Length"),
     ({"Content-Length": str(10**9)}, 413, "body over")],
)  # fmt: skip
def test_bad_lengths_and_huge_bodies_are_refused_unread(simulator, headers, status, reason):
    answer = _raw(simulator, "POST", "/v1/tagihan", b"", headers)
    assert answer[0] == status and reason in answer[1]["error"]
    assert simulator.call("GET", "/health") == (200, {"ok": True})


def test_a_huge_body_sent_whole_is_refused(simulator):
    body = json.dumps({"reference": "X", "amount": 1, "expires_at": _expiry(), "description": "x" * 200_000})
    status, answer = _raw(simulator, "POST", "/v1/tagihan", body.encode())
    assert status == 413 and "body over" in answer["error"]
    assert simulator.call("GET", "/v1/tagihan/X")[0] == 404  # nothing was created
    assert simulator.call("GET", "/health") == (200, {"ok": True})


def test_odd_payer_form_and_paths_do_not_crash(simulator):
    assert _raw(simulator, "POST", "/bayar/%ZZ", b"channel=\xff\xfe", {"Content-Type": "x"})[0] == 404
    assert _raw(simulator, "GET", "/v1/settlement/kemarin.csv")[0] == 400
    assert _raw(simulator, "GET", "/v1/tagihan/%00%ff")[0] == 404
    assert simulator.call("GET", "/health") == (200, {"ok": True})


def test_duplicated_and_delayed_callbacks(tmp_path, receiver):
    sim = Simulator(tmp_path / "bank.sqlite3", receiver.url, "--duplicates", "2", "--delay", "0.5")
    try:
        bill = sim.call("POST", "/v1/tagihan", {"reference": "LKT-0009", "amount": 1000, "expires_at": _expiry()})[1]
        paid_at = time.monotonic()
        sim.call("POST", "/v1/_bayar", {"qris": bill["qris"], "amount": 1000})
        assert receiver.calls == []  # not yet: delayed
        calls = receiver.wait(3)
        assert time.monotonic() - paid_at >= 0.5
        assert len({json.loads(body)["id"] for _, body in calls}) == 1 and len(calls) == 3
    finally:
        sim.kill()


def test_undelivered_callbacks_are_retried_and_survive_a_kill(tmp_path):
    receiver = Receiver(statuses=[500, 503])
    sim = Simulator(tmp_path / "bank.sqlite3", receiver.url)
    try:
        bill = sim.call("POST", "/v1/tagihan", {"reference": "LKT-0010", "amount": 1000, "expires_at": _expiry()})[1]
        sim.call("POST", "/v1/_bayar", {"qris": bill["qris"], "amount": 1000})
        receiver.wait(2)  # two refusals, then back-off
        sim.kill()
        sim.start()  # the bill and the callback owed are on disk
        assert sim.call("GET", "/v1/tagihan/LKT-0010")[1]["status"] == "paid"
        calls = receiver.wait(3, timeout=20)
        assert len(calls) == 3 and len({body for _, body in calls}) == 1
    finally:
        sim.kill()
        receiver.server.shutdown()


@pytest.mark.parametrize(
    ("header", "now", "message"),
    [
        ("", 1000, "tidak ada"),
        ("v1=ab", 1000, "tidak ada"),
        ("t=abc,v1=ab", 1000, "tidak ada"),
        ("t=1000,t=1001,v1=ab", 1000, "tidak ada"),
        ("t=1000", 1000, "tidak ada"),
        ("t=1000,v1=ab", 1000 + 301, "kedaluwarsa"),
        ("t=1000,v1=ab", 1000 - 301, "kedaluwarsa"),
        ("t=1000,v1=ab", 1000, "tidak cocok"),
    ],
)
def test_signature_refusals(header, now, message):
    with pytest.raises(signatures.SignatureRefused, match=message):
        signatures.verify(["s"], header, b"{}", now=now)


def test_signature_accepts_either_secret_while_rotating():
    header = signatures.sign("baru", 1000, b"{}")
    assert signatures.verify(["lama", "baru"], header, b"{}", now=1000) == 1000
    with pytest.raises(signatures.SignatureRefused, match="belum dikonfigurasi"):
        signatures.verify([], header, b"{}", now=1000)


@pytest.mark.parametrize("stamp", ["²", "9" * 5000, "-5", "1.5"])
def test_odd_timestamps_are_refused_not_crashed(stamp):
    with pytest.raises(signatures.SignatureRefused, match="tidak ada atau rusak"):
        signatures.verify(["s"], f"t={stamp},v1=ab", b"{}", now=1000)
