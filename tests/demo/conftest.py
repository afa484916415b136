"""Seed the demo once for this test package, inside a transaction that is rolled back at the end.

Seeding writes several thousand applications; doing it for every test would take minutes. Each test
still runs in its own savepoint (the `db` fixture), so a test that changes data leaves the seed as it was.
All tests of this package are one xdist group (`--dist loadgroup`): one worker seeds once, instead of every
worker that gets a share of the package seeding again (the seed is the suite's most expensive fixture).
"""

import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import override_settings

from loket.demo import seed
from loket.org import deadlines

HERE = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("demo_seed"))


@dataclass
class SeedRun:
    created: int
    seconds: float
    media: str  # MEDIA_ROOT of the seed: its signed documents' files


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            MEDIA_ROOT=str(media),
            LOKET_SIGNING_BACKEND="local",
        ),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            started = time.perf_counter()
            created = seed.seed()
            run = SeedRun(created, time.perf_counter() - started, str(media))
            # Check the deferred foreign keys of the seed once, here: otherwise every test's teardown
            # (inside a savepoint that is rolled back) checks them all again.
            connection.check_constraints()
            yield run
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            deadlines.clear_cache()  # calendars are cached by region id, which the next tests reuse


@pytest.fixture
def seeded(demo, db):
    """The seeded demo, in a savepoint of this test."""
    return demo
