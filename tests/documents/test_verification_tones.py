"""The verification result says its verdict in one tone only (issue 15): a valid document in a success box, a
revoked or tampered one in an error box, never a green "SAH" badge after "TIDAK SAH"."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from loket.documents import services
from tests.helpers.documents import revoke, sign_now


def _flip(data: bytes) -> bytes:
    start = data.index(b"stream\n") + len(b"stream\n") + 10
    return data[:start] + bytes([data[start] ^ 0x01]) + data[start + 1 :]


def _verdict_classes(page: str) -> set[str]:
    match = re.search(r'<div class="([^"]*)" role="status" id="verdict">', page)
    assert match, "no verdict box"
    return set(match.group(1).split())


def _tones(page: str) -> set[str]:
    """Every status tone used in the page's main content."""
    main = page[page.index("<main") : page.index("</main>")]
    found = set()
    for tone, pattern in (
        ("success", r"notice-success|badge-ok"),
        ("error", r"notice-error|badge-bad"),
        ("warning", r"notice-warning|notice-old|badge-warn"),
    ):
        if re.search(pattern, main):
            found.add(tone)
    return found


def _upload(client, data: bytes) -> str:
    return client.post(
        "/verifikasi/", {"file": SimpleUploadedFile("dok.pdf", data, "application/pdf")}
    ).content.decode()


def test_a_valid_document_reads_as_success_only(client, signed):
    page = client.get(f"/verifikasi/{signed.code}").content.decode()
    assert "notice-success" in _verdict_classes(page) and "Dokumen ini SAH" in page
    assert _tones(page) == {"success"}


def test_a_revoked_document_reads_as_an_error_only(client, signed, official):
    revoke(signed, official, explanation="Data pemohon keliru: NIK pada keputusan bukan milik pemohon.")
    page = client.get(f"/verifikasi/{signed.code}").content.decode()
    assert "notice-error" in _verdict_classes(page) and "DICABUT" in page
    assert _tones(page) == {"error"}


def test_a_superseded_document_reads_as_a_warning(client, signed, official):
    replacement = services.supersede(actor=official, document=signed, reason="Perubahan nama usaha")
    sign_now(replacement, official)
    page = client.get(f"/verifikasi/{signed.code}").content.decode()
    assert "notice-warning" in _verdict_classes(page) and _tones(page) == {"warning"}


def test_the_genuine_upload_is_success_and_a_tampered_one_error_without_a_green_badge(client, signed):
    data = signed.file.read()
    genuine = _upload(client, data)
    assert "notice-success" in _verdict_classes(genuine) and _tones(genuine) == {"success"}
    tampered = _upload(client, _flip(data))
    assert "notice-error" in _verdict_classes(tampered) and "TIDAK SAH" in tampered
    assert _tones(tampered) == {"error"}  # before issue 15: "TIDAK SAH" followed by a green "SAH" badge
    assert signed.number.split("/")[0] in tampered  # the register's facts are still there to compare


def test_the_long_document_number_has_a_row_of_its_own(client, signed):
    page = client.get(f"/verifikasi/{signed.code}").content.decode()
    assert f'<div class="doc-number"><dt>Nomor</dt><dd>{signed.number}</dd></div>' in page


def test_the_verification_page_carries_the_issuing_regions_identity(client, signed, kota_bandung):
    from loket.org.models import Identity

    Identity.objects.create(slug="kota-bandung", region=kota_bandung, name_id="Loket Kota Bandung")
    page = client.get(f"/verifikasi/{signed.code}").content.decode()
    assert "<title>Verifikasi dokumen " in page and "· Loket Kota Bandung</title>" in page
