"""The links HR adds to the site header and the back-office home (core/nav.py)."""

import pytest
from django.test import Client

from loket.org.models import Role
from tests.helpers.org import make_user

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_employee_sees_their_records_link_and_a_citizen_does_not(staff, citizen):
    employee = next(iter(staff.values()))
    page = logged_in(employee.user).get("/layanan/").content.decode()
    assert 'href="/pegawai/"' in page
    assert 'href="/pegawai/"' not in logged_in(citizen).get("/layanan/").content.decode()
    assert 'href="/pegawai/"' not in Client().get("/layanan/").content.decode()


def test_back_office_home_lists_the_sections_each_role_may_use(hr_admin, agency_a):
    officer = make_user("petugas_nav", (Role.OFFICER, agency_a))
    editor = make_user("editor_nav", (Role.CATALOGUE_EDITOR, agency_a))
    officer_home = logged_in(officer).get("/kantor/").content.decode()
    assert 'href="/kantor/tugas/"' in officer_home and 'href="/kantor/loket/"' in officer_home
    assert 'href="/kantor/kepegawaian/"' not in officer_home
    assert 'href="/kantor/tugas/"' not in logged_in(editor).get("/kantor/").content.decode()
    assert 'href="/kantor/kepegawaian/"' in logged_in(hr_admin).get("/kantor/").content.decode()


def _groups(page: str, nav_class: str) -> dict[str, list[str]]:
    """{group label: [link texts]} of the employee menu drawn with `nav_class` (the phone's or the wide one)."""
    import re

    nav = page[page.index(f'class="{nav_class}"') :]
    nav = nav[: nav.index("</nav>")]
    groups = {}
    for label, links in re.findall(r'class="nav-group-label"[^>]*>([^<]+)</span>\s*<ul[^>]*>(.*?)</ul>', nav, re.S):
        groups[label] = [re.sub(r"<[^>]+>", "", link).strip() for link in re.findall(r"<a [^>]*>.*?</a>", links)]
    return groups


def test_the_employee_menu_is_grouped_and_marks_the_page(staff):
    """Groups instead of a row of ten tabs: a plain employee sees four, a unit head a fifth (their team) and the
    team ratings under "Karier"; the page read is aria-current; the same menu is drawn for phones (a disclosure)
    and wide screens, each a labelled nav landmark with its own ids."""
    page = logged_in(staff["staf"].user).get("/pegawai/cuti/").content.decode()
    groups = _groups(page, "group-nav group-nav-wide")
    assert groups == {
        "Saya": ["Profil saya", "Dokumen saya"],
        "Cuti & KGB": ["Cuti saya", "Persetujuan cuti"],
        "Karier": ["Kenaikan pangkat", "Mutasi"],
        "Pensiun & Kartu": ["Pensiun", "Kartu pegawai"],
    }
    assert _groups(page, "group-nav") == groups  # the phone's disclosure holds the same groups
    assert page.count('<a href="/pegawai/cuti/" aria-current="page">') == 2
    assert page.count('aria-label="Menu pegawai"') == 2 and '<details class="group-nav-fold">' in page
    assert 'id="ng-leave"' in page and 'id="ng-leave-m"' in page and 'aria-labelledby="ng-leave-m"' in page
    head = logged_in(staff["kasi"].user).get("/pegawai/").content.decode()
    groups = _groups(head, "group-nav group-nav-wide")
    assert groups["Tim saya"] == ["Anggota tim", "Pelaksana harian", "Keluarga yang dinyatakan"]
    assert groups["Karier"] == ["Kenaikan pangkat", "Kinerja tim", "Mutasi"]
    english = logged_in(staff["staf"].user)
    english.cookies["django_language"] = "en"
    assert list(_groups(english.get("/pegawai/").content.decode(), "group-nav group-nav-wide")) == [
        "Me",
        "Leave & KGB",
        "Career",
        "Pension & card",
    ]
