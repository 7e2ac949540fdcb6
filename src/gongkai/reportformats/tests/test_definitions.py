"""The format definitions are data a renderer can use: check them against the statutory labels and
the merged header of the national Word template."""

from pathlib import Path

import pytest

from gongkai.reportformats.definitions import FORMATS, Table, format_for_year, get_format
from gongkai.reportformats.normalize import compact


def test_three_formats() -> None:
    assert set(FORMATS) == {"2021", "2019", "legacy"}
    assert get_format("2019").document == "国办公开办函〔2019〕60号"
    assert format_for_year(2018).key == "legacy"
    assert format_for_year(2020).key == "2019"
    assert format_for_year(2024).key == "2021"
    with pytest.raises(KeyError):
        get_format("2030")


def test_applications_rows_in_form_order() -> None:
    rows21 = FORMATS["2021"].table("applications").rows
    rows19 = FORMATS["2019"].table("applications").rows
    assert len(rows21) == 25 and len(rows19) == 23
    assert [r.key for r in rows21[:4]] == ["new_received", "carried_over", "granted", "partial"]
    assert rows21[-3].label == "3.其他" and rows21[-2].key == "total_processed"
    assert rows21[6].label == "3.危及“三安全一稳定”"
    assert rows19[20].key == "other_processing" and rows19[20].label == "（六）其他处理"
    assert [c.key for c in FORMATS["2021"].table("applications").columns] == [
        "natural_person",
        "commercial",
        "research",
        "public_interest",
        "legal_services",
        "other",
        "total",
    ]


def test_section_headings() -> None:
    headings = [s.heading for s in FORMATS["2021"].sections]
    assert headings == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]


def _coverage(table: Table, width: int, height: int) -> list[list[int]]:
    grid = [[0] * width for _ in range(height)]
    for cell in table.header:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                grid[r][c] += 1
    return grid


def test_header_cells_tile_the_header_without_overlap() -> None:
    applications = FORMATS["2021"].table("applications")
    assert _coverage(applications, 10, 3) == [[1] * 10 for _ in range(3)]
    appeals = FORMATS["2021"].table("appeals")
    assert _coverage(appeals, 15, 3) == [[1] * 15 for _ in range(3)]


def test_row_groups_span_consecutive_rows() -> None:
    table = FORMATS["2021"].table("applications")
    index = {r.key: i for i, r in enumerate(table.rows)}
    spans = {g.label: index[g.last] - index[g.first] + 1 for g in table.groups}
    assert spans["三、本年度办理结果"] == 22
    assert spans["（三）不予公开"] == 8
    assert spans["（六）其他处理"] == 3
    table19 = FORMATS["2019"].table("applications")
    index19 = {r.key: i for i, r in enumerate(table19.rows)}
    assert {g.label: index19[g.last] - index19[g.first] + 1 for g in table19.groups}["三、本年度办理结果"] == 20


def _template_tables(path: Path) -> list[list[list[tuple[str, int, str | None]]]]:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    tables = []
    for tbl in document.element.body.iterchildren(qn("w:tbl")):
        rows = []
        for tr in tbl.iterchildren(qn("w:tr")):
            cells = []
            for tc in tr.iterchildren(qn("w:tc")):
                props = tc.find(qn("w:tcPr"))
                span = props.find(qn("w:gridSpan")) if props is not None else None
                merge = props.find(qn("w:vMerge")) if props is not None else None
                text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                cells.append(
                    (
                        text,
                        int(span.get(qn("w:val"))) if span is not None else 1,
                        None if merge is None else (merge.get(qn("w:val")) or "continue"),
                    )
                )
            rows.append(cells)
        tables.append(rows)
    return tables


def _header_from_template(rows: list[list[tuple[str, int, str | None]]], header_rows: int) -> set[tuple]:
    """(text, row, col, rowspan, colspan) of the template's header cells."""
    starts: dict[tuple[int, int], list] = {}
    for r, cells in enumerate(rows[:header_rows]):
        col = 0
        for text, span, merge in cells:
            if merge == "continue":
                for key, value in starts.items():
                    if key[1] == col and key[0] + value[2] == r:
                        value[2] += 1
            else:
                starts[(r, col)] = [text, span, 1]
            col += span
    return {(compact(v[0]), r, c, v[2], v[1]) for (r, c), v in starts.items()}


def test_header_matches_the_national_word_template(samples: Path) -> None:
    tables = _template_tables(samples / "template-2021-format.docx")
    proactive, applications, appeals = tables
    expected = {
        (compact(h.text), h.row, h.col, h.rowspan, h.colspan) for h in FORMATS["2021"].table("applications").header
    }
    assert _header_from_template(applications, 3) == expected
    expected_appeals = {
        (compact(h.text), h.row, h.col, h.rowspan, h.colspan) for h in FORMATS["2021"].table("appeals").header
    }
    assert _header_from_template(appeals, 3) == expected_appeals
    # Row labels, in order, as the template prints them (label cells are the last text before values).
    printed = [next(c[0] for c in reversed(row) if c[0].strip()) for row in applications[3:]]
    assert [compact(p) for p in printed] == [compact(r.label) for r in FORMATS["2021"].table("applications").rows]
    titles = [row[0][0] for row in proactive if row[0][1] == 4]
    assert titles == [t.title for t in FORMATS["2021"].tables_for("proactive")]
