"""Checking uploaded bytes: the type is sniffed from the content, never trusted from the name or browser."""

import hashlib
import re
import unicodedata
import zlib

from loket.core.i18n import tr

MAX_UPLOAD_BYTES = 5 * 1024 * 1024

# Magic numbers of the only types we accept.
SIGNATURES = (
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
)
PDF_ACTIVE_CONTENT = (
    b"/JavaScript",
    b"/JS",
    b"/Launch",
    b"/EmbeddedFile",
    b"/RichMedia",
    b"/SubmitForm",
    b"/ImportData",
    b"/GoToE",
)
# An open action is refused unless it is a plain destination (`/OpenAction [3 0 R /FitH null]`, which
# fpdf2, LibreOffice and many scanners write to open the first page): an action dictionary or a
# reference to one may run anything.
_OPEN_ACTION = re.compile(rb"/OpenAction(?!\s*\[)")
# PDF names may spell any byte as #xx (/J#61vaScript is /JavaScript), and object streams hide whole
# dictionaries behind FlateDecode: both are undone before looking for active content (tests/security).
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_OVERLAP = 64  # bytes kept between inflated chunks so that a marker split across two chunks is still seen
_CHUNK = 1024 * 1024
# Inflating is bounded: a PDF whose streams inflate to more than this is refused (a deflate bomb, or too
# big to check). A scanned KTP or letter inflates to a few megabytes.
MAX_INFLATED_BYTES = 64 * 1024 * 1024


class _TooBig(Exception):
    pass


class UploadRefused(ValueError):
    pass


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, kind, mime in SIGNATURES:
        if head.startswith(magic):
            return kind, mime
    return None


def _unescape(data: bytes) -> bytes:
    return _NAME_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), data)


def _has_marker(data: bytes) -> bool:
    plain = _unescape(data) if b"#" in data else data
    return any(marker in plain for marker in PDF_ACTIVE_CONTENT) or bool(_OPEN_ACTION.search(plain))


def _streams(data: bytes):
    """The raw bytes of each `stream … endstream` of a PDF."""
    position = 0
    while True:
        start = data.find(b"stream", position)
        if start < 0:
            return
        body = start + len(b"stream")
        if data[start - 3 : start] == b"end":
            position = body
            continue
        if data[body : body + 2] == b"\r\n":
            body += 2
        elif data[body : body + 1] in (b"\n", b"\r"):
            body += 1
        else:
            position = body
            continue
        end = data.find(b"endstream", body)
        end = len(data) if end < 0 else end
        yield data[body:end]
        position = end + len(b"endstream")


def _inflated_has_marker(stream: bytes, budget: list[int]) -> bool:
    """Inflate one FlateDecode stream chunk by chunk (never all of it in memory) looking for markers."""
    inflater = zlib.decompressobj()
    tail, pending = b"", stream
    while pending:
        try:
            chunk = inflater.decompress(pending, _CHUNK)
        except zlib.error:
            return False  # not Flate-encoded (or damaged): its raw bytes were already searched
        pending = inflater.unconsumed_tail
        budget[0] -= len(chunk)
        if budget[0] < 0:
            raise _TooBig
        if _has_marker(tail + chunk):
            return True
        tail = (tail + chunk)[-_OVERLAP:]
        if not chunk and not pending:
            break
    return False


def pdf_has_active_content(data: bytes) -> bool:
    """Scripts, launch actions, open actions or attachments anywhere in the PDF, escaped or compressed.

    Raises _TooBig when the streams inflate beyond MAX_INFLATED_BYTES."""
    if _has_marker(data):
        return True
    budget = [MAX_INFLATED_BYTES]
    return any(_inflated_has_marker(stream, budget) for stream in _streams(data))


def safe_name(name: str) -> str:
    """A display name without paths, control characters or double extensions tricks."""
    name = unicodedata.normalize("NFKC", str(name)).replace("\\", "/").split("/")[-1]
    name = re.sub(r"[^\w.\- ]", "_", name).strip(" .") or "berkas"
    stem, _, ext = name.rpartition(".")
    stem = (stem or ext).replace(".", "_")
    return f"{stem[:80]}.{ext[:8]}" if stem != ext else stem[:90]


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
        raise UploadRefused(
            tr("Jenis berkas tidak dikenali. Unggah PDF, JPG atau PNG.", "Unknown file type. Upload a PDF, JPG or PNG.")
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
            active = pdf_has_active_content(data)
        except _TooBig:
            raise UploadRefused(
                tr(
                    "PDF terlalu besar setelah dibuka untuk diperiksa. Simpan ulang atau pindai ulang "
                    "dokumen lalu unggah kembali.",
                    "The PDF is too large once unpacked to be checked. Save or scan it again, then upload it.",
                )
            ) from None
    if kind == "pdf" and active:
        raise UploadRefused(
            tr(
                "PDF berisi skrip atau lampiran aktif dan ditolak demi keamanan.",
                "The PDF contains scripts or active attachments and was refused.",
            )
        )
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
