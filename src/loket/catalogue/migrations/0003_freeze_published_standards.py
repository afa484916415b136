"""On PostgreSQL the database itself refuses to change or delete a published standard version.

The model's save() guards the application path; this trigger also stops raw SQL, admin actions and
bulk updates (UU 25/2009: the published standard is what citizens relied on).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION catalogue_standard_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'published' THEN
        RAISE EXCEPTION 'published service standard % (version %) is immutable', OLD.id, OLD.version;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS catalogue_standard_frozen ON catalogue_servicestandard;
CREATE TRIGGER catalogue_standard_frozen BEFORE UPDATE OR DELETE ON catalogue_servicestandard
    FOR EACH ROW EXECUTE FUNCTION catalogue_standard_frozen();
"""
DROP = """
DROP TRIGGER IF EXISTS catalogue_standard_frozen ON catalogue_servicestandard;
DROP FUNCTION IF EXISTS catalogue_standard_frozen();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_fulltext_index")]
    operations = [migrations.RunPython(forward, backward)]
