"""Finding 14: weak passwords are refused everywhere a password is chosen, with Indonesian messages."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model

WEAK = ["12345678", "1234567890", "qwertyuiop", "password12"]
STRONG = "Sawah-Hijau-Bandung-77"


def _signup(client, password):
    return client.post(
        "/akun/signup/", {"email": "warga.baru@example.id", "password1": password, "password2": password}
    )


@pytest.mark.django_db
@pytest.mark.parametrize("password", WEAK)
def test_signup_refuses_a_weak_password(client, password):
    response = _signup(client, password)

    assert response.status_code == 200
    assert not get_user_model().objects.filter(email="warga.baru@example.id").exists()


@pytest.mark.django_db
def test_signup_explains_the_refusal_in_indonesian(client):
    page = _signup(client, "12345678").content.decode()

    assert "Kata sandi terlalu pendek" in page
    assert "seluruhnya terdiri dari angka" in page


@pytest.mark.django_db
def test_signup_accepts_a_strong_password(client):
    assert _signup(client, STRONG).status_code == 302


@pytest.mark.django_db
def test_password_change_refuses_a_weak_password(client):
    user = get_user_model().objects.create_user("warga", email="warga@example.id", password=STRONG)
    client.force_login(user)

    response = client.post(
        "/akun/password/change/", {"oldpassword": STRONG, "password1": "12345678", "password2": "12345678"}
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(STRONG)


@pytest.mark.django_db
def test_password_reset_form_refuses_a_weak_password():
    from allauth.account.forms import ResetPasswordKeyForm

    user = get_user_model().objects.create_user("lupa", email="lupa@example.id", password=STRONG)
    form = ResetPasswordKeyForm(data={"password1": "12345678", "password2": "12345678"}, user=user, temp_key="x")

    assert not form.is_valid()


@pytest.mark.django_db
def test_back_office_user_creation_refuses_a_weak_password():
    add_form = admin.site._registry[get_user_model()].add_form
    form = add_form(
        data={"username": "petugas", "usable_password": "true", "password1": "12345678", "password2": "12345678"}
    )

    assert not form.is_valid()
    assert "password2" in form.errors or "password1" in form.errors
