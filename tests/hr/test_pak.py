"""The credit-point decree (PAK) on the one engine: BKD opens it for one functional official or for all after a year's
ratings (idempotent), verifies it, the authorized official signs it with their own TOTP code (hr.decrees), and only
then does its credit count as established. The engine's integrity rules hold (ADR 13)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from loket.core.errors import LoketError, PermissionDenied
from loket.documents.models import Document
from loket.hr.functional import services
from loket.hr.models import CreditDecree, CreditEntry, Employee, FunctionalPosition
from loket.notify.models import Notification
from loket.workflow.models import Task
from tests.helpers.hr import otp, publish_pak_service

pytestmark = pytest.mark.django_db
D = Decimal
S = CreditDecree.Status


@pytest.fixture
def analyst(staff, hr_admin, province_agency, category):
    """staf (III/a since 1 Apr 2020), Analis Kebijakan Ahli Pertama since 1 Jan 2024 with 10 credit carried in,
    credited for 2024 (Baik: 12.5) and 2025 (Sangat Baik: 18.75): 41.25 of the 50 III/a -> III/b asks for."""
    publish_pak_service(province_agency, category)
    Employee.objects.filter(pk=staff["staf"].pk).update(grade="IIIa", grade_tmt=dt.date(2020, 4, 1))
    employee = Employee.objects.get(pk=staff["staf"].pk)
    services.appoint(
        actor=hr_admin,
        employee=employee,
        name="Analis Kebijakan",
        level="ahli_pertama",
        tmt=dt.date(2024, 1, 1),
        reason=FunctionalPosition.Reason.FIRST,
        opening_credit="10",
    )
    services.credit_from_rating(actor=hr_admin, employee=employee, year=2024, rating="baik")
    services.credit_from_rating(actor=hr_admin, employee=employee, year=2025, rating="sangat baik")
    return Employee.objects.get(pk=employee.pk)


def task_of(decree):
    return Task.objects.filter(application=decree.case, status="open").select_related("step", "assignee").first()


def test_a_pak_lists_the_credit_not_yet_established_and_what_the_next_steps_ask(analyst, hr_admin):
    decree = services.open_pak(actor=hr_admin, employee=analyst)
    assert decree.status == S.VERIFICATION and decree.case is not None
    assert (decree.first, decree.last) == (dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    assert set(decree.entries.values_list("credit", flat=True)) == {D("12.5"), D("18.75")}
    assert (decree.established_before, decree.period_credit, decree.total) == (D("10"), D("31.25"), D("41.25"))
    # BKN reg. 3/2023 lampiran: III/a -> III/b asks 50; ahli pertama -> ahli muda 100 (levels.csv, unconfirmed).
    assert (decree.required_rank, decree.next_grade, decree.shortfall) == (D("50"), "IIIb", D("8.75"))
    assert "kurang 8,750" in services.next_step_text(decree)
    assert "missing 8.750" in services.next_step_text(decree, english=True)
    assert task_of(decree).assignee == hr_admin and task_of(decree).step.addressee == "hr_office"
    assert decree.case.data["jumlah_kumulatif"] == "41,250"
    # Nothing is established before the decree is signed.
    assert services.standing_of(analyst, established=True).total == D("10")


def test_opening_is_idempotent_for_one_and_for_all(analyst, hr_admin, staff):
    services.open_pak(actor=hr_admin, employee=analyst)
    with pytest.raises(LoketError, match="sudah dibuka"):
        services.open_pak(actor=hr_admin, employee=analyst)
    run = services.open_paks(actor=hr_admin, year=2025)
    assert run.opened == 0 and CreditDecree.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.open_pak(actor=staff["kasi"].user, employee=analyst)


def test_the_yearly_run_opens_only_up_to_the_year(analyst, hr_admin):
    run = services.open_paks(actor=hr_admin, year=2024)
    decree = CreditDecree.objects.get()
    assert run.opened == 1 and decree.last == dt.date(2024, 12, 31) and decree.period_credit == D("12.5")
    assert services.open_paks(actor=hr_admin, year=2025).opened == 0  # one open PAK per employee


def test_verified_signed_established_and_told(analyst, hr_admin, staff):
    decree = services.open_pak(actor=hr_admin, employee=analyst)
    decree = services.verify_pak(actor=hr_admin, pak_id=decree.pk)
    assert decree.status == S.SIGNATURE and task_of(decree).assignee == staff["kadis"].user
    assert list(services.paks_to_sign_for(staff["kadis"])) == [decree]
    with pytest.raises(PermissionDenied):
        services.sign_pak(actor=staff["kabid"].user, pak_id=decree.pk, otp=otp(staff["kabid"]))
    with pytest.raises(LoketError):
        services.sign_pak(actor=staff["kadis"].user, pak_id=decree.pk, otp="000000")
    decree = services.sign_pak(actor=staff["kadis"].user, pak_id=decree.pk, otp=otp(staff["kadis"]))
    decree.case.refresh_from_db()
    assert decree.status == S.SIGNED and decree.case.status == "completed" and decree.number
    document = Document.objects.get(code=decree.document_id)
    assert document.signed_at is not None and document.title == "Penetapan Angka Kredit Jabatan Fungsional"
    body = document.body
    assert "1 Januari 2024 s.d. 31 Desember 2025" in body and "predikat kinerja Sangat Baik" in body
    assert "Jumlah angka kredit kumulatif: 41,250" in body and analyst.nip in body
    assert "sangat baik" not in body and "ahli_pertama" not in body  # labels, not keys
    assert services.standing_of(analyst, established=True).total == D("41.25")
    assert Notification.objects.filter(template="pak_signed", user=analyst.user).exists()
    # New credit after the decree waits for the next PAK.
    services.credit_from_rating(actor=hr_admin, employee=analyst, year=2026, rating="baik")
    assert services.standing_of(analyst, established=True).total == D("41.25")
    again = services.open_pak(actor=hr_admin, employee=analyst)
    assert again.established_before == D("41.25") and again.total == D("53.75") and again.shortfall == D("0")


def test_nobody_signs_their_own_pak_and_the_verifier_does_not_sign(analyst, hr_admin, staff):
    """The official who is also the subject is refused by hr.decrees; the engine refuses a second approval of the
    same case by one person (workflow.rules.separation_refusal), whatever page asks."""
    decree = services.open_pak(actor=hr_admin, employee=analyst)
    CreditDecree.objects.filter(pk=decree.pk).update(official=analyst)
    services.verify_pak(actor=hr_admin, pak_id=decree.pk)
    with pytest.raises(PermissionDenied):
        services.sign_pak(actor=analyst.user, pak_id=decree.pk, otp=otp(analyst))
    assert CreditDecree.objects.get(pk=decree.pk).status == S.SIGNATURE


def test_a_cancelled_pak_releases_its_credit(analyst, hr_admin, staff):
    decree = services.open_pak(actor=hr_admin, employee=analyst)
    with pytest.raises(LoketError):
        services.cancel_pak(actor=hr_admin, pak_id=decree.pk, note=" ")
    decree = services.cancel_pak(actor=hr_admin, pak_id=decree.pk, note="Predikat 2025 dikoreksi")
    decree.case.refresh_from_db()
    assert decree.status == S.CANCELLED and decree.case.status == "rejected"
    assert not CreditEntry.objects.filter(decree__isnull=False).exists()
    assert services.open_pak(actor=hr_admin, employee=analyst).period_credit == D("31.25")


def test_pages_hr_opens_verifies_and_the_employee_reads(analyst, hr_admin, staff, client):
    client.force_login(hr_admin)
    response = client.post(f"/kantor/kepegawaian/pegawai/{analyst.nip}/fungsional/", {"action": "pak"})
    assert response.status_code == 302
    decree = CreditDecree.objects.get()
    page = client.get("/kantor/kepegawaian/angka-kredit/")
    assert page.status_code == 200 and analyst.full_name in page.content.decode()
    assert "kurang 8,750" in page.content.decode()  # what is still missing, in the register too
    response = client.post(f"/kantor/kepegawaian/angka-kredit/{decree.pk}/", {"action": "verify"})
    assert response.status_code == 302 and CreditDecree.objects.get().status == S.SIGNATURE
    client.force_login(staff["kadis"].user)
    assert "Analis Kebijakan" in client.get("/pegawai/angka-kredit/tandatangani/").content.decode()
    client.post(f"/pegawai/angka-kredit/{decree.pk}/tandatangani/", {"otp": otp(staff["kadis"])})
    decree.refresh_from_db()
    assert decree.status == S.SIGNED
    client.force_login(analyst.user)
    html = client.get("/pegawai/angka-kredit/").content.decode()
    assert decree.number in html and f"/dompet/{decree.document_id}/unduh" in html
    assert client.get(f"/dompet/{decree.document_id}/unduh").status_code == 200


def test_functional_promotion_counts_only_established_credit(analyst, hr_admin, staff):
    """Promotion candidates in a functional post are judged with the "fungsional" kind on the credit of signed PAKs
    (hr.promotion.services.candidates through promotion.rules.functional_credit_reasons)."""
    from loket.hr.models import PerformanceRating
    from loket.hr.promotion import services as promotions

    for year, rating in {2025: "sangat baik", 2026: "baik"}.items():
        PerformanceRating.objects.create(employee=analyst, year=year, rating=rating, source="import")
    services.credit_from_rating(actor=hr_admin, employee=analyst, year=2026, rating="baik")  # 53.75 recorded
    feb = dt.date(2027, 2, 1)

    def judged():
        return next(c for c in promotions.candidates(feb, [analyst.agency]) if c.employee.pk == analyst.pk)

    candidate = judged()
    assert candidate.eligibility.kind == "fungsional" and not candidate.eligible
    assert [r.code for r in candidate.eligibility.reasons] == ["credit_short"]  # nothing established beyond 10
    decree = services.verify_pak(actor=hr_admin, pak_id=services.open_pak(actor=hr_admin, employee=analyst).pk)
    services.sign_pak(actor=staff["kadis"].user, pak_id=decree.pk, otp=otp(staff["kadis"]))
    candidate = judged()
    assert candidate.eligible and (candidate.eligibility.grade_from, candidate.eligibility.grade_to) == ("IIIa", "IIIb")
    created, _opened = promotions.open_period(actor=hr_admin, on=feb, today=dt.date(2026, 12, 7))
    promotion = analyst.promotions.get()
    assert created >= 1 and promotion.kind == "fungsional"


def test_an_employee_who_left_gets_no_pak_and_their_open_pak_ends(analyst, hr_admin):
    from loket.hr.pension import services as pension

    decree = services.open_pak(actor=hr_admin, employee=analyst)
    closed = pension.mark_left(analyst, on=dt.date(2026, 12, 1), reason="pindah_keluar", actor=hr_admin)
    assert closed["pak"] == 1
    decree.refresh_from_db()
    decree.case.refresh_from_db()
    assert decree.status == S.CANCELLED and decree.case.status == "rejected"  # through the engine, with the reason
    assert "Pegawai berhenti" in decree.note
    assert not Task.objects.filter(application=decree.case, status="open").exists()
    assert not CreditEntry.objects.filter(decree__isnull=False).exists()  # released
    # Neither the yearly run nor BKD's single opening gives a left employee a new PAK.
    run = services.open_paks(actor=hr_admin, year=2025)
    assert run.opened == 0 and run.skipped == []
    analyst.refresh_from_db()
    with pytest.raises(LoketError, match="sudah berhenti sejak 1 Desember 2026"):
        services.open_pak(actor=hr_admin, employee=analyst)
    with translation.override("en"), pytest.raises(LoketError, match="has left since 1 December 2026"):
        services.open_pak(actor=hr_admin, employee=analyst)
    assert CreditDecree.objects.filter(status__in=CreditDecree.OPEN).count() == 0


DECREE_FIELDS = (
    "employee_id",
    "position_id",
    "status",
    "first",
    "last",
    "period_credit",
    "established_before",
    "total",
    "grade",
    "level",
    "step_kind",
    "credit_counted",
    "required_rank",
    "next_grade",
    "required_level",
    "next_level",
    "in_level",
    "shortfall",
    "refusal",
    "official_id",
    "note",
)


def _opened():
    """Each open PAK as its facts, its entries, its case's data and the account its first task went to."""
    return {
        decree.employee_id: (
            tuple(getattr(decree, name) for name in DECREE_FIELDS),
            sorted(decree.entries.values_list("pk", flat=True)),
            decree.case.data,
            task_of(decree).assignee_id,
        )
        for decree in CreditDecree.objects.filter(status__in=CreditDecree.OPEN).select_related("case")
    }


def test_the_yearly_run_opens_what_opening_one_at_a_time_opens(analyst, hr_admin, staff, monkeypatch):
    """The set-based run (chunks, bulk writes, bulk cases) gives the PAKs `open_pak` gives one official at a time:
    several levels and credit histories, a signed PAK before, an official without an account (refused)."""
    from django.db import transaction

    from loket.core.models import AuditEvent

    muda, terampil, no_account = staff["staf2"], staff["staf3"], staff["kasi"]
    Employee.objects.filter(pk=muda.pk).update(grade="IIIc", grade_tmt=dt.date(2022, 4, 1))
    Employee.objects.filter(pk=terampil.pk).update(grade="IIb", grade_tmt=dt.date(2021, 4, 1))
    Employee.objects.filter(pk=no_account.pk).update(grade="IIIa", grade_tmt=dt.date(2021, 4, 1))
    plan = [
        (
            muda,
            "Pranata Komputer",
            "ahli_muda",
            dt.date(2023, 7, 1),
            {2023: "baik", 2024: "sangat baik", 2025: "kurang"},
        ),
        (terampil, "Arsiparis", "terampil", dt.date(2024, 1, 1), {2024: "baik", 2025: "baik"}),
        (no_account, "Analis", "ahli_pertama", dt.date(2024, 1, 1), {2024: "baik"}),
    ]
    for employee, name, level, tmt, ratings in plan:
        services.appoint(
            actor=hr_admin, employee=employee, name=name, level=level, tmt=tmt, reason=FunctionalPosition.Reason.FIRST
        )
        for year, rating in ratings.items():
            services.credit_from_rating(actor=hr_admin, employee=employee, year=year, rating=rating)
    # muda's 2023 credit is established already by a signed PAK.
    first = services.open_pak(actor=hr_admin, employee=Employee.objects.get(pk=muda.pk), through=dt.date(2023, 12, 31))
    services.verify_pak(actor=hr_admin, pak_id=first.pk)
    services.sign_pak(actor=staff["kadis"].user, pak_id=first.pk, otp=otp(staff["kadis"]))
    Employee.objects.filter(pk=no_account.pk).update(user=None)

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            for employee in Employee.objects.filter(pk__in=[analyst.pk, muda.pk, terampil.pk]):
                services.open_pak(actor=hr_admin, employee=employee, through=dt.date(2025, 12, 31))
            expected = _opened()
            raise Rollback
    except Rollback:
        pass
    assert len(expected) == 3 and not CreditDecree.objects.filter(status__in=CreditDecree.OPEN).exists()
    monkeypatch.setattr(services, "PAK_CHUNK", 2)
    run = services.open_paks(actor=hr_admin, year=2025)
    assert run.opened == 3
    assert run.skipped == [(no_account.nip, "Pegawai belum memiliki akun; PAK tidak dapat dibuka.")]
    assert _opened() == expected
    assert AuditEvent.objects.filter(action="hr.pak_opened").count() == 4  # the signed one and the three
    assert services.open_paks(actor=hr_admin, year=2025).opened == 0


def test_decree_pages_show_refusals_and_refuse_outsiders(analyst, hr_admin, staff, client):
    """The PAK pages' POSTs (hr.views.decree_action, decree_signature): an unknown action or a refused one is shown,
    a wrong code is shown and changes nothing, someone who may never sign gets 403, a PAK not found 404."""
    decree = services.open_pak(actor=hr_admin, employee=analyst)
    client.force_login(hr_admin)
    url = f"/kantor/kepegawaian/angka-kredit/{decree.pk}/"
    assert "Tindakan tidak dikenal" in client.post(url, {"action": "bogus"}, follow=True).content.decode()
    assert "alasan" in client.post(url, {"action": "cancel", "note": ""}, follow=True).content.decode()
    assert client.post("/kantor/kepegawaian/angka-kredit/999999/", {"action": "verify"}).status_code == 404
    client.post(url, {"action": "verify"})
    client.force_login(staff["kadis"].user)
    sign_url = f"/pegawai/angka-kredit/{decree.pk}/tandatangani/"
    response = client.post(sign_url, {"otp": "000000"}, follow=True)
    assert response.redirect_chain[-1][0] == "/pegawai/angka-kredit/tandatangani/"
    decree.refresh_from_db()
    assert decree.status == S.SIGNATURE and not decree.number
    client.force_login(staff["kabid"].user)
    assert client.post(sign_url, {"otp": otp(staff["kabid"])}).status_code == 403
    client.force_login(staff["kadis"].user)
    response = client.post(sign_url, {"otp": otp(staff["kadis"])}, follow=True)
    assert "ditandatangani secara elektronik" in response.content.decode()
