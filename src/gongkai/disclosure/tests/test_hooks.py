"""The item panels a higher app registers (gongkai.disclosure.hooks) show on the item's staff pages."""

from __future__ import annotations

import datetime as dt

from django.test import RequestFactory
from django.utils.html import format_html

from gongkai.disclosure.actions import item_create
from gongkai.disclosure.hooks import item_panels, register_item_panel, unregister_item_panel
from gongkai.disclosure.models import Category, ensure_default_categories
from gongkai.testing.helpers import PASSWORD


def _panel(request, item) -> str:
    return format_html('<p id="extra-panel">附加面板：{}</p>', item.title) if item is not None else ""


def test_registered_panel_shows_on_the_item_page_and_draft_form(client, county, seeded) -> None:
    ensure_default_categories()
    item = item_create(
        agency=county.dept_a,
        actor=None,
        category=Category.objects.first(),
        title="<b>标题</b>",
        formed_on=dt.date(2025, 6, 2),
    )
    client.login(username="clerk_a", password=PASSWORD)
    register_item_panel(_panel)
    register_item_panel(_panel)  # twice: shown once
    try:
        for path in (f"/workspace/items/{item.pk}/", f"/workspace/items/{item.pk}/edit/"):
            page = client.get(path).content.decode()
            assert page.count('id="extra-panel"') == 1 and "附加面板：&lt;b&gt;标题&lt;/b&gt;" in page
        assert item_panels(RequestFactory().get("/"), None) == []  # nothing to show for a new draft
    finally:
        unregister_item_panel(_panel)
    assert 'id="extra-panel"' not in client.get(f"/workspace/items/{item.pk}/").content.decode()
