"""On PostgreSQL, refuse overlapping placements of one flat in the database itself.

The service (``pilots.services.placement_create``) checks the rule under a row lock on the flat
and gives the user a clear message; this constraint is the last line for anything that bypasses
the service (admin, shell, a future bug). A placement occupies ``[move_in, ended_on)``; one with
no ``ended_on`` yet occupies the flat without end. SQLite has no exclusion constraints, so there
the service check is the only guard (the embedded mode is single-user).
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE pilots_placement ADD CONSTRAINT placement_no_overlap_in_flat
    EXCLUDE USING gist (flat_id WITH =, daterange(move_in, ended_on, '[)') WITH &&);
"""
DROP = "ALTER TABLE pilots_placement DROP CONSTRAINT IF EXISTS placement_no_overlap_in_flat;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("pilots", "0001_programmes_households")]

    operations = [migrations.RunPython(create, drop)]
