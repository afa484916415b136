"""Demo documents: completed demo applications carry real signed PDFs in the demo data dir.

Run by `loket demo` after the citizen demo (its own transaction). Idempotent.

- Every demo official who may sign (agency heads; `document.sign`) gets a key pair from the embedded CA.
- Applications completed through the real services (`loket.demo.live`) already have their document
  (the `case_changed` receiver issued it on completion); the bulk-written history has none, so documents
  are issued here for the history's completed applications of the last `WINDOW_DAYS` days and for
  every application of the named demo citizens, in the order they were decided.
- They are signed at seed time with the deciding agency's head key, except the newest
  `LEFT_TO_SIGN` per agency (not of a named demo citizen), which stay in the head's "to sign" list so
  the signing step with TOTP can be tried at once.
- Older history (before the window) gets no document: in the demo's story electronic signing went
  live `WINDOW_DAYS` days ago. Signing costs ~10-15 ms a document; the window keeps the whole seed fast
  (see ADR 0005 for the measurement).
"""

import datetime
import logging
import time

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from loket.applications.models import Application
from loket.core import audit
from loket.documents import backends, pki, services
from loket.documents.models import Document
from loket.org.models import Role, RoleAssignment

log = logging.getLogger(__name__)

WINDOW_DAYS = 14
LEFT_TO_SIGN = 2


def _officials() -> dict[int, object]:
    """agency id -> the demo official who signs for it (a signing official if any, else the agency head)."""
    chosen: dict[int, object] = {}
    rows = (
        RoleAssignment.objects.filter(role__in=[Role.SIGNING_OFFICIAL, Role.AGENCY_HEAD], agency__isnull=False)
        .select_related("user")
        .order_by("role", "user__username")
    )  # agency_head < signing_official
    for row in rows:
        if row.role == Role.SIGNING_OFFICIAL or row.agency_id not in chosen:
            chosen[row.agency_id] = row.user
    return chosen


def _demo_citizens() -> set[int]:
    from loket.demo.seed import USERS

    names = [user.username for user in USERS if not user.roles and not user.superuser]
    return set(get_user_model().objects.filter(username__in=names).values_list("pk", flat=True))


def seed_demo() -> int:
    started = time.monotonic()
    created = 0
    officials = _officials()
    for official in {o.pk: o for o in officials.values()}.values():
        if not pki.has_official_key(official):
            pki.official_key(official)
            created += 1
    citizens = _demo_citizens()
    cutoff = timezone.now() - datetime.timedelta(days=WINDOW_DAYS)
    missing = (
        Application.objects.filter(
            status=Application.Status.COMPLETED, documents__isnull=True, agency_id__in=list(officials)
        )
        .filter(Q(decided_at__gte=cutoff) | Q(applicant_id__in=citizens))
        .select_related("service", "standard", "agency", "region", "applicant__citizen")
        .order_by("decided_at", "pk")
    )
    issued = 0
    for application in missing:
        services.issue(application=application, now=application.decided_at or timezone.now())
        issued += 1
    created += issued

    awaiting = list(
        Document.objects.filter(status=Document.Status.AWAITING, agency_id__in=list(officials))
        .select_related("agency")
        .order_by("agency_id", "-created_at", "-pk")
    )
    kept: dict[int, int] = {}
    to_sign = []
    for document in awaiting:
        if document.holder_id not in citizens and kept.get(document.agency_id, 0) < LEFT_TO_SIGN:
            kept[document.agency_id] = kept.get(document.agency_id, 0) + 1
            continue
        to_sign.append(document)
    sign_started = time.monotonic()
    signed = sign_for_demo(to_sign, officials)
    created += signed
    sign_seconds = time.monotonic() - sign_started
    if issued or signed:
        audit.record(
            "demo.documents_seeded",
            data={
                "issued": issued,
                "signed": signed,
                "sign_seconds": round(sign_seconds, 2),
                "seconds": round(time.monotonic() - started, 2),
            },
            object_type="documents.document",
        )
    seconds = f"{sign_seconds:.1f}".replace(".", ",")
    log.info("Dokumen demo: %s diterbitkan, %s ditandatangani dalam %s detik", issued, signed, seconds)
    return created


def sign_for_demo(documents: list[Document], officials: dict[int, object]) -> int:
    """Sign seeded documents as each agency's demo official (seeding stands in for their past signatures)."""
    backend = backends.LocalBackend()
    signers: dict[int, object] = {}
    count = 0
    for document in documents:
        official = officials[document.agency_id]
        if official.pk not in signers:
            signers[official.pk] = backend.signer(official)
        services.store_signature(document=document, official=official, signer=signers[official.pk], backend=backend)
        count += 1
    return count
