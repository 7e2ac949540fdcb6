"""The report laid out once, for every exporter: title, sections, and each table as a grid of cells.

The grids follow the national form cell for cell: header cells and their spans come from the format
definitions (``gongkai.reportformats.definitions``), row labels sit in the label column that their
row groups leave free, and each value sits under the header cell that carries its column label.
DOCX, XLSX, HTML and PDF only draw these grids, so a merged cell is decided in one place.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from gongkai.reportformats.definitions import (
    APPLICATIONS_NOTE,
    FORMATS,
    Column,
    FormatDefinition,
    HeaderCell,
    Row,
    Table,
)

# Cell roles: what a renderer needs to choose a tag, an alignment and a font.
TITLE = "title"  # a table's own title printed inside it (第二十条第（一）项)
HEADER = "header"  # a column header
NOTE = "note"  # the 勾稽 note over the label columns of section 三
GROUP = "group"  # a label spanning several rows with no data of its own (（三）不予公开)
LABEL = "label"  # a row label
VALUE = "value"  # a figure

LEGACY_TITLE = "政府信息公开情况统计表"
LEGACY_HEADER = ("统计指标", "单位", "统计数")
LEGACY_CUMULATIVE = "历年累计"


class ExportError(ValueError):
    """The report cannot be rendered (unknown format, a value of the wrong type)."""


@dataclass(frozen=True)
class GridCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    role: str = VALUE
    # Right-aligned figure (counts, money); labels and headers are text.
    numeric: bool = False
    # The canonical value behind a figure: int, decimal string or None (blank).
    value: Any = None
    # (row key, column key) of a figure, so that tests and the portal can find it.
    key: tuple[str, str] | None = None
    # Label depth: 0 for a top-level row (一、…), 2 for a numbered sub-item (1.…).
    level: int = 0

    @property
    def last_row(self) -> int:
        return self.row + self.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.colspan - 1

    def covers(self, row: int, col: int) -> bool:
        return self.row <= row <= self.last_row and self.col <= col <= self.last_col


@dataclass(frozen=True)
class Grid:
    key: str
    title: str
    section: str
    rows: int
    cols: int
    header_rows: int
    label_columns: int
    cells: tuple[GridCell, ...]
    # True when the title is printed as the first header row (the tables of section 二).
    titled_inside: bool = False

    def at(self, row: int, col: int) -> GridCell | None:
        """The cell covering grid position (row, col), merged or not."""
        for cell in self.cells:
            if cell.covers(row, col):
                return cell
        return None

    def values(self) -> Iterator[GridCell]:
        return (c for c in self.cells if c.role == VALUE)


@dataclass(frozen=True)
class SectionBlock:
    numeral: str
    heading: str
    paragraphs: tuple[str, ...]
    grids: tuple[Grid, ...] = ()


@dataclass(frozen=True)
class ReportLayout:
    title: str
    agency: str
    year: int | None
    format_key: str
    format_name: str
    document: str
    sections: tuple[SectionBlock, ...] = field(default_factory=tuple)

    def grids(self) -> Iterator[Grid]:
        for section in self.sections:
            yield from section.grids


# ---------------------------------------------------------------------------------------------
# Values


def report_title(report: dict[str, Any]) -> str:
    year = report.get("year")
    return f"{report.get('agency') or ''}{year if year is not None else ''}年政府信息公开工作年度报告"


def decimal_text(value: Any) -> str:
    """A money value as printed: decimal strings stay exactly as they are; Decimals lose no digit."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        try:
            Decimal(value)
        except InvalidOperation as exc:
            raise ExportError(f"金额不是十进制数字：{value!r}") from exc
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    # A float would already have lost the printed digits (docs/report-data.md: money is never a float).
    raise ExportError(f"金额应为十进制字符串，实际为 {type(value).__name__}：{value!r}")


def count_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ExportError(f"数量应为整数，实际为 {type(value).__name__}：{value!r}")
    return str(value)


def value_text(value: Any, column: Column, row_values: dict[str, Any]) -> str:
    if value is None:
        return ""
    if column.kind == "decimal":
        return decimal_text(value)
    if column.kind == "amount":
        # 采购总金额 is kept with the unit it was printed in (docs/report-data.md, format 2019).
        return decimal_text(value) + str(row_values.get(f"{column.key}_unit") or "")
    return count_text(value)


def canonical_value(value: Any, column: Column) -> Any:
    """The value as the canonical JSON holds it (Decimals become strings)."""
    if value is None or column.kind not in {"decimal", "amount"}:
        return value
    return decimal_text(value)


# ---------------------------------------------------------------------------------------------
# Grids of the 2019 and 2021 formats


def _header_role(table: Table, cell: HeaderCell) -> str:
    if cell.row == 0 and cell.text == table.title:
        return TITLE
    if cell.text == APPLICATIONS_NOTE:
        return NOTE
    return HEADER


def _header_cells(table: Table) -> list[GridCell]:
    return [GridCell(h.text, h.row, h.col, h.rowspan, h.colspan, role=_header_role(table, h)) for h in table.header]


def _column_slots(table: Table, header: list[GridCell], width: int) -> dict[str, tuple[int, int]]:
    """Where each column's figures go: under the lowest header cell that prints its label.

    A last column whose header leaves grid columns free on its right (the two-column tables of the
    2019 format inside the four-column grid of section 二) is widened to the edge, header cell
    included, as a Word table would be: ``header`` is updated in place.
    """
    slots: dict[str, tuple[int, int]] = {}
    chosen: dict[str, int] = {}
    for column in table.columns:
        matches = [
            i
            for i, h in enumerate(header)
            if h.role == HEADER and h.text == column.label and h.col >= table.label_columns and i not in chosen.values()
        ]
        if not matches:
            raise ExportError(f"格式定义的表头中没有「{column.label}」列（{table.title}）")
        index = max(matches, key=lambda i: (header[i].last_row, -header[i].col))
        chosen[column.key] = index
        slots[column.key] = (header[index].col, header[index].colspan)
    last = table.columns[-1].key
    start, span = slots[last]
    if start + span < width:
        slots[last] = (start, width - start)
        header[chosen[last]] = replace(header[chosen[last]], colspan=width - start)
    return slots


def _groups_over(table: Table, index: int) -> int:
    order = {row.key: i for i, row in enumerate(table.rows)}
    return sum(1 for g in table.groups if order[g.first] <= index <= order[g.last])


def _row_cells(
    table: Table, row: Row, index: int, grid_row: int, values: dict[str, Any], slots: dict[str, tuple[int, int]]
) -> list[GridCell]:
    # A row label starts in the first label column not taken by a row group around it, and fills
    # the rest (一、本年新收… spans all three; 1.属于国家秘密 only the last).
    label_col = min(_groups_over(table, index), max(table.label_columns - 1, 0))
    cells = [
        GridCell(row.label, grid_row, label_col, colspan=table.label_columns - label_col, role=LABEL, level=row.level)
    ]
    present = {c.key for c in table.row_columns(row)}
    for column in table.columns:
        start, span = slots[column.key]
        raw = values.get(column.key) if column.key in present else None
        cells.append(
            GridCell(
                value_text(raw, column, values),
                grid_row,
                start,
                colspan=span,
                numeric=True,
                value=canonical_value(raw, column),
                key=(row.key, column.key),
            )
        )
    return cells


def _extra_rows(report: dict[str, Any], table: Table) -> list[Row]:
    """Rows a province adds to a section 二 table (``proactive.extra``), as printed."""
    if table.json_key != "proactive":
        return []
    extra = (report.get("proactive") or {}).get("extra") or []
    return [Row(f"extra:{i}", str(e.get("label", ""))) for i, e in enumerate(extra) if e.get("table") == table.title]


def _extra_values(report: dict[str, Any], table: Table, row: Row) -> dict[str, Any]:
    index = int(row.key.split(":", 1)[1])
    printed = ((report.get("proactive") or {}).get("extra") or [])[index].get("values") or {}
    # Extra rows are keyed by the column labels as printed (docs/report-data.md).
    return {c.key: printed.get(c.label) for c in table.columns}


def table_grid(table: Table, report: dict[str, Any]) -> Grid:
    header = _header_cells(table)
    header_rows = max((h.last_row + 1 for h in header), default=0)
    width = max((h.last_col + 1 for h in header), default=len(table.columns))
    bucket = report.get(table.json_key) or {}
    slots = _column_slots(table, header, width) if table.layout != "single_row" else {}
    cells = list(header)
    if table.layout == "single_row":
        grid_row = header_rows
        col = 0
        for row in table.rows:
            values = bucket.get(row.key) or {}
            for column in table.columns:
                raw = values.get(column.key)
                cells.append(
                    GridCell(
                        value_text(raw, column, values),
                        grid_row,
                        col,
                        numeric=True,
                        value=canonical_value(raw, column),
                        key=(row.key, column.key),
                    )
                )
                col += 1
        rows = header_rows + 1
    else:
        order = {row.key: i for i, row in enumerate(table.rows)}
        for index, row in enumerate(table.rows):
            values = bucket.get(row.key) or {}
            cells += _row_cells(table, row, index, header_rows + index, values, slots)
        for group in table.groups:
            first, last = order[group.first], order[group.last]
            cells.append(
                GridCell(
                    group.label,
                    header_rows + first,
                    group.level,
                    rowspan=last - first + 1,
                    role=GROUP,
                    level=group.level,
                )
            )
        extras = _extra_rows(report, table)
        for offset, row in enumerate(extras):
            index = len(table.rows) + offset
            cells += _row_cells(table, row, index, header_rows + index, _extra_values(report, table, row), slots)
        rows = header_rows + len(table.rows) + len(extras)
    return Grid(
        key=table.key,
        title=table.title,
        section=table.section,
        rows=rows,
        cols=width,
        header_rows=header_rows,
        label_columns=table.label_columns,
        cells=tuple(cells),
        titled_inside=any(c.role == TITLE for c in header),
    )


def stack(grids: Sequence[Grid], key: str) -> Grid:
    """Grids of the same width one under another: the national form prints the four tables of
    section 二 as one Word table, each starting with its own title row."""
    if not grids:
        raise ExportError("没有可合并的表格")
    width = grids[0].cols
    if any(g.cols != width for g in grids):
        raise ExportError("只能合并列数相同的表格")
    cells: list[GridCell] = []
    offset = 0
    for grid in grids:
        cells += [replace(c, row=c.row + offset) for c in grid.cells]
        offset += grid.rows
    first = grids[0]
    return Grid(
        key,
        first.title,
        first.section,
        offset,
        width,
        first.header_rows,
        first.label_columns,
        tuple(cells),
        titled_inside=True,
    )


# ---------------------------------------------------------------------------------------------
# The old 统计表: its rows as printed, indented by their depth


def legacy_grid(report: dict[str, Any]) -> Grid:
    rows = [r for r in report.get("legacy") or [] if isinstance(r, dict)]
    cumulative = any("cumulative" in r for r in rows)
    header = (*LEGACY_HEADER, LEGACY_CUMULATIVE) if cumulative else LEGACY_HEADER
    cells = [GridCell(text, 0, i, role=HEADER) for i, text in enumerate(header)]
    for index, item in enumerate(rows, start=1):
        level = len(item.get("path") or [])
        cells.append(GridCell(str(item.get("label", "")), index, 0, role=LABEL, level=level))
        cells.append(GridCell(str(item.get("unit") or ""), index, 1, role=LABEL, level=0))
        for col, name in ((2, "value"), (3, "cumulative"))[: len(header) - 2]:
            raw = item.get(name)
            text = "" if raw is None else (count_text(raw) if isinstance(raw, int) else decimal_text(raw))
            cells.append(GridCell(text, index, col, numeric=True, value=raw, key=(str(index - 1), name)))
    return Grid("legacy", LEGACY_TITLE, "", len(rows) + 1, len(header), 1, 1, tuple(cells))


# ---------------------------------------------------------------------------------------------
# Column widths (millimetres on the 156 mm wide type area of an A4 page with GB/T 9704 margins)

TEXT_WIDTH_MM = 210 - 28 - 26
_WIDTHS_MM: dict[str, tuple[float, ...]] = {
    # The labels of section 三 need room (1.申请人无正当理由逾期不补正…); seven figures share the rest.
    "applications": (8, 13, 47, *(88 / 7,) * 7),
    "legacy": (92, 16, 24, 24),
}


def column_widths_mm(grid: Grid) -> tuple[float, ...]:
    known = _WIDTHS_MM.get(grid.key)
    if known is not None and len(known) == grid.cols:
        return known
    if grid.section == "二" and grid.cols == 4:
        # 信息内容 wide enough for 其他对外管理服务事项 on one line.
        return (46, *(110 / 3,) * 3)
    return (TEXT_WIDTH_MM / grid.cols,) * grid.cols


# ---------------------------------------------------------------------------------------------
# The whole report


def definition_for(report: dict[str, Any]) -> FormatDefinition:
    try:
        return FORMATS[str(report.get("format"))]
    except KeyError as exc:
        raise ExportError(f"未知的年报格式：{report.get('format')!r}") from exc


def paragraphs(text: Any) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(line.strip() for line in str(text).splitlines() if line.strip())


def layout(report: dict[str, Any], *, stack_proactive: bool = False) -> ReportLayout:
    """The report as sections with their text and grids.  ``stack_proactive`` prints section 二's
    tables as one grid (Word, as on the national form); HTML and XLSX keep them apart."""
    fmt = definition_for(report)
    texts = report.get("sections") or {}
    blocks: list[SectionBlock] = []
    if fmt.tables:
        for section in fmt.sections:
            grids = tuple(table_grid(t, report) for t in fmt.tables if t.section == section.numeral)
            if stack_proactive and len(grids) > 1:
                grids = (stack(grids, f"section-{section.numeral}"),)
            blocks.append(SectionBlock(section.numeral, section.heading, paragraphs(texts.get(section.numeral)), grids))
    else:
        # No fixed sections before 2019: the text in numeral order, then the table as printed.
        for numeral, text in texts.items():
            blocks.append(SectionBlock(numeral, "", paragraphs(text)))
        if report.get("legacy"):
            blocks.append(SectionBlock("", LEGACY_TITLE, (), (legacy_grid(report),)))
    year = report.get("year")
    return ReportLayout(
        title=report_title(report),
        agency=str(report.get("agency") or ""),
        year=year if isinstance(year, int) else None,
        format_key=fmt.key,
        format_name=fmt.name,
        document=fmt.document,
        sections=tuple(blocks),
    )
