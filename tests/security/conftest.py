"""Security tests reuse the quality harness's world (tests/quality/world.py) and its counters."""

from tests.quality import report
from tests.quality.conftest import module_world, world


def pytest_configure(config):
    report.register(config)
