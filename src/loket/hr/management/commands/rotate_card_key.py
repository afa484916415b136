"""`loket manage rotate_card_key <region code>...` (or `--all`): a new e-Kartu signing key for each region (ADR 0018).

The new key signs every card issued and every revocation list published from now on; the retired key stays in
/kartu/kunci.json until the last card it signed has expired, so those cards still verify offline. Cards in force are
not re-issued (`--reissue` re-issues them at once with the new key, e.g. after a suspected key compromise)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from loket.hr.card import services as cards
from loket.org.models import Region


class Command(BaseCommand):
    help = "Rotate the e-Kartu signing key of the given regions (by code), or of every region with cards (--all)."

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="region codes, e.g. 32.73")
        parser.add_argument("--all", action="store_true", help="every region that publishes card keys")
        parser.add_argument("--reissue", action="store_true", help="re-issue the cards in force with the new key")

    def handle(self, *args, codes, all, reissue, **options):
        if all:
            regions = list(cards.published_regions())
        else:
            regions = list(Region.objects.filter(code__in=codes).order_by("code"))
            missing = sorted(set(codes) - {region.code for region in regions})
            if missing or not codes:
                raise CommandError(f"Wilayah tidak dikenal: {', '.join(missing) or '(tidak ada kode)'}")
        for region in regions:
            old = cards.region_key(region)[1]
            row = cards.rotate_key(region)
            line = f"{region.code} {region.name}: kunci {old} dipensiunkan, kunci baru {row.kid}"
            if reissue:
                done = cards.reissue_region(region, today=timezone.localdate())
                line += f"; {done} kartu diterbitkan ulang"
            self.stdout.write(line)
