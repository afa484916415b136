"""e-Kartu's pure rules and the payload format: the documented test vector (docs/card-format.md) is checked with the
cwt library, with Loket's strict reader and with an independent decode written here from the document alone."""

import base64
import datetime as dt
import hashlib

import cbor2
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from loket.hr.card import cose, rules

pytestmark = pytest.mark.sqlite

# --- the test vector of docs/card-format.md ------------------------------------------------------------------------
VECTOR_D = 0x9BFF79FB373183583030F8426C019DF75F40BE1EF737C2BE628E63B1B489A97B
VECTOR_JWK = {
    "kty": "EC",
    "crv": "P-256",
    "x": "GKxFbIi7V1MrZ9pNpbovwk3pwpBxIlZd0DdhGHPPA3Q",
    "y": "fGESx-JVieDM8O_zaObrsyTi6bWbC9JeWQ227LTzOww",
    "kid": "yA6KGqvJgRg",
    "alg": "ES256",
    "use": "sig",
    "iss": "32.73",
    "name": "Kota Bandung",
}
VECTOR_QR = (
    "https://loket.example.go.id/kartu/v/"
    "0oRQogEmBEt5QTZLR3F2SmdSZ6BYnaUBZTMyLjczBBp0fOeQBRprFZSQB0gBI0VniavN7zoAAQAAhgIbAsL_SN_KWsR4HERyLiBTaXRpIEFtaW5h"
    "aCwgUy5ULiwgTS5TaS5kSUlJYXgdQW5hbGlzIEtlYmlqYWthbiBBaGxpIFBlcnRhbWF4K0RpbmFzIFBlbmFuYW1hbiBNb2RhbCBkYW4gUFRTUCBL"
    "b3RhIEJhbmR1bmdYQCCyUwwrlC_TFVbbfCkQcez1Oizo2bhZr931CebOw_pvb6IjC98lZ2YejeHaHN5ihuRyosDGUdlrxFYt5VmHI5M"
)
VECTOR_CLAIMS = {
    1: "32.73",
    4: 1954342800,  # 7 December 2031 00:00 WIB: the card is valid through 6 December 2031
    5: 1796576400,  # 7 December 2026 00:00 WIB: the day of issue
    7: bytes.fromhex("0123456789abcdef"),
    -65537: [
        2,
        199002022015032004,
        "Dr. Siti Aminah, S.T., M.Si.",
        "IIIa",
        "Analis Kebijakan Ahli Pertama",
        "Dinas Penanaman Modal dan PTSP Kota Bandung",
    ],
}
# The format-1 vector (cards issued before format 2: kid unprotected, one private claim a fact): still read.
VECTOR_V1_QR = (
    "https://loket.example.go.id/kartu/v/"
    "0oRDoQEmoQRLeUE2S0dxdkpnUmdYwasBZTMyLjczAnIxOTkwMDIwMjIwMTUwMzIwMDQEGnR855AFGmsVlJAGGmsWEyAHSAEjRWeJq83vOgABAAB4HE"
    "RyLiBTaXRpIEFtaW5haCwgUy5ULiwgTS5TaS46AAEAAWRJSUlhOgABAAJ4HUFuYWxpcyBLZWJpamFrYW4gQWhsaSBQZXJ0YW1hOgABAAN4K0RpbmFz"
    "IFBlbmFuYW1hbiBNb2RhbCBkYW4gUFRTUCBLb3RhIEJhbmR1bmc6AAEABAFYQFGi7G4NnbaHxXEVw1M8DbROSg8SSG3OBWSFm13UAJhqAU_0DCMwmbGt"
    "PxhWiurzA02dCbAdvPDo88gDVp7qOMU"
)


def _vector_key():
    return ec.derive_private_key(VECTOR_D, ec.SECP256R1())


def _vector_facts():
    return rules.printed_facts(
        name="Siti Aminah",
        front_title="Dr.",
        back_title="S.T., M.Si.",
        nip="199002022015032004",
        grade="IIIa",
        position="Analis Kebijakan Ahli Pertama",
        agency="Dinas Penanaman Modal dan PTSP Kota Bandung",
    )


def _vector_claims():
    return rules.claims(
        region_code="32.73",
        serial=bytes.fromhex("0123456789abcdef"),
        facts=_vector_facts(),
        valid_from=dt.date(2026, 12, 7),
        valid_until=dt.date(2031, 12, 6),
        zone="WIB",
    )


def independent_decode(qr_text: str, jwk: dict) -> dict:
    """docs/card-format.md, step by step, with base64, cbor2 and cryptography only (no Loket code, no cwt)."""
    token = qr_text.rsplit("/kartu/v/", 1)[1]
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    message = cbor2.loads(raw)
    assert isinstance(message, cbor2.CBORTag) and message.tag == 18
    protected, unprotected, payload, signature = message.value
    header = cbor2.loads(protected)
    assert header[1] == -7 and not unprotected  # alg ES256; the kid is protected too (signed over)
    assert header[4].decode() == jwk["kid"]
    x = int.from_bytes(base64.urlsafe_b64decode(jwk["x"] + "="), "big")
    y = int.from_bytes(base64.urlsafe_b64decode(jwk["y"] + "="), "big")
    public_key = ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
    to_be_signed = cbor2.dumps(["Signature1", protected, b"", payload])
    r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    public_key.verify(encode_dss_signature(r, s), to_be_signed, ec.ECDSA(hashes.SHA256()))
    return cbor2.loads(payload)


def test_vector_key_is_the_published_jwk():
    public = _vector_key().public_key()
    assert cose.public_jwk(public, region_code="32.73", region_name="Kota Bandung") == VECTOR_JWK
    # the kid is the RFC 7638 thumbprint's first 8 bytes
    canonical = '{"crv":"P-256","kty":"EC","x":"' + VECTOR_JWK["x"] + '","y":"' + VECTOR_JWK["y"] + '"}'
    assert cose.b64url(hashlib.sha256(canonical.encode()).digest()[:8]) == VECTOR_JWK["kid"]


def test_vector_verifies_independently_with_cryptography_and_cbor2():
    assert independent_decode(VECTOR_QR, VECTOR_JWK) == VECTOR_CLAIMS


def test_vector_verifies_with_the_library_and_loket_reader():
    raw = cose.unb64url(rules.token_from_text(VECTOR_QR))
    assert cose.verify_with_library(raw, [VECTOR_JWK]) == VECTOR_CLAIMS
    assert cose.verify(raw, {VECTOR_JWK["kid"]: cose.public_key_from_jwk(VECTOR_JWK)}) == VECTOR_CLAIMS
    assert rules.decoded(VECTOR_CLAIMS).serial == "0123456789abcdef"


def test_loket_issues_the_documented_bytes_except_the_random_signature():
    assert _vector_claims() == VECTOR_CLAIMS
    fresh = cbor2.loads(cose.sign(_vector_claims(), _vector_key()))
    documented = cbor2.loads(cose.unb64url(rules.token_from_text(VECTOR_QR)))
    assert fresh.value[:3] == documented.value[:3]  # headers and payload byte for byte; ECDSA's k is random
    assert fresh.value[3] != documented.value[3]
    assert independent_decode("x/kartu/v/" + cose.b64url(cbor2.dumps(fresh)), VECTOR_JWK) == VECTOR_CLAIMS


def _tampered(change) -> bytes:
    message = cbor2.loads(cose.unb64url(rules.token_from_text(VECTOR_QR)))
    parts = list(message.value)
    change(parts)
    return cbor2.dumps(cbor2.CBORTag(18, parts))


@pytest.mark.parametrize(
    "change",
    [
        lambda p: p.__setitem__(2, p[2].replace(b"IIIa", b"IVa\x20")),  # a changed grade
        lambda p: p.__setitem__(0, cbor2.dumps({1: -7, 4: b"someone-else"})),  # another kid, signed over
        lambda p: p.__setitem__(3, p[3][:-1] + bytes([p[3][-1] ^ 1])),  # a changed signature
        lambda p: p.__setitem__(0, cbor2.dumps({1: -8})),  # another algorithm
        lambda p: (p.__setitem__(0, cbor2.dumps({1: -7})), p.__setitem__(1, {4: b"someone-else"})),  # unknown key
    ],
)
def test_a_changed_payload_is_refused_by_every_reader(change):
    raw = _tampered(change)
    keys = {VECTOR_JWK["kid"]: cose.public_key_from_jwk(VECTOR_JWK)}
    with pytest.raises(cose.InvalidCard):
        cose.verify(raw, keys)
    with pytest.raises(cose.InvalidCard):
        cose.verify_with_library(raw, [VECTOR_JWK])
    with pytest.raises((InvalidSignature, AssertionError, KeyError)):
        independent_decode("x/kartu/v/" + cose.b64url(raw), VECTOR_JWK)


@pytest.mark.parametrize(
    "garbage", [b"", b"\x00", cbor2.dumps([1, 2, 3]), cbor2.dumps(cbor2.CBORTag(18, [b"", {}, b"", b""]))]
)
def test_garbage_is_an_invalid_card(garbage):
    with pytest.raises(cose.InvalidCard):
        cose.verify(garbage, {})


# --- pure rules ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("issued", "years", "pension", "expected"),
    [
        (dt.date(2026, 12, 7), 5, None, dt.date(2031, 12, 6)),
        (dt.date(2028, 2, 29), 5, None, dt.date(2033, 2, 27)),  # no 29 February in 2033: the 28th is the anniversary
        (dt.date(2026, 12, 7), 5, dt.date(2028, 6, 1), dt.date(2028, 5, 31)),  # pension first: the day before it
        (dt.date(2026, 12, 7), 5, dt.date(2035, 1, 1), dt.date(2031, 12, 6)),  # pension later: the years
        (dt.date(2026, 12, 7), 5, dt.date(2026, 12, 1), dt.date(2026, 12, 7)),  # already past: valid on the day only
        (dt.date(2026, 12, 7), 1, None, dt.date(2027, 12, 6)),
    ],
)
def test_valid_until(issued, years, pension, expected):
    assert rules.valid_until(issued, years, pension) == expected


def test_valid_until_needs_a_year():
    with pytest.raises(ValueError):
        rules.valid_until(dt.date(2026, 1, 1), 0)


FROM, UNTIL = dt.date(2026, 12, 7), dt.date(2031, 12, 6)


@pytest.mark.parametrize(
    ("revoked_on", "today", "expected"),
    [
        (None, dt.date(2026, 12, 7), rules.VALID),
        (None, dt.date(2031, 12, 6), rules.VALID),
        (None, dt.date(2031, 12, 7), rules.EXPIRED),
        (None, dt.date(2026, 12, 6), rules.NOT_YET),
        (dt.date(2027, 3, 1), dt.date(2027, 2, 28), rules.VALID),  # a pension announced ahead: valid until then
        (dt.date(2027, 3, 1), dt.date(2027, 3, 1), rules.REVOKED),
        (dt.date(2027, 3, 1), dt.date(2032, 1, 1), rules.REVOKED),  # revoked wins over expired
    ],
)
def test_status_of(revoked_on, today, expected):
    assert rules.status_of(valid_from=FROM, valid_until=UNTIL, revoked_on=revoked_on, today=today) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (VECTOR_QR, VECTOR_QR.rsplit("/", 1)[1]),
        (VECTOR_QR.rsplit("/", 1)[1], VECTOR_QR.rsplit("/", 1)[1]),
        (VECTOR_QR + "?utm=x", VECTOR_QR.rsplit("/", 1)[1]),
        ("  " + VECTOR_QR + "/ ", VECTOR_QR.rsplit("/", 1)[1]),
        ("https://loket.example.go.id/kartu/v/short", None),
        ("https://loket.example.go.id/kartu/v/<script>alert(1)</script>" + "a" * 50, None),
        ("", None),
    ],
)
def test_token_from_text(text, expected):
    assert rules.token_from_text(text) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Dr. Siti Aminah, S.T., M.Si.", "SA"), ("Bambang", "B"), ("Ir. H. Agus Budi Salim", "AS"), ("", "?")],
)
def test_initials(name, expected):
    assert rules.initials(name) == expected


def test_fingerprint_follows_every_printed_fact():
    base = _vector_facts()
    assert rules.fingerprint(base) == rules.fingerprint(dict(reversed(list(base.items()))))
    for field in base:
        assert rules.fingerprint({**base, field: base[field] + "x"}) != rules.fingerprint(base)
    assert base["name"] == "Dr. Siti Aminah, S.T., M.Si."


def test_every_reason_has_both_languages_and_a_ground():
    assert set(rules.LEFT_REASONS) == {"pensiun", "meninggal", "pindah_keluar", "diberhentikan"}
    for indonesian, english, ground in rules.REASONS.values():
        assert indonesian and english and ground


def test_the_document_states_this_vector():
    """docs/card-format.md is what another implementation reads: its vector must be the one tested here."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "card-format.md").read_text()
    assert re.search(r"^    (https://\S+/kartu/v/\S+)$", text, re.M).group(1) == VECTOR_QR
    assert f"d = {VECTOR_D:#x}" in text
    for member in ("x", "y", "kid"):
        assert f'"{VECTOR_JWK[member]}"' in text
    payload = "".join(re.search(r"\(245 bytes\):\n\n((?:    [0-9a-f]+\n)+)", text).group(1).split())
    assert bytes.fromhex(payload) == cose.unb64url(rules.token_from_text(VECTOR_QR))
    assert independent_decode(VECTOR_QR, VECTOR_JWK) == VECTOR_CLAIMS
    # the revocation list publishes only a mark, never the reason; the key entry carries the region's zone
    assert f"Marks: `{rules.SUPERSEDED}` (replaced by a new card) or `{rules.REVOKED}` (revoked)" in text
    assert "mark (text)" in text and "reason (text)" not in text
    assert '"tz": "Asia/Jakarta", "zone": "WIB"' in text


@pytest.mark.parametrize(
    "change",
    [
        {7: None},
        {7: b"short"},
        {1: None},
        {-65537: 12},
        {-65537: [3, *VECTOR_CLAIMS[-65537][1:]]},  # a later format version this reader does not know
        {-65537: VECTOR_CLAIMS[-65537][:5]},
        {-65537: [2, 10**18, *VECTOR_CLAIMS[-65537][2:]]},  # a NIP of 19 digits
        {-65537: [2, 199002022015032004, 7, *VECTOR_CLAIMS[-65537][3:]]},
        {4: "2031-12-07"},
    ],
)
def test_decoded_refuses_missing_or_mistyped_claims(change):
    claims = {**VECTOR_CLAIMS, **change}
    claims = {key: value for key, value in claims.items() if value is not None}
    with pytest.raises(ValueError):
        rules.decoded(claims)


@pytest.mark.parametrize(
    ("reason", "mark"),
    [
        (rules.SUPERSEDED, rules.SUPERSEDED),
        (rules.LOST, rules.REVOKED),
        (rules.PENSION, rules.REVOKED),
        (rules.DEATH, rules.REVOKED),
        (rules.TRANSFER_OUT, rules.REVOKED),
        (rules.DISMISSAL, rules.REVOKED),
    ],
)
def test_the_public_mark_never_says_why(reason, mark):
    assert rules.public_mark(reason) == mark


def test_a_format_1_card_issued_before_still_verifies_and_reads_the_same():
    raw = cose.unb64url(rules.token_from_text(VECTOR_V1_QR))
    claims = cose.verify(raw, {VECTOR_JWK["kid"]: cose.public_key_from_jwk(VECTOR_JWK)})
    assert claims[-65541] == 1 and claims[2] == "199002022015032004"
    old, new = rules.decoded(claims), rules.decoded(VECTOR_CLAIMS)
    assert old == new  # the same card facts, validity and serial


def test_format_2_is_smaller_and_the_qr_is_a_smaller_symbol():
    import segno

    old_raw = cose.unb64url(rules.token_from_text(VECTOR_V1_QR))
    new_raw = cose.unb64url(rules.token_from_text(VECTOR_QR))
    assert (len(old_raw), len(new_raw)) == (281, 245)  # 36 bytes fewer
    before = segno.make(VECTOR_V1_QR, error="m", micro=False)  # format 1 at level M
    after = segno.make(VECTOR_QR, error=rules.QR_ERROR, boost_error=rules.QR_BOOST, micro=False)
    assert (before.version, before.error) == (15, "M") and (after.version, after.error) == (12, "L")
    assert after.symbol_size(border=0) == (65, 65) and before.symbol_size(border=0) == (77, 77)
    # boost_error raises the level only where the smaller version has room for it: a text just past a version's
    # level-L capacity gets a larger version at level L, never a denser symbol at M than L needs.
    assert segno.make("x" * 40, error=rules.QR_ERROR, boost_error=rules.QR_BOOST, micro=False).error in ("M", "Q", "H")


@pytest.mark.parametrize("nip", ["199002022015032004", "012345678901234567", "19900202", "1990020220150320AB"])
def test_the_nip_is_an_integer_only_when_it_reads_back_the_same(nip):
    carried = rules.nip_number(nip)
    facts = {**_vector_facts(), "nip": nip}
    claims = rules.claims(
        region_code="32.73",
        serial=bytes(8),
        facts=facts,
        valid_from=dt.date(2026, 12, 7),
        valid_until=dt.date(2031, 12, 6),
    )
    assert rules.decoded(cbor2.loads(cbor2.dumps(claims))).nip == nip
    assert isinstance(carried, int) is (nip == "199002022015032004")
