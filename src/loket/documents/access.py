"""Which documents the documents office shows a back-office reader, beyond their document.* role.

A document about a person's private record (loket.hr's leave permits and KGB notices) is personal data
(UU 27/2022): an agency's document officers do not read it because they hold document.view. The app that
owns the record registers its subject types here with its own rule for who may read the person's record
(loket.documents never imports those apps, and never decides that question itself). Who holds the
document is the person it is about.

One exception belongs to documents: a document awaiting signature is read by whoever may sign it in its
agency (nobody signs what they cannot read; a superseded permit's replacement waits for such a signer).
"""

from collections.abc import Callable

from django.db.models import Q

from loket.documents.models import Document
from loket.org import permissions

# subject type prefix -> user -> the user ids (a queryset) whose records that user may read
_PERSONAL: dict[str, Callable] = {}


def register_personal_subjects(prefix: str, readable_holders: Callable) -> None:
    """Documents whose subject type starts with `prefix` are shown in the office only when their holder is
    among `readable_holders(user)` (called from the owning app's AppConfig.ready)."""
    if _PERSONAL.get(prefix, readable_holders) is not readable_holders:
        raise ValueError(f"personal subjects {prefix!r} are already registered with another rule")
    _PERSONAL[prefix] = readable_holders


def _personal(prefix: str) -> Q:
    return Q(subject_type__startswith=prefix)


def office_readable(user) -> Q:
    """A filter on Document: every document but personal ones, plus the personal ones `user` may read."""
    if not _PERSONAL:
        return Q()
    personal = Q()
    readable = Q(status=Document.Status.AWAITING, agency__in=permissions.agencies_for(user, "document.sign"))
    for prefix, readable_holders in _PERSONAL.items():
        personal |= _personal(prefix)
        readable |= _personal(prefix) & Q(holder_id__in=readable_holders(user))
    return ~personal | readable
