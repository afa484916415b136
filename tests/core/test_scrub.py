"""A reporter's attachment loses what it says about its maker (core.scrub): EXIF GPS, XMP, IPTC, PNG text, PDF
author and XMP — and the picture or the pages stay the same."""

import io

import pikepdf
import pytest
from PIL import Image, PngImagePlugin

from loket.core.scrub import ScrubFailed, scrub

SECRET_NAME = "Budi Pelapor"


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x013B] = SECRET_NAME  # Artist
    gps = {1: "S", 2: (6.0, 54.0, 3.0), 3: "E", 4: (107.0, 36.0, 25.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=f"by {SECRET_NAME}".encode(), quality=90)
    return out.getvalue()


def test_a_photo_loses_its_exif_gps_and_comment_but_not_its_picture():
    original = _jpeg_with_gps()
    assert SECRET_NAME.encode() in original and Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    clean = scrub("jpg", original)
    assert SECRET_NAME.encode() not in clean and b"Exif" not in clean
    picture = Image.open(io.BytesIO(clean))
    assert not picture.getexif()
    assert picture.tobytes() == Image.open(io.BytesIO(original)).tobytes()  # lossless: the same pixels


def test_a_png_loses_its_text_chunks():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", SECRET_NAME)
    info.add_itxt("Description", f"Lokasi rumah {SECRET_NAME}")
    out = io.BytesIO()
    Image.new("RGB", (10, 10), (1, 2, 3)).save(out, "PNG", pnginfo=info)
    clean = scrub("png", out.getvalue())
    assert SECRET_NAME.encode() not in clean
    assert Image.open(io.BytesIO(clean)).tobytes() == Image.open(out).tobytes()


def test_a_pdf_loses_its_author_and_xmp():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Author"] = SECRET_NAME
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = [SECRET_NAME]
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    assert SECRET_NAME.encode() in out.getvalue()
    clean = scrub("pdf", out.getvalue())
    assert SECRET_NAME.encode() not in clean
    with pikepdf.open(io.BytesIO(clean)) as cleaned:
        assert len(cleaned.pages) == 1 and "/Author" not in cleaned.docinfo and "/Metadata" not in cleaned.Root


@pytest.mark.parametrize(
    "kind, data",
    [
        ("jpg", b"\xff\xd8\xff\xe1\xff\xff"),  # a segment longer than the file
        ("jpg", b"not a jpeg"),
        ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"),
        ("pdf", b"%PDF-1.7 garbage"),
        ("gif", b"GIF89a"),
    ],
)
def test_a_damaged_or_unknown_file_is_refused_not_passed_through(kind, data):
    with pytest.raises(ScrubFailed):
        scrub(kind, data)
