import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loket.core import audit, audit_anchor


class Command(BaseCommand):
    help = (
        "Seal pending audit events into the hash chain, verify the whole chain, publish (anchor) its signed head, "
        "or verify it against a published head (--against FILE)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "seal", "anchor"])
        parser.add_argument("--no-seal", action="store_true", help="verify without sealing pending events first")
        parser.add_argument("--output", metavar="FILE", help="anchor: also write the published head (JSON) here")
        parser.add_argument(
            "--against",
            metavar="FILE",
            help="a published head (JSON file from the transparency page or open data, '-' for stdin, or the JSON "
            "itself): its signature must verify and the chain must still contain that event with that hash",
        )

    def handle(self, *args, action, no_seal=False, against=None, output=None, **options):
        if action == "anchor":
            anchor = audit_anchor.publish()
            if anchor is None:
                self.stdout.write("audit chain is empty: nothing to anchor")
                return
            self.stdout.write(f"anchored seal_seq {anchor.seal_seq} hash {anchor.event_hash}")
            if output:
                Path(output).write_text(
                    json.dumps(audit_anchor.as_published(anchor), ensure_ascii=False, indent=1), encoding="utf-8"
                )
            return
        if action == "seal" or not no_seal:
            sealed = audit.seal_pending()
            self.stdout.write(f"sealed {sealed} pending event(s)")
        if action == "seal":
            return
        report = audit.verify()
        for problem in report.problems:
            self.stderr.write(f"AUDIT PROBLEM: {problem}")
        if against is not None:
            self._against(against, report)
        if not report.ok:
            raise CommandError(
                f"audit log verification FAILED: {len(report.problems)} problem(s) in {report.checked} events"
            )
        self.stdout.write(f"audit log OK: {report.checked} sealed events verified, {report.unsealed} pending")

    def _against(self, source: str, report) -> None:
        text = self._read(source)
        try:
            heads = audit_anchor.load_heads(text)
        except audit_anchor.PublishedHeadError as exc:
            raise CommandError(str(exc)) from None
        result = audit_anchor.verify_against(heads)
        for note in result.notes:
            self.stdout.write(f"published head: {note}")
        for problem in result.problems:
            self.stderr.write(f"AUDIT PROBLEM: {problem}")
        if not result.ok:
            raise CommandError(
                f"audit log verification against the published head FAILED: {len(result.problems)} problem(s) "
                f"(Verifikasi log audit terhadap kepala rantai yang diterbitkan GAGAL)"
            )

    @staticmethod
    def _read(source: str) -> str:
        if source == "-":
            return sys.stdin.read()
        if source.lstrip().startswith(("{", "[")):
            return source
        path = Path(source)
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan / file not found: {source}")
        return path.read_text(encoding="utf-8")
