from django.apps import apps
from django.conf import settings
from django.http import HttpRequest


def _nav(attribute: str) -> list[tuple[str, str]]:
    """Navigation entries that apps declare on their AppConfig (``public_nav`` / ``staff_nav``)."""
    entries: list[tuple[str, str]] = []
    for config in apps.get_app_configs():
        entries.extend(getattr(config, attribute, []))
    return entries


def site(request: HttpRequest) -> dict:
    return {
        "site_name": settings.GONGKAI_SITE_NAME,
        "demo_mode": settings.GONGKAI_DEMO,
        "public_nav": _nav("public_nav"),
        "staff_nav": _nav("staff_nav"),
    }
