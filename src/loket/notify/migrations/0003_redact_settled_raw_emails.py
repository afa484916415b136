"""Redact the stored e-mails already sent or finally failed (issue 11, finding C).

Their bodies hold allauth's confirmation and password-reset links. From now on the worker redacts each
message as it settles (loket.notify.services); this clears the rows written before that.
"""

from django.db import migrations

RAW_EMAIL = "raw_email"  # loket.notify.mail.RAW_EMAIL, frozen here as migrations must be
BATCH = 500


def redacted(context: dict) -> dict:
    # The same record as loket.notify.mail.redacted, frozen.
    return {
        "subject": str(context.get("subject", "")),
        "from_email": str(context.get("from_email", "")),
        "to": list(context.get("to", [])),
        "redacted": True,
    }


def redact_settled(apps, schema_editor):
    Notification = apps.get_model("notify", "Notification")
    rows = Notification.objects.filter(template=RAW_EMAIL, status__in=["sent", "failed"]).only("pk", "context")
    batch = []
    for note in rows.iterator(chunk_size=BATCH):
        if (note.context or {}).get("redacted"):
            continue
        note.context = redacted(note.context or {})
        batch.append(note)
        if len(batch) >= BATCH:
            Notification.objects.bulk_update(batch, ["context"])
            batch = []
    if batch:
        Notification.objects.bulk_update(batch, ["context"])


class Migration(migrations.Migration):
    dependencies = [("notify", "0002_lean_write_indexes")]

    operations = [migrations.RunPython(redact_settled, migrations.RunPython.noop)]
