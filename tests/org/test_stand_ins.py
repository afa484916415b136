"""Stand-ins (plh) in the permission rule: org.stand_ins is filled by hr; person-addressed tasks follow it."""

import datetime as dt

import pytest

from loket.org import permissions, stand_ins
from loket.org.models import Role
from loket.workflow.models import Task
from tests.helpers.org import make_user

pytestmark = pytest.mark.django_db


def test_hr_registers_its_delegations_and_the_addressee_rules():
    from loket.hr import queries
    from loket.workflow import addressees

    assert queries.stood_in_for in stand_ins._PROVIDERS
    assert addressees.registered("direct_superior") is queries.superior_user_of_applicant
    assert addressees.registered("signing_official") is queries.official_user_of_applicant
    assert addressees.registered("hr_office") is queries.hr_office_user_of_applicant


@pytest.fixture
def provider():
    table: dict[int, set[int]] = {}

    def stands_in(user, day):
        return table.get(user.pk, set()) if day == dt.date(2026, 3, 2) else set()

    stand_ins.register(stands_in)
    yield table
    stand_ins.unregister(stands_in)


def test_principals_are_asked_per_day_and_never_include_the_user(provider):
    plh, principal = make_user("plh"), make_user("kepala")
    provider[plh.pk] = {principal.pk, plh.pk}
    assert stand_ins.principals_of(plh, dt.date(2026, 3, 2)) == {principal.pk}
    assert stand_ins.principals_of(plh, dt.date(2026, 3, 3)) == set()


def test_a_person_addressed_task_belongs_to_its_assignee_and_stand_ins_only(provider, agency_a, monkeypatch):
    officer = make_user("petugas", (Role.OFFICER, agency_a))
    principal, plh = make_user("kepala"), make_user("plh")
    provider[plh.pk] = {principal.pk}
    monkeypatch.setattr(stand_ins.timezone, "localdate", lambda: dt.date(2026, 3, 2))
    addressed = Task(agency_id_cache=agency_a.pk, step_role=Role.OFFICER, assignee_id=principal.pk)
    assert permissions.can_act_on_task(principal, addressed)
    assert permissions.can_act_on_task(plh, addressed)
    assert not permissions.can_act_on_task(officer, addressed)
    unit_task = Task(agency_id_cache=agency_a.pk, step_role=Role.OFFICER)
    assert permissions.can_act_on_task(officer, unit_task)
    assert not permissions.can_act_on_task(plh, unit_task)


def test_people_with_roles_covers_the_unit_and_the_whole_agency(agency_a, units):
    from loket.org.models import RoleAssignment

    agency_wide = make_user("penyelia", (Role.SUPERVISOR, agency_a))
    in_unit = make_user("penyelia_unit")
    RoleAssignment.objects.create(user=in_unit, role=Role.SUPERVISOR, agency=agency_a, unit=units["tech"])
    other_unit = make_user("penyelia_lain")
    RoleAssignment.objects.create(user=other_unit, role=Role.SUPERVISOR, agency=agency_a, unit=units["legal"])
    found = permissions.people_with_roles(agency_a.pk, units["tech"].pk, [Role.SUPERVISOR])
    assert {user.pk for user in found} == {agency_wide.pk, in_unit.pk}
    assert len(permissions.people_with_roles(agency_a.pk, None, [Role.SUPERVISOR])) == 3
