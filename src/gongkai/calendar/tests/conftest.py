"""Fixtures of the calendar tests: the package's calendar without the database, and seeded tables."""

from __future__ import annotations

import pytest

from gongkai.calendar.models import DayKind
from gongkai.calendar.rules import WorkingCalendar
from gongkai.calendar.services import read_package

# Years the database tests seed: enough for the cases (2025–2026 confirmed, 2027–2028 provisional)
# while keeping each test's set-up short; the cross-check seeds everything.
TEST_YEARS = [2024, 2025, 2026, 2027, 2028]


@pytest.fixture(scope="session")
def package_calendar() -> WorkingCalendar:
    """The holidays package's data as a WorkingCalendar, built without the database."""
    package = read_package()
    holidays = {d for rows in package.days_by_year.values() for d, k, _ in rows if k == DayKind.HOLIDAY}
    workdays = {d for rows in package.days_by_year.values() for d, k, _ in rows if k == DayKind.WORKDAY}
    return WorkingCalendar(
        holidays=frozenset(holidays), workdays=frozenset(workdays), confirmed_years=package.confirmed_years
    )


@pytest.fixture
def seeded(db):
    from gongkai.calendar.actions import calendar_seed
    from gongkai.calendar.services import invalidate

    invalidate()
    result = calendar_seed(actor=None, years=TEST_YEARS)
    yield result
    invalidate()  # the next test's database starts empty again


@pytest.fixture
def sysadmin(db):
    from gongkai.accounts.models import User

    return User.objects.create_user(
        username="calendar-admin", password="x-Pa55word-long", is_system_admin=True, is_staff=True
    )


@pytest.fixture
def clerk(db):
    from gongkai.accounts.models import User

    return User.objects.create_user(username="calendar-clerk", password="x-Pa55word-long", is_staff=True)
