"""Fixtures of the disclosure tests alone: a category, and items in each state made through the actions."""

from __future__ import annotations

import pytest

from gongkai.disclosure.models import Category, ensure_default_categories
from gongkai.disclosure.tests.helpers import draft, published


@pytest.fixture
def category(db) -> Category:
    # Transactional tests (browser, concurrency) flush the tables, migration data included.
    ensure_default_categories()
    return Category.objects.get(code="01")


@pytest.fixture
def make_draft(county, category):
    return lambda **values: draft(county, values.pop("category", category), **values)


@pytest.fixture
def make_published(county, category):
    return lambda published_on=None, **values: published(
        county, values.pop("category", category), published_on, **values
    )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded attachments go to a throwaway folder, never the developer's var/media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
