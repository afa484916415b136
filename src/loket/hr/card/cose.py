"""The e-Kartu payload as bytes: a CWT (RFC 8392) in a COSE_Sign1 (RFC 9052) signed with ES256 (docs/card-format.md).

Issuing uses the `cwt` library, with the key id in the protected header ({1: -7, 4: kid}: the signature covers which
key signed, so a rotated key's cards cannot be relabelled). Verifying uses `verify()`, a strict reader of exactly the
profile Loket issues (tag 18, protected header alg ES256, kid in either header, ECDSA P-256 with SHA-256, raw r||s)
written with only
`cbor2` and `cryptography`: it is what a gate reader or the offline bench runs, and it refuses everything else.
`verify_with_library()` is the same check through `cwt`; the tests hold both to the documented test vector.
"""

import base64
import hashlib
import json

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

ES256 = -7
COSE_SIGN1_TAG = 18
ES256_ONLY = b"\xa1\x01\x26"  # the protected header {1: -7}
ES256_MAP = {1: ES256}
_ECDSA = ec.ECDSA(hashes.SHA256())


class InvalidCard(ValueError):
    """The payload is not a card Loket issued with a published key (malformed, unknown key, bad signature)."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise InvalidCard("not base64url") from exc


def _coordinate(number: int) -> str:
    return b64url(number.to_bytes(32, "big"))


def jwk_of(public_key: ec.EllipticCurvePublicKey) -> dict:
    """The public key as a JWK (RFC 7517) of its required members only."""
    numbers = public_key.public_numbers()
    return {"crv": "P-256", "kty": "EC", "x": _coordinate(numbers.x), "y": _coordinate(numbers.y)}


def kid_of(public_key: ec.EllipticCurvePublicKey) -> str:
    """The key id: the first 8 bytes of the key's RFC 7638 JWK thumbprint, base64url (11 characters)."""
    canonical = json.dumps(jwk_of(public_key), sort_keys=True, separators=(",", ":")).encode()
    return b64url(hashlib.sha256(canonical).digest()[:8])


def public_jwk(public_key: ec.EllipticCurvePublicKey, *, region_code: str, region_name: str) -> dict:
    """The published entry of a region's key: the JWK with kid, alg, use, and the region it speaks for."""
    return {
        **jwk_of(public_key),
        "kid": kid_of(public_key),
        "alg": "ES256",
        "use": "sig",
        "iss": region_code,
        "name": region_name,
    }


def public_key_from_jwk(jwk: dict) -> ec.EllipticCurvePublicKey:
    if jwk.get("kty") != "EC" or jwk.get("crv") != "P-256":
        raise InvalidCard("not a P-256 key")
    x, y = (int.from_bytes(unb64url(jwk[name]), "big") for name in ("x", "y"))
    return ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()


_SIGNING: dict[int, tuple] = {}  # id(private key) -> (the key, its COSEKey, a CWT context): built once per key


def _signer(private_key: ec.EllipticCurvePrivateKey):
    from cwt import COSE, COSEKey

    entry = _SIGNING.get(id(private_key))
    if entry is None or entry[0] is not private_key:
        pem = private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        kid = kid_of(private_key.public_key())
        entry = _SIGNING[id(private_key)] = (
            private_key,
            COSEKey.from_pem(pem, alg="ES256", kid=kid),
            COSE.new(),
            {1: ES256, 4: kid.encode("ascii")},
        )
    return entry[1], entry[2], entry[3]


def sign(claims: dict, private_key: ec.EllipticCurvePrivateKey) -> bytes:
    """The COSE_Sign1 (tag 18) of the CWT `claims`: protected header {1: -7, 4: kid}, empty unprotected header."""
    key, context, protected = _signer(private_key)
    return context.encode_and_sign(cbor2.dumps(dict(claims)), key, protected=protected, unprotected={})


def kid_in(raw: bytes) -> str:
    """The key id a payload names (protected or unprotected header), without checking anything else."""
    _protected, unprotected, _payload, _signature, protected_map = _parts(raw)
    kid = protected_map.get(4, unprotected.get(4))
    if not isinstance(kid, bytes):
        raise InvalidCard("no key id")
    return kid.decode("ascii", "replace")


def _parts(raw: bytes):
    try:
        message = cbor2.loads(raw)
    except Exception as exc:  # cbor2 raises several error types for garbage
        raise InvalidCard("not CBOR") from exc
    if not isinstance(message, cbor2.CBORTag) or message.tag != COSE_SIGN1_TAG:
        raise InvalidCard("not a COSE_Sign1")
    value = message.value
    if not isinstance(value, list) or len(value) != 4:
        raise InvalidCard("not a COSE_Sign1")
    protected, unprotected, payload, signature = value
    if not isinstance(protected, bytes) or not isinstance(unprotected, dict):
        raise InvalidCard("bad headers")
    if not isinstance(payload, bytes) or not isinstance(signature, bytes) or len(signature) != 64:
        raise InvalidCard("bad payload or signature")
    if protected == ES256_ONLY:
        return protected, unprotected, payload, signature, ES256_MAP  # format 1 (kid unprotected)
    protected_map = _HEADERS.get(protected)  # one protected header per key: decoded once
    if protected_map is None:
        try:
            protected_map = cbor2.loads(protected) if protected else {}
        except Exception as exc:
            raise InvalidCard("bad protected header") from exc
        if not isinstance(protected_map, dict) or protected_map.get(1) != ES256:
            raise InvalidCard("not ES256")
        if len(_HEADERS) < 256:
            _HEADERS[protected] = protected_map
    return protected, unprotected, payload, signature, protected_map


_HEADERS: dict[bytes, dict] = {}


def verify(raw: bytes, keys: dict[str, ec.EllipticCurvePublicKey]) -> dict:
    """The verified claims of a payload, checked with the published key its kid names (RFC 9052 section 4.4)."""
    protected, unprotected, payload, signature, protected_map = _parts(raw)
    kid = protected_map.get(4, unprotected.get(4))
    key = keys.get(kid.decode("ascii", "replace")) if isinstance(kid, bytes) else None
    if key is None:
        raise InvalidCard("unknown key")
    to_be_signed = cbor2.dumps(["Signature1", protected, b"", payload])
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    try:
        key.verify(der, to_be_signed, _ECDSA)
    except InvalidSignature as exc:
        raise InvalidCard("bad signature") from exc
    claims = cbor2.loads(payload)
    if not isinstance(claims, dict):
        raise InvalidCard("claims are not a map")
    return claims


def verify_with_library(raw: bytes, jwks: list[dict]) -> dict:
    """The same check through `cwt` (no time checks: validity is the card rules' business)."""
    from cwt import CWT, COSEKey
    from cwt.exceptions import CWTError

    keys = [COSEKey.from_jwk({**jwk, "alg": "ES256"}) for jwk in jwks]
    try:
        return CWT.new().decode(raw, keys, no_verify=True)
    except (CWTError, ValueError) as exc:
        raise InvalidCard(str(exc)) from exc
