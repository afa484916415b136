"""The applicant's data tracker: every read of a case's personal data by someone else is recorded here, and
the applicant can see who opened their case, when and what they read (issue 13; UU 27/2022 on personal data
protection art. 5-7: the data subject's right to information about the processing of their data)."""

from django.core.paginator import Paginator
from django.utils import timezone

from loket.applications.models import Application, CaseAccess
from loket.org import permissions


def record(application: Application, actor, kind: str, detail: str = "") -> None:
    """Record one read by `actor` (the applicant reading their own case is not a read by someone else)."""
    if actor is None or actor.pk == application.applicant_id:
        return
    CaseAccess.objects.create(
        application=application,
        actor=actor,
        kind=kind,
        actor_label=permissions.reader_label(actor, application.agency)[:200],
        detail=detail[:200],
        at=timezone.now(),
    )


def page_of(application: Application, page_number, per_page: int = 50):
    """The reads of one case, newest first, one page at a time (the applicant's page)."""
    rows = (
        CaseAccess.objects.filter(application_id=application.pk)
        .only("kind", "actor_label", "detail", "at", "actor_id")
        .order_by("-at", "-pk")
    )
    return Paginator(rows, per_page).get_page(page_number)
