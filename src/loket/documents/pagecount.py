"""How many pages a stored PDF has: the paper a signed electronic document spares (insights indicator
"pages_avoided"). No Django: used when a document is signed (`services.store_signature`) and by the backfill of
documents signed before the count was recorded (migration 0005, `loket documents_pages`)."""

from io import BytesIO

from pyhanko.pdf_utils.reader import PdfFileReader


def count(data: bytes | None) -> int | None:
    """Pages of the PDF `data` (the page tree's /Count, which an incremental signature leaves as it was); None when
    the bytes are not a readable PDF (the caller keeps the document and records no count)."""
    if not data:
        return None
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        pages = reader.root["/Pages"]["/Count"]
        pages = int(pages)
    except Exception:  # a damaged or foreign file: no count, never a failure of the caller
        return None
    return pages if pages > 0 else None


def count_stored(field_file) -> int | None:
    """Pages of a stored FileField's file; None when it is missing or unreadable (nothing is changed or deleted)."""
    if not field_file or not field_file.name:
        return None
    try:
        with field_file.storage.open(field_file.name, "rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        return None
    return count(data)
