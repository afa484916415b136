"""The demo's civil-service cases run on the one engine (issue 12): Siti's KGB draft waits in her agency head's
inbox, the other agencies' signed notices are the decisions of completed cases, the KGB service's public page
draws the steps KGB follows."""

from django.db.models import Q

from loket.hr.models import CaseService, KgbDecision
from loket.workflow.models import Task


def test_kgb_drafts_are_system_opened_cases_of_the_provinces_kgb_service(seeded, client):
    carrier = CaseService.objects.select_related("service", "region").get(kind=CaseService.Kind.KGB)
    service = carrier.service
    assert service.code == "kgb-asn-jabar"
    # West Java and its regencies and cities: Kota Banjarmasin (another province) has no KGB service, so its
    # drafts keep their own state until it has one.
    west_java = Q(employee__region=carrier.region) | Q(employee__region__parent=carrier.region)
    elsewhere = KgbDecision.objects.exclude(west_java)
    assert elsewhere.exists() and not elsewhere.filter(case__isnull=False).exists()
    siti = KgbDecision.objects.select_related("case").get(employee__user__username="pegawai.siti")
    assert siti.case.service == service and siti.case.applicant.username == "pegawai.siti"
    [task] = Task.objects.filter(application=siti.case, status="open")
    assert task.assignee.username == "kepala.dpmptsp.bandung" and task.step.addressee == "signing_official"
    signed = KgbDecision.objects.filter(west_java, status=KgbDecision.Status.SIGNED, employee__user__isnull=False)
    assert signed.exists() and not signed.filter(case__isnull=True).exists()
    for decision in signed.select_related("case")[:5]:
        assert decision.case.status == "completed"
        assert list(decision.case.documents.values_list("code", flat=True)) == [decision.document_id]
    review = KgbDecision.objects.filter(west_java, status=KgbDecision.Status.REVIEW, employee__user__isnull=False)
    assert review.exists() and not review.filter(case__isnull=True).exists()
    assert not Task.objects.filter(application__kgb_decision__in=review, status="open", step__position=2).exists()
    html = client.get(f"/layanan/{service.code}/").content.decode()
    assert "Pemeriksaan BKD" in html and "Penandatanganan pejabat yang berwenang" in html
