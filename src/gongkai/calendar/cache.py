"""The site's working-day calendar, loaded from the database and cached once per process.

``get_calendar()`` keeps one WorkingCalendar per process. The calendar actions call ``invalidate()``
(in the writing process, at once and again after commit), and every process checks a one-query
signature of the table (number of years, latest ``CalendarYear.updated_at``) at most every
``settings.GONGKAI_CALENDAR_RECHECK_SECONDS`` (30 s by default; the test settings use 0 because each
test has its own database, which a cached calendar must not outlive), so a web worker notices a change
made by another process within that time without any shared cache being configured. Every calendar
write touches its year row, so the signature changes with every write.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max

from gongkai.calendar.models import CalendarDay, CalendarYear, DayKind, YearStatus
from gongkai.calendar.rules import WorkingCalendar

DEFAULT_RECHECK_SECONDS = 30.0

Signature = tuple[int, dt.datetime | None]


@dataclass
class _Cached:
    calendar: WorkingCalendar
    signature: Signature
    generation: int
    checked_at: float


_lock = threading.Lock()
_generation = 0
_cached: _Cached | None = None


def invalidate() -> None:
    """Makes the next get_calendar() in this process reload from the database."""
    global _generation, _cached
    with _lock:
        _generation += 1
        _cached = None


def _recheck_seconds() -> float:
    return float(getattr(settings, "GONGKAI_CALENDAR_RECHECK_SECONDS", DEFAULT_RECHECK_SECONDS))


def _signature() -> Signature:
    found = CalendarYear.objects.aggregate(n=Count("year"), latest=Max("updated_at"))
    return (found["n"], found["latest"])


def load_calendar() -> WorkingCalendar:
    """Builds a WorkingCalendar from the table (two queries), without the cache."""
    confirmed = frozenset(CalendarYear.objects.filter(status=YearStatus.CONFIRMED).values_list("year", flat=True))
    holidays: set[dt.date] = set()
    workdays: set[dt.date] = set()
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (workdays if kind == DayKind.WORKDAY else holidays).add(day)
    return WorkingCalendar(holidays=frozenset(holidays), workdays=frozenset(workdays), confirmed_years=confirmed)


def get_calendar() -> WorkingCalendar:
    """The site's calendar, cached in-process (see the module docstring for how it is kept fresh)."""
    global _cached
    now = time.monotonic()
    cached = _cached
    if cached is not None and cached.generation == _generation:
        if now - cached.checked_at < _recheck_seconds():
            return cached.calendar
        if _signature() == cached.signature:
            cached.checked_at = now
            return cached.calendar
    generation = _generation
    signature = _signature()
    calendar = load_calendar()
    with _lock:
        # Another thread may have invalidated while we loaded: then keep ours uncached.
        if generation == _generation:
            _cached = _Cached(calendar, signature, generation, now)
    return calendar
