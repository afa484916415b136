"""QRIS payloads: the EMVCo merchant-presented QR code as Bank Indonesia's QRIS standard uses it. Pure, no Django.

Format (EMVCo QRCPS-MPM v1.1 §3, as adopted by QRIS, PADG 21/18/PADG/2019 and its standard document): a string of
TLV data objects, each a 2-digit id, a 2-digit length and the value; templates (26–51 merchant account, 62
additional data) nest TLVs inside their value. The last object is the CRC (id 63, length 04): CRC-16/CCITT-FALSE
(polynomial 0x1021, initial value 0xFFFF) over the whole payload up to and including "6304", in 4 upper-case hex
digits (shared/domain §13).

A *dynamic* payload (initiation "12") carries one bill's amount and reference, so the payer's app cannot change
the amount and the payment is matched to its assessment by the reference, never by a person.

API
- `crc16(data)`: CRC-16/CCITT-FALSE of bytes.
- `Merchant`: who is paid (the region's treasury account at its bank, or an aggregator), as configured data.
- `dynamic_payload(merchant, amount, bill_number, reference)` -> str, validated on the way out.
- `parse(payload)` -> `Payload` (top-level objects, templates split), raising `QrisError` on any defect:
  bad TLV, wrong CRC, missing mandatory object, amount not whole rupiah.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from loket.core.errors import LoketError

# Object ids (EMVCo MPM §4.2, 4.7; QRIS).
PAYLOAD_FORMAT = "00"
INITIATION = "01"
MERCHANT_ACCOUNT_IDS = tuple(f"{n:02d}" for n in range(26, 52))
CATEGORY = "52"
CURRENCY = "53"
AMOUNT = "54"
COUNTRY = "58"
NAME = "59"
CITY = "60"
POSTAL_CODE = "61"
ADDITIONAL = "62"
CRC = "63"

STATIC = "11"
DYNAMIC = "12"
RUPIAH = "360"  # ISO 4217 numeric
TEMPLATES = frozenset((*MERCHANT_ACCOUNT_IDS, ADDITIONAL, "64"))
MANDATORY = (PAYLOAD_FORMAT, INITIATION, CATEGORY, CURRENCY, COUNTRY, NAME, CITY, CRC)

# Additional data sub-ids (EMVCo MPM §4.8): bill number, reference label, terminal label.
BILL_NUMBER = "01"
REFERENCE_LABEL = "05"
TERMINAL_LABEL = "07"

# Maximum lengths (EMVCo MPM table 3.6): merchant name 25, city 15, postal code 10, sub-fields of 62: 25.
MAX_NAME = 25
MAX_CITY = 15
MAX_POSTAL = 10
MAX_ADDITIONAL = 25
# The printable set EMVCo allows in "ans" fields (ASCII 0x20–0x7E).
_ANS = re.compile(r"[\x20-\x7e]*")


class QrisError(LoketError):
    """A payload Loket refuses to issue or to accept."""


def crc16(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR ("123456789" -> 0x29B1)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def tlv(object_id: str, value: str) -> str:
    """One data object; a value longer than 99 characters or outside the printable set is refused."""
    if not re.fullmatch(r"\d\d", object_id):
        raise QrisError(f"ID objek QRIS harus dua digit, bukan {object_id!r}.")
    if not value or len(value) > 99:
        raise QrisError(f"Nilai objek QRIS {object_id} harus 1 sampai 99 karakter (panjang {len(value)}).")
    if not _ANS.fullmatch(value):
        raise QrisError(f"Nilai objek QRIS {object_id} memuat karakter di luar himpunan yang diizinkan.")
    return f"{object_id}{len(value):02d}{value}"


@dataclass(frozen=True)
class Merchant:
    """The payee as the region configures it (LOKET_PAYMENT_PROVIDERS): its merchant account template(s), category
    code, name and city as they appear in the payer's app. `accounts` maps a template id (26–51) to its sub-objects,
    e.g. {"51": {"00": "ID.CO.QRIS.WWW", "02": "ID1234567890123", "03": "UME"}} (the QRIS national merchant id in
    tag 51 — shared/domain §13, confirm the acquirer's values with the bank)."""

    accounts: Mapping[str, Mapping[str, str]]
    category: str  # MCC, e.g. "9399" government services
    name: str
    city: str
    postal_code: str = ""

    def __post_init__(self):
        if not self.accounts:
            raise QrisError("Pedagang QRIS belum punya akun pedagang (tag 26–51).")
        for tag in self.accounts:
            if tag not in MERCHANT_ACCOUNT_IDS:
                raise QrisError(f"Tag akun pedagang QRIS harus 26–51, bukan {tag}.")
        if not re.fullmatch(r"\d{4}", self.category):
            raise QrisError("Kode kategori pedagang (MCC) harus 4 digit.")
        if not self.name or len(self.name) > MAX_NAME:
            raise QrisError(f"Nama pedagang QRIS harus 1 sampai {MAX_NAME} karakter.")
        if not self.city or len(self.city) > MAX_CITY:
            raise QrisError(f"Kota pedagang QRIS harus 1 sampai {MAX_CITY} karakter.")
        if len(self.postal_code) > MAX_POSTAL:
            raise QrisError(f"Kode pos pedagang QRIS paling panjang {MAX_POSTAL} karakter.")


def _template(object_id: str, children: Mapping[str, str]) -> str:
    return tlv(object_id, "".join(tlv(sub, value) for sub, value in sorted(children.items())))


def _additional(value: str, label: str) -> str:
    if not value or len(value) > MAX_ADDITIONAL:
        raise QrisError(f"{label} pada QRIS harus 1 sampai {MAX_ADDITIONAL} karakter.")
    return value


def with_crc(body: str) -> str:
    """Append the CRC object to a payload that ends before it."""
    head = body + CRC + "04"
    return head + f"{crc16(head.encode('ascii')):04X}"


def dynamic_payload(merchant: Merchant, *, amount: int, bill_number: str, reference: str) -> str:
    """The payload for one bill: initiation "12", amount in whole rupiah, bill number and reference in tag 62."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise QrisError("Jumlah tagihan QRIS harus bilangan bulat rupiah lebih dari nol.")
    parts = [tlv(PAYLOAD_FORMAT, "01"), tlv(INITIATION, DYNAMIC)]
    parts += [_template(tag, merchant.accounts[tag]) for tag in sorted(merchant.accounts)]
    parts += [
        tlv(CATEGORY, merchant.category),
        tlv(CURRENCY, RUPIAH),
        tlv(AMOUNT, str(amount)),
        tlv(COUNTRY, "ID"),
        tlv(NAME, merchant.name),
        tlv(CITY, merchant.city),
    ]
    if merchant.postal_code:
        parts.append(tlv(POSTAL_CODE, merchant.postal_code))
    additional = {
        BILL_NUMBER: _additional(bill_number, "Nomor tagihan"),
        REFERENCE_LABEL: _additional(reference, "Label referensi"),
    }
    parts.append(_template(ADDITIONAL, additional))
    payload = with_crc("".join(parts))
    parse(payload)  # never hand out what Loket itself would refuse
    return payload


@dataclass(frozen=True)
class Payload:
    """A parsed payload: top-level values by id and the sub-objects of each template."""

    objects: Mapping[str, str]
    templates: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @property
    def dynamic(self) -> bool:
        return self.objects[INITIATION] == DYNAMIC

    @property
    def amount(self) -> int | None:
        value = self.objects.get(AMOUNT)
        return int(value) if value is not None else None

    @property
    def bill_number(self) -> str:
        return self.templates.get(ADDITIONAL, {}).get(BILL_NUMBER, "")

    @property
    def reference(self) -> str:
        return self.templates.get(ADDITIONAL, {}).get(REFERENCE_LABEL, "")


def _split(text: str, where: str) -> dict[str, str]:
    objects: dict[str, str] = {}
    position = 0
    while position < len(text):
        head = text[position : position + 4]
        if len(head) < 4 or not head.isdigit():
            raise QrisError(f"Struktur QRIS rusak {where} pada posisi {position}.")
        object_id, length = head[:2], int(head[2:])
        value = text[position + 4 : position + 4 + length]
        if length == 0 or len(value) != length:
            raise QrisError(f"Panjang objek {object_id} {where} tidak sesuai isinya.")
        if object_id in objects:
            raise QrisError(f"Objek {object_id} {where} muncul lebih dari sekali.")
        objects[object_id] = value
        position += 4 + length
    return objects


def parse(payload: str) -> Payload:
    """Check and split a payload: structure, CRC, mandatory objects, currency and a whole-rupiah amount."""
    if not isinstance(payload, str) or not payload.isascii() or not _ANS.fullmatch(payload):
        raise QrisError("Data QRIS harus teks ASCII yang dapat dicetak.")
    if len(payload) < 8 or payload[-8:-4] != CRC + "04":
        raise QrisError("Data QRIS tidak diakhiri objek CRC (6304).")
    expected = f"{crc16(payload[:-4].encode('ascii')):04X}"
    if payload[-4:].upper() != expected:
        raise QrisError("CRC QRIS tidak cocok: data rusak atau diubah.")
    objects = _split(payload, "di tingkat atas")
    missing = [object_id for object_id in MANDATORY if object_id not in objects]
    if missing:
        raise QrisError(f"Objek wajib QRIS tidak ada: {', '.join(missing)}.")
    if not any(object_id in objects for object_id in MERCHANT_ACCOUNT_IDS):
        raise QrisError("QRIS tidak memuat akun pedagang (tag 26–51).")
    if objects[PAYLOAD_FORMAT] != "01":
        raise QrisError("Format payload QRIS harus 01.")
    if objects[INITIATION] not in (STATIC, DYNAMIC):
        raise QrisError("Metode inisiasi QRIS harus 11 (statis) atau 12 (dinamis).")
    if objects[CURRENCY] != RUPIAH:
        raise QrisError("Mata uang QRIS harus rupiah (360).")
    amount = objects.get(AMOUNT)
    if amount is not None and not re.fullmatch(r"[1-9]\d*", amount):
        raise QrisError("Jumlah pada QRIS harus rupiah bulat tanpa desimal.")
    if objects[INITIATION] == DYNAMIC and amount is None:
        raise QrisError("QRIS dinamis harus memuat jumlah tagihan.")
    templates = {
        object_id: MappingProxyType(_split(value, f"di dalam objek {object_id}"))
        for object_id, value in objects.items()
        if object_id in TEMPLATES
    }
    return Payload(objects=MappingProxyType(objects), templates=MappingProxyType(templates))
