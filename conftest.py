"""Suite-wide test configuration.

Two runs share this file: the default one on SQLite, and (``GONGKAI_TEST_DB=postgres``) the PostgreSQL
run, which keeps only the tests that touch the database: pure tests gain nothing from a second run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def shared_dir() -> Path | None:
    """The ../shared folder beside the checkout (or GONGKAI_SHARED_DIR), if present."""
    candidate = Path(os.environ.get("GONGKAI_SHARED_DIR", REPO_ROOT.parent / "shared"))
    return candidate if candidate.is_dir() else None


@pytest.fixture
def shared() -> Path:
    """Path of ../shared. Outside CI a missing folder skips the test; in CI it fails it."""
    found = shared_dir()
    if found is None:
        if IN_CI:
            pytest.fail("../shared is missing, and CI=true requires the shared fixtures")
        pytest.skip("waits for ../shared (the reference samples) beside the checkout")
    return found


@pytest.fixture
def samples(shared: Path) -> Path:
    return shared / "samples" / "reports"


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


@pytest.fixture
def county(db):  # type: ignore[no-untyped-def]
    """A small agency tree with users in every role (gongkai.core.testing.County)."""
    from gongkai.core.testing import build_county

    return build_county()


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's chromium driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail("CI=true needs /usr/bin/chromium (make test installs it as root)")
        pytest.skip("waits for Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
    # itself are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                  "--no-first-run", "--disable-component-update", "--disable-sync"],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()

