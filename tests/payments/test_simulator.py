"""The payment provider simulator as its own process: bills, payer's page, signed callbacks (delayed, duplicated,
retried, surviving a kill -9), refunds, settlement file, outage. Loket's own QRIS parser, virtual-account reader and
signature check must agree with its independent implementation."""

import datetime as dt
import json
import time
import urllib.request

import pytest

from loket.payments import accounts, qris, signatures
from tests.helpers.payments import SECRET, Receiver, Simulator

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
    simulator.call("POST", "/v1/_kontrol", {"down": True})
    assert simulator.call("GET", "/v1/tagihan/LKT-0008")[0] == 503
    simulator.call("POST", "/v1/_kontrol", {"down": False})
    assert simulator.call("GET", "/v1/tagihan/LKT-0008")[1]["status"] == "unpaid"


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
