"""The upload attack corpus (tests/security/attacks.py) against the real upload paths:
`applications.services.store_upload` (used by the HTML forms and the counter) and POST /api/v1/uploads.
Each attack is refused (clear message, nothing stored) or neutralised (see attacks.py)."""

import hashlib
import os
import re
import time

import pytest
from django.test import Client

from loket.applications import services as applications
from loket.applications.models import Upload
from loket.core import tokens
from loket.core.errors import LoketError
from loket.core.models import AuditEvent
from loket.workflow import services as workflow
from tests.helpers import report
from tests.security.attacks import PDF, SCRIPT, corpus, pdf_with_object_stream

pytestmark = pytest.mark.django_db

MAX_BYTES = 1024 * 1024
SERVED_TYPES = {"application/pdf", "image/jpeg", "image/png"}
STORED_NAME = re.compile(r"^uploads/\d{4}/\d{2}/[0-9a-f]{32}\.(pdf|jpg|png)$")
UNSAFE_IN_NAME = re.compile(r"[/\\\x00-\x1f\x7f<>\"'\u202a-\u202e\u2066-\u2069]")
ATTACKS = corpus(MAX_BYTES)


@pytest.fixture(autouse=True)
def _limits(settings, tmp_path):
    settings.LOKET_MAX_UPLOAD_BYTES = MAX_BYTES
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_BYTES + 1024 * 1024
    settings.MEDIA_ROOT = str(tmp_path / "media")


def assert_neutralised(upload: Upload, media_root: str, attack) -> None:
    assert upload.content_type in SERVED_TYPES, attack.name
    assert STORED_NAME.match(upload.file.name), (attack.name, upload.file.name)
    real = os.path.realpath(upload.file.path)
    assert real.startswith(os.path.realpath(media_root) + os.sep), (attack.name, real)
    assert not UNSAFE_IN_NAME.search(upload.original_name), (attack.name, upload.original_name)
    assert len(upload.original_name) <= 100 and upload.original_name.rsplit(".", 1)[-1] in {"pdf", "jpg", "jpeg", "png"}


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_store_upload(world, attack, settings):
    began = time.monotonic()
    before = Upload.objects.count()
    try:
        upload = applications.store_upload(
            owner=world.users["citizen"],
            data=attack.data,
            name=attack.filename,
            requirement="req_0",
            allowed=attack.allowed,
        )
    except LoketError as exc:
        outcome = "refused"
        assert exc.message and exc.errors.get("file"), attack.name  # a reason the citizen can act on
        assert Upload.objects.count() == before
    else:
        outcome = "neutralised"
        assert_neutralised(upload, settings.MEDIA_ROOT, attack)
    report.add("upload_attacks_tried")
    assert outcome == attack.outcome, f"{attack.name}: {outcome}, expected {attack.outcome}"
    assert time.monotonic() - began < 5, f"{attack.name}: the check took too long (a bomb inflated?)"


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_api_upload(world, attack, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _token, raw = tokens.issue(actor=None, user=world.users["citizen"], name="serangan")
    fields = {
        "file": SimpleUploadedFile(
            attack.filename, attack.data, content_type="image/png" if attack.data[:1] == b"<" else "application/pdf"
        )
    }
    if attack.allowed != ("pdf", "jpg", "png"):
        fields.update(requirement="req_1", service=world.svc_a.code)  # the photo slot: PNG or JPG only
    before = Upload.objects.count()
    response = Client().post("/api/v1/uploads", fields, headers={"Authorization": f"Bearer {raw}"})
    report.add("upload_attacks_tried")
    assert response.status_code in (201, 400, 413, 422), (attack.name, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    if response.status_code == 201:
        upload = Upload.objects.get(pk=response.json()["id"])
        assert_neutralised(upload, settings.MEDIA_ROOT, attack)
        outcome = "neutralised"
    else:
        assert response.json()["message"], attack.name
        assert Upload.objects.count() == before
        outcome = "refused"
    assert outcome == attack.outcome, f"{attack.name}: {outcome} over the API, expected {attack.outcome}"


def test_a_stored_polyglot_is_only_ever_served_as_a_download(world):
    """The PDF/HTML polyglot, attached to an application: the citizen's and the officer's download both
    send it as an attachment with its sniffed type, nosniff and a CSP — a browser never renders its HTML."""
    citizen = world.users["citizen"]
    upload = applications.store_upload(owner=citizen, data=PDF + SCRIPT, name="ktp.html.pdf", requirement="req_0")
    application, _ = applications.submit(
        actor=citizen,
        applicant=citizen,
        service=world.svc_a,
        answers={"nama_usaha": "Warung", "nik_pemilik": "3273014101900001"},
        upload_ids={"req_0": str(upload.pk)},
        idempotency_key="poliglot",
    )
    task = application.tasks.get(status="open")
    workflow.claim(actor=world.users["officer_a"], task_id=task.pk)  # the applicant's files open once taken
    for user, url in (
        (citizen, f"/permohonan/{application.tracking_number}/berkas/{upload.pk}/"),
        (world.users["officer_a"], f"/kantor/tugas/{task.pk}/berkas/{upload.pk}/"),
    ):
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        report.add("upload_attacks_tried")


def test_an_ordinary_compressed_pdf_is_still_accepted_quickly(world):
    """The deeper PDF check must not refuse real documents: fpdf2 compresses every page stream."""
    from fpdf import FPDF

    pdf = FPDF()
    for number in range(40):
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        for line in range(40):
            pdf.cell(
                0,
                6,
                f"Surat keterangan halaman {number} baris {line}: JSON, Launch, Open Action.",
                new_x="LMARGIN",
                new_y="NEXT",
            )
    data = bytes(pdf.output())
    assert b"/FlateDecode" in data
    began = time.monotonic()
    upload = applications.store_upload(owner=world.users["citizen"], data=data, name="surat.pdf")
    assert upload.content_type == "application/pdf"
    assert time.monotonic() - began < 2


def test_a_refused_script_pdf_is_audited_with_its_digest(world):
    """A PDF hiding a script is a security event: who tried, which file (digest), why; nothing stored."""
    data = pdf_with_object_stream(
        b"/OpenAction 5 0 R", (b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>",), ("/ASCIIHexDecode",)
    )
    citizen = world.users["citizen"]
    with pytest.raises(LoketError):
        applications.store_upload(owner=citizen, data=data, name="ktp.pdf", requirement="req_0")
    event = AuditEvent.objects.get(action="applications.upload_refused")
    assert event.actor_id == citizen.pk
    assert event.data["reason"] == "active_content"
    assert event.data["sha256"] == hashlib.sha256(data).hexdigest()


def _fpdf_letter(pages: int) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for number in range(pages):
        pdf.add_page()
        for line in range(40):
            pdf.cell(0, 6, f"Halaman {number} baris {line}: surat keterangan.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_ordinary_pdfs_pass_and_a_bomb_is_refused_at_its_decode_budget():
    """One page and a hundred pages are accepted; a deflate bomb is refused as too big (not read to the end).
    Timings belong to bench/, not to unit tests."""
    from loket.core import uploads
    from tests.security.attacks import _deflate_bomb_pdf

    for data in (_fpdf_letter(1), _fpdf_letter(100)):
        assert uploads.check(data, "surat.pdf", ["pdf"], 5 * 1024 * 1024)["kind"] == "pdf"
    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.check(_deflate_bomb_pdf(), "bom.pdf", ["pdf"], 5 * 1024 * 1024)
    assert refused.value.code == "too_big"
