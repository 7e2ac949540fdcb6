# The public lists' newest-first indexes hold listed items only (models.LISTED), so that a deep page is
# skipped in the index alone (selectors.newest_page).

from django.db import migrations, models


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
            index=models.Index(
                condition=models.Q(("status__in", ["published", "superseded"])),
                fields=["-published_on", "-id"],
                name="item_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="item",
            index=models.Index(
                condition=models.Q(("status__in", ["published", "superseded"])),
                fields=["agency", "-published_on", "-id"],
                name="item_agency_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="item",
            index=models.Index(
                condition=models.Q(("status__in", ["published", "superseded"])),
                fields=["category", "-published_on", "-id"],
                name="item_category_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="item",
            index=models.Index(
                condition=models.Q(("status__in", ["published", "superseded"])),
                fields=["article20", "-published_on", "-id"],
                name="item_article20_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="item",
            index=models.Index(
                condition=models.Q(("status__in", ["published", "superseded"])),
                fields=["validity", "-published_on", "-id"],
                name="item_validity_newest",
            ),
        ),
    ]
