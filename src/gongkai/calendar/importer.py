"""Reading a year's holiday arrangement from CSV or XLSX.

Headers ``日期,类型,名称`` (or ``date,kind,name``). 类型 is 休/假/放假/holiday for a day off and
班/上班/workday for a 调休 make-up workday. Dates as 2026-10-01, 2026/10/1 or 2026年10月1日 (or date
cells in XLSX). Every bad row is reported by its row number and reason; the caller writes nothing
unless the whole file is good.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from gongkai.calendar.models import DayKind, DayRow
from gongkai.common.tabular import read_table

COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("日期", "date"),
    "kind": ("类型", "kind", "type"),
    "name": ("名称", "name", "节日"),
}
REQUIRED = ("date", "kind")

KIND_WORDS: dict[str, DayKind] = {
    **dict.fromkeys(("休", "假", "放假", "休息", "节假日", "holiday", "off"), DayKind.HOLIDAY),
    **dict.fromkeys(("班", "上班", "调休上班", "补班", "workday", "work"), DayKind.WORKDAY),
}
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_COMPACT_DATE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


@dataclass(frozen=True)
class ImportedYear:
    year: int
    days: list[DayRow]


def parse_date(text: str) -> dt.date | None:
    match = _DATE.match(text) or _COMPACT_DATE.match(text)
    if match is None:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def parse_kind(text: str) -> DayKind | None:
    return KIND_WORDS.get(text.strip().lower())


def read_calendar_file(data: bytes, filename: str, *, year: int | None = None) -> ImportedYear:
    """Parses the file; raises ValidationError listing every bad row (第N行：reason)."""
    rows = read_table(data, filename, COLUMNS, REQUIRED)
    errors: list[str] = []
    days: list[DayRow] = []
    first_seen: dict[dt.date, int] = {}
    for line, cells in rows:
        day = parse_date(cells.get("date", ""))
        kind = parse_kind(cells.get("kind", ""))
        name = cells.get("name", "").strip()
        problems = []
        if day is None:
            problems.append(f"日期“{cells.get('date', '')}”无法识别（应为 2026-10-01 格式）")
        if kind is None:
            problems.append(f"类型“{cells.get('kind', '')}”无效（应为“休”或“班”）")
        if day is not None:
            if year is not None and day.year != year:
                problems.append(f"{day.isoformat()} 不在{year}年内")
            if day in first_seen:
                problems.append(f"{day.isoformat()} 与第{first_seen[day]}行重复")
            if kind == DayKind.WORKDAY and day.weekday() < 5:
                problems.append(f"{day.isoformat()} 不是周六或周日，不能列为调休上班日")
        if len(name) > 100:
            problems.append("名称过长（最多100字）")
        if problems:
            errors.append(f"第{line}行：" + "；".join(problems))
            continue
        assert day is not None and kind is not None
        first_seen[day] = line
        days.append((day, kind, name))
    if not errors and not days:
        errors.append("文件中没有任何日期行")
    if not errors and year is None:
        found = sorted({d.year for d, _, _ in days})
        if len(found) != 1:
            errors.append(f"文件包含多个年份（{'、'.join(map(str, found))}），请用 --year 指定要导入的年份")
        else:
            year = found[0]
    if errors:
        raise ValidationError(errors)
    assert year is not None
    return ImportedYear(year=year, days=sorted(days))
