"""Level promotion in a functional post (kenaikan jenjang; PermenPANRB 1/2023, BKN reg. 3/2023) on e-Pangkat's case:
once signed PAKs establish the level's cumulative credit (levels.csv), the promotion period opens a "jenjang"
promotion; BKD verifies (competence test, vacant post), BKN approves where the new rank needs it, the official signs
with their own TOTP code (hr.decrees), and the registry follows: the post at the next level from the TMT, the rank,
the position history, and the retirement age of the new level."""

import datetime as dt
from decimal import Decimal

import pytest

from loket.core.errors import LoketError, PermissionDenied
from loket.documents.models import Document
from loket.hr.functional import services as functional
from loket.hr.models import Employee, FunctionalPosition, PerformanceRating, PositionHistory, Promotion
from loket.hr.promotion import services
from tests.helpers.hr import otp, publish_pak_service, publish_promotion_service

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)
FEB = dt.date(2027, 2, 1)
S = Promotion.Status


@pytest.fixture
def muda(staff, hr_admin, province_agency, category):
    """staf: III/d since 1 Apr 2023, Analis Kebijakan Ahli Muda since 1 Jan 2023 with 150 credit carried in,
    credited 2024 and 2025 at Baik (25 each): 200 recorded, what ahli muda -> ahli madya asks for (levels.csv)."""
    publish_pak_service(province_agency, category)
    publish_promotion_service(province_agency, category)
    Employee.objects.filter(pk=staff["staf"].pk).update(grade="IIId", grade_tmt=dt.date(2023, 4, 1))
    employee = Employee.objects.get(pk=staff["staf"].pk)
    functional.appoint(
        actor=hr_admin,
        employee=employee,
        name="Analis Kebijakan",
        level="ahli_muda",
        tmt=dt.date(2023, 1, 1),
        reason=FunctionalPosition.Reason.TRANSFER,
        opening_credit="150",
    )
    for year in (2024, 2025):
        functional.credit_from_rating(actor=hr_admin, employee=employee, year=year, rating="baik")
    for year in (2025, 2026):
        PerformanceRating.objects.create(employee=employee, year=year, rating="baik", source="import")
    return Employee.objects.get(pk=employee.pk)


def judged(employee):
    return next(c for c in services.candidates(FEB, [employee.agency]) if c.employee.pk == employee.pk)


def establish(employee, hr_admin, staff):
    decree = functional.open_pak(actor=hr_admin, employee=employee)
    functional.verify_pak(actor=hr_admin, pak_id=decree.pk)
    functional.sign_pak(actor=staff["kadis"].user, pak_id=decree.pk, otp=otp(staff["kadis"]))


def test_only_established_credit_opens_the_level_promotion(muda, hr_admin, staff):
    candidate = judged(muda)
    assert candidate.eligibility.kind == "jenjang" and not candidate.eligible
    assert [r.code for r in candidate.eligibility.reasons] == ["credit_short"]  # 150 carried in, 50 not yet signed
    establish(muda, hr_admin, staff)
    candidate = judged(muda)
    assert candidate.eligible and (candidate.eligibility.grade_from, candidate.eligibility.grade_to) == ("IIId", "IVa")
    assert [r.code for r in candidate.eligibility.to_verify] == ["competence_test", "vacant_post"]


def test_level_promotion_verified_approved_signed_and_written(muda, hr_admin, staff):
    establish(muda, hr_admin, staff)
    assert functional.standing_of(muda).bup_age == 58  # ahli muda: PP 11/2017 art. 239
    services.open_period(actor=hr_admin, on=FEB, today=TODAY)
    promotion = muda.promotions.get()
    assert (promotion.kind, promotion.level_from, promotion.level_to) == ("jenjang", "ahli_muda", "ahli_madya")
    assert (promotion.grade_from, promotion.grade_to, promotion.needs_bkn) == ("IIId", "IVa", True)
    assert promotion.case.data["jenjang_lama"] == "Ahli Muda" and promotion.case.data["jenjang_baru"] == "Ahli Madya"
    services.verify(actor=hr_admin, promotion_id=promotion.pk)
    services.record_bkn_approval(
        actor=hr_admin, promotion_id=promotion.pk, number="PERTEK-123", day=dt.date(2026, 12, 1), today=TODAY
    )
    with pytest.raises(PermissionDenied):  # never signed by its own subject
        services.sign(actor=muda.user, promotion_id=promotion.pk, otp=otp(muda))
    promotion = services.sign(actor=staff["kadis"].user, promotion_id=promotion.pk, otp=otp(staff["kadis"]))
    assert promotion.status == S.SIGNED
    employee = Employee.objects.get(pk=muda.pk)
    assert (employee.grade, employee.grade_tmt) == ("IVa", FEB)
    assert employee.position_name == "Analis Kebijakan Ahli Madya" and employee.position_tmt == FEB
    old, new = FunctionalPosition.objects.filter(employee=employee).order_by("first")
    assert (old.level, old.last, old.end_reason) == ("ahli_muda", FEB - dt.timedelta(days=1), "Kenaikan jenjang")
    assert (new.level, new.first, new.last, new.reason, new.decree) == (
        "ahli_madya",
        FEB,
        None,
        "kenaikan_jenjang",
        promotion.number,
    )
    assert PositionHistory.objects.filter(employee=employee, tmt=FEB, position_name="Analis Kebijakan Ahli Madya")
    standing = functional.standing_of(employee)
    assert standing.bup_age == 60  # ahli madya: PP 11/2017 art. 239
    assert standing.total == Decimal("200") and standing.in_level == Decimal("0")  # nothing counted twice
    body = Document.objects.get(code=promotion.document_id).body
    assert "kenaikan jenjang jabatan fungsional dan kenaikan pangkat" in body
    assert "Dari jabatan: Analis Kebijakan Ahli Muda" in body and "Menjadi jabatan: Analis Kebijakan Ahli Madya" in body
    assert "ahli_madya" not in body  # labels, not keys


def test_a_post_changed_since_opening_is_refused_before_the_code(muda, hr_admin, staff):
    establish(muda, hr_admin, staff)
    services.open_period(actor=hr_admin, on=FEB, today=TODAY)
    promotion = muda.promotions.get()
    services.verify(actor=hr_admin, promotion_id=promotion.pk)
    services.record_bkn_approval(
        actor=hr_admin, promotion_id=promotion.pk, number="PERTEK-124", day=dt.date(2026, 12, 1), today=TODAY
    )
    functional.end_position(actor=hr_admin, employee=muda, last=dt.date(2026, 12, 31), reason="Diangkat struktural")
    with pytest.raises(LoketError, match="sudah berubah"):
        services.sign(actor=staff["kadis"].user, promotion_id=promotion.pk, otp="000000")  # refused before the code
    promotion.refresh_from_db()
    assert promotion.status == S.SIGNATURE and not promotion.number
    assert FunctionalPosition.objects.filter(employee=muda).count() == 1


def test_pages_show_the_level_to_bkd_and_the_employee(muda, hr_admin, staff, client):
    establish(muda, hr_admin, staff)
    client.force_login(muda.user)
    mine = client.get("/pegawai/kenaikan-pangkat/").content.decode()
    assert "kenaikan jenjang jabatan fungsional dan pangkat" in mine and "Lulus uji kompetensi" in mine
    services.open_period(actor=hr_admin, on=FEB, today=TODAY)
    promotion = muda.promotions.get()
    client.force_login(hr_admin)
    detail = client.get(f"/kantor/kepegawaian/kenaikan-pangkat/{promotion.pk}/").content.decode()
    assert "Kenaikan jenjang jabatan fungsional" in detail and "Ahli Madya" in detail
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(f"/kantor/kepegawaian/kenaikan-pangkat/{promotion.pk}/").content.decode()
    assert "Level promotion in a functional position" in english
    assert "Junior expert" in english and "Intermediate expert" in english
    client.force_login(muda.user)  # the employee's page lists the level promotion in flight, with its levels
    mine = client.get("/pegawai/kenaikan-pangkat/").content.decode()
    assert "Level promotion in a functional position: IIId → IVa" in mine
    assert "Junior expert → Intermediate expert" in mine
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    mine = client.get("/pegawai/kenaikan-pangkat/").content.decode()
    assert "Kenaikan jenjang jabatan fungsional: IIId → IVa" in mine and "Ahli Muda → Ahli Madya" in mine


CARRYING = (
    "step,carries,article,confirmed,source\n"
    'pangkat,yes,"PermenPANRB 1/2023 Pasal 39",no,"uji"\njenjang,yes,"PermenPANRB 1/2023 Pasal 30",no,"uji"\n'
)


@pytest.mark.parametrize("carrying, opening", [(False, "0"), (True, "25")])
def test_the_new_level_opens_with_what_the_excess_rule_carries(muda, hr_admin, staff, monkeypatch, carrying, opening):
    """225 established in ahli muda for the 200 the level asks: the shipped rule (excess_credit.csv, PermenPANRB
    1/2023 art. 30, to confirm) starts ahli madya at 0; a region's table that carries the excess opens it at 25.
    The new level's PAK prints the amount carried in with its basis."""
    from loket.core.audit import AuditEvent
    from loket.hr.functional import rules

    if carrying:
        table = rules.parse_carry_rules(CARRYING)
        monkeypatch.setattr(rules, "default_carry_rules", lambda: table)
    functional.credit_from_rating(actor=hr_admin, employee=muda, year=2023, rating="baik")  # + 25: 225
    establish(muda, hr_admin, staff)
    services.open_period(actor=hr_admin, on=FEB, today=TODAY)
    promotion = muda.promotions.get()
    services.verify(actor=hr_admin, promotion_id=promotion.pk)
    services.record_bkn_approval(
        actor=hr_admin, promotion_id=promotion.pk, number="PERTEK-125", day=dt.date(2026, 12, 1), today=TODAY
    )
    services.sign(actor=staff["kadis"].user, promotion_id=promotion.pk, otp=otp(staff["kadis"]))
    new = FunctionalPosition.objects.get(employee=muda, last__isnull=True)
    assert new.level == "ahli_madya" and new.opening_credit == Decimal(opening)
    event = AuditEvent.objects.get(action="hr.functional_level_promoted", object_id=str(new.pk))
    assert Decimal(event.data["carried"]) == Decimal(opening) and "Pasal 30" in event.data["carry_basis"]
    employee = Employee.objects.get(pk=muda.pk)
    standing = functional.standing_of(employee)
    assert standing.in_level == Decimal(opening) and standing.total == Decimal("225") + Decimal(opening)
    functional.credit_from_rating(actor=hr_admin, employee=employee, year=2027, rating="baik")
    decree = functional.open_pak(actor=hr_admin, employee=employee)
    body = functional.pak_subject(decree, employee).body
    carried = "0,000" if not carrying else "25,000"
    assert f"Angka kredit bawaan kenaikan jenjang (TMT 1 Februari 2027): {carried}" in body
    assert ("tidak dibawa" in body) is not carrying and "Pasal 30" in body and "perlu dikonfirmasi" in body
