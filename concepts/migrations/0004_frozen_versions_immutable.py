"""A frozen version is immutable in the database itself: its rows can be created (by the freeze)
and deleted (with the whole concept), never updated. Comment anchors point at these rows.

Only the content columns are guarded, so that deleting a user (``frozen_by`` SET NULL) still works.
"""

from django.db import migrations

TABLES = {
    "concepts_version": (
        "concept_id", "number", "label", "change_summary", "frozen_at", "title", "vision",
        "steering_approved_on", "steering_approval_note",
    ),
    "concepts_versionsection": (
        "version_id", "uid", "parent_uid", "kind", "order", "depth", "number", "title", "body", "data",
    ),
}


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, columns in TABLES.items():
        cols = ", ".join(schema_editor.quote_name(c) for c in columns)
        if vendor == "postgresql":
            schema_editor.execute(
                f"""
                CREATE OR REPLACE FUNCTION {table}_refuse_update() RETURNS trigger AS $$
                BEGIN
                    RAISE EXCEPTION USING MESSAGE = 'frozen version: ' || TG_TABLE_NAME || ' rows cannot be changed';
                END;
                $$ LANGUAGE plpgsql;
                CREATE TRIGGER {table}_immutable BEFORE UPDATE OF {cols} ON {table}
                    FOR EACH ROW EXECUTE FUNCTION {table}_refuse_update();
                """
            )
        elif vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OF {cols} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'frozen version: {table} rows cannot be changed'); END;"
            )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table};")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_refuse_update();")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable;")


class Migration(migrations.Migration):
    dependencies = [
        ("concepts", "0003_measures_revisions_progress"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
