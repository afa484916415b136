"""Issue 13, finding 6: changes made through the Django admin to users, role assignments and authenticators
write Loket audit events (who, which fields, old → new, personal data masked, secrets never)."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from loket.core import audit
from loket.core.models import AuditEvent
from loket.org.models import Role, RoleAssignment
from tests.helpers.auth import activate_totp
from tests.helpers.org import make_user


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser("root", "root@example.go.id", "rahasia-uji-123")


@pytest.fixture
def admin_client(root):
    client = Client()
    client.force_login(root)
    return client


def _user_form(user, **changes) -> dict:
    user.date_joined = user.date_joined.replace(microsecond=0)  # what the form's seconds can express
    user.save(update_fields=["date_joined"])
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_a_superuser_changing_a_citizens_email_leaves_an_audit_event(admin_client, root, citizen):
    old_email = citizen.email
    response = admin_client.post(
        f"/admin/auth/user/{citizen.pk}/change/", _user_form(citizen, email="baru.sekali@contoh.id", is_active="")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    citizen.refresh_from_db()
    assert citizen.email == "baru.sekali@contoh.id" and not citizen.is_active
    event = AuditEvent.objects.get(action="admin.user_changed", object_id=str(citizen.pk))
    assert event.actor_id == root.pk and event.object_type == "auth.user"
    assert event.data["fields"] == ["email", "is_active"]
    change = event.data["changes"]["email"]
    # masked: enough to tell old from new, not the address itself
    assert change == {"old": f"{old_email[0]}***@{old_email.split('@')[1]}", "new": "b***@contoh.id"}
    assert "baru.sekali" not in str(event.data) and old_email not in str(event.data)
    assert event.data["changes"]["is_active"] == {"old": True, "new": False}
    assert "password" not in str(event.data["values"].get("password", ""))  # the hash is never written
    audit.seal_pending()
    assert audit.verify().ok


def test_granting_superuser_and_staff_is_audited(admin_client, root, citizen):
    response = admin_client.post(
        f"/admin/auth/user/{citizen.pk}/change/", _user_form(citizen, is_staff="on", is_superuser="on")
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.user_changed", object_id=str(citizen.pk))
    assert event.data["changes"]["is_superuser"] == {"old": False, "new": True}
    assert event.data["changes"]["is_staff"] == {"old": False, "new": True}


def test_a_password_set_in_the_admin_is_audited_without_the_password(admin_client, citizen):
    response = admin_client.post(
        f"/admin/auth/user/{citizen.pk}/password/",
        {
            "password1": "Sandi-baru-yang-panjang-42",
            "password2": "Sandi-baru-yang-panjang-42",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.user_password_changed", object_id=str(citizen.pk))
    assert "Sandi-baru" not in str(event.data)


def test_role_assignments_added_and_removed_in_the_admin_are_audited(admin_client, root, agency_a):
    official = make_user("calon.pejabat")
    response = admin_client.post(
        "/admin/org/roleassignment/add/",
        {"user": official.pk, "role": Role.SIGNING_OFFICIAL, "agency": agency_a.pk},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assignment = RoleAssignment.objects.get(user=official)
    created = AuditEvent.objects.get(action="admin.roleassignment_created", object_id=str(assignment.pk))
    assert created.actor_id == root.pk
    assert created.data["changes"]["role"]["new"] == Role.SIGNING_OFFICIAL
    response = admin_client.post(f"/admin/org/roleassignment/{assignment.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    deleted = AuditEvent.objects.get(action="admin.roleassignment_deleted", object_id=str(assignment.pk))
    assert deleted.data["values"]["role"] == Role.SIGNING_OFFICIAL


def test_deleting_an_authenticator_in_the_admin_is_audited(admin_client, root, agency_a):
    official = make_user("pejabat.totp", (Role.SIGNING_OFFICIAL, agency_a))
    secret = activate_totp(official)
    authenticator = Authenticator.objects.get(user=official, type="totp")
    response = admin_client.post(f"/admin/mfa/authenticator/{authenticator.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.authenticator_deleted", object_id=str(authenticator.pk))
    assert event.actor_id == root.pk and secret not in str(event.data)
    assert event.data["values"]["data"] == "[rahasia]"


def test_every_editable_admin_is_audited_including_those_of_django_and_allauth():
    from django.contrib import admin

    from loket.core.admin import AuditedAdmin, ReadOnlyAdmin

    unaudited = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, (AuditedAdmin, ReadOnlyAdmin))
    ]
    assert unaudited == []


def test_changing_a_citizens_login_email_address_in_the_admin_is_audited(admin_client, root, citizen):
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.create(user=citizen, email=citizen.email, verified=True, primary=True)
    response = admin_client.post(
        f"/admin/account/emailaddress/{address.pk}/change/",
        {"user": citizen.pk, "email": "penyusup@contoh.id", "verified": "on", "primary": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="admin.emailaddress_changed", object_id=str(address.pk))
    assert event.actor_id == root.pk and event.data["changes"]["email"]["new"] == "p***@contoh.id"
    assert "penyusup" not in str(event.data)
