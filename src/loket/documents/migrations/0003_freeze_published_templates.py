"""On PostgreSQL the database itself refuses to change, add or delete the output template of a published
standard version (the model's save() guards the application path; this also stops raw SQL and bulk updates).
A case keeps the decision template of the version it was filed under (issue 13)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION documents_template_frozen() RETURNS trigger AS $$
DECLARE standard_id bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN standard_id := NEW.standard_id; ELSE standard_id := OLD.standard_id; END IF;
    IF EXISTS (SELECT 1 FROM catalogue_servicestandard s WHERE s.id = standard_id AND s.status = 'published')
       OR (TG_OP = 'UPDATE' AND EXISTS (
           SELECT 1 FROM catalogue_servicestandard s WHERE s.id = NEW.standard_id AND s.status = 'published'))
    THEN
        RAISE EXCEPTION 'the output template of published standard % is frozen', standard_id;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS documents_template_frozen ON documents_outputtemplate;
CREATE TRIGGER documents_template_frozen BEFORE INSERT OR UPDATE OR DELETE ON documents_outputtemplate
    FOR EACH ROW EXECUTE FUNCTION documents_template_frozen();
"""
DROP = """
DROP TRIGGER IF EXISTS documents_template_frozen ON documents_outputtemplate;
DROP FUNCTION IF EXISTS documents_template_frozen();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_document_subject"), ("catalogue", "0005_four_eyes_on_terms")]

    operations = [migrations.RunPython(forward, backward)]
