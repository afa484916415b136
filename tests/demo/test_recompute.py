"""Issue 14: on the demo data, every published KPI (dashboard and transparency queries, open data, API) agrees
with the independent recomputation from the raw tables (tests/helpers/recompute/sql.py) — as the seed left the
summaries (its set-based rebuild, with the worker's backlog recount) and after the incremental rebuild.

A failure lists every disagreement: surface | indicator | slice | month | expected | published.
"""

import datetime as dt

from django.utils import timezone

from loket.insights import services
from tests.helpers.recompute.surfaces import Verifier


def demo_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The demo's year of history and the month after the current one (WIT's month begins before WIB's)."""
    first = (today - dt.timedelta(days=400)).replace(day=1)
    return first, (today.replace(day=28) + dt.timedelta(days=8)).replace(day=1)


def verify(phase: str, client, *, every_page: bool):
    since, until = demo_period(timezone.localdate())
    comparison = Verifier(since=since, until=until, now=timezone.now(), phase=phase).check_all(
        client, every_page=every_page
    )
    assert comparison.compared > 10000, "nothing was compared"
    return comparison


def test_every_published_figure_of_the_demo_agrees_with_the_recomputation(seeded, client):
    services.recompute_backlog()  # the worker's recount: time has passed since the seed counted overdue work
    comparisons = [verify("demo as seeded (set-based rebuild)", client, every_page=True)]
    services.rebuild(incremental=True)
    comparisons.append(verify("demo rebuild(incremental=True)", client, every_page=False))
    failures = [comparison for comparison in comparisons if comparison.mismatches]
    assert not failures, "\n\n".join(comparison.report() for comparison in failures)
