"""Signing backends behind one interface: the embedded local CA, or a remote signing service over HTTP.

A backend gives pyHanko a `Signer` for one official and tells verifiers which roots to trust.
- `LocalBackend` (default): keys from `loket.documents.pki` in the data dir.
- `RemoteBackend`: a signing service such as BSrE (Balai Sertifikasi Elektronik) for TTE holds the
  official's key; we send it the bytes to sign (the CMS signed attributes pyHanko builds, never the
  citizen's PDF) together with the official's one-time code, and it returns the raw signature. The
  wire protocol is documented in docs/signing.md; tests run it against a fake service.
- PKCS#11 (an HSM or a smart card) is documented in docs/signing.md: pyHanko's
  `pyhanko.sign.pkcs11.PKCS11Signer` slots into `signer()` the same way.
"""

import base64
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from functools import lru_cache

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from loket.core.errors import LoketError
from loket.core.i18n import tr
from loket.documents import pki


def to_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


class SigningBackend(ABC):
    """What signing needs from a key holder: the local CA, a remote service (BSrE) or, later, PKCS#11."""

    name = "base"

    @abstractmethod
    def signer(self, official, *, otp: str = "") -> signers.Signer:
        """A pyHanko signer acting with `official`'s own key."""

    @abstractmethod
    def certificate(self, official) -> x509.Certificate:
        """`official`'s signing certificate."""

    @abstractmethod
    def trust_roots(self) -> list[x509.Certificate]:
        """The roots a verifier must trust for this backend's signatures."""


def key_signer(pair: pki.KeyPair) -> signers.Signer:
    """A pyHanko signer for a key of the embedded CA (an official's, or an agency's seal: `pki.agency_seal_key`)."""
    chain = [to_asn1(pki.issuing_ca().cert), to_asn1(pki.root().cert)]
    key_info = asn1_keys.PrivateKeyInfo.load(
        pair.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return signers.SimpleSigner(
        signing_cert=to_asn1(pair.cert), signing_key=key_info, cert_registry=SimpleCertificateStore.from_certs(chain)
    )


class LocalBackend(SigningBackend):
    name = "local"

    def certificate(self, official) -> x509.Certificate:
        return pki.official_key(official).cert

    def signer(self, official, *, otp: str = "") -> signers.Signer:
        pair = pki.official_key(official)
        chain = [to_asn1(pki.issuing_ca().cert), to_asn1(pki.root().cert)]
        key_info = asn1_keys.PrivateKeyInfo.load(
            pair.key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        return signers.SimpleSigner(
            signing_cert=to_asn1(pair.cert),
            signing_key=key_info,
            cert_registry=SimpleCertificateStore.from_certs(chain),
        )

    def trust_roots(self) -> list[x509.Certificate]:
        return pki.trust_roots()


class RemoteSigningError(LoketError):
    status = 502


class SigningUnavailable(LoketError):
    status = 503


class RemoteBackend(SigningBackend):
    """HTTP adapter for a remote signing service (BSrE-style TTE)."""

    name = "remote"

    def __init__(self, base_url: str, token: str = "", timeout: float = 15.0):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base_url + path,
            data=data,
            method=method,
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                **({"Authorization": f"Bearer {self.token}"} if self.token else {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            try:
                message = json.loads(exc.read()).get("message", "")
            except (ValueError, AttributeError):
                message = ""
            raise RemoteSigningError(
                tr(
                    f"Layanan tanda tangan menolak permintaan: {message or exc.code}.",
                    f"The signing service refused: {message or exc.code}.",
                )
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError):
            raise SigningUnavailable(
                tr(
                    "Layanan tanda tangan elektronik tidak dapat dihubungi; coba lagi nanti.",
                    "The signing service cannot be reached; try again later.",
                )
            ) from None

    @staticmethod
    def signer_id(official) -> str:
        return official.get_username()

    def _certificates(self, official) -> tuple[x509.Certificate, list[x509.Certificate]]:
        answer = self._call("GET", "/v1/certificate?" + urllib.parse.urlencode({"signer": self.signer_id(official)}))
        cert = x509.load_der_x509_certificate(base64.b64decode(answer["certificate"]))
        chain = [x509.load_der_x509_certificate(base64.b64decode(c)) for c in answer.get("chain", [])]
        return cert, chain

    def certificate(self, official) -> x509.Certificate:
        return self._certificates(official)[0]

    def signer(self, official, *, otp: str = "") -> signers.Signer:
        cert, chain = self._certificates(official)
        return _RemoteSigner(self, self.signer_id(official), otp, to_asn1(cert), [to_asn1(c) for c in chain])

    ROOTS_SECONDS = 3600

    def trust_roots(self) -> list[x509.Certificate]:
        """The service's roots (kept an hour: every verification needs them) plus our own."""
        cached = getattr(self, "_roots", None)
        if cached is None or cached[0] < time.monotonic():
            answer = self._call("GET", "/v1/roots")
            roots = [x509.load_der_x509_certificate(base64.b64decode(c)) for c in answer["roots"]]
            cached = self._roots = (time.monotonic() + self.ROOTS_SECONDS, roots)
        return cached[1] + pki.trust_roots()


class _RemoteSigner(signers.Signer):
    def __init__(self, backend: RemoteBackend, signer_id: str, otp: str, cert, chain):
        self._backend, self._signer_id, self._otp = backend, signer_id, otp
        super().__init__(signing_cert=cert, cert_registry=SimpleCertificateStore.from_certs(chain))

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run=False) -> bytes:
        if dry_run:
            # pyHanko asks once for a size estimate: an ECDSA P-256 / RSA-4096 signature fits in 512 bytes.
            return bytes(512)
        answer = self._backend._call(
            "POST",
            "/v1/sign",
            {
                "signer": self._signer_id,
                "otp": self._otp,
                "digest_algorithm": digest_algorithm,
                "data": base64.b64encode(data).decode(),
            },
        )
        return base64.b64decode(answer["signature"])


@lru_cache(maxsize=4)
def _remote(url: str, token: str) -> RemoteBackend:
    return RemoteBackend(url, token)


def get_backend() -> SigningBackend:
    kind = getattr(settings, "LOKET_SIGNING_BACKEND", "local") or "local"
    if kind == "remote":
        return _remote(settings.LOKET_SIGNING_REMOTE_URL, getattr(settings, "LOKET_SIGNING_REMOTE_TOKEN", "") or "")
    return LocalBackend()
