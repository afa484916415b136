"""HR fixtures: HR admins and where signed documents go. Agency A's unit tree and staff (`org`, `staff`) are in
tests/conftest.py; CSV rows, NIPs and officials' TOTP codes in tests/helpers/hr.py."""

import pytest

from loket.org.models import Role
from tests.helpers.org import make_user


@pytest.fixture
def hr_admin(kota_bandung):
    return make_user("bkd_bandung", (Role.HR_ADMIN, kota_bandung))


@pytest.fixture
def hr_admin_bogor(kab_bogor):
    return make_user("bkd_bogor", (Role.HR_ADMIN, kab_bogor))


# --- signed documents (the leave permit and the KGB notice are PAdES-signed PDFs from loket.documents) -----


@pytest.fixture(scope="session")
def _hr_signing_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("hr-signing")


@pytest.fixture(autouse=True)
def _signed_document_storage(settings, tmp_path, _hr_signing_dir):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LOKET_SIGNING_DIR = str(_hr_signing_dir)
    settings.LOKET_PUBLIC_URL = "https://loket.example.go.id"
    settings.LOKET_SIGNING_BACKEND = "local"
    # Used TOTP codes live in the shared cache, a database table: rolled back with each test.
