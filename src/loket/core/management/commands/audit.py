from django.core.management.base import BaseCommand, CommandError

from loket.core import audit


class Command(BaseCommand):
    help = "Seal pending audit events into the hash chain, or verify the whole chain."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "seal"])
        parser.add_argument("--no-seal", action="store_true", help="verify without sealing pending events first")

    def handle(self, *args, action, no_seal=False, **options):
        if action == "seal" or not no_seal:
            sealed = audit.seal_pending()
            self.stdout.write(f"sealed {sealed} pending event(s)")
        if action == "seal":
            return
        report = audit.verify()
        for problem in report.problems:
            self.stderr.write(f"AUDIT PROBLEM: {problem}")
        if not report.ok:
            raise CommandError(
                f"audit log verification FAILED: {len(report.problems)} problem(s) in {report.checked} events"
            )
        self.stdout.write(f"audit log OK: {report.checked} sealed events verified, {report.unsealed} pending")
