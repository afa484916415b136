from django.db import migrations, models


def backfill(apps, schema_editor):
    """Count the pages of the documents already signed, from their stored PDFs; an unreadable or missing file keeps
    its document unchanged with no count (`loket documents_pages` retries and lists them)."""
    from loket.documents.backfill import fill_pages

    fill_pages(apps.get_model("documents", "Document"))


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0004_revocationrequest"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="pages",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
