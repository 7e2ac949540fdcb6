"""Fixtures of the catalogue tests."""

from __future__ import annotations

import pytest

from gongkai.catalogue.models import Area, ensure_default_areas
from gongkai.disclosure.models import Category, ensure_default_categories


@pytest.fixture
def area(db) -> Area:
    ensure_default_areas()  # transactional tests flush the migration's rows
    return Area.objects.get(name="义务教育")


@pytest.fixture
def category(db) -> Category:
    ensure_default_categories()
    return Category.objects.get(code="10")
