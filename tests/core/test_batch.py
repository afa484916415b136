"""core/batch.py: rows of several tables written together, in one round trip on PostgreSQL, all or nothing."""

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from loket.core import audit, batch
from loket.core.models import AuditEvent
from loket.notify.models import Notification


def note(key: str, context=None) -> Notification:
    return Notification(
        dedupe_key=key,
        channel="email",
        recipient="warga@example.id",
        template="t",
        context=context or {},
        next_attempt_at=timezone.now(),
    )


def rows_present() -> tuple[int, int]:
    return AuditEvent.objects.filter(action="test.batch").count(), Notification.objects.count()


def _write_and_check_atomicity():
    event = audit.build("test.batch", data={"nik": "3273********0001", "quote": "50% 'lunas' \"ok\" ; DROP"})
    batch.reserve_id(event)
    batch.Batch().add([event]).add([note("a:email", {"url": "/permohonan/1/?a=%s"}), note("b:email")]).write()
    assert rows_present() == (1, 2)
    stored = AuditEvent.objects.get(action="test.batch")
    assert stored.data["quote"] == "50% 'lunas' \"ok\" ; DROP"  # literals inlined safely, nothing executed
    assert Notification.objects.get(dedupe_key="a:email").context == {"url": "/permohonan/1/?a=%s"}
    if batch.one_round_trip():
        assert stored.pk == event.pk  # the reserved id is the one written

    # A batch whose last row is refused (duplicate key) writes nothing at all, not even its first rows.
    with pytest.raises(IntegrityError):
        batch.Batch().add([audit.build("test.batch")]).add([note("c:email"), note("a:email")]).write()
    assert rows_present() == (1, 2)

    # With ignore_conflicts the duplicate is skipped and the rest is written.
    batch.Batch().add([note("a:email"), note("d:email")], ignore_conflicts=True).write()
    assert rows_present() == (1, 3)


@pytest.mark.django_db(transaction=True)
def test_batch_is_all_or_nothing_in_autocommit():
    _write_and_check_atomicity()


@pytest.mark.django_db
def test_batch_is_all_or_nothing_inside_a_transaction():
    _write_and_check_atomicity()


@pytest.mark.sqlite
@pytest.mark.django_db(transaction=True)
def test_batch_on_the_embedded_database():
    _write_and_check_atomicity()


@pytest.mark.django_db(transaction=True)
def test_postgresql_gets_one_round_trip_for_the_whole_batch():
    assert batch.one_round_trip()  # the suite's main run is on PostgreSQL
    events = [audit.build("test.batch") for _ in range(3)]
    with CaptureQueriesContext(connection) as queries:
        batch.Batch().add(events[:1]).add(events[1:]).add([note("x:email")]).write()
    assert len(queries.captured_queries) == 1
    assert rows_present() == (3, 1)


@pytest.mark.django_db
def test_reserved_ids_are_distinct_and_not_reused_by_the_table():
    assert batch.one_round_trip()
    reserved = []
    for _ in range(40):  # more than one block
        event = audit.build("test.batch")
        batch.reserve_id(event)
        reserved.append(event.pk)
    assert len(set(reserved)) == 40
    plain = audit.record("test.batch")  # a normal insert draws from the same sequence
    assert plain.pk not in reserved


def _update_with_the_rows_and_write_again():
    kept = audit.record("test.batch", data={"n": 1})
    rows = batch.Batch()
    rows.add([note("u:email")]).update(AuditEvent.objects.filter(pk=kept.pk), data={"n": 2})
    assert rows
    rows.write(savepoint=False)
    assert not rows  # written: the batch is empty again and can take the next rows
    assert AuditEvent.objects.get(pk=kept.pk).data == {"n": 2} and rows_present() == (1, 1)
    rows.add([note("v:email")]).write()
    assert rows_present() == (1, 2)


@pytest.mark.django_db
def test_an_update_goes_with_the_rows_and_a_batch_writes_again():
    with CaptureQueriesContext(connection) as queries:
        _update_with_the_rows_and_write_again()
    statements = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("INSERT", "UPDATE"))]
    assert any("INSERT" in sql and "UPDATE" in sql for sql in statements)  # one round trip for both


@pytest.mark.sqlite
@pytest.mark.django_db(transaction=True)
def test_an_update_with_the_rows_on_the_embedded_database():
    _update_with_the_rows_and_write_again()


def _update_one_row_by_key():
    """`update_row` (the statement built once per model and fields) writes what `queryset.update` writes: a
    JSON value and a NULL, and no other row."""
    kept, other = audit.record("test.batch", data={"n": 1}), audit.record("test.batch", data={"n": 1})
    rows = batch.Batch()
    rows.add([note("r:email")]).update_row(AuditEvent, kept.pk, data={"n": 2, "quote": "50% 'x'"}, request_id="")
    rows.write(savepoint=False)
    rows.update_row(AuditEvent, kept.pk, actor_id=None).write()  # the same shape again: from the built text
    stored = AuditEvent.objects.values("data", "request_id", "actor_id").get(pk=kept.pk)
    assert stored == {"data": {"n": 2, "quote": "50% 'x'"}, "request_id": "", "actor_id": None}
    assert AuditEvent.objects.get(pk=other.pk).data == {"n": 1} and rows_present() == (2, 1)


@pytest.mark.django_db
def test_one_row_updated_by_key_goes_with_the_rows():
    with CaptureQueriesContext(connection) as queries:
        _update_one_row_by_key()
    statements = [q["sql"] for q in queries.captured_queries if "UPDATE" in q["sql"]]
    assert any("INSERT" in sql and 'UPDATE "core_auditevent" SET "data"' in sql for sql in statements)


@pytest.mark.sqlite
@pytest.mark.django_db(transaction=True)
def test_one_row_updated_by_key_on_the_embedded_database():
    _update_one_row_by_key()
