"""`loket worker`: runs queued tasks (django-tasks database queue) and periodic jobs.

Periodic jobs (sealing the audit chain) run in a side thread with its own database connection;
the task loop keeps the main thread so it receives SIGINT/SIGTERM and stops between tasks.
"""

import logging
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Worker

from loket.core import audit, limits

logger = logging.getLogger("loket.worker")

# Later stages add their own periodic work: each module has `periodic_round(worker_id)`, called every
# round; it must be idempotent or claim its period with `loket.notify.periodic.run_once`.
STAGE_JOBS = ("loket.insights.jobs", "loket.hr.jobs", "loket.documents.jobs")


def _stage_jobs():
    import importlib
    import importlib.util

    for name in STAGE_JOBS:
        if importlib.util.find_spec(name) is not None:
            yield name, importlib.import_module(name).periodic_round


def periodic_round(worker_id: str) -> None:
    """One round of periodic work; every job is idempotent or claimed once per period."""
    from django.utils import timezone

    from loket.notify import services as notify
    from loket.notify.periodic import run_once
    from loket.workflow.sweeps import remind_and_escalate

    sealed = audit.seal_pending()
    if sealed:
        logger.info("sealed %d audit event(s)", sealed)
    sent = notify.deliver_due()
    if sent:
        logger.info("sent %d notification(s)", sent)
    # SLA sweep every 15 minutes: the period key makes exactly one worker run it.
    now = timezone.now()
    period = now.strftime("%Y-%m-%dT%H:") + f"{now.minute // 15 * 15:02d}"
    run_once("sla_sweep", period, remind_and_escalate, worker=worker_id)
    # Expired limit counters and cache rows (the database cache only culls past MAX_ENTRIES), once an hour.
    run_once("limits_purge", now.strftime("%Y-%m-%dT%H"), limits.purge_expired_everywhere, worker=worker_id)
    for name, job in _stage_jobs():
        try:
            job(worker_id)
        except Exception:  # one stage's failure must not stop the others or the worker
            logger.exception("periodic job %s failed", name)


def periodic_loop(stop: threading.Event, interval: float, worker_id: str) -> None:
    while not stop.wait(interval):
        try:
            close_old_connections()
            periodic_round(worker_id)
        except Exception:  # keep the loop alive; the next round retries
            logger.exception("periodic job failed")
    connection.close()


class Command(BaseCommand):
    help = "Run background tasks and periodic jobs"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--batch", action="store_true", help="exit once the queue is empty")

    def handle(self, *args, interval, batch, **options):
        logging.basicConfig(level=logging.INFO)
        stop = threading.Event()
        import os
        import socket

        worker_id = f"{socket.gethostname()}-{os.getpid()}"
        side = threading.Thread(
            target=periodic_loop, args=(stop, settings.AUDIT_SEAL_INTERVAL_SECONDS, worker_id), daemon=True
        )
        side.start()
        worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        try:
            worker.run() if batch else (worker.configure_signals(), worker.run())
        finally:
            stop.set()
            side.join(timeout=10)
            audit.seal_pending()
