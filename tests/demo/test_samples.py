"""The generated demo files are real PDF and PNG files that the upload checks accept."""

import re
import struct
import zlib

import pytest

from loket.core import uploads
from loket.demo.samples import sample_pdf, sample_png

pytestmark = pytest.mark.sqlite


def test_sample_pdf_has_a_correct_cross_reference_table_and_passes_the_upload_check():
    data = sample_pdf("Surat (Tanda) Registrasi \\ STR", ("Pemohon: Rina Marlina",))
    assert uploads.check(data, "str.pdf", ["pdf"])["content_type"] == "application/pdf"
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", data).group(1))
    assert data[start:].startswith(b"xref\n0 6\n")
    offsets = [int(line[:10]) for line in data[start:].split(b"\n")[3:8]]
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(b"%d 0 obj\n" % number)
    stream = re.search(rb"<< /Length (\d+) >>\nstream\n", data)
    body = data[stream.end() : stream.end() + int(stream.group(1))]
    assert data[stream.end() + len(body) :].startswith(b"\nendstream")
    assert b"(Surat \\(Tanda\\) Registrasi \\\\ STR) Tj" in body


def test_sample_png_chunks_have_valid_checksums_and_the_declared_size():
    data = sample_png(30, 20, (10, 120, 200))
    assert uploads.check(data, "foto.png", ["png"])["content_type"] == "image/png"
    position, chunks = 8, {}
    while position < len(data):
        length, tag = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert crc == zlib.crc32(tag + body) & 0xFFFFFFFF, tag
        chunks[tag] = body
        position += 12 + length
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    assert (width, height) == (30, 20) and list(chunks) == [b"IHDR", b"IDAT", b"IEND"]
    assert len(zlib.decompress(chunks[b"IDAT"])) == height * (1 + 3 * width)
