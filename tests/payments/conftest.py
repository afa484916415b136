import pytest

from loket.payments.models import Assessment
from tests.helpers.payments import (
    LEVY_TARIFF,
    Receiver,
    Simulator,
    billboard_service,
    file_and_verify,
    levy_service,
    pay,
    simulated_provider,
)


@pytest.fixture
def billboard(editor_a, agency_a, category, units):
    """Agency A's billboard licence: 25.000 per m² plus 10.000, paid at the step after the officer's check."""
    return levy_service(editor_a, agency_a, category, units, "izin-reklame", fee_tariff=LEVY_TARIFF)


@pytest.fixture
def provider(tmp_path, settings, kota_bandung):
    """The simulator as its own process, configured as provider "sim" of every region; its callbacks go to a
    stand-in receiver (a test posts them to Loket itself when it wants them applied)."""
    from tests.helpers.payments import KEY, SECRET

    receiver = Receiver()
    simulator = Simulator(tmp_path / "bank.sqlite3", receiver.url)
    settings.LOKET_PAYMENT_PROVIDERS = {
        "sim": {"base_url": simulator.base, "api_key": KEY, "secrets": [SECRET],
                "pay_url": simulator.base + "/bayar/{reference}", "timeout": 5}
    }  # fmt: skip
    settings.LOKET_PAYMENT_PROVIDER_BY_REGION = {"*": "sim"}
    yield simulator, receiver
    simulator.kill()
    receiver.server.shutdown()


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
