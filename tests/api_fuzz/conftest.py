"""The API fuzz tests reuse the quality harness's world and its counters."""

from tests.quality import report
from tests.quality.conftest import module_world, world


def pytest_configure(config):
    report.register(config)
