"""Fixtures of the quality harness: one world of every role and object (tests/quality/world.py),
built once per module inside a transaction that is rolled back at the end of the module."""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from tests.quality import report
from tests.quality.world import build_world

# The root conftest's rules (officer TOTP off, fast hashing), for the module-wide world as well.
FAST = {"LOKET_REQUIRE_OFFICER_MFA": False, "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"]}
# Every actor asks for the public status from the test client's one address within a test: the matrix checks
# audiences, not the per-address lookup limit (tests/api_applications/test_lookup_limits.py does).
MATRIX = {"LOKET_STATUS_LOOKUP_LIMIT": 1000}


def signing_settings(tmp_path_factory) -> dict:
    """loket.documents signs with the embedded CA, whose keys live in a directory of their own (not the data dir)."""
    return {"LOKET_SIGNING_DIR": str(tmp_path_factory.getbasetemp() / "signing"), "LOKET_SIGNING_BACKEND": "local"}


def pytest_configure(config):
    report.register(config)


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, shared by the tests of one module: each test still runs in its own savepoint."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media), **FAST, **MATRIX, **signing_settings(tmp_path_factory)),
    ):
        with transaction.atomic():
            world = build_world()
            world.sessions = sign_in_everyone(world)
            yield world
            transaction.set_rollback(True)


@pytest.fixture
def world(module_world, db):
    return module_world


def sign_in_everyone(world) -> dict[str, str]:
    """One session per actor, made once per module (inside the module's transaction): each test uses them,
    and whatever a test changes in a session (messages, a chosen citizen) is rolled back with the test."""
    keys = {}
    for actor, user in world.users.items():
        client = Client()
        client.force_login(user)
        keys[actor] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def client_for(world, actor: str, route=None) -> Client:
    """A test client signed in as `actor` (by session, no login form), with the session the route needs."""
    client = Client()
    if actor != "anonymous":
        user = world.users[actor]
        if actor in world.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[actor]
        else:
            client.force_login(user)
        if route is not None and route.session is not None:
            session = client.session
            session.update(route.session(world, user))
            session.save()
    return client
