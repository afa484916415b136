"""The remote signing adapter (BSrE-style service) against a local fake service over real HTTP."""

import base64
import datetime
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from loket.core.errors import LoketError
from loket.documents import backends, queries, verify
from loket.documents.models import Document
from tests.helpers.documents import sign_now

TOKEN = "rahasia-layanan-ttd"


def _cert(name, key, issuer_name, issuer_key, ca):
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
    else:
        builder = builder.add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
    return builder.sign(issuer_key, hashes.SHA256())


class FakeSigningService:
    """Holds a CA and one key per signer id; signs raw bytes when the bearer token and an OTP are given."""

    def __init__(self):
        self.ca_key = ec.generate_private_key(ec.SECP256R1())
        self.ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Fake BSrE Root")])
        self.ca = _cert("Fake BSrE Root", self.ca_key, self.ca_name, self.ca_key, True)
        self.keys: dict[str, tuple] = {}
        self.calls: list[dict] = []

    def key_for(self, signer):
        if signer not in self.keys:
            key = ec.generate_private_key(ec.SECP256R1())
            self.keys[signer] = (key, _cert(f"TTE {signer}", key, self.ca_name, self.ca_key, False))
        return self.keys[signer]

    def handler(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _der(self, cert):
                return base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()

            def do_GET(self):
                url = urlparse(self.path)
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self._send(401, {"message": "token salah"})
                if url.path == "/v1/roots":
                    return self._send(200, {"roots": [self._der(service.ca)]})
                if url.path == "/v1/certificate":
                    signer = parse_qs(url.query)["signer"][0]
                    return self._send(
                        200, {"certificate": self._der(service.key_for(signer)[1]), "chain": [self._der(service.ca)]}
                    )
                return self._send(404, {"message": "tidak ada"})

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                service.calls.append(body)
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self._send(401, {"message": "token salah"})
                if not body.get("otp"):
                    return self._send(403, {"message": "OTP wajib"})
                key, _ = service.key_for(body["signer"])
                signature = key.sign(base64.b64decode(body["data"]), ec.ECDSA(hashes.SHA256()))
                return self._send(200, {"signature": base64.b64encode(signature).decode()})

        return Handler


@pytest.fixture
def fake_service(settings):
    service = FakeSigningService()
    server = ThreadingHTTPServer(("127.0.0.1", 0), service.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.LOKET_SIGNING_BACKEND = "remote"
    settings.LOKET_SIGNING_REMOTE_URL = f"http://127.0.0.1:{server.server_port}"
    settings.LOKET_SIGNING_REMOTE_TOKEN = TOKEN
    yield service
    server.shutdown()
    server.server_close()


def test_remote_service_signs_and_the_result_validates(fake_service, completed, official):
    document = sign_now(completed.documents.get(), official)
    assert document.status == Document.Status.VALID
    call = fake_service.calls[-1]
    assert call["signer"] == official.username and len(call["otp"]) == 6  # the official's own code travels along
    data = document.file.read()
    check = verify.check_pdf(data)
    assert check.ok and check.signer_name == f"TTE {official.username}"
    assert queries.check_upload(data).verdict == "valid"
    # the embedded CA does not vouch for the remote service's certificates
    local_only = verify.check_pdf(data, roots=backends.LocalBackend().trust_roots())
    assert local_only.problems == ["unknown_signer"]


def test_refusals_and_outages_are_explained(settings, fake_service, completed, official):
    settings.LOKET_SIGNING_REMOTE_TOKEN = "token-salah"
    with pytest.raises(LoketError) as refused:
        sign_now(completed.documents.get(), official)
    assert refused.value.status == 502 and "menolak" in refused.value.message
    settings.LOKET_SIGNING_REMOTE_URL = "http://127.0.0.1:9"  # nothing listens
    with pytest.raises(LoketError) as down:
        sign_now(completed.documents.get(), official)
    assert down.value.status == 503 and "tidak dapat dihubungi" in down.value.message
    document = completed.documents.get()
    assert document.status == Document.Status.AWAITING and not document.sha256
