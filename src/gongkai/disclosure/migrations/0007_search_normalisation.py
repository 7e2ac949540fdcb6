"""Search text is normalised anew (NFKC, no punctuation or spaces, 内容概述 indexed as a field of its own):
the stored rows and the SQLite index are emptied, and the app's post_migrate handler rebuilds them from
the items (``gongkai search-rebuild`` does the same by hand)."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("TRUNCATE disclosure_searchdoc")
        return
    if schema_editor.connection.vendor == "sqlite":
        # The SQLite index forgets rows only when given their exact old tokens: empty it whole.
        schema_editor.execute("INSERT INTO disclosure_fts(disclosure_fts) VALUES ('delete-all')")
    schema_editor.execute("DELETE FROM disclosure_searchdoc")


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0006_genre_all_fifteen_document_types")]

    operations = [migrations.RunPython(forwards, forwards)]
