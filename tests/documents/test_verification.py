"""Public verification page, the upload check, the API, revocation and supersession."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from loket.core.errors import LoketError, PermissionDenied
from loket.core.models import AuditEvent
from loket.documents import queries, services
from loket.documents.models import Document
from loket.org.models import Role
from tests.helpers.documents import revoke, sign_now
from tests.helpers.org import make_user


def _flip(data: bytes) -> bytes:
    start = data.index(b"stream\n") + len(b"stream\n") + 10
    return data[:start] + bytes([data[start] ^ 0x01]) + data[start + 1 :]


def _append(data: bytes) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(data))
    writer.document_meta.title = "Diubah"
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _check(client, data: bytes):
    return client.post("/verifikasi/", {"file": SimpleUploadedFile("dok.pdf", data, "application/pdf")})


def test_verification_page_shows_a_valid_document_with_masked_holder(client, signed):
    page = client.get(f"/verifikasi/{signed.code}").content.decode()
    assert "Dokumen ini SAH" in page
    assert signed.number in page and "DPMPTSP Kota Bandung" in page
    assert "I*** M******" in page and "Imas Masitoh" not in page and "3273014101900001" not in page
    assert AuditEvent.objects.filter(action="documents.verified", object_id=str(signed.pk)).exists()


def test_unknown_and_unsigned_codes_are_404(client, completed):
    assert client.get("/verifikasi/TIDAKADA2345").status_code == 404
    awaiting = completed.documents.get()
    assert client.get(f"/verifikasi/{awaiting.code}").status_code == 404  # not signed yet: not a document


def test_revocation_shows_at_once_and_is_audited(client, signed, official):
    revoke(signed, official, explanation="Data pemohon keliru: NIK pada keputusan bukan milik pemohon.")
    page = client.get(f"/verifikasi/{signed.code}").content.decode()
    assert "DICABUT" in page and "Data pemohon keliru" in page
    assert AuditEvent.objects.filter(action="documents.revoked", object_id=str(signed.pk)).exists()
    result = _check(client, signed.file.read()).content.decode()
    assert "TIDAK SAH" in result and "telah DICABUT oleh instansi penerbit" in result


def test_supersession_issues_a_replacement_and_links_it(client, signed, official):
    replacement = services.supersede(actor=official, document=signed, reason="Perubahan nama usaha")
    assert replacement.status == Document.Status.AWAITING and replacement.sequence == signed.sequence + 1
    page = client.get(f"/verifikasi/{signed.code}").content.decode()
    assert "DIGANTI" in page and "Perubahan nama usaha" in page
    assert replacement.code not in page  # not linked until the replacement is signed
    sign_now(replacement, official)
    assert replacement.code in client.get(f"/verifikasi/{signed.code}").content.decode()


def test_revocation_needs_a_reason_and_the_issuing_agency(signed, agency_b, applicant):
    def ask(actor, explanation="Keputusan ini diterbitkan untuk pemohon yang salah, mohon dicabut."):
        services.request_revocation(
            actor=actor, document=signed, reason_code="cacat_substansi", explanation=explanation
        )

    other = make_user("pejabat_lain", (Role.SIGNING_OFFICIAL, agency_b))
    with pytest.raises(PermissionDenied):
        ask(other)
    with pytest.raises(PermissionDenied):
        ask(applicant)
    head = make_user("kepala_dinas", (Role.AGENCY_HEAD, signed.agency))
    with pytest.raises(LoketError) as short:
        ask(head, "")
    assert "penjelasan" in short.value.message.lower()
    signed.refresh_from_db()
    assert signed.status == Document.Status.VALID


def test_upload_check_reports_each_problem_precisely(client, signed):
    data = signed.file.read()
    assert "SAH: tanda tangan utuh" in _check(client, data).content.decode()
    assert "diubah setelah ditandatangani: nilai hash tidak cocok" in _check(client, _flip(data)).content.decode()
    assert "ditambah atau diubah setelah ditandatangani" in _check(client, _append(data)).content.decode()
    from loket.documents import pdf, signing
    from tests.documents.test_core import LETTER, _foreign_signer

    forged = signing.sign(pdf.render(LETTER), _foreign_signer(), reason="x", location="y")
    assert "Penanda tangan tidak dikenal" in _check(client, forged).content.decode()
    assert "tidak memuat tanda tangan" in _check(client, pdf.render(LETTER).pdf).content.decode()
    assert "bukan PDF yang dapat dibaca" in _check(client, b"GIF89a bukan pdf").content.decode()
    response = client.post("/verifikasi/", {})
    assert response.status_code == 400 and "Pilih berkas PDF" in response.content.decode()


def test_api_verification_by_code(client, signed, official):
    body = client.get(f"/api/v1/documents/{signed.code}/verification").json()
    assert body["valid"] is True and body["status"] == "valid" and body["number"] == signed.number
    assert body["holder"] == "I*** M******" and body["sha256"] == signed.sha256
    assert body["verification_url"] == f"https://loket.example.go.id/verifikasi/{signed.code}"
    revoke(signed, official, explanation="Dicabut karena keliru: alamat usaha tidak sesuai permohonan.")
    body = client.get(f"/api/v1/documents/{signed.code}/verification").json()
    assert body["valid"] is False and body["status"] == "revoked"
    assert body["end_reason"].endswith("Dicabut karena keliru: alamat usaha tidak sesuai permohonan.")
    missing = client.get("/api/v1/documents/TIDAKADA2345/verification")
    assert missing.status_code == 404 and "message" in missing.json()


def test_api_file_check(client, signed):
    def post(data):
        return client.post(
            "/api/v1/documents/verification", {"file": SimpleUploadedFile("d.pdf", data, "application/pdf")}
        ).json()

    data = signed.file.read()
    good = post(data)
    assert good["verdict"] == "valid" and good["problems"] == [] and good["document"]["code"] == signed.code
    bad = post(_flip(data))
    assert bad["verdict"] == "invalid" and [p["code"] for p in bad["problems"]] == ["changed"]
    assert bad["document"]["code"] == signed.code  # found through the code in the PDF metadata


def test_public_row_matches_the_model_view(signed, official):
    from loket.documents import queries

    row = queries.public_by_code(signed.code.lower())
    assert row.pop("pk") == signed.pk and row == queries.public_view(signed)
    services.supersede(actor=official, document=signed, reason="Perubahan data usaha")
    signed.refresh_from_db()
    row = queries.public_by_code(signed.code)
    row.pop("pk")
    assert row == queries.public_view(signed) and row["status"] == "superseded"


# Committed data: after a browser test on the same worker, Playwright's event loop still runs in this thread, so the
# check runs off the loop in a thread of its own (documents.sync.off_loop), with its own database connection.
@pytest.mark.django_db(transaction=True)
def test_no_new_ca_is_minted_where_signed_documents_exist(signed, settings, tmp_path, client):
    # The keys of a restored installation are missing: minting a new CA would make every issued PDF
    # "unknown signer" for good, so signing and verification refuse and say to restore the keys.
    empty = tmp_path / "signing-lost"
    settings.LOKET_SIGNING_DIR = str(empty)
    data = signed.file.read()
    with pytest.raises(LoketError, match="Pulihkan"):
        queries.check_upload(data)
    assert not list(empty.rglob("*.pem"))
    page = _check(client, data)
    assert page.status_code == 503 and "Pulihkan folder kunci" in page.content.decode()
    assert not list(empty.rglob("*.pem"))


def test_the_audited_reads_are_recorded_by_the_services_the_pages_call(signed, applicant):
    """Views stay thin: the verification, the upload check and a share download write their audit events
    in documents.services, with the same action names and data as the pages used to."""
    from django.contrib.auth.models import AnonymousUser

    assert services.verify_code(signed.code, actor=AnonymousUser(), via="api")["pk"] == signed.pk
    assert services.verify_code("TIDAKADA2345", actor=AnonymousUser(), via="api") is None
    verified = AuditEvent.objects.get(action="documents.verified")
    assert (verified.object_id, verified.data, verified.actor_id) == (str(signed.pk), {"via": "api"}, None)

    result = services.check_upload(_flip(signed.file.read()), actor=applicant)
    checked = AuditEvent.objects.get(action="documents.upload_checked")
    assert checked.actor_id == applicant.pk and checked.object_id == str(signed.pk)
    assert checked.data == {"verdict": "invalid", "problems": result.problems} and result.problems == ["changed"]

    token = services.share_token(holder=applicant, document=signed, days=7)
    assert services.resolve_share_download(token, actor=AnonymousUser()) == signed
    assert AuditEvent.objects.filter(action="documents.shared_downloaded", object_id=str(signed.pk)).count() == 1
