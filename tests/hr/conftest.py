"""HR fixtures: HR admins and where signed documents go. Agency A's unit tree and staff (`org`, `staff`) are in
tests/conftest.py; CSV rows, NIPs and officials' TOTP codes in tests/helpers/hr.py."""

import datetime as dt

import pytest

from loket.hr.models import Employee
from loket.org.models import Role
from tests.helpers.org import make_user


@pytest.fixture
def hr_admin(kota_bandung):
    return make_user("bkd_bandung", (Role.HR_ADMIN, kota_bandung))


@pytest.fixture
def hr_admin_bogor(kab_bogor):
    return make_user("bkd_bogor", (Role.HR_ADMIN, kab_bogor))


@pytest.fixture
def due(staff):
    """staf: III/a, last salary decree 1 Dec 2024 at MKG 6 -> step 8 on 1 Dec 2026 (in the 60-day window of
    23 Nov 2026); everybody else far from due (last decree 1 Jun 2026 at an even MKG). Returns `staff`."""
    Employee.objects.filter(pk=staff["staf"].pk).update(
        grade="IIIa",
        salary_tmt=dt.date(2024, 12, 1),
        mkg_years=6,
        mkg_months=0,
        base_salary=3057300,
        performance="baik",
    )
    Employee.objects.exclude(pk=staff["staf"].pk).update(salary_tmt=dt.date(2026, 6, 1), mkg_years=10, mkg_months=0)
    return staff


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
