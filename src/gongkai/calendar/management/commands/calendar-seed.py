"""``gongkai calendar-seed``: fills the working-day calendar from the ``holidays`` package.

Idempotent; years imported or edited by hand are left alone. The demo set-up and ``make test`` call it;
``migrate`` does not (a migration would freeze one package version's data into the schema history).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.calendar.actions import calendar_seed


def _years(years: list[int]) -> str:
    return "、".join(map(str, years)) if years else "无"


class Command(BaseCommand):
    help = "从 holidays 软件包初始化或更新工作日历（人工导入或修改过的年度不覆盖）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, action="append", dest="years", help="只处理这些年份（可重复）")

    def handle(self, *args: Any, years: list[int] | None = None, **options: Any) -> None:
        result = calendar_seed(actor=None, years=years)
        self.stdout.write(f"新建年度：{_years(result.created)}")
        self.stdout.write(f"更新年度：{_years(result.updated)}")
        if result.newly_confirmed:
            self.stdout.write(f"转为已确认：{_years(result.newly_confirmed)}")
        if result.skipped:
            self.stdout.write(f"人工维护、未覆盖：{_years(result.skipped)}")
        self.stdout.write(f"未变化：{len(result.unchanged)} 个年度")
