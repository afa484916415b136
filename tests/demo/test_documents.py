"""The demo seed leaves real signed documents: download, verify and reuse one at once (on the package's one seed)."""

import subprocess

import pytest
from cryptography.hazmat.primitives import serialization

from loket.applications.models import Application
from loket.demo import documents as documents_demo
from loket.demo.applications_data import DEMO_SERVICES
from loket.documents import pki, queries, verify
from loket.documents.models import Document
from loket.org.models import Role, RoleAssignment


@pytest.fixture(autouse=True)
def _document_storage(settings, seeded):
    """The files live where the seed wrote them (the package's `demo` fixture), signed by the embedded CA."""
    settings.MEDIA_ROOT = seeded.media
    settings.LOKET_SIGNING_BACKEND = "local"


def test_every_demo_service_that_completes_ends_in_signed_pdfs(seeded, capsys, tmp_path):
    with capsys.disabled():
        print(
            f"\n[demo seed incl. documents] {seeded.seconds:.1f} s, "
            f"{Document.objects.filter(status='valid').count()} signed documents"
        )
    for spec in DEMO_SERVICES:
        if Application.objects.filter(service__code=spec.code, status="completed").exists():
            assert Document.objects.filter(application__service__code=spec.code, status="valid").exists(), spec.code
    sample = Document.objects.filter(status="valid").order_by("?")[:3]
    db = tmp_path / "nss"
    db.mkdir()
    (tmp_path / "root.pem").write_bytes(pki.root().cert.public_bytes(serialization.Encoding.PEM))
    subprocess.run(["certutil", "-N", "-d", f"sql:{db}", "--empty-password"], check=True, capture_output=True)
    subprocess.run(
        ["certutil", "-A", "-d", f"sql:{db}", "-n", "Loket Root CA", "-t", "CT,C,C", "-i", str(tmp_path / "root.pem")],
        check=True,
        capture_output=True,
    )
    for document in sample:
        data = document.file.read()
        assert verify.check_pdf(data).ok
        path = tmp_path / f"{document.code}.pdf"
        path.write_bytes(data)
        report = subprocess.run(["pdfsig", "-nssdir", f"sql:{db}", str(path)], capture_output=True, text=True).stdout
        assert "Signature is Valid." in report and "Certificate is Trusted." in report, report


def test_demo_citizens_hold_signed_documents_and_heads_have_keys_and_work(seeded):
    citizens = documents_demo._demo_citizens()
    completed = Application.objects.filter(applicant_id__in=citizens, status="completed")
    assert completed.exists()
    for application in completed:
        assert application.documents.filter(status="valid").exists(), application.tracking_number
    for head in RoleAssignment.objects.filter(role=Role.AGENCY_HEAD).select_related("user"):
        assert pki.has_official_key(head.user)
        assert queries.to_sign(head.user).exists()  # something left to sign with TOTP


def test_numbers_are_gap_free_per_agency_and_year(seeded):
    for agency_id, year in Document.objects.values_list("agency_id", "year").distinct():
        sequences = sorted(Document.objects.filter(agency_id=agency_id, year=year).values_list("sequence", flat=True))
        assert sequences == list(range(1, len(sequences) + 1))


def test_seed_is_idempotent(seeded):
    assert documents_demo.seed_demo() == 0
