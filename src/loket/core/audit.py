"""Write, seal and verify the audit log (see models.AuditEvent)."""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from loket.core.models import AuditChainHead, AuditEvent
from loket.core.request_context import current_request_id

GENESIS = "0" * 64


def record(
    action: str, *, obj=None, actor=None, data: dict | None = None, object_type: str = "", object_id: str = ""
) -> AuditEvent:
    """Append one event inside the caller's transaction (commits or rolls back with the change)."""
    event = build(action, obj=obj, actor=actor, data=data, object_type=object_type, object_id=object_id)
    event.save(force_insert=True)
    return event


def build(
    action: str, *, obj=None, actor=None, data: dict | None = None, object_type: str = "", object_id: str = ""
) -> AuditEvent:
    """The event `record` would write, unsaved: for a caller that writes its rows as one batch."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    actor_id = getattr(actor, "pk", None) if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent(
        occurred_at=timezone.now(),
        actor_id=actor_id,
        actor_label=(actor.get_username() if actor_id else "system")[:200],
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        data=data or {},
        request_id=current_request_id.get(),
    )


def canonical(event: AuditEvent) -> bytes:
    body = {
        "id": event.pk,
        "occurred_at": event.occurred_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "data": event.data,
        "request_id": event.request_id,
        "seal_seq": event.seal_seq,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def chain_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256(prev_hash.encode() + b"|" + canonical(event)).hexdigest()


def seal_pending(batch_size: int = 5000) -> int:
    """Seal every committed, unsealed event; returns how many were sealed. Safe to run concurrently."""
    sealed = 0
    while True:
        with transaction.atomic():
            AuditChainHead.objects.get_or_create(pk=1)
            head = AuditChainHead.objects.select_for_update().get(pk=1)
            pending = list(AuditEvent.objects.filter(seal_seq__isnull=True).order_by("id")[:batch_size])
            if not pending:
                return sealed
            prev = head.last_hash or GENESIS
            seq = head.last_seq
            for event in pending:
                seq += 1
                event.seal_seq = seq
                event.prev_hash = prev
                event.hash = chain_hash(prev, event)
                prev = event.hash
            AuditEvent.objects.bulk_update(pending, ["seal_seq", "prev_hash", "hash"], batch_size=1000)
            head.last_seq, head.last_hash, head.sealed_at = seq, prev, timezone.now()
            head.save()
            sealed += len(pending)


@dataclass
class VerifyReport:
    checked: int = 0
    unsealed: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(chunk: int = 5000) -> VerifyReport:
    """Walk the sealed chain and report every changed, inserted or deleted event."""
    report = VerifyReport()
    head = AuditChainHead.objects.filter(pk=1).first()
    expected_seq, prev_hash = 1, GENESIS
    last_seq = 0
    queryset = AuditEvent.objects.filter(seal_seq__isnull=False).order_by("seal_seq")
    while True:
        events = list(queryset.filter(seal_seq__gt=last_seq)[:chunk])
        if not events:
            break
        for event in events:
            report.checked += 1
            if event.seal_seq > expected_seq:
                report.problems.append(
                    f"deleted: events with seal_seq {expected_seq}..{event.seal_seq - 1} are missing"
                )
            if event.prev_hash != prev_hash:
                report.problems.append(
                    f"inserted or deleted: event id={event.pk} seal_seq={event.seal_seq} does not link to its predecessor"
                )
            if chain_hash(event.prev_hash, event) != event.hash:
                report.problems.append(
                    f"changed: event id={event.pk} seal_seq={event.seal_seq} ({event.action}) differs from what was sealed"
                )
            prev_hash, expected_seq, last_seq = event.hash, event.seal_seq + 1, event.seal_seq
    head_seq = head.last_seq if head else 0
    if head_seq != last_seq:
        report.problems.append(f"deleted: chain head says {head_seq} events were sealed, found up to {last_seq}")
    elif head and head.last_hash and head.last_hash != prev_hash:
        report.problems.append("changed: the last sealed event differs from the chain head")
    report.unsealed = AuditEvent.objects.filter(seal_seq__isnull=True).count()
    return report
