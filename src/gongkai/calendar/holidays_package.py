"""The ``holidays`` package as the calendar's seed source: its statutory and arranged holidays (in
Chinese), its 调休 make-up workdays, and which years it knows for certain, as calendar rows.

The calendar actions seed the table from here (``calendar_seed``); nothing else reads the package.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.calendar.models import DayKind, DayRow

# How many years past the current one are seeded (as provisional) from the package's estimates.
PROVISIONAL_YEARS_AHEAD = 2


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
