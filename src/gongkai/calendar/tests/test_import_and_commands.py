"""The import file reader and the command-line commands."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from gongkai.calendar.importer import read_calendar_file
from gongkai.calendar.models import CalendarDay, CalendarYear, DayKind, YearStatus

D = dt.date

GOOD_CSV = """日期,类型,名称
2027-01-01,休,元旦
2027/2/5,假,春节
2027年2月20日,班,春节调休上班
2027-05-01,休,劳动节
2027-05-02,休,劳动节
2027-10-01,休,国庆节
2027-10-02,休,国庆节
2027-10-03,休,国庆节
"""


def run(*args: str) -> list[str]:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_reads_chinese_csv_in_gb18030():
    imported = read_calendar_file(GOOD_CSV.encode("gb18030"), "2027.csv")
    assert imported.year == 2027
    assert (D(2027, 2, 5), DayKind.HOLIDAY, "春节") in imported.days
    assert (D(2027, 2, 20), DayKind.WORKDAY, "春节调休上班") in imported.days


def test_reads_xlsx_with_english_headers_and_date_cells():
    book = Workbook()
    sheet = book.active
    sheet.append(["date", "kind", "name"])
    sheet.append([dt.datetime(2027, 10, 1), "holiday", "National Day"])
    sheet.append([dt.datetime(2027, 2, 20), "workday", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    imported = read_calendar_file(buffer.getvalue(), "arrangement.xlsx", year=2027)
    assert imported.days == [(D(2027, 2, 20), DayKind.WORKDAY, ""), (D(2027, 10, 1), DayKind.HOLIDAY, "National Day")]


def test_bad_rows_are_reported_by_row_number():
    text = (
        "日期,类型,名称\n2027-01-01,休,元旦\n2027-13-01,休,坏日期\n2027-03-03,班,周三\n"
        "2027-01-01,休,重复\n2027-04-04,玩,\n"
    )
    with pytest.raises(ValidationError) as info:
        read_calendar_file(text.encode(), "x.csv", year=2027)
    messages = info.value.messages
    assert messages[0].startswith("第3行：") and "无法识别" in messages[0]
    assert messages[1].startswith("第4行：") and "周六或周日" in messages[1]
    assert messages[2].startswith("第5行：") and "与第2行重复" in messages[2]
    assert messages[3].startswith("第6行：") and "类型“玩”无效" in messages[3]


def test_missing_header_is_reported():
    with pytest.raises(ValidationError, match="缺少列"):
        read_calendar_file("日子,名称\n2027-01-01,元旦\n".encode(), "x.csv")


def test_working_days_command_last_line_is_the_date(seeded):
    lines = run("working-days", "2026-09-25", "20")
    assert lines[-1] == "2026-10-29"
    assert any("不计入" in line for line in lines[:-1])
    assert any("2026-10-10" in line for line in lines[:-1])  # the 调休 Saturday is named


def test_working_days_command_marks_provisional(seeded):
    lines = run("working-days", "2026-12-20", "20")
    assert lines[-1].endswith("（暂定）")
    assert dt.date.fromisoformat(lines[-1].removesuffix("（暂定）")).year == 2027
    assert any("2027年的放假安排尚未确认" in line for line in lines)


def test_working_days_between(seeded):
    assert run("working-days", "--between", "2025-09-25", "2025-10-29")[-1] == "20"
    with pytest.raises(CommandError, match="日期"):
        run("working-days", "2026-02-30", "3")


def test_calendar_seed_command(db):
    lines = run("calendar-seed", "--year", "2026", "--year", "2027")
    assert lines[0] == "新建年度：2026、2027"
    assert run("calendar-seed", "--year", "2026")[-1] == "未变化：1 个年度"


def test_calendar_import_command_confirms_the_year(seeded, tmp_path: Path):
    path = tmp_path / "2027.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    lines = run("calendar-import", str(path), "--year", "2027", "--source", "国办发明电〔2026〕9号")
    assert lines[0].startswith("2027年放假安排已导入并确认")
    assert any(line.strip().startswith("新增 2027-02-20 班") for line in lines)
    assert any(line.strip().startswith("删除 2027-10-04") for line in lines)  # the package's estimate
    assert CalendarYear.objects.get(year=2027).status == YearStatus.CONFIRMED
    assert run("working-days", "2027-02-19", "1")[-1] == "2027-02-20"


def test_calendar_import_command_writes_nothing_on_error(seeded, tmp_path: Path):
    path = tmp_path / "bad.csv"
    path.write_text(GOOD_CSV + "2027-02-31,休,坏\n", encoding="utf-8")
    count = CalendarDay.objects.filter(year_id=2027).count()
    with pytest.raises(CommandError, match="第10行"):
        run("calendar-import", str(path), "--year", "2027", "--source", "x")
    assert CalendarDay.objects.filter(year_id=2027).count() == count
    assert CalendarYear.objects.get(year=2027).status == YearStatus.PROVISIONAL
