"""The links HR adds to the site header and the back-office home (core/nav.py)."""

import pytest
from django.test import Client

from loket.org.models import Role
from tests.conftest import make_user
from tests.hr.conftest import hr_admin, leave_service, org, staff

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
