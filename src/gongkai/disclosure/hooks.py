"""Panels that a higher app adds to the staff pages of an item.

The 标准目录 (gongkai.catalogue) sits above this app: it files items under its entries. Rather than
import it, the item's staff page and draft form show the panels registered here; the catalogue app
registers its panel (the entries suggested for the item, and a form to link one) in its
``AppConfig.ready()`` (same style as ``gongkai.applications.hooks``). With no panel registered, the
pages show nothing extra.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

# panel(request, item) → HTML from render_to_string (a SafeString; plain text is escaped), "" for
# nothing. ``item`` is None on the form of a new draft, which has no record to link yet.
ItemPanel = Callable[[HttpRequest, Any], str]
_item_panels: list[ItemPanel] = []


def register_item_panel(panel: ItemPanel) -> ItemPanel:
    """Registers ``panel``; usable as a decorator. Registering twice has no effect."""
    if panel not in _item_panels:
        _item_panels.append(panel)
    return panel


def unregister_item_panel(panel: ItemPanel) -> None:
    if panel in _item_panels:
        _item_panels.remove(panel)


def item_panels(request: HttpRequest, item: Any) -> list[str]:
    """The registered panels' HTML for ``item`` (``None`` for a new draft), empty ones left out."""
    return [html for html in (panel(request, item) for panel in list(_item_panels)) if html]
