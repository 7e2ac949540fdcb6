"""``gongkai working-days START N``: the N-th working day after START (the start day not counted,
《民法典》第二百零一条). The last line is the date alone, with （暂定） when a year in the span has no
confirmed arrangement. ``--between A B`` prints the number of working days in (A, B] instead."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.calendar.cache import get_calendar
from gongkai.calendar.models import CalendarDay, DayKind
from gongkai.calendar.rules import WorkingCalendar

WEEKDAY_NAMES = "一二三四五六日"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”无效，应为 YYYY-MM-DD 格式") from None


def _describe(d: dt.date, extra: str = "") -> str:
    return f"{d.isoformat()}（星期{WEEKDAY_NAMES[d.weekday()]}{'，' + extra if extra else ''}）"


class Command(BaseCommand):
    help = "计算工作日：START 之后第 N 个工作日（起算日不计入）；或 --between A B 计算两日之间的工作日数"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("start", nargs="?", help="起算日，YYYY-MM-DD（当日不计入）")
        parser.add_argument("n", nargs="?", type=int, help="工作日数")
        parser.add_argument("--between", nargs=2, metavar=("A", "B"), help="计算 A 之后至 B（含）的工作日数")

    def handle(self, *args: Any, start: str | None, n: int | None, between: list[str] | None, **options: Any) -> None:
        calendar = get_calendar()
        if between:
            a, b = (_date(t) for t in between)
            count = calendar.working_days_between(a, b)
            self.stdout.write(f"{_describe(a)}之后至{_describe(b)}（含）的工作日数：")
            self._note_provisional(calendar, a, b, count.provisional)
            self.stdout.write(str(count))
            return
        if start is None or n is None:
            raise CommandError("用法：gongkai working-days START N，或 gongkai working-days --between A B")
        if n < 0:
            raise CommandError("工作日数不能为负数")
        begin = _date(start)
        result = calendar.add_working_days(begin, n)
        start_entry = CalendarDay.objects.filter(date=begin).first()
        note = (start_entry.name or start_entry.get_kind_display()) if start_entry else ""
        self.stdout.write(f"起算日：{_describe(begin, note)}，当日不计入，自下一日开始计算（《民法典》第二百零一条）。")
        self._explain_span(begin, result.date)
        self._note_provisional(calendar, begin, result.date, result.provisional)
        self.stdout.write(f"第 {n} 个工作日：{_describe(result.date)}")
        self.stdout.write(str(result))

    def _explain_span(self, begin: dt.date, end: dt.date) -> None:
        days = list(CalendarDay.objects.filter(date__gt=begin, date__lte=end).order_by("date"))
        off = [d for d in days if d.kind == DayKind.HOLIDAY and d.date.weekday() < 5]
        on = [d for d in days if d.kind == DayKind.WORKDAY]
        if off:
            self.stdout.write("跳过的节假日：" + "、".join(f"{d.date.isoformat()} {d.name}".rstrip() for d in off))
        if on:
            self.stdout.write("计入的调休上班日：" + "、".join(_describe(d.date) for d in on))

    def _note_provisional(self, calendar: WorkingCalendar, a: dt.date, b: dt.date, provisional: bool) -> None:
        if not provisional:
            return
        low, high = sorted((a.year, b.year))
        missing = [str(y) for y in range(low, high + 1) if not calendar.is_confirmed(y)]
        self.stdout.write(f"注意：{'、'.join(missing)}年的放假安排尚未确认，结果为暂定，确认后须重新计算。")
