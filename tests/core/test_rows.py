"""core/rows.py: the hot paths' plain statements — joined instances as select_related gives them, prepared once
per connection on PostgreSQL, and counted and logged like any other statement."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.core import rows
from loket.org.models import Region

pytestmark = pytest.mark.django_db

User = get_user_model()


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        return [row[0] for row in cursor.fetchall()]


def joined(user_id: int):
    return rows.select(
        "test.rows.user_with_region",
        [(User, "u"), (Region, "r")],
        f"FROM {User._meta.db_table} u LEFT JOIN {Region._meta.db_table} r ON r.code = u.username WHERE u.id = %s",
        [user_id],
    )


@pytest.mark.sqlite
def test_select_gives_instances_and_none_for_what_a_left_join_did_not_find():
    user = User.objects.create_user("32.73", "a@example.id", "rahasia-uji-123")
    other = User.objects.create_user("warga", "b@example.id", "rahasia-uji-123")
    region = Region.objects.create(code="32.73", name="Kota Bandung", level="kota")
    [(found_user, found_region)] = joined(user.pk)
    assert found_user == user and found_user.email == "a@example.id" and found_user.date_joined == user.date_joined
    assert found_region == region and found_region.name == "Kota Bandung"
    assert joined(other.pk) == [(other, None)] and joined(0) == []


def test_statements_are_prepared_once_and_still_counted_with_their_values():
    assert connection.vendor == "postgresql"  # the suite's main run
    user = User.objects.create_user("warga", "b@example.id", "rahasia-uji-123")
    with CaptureQueriesContext(connection) as captured:
        joined(user.pk)
        joined(user.pk)
    assert len(captured.captured_queries) == 2
    assert all(f"u.id = {user.pk}" in query["sql"] for query in captured.captured_queries)
    assert sum("LEFT JOIN" in statement and "$1" in statement for statement in prepared_statements()) == 1


def test_preparing_can_be_turned_off_for_a_pooler(settings):
    user = User.objects.create_user("warga", "b@example.id", "rahasia-uji-123")

    def alone(key):
        return rows.select(key, [(User, "alone")], f"FROM {User._meta.db_table} alone WHERE alone.id = %s", [user.pk])

    settings.LOKET_PREPARE_STATEMENTS = False
    assert alone("test.rows.alone") == [(user,)]
    assert not any("alone.id" in statement for statement in prepared_statements())
    settings.LOKET_PREPARE_STATEMENTS = True
    assert alone("test.rows.alone") == [(user,)]
    assert any("alone.id" in statement for statement in prepared_statements())
