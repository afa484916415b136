"""Officials declare their relatives (issue 13, conflict of interest): the rule of a declaration, the history kept when
one is withdrawn, the official's page and the overseers' page."""

import pytest

from loket.applications import services as applications
from loket.core.errors import LoketError, NotFound
from loket.core.models import AuditEvent
from loket.org import rules, services
from loket.org.models import DeclaredRelative, Role
from tests.helpers.org import make_user

NIK = "3273014101900001"
OTHER_NIK = "3273015507850003"


@pytest.mark.parametrize(
    "nik, name, relation, note, own, live, fields",
    [
        (NIK, "Imas", "anak", "", set(), set(), set()),
        (NIK, "Imas", "lainnya", "paman", set(), set(), set()),
        ("123", "Imas", "anak", "", set(), set(), {"nik"}),
        ("3273013102900001", "Imas", "anak", "", set(), set(), {"nik"}),  # 31 February
        (NIK, "", "anak", "", set(), set(), {"name"}),
        (NIK, "x" * 201, "anak", "", set(), set(), {"name"}),
        (NIK, "Imas", "sepupu_jauh", "", set(), set(), {"relation"}),  # not one of RELATIONS
        (NIK, "Imas", "lainnya", "", set(), set(), {"relation_note"}),
        (NIK, "Imas", "anak", "", {NIK}, set(), {"nik"}),  # oneself
        (NIK, "Imas", "anak", "", set(), {NIK}, {"nik"}),  # declared already
        ("", "", "", "", set(), set(), {"nik", "name", "relation"}),
    ],
)
def test_declaration_rule(nik, name, relation, note, own, live, fields):
    errors = rules.declaration_errors(
        nik=nik, name=name, relation=relation, note=note, own_niks=frozenset(own), live_niks=frozenset(live)
    )
    assert set(errors) == fields
    assert all(indonesian and english for indonesian, english in errors.values())


@pytest.mark.parametrize(
    "code, note, english, label",
    [
        ("suami_istri", "", False, "Suami/istri"),
        ("mertua", "", True, "Parent-in-law"),
        ("lainnya", "paman", False, "Lainnya: paman"),
        ("kakek", "", False, "kakek"),  # a code a region added to its data and later removed still shows
    ],
)
def test_relation_labels(code, note, english, label):
    assert rules.relation_label(code, note, english=english) == label


def test_the_relations_of_issue_13_are_all_offered():
    labels = {indonesian for _, indonesian, _ in rules.RELATIONS}
    assert {"Suami/istri", "Anak", "Orang tua", "Saudara kandung", "Mertua", "Menantu", "Ipar", "Lainnya"} <= labels


def test_a_declaration_is_withdrawn_with_its_reason_never_deleted(agency_a):
    officer = make_user("petugas_keluarga", (Role.OFFICER, agency_a))
    relative = services.declare_relative(actor=officer, nik=f" {NIK} ", name="  Imas  Masitoh ", relation="anak")
    assert (relative.nik, relative.name) == (NIK, "Imas Masitoh")
    with pytest.raises(LoketError) as refused:
        services.declare_relative(actor=officer, nik=NIK, name="Imas", relation="anak")
    assert "nik" in refused.value.errors
    with pytest.raises(LoketError, match="alasan"):
        services.remove_relative(actor=officer, relative_id=relative.pk, reason="  ")
    other = make_user("petugas_lain", (Role.OFFICER, agency_a))
    with pytest.raises(NotFound):  # only one's own declarations
        services.remove_relative(actor=other, relative_id=relative.pk, reason="Bukan keluarga")
    services.remove_relative(actor=officer, relative_id=relative.pk, reason="Bercerai")
    relative.refresh_from_db()
    assert relative.removed_by == officer and relative.removal_reason == "Bercerai"
    with pytest.raises(NotFound):  # withdrawn once
        services.remove_relative(actor=officer, relative_id=relative.pk, reason="Lagi")
    again = services.declare_relative(actor=officer, nik=NIK, name="Imas", relation="suami_istri")  # remarried
    assert DeclaredRelative.objects.filter(official=officer).count() == 2 and again.removed_at is None
    with pytest.raises(RuntimeError):
        relative.delete()
    removed = AuditEvent.objects.get(action="org.relative_removed")
    assert removed.data["reason"] == "Bercerai" and NIK not in str(removed.data)  # the NIK is masked in the log


def test_one_cannot_declare_oneself(agency_a):
    officer = make_user("petugas_warga", (Role.OFFICER, agency_a))
    applications.save_profile(user=officer, nik=NIK, full_name="Petugas")
    with pytest.raises(LoketError) as refused:
        services.declare_relative(actor=officer, nik=NIK, name="Saya", relation="anak")
    assert "NIK Anda sendiri" in refused.value.errors["nik"][0]


def test_the_officials_page_declares_lists_and_withdraws(client, agency_a):
    officer = make_user("petugas_halaman", (Role.OFFICER, agency_a))
    client.force_login(officer)
    page = client.get("/kantor/keluarga/")
    assert page.status_code == 200 and "Belum ada anggota keluarga" in page.content.decode()
    refused = client.post("/kantor/keluarga/", {"nik": "12", "name": "", "relation": ""})
    html = refused.content.decode()
    assert refused.status_code == 400 and "NIK harus terdiri dari 16 angka" in html and 'aria-invalid="true"' in html
    done = client.post(
        "/kantor/keluarga/", {"nik": NIK, "name": "Imas", "relation": "lainnya", "relation_note": "paman"}
    )
    assert done.status_code == 302
    html = client.get("/kantor/keluarga/").content.decode()
    assert "Lainnya: paman" in html and NIK not in html and "327301" in html  # masked NIK
    relative = DeclaredRelative.objects.get(official=officer)
    client.post(f"/kantor/keluarga/{relative.pk}/cabut/", {"reason": "Salah orang"})
    html = client.get("/kantor/keluarga/").content.decode()
    assert "Dicabut" in html and "Salah orang" in html


def test_overseers_see_their_officials_declarations_and_others_do_not(client, agency_a, agency_b, kota_bandung):
    officer = make_user("petugas_diawasi", (Role.OFFICER, agency_a))
    stranger = make_user("petugas_b", (Role.OFFICER, agency_b))
    services.declare_relative(actor=officer, nik=NIK, name="Imas Masitoh", relation="anak")
    services.declare_relative(actor=stranger, nik=OTHER_NIK, name="Nining Suryani", relation="ipar")
    for reader in (
        make_user("penyelia_a", (Role.SUPERVISOR, agency_a)),
        make_user("inspektur", (Role.INSPECTOR, kota_bandung)),
    ):
        client.force_login(reader)
        html = client.get("/kantor/keluarga/petugas/").content.decode()
        assert "Imas Masitoh" in html and "Nining Suryani" not in html
    client.force_login(officer)
    assert client.get("/kantor/keluarga/petugas/").status_code == 403


def test_an_employee_without_a_role_declares_too_and_their_head_sees_it(client, staff):
    # Unit heads decide their team's leave without a back-office role (hr): they reach the page too.
    kasi = staff["kasi"].user
    client.force_login(kasi)
    assert client.get("/kantor/keluarga/").status_code == 200
    services.declare_relative(actor=kasi, nik=NIK, name="Imas Masitoh", relation="anak")
    head = make_user("kepala_dinas_x", (Role.AGENCY_HEAD, staff["kasi"].agency))
    client.force_login(head)
    assert "Imas Masitoh" in client.get("/kantor/keluarga/petugas/").content.decode()
    citizen = make_user("warga_biasa")
    client.force_login(citizen)
    assert client.get("/kantor/keluarga/").status_code == 403
