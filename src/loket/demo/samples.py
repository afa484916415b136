"""Small, valid sample documents for demo uploads, generated in code (no binary files in the repository).

The PDF is a real one-page document with an xref table, so viewers and `pdftotext` open it; the PNG is a
real image (IHDR, zlib-compressed IDAT, CRCs). Both pass `core.uploads.check`.
"""

import struct
import zlib


def _pdf_text(text: str) -> bytes:
    # Type 1 Helvetica speaks Latin-1; parentheses and backslashes must be escaped in a PDF string.
    raw = text.encode("latin-1", "replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def sample_pdf(title: str, lines: tuple[str, ...] = ()) -> bytes:
    """A one-page A4 PDF showing `title` and a few lines of text."""
    content = [b"BT /F1 16 Tf 72 770 Td (" + _pdf_text(title) + b") Tj ET"]
    for index, line in enumerate(("Dokumen contoh untuk demo Loket - bukan dokumen resmi.", *lines)):
        content.append(b"BT /F1 11 Tf 72 %d Td (" % (740 - 18 * index) + _pdf_text(line) + b") Tj ET")
    stream = b"\n".join(content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def sample_png(width: int = 120, height: int = 160, rgb: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    """An RGB PNG: a coloured card with a lighter frame (a stand-in for a photo)."""
    light = tuple(min(255, c + 40) for c in rgb)
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")  # filter type 0 (none) for every scanline
        for x in range(width):
            frame = x < 6 or y < 6 or x >= width - 6 or y >= height - 6
            row += bytes(light if frame else rgb)
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _png_chunk(b"IEND", b"")
    )
