"""The audit chain catches events changed, deleted or inserted by hand (issue 2 item 10)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from loket.core import audit
from loket.core.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db


def _events(n):
    for i in range(n):
        audit.record("test.event", object_type="test", object_id=str(i), data={"i": i, "nama": "Siti Aminah"})


@pytest.mark.sqlite
def test_sealed_chain_verifies():
    _events(5)
    assert audit.seal_pending() == 5
    report = audit.verify()
    assert report.ok, report.problems
    assert report.checked == 5
    assert report.unsealed == 0
    head = AuditChainHead.objects.get(pk=1)
    assert head.last_seq == 5


def test_sealing_continues_the_chain_across_batches():
    _events(3)
    audit.seal_pending()
    _events(4)
    assert audit.seal_pending(batch_size=2) == 4
    seqs = list(AuditEvent.objects.order_by("seal_seq").values_list("seal_seq", flat=True))
    assert seqs == list(range(1, 8))
    assert audit.verify().ok


def test_event_changed_by_hand_is_reported():
    _events(4)
    audit.seal_pending()
    victim = AuditEvent.objects.get(seal_seq=2)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET data = %s WHERE id = %s", ['{"i": 99}', victim.pk])
    report = audit.verify()
    assert not report.ok
    assert any(p.startswith("changed") and f"id={victim.pk}" in p for p in report.problems)


def test_event_deleted_by_hand_is_reported():
    _events(4)
    audit.seal_pending()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seal_seq = 3")
    report = audit.verify()
    assert any("deleted" in p and "3..3" in p for p in report.problems)


def test_last_event_deleted_by_hand_is_reported():
    _events(3)
    audit.seal_pending()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE seal_seq = 3")
    report = audit.verify()
    assert any("chain head says 3" in p for p in report.problems)


def test_event_inserted_by_hand_is_reported():
    _events(2)
    audit.seal_pending()
    first = AuditEvent.objects.get(seal_seq=1)
    with connection.cursor() as cursor:
        # A forged event slipped in after the first, with a plausible but wrong link.
        cursor.execute("UPDATE core_auditevent SET seal_seq = seal_seq + 10 WHERE seal_seq = 2")
        cursor.execute(
            "INSERT INTO core_auditevent (occurred_at, actor_label, action, object_type, object_id, data, request_id,"
            " seal_seq, prev_hash, hash) VALUES (now(), 'x', 'forged', 't', '1', '{}', '', 2, %s, %s)",
            [first.hash, "f" * 64],
        )
    report = audit.verify()
    assert not report.ok
    assert any("forged" in p for p in report.problems)


def test_model_refuses_delete():
    _events(1)
    with pytest.raises(RuntimeError):
        AuditEvent.objects.first().delete()


def test_verify_command_exits_non_zero_on_tampering(capsys):
    _events(2)
    call_command("audit", "verify")
    assert "audit log OK" in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = 'hidden' WHERE seal_seq = 1")
    with pytest.raises(CommandError, match="FAILED"):
        call_command("audit", "verify")


def test_record_captures_actor_and_object(editor_a, agency_a):
    event = audit.record("org.test", obj=agency_a, actor=editor_a, data={"x": 1})
    assert event.actor_id == editor_a.pk
    assert event.actor_label == "editor_a"
    assert event.object_type == "org.agency"
    assert event.object_id == str(agency_a.pk)


def test_rolled_back_change_leaves_no_event():
    from django.db import transaction

    with pytest.raises(ValueError):
        with transaction.atomic():
            audit.record("test.rollback", object_type="t")
            raise ValueError
    assert not AuditEvent.objects.filter(action="test.rollback").exists()
