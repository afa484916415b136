"""Reads of the organisation register: officials' declared relatives, for themselves and for those who oversee
them (scoped by org.permissions)."""

from django.db.models import Prefetch, Q, QuerySet

from loket.org import people, permissions
from loket.org.models import DeclaredRelative, RoleAssignment

# Who sees the declarations of the officials of an agency: those who oversee its work (supervisor, head,
# inspectorate), the same action that lets them read any of its cases.
OVERSEE = "application.oversee"


def relatives_of(user) -> QuerySet[DeclaredRelative]:
    """Every declaration of `user`, the withdrawn ones too (with who withdrew them), newest first."""
    return DeclaredRelative.objects.filter(official=user).select_related("removed_by").order_by("-declared_at")


def oversees_declarations(user) -> bool:
    return permissions.agencies_for(user, OVERSEE).exists()


def overseen_relatives(user) -> QuerySet[DeclaredRelative]:
    """The declarations (live and withdrawn) of the officials working in the agencies `user` oversees: holders of a
    role there, and those who work there without one (org.people members, e.g. employees deciding leave). Their
    own are on their own page."""
    agencies = list(permissions.agencies_for(user, OVERSEE).values_list("pk", flat=True))
    if not agencies:
        return DeclaredRelative.objects.none()
    scope = Q(official__loket_roles__agency_id__in=agencies)
    for members in people.members_of(agencies):
        scope |= Q(official_id__in=members)
    roles = RoleAssignment.objects.filter(agency_id__in=agencies).select_related("agency")
    return (
        DeclaredRelative.objects.filter(scope)
        .exclude(official=user)
        .distinct()
        .select_related("official", "removed_by")
        .prefetch_related(Prefetch("official__loket_roles", queryset=roles, to_attr="overseen_roles"))
        .order_by("official__last_name", "official__first_name", "official_id", "-declared_at")
    )
