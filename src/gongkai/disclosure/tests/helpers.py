"""Building disclosure items for the tests, through the actions, in each state."""

from __future__ import annotations

import datetime as dt
import io

from gongkai.disclosure.actions import item_create, item_publish, item_review, item_submit
from gongkai.disclosure.models import Item


def draft(county, category, **values) -> Item:
    values.setdefault("title", "关于做好春耕生产工作的通知")
    values.setdefault("formed_on", dt.date(2025, 3, 3))
    return item_create(agency=county.dept_a, actor=county.clerk_a, category=category, **values)


def published(county, category, published_on: dt.date | None = None, **values) -> Item:
    item = draft(county, category, **values)
    item_submit(item=item, actor=county.clerk_a)
    item_review(item=item, actor=county.reviewer_a, approve=True)
    return item_publish(item=item, actor=county.clerk_a, published_on=published_on or dt.date(2025, 3, 10))


def docx_bytes(text: str) -> bytes:
    """A one-paragraph DOCX document holding ``text``."""
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
