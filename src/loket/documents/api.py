"""JSON API of output documents for other agencies: verify a document by its code, or check a PDF file.

Public (no login): the answer carries only what the public verification page shows (masked holder name).
"""

import datetime

from django.http import Http404
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from loket.core.errors import LoketError
from loket.documents import queries, services, verify
from loket.org.api import ErrorOut

router = Router(tags=["dokumen"])

MAX_CHECK_BYTES = 10 * 1024 * 1024


class VerificationOut(Schema):
    code: str
    status: str
    status_label: str
    valid: bool
    title: str
    kind: str
    number: str
    agency: str
    region: str
    issuer: str
    signed_at: datetime.datetime | None
    holder: str
    sha256: str
    ended_at: datetime.datetime | None = None
    end_reason: str = ""
    replacement_code: str = ""
    verification_url: str


class Problem(Schema):
    code: str
    message: str


class CheckOut(Schema):
    verdict: str
    problems: list[Problem]
    signer: str
    document: VerificationOut | None = None


def _out(document) -> dict:
    from loket.documents.render import verify_url

    view = queries.public_view(document)
    return {**view, "valid": view["status"] == "valid", "verification_url": verify_url(document.code)}


@router.get(
    "documents/{code}/verification",
    response={200: VerificationOut, 404: ErrorOut},
    summary="Status keabsahan dokumen menurut kode verifikasinya (kode QR)",
)
def verification(request, code: str):
    from loket.documents.render import verify_url

    doc = services.verify_code(code, actor=request.user, via="api")
    if doc is None:
        raise Http404
    return {**doc, "valid": doc["status"] == "valid", "verification_url": verify_url(doc["code"])}


@router.post(
    "documents/verification",
    response={200: CheckOut, 400: ErrorOut, 422: ErrorOut},
    summary="Periksa berkas PDF: tanda tangan, rantai sertifikat, keutuhan dan status dokumen",
)
def check(request, file: File[UploadedFile]):
    if file.size > MAX_CHECK_BYTES:
        raise LoketError("Berkas terlalu besar (maks. 10 MB).")
    result = queries.check_upload(file.read())
    return {
        "verdict": result.verdict,
        "problems": [{"code": p, "message": verify.explain(p)} for p in result.problems],
        "signer": result.pdf.signer_name if result.pdf else "",
        "document": _out(result.document) if result.document else None,
    }
