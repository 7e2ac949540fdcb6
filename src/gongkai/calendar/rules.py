"""Working-day arithmetic the Chinese way: pure functions, no database access.

A date is a working day (工作日) when it is Monday–Friday and not a statutory or arranged holiday
(《全国年节及纪念日放假办法》 第二、六、七条), or when it is an announced 调休 weekend make-up workday
(the 国务院办公厅 notice of each year's holiday arrangement).

Periods follow 《中华人民共和国民法典》 第二百零一条 by analogy: "开始的当日不计入，自下一日开始计算". So
"自收到申请之日起20个工作日内" (《政府信息公开条例》 第三十三条) ends on the 20th working day **after** the
day of receipt; a receipt on a holiday does not shift day 1, which is still the first working day after it.

Every result carries ``provisional``: True when the span reaches into a year whose arrangement is not
confirmed (no 国办 notice entered yet), so callers show it as 暂定 and never as final.

The site's calendar comes from the database through ``gongkai.calendar.cache.get_calendar()``;
``gongkai.calendar.workdays`` applies it for callers that hold no calendar of their own.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

PROVISIONAL_MARK = "（暂定）"
_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class WorkDate:
    """A computed date and whether it is only an estimate (暂定)."""

    date: dt.date
    provisional: bool

    def __str__(self) -> str:
        return self.date.isoformat() + (PROVISIONAL_MARK if self.provisional else "")


@dataclass(frozen=True)
class WorkCount:
    """A number of working days and whether it is only an estimate (暂定)."""

    days: int
    provisional: bool

    def __str__(self) -> str:
        return str(self.days) + (PROVISIONAL_MARK if self.provisional else "")


def _is_weekend(d: dt.date) -> bool:
    return d.weekday() >= 5


def _weekdays_in(a: dt.date, b: dt.date) -> int:
    """Mon–Fri dates in the half-open span (a, b], by arithmetic rather than a loop."""
    if b <= a:
        return 0

    # Weekdays in [epoch, d) for a Monday epoch: whole weeks give 5 each, the rest at most 5.
    def before(d: dt.date) -> int:
        days = d.toordinal() - 1  # ordinal 1 (0001-01-01) is a Monday
        weeks, rest = divmod(days, 7)
        return weeks * 5 + min(rest, 5)

    return before(b + _ONE_DAY) - before(a + _ONE_DAY)


@dataclass(frozen=True)
class WorkingCalendar:
    """The statutory/arranged holidays and 调休 make-up workdays, and the years they are final for.

    ``holidays`` may include weekend dates (kept for display); they change nothing in the arithmetic
    because a weekend is not a working day anyway. A date in both sets is treated as a workday, but
    the importer refuses such data.
    """

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    confirmed_years: frozenset[int] = frozenset()
    # Sorted views for counting over long spans with bisect; derived once when the calendar is built.
    _weekday_holidays: tuple[dt.date, ...] = field(init=False, repr=False, compare=False)
    _weekend_workdays: tuple[dt.date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        off = tuple(sorted(d for d in self.holidays if not _is_weekend(d) and d not in self.workdays))
        on = tuple(sorted(d for d in self.workdays if _is_weekend(d)))
        object.__setattr__(self, "_weekday_holidays", off)
        object.__setattr__(self, "_weekend_workdays", on)

    def is_working_day(self, d: dt.date) -> bool:
        if d in self.workdays:
            return True
        return not _is_weekend(d) and d not in self.holidays

    def is_confirmed(self, year: int) -> bool:
        return year in self.confirmed_years

    def is_provisional(self, start: dt.date, end: dt.date) -> bool:
        """Whether any year touched by the span from ``start`` to ``end`` is not confirmed."""
        low, high = sorted((start.year, end.year))
        return any(y not in self.confirmed_years for y in range(low, high + 1))

    def add_working_days(self, start: dt.date, n: int) -> WorkDate:
        """The ``n``-th working day after ``start`` (民法典 第二百零一条: the start day is not counted).

        ``n == 0`` returns ``start`` itself. Whether ``start`` is a working day does not matter.
        """
        if n < 0:
            raise ValueError("工作日数不能为负数")
        current = start
        remaining = n
        is_working = self.is_working_day
        while remaining:
            current += _ONE_DAY
            if is_working(current):
                remaining -= 1
        return WorkDate(current, self.is_provisional(start, current))

    def working_days_between(self, a: dt.date, b: dt.date) -> WorkCount:
        """Working days in (a, b]: ``a`` is not counted, ``b`` is; 0 when ``b`` is not after ``a``.

        The inverse of add_working_days: ``working_days_between(s, add_working_days(s, n).date) == n``.
        """
        if b <= a:
            return WorkCount(0, self.is_provisional(b, a))
        days = _weekdays_in(a, b) - _count_in(self._weekday_holidays, a, b) + _count_in(self._weekend_workdays, a, b)
        return WorkCount(days, self.is_provisional(a, b))


def _count_in(sorted_dates: tuple[dt.date, ...], a: dt.date, b: dt.date) -> int:
    """How many of ``sorted_dates`` fall in (a, b]."""
    return bisect.bisect_right(sorted_dates, b) - bisect.bisect_right(sorted_dates, a)
