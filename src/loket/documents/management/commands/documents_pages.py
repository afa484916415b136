from django.core.management.base import BaseCommand

from loket.documents.backfill import fill_pages
from loket.documents.models import Document


class Command(BaseCommand):
    help = (
        "Hitung halaman dokumen bertanda tangan yang belum tercatat / Count the pages of signed documents without a "
        "recorded count (files that cannot be read are listed and left unchanged)."
    )

    def handle(self, *args, **options):
        result = fill_pages(Document)
        self.stdout.write(f"Dihitung / counted: {result.counted}; tidak terbaca / unreadable: {len(result.unreadable)}")
        for code in result.unreadable:
            self.stdout.write(f"  {code}")
