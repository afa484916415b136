"""The audit chain's published head, signed with the province's seal (ADR 0012): the signer core's
loket.core.audit_anchor uses, and the daily job that publishes a head."""

import logging

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.utils import timezone

from loket.core import audit_anchor
from loket.documents import pki
from loket.notify.periodic import run_once
from loket.org.models import Region

logger = logging.getLogger("loket.documents")


def province_name() -> str:
    province = Region.objects.filter(level=Region.Level.PROVINCE).order_by("code").first()
    return province.name if province else ""


def sign(payload: bytes):
    pair = pki.province_seal_key(province_name())
    signature = pair.key.sign(payload, ec.ECDSA(hashes.SHA256()))
    name = pair.cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
    return signature, pair.cert, [pki.issuing_ca().cert, pki.root().cert], name


SIGNER = audit_anchor.AnchorSigner(sign=sign, trust_roots=pki.trust_roots)


def periodic_round(worker_id: str) -> None:
    """Publish the chain head once a day (the first round after midnight, WIB date)."""
    day = timezone.localdate().isoformat()
    if run_once("audit_anchor", day, _publish, worker=worker_id):
        logger.info("audit chain head published for %s", day)


def _publish() -> None:
    audit_anchor.publish()
