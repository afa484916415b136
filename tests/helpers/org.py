"""Users with roles."""

from django.contrib.auth import get_user_model

from loket.org.models import Region, Role, RoleAssignment


def make_user(username: str, *roles):
    """roles: (role, scope) pairs; scope is a Region for admin roles, an Agency otherwise."""
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.go.id", password="rahasia-uji-123"
    )
    for role, scope in roles:
        if isinstance(scope, Region):
            RoleAssignment.objects.create(user=user, role=role, region=scope)
        else:
            RoleAssignment.objects.create(user=user, role=role, agency=scope)
    return user


def unit_user(username: str, agency, unit, role=Role.OFFICER):
    user = make_user(username)
    RoleAssignment.objects.create(user=user, role=role, agency=agency, unit=unit)
    return user
