# Sitemap sections went from 10,000 item ids to 2,000 (counters.SITEMAP_SECTION): their maintained
# counts are recounted under the new keys.

from django.db import migrations
from django.db.models import Count, F, Max

SECTION = 2_000
LISTED = ["published", "superseded"]


def recount_sections(apps, schema_editor):
    Item = apps.get_model("disclosure", "Item")
    ListedCount = apps.get_model("disclosure", "ListedCount")
    ListedCount.objects.filter(key__startswith="s").delete()
    sections = (
        Item.objects.filter(status__in=LISTED)
        .annotate(section=F("id") / SECTION)
        .values_list("section")
        .annotate(n=Count("id"), last=Max("updated_at"))  # a section's lastmod: its latest change
        .order_by()
    )
    ListedCount.objects.bulk_create(
        [ListedCount(key=f"s{section}", count=n, changed=last) for section, n, last in sections]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0011_newest_indexes_carry_status"),
    ]

    operations = [
        migrations.RunPython(recount_sections, migrations.RunPython.noop),
    ]
