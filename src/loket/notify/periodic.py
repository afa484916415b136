"""Periodic sweeps that run exactly once per period, however many workers are running."""

import logging

from django.db import IntegrityError, transaction

from loket.notify.models import PeriodicRun

logger = logging.getLogger("loket.periodic")


def run_once(job: str, period: str, func, worker: str = "") -> bool:
    """Run `func` if no worker has claimed (job, period) yet. The claim commits with the work: a crash
    mid-sweep rolls both back, so another worker retries the period."""
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(job=job, period=period, worker=worker[:100])
            func()
        return True
    except IntegrityError:
        return False
