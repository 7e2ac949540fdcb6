from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "gongkai.catalogue"
    verbose_name = "基层政务公开标准目录"
    # Navigation entries (label, URL name), collected by gongkai.common.context_processors.
    public_nav: list[tuple[str, str]] = [("标准目录", "catalogue:public_index")]
    staff_nav: list[tuple[str, str]] = [
        ("标准目录", "catalogue:staff_index"),
        ("目录落实情况", "catalogue:compliance"),
    ]

    def ready(self) -> None:
        from gongkai.catalogue.views import item_panel
        from gongkai.disclosure.hooks import register_item_panel

        # The item's staff page and draft form show its entries and suggestions (disclosure never imports us).
        register_item_panel(item_panel)
