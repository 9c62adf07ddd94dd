"""On PostgreSQL the database itself refuses to change or delete log rows."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION workflow_transitionlog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'workflow_transitionlog is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER workflow_transitionlog_append_only
    BEFORE UPDATE OR DELETE ON workflow_transitionlog
    FOR EACH ROW EXECUTE FUNCTION workflow_transitionlog_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS workflow_transitionlog_append_only ON workflow_transitionlog;
DROP FUNCTION IF EXISTS workflow_transitionlog_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("workflow", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
