"""The quality harness (tests/helpers/world.py, routes.py, report.py): its world is the `world` fixture of
tests/conftest.py, built once per module; this folder registers the harness's counters."""

from tests.helpers import report


def pytest_configure(config):
    report.register(config)
