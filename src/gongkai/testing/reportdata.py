"""Invented report data for the importer's own fixtures, and renderers for the layouts real sites
publish (tab-separated text, one cell per line, run-together digits, HTML with rowspan/colspan,
DOCX with merged cells, PDF).  The committed text/HTML fixtures were written with these renderers
(``python -m gongkai.testing.reportdata``); DOCX and PDF are rendered at test time.

The renderers use the format definitions for labels, header cells and row groups: the same data a
report builder needs.
"""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Any

from gongkai.reportformats.definitions import FORMATS, Table

FIXTURES = Path(__file__).resolve().parents[1] / "reportcheck" / "tests" / "fixtures"

COLS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other", "total")


def _rows(
    spec: dict[str, tuple[int | None, ...]], keys: list[str], zero: tuple[int | None, ...] = (0, 0, 0, 0, 0, 0, 0)
) -> dict[str, dict[str, int | None]]:
    return {k: dict(zip(COLS, spec.get(k, zero), strict=True)) for k in keys}


def _appeals(review: tuple[int, ...], direct: tuple[int, ...], after: tuple[int, ...]) -> dict[str, Any]:
    keys = ("upheld", "corrected", "other", "pending", "total")
    return {
        "review": dict(zip(keys, review, strict=True)),
        "litigation_direct": dict(zip(keys, direct, strict=True)),
        "litigation_after_review": dict(zip(keys, after, strict=True)),
    }


ROWS_2021 = [r.key for r in FORMATS["2021"].table("applications").rows]
ROWS_2019 = [r.key for r in FORMATS["2019"].table("applications").rows]

# A: a county government, 2021 format, every rule holds (the 64/0/0/2/0/4/70 row of docs/domain.md §1.7
# is the shape of its first row).
DATASET_A: dict[str, Any] = {
    "format": "2021",
    "year": 2022,
    "agency": "泽川县人民政府",
    "proactive": {
        "regulations": {"issued": 0, "abolished": 0, "in_force": 0},
        "normative_documents": {"issued": 3, "abolished": 1, "in_force": 25},
        "licensing": {"decisions": 1520},
        "punishment": {"decisions": 236},
        "enforcement": {"decisions": 12},
        "fees": {"amount_wan_yuan": "1234.5678"},
    },
    "applications": _rows(
        {
            "new_received": (64, 0, 0, 2, 0, 4, 70),
            "carried_over": (3, 0, 0, 0, 0, 0, 3),
            "granted": (30, 0, 0, 1, 0, 2, 33),
            "partial": (5, 0, 0, 0, 0, 0, 5),
            "denied_third_party": (2, 0, 0, 0, 0, 0, 2),
            "denied_process_info": (1, 0, 0, 0, 0, 0, 1),
            "unable_not_held": (12, 0, 0, 1, 0, 1, 14),
            "unable_needs_creation": (3, 0, 0, 0, 0, 0, 3),
            "unable_unclear": (1, 0, 0, 0, 0, 0, 1),
            "rejected_petition": (4, 0, 0, 0, 0, 0, 4),
            "rejected_repeat": (2, 0, 0, 0, 0, 0, 2),
            "other_no_correction": (1, 0, 0, 0, 0, 0, 1),
            "other_other": (1, 0, 0, 0, 0, 1, 2),
            "total_processed": (62, 0, 0, 2, 0, 4, 68),
            "carried_forward": (5, 0, 0, 0, 0, 0, 5),
        },
        ROWS_2021,
    ),
    "appeals": _appeals((2, 1, 0, 1, 4), (1, 0, 1, 0, 2), (0, 0, 0, 1, 1)),
    "fees_yuan": "0",
}

# B: a county department, 2019 format (report for 2020), with negative 本年增/减 and a procurement amount.
DATASET_B: dict[str, Any] = {
    "format": "2019",
    "year": 2020,
    "agency": "泽川县教育局",
    "proactive": {
        "regulations": {"made": 0, "published": 0, "total_published": 0},
        "normative_documents": {"made": 2, "published": 2, "total_published": 15},
        "licensing": {"previous_year_items": 120, "change": -5, "decisions": 340},
        "other_services": {"previous_year_items": 8, "change": 0, "decisions": 12},
        "punishment": {"previous_year_items": 45, "change": 3, "decisions": 67},
        "enforcement": {"previous_year_items": 0, "change": 0, "decisions": 0},
        "fees": {"previous_year_items": 3, "change": -1},
        "procurement": {"projects": 4, "amount": "86.52", "amount_unit": "万元"},
    },
    "applications": _rows(
        {
            "new_received": (10, 1, 0, 0, 0, 0, 11),
            "granted": (6, 1, 0, 0, 0, 0, 7),
            "partial": (1, 0, 0, 0, 0, 0, 1),
            "unable_not_held": (2, 0, 0, 0, 0, 0, 2),
            "total_processed": (9, 1, 0, 0, 0, 0, 10),
            "carried_forward": (1, 0, 0, 0, 0, 0, 1),
        },
        ROWS_2019,
    ),
    "appeals": _appeals((1, 0, 0, 0, 1), (0, 0, 0, 0, 0), (0, 0, 0, 0, 0)),
}

# C: a city government, 2021 format, as a portal prints it: blank 总计 cells on result rows (C3
# cannot be checked there), dashes for nothing, and one real error (C2 in the 自然人 column).
DATASET_C: dict[str, Any] = {
    "format": "2021",
    "year": 2023,
    "agency": "云岭市人民政府",
    "proactive": {
        "regulations": {"issued": 2, "abolished": 1, "in_force": 37},
        "normative_documents": {"issued": 14, "abolished": 9, "in_force": 142},
        "licensing": {"decisions": 58213},
        "punishment": {"decisions": 9321},
        "enforcement": {"decisions": None},
        "fees": {"amount_wan_yuan": "512.03"},
    },
    "applications": _rows(
        {
            "new_received": (402, 31, 2, 1, 6, 3, 445),
            "carried_over": (12, 1, 0, 0, 0, 0, 13),
            "granted": (150, 12, 1, 0, 3, 1, None),
            "partial": (40, 3, 0, 0, 1, 0, None),
            "denied_state_secret": (1, 0, 0, 0, 0, 0, None),
            "denied_third_party": (9, 2, 0, 0, 0, 0, None),
            "denied_process_info": (6, None, None, None, None, None, None),
            "unable_not_held": (120, 8, 1, 1, 1, 2, None),
            "unable_needs_creation": (14, 2, 0, 0, 0, 0, None),
            "rejected_petition": (30, 1, 0, 0, 0, 0, None),
            "rejected_repeat": (8, 0, 0, 0, 0, 0, None),
            "other_no_correction": (5, 1, 0, 0, 0, 0, None),
            "other_other": (3, 0, 0, 0, 1, 0, None),
            "total_processed": (390, 30, 2, 1, 6, 3, 432),
            "carried_forward": (24, 2, 0, 0, 0, 0, 26),
        },
        ROWS_2021,
        zero=(0, 0, 0, 0, 0, 0, None),
    ),
    "appeals": _appeals((10, 3, 4, 2, 19), (2, 1, 0, 1, 4), (3, 0, 1, 2, 6)),
    "fees_yuan": "1200",
}


def _col_label(col: Any) -> str:
    return col.label + "（单位：万元）" if col.kind == "amount" else col.label


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _table_rows(data: dict[str, Any], table: Table) -> list[tuple[list[str], list[str]]]:
    """(label cells as the national form prints them, value cells) for every data row."""
    out = []
    groups = {g.first: g for g in table.groups}
    for row in table.rows:
        labels = [g.label for g in table.groups if g.first == row.key]
        labels.append(row.label)
        values = [_cell(data[table.json_key][row.key].get(c.key)) for c in table.row_columns(row)]
        out.append((labels, values))
    del groups
    return out


def _proactive_value(data: dict[str, Any], table: Table, row_key: str, col_key: str) -> str:
    return _cell(data["proactive"][row_key].get(col_key))


# ---------------------------------------------------------------------------------------------
# Text layouts


def render_tab_text(data: dict[str, Any], prose: dict[str, str], published: str = "", null: str = "") -> str:
    """Tables as tab-separated lines (Word → plain text), labels of spanning cells repeated only
    where the form prints them."""
    fmt = FORMATS[data["format"]]
    lines = [f"{data['agency']}{data['year']}年政府信息公开工作年度报告", ""]
    for section in fmt.sections:
        lines.append(section.heading)
        lines.append("")
        if prose.get(section.numeral):
            lines.extend([prose[section.numeral], ""])
        for table in [t for t in fmt.tables if t.section == section.numeral]:
            if table.json_key == "proactive":
                lines.append(table.title + "\t\t\t")
                lines.append("\t".join(["信息内容", *[_col_label(c) for c in table.columns]]))
                for row in table.rows:
                    values = [_proactive_value(data, table, row.key, c.key) or null for c in table.row_columns(row)]
                    lines.append("\t".join([row.label, *values]))
            elif table.key == "applications":
                lines.append(f"{table.header[0].text}\t\t\t申请人情况\t\t\t\t\t\t")
                lines.append("\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计")
                lines.append("\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t")
                for labels, values in _table_rows(data, table):
                    values = [v or null for v in values]
                    lines.append("\t".join([*labels, *values]))
            else:
                lines.append("行政复议\t\t\t\t\t行政诉讼" + "\t" * 9)
                lines.append(
                    "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t"
                )
                lines.append("\t" * 5 + "\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2))
                lines.append("\t".join(_appeal_cells(data)))
            lines.append("")
    if published:
        lines.extend(["", data["agency"], published])
    return "\n".join(lines) + "\n"


def _appeal_cells(data: dict[str, Any]) -> list[str]:
    table = FORMATS[data["format"]].table("appeals")
    return [_cell(data["appeals"][r.key][c.key]) for r in table.rows for c in table.columns]


def render_cell_lines(data: dict[str, Any], prose: dict[str, str], published: str = "") -> str:
    """One cell per line, no tabs (copied from a web page): labels on their own line, then values."""
    fmt = FORMATS[data["format"]]
    lines = [data["agency"], f"{data['year']}年度政府信息公开工作年度报告", ""]
    for section in fmt.sections:
        lines.append(section.heading)
        if prose.get(section.numeral):
            lines.append(prose[section.numeral])
        for table in [t for t in fmt.tables if t.section == section.numeral]:
            if table.json_key == "proactive":
                lines.append(table.title)
                lines.extend(["信息内容", *[_col_label(c) for c in table.columns]])
                for row in table.rows:
                    lines.append(row.label)
                    for col in table.row_columns(row):
                        value = _proactive_value(data, table, row.key, col.key)
                        lines.append(value or "—")
            elif table.key == "applications":
                lines.extend(
                    [
                        table.header[0].text,
                        "申请人情况",
                        "自然人",
                        "法人或其他组织",
                        "商业企业",
                        "科研机构",
                        "社会公益组织",
                        "法律服务机构",
                        "其他",
                        "总计",
                    ]
                )
                for labels, values in _table_rows(data, table):
                    lines.extend(labels[:-1])
                    lines.append(labels[-1])
                    lines.extend(v or "—" for v in values)
            else:
                lines.extend(
                    [
                        "行政复议",
                        "行政诉讼",
                        "结果维持",
                        "结果纠正",
                        "其他结果",
                        "尚未审结",
                        "总计",
                        "未经复议直接起诉",
                        "复议后起诉",
                    ]
                )
                lines.extend(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)
                lines.extend(v or "—" for v in _appeal_cells(data))
    if published:
        lines.extend([data["agency"], published])
    return "\n".join(lines) + "\n"


def render_run_together(data: dict[str, Any], prose: dict[str, str]) -> str:
    """Text extracted from a PDF without cell separators: each row's digits run together."""
    text = render_tab_text(data, prose)
    out = []
    in_tables = False
    for line in text.split("\n"):
        if line.startswith("三、"):
            in_tables = True
        if line.startswith("五、"):
            in_tables = False
        if in_tables and "\t" in line:
            cells = line.split("\t")
            labels = [c for c in cells if c and not c.isdigit()]
            digits = "".join(c for c in cells if c.isdigit())
            out.append(" ".join(labels) + digits)
        else:
            out.append(line)
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# HTML (rowspan/colspan as the national form merges them)


def _header_html(table: Table, extra_label_cols: int = 0) -> list[str]:
    rows: dict[int, list[str]] = {}
    for cell in table.header:
        attrs = ""
        if cell.rowspan > 1:
            attrs += f' rowspan="{cell.rowspan}"'
        if cell.colspan > 1:
            attrs += f' colspan="{cell.colspan}"'
        rows.setdefault(cell.row, []).append(f"<td{attrs}>{html.escape(cell.text)}</td>")
    return ["<tr>" + "".join(cells) + "</tr>" for _, cells in sorted(rows.items())]


def _applications_html(data: dict[str, Any], table: Table, blank: str) -> list[str]:
    out = _header_html(table)
    starts = {g.first: g for g in table.groups}
    index = {r.key: i for i, r in enumerate(table.rows)}
    for row in table.rows:
        cells = []
        group_here = [g for g in table.groups if g.first == row.key]
        for group in group_here:
            span = index[group.last] - index[group.first] + 1
            label = group.label.replace("办理结果", "办理<br>结果")
            cells.append(f'<td rowspan="{span}">{label}</td>')
        if row.level == 0:
            cells.append(f'<td colspan="3">{html.escape(row.label)}</td>')
        elif row.level == 1:
            cells.append(f'<td colspan="2">{html.escape(row.label)}</td>')
        else:
            label = html.escape(row.label)
            if len(label) > 20:
                label = label[:14] + "<br/>" + label[14:]
            cells.append(f"<td>{label}</td>")
        for col in table.columns:
            value = data["applications"][row.key][col.key]
            cells.append(f"<td>{blank if value is None else value}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    del starts
    return out


def render_html(
    data: dict[str, Any],
    prose: dict[str, str],
    published: str = "",
    blank: str = "&nbsp;",
    charset: str = "utf-8",
    layout: bool = True,
) -> str:
    fmt = FORMATS[data["format"]]
    parts = [
        "<!DOCTYPE html><html><head>",
        f'<meta charset="{charset}"><title>{data["agency"]}{data["year"]}年政府信息公开工作年度报告</title>',
        "<style>table{border-collapse:collapse}table[border] td{border:1px solid #000;padding:2px;font-size:9pt}"
        "body{font-family:'Noto Sans CJK SC',sans-serif}</style>",
        "<script>var x = '<table><tr><td>1</td></tr></table>';</script></head><body>",
        '<table class="layout" width="100%"><tr><td>'
        '<div class="nav">首页 &gt; 政府信息公开 &gt; 年度报告</div></td></tr><tr><td>'
        if layout
        else '<div class="nav">首页 &gt; 政府信息公开 &gt; 年度报告</div>',
        f'<h1 style="text-align:center">{data["agency"]}<br>{data["year"]}年政府信息公开工作年度报告</h1>',
    ]
    if published:
        parts.append(f"<div class='info'>发布日期：{published}　来源：{data['agency']}办公室</div>")
    for section in fmt.sections:
        parts.append(f"<p><strong>{section.heading}</strong></p>")
        if prose.get(section.numeral):
            parts.append(f"<p>{prose[section.numeral]}</p>")
        for table in [t for t in fmt.tables if t.section == section.numeral]:
            rows: list[str]
            if table.json_key == "proactive":
                rows = [
                    f'<tr><td colspan="4">{table.title}</td></tr>',
                    "<tr><td>信息内容</td>"
                    + "".join(
                        f'<td colspan="{3 if len(table.columns) == 1 else 1}">{_col_label(c)}</td>'
                        for c in table.columns
                    )
                    + "</tr>",
                ]
                for row in table.rows:
                    cells = [f"<td>{row.label}</td>"]
                    for col in table.row_columns(row):
                        value = _proactive_value(data, table, row.key, col.key)
                        span = ' colspan="3"' if len(table.columns) == 1 else ""
                        cells.append(f"<td{span}>{value or blank}</td>")
                    rows.append("<tr>" + "".join(cells) + "</tr>")
            elif table.key == "applications":
                rows = _applications_html(data, table, blank)
            else:
                rows = [
                    *_header_html(table),
                    "<tr>" + "".join(f"<td>{v or blank}</td>" for v in _appeal_cells(data)) + "</tr>",
                ]
            parts.append('<table border="1" cellspacing="0">' + "".join(rows) + "</table>")
    parts.append("</td></tr></table></body></html>" if layout else "</body></html>")
    return "\n".join(parts)


def render_pdf(markup: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=markup).write_pdf()


# ---------------------------------------------------------------------------------------------
# DOCX (python-docx, merged cells like the national Word template)


def render_docx(data: dict[str, Any], prose: dict[str, str]) -> bytes:
    import docx

    fmt = FORMATS[data["format"]]
    document = docx.Document()
    document.add_paragraph(data["agency"])
    document.add_paragraph(f"{data['year']}年政府信息公开工作年度报告")
    for section in fmt.sections:
        document.add_paragraph(section.heading)
        if prose.get(section.numeral):
            document.add_paragraph(prose[section.numeral])
        for table in [t for t in fmt.tables if t.section == section.numeral]:
            _docx_table(document, data, table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_table(document: Any, data: dict[str, Any], table: Table) -> None:
    if table.json_key == "proactive":
        grid = document.add_table(rows=2 + len(table.rows), cols=4)
        title = grid.cell(0, 0).merge(grid.cell(0, 3))
        title.text = table.title
        grid.cell(1, 0).text = "信息内容"
        for i, col in enumerate(table.columns):
            target = grid.cell(1, 1).merge(grid.cell(1, 3)) if len(table.columns) == 1 else grid.cell(1, 1 + i)
            target.text = _col_label(col)
        for r, row in enumerate(table.rows, start=2):
            grid.cell(r, 0).text = row.label
            columns = table.row_columns(row)
            for i, col in enumerate(columns):
                target = grid.cell(r, 1).merge(grid.cell(r, 3)) if len(table.columns) == 1 else grid.cell(r, 1 + i)
                target.text = _proactive_value(data, table, row.key, col.key)
        return
    label_cols = table.label_columns
    header_rows = 1 + max(c.row + c.rowspan - 1 for c in table.header)
    width = label_cols + table.cell_count if table.layout == "single_row" else label_cols + len(table.columns)
    body_rows = 1 if table.layout == "single_row" else len(table.rows)
    grid = document.add_table(rows=header_rows + body_rows, cols=width)
    for cell in table.header:
        merged = grid.cell(cell.row, cell.col).merge(
            grid.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1)
        )
        merged.text = cell.text
    if table.layout == "single_row":
        for i, value in enumerate(_appeal_cells(data)):
            grid.cell(header_rows, i).text = value
        return
    index = {r.key: i for i, r in enumerate(table.rows)}
    for group in table.groups:
        first, last = header_rows + index[group.first], header_rows + index[group.last]
        merged = grid.cell(first, group.level).merge(grid.cell(last, group.level))
        merged.text = group.label
    for r, row in enumerate(table.rows):
        line = header_rows + r
        start = row.level
        merged = (
            grid.cell(line, start).merge(grid.cell(line, label_cols - 1))
            if start < label_cols - 1
            else grid.cell(line, start)
        )
        merged.text = row.label
        for i, col in enumerate(table.columns):
            grid.cell(line, label_cols + i).text = _cell(data["applications"][row.key][col.key])


PROSE_A = {
    "一": "2022年，本县共收到政府信息公开申请70件，上年结转3件，办理答复68件，结转下年度5件。"
    "全年发生政府信息公开行政复议4件、行政诉讼3件。",
    "五": "主要问题是部分单位公开不够及时。",
    "六": "2022年，本县未收取信息处理费。",
}
PROSE_B = {
    "一": "2020年，本局主动公开政府信息156条，其中通过政府网站公开政府信息140条，通过政务微信公开政府信息70条。"
    "全年受理政府信息公开申请11件，答复10件。",
    "五": "依申请公开答复质量有待提高。",
    "六": "无。",
}
PROSE_C = {
    "一": "2023年，全市共受理政府信息公开申请445件，答复432件。政府信息公开行政复议19件，行政诉讼10件。",
    "五": "个别部门解读不够。",
    "六": "2023年，全市收取政府信息公开信息处理费1200元。",
}


# D: a county's old 统计表 (Fujian style, 2016): label, unit, this year, cumulative; the numbered
# sub-items add up to their row in both columns (legacy_sum).
DATASET_LEGACY: dict[str, Any] = {
    "format": "legacy",
    "year": 2016,
    "agency": "青溪县",
    "rows": [
        ("主动公开文件数", "条", 1325, 15022),
        ("其中：1.政府网站公开数", "条", 1210, 13020),
        ("2.政府公报公开数", "条", 115, 2002),
        ("受理依申请公开信息总数", "条", 9, 86),
        ("其中：1.当面申请数", "条", 2, 40),
        ("2.网上申请数", "条", 6, 38),
        ("3.信函、传真申请数", "条", 1, 8),
        ("对申请的答复总数", "条", 9, 86),
        ("其中：1.同意公开答复数", "条", 6, 60),
        ("2.同意部分公开答复数", "条", 1, 9),
        ("3.不予公开答复数", "条", 1, 10),
        ("4.其他类型答复数", "条", 1, 7),
        ("政府信息公开收费减免金额", "元", None, 0),
        ("接受行政诉讼、举报数", "件", 0, 1),
        ("行政复议数", "件", 1, 5),
        ("行政诉讼数", "件", 0, 1),
    ],
}
PROSE_LEGACY = {
    "一": "2016年，我县主动公开政府信息1325条，受理政府信息公开申请9件，全部按时答复。",
    "五": "个别部门公开不及时。",
}


def render_legacy_text(data: dict[str, Any], prose: dict[str, str], published: str = "") -> str:
    """An old 统计表 report as tab-separated text: the sections' prose, then the table (指标名称, 计量单位,
    the year, 历年累计), a dash for a figure not given."""
    lines = [f"{data['agency']}{data['year']}年政府信息公开工作年度报告", ""]
    for numeral, text in prose.items():
        lines.extend([f"{numeral}、", text])
    lines.append("附：政府信息公开情况统计表")
    lines.append(f"指标名称\t计量单位\t{data['year']}年度\t历年累计")
    for label, unit, value, cumulative in data["rows"]:
        lines.append("\t".join([label, unit, "—" if value is None else str(value), str(cumulative)]))
    if published:
        lines.extend(["", f"{data['agency']}人民政府办公室", published])
    return "\n".join(lines) + "\n"


def flatten(text: str) -> bytes:
    """Text with every cell separator and line break lost (copied from a web page), as bytes."""
    return text.replace("\n", "").replace("\t", "").encode()


def write_committed_fixtures() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    (FIXTURES / "zechuan-2022-tab.txt").write_text(
        render_tab_text(DATASET_A, PROSE_A, "2023年3月20日"), encoding="utf-8"
    )
    (FIXTURES / "zechuan-2022-flattened.txt").write_text(render_run_together(DATASET_A, PROSE_A), encoding="utf-8")
    (FIXTURES / "zechuan-edu-2020-cells.txt").write_bytes(
        render_cell_lines(DATASET_B, PROSE_B, "2021年1月28日").encode("gb18030")
    )
    (FIXTURES / "yunling-2023.html").write_bytes(
        render_html(DATASET_C, PROSE_C, "2024-03-15", blank="&nbsp;", charset="gb2312").encode("gb18030")
    )


if __name__ == "__main__":
    write_committed_fixtures()
