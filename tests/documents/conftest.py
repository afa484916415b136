"""Documents fixtures: where signed documents go, and a completed (signed) application of the one-step service
(`simple_service`, `head_a` and `official` are in tests/conftest.py; helpers to file, complete and sign are in
tests/helpers/documents.py)."""

import pytest

from loket.documents import pki
from tests.helpers.documents import complete, file, sign_now


@pytest.fixture(scope="session")
def _signing_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("signing")


@pytest.fixture(autouse=True)
def _document_storage(settings, tmp_path, _signing_dir):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LOKET_SIGNING_DIR = str(_signing_dir)
    settings.LOKET_PUBLIC_URL = "https://loket.example.go.id"
    settings.LOKET_SIGNING_BACKEND = "local"
    # Used TOTP codes live in the shared cache, a database table: rolled back with each test.


@pytest.fixture
def completed(simple_service, applicant, head_a):
    return complete(file(simple_service, applicant), head_a)


@pytest.fixture
def signed(completed, official):
    return sign_now(completed.documents.get(), official)


@pytest.fixture
def root_pem():
    return pki.root().cert
