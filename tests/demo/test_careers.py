"""The demo's careers data (issue 16): three years of ratings, the promotion service, and at the next promotion date
employees eligible for a regular promotion and by education adjustment, and others ineligible for each reason."""

import datetime as dt

from django.utils import timezone

from loket.hr.models import CaseService, Employee, PerformanceRating
from loket.hr.promotion import rules, services
from loket.org.models import Agency


def test_ratings_for_three_years_and_employees_eligible_or_not_for_each_reason(seeded, client):
    on = rules.next_promotion_date(timezone.localdate() - dt.timedelta(days=1))
    years = set(PerformanceRating.objects.filter(employee__source="demo").values_list("year", flat=True))
    assert years == {on.year - 3, on.year - 2, on.year - 1}
    carrier = CaseService.objects.select_related("service").get(kind=CaseService.Kind.PROMOTION)
    assert carrier.service.code == "kenaikan-pangkat-jabar"
    found = services.candidates(
        on, Agency.objects.filter(region=carrier.region) | Agency.objects.filter(region__parent=carrier.region)
    )
    kinds = {c.eligibility.kind for c in found if c.eligible}
    # every kind the demo plans for; a level promotion (jenjang) appears where a functional official's established
    # credit reaches the next level on this date
    assert {"reguler", "ijazah", "fungsional"} <= kinds <= {"reguler", "ijazah", "fungsional", "jenjang"}
    reasons = {reason.code for c in found if not c.eligible for reason in c.eligibility.reasons}
    assert {"years_in_rank", "rating_low", "rating_missing", "ceiling", "discipline"} <= reasons
    # Employee.performance follows the latest yearly rating.
    low = Employee.objects.filter(source="demo", performance="butuh perbaikan").first()
    assert PerformanceRating.objects.get(employee=low, year=on.year - 1).rating == "butuh perbaikan"
    html = client.get("/layanan/kenaikan-pangkat-jabar/").content.decode()
    assert "Verifikasi BKD dan pertimbangan teknis BKN" in html


def test_functional_staff_have_their_post_and_the_credit_their_ratings_earned(seeded):
    from loket.hr.functional import services as functional_services
    from loket.hr.models import CreditEntry, FunctionalPosition

    posts = FunctionalPosition.objects.filter(last__isnull=True).select_related("employee")
    assert posts.count() >= 10 and CreditEntry.objects.count() >= posts.count()
    for entry in CreditEntry.objects.select_related("employee")[:50]:
        rating = PerformanceRating.objects.get(employee=entry.employee, year=entry.first.year, period="tahunan")
        assert entry.rating == rating.rating  # the credit follows the year's rating
    standings = [functional_services.standing_of(post.employee) for post in posts]
    assert all(standing.result is not None for standing in standings)  # every demo post fits the tables
    assert {standing.result.eligible for standing in standings} == {True, False}  # some are due, some not yet


def test_functional_staff_have_signed_paks_and_some_are_due_a_functional_promotion(seeded):
    """Some functional staff have a signed PAK and are eligible for a functional promotion at the next promotion date
    on established credit; others are told how much credit is missing; some PAKs wait for BKD, some staff have none
    yet (BKD opens them live)."""
    from loket.hr.models import CreditDecree, FunctionalPosition

    statuses = set(CreditDecree.objects.values_list("status", flat=True))
    assert {"signed", "verification"} <= statuses
    signed = CreditDecree.objects.filter(status="signed").first()
    assert signed.document_id and signed.number and signed.case.status == "completed"
    held = FunctionalPosition.objects.filter(last__isnull=True).values("employee_id")
    assert Employee.objects.filter(pk__in=held).exclude(credit_decrees__isnull=False).exists()
    on = rules.next_promotion_date(timezone.localdate() - dt.timedelta(days=1))
    found = [c for c in services.candidates(on, Agency.objects.all()) if c.eligibility.kind == "fungsional"]
    assert any(c.eligible for c in found), {r.code for c in found for r in c.eligibility.reasons}
    assert any("credit_short" in {r.code for r in c.eligibility.reasons} for c in found)


def test_a_functional_official_has_a_level_promotion_in_flight_shown_to_bkd_and_to_them(seeded, client):
    """One functional official's established credit reaches the next level (with an excess the shipped rule does not
    carry into the new level), and their level promotion (kind "jenjang") at the next promotion date waits for BKD's
    verification: BKD's promotion page and the employee's page show it."""
    from django.contrib.auth import get_user_model

    from loket.hr.functional import services as functional_services
    from loket.hr.models import Promotion
    from tests.helpers.auth import login

    on = rules.next_promotion_date(timezone.localdate() - dt.timedelta(days=1))
    promotion = Promotion.objects.select_related("employee__user", "case").get(employee__source="demo", kind="jenjang")
    assert (promotion.status, promotion.promotion_date) == ("verification", on)
    assert promotion.level_from and promotion.level_to and promotion.level_from != promotion.level_to
    assert promotion.case is not None and promotion.case.status not in ("completed", "rejected", "withdrawn")
    employee = promotion.employee
    standing = functional_services.standing_of(employee, established=True)
    assert standing.result.step.kind == "jenjang" and standing.result.eligible
    assert standing.in_level > standing.result.step.credit  # an excess; the new level starts at 0 as shipped
    login(client, employee.user)
    mine = client.get("/pegawai/kenaikan-pangkat/").content.decode()
    assert "Kenaikan jenjang jabatan fungsional" in mine, mine[:2000]
    client.logout()
    bkd = get_user_model().objects.get(username="bkd.jabar")
    login(client, bkd)
    page = client.get(f"/kantor/kepegawaian/kenaikan-pangkat/?tanggal={on.isoformat()}&tampil=dibuka")
    assert page.status_code == 200 and employee.full_name in page.content.decode()
    assert "Kenaikan jenjang jabatan fungsional" in page.content.decode()
    # Rerunning the seed opens no second level promotion.
    from loket.demo.careers import seed_level_promotion

    assert seed_level_promotion(timezone.localdate()) == 0
