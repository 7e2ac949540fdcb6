"""Fixtures of the calendar tests alone: users with and without the right to edit the calendar.
The shared calendar fixtures (``cal``, ``package_calendar``, ``seeded``) are in ``gongkai.testing.plugin``."""

from __future__ import annotations

import pytest

from gongkai.accounts.models import User


@pytest.fixture
def sysadmin(db: None) -> User:
    return User.objects.create_user(
        username="calendar-admin", password="x-Pa55word-long", is_system_admin=True, is_staff=True
    )


@pytest.fixture
def clerk(db: None) -> User:
    return User.objects.create_user(username="calendar-clerk", password="x-Pa55word-long", is_staff=True)
