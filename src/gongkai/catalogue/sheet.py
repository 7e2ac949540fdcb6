"""The county's XLSX layout of a 标准目录: reading it (merged 公开事项 cells, √/■/□ tick columns, a header
over two rows) into entry values, and writing the same layout back. No database access here.

The layout (docs/catalogue.md): a title row, then
序号 | 公开事项（一级事项 | 二级事项 | [三级事项]）| 公开内容（要素）| 公开依据 | 公开时限 |
[公开时长] | [公示期] | 公开主体 | 公开渠道和载体 | 公开对象（全社会 | 特定群体）|
公开方式（主动 | 依申请）| 公开层级（[市级] | 县级 | 乡级 | 村级）
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from gongkai.catalogue.rules import AUDIENCES, LEVELS, MODES, format_channels, parse_channels, tick
from gongkai.common.spreadsheets import safe_cell, unquote_cell
from gongkai.common.zipguard import ZipBombError, check_archive

# key → accepted header texts (after removing spaces and normalising brackets).
SINGLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "serial": ("序号",),
    "content": ("公开内容（要素）", "公开内容", "公开内容(要素)"),
    "basis": ("公开依据",),
    "time_limit": ("公开时限",),
    "duration": ("公开时长",),
    "publicity": ("公示期", "公示时限"),
    "subject": ("公开主体",),
    "channels": ("公开渠道和载体", "公开渠道", "公开载体"),
}
ITEM_COLUMNS: dict[str, tuple[str, ...]] = {
    "level1": ("一级事项", "一级"),
    "level2": ("二级事项", "二级"),
    "level3": ("三级事项", "三级"),
}
GROUPS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("audiences", "公开对象", AUDIENCES),
    ("modes", "公开方式", MODES),
    ("levels", "公开层级", LEVELS),
)
REQUIRED = ("level1", "content")
MAX_ROWS = 5000


@dataclass
class Layout:
    has_level3: bool = False
    has_city_level: bool = False
    has_duration: bool = False
    has_publicity: bool = False


@dataclass
class ParsedSheet:
    title: str
    layout: Layout
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _norm(value: object) -> str:
    text = "" if value is None else str(value)
    text = re.sub(r"\s+", "", text)
    return text.replace("(", "（").replace(")", "）")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # Our own export quoted text that a spreadsheet would run as a formula (write_sheet): read it back as written.
    return unquote_cell(str(value).strip()).strip()


def _grid(sheet: Any) -> list[list[object]]:
    """The sheet's values with every merged range filled from its top-left cell."""
    grid = [list(row) for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        value = sheet.cell(merged.min_row, merged.min_col).value
        for r in range(merged.min_row, min(merged.max_row, len(grid)) + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                row = grid[r - 1]
                while len(row) < c:
                    row.append(None)
                row[c - 1] = value
    return grid


def _column_map(top: list[object], sub: list[object] | None) -> tuple[dict[str, int], list[str]]:
    """Maps keys (“level1”, “audiences:public”, …) to column indexes; unknown headers are reported."""
    by_label: dict[str, str] = {}
    for key, names in {**SINGLE_COLUMNS, **ITEM_COLUMNS}.items():
        for name in names:
            by_label[_norm(name)] = key
    group_labels = {_norm(label): key for key, label, _ in GROUPS}
    sub_labels = {key: {_norm(label): opt for opt, label in options} for key, _, options in GROUPS}
    columns: dict[str, int] = {}
    unknown: list[str] = []
    carried = ""
    for index, head in enumerate(top):
        upper = _norm(head)
        lower = _norm(sub[index]) if sub is not None and index < len(sub) else ""
        # A group header written once over unmerged cells covers the sub-headers that follow it.
        if upper:
            carried = upper
        elif lower:
            upper = carried
        if upper in group_labels and lower:
            group = group_labels[upper]
            option = sub_labels[group].get(lower)
            if option is None:
                unknown.append(f"{upper}·{lower}")
            else:
                columns[f"{group}:{option}"] = index
            continue
        label = lower or upper
        if upper == "公开事项" and not lower:
            label = "一级事项"
        key = by_label.get(label) or by_label.get(upper)
        if key is not None:
            columns.setdefault(key, index)
        elif label:
            unknown.append(label)
    return columns, unknown


def read_sheet(data: bytes, filename: str) -> ParsedSheet:
    """Reads the first worksheet. Raises ValidationError for an unreadable file or header; returns
    every bad row's message in ``errors`` (with its row number as Excel shows it)."""
    if not filename.lower().endswith((".xlsx", ".xlsm")):
        raise ValidationError("请上传 XLSX 格式的标准目录（Excel 2007 及以上版本）")
    from openpyxl import load_workbook

    try:
        check_archive(data, what="该 XLSX 文件")  # before openpyxl expands it (decompression bombs)
    except ZipBombError as exc:
        raise ValidationError(str(exc)) from exc
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:
        raise ValidationError(f"无法读取 XLSX 文件：{exc}") from exc
    grid = _grid(book.worksheets[0])
    header_at = next((i for i, row in enumerate(grid[:20]) if any(_norm(v) == "序号" for v in row)), None)
    if header_at is None:
        raise ValidationError("找不到表头：前20行中没有“序号”列")
    title = next((_text(v) for row in grid[:header_at] for v in row if _text(v)), "")
    top = grid[header_at]
    following = grid[header_at + 1] if header_at + 1 < len(grid) else []
    known_sub = {_norm(n) for names in ITEM_COLUMNS.values() for n in names}
    known_sub |= {_norm(label) for _, _, options in GROUPS for _, label in options}
    two_line = any(_norm(v) in known_sub for v in following)
    columns, _unknown = _column_map(top, following if two_line else None)
    missing = [name for key, name in (("level1", "一级事项"), ("content", "公开内容（要素）")) if key not in columns]
    for group, label, _ in GROUPS:
        if not any(key.startswith(group + ":") for key in columns):
            missing.append(label)
    if missing:
        raise ValidationError(f"表头缺少以下列：{'、'.join(missing)}")
    layout = Layout(
        has_level3="level3" in columns,
        has_city_level="levels:city" in columns,
        has_duration="duration" in columns,
        has_publicity="publicity" in columns,
    )
    parsed = ParsedSheet(title=title, layout=layout)
    first_data = header_at + (2 if two_line else 1)
    if len(grid) - first_data > MAX_ROWS:
        raise ValidationError(f"目录超过{MAX_ROWS}行")
    for offset, row in enumerate(grid[first_data:]):
        number = first_data + offset + 1
        if not any(_text(v) for v in row):
            continue
        values, problems = _row(row, columns)
        if problems:
            parsed.errors.append(f"第{number}行：" + "；".join(problems))
        else:
            parsed.rows.append((number, values))
    if not parsed.rows and not parsed.errors:
        raise ValidationError("表中没有目录事项")
    return parsed


def _row(row: list[object], columns: dict[str, int]) -> tuple[dict[str, Any], list[str]]:
    def cell(key: str) -> str:
        index = columns.get(key)
        return _text(row[index]) if index is not None and index < len(row) else ""

    problems: list[str] = []
    values: dict[str, Any] = {
        key: cell(key)
        for key in ("serial", "level1", "level2", "level3", "content", "basis", "time_limit", "duration", "publicity")
    }
    values["subject"] = cell("subject")
    if not values["level1"]:
        problems.append("未填写一级事项")
    if not values["content"]:
        problems.append("未填写公开内容（要素）")
    for key, limit in (("serial", 20), ("level1", 200), ("level2", 200), ("level3", 200), ("time_limit", 300)):
        if len(values[key]) > limit:
            problems.append(f"{_label(key)}超过{limit}字")
    channels, unknown = parse_channels(cell("channels"))
    if unknown:
        problems.append(f"未知的公开渠道和载体：{'、'.join(unknown)}")
    values["channels"] = channels
    for group, label, options in GROUPS:
        chosen = []
        for option, option_label in options:
            key = f"{group}:{option}"
            if key not in columns:
                continue
            ticked = tick(cell(key))
            if ticked is None:
                problems.append(f"“{label}·{option_label}”列的“{cell(key)}”不是勾选符号（请用√或■，未选留空或□）")
            elif ticked:
                chosen.append(option)
        values[group] = chosen
        if not chosen and group in {"modes", "levels"} and not any("勾选" in p for p in problems):
            problems.append(f"未勾选{label}")
    return values, problems


def _label(key: str) -> str:
    names = {**SINGLE_COLUMNS, **ITEM_COLUMNS}
    return names[key][0]


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def header_plan(layout: Layout) -> list[tuple[str, str, str]]:
    """(key, upper header, lower header) per column; lower is "" for a column spanning both rows."""
    plan: list[tuple[str, str, str]] = [("serial", "序号", ""), ("level1", "公开事项", "一级事项")]
    plan.append(("level2", "公开事项", "二级事项"))
    if layout.has_level3:
        plan.append(("level3", "公开事项", "三级事项"))
    plan += [("content", "公开内容（要素）", ""), ("basis", "公开依据", ""), ("time_limit", "公开时限", "")]
    if layout.has_duration:
        plan.append(("duration", "公开时长", ""))
    if layout.has_publicity:
        plan.append(("publicity", "公示期", ""))
    plan += [("subject", "公开主体", ""), ("channels", "公开渠道和载体", "")]
    for group, label, options in GROUPS:
        for option, option_label in options:
            if group == "levels" and option == "city" and not layout.has_city_level:
                continue
            plan.append((f"{group}:{option}", label, option_label))
    return plan


WIDTHS = {"serial": 6, "content": 40, "basis": 40, "channels": 22, "time_limit": 20}


def write_sheet(title: str, layout: Layout, entries: list[dict[str, Any]]) -> bytes:
    """The county layout: title row, two header rows, 序号 and 一级事项 merged over their runs."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    plan = header_plan(layout)
    book = Workbook()
    sheet = book.active
    sheet.title = "标准目录"
    width = len(plan)
    sheet.cell(1, 1, safe_cell(title)).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")
    column = 1
    while column <= width:
        key, upper, lower = plan[column - 1]
        span = 1
        while column + span <= width and lower and plan[column + span - 1][1] == upper and plan[column + span - 1][2]:
            span += 1
        sheet.cell(2, column, upper)
        if lower:
            if span > 1:
                sheet.merge_cells(start_row=2, start_column=column, end_row=2, end_column=column + span - 1)
            for i in range(span):
                sheet.cell(3, column + i, plan[column + i - 1][2])
        else:
            sheet.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
        column += span
    for r in (2, 3):
        for c in range(1, width + 1):
            sheet.cell(r, c).font = Font(bold=True)
            sheet.cell(r, c).alignment = wrap
            sheet.cell(r, c).border = border
    for index, entry in enumerate(entries):
        r = 4 + index
        for c, (key, _, _) in enumerate(plan, start=1):
            if ":" in key:
                group, option = key.split(":")
                value = "√" if option in entry.get(group, []) else ""
            elif key == "channels":
                value = format_channels(entry.get("channels", []))
            else:
                value = entry.get(key, "")
            # Text the county typed (or anyone who imported) never becomes a live formula in Excel.
            target = sheet.cell(r, c, safe_cell(value) or None)
            target.alignment = Alignment(wrap_text=True, vertical="center")
            target.border = border
    # 序号 and 一级事项 merged over a run of rows of the same 一级事项 (how counties lay it out).
    start = 0
    for index in range(1, len(entries) + 1):
        same = index < len(entries) and (
            (entries[index].get("serial"), entries[index].get("level1"))
            == (entries[start].get("serial"), entries[start].get("level1"))
        )
        if same:
            continue
        if index - start > 1:
            for c in (1, 2):
                sheet.merge_cells(start_row=4 + start, start_column=c, end_row=4 + index - 1, end_column=c)
        start = index
    from openpyxl.utils import get_column_letter

    for c, (key, _, _) in enumerate(plan, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = WIDTHS.get(key, 14 if ":" not in key else 7)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
