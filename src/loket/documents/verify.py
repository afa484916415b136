"""Check a PDF's signature, certificate chain and integrity, and say exactly what is wrong (Indonesian first).

Pure with respect to the database: `check_pdf()` looks only at the bytes and the trusted roots; the
registry lookups (is this an issued document, is it revoked or superseded) live in
`loket.documents.queries.check_upload`.
"""

import logging
from dataclasses import dataclass, field
from io import BytesIO

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from loket.core.i18n import tr
from loket.documents.backends import get_backend, to_asn1
from loket.documents.sync import off_loop

log = logging.getLogger(__name__)

# Problem codes (stable, used by the API) with their Indonesian / English explanations.
PROBLEMS = {
    "unreadable": (
        "Berkas bukan PDF yang dapat dibaca atau strukturnya rusak.",
        "The file is not a readable PDF or its structure is damaged.",
    ),
    "unsigned": ("Berkas ini tidak memuat tanda tangan elektronik.", "This file carries no electronic signature."),
    "changed": (
        "Isi dokumen telah diubah setelah ditandatangani: nilai hash tidak cocok dengan tanda tangan.",
        "The document was changed after signing: its hash does not match the signature.",
    ),
    "appended": (
        "Dokumen telah ditambah atau diubah setelah ditandatangani (ada pembaruan setelah tanda tangan).",
        "Content was added or changed after signing (an update follows the signature).",
    ),
    "unknown_signer": (
        "Penanda tangan tidak dikenal: sertifikatnya tidak diterbitkan oleh otoritas sertifikat yang dipercaya Loket.",
        "Unknown signer: the certificate was not issued by a certificate authority Loket trusts.",
    ),
    "certificate_revoked": ("Sertifikat penanda tangan telah dicabut.", "The signer's certificate has been revoked."),
    "not_registered": (
        "Tanda tangan sah, tetapi dokumen ini tidak terdaftar sebagai dokumen terbitan Loket.",
        "The signature is valid, but this document is not registered as issued by Loket.",
    ),
    "revoked": ("Dokumen ini telah DICABUT oleh instansi penerbit.", "This document has been REVOKED by its issuer."),
    "superseded": (
        "Dokumen ini telah DIGANTI dengan dokumen yang lebih baru.",
        "This document has been SUPERSEDED by a newer one.",
    ),
}


def explain(code: str) -> str:
    ind, eng = PROBLEMS[code]
    return tr(ind, eng)


@dataclass
class PdfCheck:
    signed: bool = False
    intact: bool = False
    trusted: bool = False
    whole_file: bool = False
    signer_name: str = ""
    signer_fingerprint: str = ""
    signed_at: object = None
    code: str = ""  # the Loket verification code found in the PDF metadata, if any
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _metadata_code(reader: PdfFileReader) -> str:
    try:
        subject = str(reader.trailer["/Info"].get("/Subject", ""))
    except (KeyError, PdfError, AttributeError, TypeError):
        return ""
    return subject[len("loket:") :] if subject.startswith("loket:") else ""


def validation_context(roots: list[x509.Certificate] | None = None) -> ValidationContext:
    roots = roots if roots is not None else get_backend().trust_roots()
    # Revocation of signing certificates is kept in Loket's own registry (no CRL/OCSP endpoints offline).
    return ValidationContext(trust_roots=[to_asn1(r) for r in roots], allow_fetching=False, revocation_mode="soft-fail")


def check_pdf(data: bytes, roots: list[x509.Certificate] | None = None) -> PdfCheck:
    return off_loop(_check_pdf, data, roots)


def _check_pdf(data: bytes, roots: list[x509.Certificate] | None) -> PdfCheck:
    result = PdfCheck()
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:
        result.problems.append("unreadable")
        return result
    result.code = _metadata_code(reader)
    if not signatures:
        result.problems.append("unsigned")
        return result
    result.signed = True
    signature = signatures[-1]
    try:
        status = validate_pdf_signature(signature, validation_context(roots))
    except (SignatureValidationError, PdfError, ValueError) as exc:
        log.info("signature validation failed: %s", exc)
        result.problems.append("changed")
        return result
    cert = status.signing_cert
    result.signer_name = cert.subject.native.get("common_name", "") if cert is not None else ""
    if cert is not None:
        result.signer_fingerprint = x509.load_der_x509_certificate(cert.dump()).fingerprint(hashes.SHA256()).hex()
    result.signed_at = status.signer_reported_dt
    result.intact = bool(status.intact and status.valid)
    result.trusted = bool(status.trusted)
    result.whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE and len(signatures) == 1
    if not result.intact:
        result.problems.append("changed")
        return result  # the certificate says nothing about content that no longer matches it
    if not result.whole_file:
        result.problems.append("appended")
    if getattr(status, "revoked", False):
        result.problems.append("certificate_revoked")
    elif not result.trusted:
        result.problems.append("unknown_signer")
    return result


def cert_pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()
