"""Checking uploaded bytes: the type is sniffed from the content, never trusted from the name or browser.

One check for every file a user hands Loket (a citizen's requirement documents, an employee's leave
attachments): type sniffing, the size limit, and qpdf's active-content check for PDFs (`pdfscan`).
Callers store the bytes under a generated name and keep only `safe_name` for display.
"""

import hashlib
import re
import unicodedata

from loket.core import pdfscan
from loket.core.i18n import tr

MAX_UPLOAD_BYTES = 5 * 1024 * 1024

# Magic numbers of the only types we accept.
SIGNATURES = (
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
)


class UploadRefused(ValueError):
    """Why an upload is refused (a message for the citizen); `code` names a refused PDF's reason."""

    def __init__(self, message: str, code: str = ""):
        super().__init__(message)
        self.code = code


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, kind, mime in SIGNATURES:
        if head.startswith(magic):
            return kind, mime
    return None


def safe_name(name: str) -> str:
    """A display name without paths, control characters or double extensions tricks."""
    name = unicodedata.normalize("NFKC", str(name)).replace("\\", "/").split("/")[-1]
    name = re.sub(r"[^\w.\- ]", "_", name).strip(" .") or "berkas"
    stem, _, ext = name.rpartition(".")
    stem = (stem or ext).replace(".", "_")
    return f"{stem[:80]}.{ext[:8]}" if stem != ext else stem[:90]


def _type_list(allowed, conjunction: str) -> str:
    """["pdf", "jpg", "png"] -> "PDF, JPG atau PNG"; ["pdf"] -> "PDF"."""
    names = [kind.upper() for kind in allowed]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def check(data: bytes, name: str, allowed: list[str] | tuple[str, ...], max_bytes: int = MAX_UPLOAD_BYTES) -> dict:
    """Validate one upload; returns {kind, content_type, size, sha256, name}. Raises UploadRefused."""
    if not data:
        raise UploadRefused(tr("Berkas kosong.", "The file is empty."))
    if len(data) > max_bytes:
        raise UploadRefused(
            tr(
                f"Berkas terlalu besar: maksimal {max_bytes // (1024 * 1024)} MB.",
                f"File too large: at most {max_bytes // (1024 * 1024)} MB.",
            )
        )
    found = sniff(data[:16])
    allowed = [a.lower() for a in (allowed or ("pdf", "jpg", "png"))]
    if found is None:
        # Name what this field accepts, not every type Loket knows (a PDF-only field says "PDF").
        accepted_id, accepted_en = _type_list(allowed, "atau"), _type_list(allowed, "or")
        raise UploadRefused(
            tr(
                f"Jenis berkas tidak dikenali. Unggah {accepted_id}.",
                f"Unknown file type. Upload {'an' if accepted_en[0] in 'AEIOU' else 'a'} {accepted_en}.",
            )
        )
    kind, mime = found
    if kind not in allowed:
        raise UploadRefused(
            tr(
                f"Isi berkas adalah {kind.upper()}, sedangkan yang diterima: {', '.join(a.upper() for a in allowed)}.",
                f"The file is a {kind.upper()}; accepted: {', '.join(a.upper() for a in allowed)}.",
            )
        )
    if kind == "pdf":
        try:
            pdfscan.inspect(data)
        except pdfscan.PdfRefused as exc:
            raise UploadRefused(str(exc), code=exc.code) from None
    display = safe_name(name)
    extension = display.rpartition(".")[2].lower() if "." in display else kind
    if extension not in {"pdf", "jpg", "jpeg", "png"} or {"jpeg": "jpg"}.get(extension, extension) != kind:
        raise UploadRefused(
            tr(
                f"Nama berkas berakhiran .{extension} tetapi isinya {kind.upper()}.",
                f"The file name ends in .{extension} but the content is {kind.upper()}.",
            )
        )
    return {
        "kind": kind,
        "content_type": mime,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "name": display if "." in display else f"{display}.{kind}",
    }


def check_audited(
    data: bytes, name: str, allowed, max_bytes: int = MAX_UPLOAD_BYTES, *, actor, action: str, object_type: str
) -> dict:
    """`check`; a PDF refused for active content is also audited (who tried, the file's digest): an attempt
    to plant a script is worth a trace, a blurry photo is not."""
    try:
        return check(data, name, allowed, max_bytes)
    except UploadRefused as exc:
        if exc.code == "active_content":
            from loket.core import audit

            audit.record(
                action,
                actor=actor,
                object_type=object_type,
                data={"reason": exc.code, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)},
            )
        raise
