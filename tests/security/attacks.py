"""The upload attack corpus: files an attacker would try, each with what must happen to it.

`refused`: the upload is refused with a clear message and nothing is stored.
`neutralised`: it may be stored, but only under a random name in the media folder, with one of the three
served types (application/pdf, image/jpeg, image/png) sniffed from its content, a display name without
paths or control characters, and it is only ever served as a download (attachment + nosniff).
"""

import io
import zipfile
import zlib
from dataclasses import dataclass

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00:~\x9bU"
    b"\x00\x00\x00\nIDATx\x9cc`\x00\x00\x00\x02\x00\x01H\xaf\xa4q\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
SCRIPT = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _zip_bomb() -> bytes:
    """A small zip whose one member inflates to 50 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ktp.pdf", b"\0" * (50 * 1024 * 1024))
    return buffer.getvalue()


def _pdf_with_stream(body: bytes, *, compress: bool = True, extra: bytes = b"") -> bytes:
    stream = zlib.compress(body) if compress else body
    flate = b"/Filter /FlateDecode " if compress else b""
    return (
        b"%PDF-1.5\n1 0 obj<< /Type /ObjStm /N 1 /First 4 "
        + flate
        + b"/Length "
        + str(len(stream)).encode()
        + b" >>\nstream\n"
        + stream
        + b"\nendstream\nendobj\n"
        + extra
        + b"trailer<<>>\n%%EOF\n"
    )


def _deflate_bomb_pdf() -> bytes:
    """A PDF whose one stream inflates to 200 MB: nothing may inflate it without a bound."""
    compressor = zlib.compressobj(9)
    stream = compressor.compress(b"\0" * (200 * 1024 * 1024)) + compressor.flush()
    return (
        b"%PDF-1.5\n1 0 obj<< /Filter /FlateDecode /Length "
        + str(len(stream)).encode()
        + b" >>\nstream\n"
        + stream
        + b"\nendstream\nendobj\ntrailer<<>>\n%%EOF\n"
    )


@dataclass(frozen=True)
class Attack:
    name: str
    data: bytes
    filename: str
    outcome: str  # "refused" or "neutralised"
    allowed: tuple = ("pdf", "jpg", "png")


def corpus(max_bytes: int) -> list[Attack]:
    return [
        # polyglots: valid magic number, something else inside
        Attack("PDF/HTML polyglot", PDF + SCRIPT, "ktp.pdf", "neutralised"),
        Attack("PNG with HTML appended", PNG + SCRIPT, "foto.png", "neutralised"),
        Attack("JPEG/ZIP polyglot (GIFAR-style)", JPEG + _zip_bomb()[:2048], "foto.jpg", "neutralised"),
        Attack(
            "JPEG with a script in a comment segment",
            b"\xff\xd8\xff\xfe\x00\x40" + SCRIPT[:62] + JPEG[2:],
            "foto.jpg",
            "neutralised",
        ),
        # archives and bombs
        Attack("zip bomb named .pdf", _zip_bomb(), "ktp.pdf", "refused"),
        Attack("zip bomb named .zip", _zip_bomb(), "berkas.zip", "refused"),
        Attack("deflate bomb inside a PDF", _deflate_bomb_pdf(), "ktp.pdf", "refused"),
        # size
        Attack("oversize PDF", PDF + b"0" * max_bytes, "besar.pdf", "refused"),
        Attack("empty file", b"", "kosong.pdf", "refused"),
        # names
        Attack("double extension .pdf.exe", PDF, "ktp.pdf.exe", "refused"),
        Attack("double extension .php.pdf", PDF, "shell.php.pdf", "neutralised"),
        Attack("double extension .html.png", PNG, "halaman.html.png", "neutralised"),
        Attack("null byte in name", PDF, "ktp.pdf\x00.html", "refused"),
        Attack("null byte before extension", PDF, "ktp.html\x00.pdf", "neutralised"),
        Attack("path traversal ../", PDF, "../../../../etc/passwd.pdf", "neutralised"),
        Attack("path traversal ..\\", PDF, "..\\..\\windows\\system32\\ktp.pdf", "neutralised"),
        Attack("absolute path", PDF, "/var/lib/loket/media/ktp.pdf", "neutralised"),
        Attack("right-to-left override in name", PDF, "ktp\u202egpj.pdf", "neutralised"),
        Attack("very long name", PDF, "a" * 1000 + ".pdf", "neutralised"),
        Attack("name with HTML", PDF, "<img src=x onerror=alert(1)>.pdf", "neutralised"),
        # active content
        Attack("SVG with script named .svg", SVG, "foto.svg", "refused"),
        Attack("SVG with script named .png", SVG, "foto.png", "refused"),
        Attack("HTML disguised as JPEG", SCRIPT, "foto.jpg", "refused"),
        Attack("HTML disguised as PDF", SCRIPT, "ktp.pdf", "refused"),
        Attack("Windows executable named .pdf", b"MZ\x90\x00\x03" + b"\x00" * 60, "ktp.pdf", "refused"),
        Attack(
            "PDF with /JavaScript",
            PDF.replace(b"<<>>endobj", b"<< /S /JavaScript /JS (app.alert(1)) >>endobj"),
            "ktp.pdf",
            "refused",
        ),
        Attack(
            "PDF with /OpenAction", PDF.replace(b"<<>>endobj", b"<< /OpenAction 2 0 R >>endobj"), "ktp.pdf", "refused"
        ),
        Attack(
            "PDF with /Launch", PDF.replace(b"<<>>endobj", b"<< /S /Launch /F (cmd.exe) >>endobj"), "ktp.pdf", "refused"
        ),
        Attack(
            "PDF with an embedded file",
            PDF.replace(b"<<>>endobj", b"<< /Type /EmbeddedFile >>endobj"),
            "ktp.pdf",
            "refused",
        ),
        Attack(
            "PDF with hex-escaped /J#61vaScript name",
            PDF.replace(b"<<>>endobj", b"<< /S /J#61vaScript /J#53 (x) >>endobj"),
            "ktp.pdf",
            "refused",
        ),
        Attack(
            "PDF with /JavaScript hidden in a compressed object stream",
            _pdf_with_stream(b"<< /S /JavaScript /JS (app.alert(1)) >>"),
            "ktp.pdf",
            "refused",
        ),
        Attack(
            "PDF with /OpenAction in an uncompressed stream",
            _pdf_with_stream(b"<< /OpenAction 2 0 R >>", compress=False),
            "ktp.pdf",
            "refused",
        ),
        # type confusion
        Attack("PDF where the slot takes images only", PDF, "ktp.pdf", "refused", allowed=("jpg", "png")),
        Attack("PNG renamed .jpg", PNG, "foto.jpg", "refused"),
    ]
