import pytest

from tests.helpers.payments import LEVY_TARIFF, Receiver, Simulator, levy_service


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
