"""Loading the working-day calendar from the database, reading the ``holidays`` package, and the
registry of callbacks that recompute deadlines when a year's arrangement changes.

Caching: ``get_calendar()`` keeps one WorkingCalendar per process. The calendar actions call
``invalidate()`` (in the writing process, at once and again after commit), and every process checks a
one-query signature of the table (number of years, latest ``CalendarYear.updated_at``) at most every
``RECHECK_SECONDS`` (30 s by default), so a web worker notices a change made by another process within that time
without any shared cache being configured. Every calendar write touches its year row, so the
signature changes with every write.

Recompute registry: an app whose stored dates depend on the calendar (the applications app and its
legal clock) registers ``register_recompute(callback)`` in its ``AppConfig.ready()``. The callback
gets the sorted list of years whose arrangement changed and must recompute the stored deadlines
that reach into those years. It runs from the ``recompute_calendar_dependents`` task in
``gongkai.calendar.tasks``, which the calendar actions enqueue after their transaction commits.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max

from gongkai.calendar.models import CalendarDay, CalendarYear, DayKind, YearStatus
from gongkai.calendar.rules import WorkingCalendar

logger = logging.getLogger(__name__)

# Seconds between two signature checks of the table; None: the GONGKAI_CALENDAR_RECHECK_SECONDS setting,
# else 30, or 0 under pytest (each test has its own database, which a cached calendar must not outlive).
RECHECK_SECONDS: float | None = None
# How many years past the current one are seeded (as provisional) from the package's estimates.
PROVISIONAL_YEARS_AHEAD = 2

DayRow = tuple[dt.date, DayKind, str]


# ---------------------------------------------------------------------------------------------
# The in-process calendar cache
# ---------------------------------------------------------------------------------------------


@dataclass
class _Cached:
    calendar: WorkingCalendar
    signature: tuple[int, dt.datetime | None]
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
    if RECHECK_SECONDS is not None:
        return RECHECK_SECONDS
    default = 0.0 if getattr(settings, "TESTING", False) else 30.0
    return float(getattr(settings, "GONGKAI_CALENDAR_RECHECK_SECONDS", default))


def _signature() -> tuple[int, dt.datetime | None]:
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


# ---------------------------------------------------------------------------------------------
# Recompute registry
# ---------------------------------------------------------------------------------------------

RecomputeCallback = Callable[[list[int]], object]
_recompute_callbacks: list[RecomputeCallback] = []


def register_recompute(callback: RecomputeCallback) -> RecomputeCallback:
    """Registers ``callback(years)``; usable as a decorator. Registering twice has no effect."""
    if callback not in _recompute_callbacks:
        _recompute_callbacks.append(callback)
    return callback


def unregister_recompute(callback: RecomputeCallback) -> None:
    if callback in _recompute_callbacks:
        _recompute_callbacks.remove(callback)


def recompute_provisional(years: Iterable[int]) -> int:
    """Runs every registered callback for ``years``; returns how many ran. A failing callback does
    not stop the others; the first failure is raised at the end so the task shows as failed."""
    changed = sorted(set(years))
    invalidate()  # this may run in a worker process whose cached calendar predates the change
    first_error: Exception | None = None
    for callback in list(_recompute_callbacks):
        try:
            callback(changed)
        except Exception as exc:
            logger.exception("工作日历变更后重新计算失败：%r", callback)
            first_error = first_error or exc
    if first_error is not None:
        raise first_error
    return len(_recompute_callbacks)


# ---------------------------------------------------------------------------------------------
# The holidays package as a seed source
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackageData:
    """What the ``holidays`` package knows, as calendar rows."""

    source: str
    confirmed_years: frozenset[int]
    days_by_year: dict[int, list[DayRow]]


_SUBSTITUTE = re.compile(r"由\s*(\d{4}-\d{2}-\d{2})\s*调休")
_REST_DAY = "休息日"
_OBSERVED = "（补假）"


def package_source() -> str:
    import holidays

    return f"holidays {holidays.__version__} 数据"


def _festival(day: dt.date, names: dict[dt.date, str], workdays: set[dt.date]) -> str:
    """The festival a rest day or a make-up workday belongs to: the nearest named holiday reached
    through days off (backwards first: a 调休 rest day usually follows its festival)."""
    for step in (-1, 1):
        current = day
        for _ in range(10):
            current += dt.timedelta(days=step)
            name = names.get(current)
            if name and not name.startswith(_REST_DAY):
                return name.replace(_OBSERVED, "")
            # Keep walking through rest days and weekends; stop at the first working day.
            if name is None and (current.weekday() < 5 or current in workdays):
                break
    return ""


def read_package(years: Iterable[int] | None = None, *, today: dt.date | None = None) -> PackageData:
    """Reads the ``holidays`` package: statutory and arranged holidays (in Chinese), 调休 make-up
    workdays, and which years are confirmed (the years spanned by its 调休 data, derived from it).

    ``years`` defaults to the first year with 调休 data through the current year + 2.
    """
    import holidays

    today = today or dt.date.today()
    last = today.year + PROVISIONAL_YEARS_AHEAD
    probe = holidays.country_holidays("CN", years=range(holidays.China.start_year, last + 1))
    known = {d.year for d in probe.weekend_workdays}
    confirmed = frozenset(range(min(known), max(known) + 1)) if known else frozenset()
    wanted = sorted(set(years) if years is not None else range(min(known or {today.year}), last + 1))
    data = holidays.country_holidays("CN", years=wanted, language="zh_CN")
    names: dict[dt.date, str] = {d: "、".join(n.split("; ")) for d, n in data.items()}
    workdays = {d for d in data.weekend_workdays if d.year in wanted}

    # Weekend days inside a holiday break (e.g. Sunday 2026-10-04 between 国庆 days) are days off either
    # way; they are stored as holidays so the month grids show the break whole.
    ordered = sorted(names)
    for before, after in itertools.pairwise(ordered):
        gap = [before + dt.timedelta(days=i) for i in range(1, (after - before).days)]
        if 0 < len(gap) <= 2 and all(d.weekday() >= 5 and d not in workdays for d in gap):
            for d in gap:
                names[d] = ""
    for d in [d for d, n in names.items() if not n or n.startswith(_REST_DAY)]:
        names[d] = _festival(d, names, workdays) or names[d] or "休息日"

    # A make-up workday is named after the festival whose rest day it pays for ("由 … 调休").
    paid_for: dict[dt.date, dt.date] = {}
    for rest_day, raw in data.items():
        for match in _SUBSTITUTE.finditer(raw):
            paid_for[dt.date.fromisoformat(match.group(1))] = rest_day
    days_by_year: dict[int, list[DayRow]] = {y: [] for y in wanted}
    for d, name in names.items():
        if d.year in days_by_year and d not in workdays:
            days_by_year[d.year].append((d, DayKind.HOLIDAY, name))
    for d in workdays:
        festival = _workday_festival(d, paid_for, names)
        days_by_year[d.year].append((d, DayKind.WORKDAY, f"{festival}调休上班" if festival else "调休上班"))
    for rows in days_by_year.values():
        rows.sort()
    return PackageData(source=package_source(), confirmed_years=confirmed, days_by_year=days_by_year)


def _workday_festival(workday: dt.date, paid_for: dict[dt.date, dt.date], names: dict[dt.date, str]) -> str:
    """The festival of the rest day that ``workday`` pays for, else the nearest festival within two weeks."""
    rest_day = paid_for.get(workday)
    if rest_day is not None:
        return names.get(rest_day, "").replace(_OBSERVED, "")
    nearby = sorted((abs((d - workday).days), d) for d, n in names.items() if n and abs((d - workday).days) <= 14)
    return names[nearby[0][1]].replace(_OBSERVED, "") if nearby else ""


def seed_from_holidays(years: Iterable[int] | None = None, *, actor: object = None) -> object:
    """Seeds the table from the ``holidays`` package: ``gongkai.calendar.actions.calendar_seed``
    (permission-checked and audited like every calendar write); returns its SeedResult."""
    from gongkai.calendar.actions import calendar_seed

    return calendar_seed(actor=actor, years=years)
