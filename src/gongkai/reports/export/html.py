"""The report as HTML: a fragment for the portal and a standalone page (also the source of the PDF).

Tables are semantic: a ``<caption>``, the form's header rows in ``<thead>`` with ``<th scope>``, row
labels as ``<th scope="row">`` (row groups ``scope="rowgroup"``), and the spans of the national form.
The form's headers are irregular (three header rows, labels over three columns), so every figure also
names its header cells through ``headers`` (WCAG technique H43): a screen reader then announces
“三、本年度办理结果 （三）不予公开 1.属于国家秘密 自然人” and not just a number.  No Django needed.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import Any

from .layout import GROUP, HEADER, LABEL, NOTE, TITLE, Grid, GridCell, ReportLayout, column_widths_mm, layout

SCREEN_CSS = """
.annual-report { max-width: 60rem; margin: 0 auto; line-height: 1.8; }
.annual-report h1 { text-align: center; font-size: 1.6rem; }
.annual-report .report-table-wrap { overflow-x: auto; margin: 1rem 0 1.5rem; }
.annual-report table { border-collapse: collapse; width: 100%; font-size: 0.9rem; line-height: 1.4; }
.annual-report caption { font-weight: bold; text-align: left; padding: 0.25rem 0; }
.annual-report th, .annual-report td { border: 1px solid #555; padding: 0.25rem 0.4rem; vertical-align: middle; }
.annual-report thead th, .annual-report th.group { text-align: center; background: #f3f3f3; }
.annual-report th[scope="row"] { text-align: left; font-weight: normal; }
.annual-report td.note { font-size: 0.8rem; text-align: left; }
.annual-report td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.annual-report .level-2 { padding-left: 1rem; }
.annual-report caption.same-as-heading { position: absolute; width: 1px; height: 1px; overflow: hidden;
                                         clip: rect(0 0 0 0); white-space: nowrap; }
"""

# Print: the GB/T 9704 page (A4, margins 37/35/28/26 mm), 仿宋 三号 text, 小标宋 title, installed
# Noto CJK fonts as the last resort (Debian fonts-noto-cjk), small tables kept on one page.
PRINT_CSS = """
@page {
  size: A4;
  margin: 37mm 26mm 35mm 28mm;
  @bottom-center { content: "— " counter(page) " —"; font-family: "Times New Roman", "Noto Serif CJK SC", serif;
                   font-size: 14pt; }
}
html { font-family: "FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC",
       "Noto Serif SC", serif; font-size: 16pt; line-height: 28pt; color: #000; }
body, main { margin: 0; padding: 0; }
.annual-report { max-width: none; margin: 0; line-height: 28pt; }
.annual-report h1 { font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "方正小标宋_GBK", "STZhongsong", "华文中宋",
                    "Noto Serif CJK SC", serif; font-weight: normal; font-size: 22pt; line-height: 35pt;
                    text-align: center; margin: 0 0 28pt; }
.annual-report h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-weight: normal;
                    font-size: 16pt; margin: 0; text-indent: 2em; break-after: avoid; }
.annual-report p { margin: 0; text-indent: 2em; text-align: justify; }
.annual-report .report-table-wrap { overflow: visible; margin: 6pt 0 12pt; }
.annual-report table { font-family: "SimSun", "宋体", "Noto Serif CJK SC", serif; font-size: 9pt;
                       line-height: 1.35; width: 100%; table-layout: fixed; }
.annual-report table.small { font-size: 10.5pt; break-inside: avoid; }
.annual-report caption { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-weight: normal;
                         text-align: center; break-after: avoid; }
.annual-report th, .annual-report td { border: 0.5pt solid #000; padding: 2pt 2pt; }
.annual-report td.note { font-size: 8pt; }
.annual-report .level-2 { padding-left: 2pt; }
.annual-report thead th, .annual-report th.group { background: none; }
.annual-report thead { display: table-header-group; }
.annual-report tr { break-inside: avoid; }
"""


def _attrs(**values: Any) -> str:
    parts = []
    for name, value in values.items():
        if value in (None, "", 1) and name in {"rowspan", "colspan"}:
            continue
        if value in (None, ""):
            continue
        parts.append(f' {name.rstrip("_").replace("_", "-")}="{escape(str(value), quote=True)}"')
    return "".join(parts)


def _id(grid: Grid, cell: GridCell) -> str:
    return f"{grid.key}-r{cell.row}c{cell.col}"


def _headers_of(grid: Grid, cell: GridCell, shown: list[GridCell]) -> str:
    """Ids of the header cells over a figure's column (top down), then of the row groups and the
    label beside its row (outer to inner), in the order a reader announces them."""
    columns = sorted(
        (
            h
            for h in shown
            if h.role == HEADER and h.row < grid.header_rows and h.col <= cell.col and cell.last_col <= h.last_col
        ),
        key=lambda h: h.row,
    )
    rows = sorted(
        (h for h in shown if h.role in {LABEL, GROUP} and h.row <= cell.row <= h.last_row), key=lambda h: h.col
    )
    return " ".join(_id(grid, h) for h in (*columns, *rows))


def _cell_html(grid: Grid, cell: GridCell, shown: list[GridCell]) -> str:
    spans = {"rowspan": cell.rowspan, "colspan": cell.colspan}
    text = escape(cell.text)
    if cell.numeric:
        return f"<td{_attrs(class_='num', headers=_headers_of(grid, cell, shown), **spans)}>{text}</td>"
    if cell.role == NOTE:
        return f"<td{_attrs(class_='note', **spans)}>{text}</td>"
    if cell.role == HEADER:
        scope = "colgroup" if cell.colspan > 1 else "col"
        return f"<th{_attrs(id=_id(grid, cell), scope=scope, **spans)}>{text}</th>"
    if cell.role == GROUP:
        return f"<th{_attrs(id=_id(grid, cell), scope='rowgroup', class_='group', **spans)}>{text}</th>"
    level = f"level-{cell.level}" if cell.level else ""
    return f"<th{_attrs(id=_id(grid, cell), scope='row', class_=level, **spans)}>{text}</th>"


def _caption(grid: Grid, heading: str) -> str:
    # Sections 三 and 四 are one table each, titled like the section: the caption is still there for
    # screen readers and table navigation, but not printed twice.
    hidden = _attrs(class_="same-as-heading") if grid.title == heading else ""
    return f"<caption{hidden}>{escape(grid.title)}</caption>"


def _colgroup(grid: Grid) -> str:
    # Fixed layout takes the widths from here; without them the 3×3 note cell of section 三 would
    # share its width equally and squeeze the row labels.
    widths = column_widths_mm(grid)
    total = sum(widths)
    cols = "".join(f'<col style="width:{100 * w / total:.2f}%">' for w in widths)
    return f"<colgroup>{cols}</colgroup>"


def table_html(grid: Grid, *, heading: str = "") -> str:
    # The title row of a section 二 table is the table's caption here, where HTML has a place for it.
    shown = [c for c in grid.cells if c.role != TITLE]
    first_row = 1 if grid.titled_inside else 0
    # The narrow tables of section 二 print larger and are never split across pages.
    classes = "report-table small" if grid.cols <= 4 else "report-table"
    lines = [
        f'<div class="report-table-wrap table-scroll"><table{_attrs(class_=classes)}>',
        _caption(grid, heading),
        _colgroup(grid),
    ]
    body_open = False
    for row in range(first_row, grid.rows):
        if row == first_row and grid.header_rows > first_row:
            lines.append("<thead>")
        if row == grid.header_rows:
            if grid.header_rows > first_row:
                lines.append("</thead>")
            lines.append("<tbody>")
            body_open = True
        starting = sorted((c for c in shown if c.row == row), key=lambda c: c.col)
        lines.append("<tr>" + "".join(_cell_html(grid, c, shown) for c in starting) + "</tr>")
    if body_open:
        lines.append("</tbody>")
    lines.append("</table></div>")
    return "\n".join(lines)


def fragment_from(view: ReportLayout, *, heading_level: int = 2, title: bool = False, id_prefix: str = "") -> str:
    """``id_prefix`` keeps the cell ids unique when a page shows several reports (two years side by side)."""
    h = f"h{heading_level}"
    lines = [f'<article class="annual-report" lang="zh-CN" aria-label="{escape(view.title, quote=True)}">']
    if title:
        lines.append(f"<h{heading_level - 1}>{escape(view.title)}</h{heading_level - 1}>")
    for section in view.sections:
        lines.append("<section>")
        if section.heading:
            lines.append(f"<{h}>{escape(section.heading)}</{h}>")
        lines += [f"<p>{escape(text)}</p>" for text in section.paragraphs]
        grids = [replace(g, key=f"{id_prefix}-{g.key}") if id_prefix else g for g in section.grids]
        lines += [table_html(grid, heading=section.heading) for grid in grids]
        lines.append("</section>")
    lines.append("</article>")
    return "\n".join(lines)


def render_fragment(report: dict[str, Any], *, heading_level: int = 2, id_prefix: str = "") -> str:
    """The report body for a portal page (the page gives the title as its own heading)."""
    return fragment_from(layout(report), heading_level=heading_level, id_prefix=id_prefix)


def render_page(report: dict[str, Any], *, print_css: bool = True) -> str:
    """A complete HTML document: the title, the report, and the screen and print stylesheets."""
    view = layout(report)
    body = fragment_from(view, heading_level=2, title=True)
    css = SCREEN_CSS + (f"\n@media print {{\n{PRINT_CSS}\n}}\n" if print_css else "")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(view.title)}</title>\n<style>{css}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
        "</body>\n</html>\n"
    )


def render_html(report: dict[str, Any]) -> bytes:
    return render_page(report).encode("utf-8")
