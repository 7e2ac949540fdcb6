"""Working-day arithmetic on the site's calendar, for callers that hold no calendar of their own.

``add_working_days(start, n)`` and ``working_days_between(a, b)`` read the database calendar through
the per-process cache (``gongkai.calendar.cache``); the arithmetic itself is in the pure
``gongkai.calendar.rules``. A caller that already holds a WorkingCalendar calls its methods directly.
"""

from __future__ import annotations

import datetime as dt

from gongkai.calendar.cache import get_calendar
from gongkai.calendar.rules import WorkCount, WorkDate


def add_working_days(start: dt.date, n: int) -> WorkDate:
    """The ``n``-th working day after ``start`` on the site's calendar (the start day not counted)."""
    return get_calendar().add_working_days(start, n)


def working_days_between(a: dt.date, b: dt.date) -> WorkCount:
    """Working days in (a, b] on the site's calendar."""
    return get_calendar().working_days_between(a, b)
