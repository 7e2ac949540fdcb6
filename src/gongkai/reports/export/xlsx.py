"""The report as a workbook: one sheet per statistical table, merged header cells as on the form.

Each sheet starts with the report title and the section heading; the table follows from row 3.
Every figure is a number, so that it adds up in Excel: counts with format ``0``, money with as many
decimal places as printed (``24252.311082`` gets ``0.000000``). Money is written as a Decimal, so the
file holds the printed digits; an amount printed with its unit shows the unit through the number
format (``0.00"元"``). The header rows and label columns are frozen.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.common.spreadsheets import safe_cell

from .layout import GROUP, HEADER, LABEL, NOTE, TITLE, Grid, GridCell, ReportLayout, layout

# The table's first row on the sheet (1-based): row 1 the report title, row 2 the section heading.
FIRST_ROW = 3
FONT = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

# Column widths in characters: label columns by how much text they carry, figures narrow.
LABEL_WIDTHS = {"applications": (10, 14, 40), "legacy": (44, 8)}


def sheet_title(grid: Grid, taken: set[str]) -> str:
    base = _FORBIDDEN.sub("／", grid.title)[:31] or "表"
    title, n = base, 2
    while title in taken:
        suffix = f"（{n}）"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def money_format(printed: str, unit: str = "") -> str:
    """The number format that shows a money value with the decimal places it was printed with."""
    places = len(printed.partition(".")[2])
    number = "0." + "0" * places if places else "0"
    return number + (f'"{unit}"' if unit else "")


def _write_value(target: Any, cell: GridCell) -> None:
    if cell.value is None:
        return
    if isinstance(cell.value, int) and not isinstance(cell.value, bool) and cell.text == str(cell.value):
        target.value = cell.value
        target.number_format = "0"
        return
    printed = str(cell.value)
    try:
        amount = Decimal(printed)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or not cell.text.startswith(printed):
        # Not a figure after all: kept as the text printed.
        target.value = cell.text
        target.number_format = "@"
        return
    target.value = amount
    target.number_format = money_format(printed, cell.text[len(printed) :])


def _alignment(cell: GridCell) -> Alignment:
    if cell.numeric:
        return Alignment(horizontal="right", vertical="center")
    if cell.role in {LABEL, NOTE}:
        return Alignment(horizontal="left", vertical="center", wrap_text=True, indent=cell.level)
    return Alignment(horizontal="center", vertical="center", wrap_text=True)


def _widths(sheet: Worksheet, grid: Grid) -> None:
    labels = LABEL_WIDTHS.get(grid.key, (24,))
    for col in range(grid.cols):
        width = labels[col] if col < len(labels) and (col < grid.label_columns or grid.key in LABEL_WIDTHS) else 12
        sheet.column_dimensions[get_column_letter(col + 1)].width = width


def _sheet(sheet: Worksheet, view: ReportLayout, heading: str, grid: Grid) -> None:
    sheet.cell(1, 1, view.title).font = Font(name=FONT, size=14, bold=True)
    sheet.cell(2, 1, heading).font = Font(name=FONT, size=12, bold=True)
    for row in range(grid.rows):
        for col in range(grid.cols):
            sheet.cell(FIRST_ROW + row, col + 1).border = BORDER
    for cell in grid.cells:
        target = sheet.cell(FIRST_ROW + cell.row, cell.col + 1)
        if cell.numeric:
            _write_value(target, cell)
        else:
            # Prose and names come from staff and imported reports: never a formula.
            target.value = safe_cell(cell.text)
        target.alignment = _alignment(cell)
        target.font = Font(name=FONT, size=10, bold=cell.role in {HEADER, TITLE, GROUP})
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(
                start_row=FIRST_ROW + cell.row,
                start_column=cell.col + 1,
                end_row=FIRST_ROW + cell.last_row,
                end_column=cell.last_col + 1,
            )
    _widths(sheet, grid)
    sheet.freeze_panes = sheet.cell(FIRST_ROW + grid.header_rows, grid.label_columns + 1)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if grid.cols > 10 else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def build(view: ReportLayout) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for section in view.sections:
        for grid in section.grids:
            _sheet(workbook.create_sheet(sheet_title(grid, taken)), view, section.heading or grid.title, grid)
    if not workbook.sheetnames:
        workbook.create_sheet("报告").cell(1, 1, view.title)
    workbook.properties.title = view.title
    workbook.properties.creator = "Gongkai"
    return workbook


def render_xlsx(report: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    build(layout(report)).save(buffer)
    return buffer.getvalue()
