"""Role × scope decisions (org/permissions), issue 2 item 3."""

import pytest

from loket.core.errors import PermissionDenied
from loket.org import permissions
from loket.org.models import Agency, Role
from tests.helpers.org import make_user

pytestmark = pytest.mark.django_db


def test_agency_editor_scope_is_their_agency_only(editor_a, agency_a, agency_b):
    assert permissions.can(editor_a, "catalogue.edit", agency_a)
    assert not permissions.can(editor_a, "catalogue.edit", agency_b)
    with pytest.raises(PermissionDenied):
        permissions.require(editor_a, "catalogue.edit", agency_b)


def test_province_admin_covers_province_and_its_regions(
    province_admin, province_agency, agency_a, agency_b, banjarmasin
):
    other = Agency.objects.create(region=banjarmasin, slug="dpmptsp-bjm", name="DPMPTSP Kota Banjarmasin")
    allowed = set(permissions.agencies_for(province_admin, "catalogue.edit"))
    assert {province_agency, agency_a, agency_b} <= allowed
    assert other not in allowed


def test_region_admin_covers_one_region(kota_bandung, agency_a, agency_b):
    admin = make_user("admin_bdg", (Role.REGION_ADMIN, kota_bandung))
    assert permissions.can(admin, "catalogue.edit", agency_a)
    assert not permissions.can(admin, "catalogue.edit", agency_b)
    assert permissions.can(admin, "org.manage", agency_a)


def test_officer_cannot_edit_catalogue(agency_a):
    officer = make_user("petugas", (Role.OFFICER, agency_a))
    assert not permissions.can(officer, "catalogue.edit", agency_a)
    assert permissions.is_staff_user(officer)


def test_agency_head_may_publish_but_not_edit(agency_a):
    head = make_user("kepala", (Role.AGENCY_HEAD, agency_a))
    assert permissions.can(head, "catalogue.publish", agency_a)
    assert not permissions.can(head, "catalogue.edit", agency_a)


def test_anonymous_and_citizen_have_no_scope(citizen, agency_a):
    from django.contrib.auth.models import AnonymousUser

    for user in (AnonymousUser(), citizen):
        assert not permissions.agencies_for(user, "catalogue.view_drafts").exists()
        assert not permissions.is_staff_user(user)


def test_unknown_action_is_a_programming_error(editor_a):
    with pytest.raises(KeyError):
        permissions.agencies_for(editor_a, "catalogue.delete_everything")


def test_role_without_scope_is_refused_by_the_database(citizen):
    from django.db import IntegrityError

    from loket.org.models import RoleAssignment

    with pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=citizen, role=Role.CATALOGUE_EDITOR)


def test_can_anywhere_asks_every_action_in_one_query(kota_bandung, agency_a, citizen, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    inspector = make_user("inspektur_bdg", (Role.INSPECTOR, kota_bandung))  # hr.view, not hr.manage
    permissions.roles_of(inspector)  # role assignments read once per request, before the question
    with django_assert_num_queries(1):
        assert permissions.can_anywhere(inspector, "hr.view", "hr.manage")
    assert not permissions.can_anywhere(inspector, "hr.manage")
    for user in (AnonymousUser(), citizen):
        assert not permissions.can_anywhere(user, "hr.view", "hr.manage")
    with pytest.raises(KeyError):
        permissions.can_anywhere(inspector, "hr.delete_everything")


def test_heads_agency_is_the_agency_head_role_in_that_agency_only(agency_a, agency_b, kota_bandung):
    from django.contrib.auth.models import AnonymousUser

    head = make_user("kepala_a", (Role.AGENCY_HEAD, agency_a), (Role.SIGNING_OFFICIAL, agency_b))
    assert permissions.heads_agency(head, agency_a) and permissions.heads_agency(head, agency_a.pk)
    assert not permissions.heads_agency(head, agency_b)  # signs there, but does not head it
    admin = make_user("admin_kota", (Role.REGION_ADMIN, kota_bandung))
    assert not permissions.heads_agency(admin, agency_a)  # a region role is not the head of its agencies
    assert not permissions.heads_agency(AnonymousUser(), agency_a)
