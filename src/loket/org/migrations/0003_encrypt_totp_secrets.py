"""Encrypt the TOTP secrets and recovery-code seeds already stored in clear (loket.core.field_crypto)."""

from django.db import migrations

SECRET_KEYS = ("secret", "seed")


def _convert(apps, convert):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.all().iterator():
        data = dict(authenticator.data or {})
        changed = False
        for key in SECRET_KEYS:
            if isinstance(data.get(key), str):
                new = convert(data[key])
                changed |= new != data[key]
                data[key] = new
        if isinstance(data.get("migrated_codes"), list):
            codes = [convert(code) for code in data["migrated_codes"]]
            changed |= codes != data["migrated_codes"]
            data["migrated_codes"] = codes
        if changed:
            Authenticator.objects.filter(pk=authenticator.pk).update(data=data)


def encrypt_existing(apps, schema_editor):
    from loket.core import field_crypto

    _convert(apps, field_crypto.encrypt)


def decrypt_existing(apps, schema_editor):
    from loket.core import field_crypto

    _convert(apps, field_crypto.decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0002_more_roles"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_existing, decrypt_existing)]
