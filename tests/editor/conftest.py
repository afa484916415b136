"""Editor fixtures: a draft service with document requirements, plus the published `process_service`."""

import pytest

from loket.catalogue import services as catalogue
from loket.org.models import Role
from tests.helpers.catalogue import COMPLETE_CONTENT, REQUIREMENTS
from tests.helpers.org import make_user


@pytest.fixture
def draft_service(editor_a, agency_a, category):
    """Never published: its only standard is a draft with a 5-day time limit."""
    service = catalogue.create_service(
        actor=editor_a,
        agency=agency_a,
        code="izin-reklame",
        name_id="Izin Reklame",
        name_en="Billboard permit",
        category=category,
    )
    draft = catalogue.draft_of(service)
    catalogue.update_draft(
        actor=editor_a, draft=draft, changes={**COMPLETE_CONTENT, "time_limit_days": 5, "requirements": REQUIREMENTS}
    )
    return service


@pytest.fixture
def draft(draft_service):
    return catalogue.draft_of(draft_service)


@pytest.fixture
def officer_a(agency_a):
    """A back-office user of agency A who may not edit the catalogue."""
    return make_user("petugas_saja", (Role.OFFICER, agency_a))
