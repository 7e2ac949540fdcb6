"""The test suite's fixed working-day calendar (``calendar_fixture.json``): 2024–2026 confirmed, with
their holidays and 调休 make-up workdays as the ``holidays`` package gave them, and 2027–2028
provisional (the package's estimate, without 调休).

Tests compute on this calendar rather than on the installed package, so a new package release (one
that knows 2027's arrangement, say) changes none of their results. One test compares this file with the
package for the years both know (``gongkai/calendar/tests/test_rules.py``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from gongkai.calendar.actions import SeedResult, calendar_seed
from gongkai.calendar.cache import invalidate
from gongkai.calendar.holidays_package import PackageData
from gongkai.calendar.models import DayKind, DayRow
from gongkai.calendar.rules import WorkingCalendar

FIXTURE_FILE = Path(__file__).with_name("calendar_fixture.json")


@cache
def fixture_package() -> PackageData:
    """The fixture as the package reader would give it, ready for ``calendar_seed(package=...)``."""
    data = json.loads(FIXTURE_FILE.read_text(encoding="utf-8"))
    days_by_year: dict[int, list[DayRow]] = {year: [] for year in data["years"]}
    for date, kind, name in data["days"]:
        day = dt.date.fromisoformat(date)
        days_by_year[day.year].append((day, DayKind(kind), name))
    return PackageData(
        source=data["source"], confirmed_years=frozenset(data["confirmed_years"]), days_by_year=days_by_year
    )


def as_working_calendar(package: PackageData) -> WorkingCalendar:
    """A WorkingCalendar of ``package``'s rows, built without the database."""
    rows = [row for days in package.days_by_year.values() for row in days]
    return WorkingCalendar(
        holidays=frozenset(d for d, kind, _ in rows if kind == DayKind.HOLIDAY),
        workdays=frozenset(d for d, kind, _ in rows if kind == DayKind.WORKDAY),
        confirmed_years=package.confirmed_years,
    )


def fixture_calendar() -> WorkingCalendar:
    return as_working_calendar(fixture_package())


def seed_fixture_calendar(years: Iterable[int] | None = None) -> SeedResult:
    """Seeds the calendar table from the fixture (all its years, or only ``years``) and drops this
    process's cached calendar, which may belong to an earlier test's database."""
    invalidate()
    result = calendar_seed(actor=None, years=years, package=fixture_package())
    invalidate()
    return result
