"""The XLSX export: one sheet per table, merged header cells, every figure a number (money with its printed digits)."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.reportformats.definitions import APPLICANT_COLUMNS, APPLICATIONS_NOTE, FORMATS
from gongkai.reports.export import export
from gongkai.reports.export.layout import Grid, GridCell
from gongkai.reports.export.xlsx import FIRST_ROW, render_xlsx, sheet_title


def workbook(report: dict[str, Any]):
    return load_workbook(io.BytesIO(export(report, ".xlsx")))


def merges(sheet: Worksheet) -> set[str]:
    return {str(r) for r in sheet.merged_cells.ranges}


def test_one_sheet_per_table(r2021: dict[str, Any], r2019: dict[str, Any]) -> None:
    for report in (r2021, r2019):
        titles = [t.title for t in FORMATS[report["format"]].tables]
        assert workbook(report).sheetnames == titles


def test_section_3_sheet(r2021: dict[str, Any]) -> None:
    sheet = workbook(r2021)["三、收到和处理政府信息公开申请情况"]
    assert sheet["A1"].value == "测试县人民政府2024年政府信息公开工作年度报告"
    assert sheet["A3"].value == APPLICATIONS_NOTE
    assert sheet["D3"].value == "申请人情况"
    assert sheet["E4"].value == "法人或其他组织"
    # Rows 3–5 are the header; the table's first data row is row 6.
    assert {
        "A3:C5",
        "D3:J3",
        "D4:D5",
        "E4:I4",
        "J4:J5",
        "A6:C6",
        "A7:C7",
        "A8:A29",
        "B8:C8",
        "B9:C9",
        "B10:B17",
        "B18:B20",
        "B21:B25",
        "B26:B28",
        "B29:C29",
        "A30:C30",
    } == merges(sheet)
    rows = [r.key for r in FORMATS["2021"].table("applications").rows]
    for r, row in enumerate(rows):
        for c, column in enumerate(APPLICANT_COLUMNS):
            cell = sheet.cell(FIRST_ROW + 3 + r, 4 + c)
            assert cell.value == r2021["applications"][row][column.key], (row, column.key)
            assert cell.data_type == "n"
            assert cell.alignment.horizontal == "right"


def test_section_4_sheet(r2021: dict[str, Any]) -> None:
    sheet = workbook(r2021)["四、政府信息公开行政复议、行政诉讼情况"]
    assert {"A3:E3", "F3:O3", "A4:A5", "B4:B5", "C4:C5", "D4:D5", "E4:E5", "F4:J4", "K4:O4"} == merges(sheet)
    assert [sheet.cell(6, c).value for c in (1, 5, 10, 15)] == [11, 50, 90, 130]


def test_money_is_a_number_with_the_printed_digits(r2021: dict[str, Any]) -> None:
    sheet = workbook(r2021)["第二十条第（八）项"]
    assert sheet["A3"].value == "第二十条第（八）项"
    assert sheet["B4"].value == "本年收费金额（单位：万元）"
    cell = sheet["B5"]
    # A number (it adds up in Excel), shown with the decimal places printed; the file holds the digits.
    assert cell.data_type == "n" and cell.number_format == "0.000000"
    assert Decimal(str(cell.value)) == Decimal("24252.311082")
    with zipfile.ZipFile(io.BytesIO(render_xlsx(r2021))) as archive:
        assert any(b"<v>24252.311082</v>" in archive.read(name) for name in archive.namelist())
    assert {"A3:D3", "B4:D4", "B5:D5"} == merges(sheet)


def test_2019_blank_and_negative_and_amount(r2019: dict[str, Any]) -> None:
    book = workbook(r2019)
    appeals = book["四、政府信息公开行政复议、行政诉讼情况"]
    assert [appeals.cell(6, c).value for c in range(11, 16)] == [None] * 5
    licensing = book["第二十条第（五）项"]
    assert licensing["C5"].value == -8
    procurement = book["第二十条第（九）项"]
    assert procurement["C5"].value == 251000.5 and procurement["C5"].number_format == '0.00"元"'
    assert "C4:D4" in merges(procurement)


def test_sheet_titles_are_legal_and_unique() -> None:
    grid = Grid("x", "第二十条/第（一）项:[甲]", "二", 1, 1, 0, 0, (GridCell("", 0, 0),))
    taken: set[str] = set()
    first, second = sheet_title(grid, taken), sheet_title(grid, taken)
    assert first != second
    for title in (first, second):
        assert len(title) <= 31
        assert not set(title) & set("[]:*?/\\")


def test_every_figure_is_a_number(r2021: dict[str, Any]) -> None:
    book = workbook(r2021)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=4):
            for cell in row:
                assert cell.number_format != "@", (sheet.title, cell.coordinate)
                if cell.alignment.horizontal == "right" and cell.value is not None:
                    assert cell.data_type == "n", (sheet.title, cell.coordinate)
