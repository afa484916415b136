"""The demo's e-Kartu: a card for every active employee, issued in bulk as the daily job would
(hr.card.services.refresh_stale: batches of 2,000, one bulk INSERT and one audit event each). Idempotent: a second
run finds every card fresh and issues none."""

from django.utils import timezone

from loket.hr.card import services as cards
from loket.hr.models import Employee


def seed_demo() -> int:
    if not Employee.objects.filter(source="demo").exists():
        return 0
    done = cards.refresh_stale(today=timezone.localdate())
    return done.issued + done.reissued
