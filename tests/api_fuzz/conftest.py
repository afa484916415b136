"""The API fuzz tests reuse the quality harness's world and its counters."""

from tests.helpers import report


def pytest_configure(config):
    report.register(config)
