from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _rebuild_stale_index(sender, using: str = "default", **kwargs) -> None:
    """After a migration that reset the search structures, the index is rebuilt from the items, so it
    never stays out of step with them (a cheap comparison of two counts when nothing changed)."""
    from django.db import connections

    from gongkai.disclosure.models import Item, SearchDoc
    from gongkai.disclosure.search import rebuild

    tables = connections[using].introspection.table_names()
    if SearchDoc._meta.db_table not in tables or Item._meta.db_table not in tables:
        return  # migrated backwards past this app's tables
    if SearchDoc.objects.using(using).count() != Item.objects.using(using).listed().count():
        rebuild()


class DisclosureConfig(AppConfig):
    name = "gongkai.disclosure"
    verbose_name = "主动公开"
    # Navigation entries (label, URL name), collected by gongkai.common.context_processors.
    public_nav: list[tuple[str, str]] = [("政府信息", "disclosure:items"), ("检索", "disclosure:search")]
    staff_nav: list[tuple[str, str]] = [
        ("主动公开", "disclosure:staff_items"),
        ("处理决定与收费", "disclosure:figures"),
    ]

    def ready(self) -> None:
        from gongkai.calendar.recompute import register_recompute
        from gongkai.disclosure.actions import recompute_timeliness

        # 第二十六条 deadlines are working days: a newly confirmed holiday arrangement moves them.
        register_recompute(recompute_timeliness)
        post_migrate.connect(_rebuild_stale_index, sender=self, dispatch_uid="disclosure-rebuild-index")

    # What waits for a user here, on the workspace page (gongkai.common.panels).
    workspace_panel = "gongkai.disclosure.panel.workspace_panel"
    # The latest items on the public agency page (gongkai.agencies.views.public_detail).
    agency_page_section = "gongkai.disclosure.agency_page.agency_page_section"
