"""PostgreSQL search without the stored gram list and the unused trigram index (search.PostgresBackend
writes the tsvector with each row). The search rows are dropped on PostgreSQL, because documents
too large for gram lexemes now keep their title's; the app's post_migrate handler rebuilds them."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS disclosure_searchdoc_text_trgm")
    schema_editor.execute("TRUNCATE disclosure_searchdoc")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("TRUNCATE disclosure_searchdoc")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS disclosure_searchdoc_text_trgm ON disclosure_searchdoc USING gin (text gin_trgm_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0004_postgres_tsvector")]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="searchdoc", name="grams"),
    ]
