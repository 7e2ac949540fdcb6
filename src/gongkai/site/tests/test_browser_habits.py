"""How the browser tests read a page. A click that navigates returns once the new page has begun to
arrive, so a check that reads the page once (``is_visible()``, ``count()``, the focus, the title) may
see it half built, or before its script has run: the CI run of stop 20 failed that way, a search
result "not visible" on a page that held it. Checks go through Playwright's ``expect``, which waits
until the page agrees or the timeout passes."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
# A one-time read of the page inside an assert (visibility, a locator's count, the focus, the title);
# ORM counts (``objects.count()``) are not locators.
ONE_TIME_READ = re.compile(
    r"^\s*assert\b.*(\.is_visible\(\)|\.is_hidden\(\)|(?<!objects)\.count\(\) ==|activeElement|page\.title\(\))", re.M
)


def test_browser_tests_wait_for_the_page_instead_of_reading_it_once() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{text.count(chr(10), 0, match.start()) + 1}"
        for path in sorted(PACKAGE.rglob("tests/test_browser*.py"))
        for text in [path.read_text(encoding="utf-8")]
        for match in ONE_TIME_READ.finditer(text)
    ]
    assert offenders == []
