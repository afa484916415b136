"""Documents: filing and completing a one-step application, signing with the official's current code, and
checking a signed PDF with poppler's pdfsig against an NSS trust store."""

import subprocess
import time

from loket.applications import services as applications
from loket.documents import services as documents
from loket.workflow import services as workflow
from loket.workflow.models import Task
from tests.helpers.applications import ANSWERS, PDF
from tests.helpers.auth import totp_code


def file(service, user, key="k-1", upload_ids=None):
    if upload_ids is None:
        upload = applications.store_upload(owner=user, data=PDF, name="ktp.pdf")
        upload_ids = {"req_0": str(upload.pk)}
    application, _ = applications.submit(
        actor=user, applicant=user, service=service, answers=ANSWERS, upload_ids=upload_ids, idempotency_key=key
    )
    return application


def complete(application, head):
    task = Task.objects.get(application=application, status=Task.Status.OPEN)
    workflow.act(actor=head, task_id=task.pk, action="approve")
    application.refresh_from_db()
    return application


def sign_now(document, official):
    """Sign with the official's current code (a used code is remembered in the cache: start afresh)."""
    from django.core.cache import cache

    cache.clear()
    return documents.sign(actor=official, document=document, otp=totp_code(official.totp_secret, time.time()))


def nss_db(tmp_path, root_cert) -> str:
    from cryptography.hazmat.primitives import serialization

    db = tmp_path / "nss"
    db.mkdir()
    (tmp_path / "root.pem").write_bytes(root_cert.public_bytes(serialization.Encoding.PEM))
    subprocess.run(["certutil", "-N", "-d", f"sql:{db}", "--empty-password"], check=True, capture_output=True)
    subprocess.run(
        ["certutil", "-A", "-d", f"sql:{db}", "-n", "Loket Root CA", "-t", "CT,C,C", "-i", str(tmp_path / "root.pem")],
        check=True,
        capture_output=True,
    )
    return f"sql:{db}"


def pdfsig(path, nss) -> str:
    # (no -no-ocsp: poppler 22.12 then reports "Unknown issue"; our certificates carry no OCSP URL anyway)
    return subprocess.run(["pdfsig", "-nssdir", nss, str(path)], capture_output=True, text=True).stdout


REVOCATION_EXPLANATION = "Nama usaha pada keputusan ini keliru karena salah ketik petugas saat verifikasi."


def revoke(document, requester, approver=None, *, reason_code="cacat_substansi", explanation=REVOCATION_EXPLANATION):
    """Revoke with four eyes: `requester` asks, `approver` (by default a new signing official of the document's
    agency) approves. Returns the revoked document."""
    from loket.org.models import Role
    from tests.helpers.org import make_user

    request = documents.request_revocation(
        actor=requester, document=document, reason_code=reason_code, explanation=explanation
    )
    if approver is None:
        approver = make_user(f"penyetuju_{document.pk}", (Role.SIGNING_OFFICIAL, document.agency))
    return documents.approve_revocation(actor=approver, revocation=request)
