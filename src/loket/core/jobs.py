"""Periodic work that apps register in their AppConfig.ready(); `loket worker` runs it every round.

Core runs the worker but must not import the apps whose work it runs (ADR 0011): each app registers a
`job(worker_id)` here. A job is called every round (about once per second), so it must be cheap when
there is nothing to do, and idempotent or claimed once per period (`loket.notify.periodic.run_once`).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    order: int  # smaller runs first within a round
    run: Callable[[str], None]


_JOBS: dict[str, PeriodicJob] = {}


def register_periodic_job(name: str, run: Callable[[str], None], *, order: int = 50) -> None:
    """Register (or, on a repeated ready(), replace) the job called `name`."""
    _JOBS[name] = PeriodicJob(name=name, order=order, run=run)


def periodic_jobs() -> list[PeriodicJob]:
    return sorted(_JOBS.values(), key=lambda job: (job.order, job.name))
