"""Every route the site serves is classified in tests/helpers/routes.py, and every classification is live."""

import pytest
from django.urls import resolve

from tests.helpers import report
from tests.helpers.routes import ADMIN_PREFIX, EXCLUDED, ROUTES, checked_routes, classify, pending, resolver_patterns


def test_every_served_route_is_classified():
    unclassified, waiting = [], []
    for pattern, module in resolver_patterns():
        if classify(pattern) is not None:
            continue
        (waiting if pending(pattern, module) else unclassified).append(f"{pattern}  ({module})")
    for line in waiting:
        report.note("routes waiting for classification (apps in PENDING_APPS)", line)
    report.add("routes_classified", sum(1 for pattern, _ in resolver_patterns() if classify(pattern)))
    assert not unclassified, (
        "These routes are served but nobody has said who may reach them. Add each to ROUTES in "
        "tests/helpers/routes.py (who is allowed, how to build its URL); the refusal matrix and the browser walk "
        "then check it. A dependency upgrade (make lock) can add routes: see docs/dependencies.md.\n"
        + "\n".join(unclassified)
    )


def test_no_stale_classification():
    served = {pattern for pattern, _ in resolver_patterns()}
    stale = sorted(set(ROUTES) - served)
    assert not stale, f"ROUTES names patterns the site no longer serves: {stale}"


def test_excluded_routes_say_why():
    assert all(route.reason for route in ROUTES.values() if route.kind == EXCLUDED)


@pytest.mark.django_db
def test_each_url_builder_reaches_its_own_pattern(world):
    wrong = []
    for pattern, route in checked_routes():
        path = route.url(world).split("?")[0]
        match = resolve(path)
        if match.route.replace("^", "") != pattern.replace("^", "") and not pattern.startswith(ADMIN_PREFIX):
            wrong.append(f"{pattern}: {path} resolves to {match.route}")
    assert not wrong, "\n".join(wrong)
