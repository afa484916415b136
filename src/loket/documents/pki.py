"""The embedded certificate authority: a root, an issuing CA and one encrypted signing key per official.

Everything lives in `<data dir>/signing/` (see ADR 0005). The CA is created lazily the first time a
document is signed and idempotently: creation runs under an exclusive file lock (`flock`), every file
is written to a temporary name and renamed into place, and a process that finds the files already
there only loads them — so two web processes or a web process and the worker can race safely.

Keys are ECDSA P-256 (fast to create and to sign with; validated by poppler/NSS, Adobe and pyHanko).
Private keys are stored PKCS#8-encrypted with a passphrase derived from the site's SECRET_KEY (or
LOKET_SIGNING_PASSPHRASE) and the key's name, so a copied data dir alone does not yield usable keys.
"""

import datetime
import fcntl
import hashlib
import logging
import os
import re
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings

from loket.core.errors import LoketError
from loket.core.i18n import tr
from loket.core.signing_secret import key_passphrase

log = logging.getLogger(__name__)

ROOT_NAME = "Loket Root CA"
ISSUING_NAME = "Loket Issuing CA"
_PROCESS_LOCK = threading.Lock()
_CACHE: dict[tuple[str, str], "KeyPair"] = {}


class SigningKeysMissing(LoketError):
    """The CA's keys are gone while documents signed with them exist: a new CA would orphan them all."""

    status = 503


@dataclass(frozen=True)
class KeyPair:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate

    @property
    def cert_der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def fingerprint(self) -> str:
        return self.cert.fingerprint(hashes.SHA256()).hex()


def signing_dir() -> Path:
    base = getattr(settings, "LOKET_SIGNING_DIR", None) or Path(settings.DATA_DIR) / "signing"
    return Path(base)


def _passphrase(name: str) -> bytes:
    # Derived in core: restore checks a backup's keys with the same derivation before writing anything.
    return key_passphrase(name)


@contextmanager
def _file_lock(directory: Path):
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(directory / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    with _PROCESS_LOCK, os.fdopen(fd, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_atomic(path: Path, data: bytes) -> None:
    # mkstemp creates the file 0600: keys and certificates are never readable by other users.
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _load(directory: Path, stem: str) -> KeyPair | None:
    key_path, cert_path = directory / f"{stem}.key.pem", directory / f"{stem}.crt.pem"
    if not (key_path.exists() and cert_path.exists()):
        return None
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=_passphrase(stem))
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    return KeyPair(key, cert)


def _store(directory: Path, stem: str, pair: KeyPair) -> None:
    # The certificate goes last: a pair is "present" only once both files exist.
    _write_atomic(
        directory / f"{stem}.key.pem",
        pair.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(_passphrase(stem)),
        ),
    )
    _write_atomic(directory / f"{stem}.crt.pem", pair.cert.public_bytes(serialization.Encoding.PEM))


def _name(common_name: str, org: str = "Loket") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
        ]
    )


def _issue(
    subject: x509.Name, key, issuer: KeyPair | None, *, ca: bool, years: int, path_len=None, email: str = ""
) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)
    issuer_name = issuer.cert.subject if issuer else subject
    signing_key = issuer.key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=path_len), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False
        )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    else:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        if email:
            builder = builder.add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False)
    return builder.sign(signing_key, hashes.SHA256())


def _refuse_new_ca(directory: Path) -> None:
    """Refuse to mint a CA where documents were signed locally: their signer could never be verified again."""
    from loket.documents.models import Document

    if getattr(settings, "LOKET_SIGNING_BACKEND", "local") != "local":
        return  # documents signed by a remote service do not depend on the local CA
    if not Document.objects.filter(signed_at__isnull=False).exists():
        return
    log.error("signing keys missing in %s while signed documents exist: refusing to create a new CA", directory)
    raise SigningKeysMissing(
        tr(
            f"Kunci tanda tangan (CA) tidak ditemukan di {directory}, padahal sudah ada dokumen yang "
            "ditandatangani. Loket tidak membuat CA baru karena dokumen tersebut tidak akan dapat diverifikasi "
            "lagi. Pulihkan folder kunci dari cadangan (`loket restore`) atau salin folder signing instalasi "
            "asal ke lokasi tersebut, lalu coba lagi.",
            f"The signing keys (CA) were not found in {directory}, yet signed documents exist. Loket does not "
            "create a new CA because those documents could never be verified again. Restore the key folder "
            "from a backup (`loket restore`) or copy the original installation's signing folder there, then "
            "try again.",
        )
    )


def _get_or_create(stem: str, create, *, ca: bool = False) -> KeyPair:
    directory = signing_dir()
    cache_key = (str(directory), stem)
    if cache_key in _CACHE:
        return _CACHE[cache_key]
    pair = _load(directory, stem)
    if pair is None:
        if ca:
            _refuse_new_ca(directory)  # before the lock: it creates the directory
        with _file_lock(directory):
            pair = _load(directory, stem)  # another process may have won the race
            if pair is None:
                pair = create()
                _store(directory, stem, pair)
    _CACHE[cache_key] = pair
    return pair


def root() -> KeyPair:
    def create():
        key = ec.generate_private_key(ec.SECP256R1())
        return KeyPair(key, _issue(_name(ROOT_NAME), key, None, ca=True, years=20, path_len=1))

    return _get_or_create("root", create, ca=True)


def issuing_ca() -> KeyPair:
    parent = root()

    def create():
        key = ec.generate_private_key(ec.SECP256R1())
        return KeyPair(key, _issue(_name(ISSUING_NAME), key, parent, ca=True, years=10, path_len=0))

    return _get_or_create("issuing", create, ca=True)


def _stem_for(official) -> str:
    # pk and username together: a database restored or recreated next to an old data dir never hands
    # one person's key to another user who got the same id.
    tag = hashlib.sha256(official.get_username().encode()).hexdigest()[:10]
    return f"officials/user-{int(official.pk)}-{tag}"


def official_display_name(official) -> str:
    """The person's name as their certificate and signature block carry it (personnel register, else account)."""
    from loket.documents.signers import identity_for

    return re.sub(r"\s+", " ", identity_for(official).name.strip())


def official_subject(official) -> x509.Name:
    """CN: the person (never a role: a certificate is issued to someone); their position in `title`, their NIP in
    `serialNumber` when the personnel register knows it (else the account's id)."""
    from loket.documents.signers import identity_for

    identity = identity_for(official)
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Loket"),
        x509.NameAttribute(NameOID.COMMON_NAME, re.sub(r"\s+", " ", identity.name.strip())[:64]),
        x509.NameAttribute(
            NameOID.SERIAL_NUMBER, f"NIP-{identity.nip}" if identity.nip else f"LOKET-USER-{official.pk}"
        ),
    ]
    if identity.position:
        attributes.append(x509.NameAttribute(NameOID.TITLE, identity.position[:64]))
    return x509.Name(attributes)


def official_key(official) -> KeyPair:
    """The official's own signing key and certificate, created on first use (idempotent)."""
    ca = issuing_ca()

    def create():
        key = ec.generate_private_key(ec.SECP256R1())
        subject = official_subject(official)
        return KeyPair(key, _issue(subject, key, ca, ca=False, years=3, email=official.email or ""))

    return _get_or_create(_stem_for(official), create)


def province_seal_key(province_name: str) -> KeyPair:
    """The province's seal: the key that signs the published audit-chain heads (ADR 0012), issued by the
    same CA as the officials' keys and kept encrypted in the signing dir like them (`seals/province`)."""
    ca = issuing_ca()
    display = f"Pemerintah Provinsi {province_name}".strip()[:64] if province_name else "Pemerintah Provinsi"

    def create():
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, display),
                x509.NameAttribute(NameOID.COMMON_NAME, "Segel Log Audit Loket"),
            ]
        )
        return KeyPair(key, _issue(subject, key, ca, ca=False, years=10))

    return _get_or_create("seals/province", create)


def has_official_key(official) -> bool:
    directory = signing_dir()
    stem = _stem_for(official)
    return (str(directory), stem) in _CACHE or (directory / f"{stem}.crt.pem").exists()


def trust_roots() -> list[x509.Certificate]:
    """Roots a verifier trusts: our own root plus any extra PEM files in LOKET_SIGNING_TRUST_ROOTS."""
    roots = [root().cert]
    for path in getattr(settings, "LOKET_SIGNING_TRUST_ROOTS", []) or []:
        roots.extend(x509.load_pem_x509_certificates(Path(path).read_bytes()))
    return roots


def clear_cache() -> None:
    """Forget loaded keys (tests switch data dirs)."""
    _CACHE.clear()


def card_key(region_code: str, region_name: str = "", generation: int = 1) -> KeyPair:
    """The region's e-Kartu key (ADR 0018): signs the QR payload of its employee cards and their revocation list.
    Issued by the same CA and kept encrypted in the signing dir like the officials' keys (`seals/card-<code>`, a
    rotated key's later generations `seals/card-<code>-g<n>`); its public half is published as a JWK
    (`/kartu/kunci.json`) so that a phone verifies a card offline."""
    code = re.sub(r"[^0-9A-Za-z.]", "", region_code) or "region"
    stem = f"seals/card-{code}" if generation <= 1 else f"seals/card-{code}-g{int(generation)}"
    ca = issuing_ca()

    def create():
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, (region_name or f"Wilayah {code}")[:64]),
                x509.NameAttribute(NameOID.COMMON_NAME, f"e-Kartu Pegawai {code}"[:64]),
            ]
        )
        return KeyPair(key, _issue(subject, key, ca, ca=False, years=10))

    return _get_or_create(stem, create)


def agency_seal_key(agency) -> KeyPair:
    """The agency's electronic seal (segel elektronik, PP 71/2019 art. 1 angka 24 and art. 59): the key that seals
    what the agency issues without a person deciding it (a payment receipt, written when the provider confirms the
    money). Issued by the same CA and kept encrypted in the signing dir like the officials' keys; named by the
    agency's id and a hash of its slug, so a recreated database never hands one agency's seal to another."""
    tag = hashlib.sha256(str(agency.slug).encode()).hexdigest()[:10]
    ca = issuing_ca()

    def create():
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, agency.name[:64]),
                x509.NameAttribute(NameOID.COMMON_NAME, f"Segel Elektronik {agency.short_name or agency.name}"[:64]),
                x509.NameAttribute(NameOID.SERIAL_NUMBER, f"LOKET-AGENCY-{int(agency.pk)}"),
            ]
        )
        return KeyPair(key, _issue(subject, key, ca, ca=False, years=5))

    return _get_or_create(f"seals/agency-{int(agency.pk)}-{tag}", create)
