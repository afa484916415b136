from django.core.management.base import BaseCommand, CommandError

from loket.core import backup


class Command(BaseCommand):
    help = "Restore an archive written by `loket backup` onto a fresh data dir or an empty PostgreSQL database."
    requires_system_checks = []  # checks could open (and so create) the SQLite file

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="archive written by `loket backup`")

    def handle(self, *args, input, **options):
        try:
            manifest, notes = backup.restore_backup(backup.target_from_settings(), input)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        for note in notes:
            self.stderr.write(f"CATATAN: {note}")
        media = sum(1 for m in manifest["members"] if m["name"].startswith(backup.MEDIA_PREFIX))
        self.stdout.write(
            f"Cadangan dari {manifest['created_at']} dipulihkan: basis data {manifest['vendor']}, "
            f"{media} berkas media. Jalankan `loket audit verify` untuk memeriksa."
        )
