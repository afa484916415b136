"""The payment card on the applicant's status page (registered with the engine's status sections)."""

import segno
from django.utils import timezone
from django.utils.safestring import mark_safe

from loket.applications.status_sections import StatusSection
from loket.payments import queries
from loket.payments.models import Assessment
from loket.workflow import services as workflow


def status_section(application):
    """What the applicant owes, how to pay it, and what happened to it; None for a case without a levy."""
    if not any(step.kind == "payment" for step in workflow.steps_of(application.standard)):
        return None  # most services: no query at all (the SOP of a published version is cached)
    assessment = queries.assessment_of(application.pk)
    if assessment is None:
        return None
    qr_svg = ""
    if assessment.status == Assessment.Status.ISSUED and assessment.codes == Assessment.Codes.READY and assessment.qris:
        qr_svg = mark_safe(segno.make(assessment.qris, error="m").svg_inline(scale=4, title="QRIS", omitsize=True))
    return StatusSection(
        "payments/_status.html",
        {
            "assessment": assessment,
            "qr_svg": qr_svg,
            "due": timezone.localtime(assessment.due_at, application.region.zoneinfo),
            "payable": assessment.status == Assessment.Status.ISSUED,
        },
    )
