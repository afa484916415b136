"""The HR demo: ~500 employees with heads, leave history and KGB due, seeded fast and idempotently."""

import time

import pytest

from loket.demo import hr as demo
from loket.documents import queries as document_queries
from loket.documents import verify
from loket.documents.models import Document
from loket.hr import queries
from loket.hr.models import Employee, Headship, KgbDecision, LeavePermit, LeaveRequest


@pytest.fixture
def citizen_demo(db):
    # The citizen seed is heavy; the HR demo needs only its regions, agencies and units.
    from loket.demo.seed import AGENCIES, REGIONS
    from loket.org.models import Agency, Region, Unit

    regions = {}
    for code, name, level, parent, time_zone in REGIONS:
        regions[code] = Region.objects.create(
            code=code, name=name, level=level, parent=regions.get(parent), time_zone=time_zone
        )
    for spec in AGENCIES:
        agency = Agency.objects.create(
            slug=spec.slug, region=regions[spec.region], name=spec.name, short_name=spec.short_name
        )
        units = {}
        for name, parent in spec.units:
            units[name] = Unit.objects.create(agency=agency, name=name, parent=units.get(parent))


def test_demo_seeds_idempotently(citizen_demo):
    # Its speed is measured in bench/, not here: a timed assert fails on a loaded machine.
    created = demo.seed_demo()
    assert 480 <= Employee.objects.count() <= 540 and created > Employee.objects.count()  # with the inspectorate
    assert demo.seed_demo() == 0
    siti = Employee.objects.get(user__username="pegawai.siti")
    rudi = Employee.objects.get(user__username="kasi.rudi")
    kadis = Employee.objects.get(user__username="kepala.dpmptsp.bandung")
    assert queries.direct_superior(siti) == rudi and queries.authorized_official(siti) == kadis
    assert Headship.objects.filter(unit__isnull=True).count() == 17  # one head per demo agency, the inspectorate too
    assert LeaveRequest.objects.filter(employee=siti, status="approved").exists()
    # every approved leave carries its signed permit, held in the employee's wallet and valid
    permits = LeavePermit.objects.filter(request__status="approved")
    assert permits.count() >= 50 and not permits.filter(document_id="").exists()
    own = LeavePermit.objects.get(request__employee=siti, request__status="approved")
    document = Document.objects.get(code=own.document_id)
    assert document.number == own.number and document.holder == siti.user and document.signed_by == kadis.user
    assert list(document_queries.wallet(siti.user)) == [document]
    assert verify.check_pdf(document.file.read()).ok
    sequences = sorted(Document.objects.filter(agency=siti.agency).values_list("sequence", flat=True))
    assert sequences == list(range(1, len(sequences) + 1))  # gap-free per agency and year
    assert queries.open_decisions_for(rudi, siti.updated_at.date()).exists()
    # KGB: Siti is due; her draft waits for the head of the agency; other cases wait for BKD review
    assert KgbDecision.objects.get(employee=siti).status == KgbDecision.Status.SIGNATURE
    assert KgbDecision.objects.filter(employee=siti, official=kadis).exists()
    assert KgbDecision.objects.filter(status=KgbDecision.Status.REVIEW).exists()
    # the other agencies' heads (no demo login) signed theirs already: real signed notices
    signed = KgbDecision.objects.filter(status=KgbDecision.Status.SIGNED)
    assert signed.count() >= 10 and not signed.filter(document_id="").exists()
    assert not signed.filter(official=kadis).exists()
    for decision in KgbDecision.objects.filter(status__in=[KgbDecision.Status.SIGNATURE, KgbDecision.Status.SIGNED]):
        from loket.hr.kgb.rules import base_salary

        assert decision.new_salary == base_salary(decision.grade, decision.new_mkg_years, decision.effective_date)
