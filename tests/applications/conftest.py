"""Applications fixtures (mostly for the API tests, test_api_*.py): a session caller for the applicant, another
citizen, an officer of agency B, and an application whose PIN is known. The process service and its applicant are
in tests/conftest.py; API callers in tests/helpers/api.py."""

import pytest

from loket.applications import services as applications
from loket.org.models import Role
from tests.helpers.api import session_caller
from tests.helpers.applications import ANSWERS
from tests.helpers.org import make_user


@pytest.fixture
def as_applicant(applicant):
    return session_caller(applicant)


@pytest.fixture
def officer_b(agency_b):
    return make_user("petugas_bogor", (Role.OFFICER, agency_b))


@pytest.fixture
def other_citizen(db):
    user = make_user("warga_lain")
    applications.save_profile(user=user, nik="3201015505910002", full_name="Siti Aminah")
    return user


@pytest.fixture
def filed(process_service, applicant, ktp):
    """(application, pin) filed through the service layer."""
    return applications.submit(
        actor=applicant,
        applicant=applicant,
        service=process_service,
        answers=ANSWERS,
        upload_ids={"req_0": str(ktp.pk)},
        idempotency_key="api-k-1",
    )
