"""The HTML export: semantic tables whose cells, once the spans are expanded, sit where the form has them."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from gongkai.reportformats.definitions import APPLICANT_COLUMNS, APPLICATIONS_NOTE, FORMATS
from gongkai.reports.export import export
from gongkai.reports.export.html import render_fragment, render_page

from .factories import report_2021


@dataclass
class Cell:
    tag: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class ParsedTable:
    caption: str = ""
    caption_class: str = ""
    rows: list[list[Cell]] = field(default_factory=list)
    head_rows: int = 0

    def grid(self) -> list[list[Cell]]:
        """Rows with every span expanded: position (r, c) holds the cell covering it."""
        out: dict[tuple[int, int], Cell] = {}
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in out:
                    c += 1
                for dr in range(int(cell.attrs.get("rowspan", 1))):
                    for dc in range(int(cell.attrs.get("colspan", 1))):
                        assert (r + dr, c + dc) not in out, "overlapping spans"
                        out[(r + dr, c + dc)] = cell
                c += int(cell.attrs.get("colspan", 1))
        height = max(r for r, _ in out) + 1
        width = max(c for _, c in out) + 1
        assert len(out) == height * width, "the spans leave holes"
        return [[out[(r, c)] for c in range(width)] for r in range(height)]


class TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[ParsedTable] = []
        self.headings: list[str] = []
        self._cell: Cell | None = None
        self._text: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "table":
            self.tables.append(ParsedTable())
        elif tag == "caption":
            self.tables[-1].caption_class = values.get("class", "")
            self._text = []
        elif tag in {"h1", "h2"}:
            self._text = []
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self.tables[-1].rows.append([])
            if self._in_head:
                self.tables[-1].head_rows += 1
        elif tag in {"td", "th"}:
            self._cell = Cell(tag, values)
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._text is not None:
            self.tables[-1].caption = "".join(self._text)
            self._text = None
        elif tag in {"h1", "h2"} and self._text is not None:
            self.headings.append("".join(self._text))
            self._text = None
        elif tag == "thead":
            self._in_head = False
        elif tag in {"td", "th"} and self._cell is not None and self._text is not None:
            self._cell.text = "".join(self._text)
            self.tables[-1].rows[-1].append(self._cell)
            self._cell, self._text = None, None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def parse(html: str) -> TableParser:
    parser = TableParser()
    parser.feed(html)
    return parser


def test_tables_and_captions(r2021: dict[str, Any]) -> None:
    parsed = parse(render_fragment(r2021))
    assert [t.caption for t in parsed.tables] == [t.title for t in FORMATS["2021"].tables]
    # Sections 三 and 四 are titled like their heading: the caption is kept but not shown twice.
    assert [t.caption_class for t in parsed.tables] == ["", "", "", "", "same-as-heading", "same-as-heading"]
    assert parsed.headings == [s.heading for s in FORMATS["2021"].sections]


def test_section_3_grid(r2021: dict[str, Any]) -> None:
    table = parse(render_fragment(r2021)).tables[4]
    grid = table.grid()
    assert table.head_rows == 3
    assert (len(grid), len(grid[0])) == (28, 10)
    note = grid[0][0]
    assert note.text == APPLICATIONS_NOTE
    assert all(grid[r][c] is note for r in range(3) for c in range(3))
    assert all(grid[0][c].text == "申请人情况" for c in range(3, 10))
    assert grid[1][3] is grid[2][3] and grid[1][3].text == "自然人"
    assert all(grid[1][c].text == "法人或其他组织" for c in range(4, 9))
    assert [grid[2][c].text for c in range(4, 9)] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    result = grid[5][0]
    assert result.text == "三、本年度办理结果" and result.attrs["scope"] == "rowgroup"
    assert all(grid[r][0] is result for r in range(5, 27)) and grid[27][0] is not result
    rows = FORMATS["2021"].table("applications").rows
    for r, row in enumerate(rows):
        assert grid[3 + r][2].text == row.label
        for c, column in enumerate(APPLICANT_COLUMNS):
            cell = grid[3 + r][3 + c]
            assert cell.tag == "td" and cell.attrs["class"] == "num"
            assert cell.text == str(r2021["applications"][row.key][column.key]), (row.key, column.key)


def test_figures_name_their_headers(r2021: dict[str, Any]) -> None:
    table = parse(render_fragment(r2021)).tables[4]
    grid = table.grid()
    by_id = {cell.attrs["id"]: cell.text for row in grid for cell in row if "id" in cell.attrs}
    # 1.属于国家秘密 × 商业企业
    figure = grid[7][4]
    named = [by_id[i] for i in figure.attrs["headers"].split()]
    assert named == [
        "申请人情况",
        "法人或其他组织",
        "商业企业",
        "三、本年度办理结果",
        "（三）不予公开",
        "1.属于国家秘密",
    ]


def test_header_scopes(r2021: dict[str, Any]) -> None:
    grid = parse(render_fragment(r2021)).tables[5].grid()
    assert grid[0][0].attrs["scope"] == "colgroup" and grid[0][0].attrs["colspan"] == "5"
    assert grid[1][0].attrs == {"id": grid[1][0].attrs["id"], "scope": "col", "rowspan": "2"}
    assert [c.text for c in grid[3]] == [
        str(r2021["appeals"][g][k])
        for g in ("review", "litigation_direct", "litigation_after_review")
        for k in ("upheld", "corrected", "other", "pending", "total")
    ]


def test_section_2_tables(r2021: dict[str, Any], r2019: dict[str, Any]) -> None:
    first = parse(render_fragment(r2021)).tables[0].grid()
    # The form's title row is the caption in HTML.
    assert [c.text for c in first[0]] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert [c.text for c in first[1]] == ["规章", "1", "2", "17"]
    fees = parse(render_fragment(r2021)).tables[3].grid()
    assert [c.text for c in fees[1]] == ["行政事业性收费", "24252.311082", "24252.311082", "24252.311082"]
    procurement = parse(render_fragment(r2019)).tables[4].grid()
    assert [c.text for c in procurement[0]] == ["信息内容", "采购项目数量", "采购总金额", "采购总金额"]
    assert [c.text for c in procurement[1]] == ["政府集中采购", "6", "251000.50元", "251000.50元"]


def test_blank_cells_stay_blank(r2019: dict[str, Any]) -> None:
    grid = parse(render_fragment(r2019)).tables[-1].grid()
    assert [c.text for c in grid[3][10:]] == [""] * 5


def test_text_is_escaped() -> None:
    report = report_2021(agency="<b>某县</b>人民政府")
    report["sections"]["一"] = "a < b & c"
    page = render_page(report)
    assert "<b>" not in page
    assert "&lt;b&gt;某县&lt;/b&gt;人民政府" in page
    assert "<p>a &lt; b &amp; c</p>" in page


def test_standalone_page(r2021: dict[str, Any]) -> None:
    page = export(r2021, "report.html").decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in page
    assert "<title>测试县人民政府2024年政府信息公开工作年度报告</title>" in page
    parsed = parse(page)
    assert parsed.headings[0] == "测试县人民政府2024年政府信息公开工作年度报告"
    assert "@page" in page and "size: A4" in page


def test_ids_unique_even_with_two_reports_on_a_page(r2021: dict[str, Any], r2019: dict[str, Any]) -> None:
    page = render_fragment(r2021, id_prefix="y2024") + render_fragment(r2019, id_prefix="y2020")
    ids = [c.attrs["id"] for t in parse(page).tables for row in t.rows for c in row if "id" in c.attrs]
    assert len(ids) == len(set(ids)) > 100
    references = {
        i for t in parse(page).tables for row in t.rows for c in row for i in c.attrs.get("headers", "").split()
    }
    assert references <= set(ids)
