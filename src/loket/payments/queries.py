"""Reads of payments for pages: the assessment of a case as its applicant sees it."""

from loket.payments.models import Assessment


def assessment_of(application_id: int) -> Assessment | None:
    return Assessment.objects.filter(application_id=application_id).select_related("receipt").first()
