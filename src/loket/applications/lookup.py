"""The public status lookup's limits, the same for the web page and the API (issue 11, finding 4).

Two limits, both counted in loket.core.limits (shared by every web process):
- per client address (loket.core.client.client_address): ADDRESS_LIMIT lookups per ADDRESS_WINDOW;
- per tracking number: tracking numbers are sequential and the PIN has 6 digits, so after NUMBER_FAILURES
  wrong PINs the number is locked for lookups for LOCK_SECONDS, whoever asks and from wherever, even
  with the right PIN. The lock is audited and the applicant is told (at most once a day per application);
  they still see everything after signing in.
"""

import dataclasses

from django.conf import settings
from django.utils import timezone

from loket.applications import notices, queries, rules
from loket.applications.models import Application
from loket.core import audit, limits
from loket.core.client import client_address
from loket.core.i18n import tr

ADDRESS_LIMIT = 10  # lookups per client address ...
ADDRESS_WINDOW = 10 * 60  # ... per 10 minutes
NUMBER_FAILURES = 10  # wrong PINs for one number ...
NUMBER_WINDOW = 24 * 3600  # ... within a day lock it ...
LOCK_SECONDS = 24 * 3600  # ... for a day

FOUND, NO_MATCH, LIMITED, LOCKED = "found", "no_match", "limited", "locked"


@dataclasses.dataclass(frozen=True)
class Outcome:
    state: str
    result: dict | None = None

    @property
    def message(self) -> str:
        return {
            NO_MATCH: no_match_message,
            LIMITED: limited_message,
            LOCKED: locked_message,
        }[self.state]()


def no_match_message() -> str:
    # One message for an unknown number and a wrong PIN: nothing is revealed.
    return tr(
        "Nomor permohonan atau PIN tidak cocok. Periksa kembali tanda terima Anda.",
        "The application number or PIN does not match. Check your receipt.",
    )


def limited_message() -> str:
    minutes = ADDRESS_WINDOW // 60
    return tr(
        f"Terlalu banyak pengecekan status dari alamat Anda. Coba lagi {minutes} menit lagi, atau masuk ke akun "
        "Anda untuk melihat semua permohonan.",
        f"Too many status lookups from your address. Try again in {minutes} minutes, or sign in to see all "
        "your applications.",
    )


def locked_message() -> str:
    return tr(
        "Demi keamanan, pengecekan status nomor permohonan ini dikunci selama 24 jam karena terlalu banyak PIN "
        "yang salah. Pemohon tetap dapat melihat status dan seluruh permohonannya dengan masuk ke akunnya "
        "(menu Permohonan Saya).",
        "For security, status lookups for this application number are locked for 24 hours after too many "
        "wrong PINs. The applicant can still see its status and all their applications by signing in to their "
        "account (My applications).",
    )


def address_limit() -> int:
    return int(getattr(settings, "LOKET_STATUS_LOOKUP_LIMIT", ADDRESS_LIMIT))


def _number_key(tracking: str) -> str:
    return f"lookup:number:{tracking}"


def _lock_key(tracking: str) -> str:
    return f"lookup:locked:{tracking}"


def count_address(request) -> bool:
    """Count one lookup of the client's address; False when its allowance is used up."""
    return limits.hit(f"lookup:address:{client_address(request)}", window=ADDRESS_WINDOW) <= address_limit()


def check(request, tracking: str, pin: str) -> Outcome:
    """Count one lookup and answer it: the status when the number and PIN match and no limit is reached."""
    if not count_address(request):
        return Outcome(LIMITED)
    address = client_address(request)
    typed = (tracking or "").strip()[:32]
    # Limits count the number however it is typed (3273-25-0000123, 3273250000123, lower case): one lock.
    tracking = rules.compact_tracking(typed)
    if limits.peek(_lock_key(tracking)):
        return Outcome(LOCKED)
    found = queries.public_status(typed, (pin or "").strip())
    if found is not None:
        return Outcome(FOUND, found)
    if limits.hit(_number_key(tracking), window=NUMBER_WINDOW) < NUMBER_FAILURES:
        return Outcome(NO_MATCH)
    # Parallel requests may all reach here: only the one that starts the lock records and notifies.
    if limits.hit(_lock_key(tracking), window=LOCK_SECONDS) == 1:
        _on_locked(typed, address)
    return Outcome(LOCKED)


def _on_locked(tracking: str, address: str) -> None:
    application = queries.by_typed_tracking(tracking, Application.objects.select_related("applicant__citizen"))
    audit.record(
        "applications.lookup_locked",
        object_type="applications.application",
        object_id=application.pk if application else "",
        data={"tracking": tracking, "failures": NUMBER_FAILURES, "client": address, "known": application is not None},
    )
    if application is None:
        return
    # The key holds the day: a number locked again and again tells its applicant at most once a day.
    notices.queue_for_applicant(
        application,
        key=f"application:{application.pk}:lookup-locked:{timezone.localdate().isoformat()}",
        template="application_lookup_locked",
        context={"tracking": application.tracking_number, "url": queries.status_url(application)},
    )
