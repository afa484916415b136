"""Anchor the audit chain outside the database: publish its head, signed, and verify the chain against it.

The hash chain (loket.core.audit) shows any change made *without* recomputing the hashes. Someone with
write access to the database can rewrite an event and recompute every later hash and the chain head;
plain `verify` then passes. So once a day the worker publishes the head — the last sealed event's
seal_seq, id and hash, and the time — signed with the province's key (ADR 0012): stored as an
AuditAnchor row, shown on the public transparency page and in open data (JSON and CSV). Whoever kept a
published head runs `loket audit verify --against FILE`: the signature must verify with the published
certificate (chained to Loket's root), the chain must still hold that event with that hash, and the
chain up to it must recompute. A rewritten earlier event changes every later hash, so it is caught.

Core signs nothing itself (it does not import documents): the documents app registers the signer and
the trust roots at start-up (`register`).
"""

import base64
import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from django.db import transaction
from django.utils import timezone

from loket.core import audit
from loket.core.models import AuditAnchor, AuditChainHead, AuditEvent

FORMAT = "loket-audit-anchor/1"


@dataclass(frozen=True)
class AnchorSigner:
    """What the documents app provides: sign bytes with the province's key; the roots a verifier trusts."""

    sign: Callable[[bytes], tuple[bytes, x509.Certificate, list[x509.Certificate], str]]
    # -> (signature, certificate, chain up to the root, signer name)
    trust_roots: Callable[[], list[x509.Certificate]]


_SIGNER: list[AnchorSigner] = []


def register(signer: AnchorSigner) -> None:
    _SIGNER[:] = [signer]


def _signer() -> AnchorSigner:
    if not _SIGNER:
        raise RuntimeError("no audit anchor signer registered (the documents app registers it)")
    return _SIGNER[0]


def _pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def canonical(head: dict) -> str:
    return json.dumps(head, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def publish(now: datetime.datetime | None = None) -> AuditAnchor | None:
    """Seal pending events, then sign and store the chain head (None while the chain is empty)."""
    audit.seal_pending()
    now = now or timezone.now()
    with transaction.atomic():
        head = AuditChainHead.objects.filter(pk=1).first()
        if head is None or not head.last_seq:
            return None
        event = AuditEvent.objects.only("pk", "hash", "seal_seq").get(seal_seq=head.last_seq)
        body = {
            "format": FORMAT,
            "seal_seq": event.seal_seq,
            "event_id": event.pk,
            "hash": event.hash,
            "anchored_at": now.astimezone(datetime.UTC).isoformat(timespec="seconds"),
        }
        payload = canonical(body)
        signature, cert, chain, name = _signer().sign(payload.encode())
        anchor = AuditAnchor.objects.create(
            seal_seq=event.seal_seq,
            event_id=event.pk,
            event_hash=event.hash,
            anchored_at=now,
            payload=payload,
            signature=base64.b64encode(signature).decode(),
            certificate=_pem(cert),
            chain=[_pem(c) for c in chain],
            fingerprint=cert.fingerprint(hashes.SHA256()).hex(),
            signer_name=name[:200],
        )
    return anchor


def as_published(anchor: AuditAnchor) -> dict:
    """The anchor as published (open data, the transparency page's download): everything needed to verify."""
    return {
        "format": FORMAT,
        "seal_seq": anchor.seal_seq,
        "event_id": anchor.event_id,
        "hash": anchor.event_hash,
        "anchored_at": json.loads(anchor.payload)["anchored_at"],
        "signer": anchor.signer_name,
        "payload": anchor.payload,
        "signature": anchor.signature,
        "signature_algorithm": "SHA-256 with the certificate's key (ECDSA P-256, DER)",
        "certificate": anchor.certificate,
        "certificate_sha256": anchor.fingerprint,
        "chain": anchor.chain,
    }


# ---------------------------------------------------------------- verification


class PublishedHeadError(ValueError):
    """The file given to `--against` is not a published head (message in Indonesian / English)."""


def load_heads(text: str) -> list[dict]:
    """One published head, a list of them, or the open-data JSON ({"data": [...]}) → the heads."""
    try:
        value = json.loads(text)
    except ValueError:
        raise PublishedHeadError(
            "Berkas bukan JSON kepala rantai yang diterbitkan. / The file is not the JSON of a published head."
        ) from None
    heads = value.get("data", value.get("heads", [value])) if isinstance(value, dict) else value
    if not isinstance(heads, list) or not heads or not all(isinstance(h, dict) and "payload" in h for h in heads):
        raise PublishedHeadError(
            "Berkas tidak memuat kepala rantai yang diterbitkan (kolom payload, signature, certificate). / "
            "The file holds no published head (fields payload, signature, certificate)."
        )
    return heads


@dataclass
class AgainstReport:
    heads: int = 0
    checked: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _verify_signature(head: dict, roots: list[x509.Certificate]) -> str | None:
    """None when the head's signature verifies with its certificate and the certificate chains to a root."""
    try:
        cert = x509.load_pem_x509_certificate(head["certificate"].encode())
        chain = [x509.load_pem_x509_certificate(pem.encode()) for pem in head.get("chain", [])]
        signature = base64.b64decode(head["signature"])
        payload = head["payload"].encode()
        key = cert.public_key()
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, payload, ec.ECDSA(hashes.SHA256()))
        elif isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, payload, padding.PKCS1v15(), hashes.SHA256())
        else:
            return "jenis kunci tidak dikenal / unknown key type"
        issued = cert
        for issuer in chain:
            issued.verify_directly_issued_by(issuer)
            issued = issuer
        root_prints = {r.fingerprint(hashes.SHA256()) for r in roots}
        if issued.fingerprint(hashes.SHA256()) not in root_prints:
            issuer = next((r for r in roots if r.subject == issued.issuer), None)
            if issuer is None:
                return "sertifikat tidak berakar pada root Loket / the certificate does not chain to Loket's root"
            issued.verify_directly_issued_by(issuer)
    except InvalidSignature:
        return "tanda tangan tidak cocok / the signature does not match"
    except (KeyError, ValueError, TypeError) as exc:
        return f"tanda tangan atau sertifikat rusak / malformed signature or certificate ({exc.__class__.__name__})"
    return None


def _is_json(text) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except (TypeError, ValueError):
        return False


def _event_label(event: AuditEvent) -> str:
    return f"seal_seq={event.seal_seq} id={event.pk} ({event.action} {event.object_type}:{event.object_id})"


def verify_against(heads: list[dict], chunk: int = 5000, *, stored: bool = True) -> AgainstReport:
    """Check the chain against published heads: signature, presence of each head's event with its hash, and
    the chain up to the newest given head recomputing from the genesis. A head that no longer matches is
    reported with the first event that may have been rewritten: the first after the newest head that still
    matches. The heads stored here (AuditAnchor rows, older than the newest given head) narrow that down
    when their signatures verify; they cannot widen what the given heads prove."""
    report = AgainstReport(heads=len(heads))
    if stored and heads:
        given = {h.get("payload") for h in heads}
        newest = max(
            (json.loads(h["payload"]).get("seal_seq", 0) for h in heads if _is_json(h.get("payload"))), default=0
        )
        heads = list(heads) + [
            as_published(a)
            for a in AuditAnchor.objects.filter(seal_seq__lt=newest).order_by("seal_seq")
            if a.payload not in given
        ]
    roots = _signer().trust_roots() if _SIGNER else []
    valid = []
    for head in heads:
        try:
            body = json.loads(head["payload"])
        except (KeyError, ValueError, TypeError):
            report.problems.append("kepala rantai rusak: payload bukan JSON / malformed head: payload is not JSON")
            continue
        problem = _verify_signature(head, roots)
        if problem:
            report.problems.append(
                f"kepala #{body.get('seal_seq')}: tanda tangan tidak sah — {problem} / "
                f"head #{body.get('seal_seq')}: invalid signature"
            )
            continue
        valid.append(body)
    if not valid:
        return report
    valid.sort(key=lambda b: b["seal_seq"])
    wanted = {b["seal_seq"]: b for b in valid}
    last = valid[-1]["seal_seq"]
    # Recompute the chain from the genesis up to the newest head, comparing with each head on the way.
    prev_hash, expected_seq, last_seq = audit.GENESIS, 1, 0
    matched_seq = 0  # the newest head that still matches
    first_mismatch = None
    queryset = AuditEvent.objects.filter(seal_seq__isnull=False, seal_seq__lte=last).order_by("seal_seq")
    while True:
        events = list(queryset.filter(seal_seq__gt=last_seq)[:chunk])
        if not events:
            break
        for event in events:
            report.checked += 1
            if event.seal_seq != expected_seq:
                report.problems.append(
                    f"peristiwa hilang / events missing: seal_seq {expected_seq}..{event.seal_seq - 1}"
                )
            if event.prev_hash != prev_hash or audit.chain_hash(event.prev_hash, event) != event.hash:
                report.problems.append(
                    f"rantai tidak dapat dihitung ulang pada / the chain does not recompute at {_event_label(event)}"
                )
            body = wanted.get(event.seal_seq)
            if body is not None and first_mismatch is None:
                if event.hash == body["hash"] and event.pk == body["event_id"]:
                    matched_seq = event.seal_seq
                else:
                    first_mismatch = body
            prev_hash, expected_seq, last_seq = event.hash, event.seal_seq + 1, event.seal_seq
    if last_seq < last:
        report.problems.append(
            f"rantai berakhir di seal_seq {last_seq}, padahal kepala yang diterbitkan menyebut {last} / "
            f"the chain ends at seal_seq {last_seq}, yet a published head names {last}"
        )
        return report
    if first_mismatch is not None:
        suspect = AuditEvent.objects.filter(seal_seq=matched_seq + 1).first()
        span = (
            f"peristiwa pertama yang berbeda: {_event_label(suspect)}"
            if first_mismatch["seal_seq"] == matched_seq + 1
            else f"peristiwa pertama yang berbeda ada di antara seal_seq {matched_seq + 1} dan "
            f"{first_mismatch['seal_seq']}, mulai dari {_event_label(suspect)}"
        )
        report.problems.append(
            f"RIWAYAT DITULIS ULANG: kepala yang diterbitkan {first_mismatch['anchored_at']} (seal_seq "
            f"{first_mismatch['seal_seq']}, hash {first_mismatch['hash'][:16]}…) tidak lagi cocok dengan rantai; "
            f"{span}. / HISTORY REWRITTEN: the head published {first_mismatch['anchored_at']} no longer matches "
            f"the chain; the first diverging event is at or after seal_seq {matched_seq + 1}"
            + (f" (id={suspect.pk}, {suspect.action})" if suspect else "")
            + "."
        )
    else:
        report.notes.append(
            f"cocok dengan {len(valid)} kepala yang diterbitkan sampai seal_seq {last} / "
            f"matches {len(valid)} published head(s) up to seal_seq {last}"
        )
    return report
