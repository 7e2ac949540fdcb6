"""The pytest plugin with the fixtures more than one app's tests use; the repository's root
``conftest.py`` registers it (``pytest_plugins = ["gongkai.testing.plugin"]``). A fixture that one app
alone uses stays in that app's ``tests/conftest.py``.

Calendar fixtures use the suite's fixed calendar (``gongkai.testing.calendar_fixture``), never what the
installed ``holidays`` package happens to know, except ``package_calendar``, which is the package itself.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from gongkai.calendar.actions import SeedResult
    from gongkai.calendar.rules import WorkingCalendar
    from gongkai.testing.helpers import County

REPO_ROOT = Path(__file__).resolve().parents[3]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = "/usr/bin/chromium"


# ---------------------------------------------------------------------------------------------
# Reference samples beside the checkout
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Agencies and users
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def county(db: None) -> County:
    """A small agency tree with users in every role (gongkai.testing.helpers.County)."""
    from gongkai.testing.helpers import build_county

    return build_county()


# ---------------------------------------------------------------------------------------------
# The working-day calendar
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def cal() -> WorkingCalendar:
    """The fixture calendar without the database: 2024–2026 confirmed (with 调休), 2027–2028 provisional."""
    from gongkai.testing.calendar_fixture import fixture_calendar

    return fixture_calendar()


@pytest.fixture(scope="session")
def package_calendar() -> WorkingCalendar:
    """What the installed ``holidays`` package knows, as a WorkingCalendar (no database): for checks
    of the package reader and of the fixture against the package, never for rule tests."""
    from gongkai.calendar.holidays_package import read_package
    from gongkai.testing.calendar_fixture import as_working_calendar

    return as_working_calendar(read_package())


@pytest.fixture
def seeded(db: None) -> Iterator[SeedResult]:
    """The calendar table seeded from the fixture calendar (2024–2028); yields the SeedResult."""
    from gongkai.calendar.cache import invalidate
    from gongkai.testing.calendar_fixture import seed_fixture_calendar

    yield seed_fixture_calendar()
    invalidate()  # the next test's database starts empty again


# ---------------------------------------------------------------------------------------------
# The browser
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
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
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-quic",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
