"""PostgreSQL search moves to a tsvector of 1–4 character substrings (see search.PostgresBackend).

The search rows are dropped on PostgreSQL; the app's post_migrate handler rebuilds them (apps.py)."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    apps.get_model("disclosure", "SearchDoc").objects.all().delete()
    for sql in [
        "DROP INDEX IF EXISTS disclosure_searchdoc_grams",
        "ALTER TABLE disclosure_searchdoc ADD COLUMN IF NOT EXISTS tsv tsvector",
        "CREATE INDEX IF NOT EXISTS disclosure_searchdoc_tsv ON disclosure_searchdoc USING gin (tsv)",
        "CREATE INDEX IF NOT EXISTS disclosure_searchdoc_rowid ON disclosure_searchdoc (fts_rowid)",
    ]:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS disclosure_searchdoc_tsv")
    schema_editor.execute("DROP INDEX IF EXISTS disclosure_searchdoc_rowid")
    schema_editor.execute("ALTER TABLE disclosure_searchdoc DROP COLUMN IF EXISTS tsv")


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0003_searchdoc_facets")]

    operations = [migrations.RunPython(forwards, backwards)]
