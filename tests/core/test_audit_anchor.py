"""Issue 13, finding 6: the audit chain had no external anchor, so a rewritten revocation reason with recomputed
hashes passed `loket audit verify`. The daily published head (signed with the province's seal) catches it."""

import base64
import io
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone

from loket.core import audit, audit_anchor
from loket.core.jobs import periodic_jobs
from loket.core.models import AuditAnchor, AuditChainHead, AuditEvent
from loket.notify.models import PeriodicRun

pytestmark = pytest.mark.django_db


def _rewrite(event: AuditEvent, data: dict) -> None:
    """What an intruder with database access does: change an event and recompute every later hash and the head."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET data = %s WHERE id = %s", [json.dumps(data), event.pk])
    prev = AuditEvent.objects.get(seal_seq=event.seal_seq - 1).hash if event.seal_seq > 1 else audit.GENESIS
    for row in AuditEvent.objects.filter(seal_seq__gte=event.seal_seq).order_by("seal_seq"):
        new = audit.chain_hash(prev, row)
        AuditEvent.objects.filter(pk=row.pk).update(prev_hash=prev, hash=new)
        prev = new
    AuditChainHead.objects.filter(pk=1).update(last_hash=prev)


def _history():
    for i in range(3):
        audit.record("applications.submitted", object_type="applications.application", object_id=str(i))
    audit.seal_pending()


def test_a_rewritten_revocation_reason_passes_plain_verify_but_not_against_the_published_head(province, tmp_path):
    _history()
    audit_anchor.publish()  # yesterday's head
    revoked = audit.record(
        "documents.revoked",
        object_type="documents.document",
        object_id="7",
        data={"number": "503/7/DPMPTSP/2026", "reason": "Data pemohon keliru, diganti dengan keputusan baru"},
    )
    audit.seal_pending()
    client = Client()
    audit_anchor.publish()  # today's head, after the revocation
    anchor = AuditAnchor.objects.order_by("-seal_seq").first()
    download = client.get(f"/transparansi/log-audit/kepala-{anchor.pk}.json")
    assert download.status_code == 200 and download["Content-Type"] == "application/json"
    kept = tmp_path / "kepala.json"
    kept.write_bytes(download.content)  # what a journalist keeps

    call_command("audit", "verify", "--against", str(kept), stdout=io.StringIO())  # untouched: passes

    revoked.refresh_from_db()
    _rewrite(revoked, {"number": "503/7/DPMPTSP/2026", "reason": "aaaaa"})
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)  # the recomputed chain is self-consistent
    assert "audit log OK" in out.getvalue()

    err = io.StringIO()
    with pytest.raises(CommandError, match="published head FAILED"):
        call_command("audit", "verify", "--against", str(kept), stdout=io.StringIO(), stderr=err)
    message = err.getvalue()
    assert "RIWAYAT DITULIS ULANG" in message and "HISTORY REWRITTEN" in message
    # names the first diverging event: the rewritten revocation
    assert f"peristiwa pertama yang berbeda: seal_seq={revoked.seal_seq} id={revoked.pk} (documents.revoked" in message


def test_the_published_head_is_a_real_signature_verifiable_with_the_public_certificate(province):
    _history()
    anchor = audit_anchor.publish()
    head = audit_anchor.as_published(anchor)
    cert = x509.load_pem_x509_certificate(head["certificate"].encode())
    cert.public_key().verify(
        base64.b64decode(head["signature"]), head["payload"].encode(), ec.ECDSA(hashes.SHA256())
    )  # no exception: the province's key signed exactly this payload
    assert "Jawa Barat" in head["signer"]
    body = json.loads(head["payload"])
    last = AuditEvent.objects.get(seal_seq=AuditChainHead.objects.get(pk=1).last_seq)
    assert body["seal_seq"] == last.seal_seq and body["hash"] == last.hash and body["event_id"] == last.pk
    # the chain up to the root: the CA that issued the officials' keys
    cert.verify_directly_issued_by(x509.load_pem_x509_certificate(head["chain"][0].encode()))


def test_a_forged_head_is_refused(province, tmp_path):
    _history()
    head = audit_anchor.as_published(audit_anchor.publish())
    forged = dict(head, payload=head["payload"].replace(head["hash"], "f" * 64))
    report = audit_anchor.verify_against([forged], stored=False)
    assert not report.ok and "tanda tangan tidak sah" in report.problems[0]
    with pytest.raises(audit_anchor.PublishedHeadError):
        audit_anchor.load_heads("bukan json")


def test_deleted_events_up_to_the_head_are_caught(province):
    _history()
    head = audit_anchor.as_published(audit_anchor.publish())
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seal_seq = 3")
    AuditChainHead.objects.filter(pk=1).update(last_seq=2, last_hash=AuditEvent.objects.get(seal_seq=2).hash)
    assert audit.verify().ok  # the end of the chain cut off, head adjusted: plain verify cannot tell
    report = audit_anchor.verify_against([head])
    assert not report.ok and any("seal_seq 2" in p for p in report.problems)


def test_the_worker_publishes_a_head_once_a_day(province):
    _history()
    job = next(job for job in periodic_jobs() if job.name == "documents.audit_anchor")
    job.run("worker-1")
    job.run("worker-2")
    assert AuditAnchor.objects.count() == 1
    assert PeriodicRun.objects.filter(job="audit_anchor", period=timezone.localdate().isoformat()).exists()


def test_heads_are_on_the_transparency_page_and_in_open_data(province):
    _history()
    anchor = audit_anchor.publish()
    page = Client().get("/transparansi/").content.decode()
    local = timezone.localtime(anchor.anchored_at)
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober"]
    months += ["November", "Desember"]
    assert "Jejak log audit yang diterbitkan" in page
    assert f"{local.day} {months[local.month - 1]} {local.year}" in page and anchor.event_hash[:16] in page
    data = json.loads(Client().get("/data/log-audit/kepala-rantai.json").content)
    assert [row["hash"] for row in data["data"]] == [anchor.event_hash]
    assert audit_anchor.verify_against(audit_anchor.load_heads(json.dumps(data))).ok
    rows = Client().get("/data/log-audit/kepala-rantai.csv").content.decode().splitlines()
    assert rows[0].startswith("anchored_at,seal_seq,event_id,hash") and anchor.event_hash in rows[1]


def test_anchors_are_append_only(province):
    _history()
    anchor = audit_anchor.publish()
    with pytest.raises(RuntimeError):
        anchor.save()
    with pytest.raises(RuntimeError):
        anchor.delete()


SEED = """
from loket.core import audit
from loket.org.models import Region
Region.objects.create(code='32', name='Jawa Barat', level='province')
for i in range(4):
    audit.record('documents.revoked', object_type='documents.document', object_id=str(i),
                 data={'reason': 'Cacat substansi. Nama usaha pada keputusan keliru karena salah ketik.'})
audit.seal_pending()
"""
REWRITE = """
import json
from django.db import connection
from loket.core import audit
from loket.core.models import AuditChainHead, AuditEvent
victim = AuditEvent.objects.get(seal_seq=2)
AuditEvent.objects.filter(pk=victim.pk).update(data={'reason': 'aaaaa'})
prev = AuditEvent.objects.get(seal_seq=1).hash
for row in AuditEvent.objects.filter(seal_seq__gte=2).order_by('seal_seq'):
    new = audit.chain_hash(prev, row)
    AuditEvent.objects.filter(pk=row.pk).update(prev_hash=prev, hash=new)
    prev = new
AuditChainHead.objects.filter(pk=1).update(last_hash=prev)
"""


def test_the_loket_command_anchors_and_catches_a_rewrite(tmp_path):
    """`loket audit anchor --output` then `loket audit verify --against` in fresh processes, as an operator runs them."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "LOKET_DATA_DIR", "LOKET_ENV"}}
    data = ["--data-dir", str(tmp_path / "data")]

    def loket(*args, ok=True):
        result = subprocess.run(
            [sys.executable, "-m", "loket.cli", *args], env=env, capture_output=True, text=True, timeout=180
        )
        assert (result.returncode == 0) is ok, result.stdout + result.stderr
        return result

    loket("manage", "migrate", "-v0", *data)
    loket("manage", "shell", "-c", SEED, *data)
    head = tmp_path / "kepala.json"
    assert "anchored seal_seq 4" in loket("audit", "anchor", "--output", str(head), *data).stdout
    assert "matches 1 published head" in loket("audit", "verify", "--against", str(head), *data).stdout
    loket("manage", "shell", "-c", REWRITE, *data)
    assert "audit log OK" in loket("audit", "verify", *data).stdout  # plain verify is fooled
    bad = loket("audit", "verify", "--against", str(head), *data, ok=False)
    assert "RIWAYAT DITULIS ULANG" in bad.stderr and "HISTORY REWRITTEN" in bad.stderr
    # no earlier head narrows it down: the report gives the range from the genesis to the kept head
    assert "di antara seal_seq 1 dan 4, mulai dari seal_seq=1" in bad.stderr
