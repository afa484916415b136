"""The HR demo: ~500 employees with heads, leave history and KGB due, seeded fast and idempotently."""

import time

import pytest

from loket.hr import demo, queries
from loket.hr.models import Employee, Headship, KgbDecision, LeaveRequest


@pytest.fixture
def citizen_demo(db):
    # The citizen seed is heavy; the HR demo needs only its regions, agencies and units.
    from loket.demo.seed import AGENCIES, REGIONS
    from loket.org.models import Agency, Region, Unit

    regions = {}
    for code, name, level, parent, time_zone in REGIONS:
        regions[code] = Region.objects.create(code=code, name=name, level=level, parent=regions.get(parent),
                                              time_zone=time_zone)
    for spec in AGENCIES:
        agency = Agency.objects.create(slug=spec.slug, region=regions[spec.region], name=spec.name,
                                       short_name=spec.short_name)
        units = {}
        for name, parent in spec.units:
            units[name] = Unit.objects.create(agency=agency, name=name, parent=units.get(parent))


def test_demo_seeds_fast_and_idempotently(citizen_demo):
    started = time.perf_counter()
    created = demo.seed_demo()
    elapsed = time.perf_counter() - started
    assert elapsed < 10, elapsed
    print(f"seed_demo: {elapsed:.2f} s, {created} objects")
    assert 480 <= Employee.objects.count() <= 520 and created > Employee.objects.count()
    assert demo.seed_demo() == 0
    siti = Employee.objects.get(user__username="pegawai.siti")
    rudi = Employee.objects.get(user__username="kasi.rudi")
    kadis = Employee.objects.get(user__username="kepala.dpmptsp.bandung")
    assert queries.direct_superior(siti) == rudi and queries.authorized_official(siti) == kadis
    assert Headship.objects.filter(unit__isnull=True).count() == 16
    assert LeaveRequest.objects.filter(employee=siti, status="approved").exists()
    assert queries.open_decisions_for(rudi, siti.updated_at.date()).exists()
    # KGB: Siti is due; her draft waits for the head of the agency; other cases wait for BKD review
    assert KgbDecision.objects.get(employee=siti).status == KgbDecision.Status.SIGNATURE
    assert KgbDecision.objects.filter(employee=siti, official=kadis).exists()
    assert KgbDecision.objects.filter(status=KgbDecision.Status.REVIEW).exists()
    assert KgbDecision.objects.filter(status=KgbDecision.Status.SIGNATURE).count() >= 10
    for decision in KgbDecision.objects.filter(status=KgbDecision.Status.SIGNATURE):
        from loket.hr.kgb.rules import base_salary

        assert decision.new_salary == base_salary(decision.grade, decision.new_mkg_years, decision.effective_date)
