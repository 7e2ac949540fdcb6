# The public lists' newest-first indexes end with the status, so that a deep page is skipped in the index
# alone (selectors.newest_page): index-only on PostgreSQL, covering on SQLite.

from django.db import migrations, models


def analyze_on_sqlite(apps, schema_editor):
    # SQLite forgets the statistics of a dropped index: without them its planner sorted every item for the
    # home page's newest twelve. PostgreSQL keeps its column statistics.
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("ANALYZE disclosure_item")


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0010_listed_counts"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="item",
            name="item_newest",
        ),
        migrations.RemoveIndex(
            model_name="item",
            name="item_agency_newest",
        ),
        migrations.RemoveIndex(
            model_name="item",
            name="item_category_newest",
        ),
        migrations.RemoveIndex(
            model_name="item",
            name="item_article20_newest",
        ),
        migrations.RemoveIndex(
            model_name="item",
            name="item_validity_newest",
        ),
        migrations.AddIndex(
            model_name="item",
            index=models.Index(fields=["-published_on", "-id", "status"], name="item_newest"),
        ),
        migrations.AddIndex(
            model_name="item",
            index=models.Index(fields=["agency", "-published_on", "-id", "status"], name="item_agency_newest"),
        ),
        migrations.AddIndex(
            model_name="item",
            index=models.Index(fields=["category", "-published_on", "-id", "status"], name="item_category_newest"),
        ),
        migrations.AddIndex(
            model_name="item",
            index=models.Index(fields=["article20", "-published_on", "-id", "status"], name="item_article20_newest"),
        ),
        migrations.AddIndex(
            model_name="item",
            index=models.Index(fields=["validity", "-published_on", "-id", "status"], name="item_validity_newest"),
        ),
        migrations.RunPython(analyze_on_sqlite, migrations.RunPython.noop),
    ]
