"""QRIS payloads (EMVCo MPM as adopted by QRIS; shared/domain §13): CRC, TLV, dynamic payloads, refusals."""

import binascii

import pytest

from loket.payments import qris

pytestmark = pytest.mark.sqlite

MERCHANT = qris.Merchant(
    accounts={"51": {"00": "ID.CO.QRIS.WWW", "02": "ID1022123456789", "03": "UME"}},
    category="9399",
    name="BAPENDA KOTA BANJARMASIN",
    city="BANJARMASIN",
    postal_code="70111",
)


@pytest.mark.parametrize(
    ("data", "crc"),
    [
        (b"123456789", 0x29B1),  # the catalogue check value of CRC-16/CCITT-FALSE
        (b"", 0xFFFF),
        (b"A", 0xB915),
        (b"000201010211", binascii.crc_hqx(b"000201010211", 0xFFFF)),
    ],
)
def test_crc16_is_ccitt_false(data, crc):
    assert qris.crc16(data) == crc


def test_crc16_agrees_with_an_independent_implementation_on_many_inputs():
    for size in range(0, 300, 7):
        data = bytes((index * 31 + size) % 256 for index in range(size))
        assert qris.crc16(data) == binascii.crc_hqx(data, 0xFFFF)


def test_dynamic_payload_carries_amount_and_bill_and_checks_out():
    payload = qris.dynamic_payload(MERCHANT, amount=150000, bill_number="SKRD2026000123", reference="LKT-7Q2M-9XKD")
    assert payload.startswith("000201" + "010212")
    assert "5303360" in payload and "5406150000" in payload and "5802ID" in payload
    assert "5924BAPENDA KOTA BANJARMASIN" in payload and "6011BANJARMASIN" in payload
    assert payload[-8:-4] == "6304"
    assert payload[-4:] == f"{binascii.crc_hqx(payload[:-4].encode(), 0xFFFF):04X}"
    parsed = qris.parse(payload)
    assert parsed.dynamic and parsed.amount == 150000
    assert parsed.bill_number == "SKRD2026000123" and parsed.reference == "LKT-7Q2M-9XKD"
    assert parsed.templates["51"]["00"] == "ID.CO.QRIS.WWW"


def test_payload_objects_are_in_id_order():
    payload = qris.dynamic_payload(MERCHANT, amount=5000, bill_number="B1", reference="R1")
    ids = list(qris.parse(payload).objects)
    assert ids == sorted(ids)


@pytest.mark.parametrize("amount", [0, -1, 1.5, "1000", True])
def test_amount_must_be_positive_whole_rupiah(amount):
    with pytest.raises(qris.QrisError, match="bilangan bulat rupiah"):
        qris.dynamic_payload(MERCHANT, amount=amount, bill_number="B1", reference="R1")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p[:-1] + ("0" if p[-1] != "0" else "1"), "CRC"),
        (lambda p: p.replace("5406150000", "5406950000"), "CRC"),  # amount changed, CRC kept
        (lambda p: p[:-8], "6304"),
        (lambda p: "é" + p, "ASCII"),
    ],
)
def test_tampered_payloads_are_refused(change, message):
    payload = qris.dynamic_payload(MERCHANT, amount=150000, bill_number="B1", reference="R1")
    with pytest.raises(qris.QrisError, match=message):
        qris.parse(change(payload))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("000201010212", "wajib"),
        ("00020101021251060002AB52049399530336054041000"[:-0] + "5802ID5901A6001B", "CRC|wajib"),
        ("000202010212" + "51060002AB" + "52049399530336054041000" + "5802ID5901A6001B", "Format"),
        ("000201010213" + "51060002AB" + "52049399530336054041000" + "5802ID5901A6001B", "inisiasi"),
        ("000201010212" + "51060002AB" + "52049399530384054041000" + "5802ID5901A6001B", "rupiah"),
        ("000201010212" + "51060002AB" + "520493995303360540710000.0" + "5802ID5901A6001B", "bulat"),
        ("000201010212" + "51060002AB" + "5204939953033605802ID5901A6001B", "jumlah"),
        ("000201010212" + "520493995303360540410005802ID5901A6001B", "akun pedagang"),
        ("000201010212" + "51050002AB" + "520493995303360540410005802ID5901A6001B", "Panjang|Struktur"),
        ("0002010002010102125106000" + "2AB520493995303360540410005802ID5901A6001B", "lebih dari sekali"),
    ],
)
def test_malformed_payloads_are_refused_with_a_reason(body, message):
    with pytest.raises(qris.QrisError, match=message):
        qris.parse(qris.with_crc(body))


def test_a_static_payload_without_amount_is_read():
    body = "000201010211" + "51060002AB" + "52049399" + "5303360" + "5802ID" + "5901A" + "6001B"
    parsed = qris.parse(qris.with_crc(body))
    assert not parsed.dynamic and parsed.amount is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"accounts": {}}, "akun pedagang"),
        ({"accounts": {"25": {"00": "X"}}}, "26–51"),
        ({"category": "93"}, "MCC"),
        ({"name": "X" * 26}, "Nama pedagang"),
        ({"city": "KABUPATEN BANDUNG BARAT"}, "Kota pedagang"),
        ({"postal_code": "12345678901"}, "Kode pos"),
    ],
)
def test_merchant_configuration_is_checked(kwargs, message):
    fields = {"accounts": MERCHANT.accounts, "category": "9399", "name": "BAPENDA", "city": "BANDUNG"} | kwargs
    with pytest.raises(qris.QrisError, match=message):
        qris.Merchant(**fields)


@pytest.mark.parametrize(
    ("bill", "reference", "message"),
    [("", "R", "Nomor tagihan"), ("B" * 26, "R", "Nomor tagihan"), ("B", "", "Label referensi")],
)
def test_bill_number_and_reference_fit_the_additional_data(bill, reference, message):
    with pytest.raises(qris.QrisError, match=message):
        qris.dynamic_payload(MERCHANT, amount=1000, bill_number=bill, reference=reference)


def test_value_outside_the_printable_set_is_refused():
    with pytest.raises(qris.QrisError, match="karakter"):
        qris.tlv("59", "Nama\nBaru")
