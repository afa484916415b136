import pytest

from loket.payments.models import Assessment
from tests.helpers.payments import Receiver, Simulator, billboard_service, file_and_verify, pay, simulated_provider


@pytest.fixture
def bank(tmp_path, settings, kota_bandung):
    """The provider simulator in its own process, Loket configured to use it, and a stand-in for the callbacks."""
    receiver = Receiver()
    simulator = Simulator(tmp_path / "bank.sqlite3", receiver.url)
    simulated_provider(settings, simulator)
    yield simulator, receiver
    simulator.kill()
    receiver.server.shutdown()


@pytest.fixture
def paid_service(editor_a, agency_a, category, units):
    return billboard_service(editor_a, agency_a, category, units)


@pytest.fixture
def paid(paid_service, applicant, officers, bank):
    """A case whose levy was paid by QRIS at the simulator, its confirmation applied (no receipt written yet)."""
    simulator, receiver = bank
    application = file_and_verify(paid_service, applicant, officers["front"])
    assessment = Assessment.objects.get(application=application)
    pay(simulator, receiver, assessment)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.PAID
    return assessment
