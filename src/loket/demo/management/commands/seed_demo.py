"""`loket manage seed_demo`: create the demo data (idempotent; `loket demo` runs it on every start)."""

from django.core.management.base import BaseCommand

from loket.demo import seed


class Command(BaseCommand):
    help = "Create the demo regions, agencies, accounts and service catalogue (does nothing when present)."

    def handle(self, *args, **options):
        created = seed.seed()
        self.stdout.write(seed.summary() if created else "Data demo sudah ada")
