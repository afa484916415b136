"""e-Fungsional: appointment, credit per rated period, standing for the next rank or level, leaving the post."""

import datetime as dt
from decimal import Decimal

import pytest

from loket.core.audit import AuditEvent
from loket.core.errors import LoketError, PermissionDenied
from loket.hr.functional import services
from loket.hr.models import CreditEntry, Employee, FunctionalPosition

pytestmark = pytest.mark.django_db
D = Decimal
LEVEL = FunctionalPosition.Reason.LEVEL
FIRST = FunctionalPosition.Reason.FIRST
TRANSFER = FunctionalPosition.Reason.TRANSFER


@pytest.fixture
def analyst(staff):
    """staf (III/a since 1 Apr 2020) appointed Analis Kebijakan Ahli Pertama on 1 Jan 2023 from a pelaksana post."""
    Employee.objects.filter(pk=staff["staf"].pk).update(grade="IIIa", grade_tmt=dt.date(2020, 4, 1))
    return Employee.objects.get(pk=staff["staf"].pk)


def test_appointment_sets_the_position_and_history(hr_admin, analyst):
    position = services.appoint(
        actor=hr_admin,
        employee=analyst,
        name="Analis  Kebijakan",
        level="ahli_pertama",
        tmt=dt.date(2023, 1, 1),
        reason=TRANSFER,
        opening_credit="4,5",
        decree="800/12/BKD/2022",
    )
    analyst.refresh_from_db()
    assert analyst.position_type == "fungsional" and analyst.position_name == "Analis Kebijakan Ahli Pertama"
    assert analyst.position_tmt == dt.date(2023, 1, 1)
    assert position.opening_credit == D("4.5")
    assert analyst.position_history.filter(position_name="Analis Kebijakan Ahli Pertama").exists()
    assert AuditEvent.objects.filter(action="hr.functional_appointed", object_id=str(position.pk)).exists()


def test_only_the_hr_office_of_the_agency_may_change_it(hr_admin_bogor, analyst, staff):
    for actor in (hr_admin_bogor, staff["kasi"].user):
        with pytest.raises(PermissionDenied):
            services.appoint(
                actor=actor,
                employee=analyst,
                name="Analis",
                level="ahli_pertama",
                tmt=dt.date(2023, 1, 1),
                reason=FIRST,
            )
    assert not FunctionalPosition.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"level": "ahli_super"}, None),  # unknown level: refused by the rules (HR decides)
        ({"reason": "hadiah"}, "reason"),
        ({"name": "  "}, "name"),
        ({"opening_credit": "-1"}, "opening_credit"),
        ({"opening_credit": "1,2345"}, "opening_credit"),
        ({"opening_credit": "sepuluh"}, "opening_credit"),
        ({"reason": LEVEL}, "reason"),  # a level promotion needs a post held
    ],
)
def test_bad_appointments_are_refused_and_change_nothing(hr_admin, analyst, changes, field):
    values = {"name": "Analis Kebijakan", "level": "ahli_pertama", "tmt": dt.date(2023, 1, 1), "reason": FIRST}
    with pytest.raises(LoketError) as caught:
        services.appoint(actor=hr_admin, employee=analyst, **{**values, **changes})
    if field:
        assert caught.value.field == field
    assert not FunctionalPosition.objects.exists()
    analyst.refresh_from_db()
    assert analyst.position_type == "pelaksana"


def _appointed(hr_admin, analyst):
    return services.appoint(
        actor=hr_admin,
        employee=analyst,
        name="Analis Kebijakan",
        level="ahli_pertama",
        tmt=dt.date(2023, 1, 1),
        reason=TRANSFER,
        opening_credit="4.5",
    )


def test_credits_and_standing_for_the_next_rank(hr_admin, analyst):
    _appointed(hr_admin, analyst)
    for year, rating in ((2023, "Baik"), (2024, "Sangat Baik"), (2025, "Sangat Baik")):
        services.record_credit(
            actor=hr_admin, employee=analyst, first=dt.date(year, 1, 1), last=dt.date(year, 12, 31), rating=rating
        )
    standing = services.standing_of(analyst)
    # 12.5 + 18.75 + 18.75 = 50.0, plus 4.5 carried in at appointment (after the rank's TMT: it counts).
    assert standing.in_level == standing.in_rank == standing.total == D("54.5")
    assert standing.result.step.to_grade == "IIIb" and standing.result.eligible
    assert standing.result.excess == D("4.5")
    assert standing.bup_age == 58


def test_credit_in_rank_starts_at_the_rank_tmt(hr_admin, analyst):
    _appointed(hr_admin, analyst)
    services.record_credit(
        actor=hr_admin, employee=analyst, first=dt.date(2023, 1, 1), last=dt.date(2023, 12, 31), rating="Baik"
    )
    Employee.objects.filter(pk=analyst.pk).update(grade="IIIb", grade_tmt=dt.date(2024, 1, 1))
    analyst.refresh_from_db()
    services.record_credit(
        actor=hr_admin, employee=analyst, first=dt.date(2024, 1, 1), last=dt.date(2024, 6, 30), rating="Baik"
    )
    standing = services.standing_of(analyst)
    assert standing.in_level == D("4.5") + D("12.5") + D("6.25")
    assert standing.in_rank == D("6.25")  # only what came after the promotion to III/b
    # III/b is ahli pertama's highest grade: the next step is ahli muda, which counts the level's credit.
    assert standing.result.step.kind == "jenjang" and standing.result.shortfall == D("100") - D("23.25")


def test_a_level_promotion_ends_the_post_and_moves_the_retirement_age(hr_admin, analyst):
    _appointed(hr_admin, analyst)
    Employee.objects.filter(pk=analyst.pk).update(grade="IVa", grade_tmt=dt.date(2025, 4, 1))
    analyst.refresh_from_db()
    services.appoint(
        actor=hr_admin,
        employee=analyst,
        name="Analis Kebijakan",
        level="ahli_madya",
        tmt=dt.date(2025, 4, 1),
        reason=LEVEL,
    )
    first = FunctionalPosition.objects.get(level="ahli_pertama")
    assert first.last == dt.date(2025, 3, 31) and first.end_reason == "Kenaikan jenjang"
    assert services.standing_of(analyst).bup_age == 60  # ahli madya: PP 11/2017 art. 239(2)(b)


@pytest.mark.parametrize(
    "first, last, rating, message",
    [
        (dt.date(2022, 1, 1), dt.date(2022, 12, 31), "Baik", "satu masa jabatan"),  # before the appointment
        (dt.date(2023, 1, 15), dt.date(2023, 12, 31), "Baik", "bulan penuh"),
        (dt.date(2023, 7, 1), dt.date(2024, 6, 30), "Baik", "pergantian tahun"),
        (dt.date(2023, 1, 1), dt.date(2023, 12, 31), "Cukup", "tidak dikenal"),
    ],
)
def test_bad_periods_are_refused(hr_admin, analyst, first, last, rating, message):
    _appointed(hr_admin, analyst)
    with pytest.raises(LoketError, match=message):
        services.record_credit(actor=hr_admin, employee=analyst, first=first, last=last, rating=rating)
    assert not CreditEntry.objects.exists()


def test_overlapping_periods_are_refused(hr_admin, analyst):
    _appointed(hr_admin, analyst)
    services.record_credit(
        actor=hr_admin, employee=analyst, first=dt.date(2023, 1, 1), last=dt.date(2023, 6, 30), rating="Baik"
    )
    with pytest.raises(LoketError, match="tumpang tindih"):
        services.record_credit(
            actor=hr_admin, employee=analyst, first=dt.date(2023, 6, 1), last=dt.date(2023, 12, 31), rating="Baik"
        )
    assert CreditEntry.objects.count() == 1


def test_leaving_the_post(hr_admin, analyst):
    _appointed(hr_admin, analyst)
    with pytest.raises(LoketError, match="alasan"):
        services.end_position(actor=hr_admin, employee=analyst, last=dt.date(2025, 12, 31), reason="")
    services.end_position(
        actor=hr_admin, employee=analyst, last=dt.date(2025, 12, 31), reason="Diangkat dalam jabatan administrator"
    )
    standing = services.standing_of(analyst)
    assert standing.position is None and standing.total == D("4.5")
    with pytest.raises(LoketError, match="tidak sedang"):
        services.end_position(actor=hr_admin, employee=analyst, last=dt.date(2026, 1, 31), reason="Alasan lain")


def test_leaving_for_a_structural_post_moves_the_position_and_the_retirement_age(hr_admin, analyst):
    """Moving from the functional post to a JPT post: the JPT's retirement age (60, PP 11/2017 art. 239) follows from
    the next day; bad next posts are refused and change nothing."""
    from loket.hr.models import PositionHistory
    from loket.hr.pension import services as pension

    _appointed(hr_admin, analyst)
    analyst.refresh_from_db()
    assert pension.retirement_of(analyst, pension.current_levels([analyst.pk]).get(analyst.pk))[0] == 58
    for bad in ({"next_type": "fungsional", "next_name": "Analis"}, {"next_type": "jpt", "next_name": " "}):
        with pytest.raises(LoketError):
            services.end_position(
                actor=hr_admin, employee=analyst, last=dt.date(2025, 12, 31), reason="Diangkat dalam JPT", **bad
            )
    assert FunctionalPosition.objects.get().last is None
    services.end_position(
        actor=hr_admin,
        employee=analyst,
        last=dt.date(2025, 12, 31),
        reason="Diangkat dalam jabatan pimpinan tinggi",
        next_type="jpt",
        next_name="Kepala Dinas Kominfo",
    )
    analyst.refresh_from_db()
    assert (analyst.position_type, analyst.position_name, analyst.position_tmt) == (
        "jpt",
        "Kepala Dinas Kominfo",
        dt.date(2026, 1, 1),
    )
    assert PositionHistory.objects.filter(employee=analyst, position_type="jpt", tmt=dt.date(2026, 1, 1)).exists()
    assert pension.retirement_of(analyst, pension.current_levels([analyst.pk]).get(analyst.pk))[0] == 60
    assert services.standing_of(analyst).position is None


def test_hr_ends_the_post_through_the_page(client, hr_admin, analyst):
    _appointed(hr_admin, analyst)
    client.force_login(hr_admin)
    url = f"/kantor/kepegawaian/pegawai/{analyst.nip}/fungsional/"
    page = client.get(url).content.decode()
    assert 'name="next_type"' in page and "Jabatan Administrator" in page and 'value="fungsional"' not in page
    response = client.post(
        url,
        {
            "action": "end",
            "last": "2025-06-30",
            "reason": "Diangkat dalam jabatan administrator",
            "next_type": "administrator",
            "next_name": "Kepala Bagian Umum",
        },
        follow=True,
    )
    assert "Jabatan fungsional diakhiri" in response.content.decode()
    analyst.refresh_from_db()
    assert (analyst.position_type, analyst.position_name) == ("administrator", "Kepala Bagian Umum")
    assert FunctionalPosition.objects.get().last == dt.date(2025, 6, 30)


# --- pages ---------------------------------------------------------------------------------------------


def test_hr_records_an_appointment_and_credit_through_the_page(client, hr_admin, analyst):
    client.force_login(hr_admin)
    url = f"/kantor/kepegawaian/pegawai/{analyst.nip}/fungsional/"
    assert "Tidak sedang menduduki jabatan fungsional" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "action": "appoint",
            "name": "Analis Kebijakan",
            "level": "ahli_pertama",
            "reason": TRANSFER,
            "tmt": "2023-01-01",
            "opening_credit": "4,5",
        },
        follow=True,
    )
    assert "Pengangkatan dalam jabatan fungsional dicatat" in response.content.decode()
    response = client.post(
        url, {"action": "credit", "first": "2023-01-01", "last": "2023-12-31", "rating": "sangat baik"}, follow=True
    )
    page = response.content.decode()
    assert "Angka kredit dicatat: 18,750" in page
    assert "Analis Kebijakan Ahli Pertama" in page and "1 Januari 2023" in page
    assert "Sangat Baik" in page and "23,250" in page  # 18.75 + 4.5 carried in
    assert "kurang 26,750" in page  # III/a → III/b asks for 50 (confirm: the source is shown)
    response = client.post(url, {"action": "credit", "first": "2024-01-15", "last": "2024-12-31", "rating": "baik"})
    assert CreditEntry.objects.count() == 1  # refused with a message, nothing written
    assert "bulan penuh" in client.get(url).content.decode()


def test_the_employee_reads_their_own_credit_and_may_not_write(client, hr_admin, analyst):
    _appointed(hr_admin, analyst)
    client.force_login(analyst.user)
    page = client.get("/pegawai/angka-kredit/").content.decode()
    assert "Angka kredit saya" in page and "Analis Kebijakan Ahli Pertama" in page
    assert 'name="action"' not in page
    profile = client.get("/pegawai/").content.decode()
    menu = profile[profile.index('class="group-nav group-nav-wide"') :]  # the menu as wide screens show it
    assert menu[: menu.index("</nav>")].count("/pegawai/angka-kredit/") == 1  # in the menu ("Karier")
    url = f"/kantor/kepegawaian/pegawai/{analyst.nip}/fungsional/"
    assert client.post(url, {"action": "end", "last": "2025-12-31", "reason": "Pindah"}).status_code == 403
    assert FunctionalPosition.objects.get().last is None


def test_an_inspector_reads_but_may_not_change(client, analyst, hr_admin, kota_bandung):
    from loket.org.models import Role
    from tests.helpers.org import make_user

    _appointed(hr_admin, analyst)
    inspector = make_user("inspektur_fungsional", (Role.INSPECTOR, kota_bandung))
    client.force_login(inspector)
    url = f"/kantor/kepegawaian/pegawai/{analyst.nip}/fungsional/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="action"' not in page.content.decode()
    assert client.post(url, {"action": "end", "last": "2025-12-31", "reason": "Pindah tugas"}).status_code == 403


def test_a_yearly_rating_earns_credit_in_each_post_held_that_year(hr_admin, analyst):
    _appointed(hr_admin, analyst)
    services.appoint(
        actor=hr_admin,
        employee=analyst,
        name="Analis Kebijakan",
        level="ahli_muda",
        tmt=dt.date(2025, 4, 1),
        reason=LEVEL,
    )
    entries = services.credit_from_rating(actor=None, employee=analyst, year=2025, rating="Sangat Baik")
    assert [(e.level, e.months, e.credit) for e in entries] == [
        ("ahli_pertama", 3, D("4.688")),
        ("ahli_muda", 9, D("28.125")),
    ]
    # The superior corrects the rating: the entries follow, audited old -> new; nothing is duplicated.
    entries = services.credit_from_rating(actor=None, employee=analyst, year=2025, rating="Baik")
    assert [e.credit for e in entries] == [D("3.125"), D("18.750")] and CreditEntry.objects.count() == 2
    assert AuditEvent.objects.filter(action="hr.credit_corrected").count() == 2
    # A year before the appointment earns nothing.
    assert services.credit_from_rating(actor=None, employee=analyst, year=2022, rating="Baik") == []


def test_a_rating_does_not_overwrite_periods_recorded_by_hand(hr_admin, analyst):
    _appointed(hr_admin, analyst)
    services.record_credit(
        actor=hr_admin, employee=analyst, first=dt.date(2024, 1, 1), last=dt.date(2024, 6, 30), rating="Baik"
    )
    with pytest.raises(LoketError, match="periode lain"):
        services.credit_from_rating(actor=None, employee=analyst, year=2024, rating="Sangat Baik")
    assert CreditEntry.objects.get().rating == "baik"


def test_the_yearly_run_credits_everyone_in_bulk_and_reports_what_it_cannot(hr_admin, analyst, staff):
    _appointed(hr_admin, analyst)
    other = staff["staf2"]
    Employee.objects.filter(pk=other.pk).update(grade="IIIc", grade_tmt=dt.date(2022, 4, 1))
    services.appoint(
        actor=hr_admin,
        employee=other,
        name="Pranata Komputer",
        level="ahli_muda",
        tmt=dt.date(2024, 7, 1),
        reason=FIRST,
    )
    third = staff["staf3"]
    services.appoint(
        actor=hr_admin, employee=third, name="Arsiparis", level="terampil", tmt=dt.date(2020, 1, 1), reason=FIRST
    )
    ratings = {analyst.pk: "Sangat Baik", other.pk: "Baik", third.pk: "Cukup", staff["kasi"].pk: "Baik"}
    result = services.credit_year(actor=hr_admin, year=2024, ratings=ratings)
    assert (result.created, result.employees, result.skipped) == (2, 2, 0)
    assert result.refused == [
        (
            third.nip,
            'Predikat kinerja "Cukup" tidak dikenal (Sangat Baik, Baik, Butuh Perbaikan, Kurang, Sangat Kurang).',
        )
    ]
    assert CreditEntry.objects.get(employee=analyst).credit == D("18.750")
    assert CreditEntry.objects.get(employee=other).credit == D("12.500")  # 25 × 6/12
    again = services.credit_year(actor=hr_admin, year=2024, ratings=ratings)
    assert (again.created, again.skipped) == (0, 2)  # a second run changes nothing
    assert AuditEvent.objects.filter(action="hr.credit_year").count() == 2
    with pytest.raises(PermissionDenied):
        services.credit_year(actor=staff["kasi"].user, year=2024, ratings=ratings)


def test_the_retirement_age_shown_is_e_pensiun_s_statute_age(analyst, settings):
    """A teacher's BUP is the statute's 60 (PP 11/2017 art. 240), not ahli pertama's 58; the region may set it."""
    from loket.hr.models import FunctionalPosition

    Employee.objects.filter(pk=analyst.pk).update(position_type="fungsional", position_name="Guru Ahli Pertama")
    FunctionalPosition.objects.create(
        employee=analyst,
        name="Guru Ahli Pertama",
        level="ahli_pertama",
        first=dt.date(2023, 1, 1),
        reason="perpindahan",
    )
    teacher = Employee.objects.get(pk=analyst.pk)
    assert services.standing_of(teacher).bup_age == 60
    settings.LOKET_PENSION_STATUTE_AGES = {"guru": 62}
    assert services.standing_of(teacher).bup_age == 62


def _official(agency, serial: int, grade: str) -> Employee:
    return Employee.objects.create(
        nip=f"19900101{serial:010d}",
        name=f"Pejabat Fungsional {serial}",
        birth_date=dt.date(1990, 1, 1),
        sex="F",
        status="PNS",
        service_start=dt.date(2015, 1, 1),
        agency=agency,
        region_id=agency.region_id,
        grade=grade,
        grade_tmt=dt.date(2021, 4, 1),
        position_type="fungsional",
        position_name="Analis",
        leave_records_from=2024,
    )


# (grade, posts as (first, last or None, level), rating): whole years, mid-year appointments, a promotion within
# the year, a post left mid-year, a gap between two posts, posts ending or starting outside the year.
MIXED = [
    ("IIIa", [(dt.date(2020, 1, 1), None, "ahli_pertama")], "Sangat Baik"),
    ("IIIb", [(dt.date(2021, 6, 1), None, "ahli_pertama")], "baik"),
    ("IIIc", [(dt.date(2024, 7, 1), None, "ahli_muda")], "Butuh Perbaikan"),
    (
        "IIIc",
        [(dt.date(2022, 1, 1), dt.date(2024, 3, 31), "ahli_pertama"), (dt.date(2024, 4, 1), None, "ahli_muda")],
        "kurang",
    ),
    ("IIb", [(dt.date(2019, 1, 1), dt.date(2024, 9, 30), "terampil")], "SANGAT KURANG"),
    (
        "IVa",
        [(dt.date(2024, 1, 1), dt.date(2024, 2, 29), "ahli_madya"), (dt.date(2024, 6, 1), None, "ahli_madya")],
        "Baik",
    ),
    ("IIIa", [(dt.date(2023, 11, 1), dt.date(2025, 1, 31), "mahir")], "sangat_baik"),
    (
        "IVd",
        [(dt.date(2018, 1, 1), dt.date(2024, 10, 31), "ahli_madya"), (dt.date(2024, 11, 1), None, "ahli_utama")],
        "Baik",
    ),
    ("IIIa", [(dt.date(2025, 1, 1), None, "ahli_pertama")], "Baik"),  # appointed after the year: nothing
    ("IId", [(dt.date(2020, 1, 1), dt.date(2023, 12, 31), "terampil")], "Baik"),  # left before the year: nothing
]


def _expected(officials, year):
    """The entries the pure rules give, one official at a time: what the yearly run must write."""
    from loket.hr.functional import rules

    out = set()
    for employee, (_, _, rating) in officials:
        posts = list(FunctionalPosition.objects.filter(employee=employee))
        key = rules.normalize_rating(rating)
        for item in rules.credits_for(rules.periods_in_year(year, [(p.first, p.last, p.level) for p in posts], key)):
            post = next(
                p for p in posts if p.first <= item.period.first and (p.last is None or item.period.last <= p.last)
            )
            out.add(
                (
                    employee.pk,
                    post.pk,
                    item.period.first,
                    item.period.last,
                    item.period.level,
                    key,
                    item.months,
                    item.credit,
                )
            )
    return out


def _written():
    return set(
        CreditEntry.objects.values_list(
            "employee_id", "position_id", "first", "last", "level", "rating", "months", "credit"
        )
    )


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])  # COPY, and the bulk_create fallback
def test_the_yearly_run_writes_what_the_rules_give_for_a_mixed_set(hr_admin, staff, monkeypatch, vendor):
    from django.db import connection

    agency = staff["staf"].agency
    officials = []
    for serial, (grade, posts, rating) in enumerate(MIXED * 2):  # each case twice: several chunks
        employee = _official(agency, serial, grade)
        for first, last, level in posts:
            FunctionalPosition.objects.create(
                employee=employee, name="Analis", level=level, first=first, last=last, reason=FIRST
            )
        officials.append((employee, (grade, posts, rating)))
    ratings = {employee.pk: rating for employee, (_, _, rating) in officials}
    expected = _expected(officials, 2024)
    assert len({row[0] for row in expected}) == 16 and len(expected) == 22  # the set is as mixed as intended
    if connection.vendor == "postgresql":
        monkeypatch.setattr(connection, "vendor", vendor)

    # A run that fails in its third batch keeps the two batches written; the re-run credits the rest, only once.
    real_write, calls = services.write_credit_entries, []

    def failing_write(rows):
        calls.append(len(rows))
        if len(calls) == 3:
            raise RuntimeError("database gone")
        real_write(rows)

    monkeypatch.setattr(services, "write_credit_entries", failing_write)
    with pytest.raises(RuntimeError):
        services.credit_year(actor=hr_admin, year=2024, ratings=ratings, batch=5)
    first_two = calls[0] + calls[1]
    assert CreditEntry.objects.count() == first_two and first_two > 0
    monkeypatch.setattr(services, "write_credit_entries", real_write)
    result = services.credit_year(actor=hr_admin, year=2024, ratings=ratings, batch=5)
    assert result.created == len(expected) - first_two and result.refused == []
    assert _written() == expected
    assert set(CreditEntry.objects.values_list("source", "recorded_by_id").distinct()) == {("predikat", hr_admin.pk)}
    again = services.credit_year(actor=hr_admin, year=2024, ratings=ratings, batch=5)
    assert (again.created, again.employees, again.skipped) == (0, 0, 16)
    assert _written() == expected


def test_the_excess_of_a_rank_promotion_counts_toward_the_next_rank(hr_admin, analyst, client):
    """PermenPANRB 1/2023 art. 39 (excess_credit.csv, to confirm): ahli madya IV/a -> IV/b asks 150; 140 carried in
    and 37.5 for 2023 leave 27.5 over, which counts with what is earned in IV/b toward IV/b -> IV/c."""
    from loket.hr.models import Promotion

    Employee.objects.filter(pk=analyst.pk).update(grade="IVa", grade_tmt=dt.date(2022, 4, 1))
    analyst.refresh_from_db()
    services.appoint(
        actor=hr_admin,
        employee=analyst,
        name="Analis Kebijakan",
        level="ahli_madya",
        tmt=dt.date(2023, 1, 1),
        reason=TRANSFER,
        opening_credit="140",
    )
    services.record_credit(
        actor=hr_admin, employee=analyst, first=dt.date(2023, 1, 1), last=dt.date(2023, 12, 31), rating="Baik"
    )
    tmt = dt.date(2024, 2, 1)
    Promotion.objects.create(
        employee=analyst, kind="fungsional", status="signed", promotion_date=tmt, grade_from="IVa", grade_to="IVb"
    )
    Employee.objects.filter(pk=analyst.pk).update(grade="IVb", grade_tmt=tmt)
    analyst.refresh_from_db()
    services.record_credit(actor=hr_admin, employee=analyst, first=tmt, last=dt.date(2024, 12, 31), rating="Baik")
    standing = services.standing_of(analyst)
    assert standing.carry.excess == standing.carry.amount == Decimal("27.5")
    assert standing.in_rank == Decimal("27.5") + Decimal("34.375")  # 37.5 × 11/12 since the TMT
    assert standing.result.step.to_grade == "IVc" and standing.result.shortfall == Decimal("150") - Decimal("61.875")
    client.force_login(analyst.user)
    page = client.get("/pegawai/angka-kredit/").content.decode()
    assert "Kelebihan angka kredit kenaikan pangkat: 27,500, diperhitungkan untuk kenaikan berikutnya" in page
    assert "Pasal 39" in page and "perlu dikonfirmasi" in page
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/pegawai/angka-kredit/").content.decode()
    assert "Excess credit of the rank promotion: 27.500, carried to the next step: 27.500. Basis:" in english
    assert '<span lang="id">PermenPANRB 1/2023 Pasal 39' in english and "(to confirm)" in english
    # A cancelled promotion carries nothing: only the credit since the rank's TMT counts.
    Promotion.objects.filter(employee=analyst).update(status="cancelled")
    assert services.standing_of(analyst).in_rank == Decimal("34.375")
