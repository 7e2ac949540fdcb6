"""Helpers for the disclosure tests: items in each state, made through the actions."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.disclosure.actions import item_create, item_publish, item_review, item_submit
from gongkai.disclosure.models import Category, Item, ensure_default_categories


@pytest.fixture
def category(db) -> Category:  # type: ignore[no-untyped-def]
    # Transactional tests (browser, concurrency) flush the tables, migration data included.
    ensure_default_categories()
    return Category.objects.get(code="01")


def draft(county, category, **values) -> Item:  # type: ignore[no-untyped-def]
    values.setdefault("title", "关于做好春耕生产工作的通知")
    values.setdefault("formed_on", dt.date(2025, 3, 3))
    return item_create(agency=county.dept_a, actor=county.clerk_a, category=category, **values)


def published(county, category, published_on: dt.date | None = None, **values) -> Item:  # type: ignore[no-untyped-def]
    item = draft(county, category, **values)
    item_submit(item=item, actor=county.clerk_a)
    item_review(item=item, actor=county.reviewer_a, approve=True)
    return item_publish(item=item, actor=county.clerk_a, published_on=published_on or dt.date(2025, 3, 10))


@pytest.fixture
def make_draft(county, category):  # type: ignore[no-untyped-def]
    return lambda **values: draft(county, values.pop("category", category), **values)


@pytest.fixture
def make_published(county, category):  # type: ignore[no-untyped-def]
    return lambda published_on=None, **values: published(
        county, values.pop("category", category), published_on, **values
    )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Uploaded attachments go to a throwaway folder, never the developer's var/media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
