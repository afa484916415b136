"""Removing what a file says about its maker before anyone else sees it: a phone photo's EXIF (GPS position,
camera, time), XMP and IPTC, a PNG's text chunks, a PDF's author and XMP metadata (issue 19: a reporter's
attachment must not give them away).

Images are cleaned losslessly, by dropping segments and chunks rather than re-encoding: the picture is the
same bytes. (EXIF's orientation goes with the rest, so a photo taken sideways may show sideways — better than
a position on a map.) Only the types `core.uploads` accepts are handled; anything else is refused.

API: `scrub(kind, data) -> bytes` with kind "jpg", "png" or "pdf"; raises ScrubFailed for a damaged file.
"""

import io
import struct

# JPEG markers kept: APP0 (JFIF), APP2 (ICC colour profile), APP14 (Adobe colour transform) and everything that
# is not an application or comment segment. Dropped: APP1 (EXIF, XMP), APP3-APP13 (IPTC, Photoshop, makers'
# notes), APP15 and COM.
_JPEG_KEEP_APP = {0xE0, 0xE2, 0xEE}
_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and RSTn carry no length

# PNG ancillary chunks that carry text or time; the rest (colour, transparency, physical size) are kept.
_PNG_DROP = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class ScrubFailed(ValueError):
    pass


def scrub(kind: str, data: bytes) -> bytes:
    if kind == "jpg":
        return _jpeg(data)
    if kind == "png":
        return _png(data)
    if kind == "pdf":
        return _pdf(data)
    raise ScrubFailed(f"cannot clean files of type {kind!r}")


def _jpeg(data: bytes) -> bytes:
    if not data.startswith(b"\xff\xd8"):
        raise ScrubFailed("not a JPEG")
    out = bytearray(b"\xff\xd8")
    at = 2
    while at < len(data):
        if data[at] != 0xFF:
            raise ScrubFailed("damaged JPEG")
        marker = data[at + 1] if at + 1 < len(data) else None
        if marker is None:
            raise ScrubFailed("damaged JPEG")
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in _JPEG_STANDALONE:
            out += data[at : at + 2]
            at += 2
            continue
        if at + 4 > len(data):
            raise ScrubFailed("damaged JPEG")
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        end = at + 2 + length
        if length < 2 or end > len(data):
            raise ScrubFailed("damaged JPEG")
        if marker == 0xDA:  # start of scan: the entropy-coded data and the rest are the picture
            out += data[at:]
            return bytes(out)
        application = 0xE0 <= marker <= 0xEF
        if not (marker == 0xFE or (application and marker not in _JPEG_KEEP_APP)):
            out += data[at:end]
        at = end
    raise ScrubFailed("JPEG without image data")


def _png(data: bytes) -> bytes:
    if not data.startswith(_PNG_SIGNATURE):
        raise ScrubFailed("not a PNG")
    out = bytearray(_PNG_SIGNATURE)
    at = len(_PNG_SIGNATURE)
    while at < len(data):
        if at + 8 > len(data):
            raise ScrubFailed("damaged PNG")
        length, name = struct.unpack(">I4s", data[at : at + 8])
        end = at + 12 + length
        if end > len(data):
            raise ScrubFailed("damaged PNG")
        if name not in _PNG_DROP:
            out += data[at:end]
        at = end
        if name == b"IEND":
            return bytes(out)
    raise ScrubFailed("PNG without its end")


def _pdf(data: bytes) -> bytes:
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if "/Info" in pdf.trailer:
                del pdf.trailer["/Info"]
            if "/Metadata" in pdf.Root:
                del pdf.Root["/Metadata"]
            for page in pdf.pages:
                if "/Metadata" in page.obj:
                    del page.obj["/Metadata"]
                if "/PieceInfo" in page.obj:
                    del page.obj["/PieceInfo"]
            if "/PieceInfo" in pdf.Root:
                del pdf.Root["/PieceInfo"]
            out = io.BytesIO()
            pdf.save(out, fix_metadata_version=False, deterministic_id=True)
            return out.getvalue()
    except pikepdf.PdfError as error:
        raise ScrubFailed("damaged PDF") from error
