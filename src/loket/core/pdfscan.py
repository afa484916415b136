"""Active content and bombs in uploaded PDFs, found by parsing the PDF with qpdf (pikepdf), not by grepping bytes.

qpdf resolves every object, including those inside object streams under any filter chain (ASCIIHex,
ASCII85, LZW, RunLength, Flate), and normalises escaped names (/J#61vaScript is /JavaScript), so the walk
below sees the same dictionaries a viewer sees. Whatever qpdf cannot open or decode is refused: a file
we cannot read is a file we cannot vouch for.
"""

import logging
from io import BytesIO

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from loket.core.i18n import tr

log = logging.getLogger(__name__)

MAX_PAGES = 500
MAX_OBJECTS = 100_000
MAX_NODES = 500_000  # dictionary entries and array items walked, all objects together
# Decoded bytes of non-image streams (page content, fonts, object streams), all together. A scanned KTP or a
# 100-page letter decodes to a few megabytes; a deflate bomb decodes to gigabytes.
MAX_DECODED_BYTES = 32 * 1024 * 1024
# Images are not decoded (a viewer decodes only Width x Height of them); their declared size is bounded.
MAX_IMAGE_PIXELS = 200_000_000
# qpdf has no memory limit for LZW: its worst case (one 12-bit code for a 4096-byte string) is bounded instead.
LZW_WORST_RATIO = 4096 * 8 // 12

# Any of these names, as a key or a value anywhere, is refused: scripts, launching programs, forms that
# post or import data (SubmitForm sends what is typed to any URL, ImportData reads a local file into
# the form: nothing a citizen's evidence needs), XFA forms (a second, scriptable form engine), attached
# or embedded files (a PDF is evidence here, not a carrier), and Flash/3D rich media.
FORBIDDEN_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/XFA",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/EF",
        "/FileAttachment",
        "/RichMedia",
        "/RichMediaExecute",
        "/RichMediaContent",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
    }
)
# Actions that run without a click (/OpenAction, /AA triggers) may only move to a page.
AUTOMATIC_ACTION_KEYS = frozenset({"/OpenAction", "/AA"})
SAFE_AUTOMATIC_ACTIONS = frozenset({"/GoTo"})
GENERIC_FILTERS = frozenset(
    {
        "/FlateDecode",
        "/Fl",
        "/LZWDecode",
        "/LZW",
        "/ASCIIHexDecode",
        "/AHx",
        "/ASCII85Decode",
        "/A85",
        "/RunLengthDecode",
        "/RL",
    }
)
IMAGE_FILTERS = frozenset({"/DCTDecode", "/DCT", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode", "/CCF"})

# Process-wide qpdf limits (set once, at import): each Flate, RunLength or predictor stage stops at the
# decoded-bytes budget instead of inflating a bomb into memory.
pikepdf.settings.set_qpdf_limits(
    flate_max_memory=MAX_DECODED_BYTES,
    run_length_max_memory=MAX_DECODED_BYTES,
    png_max_memory=MAX_DECODED_BYTES,
    tiff_max_memory=MAX_DECODED_BYTES,
    max_stream_filters=5,
)


class PdfRefused(ValueError):
    """The PDF is refused; `code` says why (active_content, encrypted, unreadable, too_big, too_many_pages)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _active() -> PdfRefused:
    return PdfRefused(
        "active_content",
        tr(
            "PDF berisi skrip, tindakan otomatis, formulir XFA atau lampiran tersembunyi dan ditolak demi "
            "keamanan. Simpan ulang dokumen sebagai PDF biasa (misalnya dengan 'Cetak ke PDF') lalu unggah kembali.",
            "The PDF contains scripts, automatic actions, an XFA form or hidden attachments and was refused for "
            "safety. Save the document again as a plain PDF (for example with 'Print to PDF'), then upload it.",
        ),
    )


def _unreadable() -> PdfRefused:
    return PdfRefused(
        "unreadable",
        tr(
            "PDF tidak dapat dibaca: strukturnya rusak atau memakai pengodean yang tidak dikenal. Simpan ulang "
            "atau pindai ulang dokumen sebagai PDF lalu unggah kembali.",
            "The PDF cannot be read: its structure is damaged or it uses an unknown encoding. Save or scan the "
            "document again as a PDF, then upload it.",
        ),
    )


def _encrypted() -> PdfRefused:
    return PdfRefused(
        "encrypted",
        tr(
            "PDF dikunci dengan kata sandi atau enkripsi sehingga tidak dapat diperiksa. Simpan ulang dokumen "
            "tanpa kata sandi lalu unggah kembali.",
            "The PDF is locked with a password or encryption and cannot be checked. Save it again without a "
            "password, then upload it.",
        ),
    )


def _too_big() -> PdfRefused:
    return PdfRefused(
        "too_big",
        tr(
            "PDF terlalu besar setelah dibuka untuk diperiksa. Simpan ulang atau pindai ulang dokumen lalu "
            "unggah kembali.",
            "The PDF is too large once unpacked to be checked. Save or scan it again, then upload it.",
        ),
    )


def _too_many_pages() -> PdfRefused:
    return PdfRefused(
        "too_many_pages",
        tr(
            f"PDF terlalu banyak halaman (maksimal {MAX_PAGES}). Unggah hanya halaman yang diminta.",
            f"The PDF has too many pages (at most {MAX_PAGES}). Upload only the pages that are asked for.",
        ),
    )


def _filters(stream: Stream) -> list[str]:
    value = stream.stream_dict.get("/Filter")
    if value is None:
        return []
    names = list(value) if isinstance(value, Array) else [value]
    if not all(isinstance(name, Name) for name in names):
        raise _unreadable()
    return [str(name) for name in names]


class _Scan:
    def __init__(self):
        self.decoded = MAX_DECODED_BYTES
        self.nodes = MAX_NODES

    def stream(self, stream: Stream) -> None:
        """Refuse unknown filters; decode non-image streams within the budget (a bomb stops at the limit)."""
        filters = _filters(stream)
        if any(name not in GENERIC_FILTERS and name not in IMAGE_FILTERS for name in filters):
            raise _unreadable()
        if str(stream.stream_dict.get("/Subtype", "")) == "/Image":
            self.image(stream)
            return
        if any(name in IMAGE_FILTERS for name in filters):
            return  # an image codec outside an image XObject (e.g. a JPEG thumbnail): nothing a name hides in
        if any(name in ("/LZWDecode", "/LZW") for name in filters):
            if len(stream.read_raw_bytes()) * LZW_WORST_RATIO > self.decoded:
                raise _too_big()
        try:
            self.decoded -= len(stream.read_bytes(pikepdf.StreamDecodeLevel.specialized))
        except pikepdf.PdfError as exc:
            raise _too_big() if "limit exceeded" in str(exc) else _unreadable() from None
        if self.decoded < 0:
            raise _too_big()

    @staticmethod
    def image(stream: Stream) -> None:
        width, height = stream.stream_dict.get("/Width", 0), stream.stream_dict.get("/Height", 0)
        try:
            pixels = int(width) * int(height)
        except (TypeError, ValueError):
            raise _unreadable() from None
        if pixels > MAX_IMAGE_PIXELS:
            raise _too_big()

    def walk(self, root) -> None:
        """Every name (key or value) in one object and its direct children; indirect ones are walked on their own."""
        pending = [root]
        while pending:
            node = pending.pop()
            if isinstance(node, Stream):
                node = node.stream_dict
            if isinstance(node, Dictionary):
                items = list(node.items())
                self._count(len(items))
                for key, value in items:
                    if key in FORBIDDEN_NAMES:
                        raise _active()
                    if key in AUTOMATIC_ACTION_KEYS:
                        _automatic(key, value)
                    if not getattr(value, "is_indirect", False):
                        pending.append(value)
            elif isinstance(node, Array):
                self._count(len(node))
                pending.extend(item for item in node if not getattr(item, "is_indirect", False))
            elif isinstance(node, Name) and str(node) in FORBIDDEN_NAMES:
                raise _active()

    def _count(self, items: int) -> None:
        self.nodes -= items
        if self.nodes < 0:
            raise _too_big()


def _automatic(key: str, value) -> None:
    """/OpenAction may be a destination or a go-to; each /AA trigger must be a go-to (and so each /Next)."""
    if key == "/OpenAction" and isinstance(value, Array):
        return  # a plain destination: fpdf2, LibreOffice and scanners open the first page this way
    actions = list(value.values()) if key == "/AA" and isinstance(value, Dictionary) else [value]
    seen = 0
    while actions:
        action = actions.pop()
        seen += 1
        if seen > 100 or not isinstance(action, Dictionary) or str(action.get("/S", "")) not in SAFE_AUTOMATIC_ACTIONS:
            raise _active()
        following = action.get("/Next")
        if following is not None:
            actions.extend(following if isinstance(following, Array) else [following])


def _open(data: bytes) -> pikepdf.Pdf:
    try:
        pdf = pikepdf.open(BytesIO(data))
    except pikepdf.PasswordError:
        raise _encrypted() from None
    except Exception as exc:  # qpdf raises many kinds (PdfError, RuntimeError, ValueError) on damaged input
        log.info("pdf refused, qpdf cannot open it: %s", str(exc)[:200])
        raise _unreadable() from None
    if pdf.is_encrypted:
        pdf.close()
        raise _encrypted()
    return pdf


def inspect(data: bytes) -> None:
    """Raise PdfRefused unless `data` is a PDF qpdf reads whole, with no active content and within the limits."""
    pdf = _open(data)
    try:
        with pdf:
            _inspect(pdf)
    except PdfRefused:
        raise
    except Exception as exc:  # a damaged object deep inside: refused, never a 500
        log.info("pdf refused, qpdf failed while reading it: %s", str(exc)[:200])
        raise _unreadable() from None


def _inspect(pdf: pikepdf.Pdf) -> None:
    if "/Root" not in pdf.trailer or not isinstance(pdf.Root, Dictionary):
        raise _unreadable()
    if len(pdf.pages) > MAX_PAGES:
        raise _too_many_pages()
    objects = pdf.objects
    if len(objects) > MAX_OBJECTS:
        raise _too_big()
    scan = _Scan()
    scan.walk(pdf.trailer)
    for obj in objects:
        if isinstance(obj, Stream):
            scan.stream(obj)
        scan.walk(obj)
