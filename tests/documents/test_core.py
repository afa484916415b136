"""Render → sign → verify round trip; tampering reported precisely; pdfsig agrees (poppler + NSS trust store)."""

import re
import subprocess
from types import SimpleNamespace

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from loket.documents import backends, pdf, pki, signing, verify
from tests.helpers.documents import nss_db, pdfsig

# The database is needed where a CA is created: none is minted while signed documents exist.
pytestmark = [pytest.mark.sqlite, pytest.mark.django_db]

OFFICIAL = SimpleNamespace(
    pk=4242, email="kepala@example.go.id", get_full_name=lambda: "Drs. Asep Sunandar", get_username=lambda: "kepala"
)

LETTER = pdf.Letter(
    code="ABCDEFGHJKLM",
    verify_url="https://loket.example.go.id/verifikasi/ABCDEFGHJKLM",
    title="Surat Izin Usaha Mikro",
    number="503/0001/DPMPTSP/2026",
    body="Berdasarkan permohonan 3273-26-0000001 ...\n\nNama: Imas Masitoh\nNama usaha: Warung Sunda",
    letterhead=["PEMERINTAH KOTA BANDUNG", "DPMPTSP Kota Bandung", "Jl. Wastukencana No. 2"],
    place_date="Bandung, 23 November 2026",
    official_title="Kepala DPMPTSP Kota Bandung",
    official_name="Drs. Asep Sunandar",
)


@pytest.fixture
def signing_dir(settings, tmp_path_factory):
    settings.LOKET_SIGNING_DIR = str(tmp_path_factory.getbasetemp() / "core-signing")
    settings.LOKET_SIGNING_BACKEND = "local"
    return settings.LOKET_SIGNING_DIR


@pytest.fixture
def signed_pdf(signing_dir):
    rendered = pdf.render(LETTER)
    return signing.sign(
        rendered,
        backends.LocalBackend().signer(OFFICIAL),
        reason="Penetapan",
        location="Bandung",
        official_title="Kepala DPMPTSP",
    )


def test_round_trip_is_valid(signed_pdf):
    result = verify.check_pdf(signed_pdf)
    assert result.problems == []
    assert result.intact and result.trusted and result.whole_file
    assert result.signer_name == "Drs. Asep Sunandar"
    assert result.code == "ABCDEFGHJKLM"
    assert result.signer_fingerprint == pki.official_key(OFFICIAL).fingerprint


def test_a_signed_loket_document_passes_the_upload_check(signed_pdf):
    """A citizen re-uploads a decision Loket signed: its signature field and DSS carry no active content."""
    from loket.core import uploads

    assert uploads.check(signed_pdf, "keputusan.pdf", ["pdf"])["content_type"] == "application/pdf"


def test_byte_flip_in_signed_content_is_reported_as_changed(signed_pdf):
    # Flip one byte inside a stream of the signed range (the page content), keeping the file parseable.
    start = signed_pdf.index(b"stream\n") + len(b"stream\n") + 10
    tampered = signed_pdf[:start] + bytes([signed_pdf[start] ^ 0x01]) + signed_pdf[start + 1 :]
    result = verify.check_pdf(tampered)
    assert result.problems == ["changed"]
    assert "diubah setelah ditandatangani" in verify.explain("changed")


def test_incremental_update_after_signing_is_reported_as_appended(signed_pdf):
    from io import BytesIO

    from pyhanko.pdf_utils.generic import NameObject, TextStringObject
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(signed_pdf))
    writer.document_meta.title = "Judul diubah"
    info = writer.root
    info[NameObject("/Lang")] = TextStringObject("en")
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    result = verify.check_pdf(out.getvalue())
    assert result.intact  # the original revision is still intact ...
    assert result.problems == ["appended"]  # ... but something was added after the signature


def _foreign_signer():
    """A signer whose certificate chains to a CA Loket does not trust."""
    import datetime

    from asn1crypto import keys as asn1_keys
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import NameOID
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Pemalsu")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_info = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return signers.SimpleSigner(
        signing_cert=backends.to_asn1(cert), signing_key=key_info, cert_registry=SimpleCertificateStore.from_certs([])
    )


def test_foreign_certificate_is_an_unknown_signer(signing_dir):
    forged = signing.sign(pdf.render(LETTER), _foreign_signer(), reason="Palsu", location="Bandung")
    result = verify.check_pdf(forged)
    assert result.intact
    assert result.problems == ["unknown_signer"]
    assert "Penanda tangan tidak dikenal" in verify.explain("unknown_signer")


def test_unsigned_and_garbage_files(signing_dir):
    assert verify.check_pdf(pdf.render(LETTER).pdf).problems == ["unsigned"]
    assert verify.check_pdf(b"bukan pdf sama sekali").problems == ["unreadable"]


def test_ca_is_created_once_and_reused(signing_dir):
    first = pki.root().fingerprint
    pki.clear_cache()
    assert pki.root().fingerprint == first  # loaded from disk, not re-created
    issuing = pki.issuing_ca().cert
    assert issuing.issuer == pki.root().cert.subject
    key_file = pki.signing_dir() / "root.key.pem"
    assert b"ENCRYPTED PRIVATE KEY" in key_file.read_bytes()


def test_two_processes_race_to_create_the_ca(settings, tmp_path):
    """Two interpreters start with an empty signing dir at once; both end with the same root."""
    import os
    import sys

    directory = tmp_path / "race"
    code = (
        "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='loket.settings';django.setup();"
        "from django.conf import settings;settings.LOKET_SIGNING_DIR=os.environ['DIR'];"
        "from loket.documents import pki;print(pki.issuing_ca().fingerprint, pki.root().fingerprint)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DIR=str(directory), LOKET_DATA_DIR=str(tmp_path / "data"))
    # A migrated database of their own: creating a CA first checks that no signed documents exist.
    subprocess.run([sys.executable, "-m", "loket.cli", "manage", "migrate", "-v0"], env=env, check=True, timeout=120)
    procs = [
        subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert outputs[0] == outputs[1] and outputs[0]


def test_pdfsig_validates_signature_and_chain_and_catches_tampering(signed_pdf, tmp_path):
    nss = nss_db(tmp_path, pki.root().cert)
    good = tmp_path / "good.pdf"
    good.write_bytes(signed_pdf)
    report = pdfsig(good, nss)
    assert "Signature is Valid." in report
    assert "Certificate is Trusted." in report
    assert "Total document signed" in report
    assert re.search(r"Signer Certificate Common Name: Drs\. Asep Sunandar", report)

    start = signed_pdf.index(b"stream\n") + len(b"stream\n") + 10
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(signed_pdf[:start] + bytes([signed_pdf[start] ^ 0x01]) + signed_pdf[start + 1 :])
    assert "Digest Mismatch" in pdfsig(bad, nss)

    forged = tmp_path / "forged.pdf"
    forged.write_bytes(signing.sign(pdf.render(LETTER), _foreign_signer(), reason="Palsu", location="Bandung"))
    report = pdfsig(forged, nss)
    assert "Signature is Valid." in report and "Certificate is Trusted." not in report


def test_signer_title_names_the_head_of_the_agency_or_a_signing_official(agency_a, agency_b):
    from loket.documents.services import signer_title
    from loket.org.models import Role
    from tests.helpers.org import make_user

    head = make_user("kepala_dinas", (Role.AGENCY_HEAD, agency_a), (Role.SIGNING_OFFICIAL, agency_b))
    assert signer_title(head, agency_a) == "Kepala DPMPTSP Kota Bandung"
    assert signer_title(head, agency_b) == "Pejabat Penandatangan Disdukcapil"


LONG_LETTER = pdf.Letter(
    **{
        **LETTER.__dict__,
        "body": "\n\n".join(
            f"{number}. Pemegang izin wajib mematuhi ketentuan peraturan perundang-undangan yang berlaku, menjaga "
            "kebersihan dan ketertiban lingkungan tempat usaha, serta melaporkan setiap perubahan data usaha kepada "
            "perangkat daerah yang menerbitkan izin ini paling lambat 30 hari setelah perubahan terjadi."
            for number in range(1, 17)
        ),
    }
)


def pages_text(data: bytes) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    return [page for page in text.decode().split("\f") if page.strip()]


def test_a_letter_of_more_than_one_page_is_numbered_in_its_footer_and_still_verifies(signing_dir):
    rendered = pdf.render(LONG_LETTER)
    signed = signing.sign(
        rendered, backends.LocalBackend().signer(OFFICIAL), reason="Penetapan", location="Bandung", official_title="K"
    )
    pages = pages_text(signed)
    assert len(pages) == 2
    for number, text in enumerate(pages, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines[-1] == f"Halaman {number} dari 2", lines[-3:]  # the last line of the page: its footer
    # the numbers were drawn before signing: the signature covers them
    result = verify.check_pdf(signed)
    assert result.problems == [] and result.intact and result.whole_file


def test_a_one_page_letter_carries_no_page_number():
    (page,) = pages_text(pdf.render(LETTER).pdf)
    assert "Halaman" not in page
