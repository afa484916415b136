"""Security tests reuse the quality harness's world (tests/helpers/world.py, the `world` fixture of tests/conftest.py) and its counters."""

from tests.helpers import report


def pytest_configure(config):
    report.register(config)
