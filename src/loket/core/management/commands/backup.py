from django.core.management.base import BaseCommand, CommandError

from loket.core import backup


class Command(BaseCommand):
    help = "Write one archive with the database, every media file and a manifest of checksums."
    requires_system_checks = []  # checks could open (and so create) the SQLite file

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="archive to write (.tar.gz)")

    def handle(self, *args, output, **options):
        try:
            manifest = backup.create_backup(backup.target_from_settings(), output)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        media = sum(1 for m in manifest["members"] if m["name"].startswith(backup.MEDIA_PREFIX))
        self.stdout.write(f"Cadangan ditulis ke {output}: basis data {manifest['vendor']}, {media} berkas media.")
