from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top layer: the portal's home page, the staff workspace with every app's 待办 panel, and the
    demo seeding. It may import any app; no app imports it."""

    name = "gongkai.site"
    label = "gongkai_site"
    verbose_name = "平台"
