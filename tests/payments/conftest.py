import pytest

from tests.helpers.payments import Receiver, Simulator, billboard_service, simulated_provider


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
