"""State changes of output documents: templates, issuing (numbering), signing, revocation, sharing, reuse.

Flow (ADR 0005): the engine completes a case and sends `lifecycle.case_changed` inside its
transaction; `issue()` stores the document "awaiting signature" with its decision number taken from
the agency's counter in that same transaction (gap-free). An official with `document.sign` in the
agency then signs it from the "to sign" list with their own TOTP code: the PDF is rendered, signed
(PAdES, visible block, QR to the verification page) and stored with its SHA-256 — immutable from then on.

Other apps' records (no Application; e.g. the leave permit and the KGB notice of a later app) use
`issue(subject=Subject(...))` / `issue_and_sign`: same counter, rendering, signing, wallet and
verification; the calling app decides who may sign and composes the text (docs/adr/0007, addendum).
"""

import datetime
import hashlib
import re
import secrets
import time
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from django.core import signing as django_signing
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from loket.applications.models import Application, Upload
from loket.core import audit
from loket.core.dates import long_date, long_moment
from loket.core.errors import LoketError, NotFound, PermissionDenied
from loket.core.i18n import tr
from loket.documents import backends, pagecount, pdf, pki, queries, render, rules, signers, signing
from loket.documents.models import (
    Document,
    Letterhead,
    NumberCounter,
    OutputTemplate,
    ReusedDocument,
    RevocationRequest,
)
from loket.notify import services as notify
from loket.org import permissions, second_factor

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
SHARE_SALT = "loket.documents.share"
SHARE_DAYS = (1, 7, 30)


class Conflict(LoketError):
    status = 409


class Gone(LoketError):
    """The document behind a still-valid share link has ended (revoked or superseded)."""

    status = 410

    def __init__(self, message: str, *, document: Document):
        super().__init__(message)
        self.document = document


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))  # 60 bits


# ---------------------------------------------------------------- templates and letterheads


def template_for(standard) -> OutputTemplate:
    """The standard version's output template; an unsaved default built from its product if none is stored.

    A version without its own template uses the latest *published* version's before it (never a draft's:
    what is being edited must not reach a case filed under a published version)."""
    existing = OutputTemplate.objects.filter(standard=standard).first()
    if existing:
        return existing
    earlier_versions = OutputTemplate.objects.filter(
        standard__service_id=standard.service_id, standard__status="published"
    )
    if standard.version is not None:
        earlier_versions = earlier_versions.filter(standard__version__lt=standard.version)
    earlier = earlier_versions.order_by("-standard__version", "-pk").first()
    if earlier is not None:  # a new version starts from the previous version's template
        return OutputTemplate(
            standard=standard,
            kind=earlier.kind,
            title=earlier.title,
            classification=earlier.classification,
            body=earlier.body,
        )
    title = (
        re.sub(
            r"\s*(yang\s+)?(bertanda\s*tangan|ditandatangani)\s+(secara\s+)?elektronik\b",
            "",
            (standard.product or standard.service.name_id).strip(),
            flags=re.I,
        ).strip(" ,.")
        or standard.service.name_id
    )
    lowered = title.lower()
    kind = (
        OutputTemplate.Kind.DECREE
        if lowered.startswith(("sk", "surat keputusan", "keputusan"))
        else OutputTemplate.Kind.CERTIFICATE
        if "keterangan" in lowered
        else OutputTemplate.Kind.PERMIT
    )
    return OutputTemplate(standard=standard, kind=kind, title=title[:200], body=render.DEFAULT_BODY)


TEMPLATE_FIELDS = ("title", "kind", "classification", "body")


def template_terms(standard) -> dict | None:
    """The decision template as a term of the standard version (catalogue.terms: four eyes, public diff). None
    while the service has no template of its own (the default follows the product, a term shown in full)."""
    template = template_for(standard)
    if template.pk is None and not OutputTemplate.objects.filter(standard__service_id=standard.service_id).exists():
        return None
    return {field: getattr(template, field) for field in TEMPLATE_FIELDS}


def describe_template_change(before: dict | None, after: dict | None) -> list[str]:
    if before is None or after is None:
        return [tr("Templat keputusan ditetapkan untuk pertama kali", "A decision template was set for the first time")]
    labels = {
        "title": tr("Judul", "Title"),
        "kind": tr("Jenis dokumen", "Kind of document"),
        "classification": tr("Kode klasifikasi", "Classification code"),
    }
    lines = [
        f"{labels[field]}: «{before[field]}» → «{after[field]}»"
        for field in ("title", "kind", "classification")
        if before[field] != after[field]
    ]
    if before["body"] != after["body"]:
        lines.append(tr("Isi templat diubah:", "Template text changed:"))
        lines += render.body_diff(before["body"], after["body"])
    return lines


@transaction.atomic
def save_template(*, actor, standard, title: str, kind: str, classification: str, body: str) -> OutputTemplate:
    permissions.require(actor, "document.template", standard.service.agency_id)
    standard = type(standard).objects.select_for_update().get(pk=standard.pk)
    if standard.status != "draft":
        raise LoketError(
            tr(
                "Templat versi yang sudah terbit tidak dapat diubah; permohonan yang sudah masuk memakai templat "
                "versinya. Buka draf baru untuk mengubahnya.",
                "The template of a published version cannot be changed; filed applications keep their version's "
                "template. Open a new draft to change it.",
            )
        )
    shown = template_for(standard)
    before = {field: getattr(shown, field) for field in TEMPLATE_FIELDS}
    errors = {}
    if not title.strip():
        errors["title"] = [tr("Judul dokumen wajib diisi.", "The document title is required.")]
    if kind not in OutputTemplate.Kind.values:
        errors["kind"] = [tr("Jenis dokumen tidak dikenal.", "Unknown document kind.")]
    if not classification.strip() or len(classification) > 20:
        errors["classification"] = [
            tr(
                "Kode klasifikasi wajib diisi (maks. 20 karakter).",
                "The classification code is required (max. 20 characters).",
            )
        ]
    if not body.strip():
        errors["body"] = [tr("Isi templat wajib diisi.", "The template body is required.")]
    else:
        try:
            render.render_body(body, render.SAMPLE)
        except LoketError as exc:
            errors["body"] = [exc.message]
    if errors:
        raise LoketError(tr("Templat belum dapat disimpan.", "The template cannot be saved yet."), errors=errors)
    template, _ = OutputTemplate.objects.update_or_create(
        standard=standard,
        defaults={
            "title": title.strip()[:200],
            "kind": kind,
            "classification": classification.strip(),
            "body": body,
            "updated_by": actor,
        },
    )
    after = {field: getattr(template, field) for field in TEMPLATE_FIELDS}
    audit.record(
        "documents.template_saved",
        obj=template,
        actor=actor,
        data={
            "service": standard.service.code,
            "standard": standard.pk,
            "changed": {
                field: {"before": before[field], "after": after[field]}
                for field in TEMPLATE_FIELDS
                if before[field] != after[field]
            },
        },
    )
    return template


def copy_template_into_draft(sender, source, draft, **kwargs):
    """A new draft starts from the template its source version uses (catalogue.signals.draft_opened)."""
    if source is None or OutputTemplate.objects.filter(standard=draft).exists():
        return
    template = template_for(source)
    if template.pk is None and not OutputTemplate.objects.filter(standard__service_id=source.service_id).exists():
        return  # nothing stored yet: the draft derives the default from its own product
    OutputTemplate.objects.create(standard=draft, **{field: getattr(template, field) for field in TEMPLATE_FIELDS})


@transaction.atomic
def save_letterhead(*, actor, region, government_line: str, address_lines: str = "", place: str = "") -> Letterhead:
    if not permissions.agencies_for(actor, "document.template").filter(region=region).exists():
        raise PermissionDenied(
            tr("Anda tidak berwenang mengubah kop surat wilayah ini.", "You may not change this region's letterhead.")
        )
    if not government_line.strip():
        raise LoketError(
            tr("Baris pemerintah daerah wajib diisi.", "The government line is required."),
            errors={"government_line": [tr("Wajib diisi.", "Required.")]},
        )
    head, _ = Letterhead.objects.update_or_create(
        region=region,
        defaults={
            "government_line": government_line.strip()[:200],
            "address_lines": address_lines.strip(),
            "place": place.strip()[:80],
        },
    )
    audit.record("documents.letterhead_saved", obj=head, actor=actor, data={"region": region.code})
    return head


def preview(*, standard, title: str, body: str, classification: str = "503") -> bytes:
    """Unsigned PDF of a template with sample answers made from the service's own form (labels, dates and money as
    the letter prints them) and the agency's signer; watermarked as a preview in its number and footer."""
    sample = render.sample_for(standard)
    text = render.render_body(body, sample)
    agency = standard.service.agency
    lines, place = render.letterhead_for(agency)
    # Who would sign: someone the personnel register knows first, then the agency's head.
    holders = sorted(
        permissions.holders_of("document.sign", agency),
        key=lambda user: (not signers.identity_for(user).nip, not permissions.heads_agency(user, agency), user.pk),
    )
    official = holders[0] if holders else None
    identity = signers.identity_for(official) if official is not None else None
    letter = pdf.Letter(
        code="CONTOH",
        verify_url=render.public_url("/verifikasi/CONTOH"),
        title=title or "Dokumen",
        number=f"{classification}/CONTOH/PRATINJAU",
        body=text,
        letterhead=lines,
        place_date=f"{place}, {sample['tanggal']}",
        official_title=signer_title(official, agency) if official is not None else "Jabatan penandatangan",
        official_name=identity.name if identity else "Nama pejabat",
        official_nip=identity.nip if identity else "",
        official_rank=identity.rank if identity else "",
        footer="PRATINJAU - bukan dokumen sah.",
    )
    return pdf.render(letter).pdf


# ---------------------------------------------------------------- numbering and issuing


def next_number(agency_id: int, year: int) -> int:
    """Take the next decision number of (agency, year) inside the caller's transaction.

    One statement: insert the counter row or bump it, returning the new value. The row stays locked until
    the transaction ends, so concurrent issuers queue on it, and a rollback gives the number back: no gaps.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("next_number must run inside the issuing transaction")
    table = NumberCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, year, last) VALUES (%s, %s, 1) "
            f"ON CONFLICT (agency_id, year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [agency_id, year],
        )
        return cursor.fetchone()[0]


def format_number(*, classification: str, sequence: int, agency, year: int) -> str:
    short = (agency.short_name or agency.slug).upper().replace(" ", "")
    return f"{classification}/{sequence:04d}/{short}/{year}"


# ---------------------------------------------------------------- documents of other apps (no application)


@dataclass(frozen=True)
class Subject:
    """A document whose subject is not a citizen's Application: a record of a later app (e.g. loket.hr).

    The calling app composes the letter (title, body) and names its record by `type` + `ref`; documents
    numbers, renders, signs, stores and verifies it exactly like a citizen decision, and never imports
    the caller. `label` is what lists show where an application's tracking number would be.
    """

    type: str  # "<app>.<kind>", e.g. "hr.leave_permit"
    ref: str  # the caller's id of the record
    label: str  # e.g. "Cuti tahunan 1-3 Desember 2026"
    agency: object  # issuing Agency (its counter numbers the document)
    holder: object  # the user whose wallet receives it
    holder_name: str
    title: str  # e.g. "Surat Izin Cuti Tahunan"
    body: str  # the letter's text, composed; paragraphs split by blank lines; "{nomor}" -> number
    classification: str = "800"
    kind: str = OutputTemplate.Kind.OTHER
    case: object = None  # the engine's case this document decides (its decision document: issued once)


def _check_subject(subject: Subject) -> None:
    if not subject.type or not str(subject.ref) or subject.holder is None:
        raise ValueError("A document subject needs a type, a reference and a holder")
    if subject.kind not in OutputTemplate.Kind.values:
        raise ValueError(f"Unknown document kind {subject.kind!r}")


def _active(*, application: Application | None, subject: Subject | None) -> Document | None:
    rows = (
        Document.objects.filter(application=application)
        if application is not None
        else Document.objects.filter(subject_type=subject.type, subject_ref=str(subject.ref))
    )
    return rows.exclude(status__in=[Document.Status.REVOKED, Document.Status.SUPERSEDED]).first()


@transaction.atomic
def issue(
    *,
    application: Application | None = None,
    subject: Subject | None = None,
    actor=None,
    now=None,
    delivery: str = Document.Delivery.DIGITAL,
) -> Document:
    """Store the decision document of a completed `application`, or of another app's record (`subject`),
    awaiting signature and numbered gap-free from the agency's counter (idempotent: the one in force is
    returned when there is one). An application's letter comes from its standard's template; a subject
    brings its own."""
    if (application is None) == (subject is None):
        raise ValueError("issue() takes an application or a subject, not both")
    if subject is not None:
        _check_subject(subject)
    existing = _active(application=application, subject=subject)
    if existing:
        return existing
    now = now or timezone.now()
    if application is not None:
        agency, region = application.agency, application.region
        template = template_for(application.standard)
        classification = template.classification
    else:
        agency = subject.agency
        region = agency.region
        classification = subject.classification
    local = now.astimezone(region.zoneinfo)
    sequence = next_number(agency.pk, local.year)
    number = format_number(classification=classification, sequence=sequence, agency=agency, year=local.year)
    lines, place = render.letterhead_for(agency)
    context = {"letterhead": lines, "place_date": f"{place}, {render.indonesian_date(local.date())}"}
    if application is not None:
        variables = render.variables_for(application, number=number, issued=local.date())
        fields = {
            "application": application,
            "holder_id": application.applicant_id,
            "holder_name": variables["pemohon"]["nama"][:200],
            "kind": template.kind,
            "title": template.title,
            "body": render.render_body(template.body, variables),
            "context": {**context, "service": application.service.code, "tracking": application.tracking_number},
        }
        about = {"tracking": application.tracking_number}
    else:
        fields = {
            "application": subject.case,  # the case this record's document decides, if it is one
            "subject_type": subject.type[:30],
            "subject_ref": str(subject.ref)[:64],
            "subject_label": subject.label[:200],
            "holder": subject.holder,
            "holder_name": subject.holder_name[:200],
            "kind": subject.kind,
            "title": subject.title[:200],
            "body": subject.body.replace("{nomor}", number),
            "context": {**context, "subject": subject.type},
        }
        about = {"subject": f"{subject.type}:{subject.ref}"}
    document = Document.objects.create(
        code=new_code(),
        agency_id=agency.pk,
        region_id=region.pk,
        year=local.year,
        sequence=sequence,
        number=number,
        created_at=now,
        delivery=delivery,
        **fields,
    )
    audit.record("documents.issued", obj=document, actor=actor, data={"number": number, **about, "code": document.code})
    return document


@transaction.atomic
def issue_and_sign(
    *,
    subject: Subject,
    signer,
    otp: str = "",
    signer_title: str,
    signer_name: str = "",
    now=None,
    verify_second_factor: bool = True,
) -> Document:
    """Issue the document of `subject` and sign it at once as `signer`, in the caller's transaction.

    For person-based authority decided by the calling app (e.g. the authorized official who gives the
    final approval of a leave request): the caller has already checked that `signer` may sign; documents
    checks the signer's own TOTP code (a code is accepted once) and signs with the signer's own key.
    Any failure raises and the caller's transaction (its approval too) rolls back.
    """
    if verify_second_factor:
        check_totp(signer, otp)
    document = issue(subject=subject, actor=signer, now=now)
    locked = Document.objects.select_for_update().select_related("agency", "region").get(pk=document.pk)
    if locked.status != Document.Status.AWAITING:
        return locked  # already signed (idempotent retry)
    backend = backends.get_backend()
    return store_signature(
        document=locked,
        official=signer,
        signer=backend.signer(signer, otp=otp),
        backend=backend,
        title=signer_title,
        name=signer_name,
    )


SEAL_FOOTER = (
    "Dokumen ini disegel secara elektronik oleh instansi penerbit menggunakan sertifikat elektronik "
    "(UU 11/2008 jo. UU 1/2024 tentang ITE; PP 71/2019, Pasal 1 angka 24 dan Pasal 59). "
    "Keaslian dapat diperiksa dengan memindai kode QR."
)


@transaction.atomic
def issue_and_seal(*, subject: Subject, now=None) -> Document:
    """Issue the document of `subject` and seal it at once with its agency's electronic seal, in the caller's
    transaction: for what the agency states as a fact without a person deciding it (a payment receipt written
    when the provider confirms the money). Idempotent: the sealed document in force is returned as it is. The seal
    is the embedded CA's (`pki.agency_seal_key`) whatever the officials' signing backend."""
    document = issue(subject=subject, now=now)
    locked = Document.objects.select_for_update().select_related("agency", "region").get(pk=document.pk)
    if locked.status != Document.Status.AWAITING:
        return locked
    agency = locked.agency
    pair = pki.agency_seal_key(agency)
    title = f"Segel elektronik {agency.name}"[:200]
    letter = letter_for(locked, official_title=agency.name)
    letter.footer = SEAL_FOOTER
    rendered = pdf.render(letter)
    region = locked.region
    signed = signing.sign(
        rendered,
        backends.key_signer(pair),
        reason=f"{locked.title} Nomor {locked.number}",
        location=locked.context.get("place_date", "").split(",")[0],
        official_title=title,
        when=long_moment(timezone.now().astimezone(region.zoneinfo), region.time_zone),
    )
    locked.file.save(f"{locked.code}.pdf", ContentFile(signed), save=False)
    locked.sha256 = hashlib.sha256(signed).hexdigest()
    locked.size = len(signed)
    locked.pages = pagecount.count(signed)
    locked.status = Document.Status.VALID
    locked.signed_at, locked.signer_title = timezone.now(), title
    locked.signer_fingerprint = pair.cert.fingerprint(hashes.SHA256()).hex()
    locked.save(signing=True)
    audit.record("documents.sealed", obj=locked, data={"number": locked.number, "sha256": locked.sha256})
    _notify(locked, "document_issued")
    return locked


def on_case_changed(sender, *, application, transition, actor=None, now=None, **kwargs):
    """Receiver of `loket.applications.lifecycle.case_changed`: a completed case gets its decision document
    (inside the completing transaction, so both commit or neither)."""
    if transition.name == "complete":
        issue(application=application, actor=actor, now=now)


# ---------------------------------------------------------------- signing


def signer_title(official, agency) -> str:
    if permissions.heads_agency(official, agency):
        return f"Kepala {agency.name}"[:200]
    return f"Pejabat Penandatangan {agency.short_name or agency.name}"[:200]


def check_totp(user, code: str, purpose: str = "documents.sign") -> None:
    """The official's own second factor: a current, unused TOTP code, with the attempt limit and lockout of
    loket.org.second_factor (call it before the signing transaction: its failure records must stay)."""
    second_factor.check_code(user, code, purpose)


def refuse_own_document(actor, document: Document) -> None:
    """Nobody signs a decision they hold or a case they filed for someone (issue 13: an agency head filed, approved
    and signed his own decision)."""
    filer = (
        Application.objects.filter(pk=document.application_id).values_list("assisted_by_id", flat=True).first()
        if document.application_id
        else None
    )
    if actor.pk in (document.holder_id, filer):
        raise PermissionDenied(
            tr(
                "Anda tidak dapat menandatangani keputusan atas permohonan Anda sendiri atau yang Anda ajukan untuk "
                "orang lain; pejabat lain yang berwenang harus menandatanganinya.",
                "You cannot sign a decision on your own application or one you filed for someone; another "
                "authorized official must sign it.",
            )
        )


def sign(*, actor, document: Document, otp: str, verify_second_factor: bool = True) -> Document:
    """Sign an awaiting document as `actor` (who must hold document.sign in its agency and prove TOTP)."""
    permissions.require(actor, "document.sign", document.agency_id)
    refuse_own_document(actor, document)
    if Document.objects.filter(pk=document.pk).values_list("status", flat=True).first() != Document.Status.AWAITING:
        raise Conflict(_ALREADY_SIGNED())  # before the code is checked, so it is not spent
    if verify_second_factor:
        check_totp(actor, otp)
    return _sign(actor=actor, document_id=document.pk, otp=otp)


MAX_BATCH = 50


def sign_many(*, actor, documents: list[Document], otp: str) -> list[Document]:
    """Sign several awaiting documents with one TOTP code (a code is accepted once, so one per batch).

    Every document is checked for the actor's `document.sign` before the code is; each is then signed
    in its own transaction, so one failure leaves the others signed.
    """
    if not documents:
        raise LoketError(tr("Pilih dokumen yang akan ditandatangani.", "Choose the documents to sign."))
    if len(documents) > MAX_BATCH:
        raise LoketError(tr(f"Paling banyak {MAX_BATCH} dokumen sekaligus.", f"At most {MAX_BATCH} documents at once."))
    for document in documents:
        permissions.require(actor, "document.sign", document.agency_id)
        refuse_own_document(actor, document)
    awaiting = set(
        Document.objects.filter(pk__in=[d.pk for d in documents], status=Document.Status.AWAITING).values_list(
            "pk", flat=True
        )
    )
    if len(awaiting) != len(documents):
        raise Conflict(_ALREADY_SIGNED())
    check_totp(actor, otp)
    return [_sign(actor=actor, document_id=document.pk, otp=otp) for document in documents]


def _ALREADY_SIGNED() -> str:
    return tr(
        "Dokumen ini sudah ditandatangani atau tidak berlaku lagi.",
        "This document is already signed or no longer in force.",
    )


@transaction.atomic
def _sign(*, actor, document_id: int, otp: str) -> Document:
    document = Document.objects.select_for_update().select_related("agency", "region").filter(pk=document_id).first()
    if document is None:
        raise NotFound(tr("Dokumen tidak ditemukan.", "Document not found."))
    if document.status != Document.Status.AWAITING:
        raise Conflict(_ALREADY_SIGNED())
    backend = backends.get_backend()
    return store_signature(document=document, official=actor, signer=backend.signer(actor, otp=otp), backend=backend)


def store_signature(*, document: Document, official, signer, backend, title: str = "", name: str = "") -> Document:
    """Render, sign and store the PDF of a locked, awaiting document (callers check who may sign).

    `title`: the signer's position printed above the signature (default: from their role in the agency);
    `name`: the signer's name printed under it (default: from their account, as in their certificate).
    """
    identity = signers.identity_for(official)
    title = (title or signer_title(official, document.agency))[:200]
    signed = sign_bytes(
        document,
        signer,
        official_title=title,
        official_name=name or identity.name,
        official_nip=identity.nip,
        official_rank=identity.rank,
    )
    now = timezone.now()
    document.file.save(f"{document.code}.pdf", ContentFile(signed), save=False)
    document.sha256 = hashlib.sha256(signed).hexdigest()
    document.size = len(signed)
    document.pages = pagecount.count(signed)
    document.status = Document.Status.VALID
    document.signed_at, document.signed_by, document.signer_title = now, official, title
    document.signer_fingerprint = backend.certificate(official).fingerprint(hashes.SHA256()).hex()
    document.save(signing=True)
    audit.record(
        "documents.signed",
        obj=document,
        actor=official,
        data={"number": document.number, "sha256": document.sha256, "backend": backend.name},
    )
    _notify(document, "document_issued")
    return document


def letter_for(
    document: Document,
    *,
    official_title: str = "",
    official_name: str = "",
    official_nip: str = "",
    official_rank: str = "",
) -> pdf.Letter:
    return pdf.Letter(
        code=document.code,
        verify_url=render.verify_url(document.code),
        title=document.title,
        number=document.number,
        body=document.body,
        letterhead=list(document.context["letterhead"]),
        place_date=document.context["place_date"],
        official_title=official_title,
        official_name=official_name,
        official_nip=official_nip,
        official_rank=official_rank,
        keywords=[document.number],
    )


def sign_bytes(
    document: Document,
    signer,
    *,
    official_title: str,
    official_name: str,
    official_nip: str = "",
    official_rank: str = "",
) -> bytes:
    rendered = pdf.render(
        letter_for(
            document,
            official_title=official_title,
            official_name=official_name,
            official_nip=official_nip,
            official_rank=official_rank,
        )
    )
    place = document.context.get("place_date", "").split(",")[0]
    region = document.region
    return signing.sign(
        rendered,
        signer,
        reason=f"Penetapan {document.title} Nomor {document.number}",
        location=place,
        official_title=official_title,
        when=long_moment(timezone.now().astimezone(region.zoneinfo), region.time_zone),
    )


def _notify(document: Document, template: str) -> None:
    """Texts: loket.documents.messages (registered with loket.notify in AppConfig.ready)."""
    notify.queue(
        key=f"document:{document.pk}:{template}",
        user=document.holder,
        template=template,
        context={"number": document.number, "title": document.title, "url": render.public_url("/dompet/")},
    )


# ---------------------------------------------------------------- revocation, supersession, printing


def _end(actor, document: Document, reason: str, status: str) -> Document:
    permissions.require(actor, "document.revoke", document.agency_id)
    _refuse_holder(actor, document)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise LoketError(
            tr("Tuliskan alasan (minimal 5 karakter).", "Give a reason (at least 5 characters)."),
            field="reason",
            errors={"reason": [tr("Alasan wajib diisi.", "A reason is required.")]},
        )
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if locked.status != Document.Status.VALID:
        raise Conflict(
            tr(
                "Hanya dokumen yang sah dapat dicabut atau diganti.",
                "Only a valid document can be revoked or superseded.",
            )
        )
    locked.status, locked.ended_at, locked.ended_by, locked.end_reason = status, timezone.now(), actor, reason[:2000]
    return locked


def _refuse_holder(actor, document: Document) -> None:
    if actor.pk == document.holder_id:
        raise PermissionDenied(
            tr(
                "Anda adalah pemegang dokumen ini; pencabutannya harus diurus pejabat lain.",
                "You are this document's holder; its revocation must be handled by another official.",
            )
        )


def check_revocation_reason(reason_code: str, explanation: str) -> str:
    """The explanation, trimmed, when the reason code is one of rules.REASONS and the explanation is meaningful."""
    errors = {}
    if reason_code not in rules.BY_CODE:
        errors["reason_code"] = [
            tr("Pilih alasan pencabutan dari daftar.", "Choose a revocation reason from the list.")
        ]
    problem = rules.explanation_problem(explanation)
    if problem:
        errors["explanation"] = [tr(*problem)]
    if errors:
        first = next(iter(errors.values()))[0]
        raise LoketError(first, field=next(iter(errors)), errors=errors)
    return " ".join(explanation.split())[:2000]


def _holder_phone(document: Document) -> str:
    from loket.applications.models import CitizenProfile

    return CitizenProfile.objects.filter(user_id=document.holder_id).values_list("phone", flat=True).first() or ""


def _signers(document: Document, *, exclude: set[int]) -> list:
    """The other officials who may approve a revocation of `document` (document.revoke over its agency)."""
    return [person for person in permissions.holders_of("document.revoke", document.agency) if person.pk not in exclude]


@transaction.atomic
def request_revocation(*, actor, document: Document, reason_code: str, explanation: str) -> RevocationRequest:
    """First pair of eyes: an official who may sign for the agency asks to revoke a valid document. Another such
    official approves (`approve_revocation`); until then the document stays valid."""
    permissions.require(actor, "document.revoke", document.agency_id)
    _refuse_holder(actor, document)
    explanation = check_revocation_reason(reason_code, explanation)
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if locked.status != Document.Status.VALID:
        raise Conflict(tr("Hanya dokumen yang sah dapat dicabut.", "Only a valid document can be revoked."))
    if RevocationRequest.objects.filter(document=locked, status=RevocationRequest.Status.PENDING).exists():
        raise Conflict(
            tr(
                "Sudah ada permintaan pencabutan dokumen ini yang menunggu persetujuan.",
                "A revocation request for this document is already awaiting approval.",
            )
        )
    revocation = RevocationRequest.objects.create(
        document=locked,
        reason_code=reason_code,
        explanation=explanation,
        requested_by=actor,
        requested_at=timezone.now(),
    )
    audit.record(
        "documents.revocation_requested",
        obj=locked,
        actor=actor,
        data={"number": locked.number, "request": revocation.pk, "reason_code": reason_code, "reason": explanation},
    )
    for official in _signers(locked, exclude={actor.pk, locked.holder_id}):
        notify.queue(
            key=f"revocation:{revocation.pk}:requested:{official.pk}",
            user=official,
            template="document_revocation_requested",
            context={
                "number": locked.number,
                "title": locked.title,
                "reason": revocation.reason_label,
                "url": render.public_url(f"/kantor/dokumen/{locked.code}/"),
            },
            in_app=True,
        )
    return revocation


def _pending(revocation: RevocationRequest) -> RevocationRequest:
    locked = RevocationRequest.objects.select_for_update().select_related("document").get(pk=revocation.pk)
    if locked.status != RevocationRequest.Status.PENDING:
        raise Conflict(
            tr("Permintaan pencabutan ini sudah diputus.", "This revocation request has already been decided.")
        )
    return locked


def _second_person(actor, revocation: RevocationRequest) -> None:
    permissions.require(actor, "document.revoke", revocation.document.agency_id)
    if actor.pk == revocation.requested_by_id:
        raise PermissionDenied(
            tr(
                "Pencabutan memerlukan dua orang: permintaan Anda harus disetujui pejabat lain yang berwenang "
                "menandatangani untuk perangkat daerah ini.",
                "A revocation needs two people: your request must be approved by another official who may sign "
                "for this agency.",
            )
        )
    _refuse_holder(actor, revocation.document)


@transaction.atomic
def approve_revocation(*, actor, revocation: RevocationRequest) -> Document:
    """Second pair of eyes: revoke the document, tell its holder by every channel they have."""
    revocation = _pending(revocation)
    _second_person(actor, revocation)
    locked = Document.objects.select_for_update().get(pk=revocation.document_id)
    if locked.status != Document.Status.VALID:
        raise Conflict(tr("Hanya dokumen yang sah dapat dicabut.", "Only a valid document can be revoked."))
    now = timezone.now()
    reason = f"{revocation.reason_label}. {revocation.explanation}"
    locked.status, locked.ended_at, locked.ended_by, locked.end_reason = Document.Status.REVOKED, now, actor, reason
    locked.save()
    revocation.status, revocation.decided_by, revocation.decided_at = RevocationRequest.Status.APPROVED, actor, now
    revocation.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(
        "documents.revoked",
        obj=locked,
        actor=actor,
        data={
            "number": locked.number,
            "request": revocation.pk,
            "reason_code": revocation.reason_code,
            "reason": revocation.explanation,
            "requested_by": revocation.requested_by_id,
            "approved_by": actor.pk,
        },
    )
    notify.queue(
        key=f"document:{locked.pk}:document_revoked",
        user=locked.holder,
        template="document_revoked",
        context={
            "number": locked.number,
            "title": locked.title,
            "reason": reason,
            "url": render.public_url("/dompet/"),
        },
        phone=_holder_phone(locked),
        in_app=True,
    )
    return locked


@transaction.atomic
def reject_revocation(*, actor, revocation: RevocationRequest, note: str) -> RevocationRequest:
    """The second official refuses the request (with a note); the document stays valid."""
    revocation = _pending(revocation)
    _second_person(actor, revocation)
    note = " ".join((note or "").split())
    if len(note) < 10:
        raise LoketError(
            tr(
                "Tuliskan alasan penolakan (minimal 10 karakter).",
                "Give the reason for refusing (at least 10 characters).",
            ),
            field="note",
            errors={"note": [tr("Alasan penolakan wajib diisi.", "A reason is required.")]},
        )
    revocation.status, revocation.decided_by = RevocationRequest.Status.REJECTED, actor
    revocation.decided_at, revocation.decision_note = timezone.now(), note[:2000]
    revocation.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit.record(
        "documents.revocation_rejected",
        obj=revocation.document,
        actor=actor,
        data={"number": revocation.document.number, "request": revocation.pk, "note": revocation.decision_note},
    )
    return revocation


@transaction.atomic
def supersede(*, actor, document: Document, reason: str) -> Document:
    """End `document` and issue its replacement (new number, awaiting signature); returns the replacement."""
    locked = _end(actor, document, reason, Document.Status.SUPERSEDED)
    locked.save()
    if not locked.subject_type:
        replacement = issue(application=locked.application, actor=actor, delivery=locked.delivery)
    else:  # another app's record: the same letter again under a new number, awaiting signature
        replacement = issue(
            subject=Subject(
                type=locked.subject_type,
                ref=locked.subject_ref,
                label=locked.subject_label,
                agency=locked.agency,
                holder=locked.holder,
                holder_name=locked.holder_name,
                title=locked.title,
                body=locked.body.replace(locked.number, "{nomor}"),
                classification=locked.number.split("/")[0],
                kind=locked.kind,
                case=locked.application,
            ),
            actor=actor,
            delivery=locked.delivery,
        )
    locked.superseded_by = replacement
    locked.save(update_fields=["superseded_by"])
    audit.record(
        "documents.superseded",
        obj=locked,
        actor=actor,
        data={"number": locked.number, "reason": reason, "replacement": replacement.number},
    )
    return replacement


@transaction.atomic
def mark_printed(*, actor, document: Document) -> Document:
    """The document was handed over on paper at a counter (counts against the paperless share)."""
    permissions.require(actor, "document.view", document.agency_id)
    updated = Document.objects.filter(pk=document.pk).update(
        delivery=Document.Delivery.PRINTED, printed_at=timezone.now()
    )
    if updated:
        audit.record("documents.printed", obj=document, actor=actor, data={"number": document.number})
    document.refresh_from_db()
    return document


# ---------------------------------------------------------------- public verification (audited reads)


def verify_code(code: str, *, actor, via: str) -> dict | None:
    """`queries.public_by_code` for the verification page (`via="page"`) or the API (`via="api"`), audited."""
    doc = queries.public_by_code(code)
    if doc is not None:
        audit.record(
            "documents.verified",
            object_type="documents.document",
            object_id=str(doc["pk"]),
            actor=actor,
            data={"via": via},
        )
    return doc


def check_upload(data: bytes, *, actor) -> queries.UploadCheck:
    """`queries.check_upload` of a PDF someone brought to the verification page, audited with its verdict."""
    result = queries.check_upload(data)
    audit.record(
        "documents.upload_checked",
        actor=actor,
        object_type="documents.document",
        object_id=str(result.document.pk) if result.document else "",
        data={"verdict": result.verdict, "problems": result.problems},
    )
    return result


# ---------------------------------------------------------------- wallet: sharing and reuse


def share_token(*, holder, document: Document, days: int) -> str:
    if document.holder_id != holder.pk:
        raise NotFound(tr("Dokumen tidak ditemukan.", "Document not found."))
    if document.status != Document.Status.VALID:
        raise LoketError(tr("Hanya dokumen yang sah dapat dibagikan.", "Only a valid document can be shared."))
    if days not in SHARE_DAYS:
        raise LoketError(
            tr("Pilih masa berlaku tautan: 1, 7 atau 30 hari.", "Choose 1, 7 or 30 days."),
            field="days",
            errors={"days": [tr("Masa berlaku tidak sah.", "Invalid duration.")]},
        )
    expires = int(time.time()) + days * 86400
    token = django_signing.dumps({"c": document.code, "e": expires}, salt=SHARE_SALT, compress=True)
    audit.record("documents.shared", obj=document, actor=holder, data={"days": days})
    return token


def resolve_share(token: str) -> tuple[Document, datetime.datetime]:
    """The document behind a share token, or NotFound when the token is forged or expired."""
    try:
        # max_age bounds every token; the exact expiry chosen by the citizen is checked below.
        payload = django_signing.loads(token, salt=SHARE_SALT, max_age=max(SHARE_DAYS) * 86400 + 60)
        expires = int(payload["e"])
        code = str(payload["c"])
    except (django_signing.BadSignature, KeyError, TypeError, ValueError):
        raise NotFound(tr("Tautan tidak sah atau sudah kedaluwarsa.", "The link is invalid or has expired.")) from None
    if expires < time.time():
        raise NotFound(tr("Tautan tidak sah atau sudah kedaluwarsa.", "The link is invalid or has expired."))
    document = Document.objects.filter(code=code).exclude(status=Document.Status.AWAITING).first()
    if document is None:
        raise NotFound(tr("Dokumen tidak ditemukan.", "Document not found."))
    return document, datetime.datetime.fromtimestamp(expires, tz=datetime.UTC)


def resolve_share_download(token: str, *, actor) -> Document:
    """The document whose PDF a share link may serve: only one still in force (the download is audited).

    A revoked or superseded PDF would still carry a valid signature, so handing it out through an
    old link would let it pass as current; the share page itself still says what happened.
    """
    document, _ = resolve_share(token)
    if document.status == Document.Status.VALID:
        audit.record("documents.shared_downloaded", obj=document, actor=actor)
        return document
    ended = timezone.localtime(document.ended_at).date() if document.ended_at else None
    when_id, when_en = (long_date(ended), long_date(ended, english=True)) if ended else ("-", "-")
    if document.status == Document.Status.REVOKED:
        message = tr(
            f"Dokumen ini telah dicabut oleh instansi penerbit pada {when_id} dan tidak dapat diunduh lagi.",
            f"This document was revoked by its issuer on {when_en} and can no longer be downloaded.",
        )
    else:
        message = tr(
            f"Dokumen ini telah diganti dengan dokumen baru pada {when_id} dan tidak dapat diunduh lagi.",
            f"This document was superseded by a new one on {when_en} and can no longer be downloaded.",
        )
    raise Gone(message, document=document)


def reused_name(document: Document) -> str:
    """The name officers see for a wallet document: says it is a verified Loket document."""
    return f"Dokumen Loket terverifikasi {document.number} - {document.title}.pdf".replace("/", "-")[:200]


@transaction.atomic
def reuse_as_upload(*, holder, code: str, requirement: str = "") -> Upload:
    """Offer an issued document of `holder` for a requirement: an Upload pointing at the same stored file.

    Nothing is uploaded again; the officer sees the upload as a verified Loket document
    (`queries.verified_uploads`).
    """
    document = Document.objects.filter(code=code, holder=holder).first()
    if document is None:
        raise NotFound(tr("Dokumen tidak ditemukan di dompet Anda.", "Document not found in your wallet."))
    if document.status != Document.Status.VALID:
        raise LoketError(
            tr(
                "Dokumen ini tidak sah lagi (dicabut atau diganti) dan tidak dapat dipakai.",
                "This document is no longer valid (revoked or superseded) and cannot be used.",
            )
        )
    upload = Upload(
        owner=holder,
        requirement=requirement[:200],
        content_type="application/pdf",
        size=document.size,
        sha256=document.sha256,
        original_name=reused_name(document),
    )
    upload.file.name = document.file.name  # same stored bytes
    upload.save()
    ReusedDocument.objects.create(document=document, upload=upload)
    audit.record("documents.reused", obj=document, actor=holder, data={"upload": str(upload.pk)})
    return upload
