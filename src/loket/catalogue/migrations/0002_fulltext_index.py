"""PostgreSQL full-text index on the catalogue (Indonesian stemming); SQLite uses a LIKE fallback."""

from django.db import migrations

FTS_EXPRESSION = "to_tsvector('indonesian'::regconfig, COALESCE(search_text, ''))"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS catalogue_service_fts ON catalogue_service USING gin ({FTS_EXPRESSION})"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalogue_service_fts")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
