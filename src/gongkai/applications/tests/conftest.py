"""Fixtures of the applications tests: the package's working-day calendar without the database, and
a seeded calendar table for database tests."""

from __future__ import annotations

import pytest

from gongkai.calendar.models import DayKind
from gongkai.calendar.rules import WorkingCalendar
from gongkai.calendar.services import read_package

YEARS = [2025, 2026, 2027]


@pytest.fixture(scope="session")
def cal() -> WorkingCalendar:
    """2025 and 2026 confirmed (with 调休), 2027 provisional: the holidays package's data."""
    package = read_package(YEARS)
    holidays = {d for rows in package.days_by_year.values() for d, k, _ in rows if k == DayKind.HOLIDAY}
    workdays = {d for rows in package.days_by_year.values() for d, k, _ in rows if k == DayKind.WORKDAY}
    return WorkingCalendar(
        holidays=frozenset(holidays),
        workdays=frozenset(workdays),
        confirmed_years=frozenset(y for y in package.confirmed_years if y in YEARS),
    )


@pytest.fixture
def seeded(db):
    from gongkai.calendar.actions import calendar_seed
    from gongkai.calendar.services import invalidate

    invalidate()
    calendar_seed(actor=None, years=YEARS)
    yield
    invalidate()
