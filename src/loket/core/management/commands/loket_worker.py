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

from loket.core import audit
from loket.core.jobs import periodic_jobs

logger = logging.getLogger("loket.worker")


def periodic_round(worker_id: str) -> None:
    """One round of periodic work: seal the audit chain, then every job the apps registered (core.jobs)."""
    sealed = audit.seal_pending()
    if sealed:
        logger.info("sealed %d audit event(s)", sealed)
    for job in periodic_jobs():
        try:
            job.run(worker_id)
        except Exception:  # one app's failure must not stop the others or the worker
            logger.exception("periodic job %s failed", job.name)


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
