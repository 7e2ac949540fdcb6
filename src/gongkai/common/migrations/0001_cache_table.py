"""Creates the table of the database cache (CACHES without REDIS_URL), so `gongkai migrate` is the one
deploy step. Switching an installed site from Redis to the database later: run `gongkai createcachetable`."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor) -> None:
    # Creates the table of every database cache in CACHES; does nothing for Redis, or when it exists.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=False)]
