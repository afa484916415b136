"""Reads of output documents: wallet, to-sign list, verification, upload checks, paperless counts."""

import hashlib
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from loket.core.i18n import choice_label, value_label
from loket.core.identifiers import mask_nik  # noqa: F401 - re-exported for templates
from loket.documents import access, verify
from loket.documents.models import Document, ReusedDocument, RevocationRequest
from loket.org import permissions


def mask_name(name: str) -> str:
    """'Imas Masitoh' -> 'I*** M******': enough to recognise, not enough to harvest."""
    return " ".join(part[0] + "*" * (len(part) - 1) if len(part) > 1 else part for part in (name or "").split())


def wallet(user):
    return (
        Document.objects.filter(holder=user)
        .exclude(status=Document.Status.AWAITING)
        .select_related("agency", "application__service")
        .order_by("-signed_at", "-pk")
    )


def usable_in_wallet(user):
    return Document.objects.filter(holder=user, status=Document.Status.VALID).order_by("-signed_at", "-pk")


def of_application(application):
    """The output documents of one application, newest first (awaiting ones included: 'being signed')."""
    return list(Document.objects.filter(application=application).order_by("-created_at", "-pk"))


def owned(user, code: str) -> Document | None:
    return Document.objects.filter(holder=user, code=code).exclude(status=Document.Status.AWAITING).first()


def to_sign(user):
    agencies = permissions.agencies_for(user, "document.sign")
    return (
        Document.objects.filter(access.office_readable(user), status=Document.Status.AWAITING, agency__in=agencies)
        .select_related("agency", "application__service")
        .order_by("created_at", "pk")
    )


def agency_documents(user, *, status: str = ""):
    """The office list: documents of the agencies in the user's document.view scope, without personal records
    (HR documents) the user may not read (`access`)."""
    agencies = permissions.agencies_for(user, "document.view")
    rows = (
        Document.objects.filter(access.office_readable(user), agency__in=agencies)
        .select_related("agency")
        .order_by("-created_at", "-pk")
    )
    if status in Document.Status.values:
        rows = rows.filter(status=status)
    return rows


def office_document(user, code: str, action: str = "document.view") -> Document | None:
    """One document for the back office: `action` in its agency, and a personal record only for its readers."""
    document = (
        Document.objects.filter(access.office_readable(user), code=code).select_related("agency", "application").first()
    )
    if document is None or not permissions.can(user, action, document.agency_id):
        return None
    return document


def pending_revocation(document: Document) -> RevocationRequest | None:
    return (
        RevocationRequest.objects.filter(document=document, status=RevocationRequest.Status.PENDING)
        .select_related("requested_by")
        .first()
    )


def revocation_history(document: Document) -> list[RevocationRequest]:
    return list(
        RevocationRequest.objects.filter(document=document)
        .select_related("requested_by", "decided_by")
        .order_by("-requested_at")
    )


def by_code(code: str) -> Document | None:
    if not code or len(code) > 16:
        return None
    return (
        Document.objects.filter(code=code.upper())
        .exclude(status=Document.Status.AWAITING)
        .select_related("agency", "region", "superseded_by")
        .first()
    )


def public_view(document: Document) -> dict:
    """What anyone may see about a document (no NIK, masked holder name)."""
    return {
        "code": document.code,
        "status": document.status,
        "status_label": choice_label(document, "status"),
        "title": document.title,
        "kind": choice_label(document, "kind"),
        "number": document.number,
        "agency": document.agency.name,
        "region": document.region.name,
        "region_id": document.region_id,  # the page carries the issuing region's identity
        "issuer": document.signer_title,
        "signed_at": document.signed_at,
        "holder": mask_name(document.holder_name),
        "sha256": document.sha256,
        "ended_at": document.ended_at,
        "end_reason": document.end_reason if document.status != Document.Status.VALID else "",
        "replacement_code": document.superseded_by.code
        if document.superseded_by_id and document.superseded_by.status != Document.Status.AWAITING
        else "",
    }


_PUBLIC_FIELDS = (
    "pk",
    "code",
    "status",
    "title",
    "kind",
    "number",
    "agency__name",
    "region__name",
    "region_id",
    "signer_title",
    "signed_at",
    "holder_name",
    "sha256",
    "ended_at",
    "end_reason",
    "superseded_by__code",
    "superseded_by__status",
)


def public_by_code(code: str) -> dict | None:
    """public_view() of the document with this code, read as one narrow row (the QR target is the hot path)."""
    if not code or len(code) > 16:
        return None
    row = (
        Document.objects.filter(code=code.upper())
        .exclude(status=Document.Status.AWAITING)
        .values(*_PUBLIC_FIELDS)
        .first()
    )
    if row is None:
        return None
    status = row["status"]
    return {
        "pk": row["pk"],
        "code": row["code"],
        "status": status,
        "status_label": value_label(Document, "status", status),
        "title": row["title"],
        "kind": value_label(Document, "kind", row["kind"]),
        "number": row["number"],
        "agency": row["agency__name"],
        "region": row["region__name"],
        "region_id": row["region_id"],
        "issuer": row["signer_title"],
        "signed_at": row["signed_at"],
        "holder": mask_name(row["holder_name"]),
        "sha256": row["sha256"],
        "ended_at": row["ended_at"],
        "end_reason": row["end_reason"] if status != Document.Status.VALID else "",
        "replacement_code": row["superseded_by__code"]
        if row["superseded_by__code"] and row["superseded_by__status"] != Document.Status.AWAITING
        else "",
    }


@dataclass
class UploadCheck:
    verdict: str  # "valid" or "invalid"
    problems: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    document: Document | None = None
    pdf: verify.PdfCheck | None = None


def check_upload(data: bytes) -> UploadCheck:
    """Validate an uploaded PDF: signature, chain, integrity, then the registry (revoked, superseded)."""
    result = verify.check_pdf(data)
    problems = list(result.problems)
    digest = hashlib.sha256(data).hexdigest()
    document = Document.objects.filter(sha256=digest).select_related("agency", "region").first()
    if document is None and result.code:
        document = by_code(result.code)
    if result.ok:
        if document is None or document.sha256 != digest:
            problems.append("not_registered")
    if document is not None and document.sha256 == digest:
        if document.status == Document.Status.REVOKED:
            problems.append("revoked")
        elif document.status == Document.Status.SUPERSEDED:
            problems.append("superseded")
    return UploadCheck(
        verdict="invalid" if problems else "valid",
        problems=problems,
        messages=[verify.explain(p) for p in problems],
        document=document,
        pdf=result,
    )


def verified_uploads(application) -> dict[str, Document]:
    """Uploads of an application that are Loket documents offered from the wallet: {upload id: document}."""
    rows = ReusedDocument.objects.filter(upload__application=application).select_related("document__agency")
    return {str(row.upload_id): row.document for row in rows}


def _issued(*, agencies=None, region=None, start=None, end=None):
    rows = Document.objects.exclude(status=Document.Status.AWAITING)
    if agencies is not None:
        rows = rows.filter(agency__in=agencies)
    if region is not None:
        rows = rows.filter(Q(region=region) | Q(region__parent=region))
    if start is not None:
        rows = rows.filter(signed_at__gte=start)
    if end is not None:
        rows = rows.filter(signed_at__lt=end)
    return rows


_BY_DELIVERY = {
    "digital": Count("pk", filter=Q(delivery=Document.Delivery.DIGITAL)),
    "printed": Count("pk", filter=Q(delivery=Document.Delivery.PRINTED)),
}


def paperless_counts(*, agencies=None, region=None, start=None, end=None) -> dict:
    """Documents issued (signed) digitally vs printed at a counter, for the dashboard.

    Filters: an agency queryset/list, a region (its agencies and, for a province, its kab/kota), a
    signed_at range [start, end). Returns {"digital", "printed", "total", "paperless_percent"}.
    """
    counts = _issued(agencies=agencies, region=region, start=start, end=end).aggregate(**_BY_DELIVERY)
    total = counts["digital"] + counts["printed"]
    return {**counts, "total": total, "paperless_percent": round(100 * counts["digital"] / total, 1) if total else None}


def paperless_counts_by_agency(*, start=None, end=None) -> dict[int, dict]:
    """`paperless_counts` of every agency at once, in one grouped query (the insights rollup copies them):
    {agency_id: {"digital", "printed", "total"}}; an agency with no document in [start, end) is absent."""
    rows = _issued(start=start, end=end).order_by().values("agency_id").annotate(**_BY_DELIVERY)
    return {
        row["agency_id"]: {
            "digital": row["digital"],
            "printed": row["printed"],
            "total": row["digital"] + row["printed"],
        }
        for row in rows
    }


def issued_electronically() -> Q:
    """For an Application queryset: its decision was issued as a signed document (not awaiting signature) delivered
    electronically, and never printed at a counter (the "digital decisions" indicator, loket.insights.indicators).
    Only documents of applications count: another app's documents (leave permits, KGB notices) have none."""
    issued = Document.objects.filter(application=OuterRef("pk")).exclude(status=Document.Status.AWAITING)
    return Q(Exists(issued.filter(delivery=Document.Delivery.DIGITAL))) & ~Q(
        Exists(issued.filter(delivery=Document.Delivery.PRINTED))
    )
