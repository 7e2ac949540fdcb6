"""``gongkai calendar-import FILE --year YYYY --source 文号``: enters a newly announced year's
arrangement (国务院办公厅 notice) from CSV/XLSX with headers 日期,类型,名称, and confirms the year."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.calendar.actions import calendar_import_year
from gongkai.calendar.importer import read_calendar_file
from gongkai.calendar.models import CalendarDay, DayKind


class Command(BaseCommand):
    help = "从 CSV 或 XLSX 导入一个年度的放假安排并确认该年度（表头：日期,类型,名称；类型为“休”或“班”）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--year", type=int, help="导入的年份（省略时由文件中的日期确定）")
        parser.add_argument("--source", required=True, help="来源，如“国办发明电〔2026〕X号”")

    def handle(self, *args: Any, file: Path, year: int | None, source: str, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"找不到文件：{file}")
        try:
            imported = read_calendar_file(file.read_bytes(), file.name, year=year)
            before = {d.date: (d.kind, d.name) for d in CalendarDay.objects.filter(year_id=imported.year)}
            calendar_import_year(year=imported.year, days=imported.days, source=source, actor=None)
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError("导入失败，未写入任何数据：\n" + "\n".join(messages)) from exc
        after = {d: (k, n) for d, k, n in imported.days}
        self.stdout.write(f"{imported.year}年放假安排已导入并确认（来源：{source}）。")
        lines = []
        for d in sorted(set(before) | set(after)):
            old, new = before.get(d), after.get(d)
            if old == new:
                continue
            if new is not None and old is None:
                lines.append(f"  新增 {d.isoformat()} {DayKind(new[0]).label} {new[1]}".rstrip())
            elif old is not None and new is None:
                lines.append(f"  删除 {d.isoformat()} {DayKind(old[0]).label} {old[1]}".rstrip())
            elif old is not None and new is not None:
                lines.append(
                    f"  修改 {d.isoformat()} {DayKind(old[0]).label} {old[1]} → {DayKind(new[0]).label} {new[1]}"
                )
        holidays = sum(1 for k, _ in after.values() if k == DayKind.HOLIDAY)
        self.stdout.write(f"共 {holidays} 个休息日、{len(after) - holidays} 个调休上班日；变化 {len(lines)} 处：")
        for line in lines:
            self.stdout.write(line)
