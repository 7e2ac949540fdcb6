"""Suite-wide test configuration.

Two runs share this file: the default one on SQLite, and (``GONGKAI_TEST_DB=postgres``) the PostgreSQL
run, which keeps only the tests that touch the database: pure tests gain nothing from a second run.
Shared fixtures are in ``gongkai.testing.plugin``; each app's ``tests/conftest.py`` has its own alone.
"""

from __future__ import annotations

import os

import pytest

# The fixtures shared by several apps' tests (county, cal, seeded, browser, …).
pytest_plugins = ["gongkai.testing.plugin"]

_DB_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server", "client", "admin_client"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("GONGKAI_TEST_DB") != "postgres":
        return
    keep, drop = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") is not None or bool(
            _DB_FIXTURES.intersection(getattr(item, "fixturenames", ()))
        )
        is_browser = item.get_closest_marker("browser") is not None
        (keep if uses_db and not is_browser else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
