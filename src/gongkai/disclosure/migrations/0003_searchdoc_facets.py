"""Search rows gain filter tokens and a publication-ordered key (see gongkai/disclosure/search/).

On SQLite the FTS5 table is recreated with its ``facets`` column and the stored search rows are
dropped; the app's post_migrate handler then rebuilds the index from the items (apps.py)."""

from django.db import migrations, models


def recreate_fts(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    apps.get_model("disclosure", "SearchDoc").objects.all().delete()
    schema_editor.execute("DROP TABLE IF EXISTS disclosure_fts")
    schema_editor.execute(
        "CREATE VIRTUAL TABLE disclosure_fts USING fts5("
        "title, docnum, body, attach, facets, content='', tokenize='ascii', detail='full')"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0002_search_and_categories"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdoc",
            name="facets",
            field=models.CharField(default="", max_length=100),
        ),
        migrations.AddField(
            model_name="searchdoc",
            name="fts_rowid",
            field=models.BigIntegerField(null=True),
        ),
        migrations.RunPython(recreate_fts, migrations.RunPython.noop),
    ]
