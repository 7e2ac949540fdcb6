"""The report as a Word document in the style of official documents (GB/T 9704, roughly).

Page: A4, margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right.  Title in 小标宋 二号, section
headings in 黑体 三号, text in 仿宋 三号 on a fixed 28 pt line (22 lines a page).  Every table is a
real Word table whose merged cells are those of the national form (laid out in ``layout``).

Word takes one East Asian font name per run (``w:eastAsia``); the fallbacks are declared in the font
table (``w:altName``), which is where Word and LibreOffice look when a font is not installed.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from .layout import HEADER, LABEL, NOTE, TITLE, Grid, GridCell, ReportLayout, column_widths_mm, layout

LATIN = "Times New Roman"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
TABLE_FONT = "宋体"

# Font table entries: name → (alternative name, family).  charset 86 is GB2312.
FONT_FALLBACKS = {
    TITLE_FONT: ("华文中宋", "roman"),
    HEADING_FONT: ("SimHei", "modern"),
    BODY_FONT: ("仿宋", "modern"),
    TABLE_FONT: ("SimSun", "auto"),
}

ER_HAO = Pt(22)  # 二号
SAN_HAO = Pt(16)  # 三号
WU_HAO = Pt(10.5)  # 五号
XIAO_WU = Pt(9)  # 小五
LIU_HAO = Pt(7.5)  # 六号: a figure of six digits or more in a narrow column
LINE = Pt(28)


def _fonts(rpr: Any, east_asia: str, latin: str = LATIN) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _run(paragraph: Paragraph, text: str, font: str, size: Pt, *, bold: bool = False) -> None:
    run = paragraph.add_run(text)
    run.font.size = size
    run.font.bold = bold
    _fonts(run._element.get_or_add_rPr(), font)


def _page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(24)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # 页码: “— 1 —” in 四号 半角 (GB/T 9704 §7.5).
    _run(footer, "— ", LATIN, Pt(14))
    _page_field(footer)
    _run(footer, " —", LATIN, Pt(14))


def _page_field(paragraph: Paragraph) -> None:
    run = paragraph.add_run()
    run.font.size = Pt(14)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._element.append(element)


def _styles(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    normal.font.size = SAN_HAO
    rpr = normal.element.get_or_add_rPr()
    _fonts(rpr, BODY_FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE


def _font_table(doc: DocxDocument) -> None:
    part = next((p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    for name, (alternative, family) in FONT_FALLBACKS.items():
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): alternative})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})
        etree.SubElement(font, qn("w:family"), {qn("w:val"): family})
        etree.SubElement(font, qn("w:pitch"), {qn("w:val"): "variable"})
    # The default template's font table is a plain part: python-docx keeps only its bytes.
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _title(doc: DocxDocument, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = paragraph.paragraph_format
    fmt.line_spacing = Pt(35)
    fmt.space_after = Pt(28)
    _run(paragraph, text, TITLE_FONT, ER_HAO)


def _heading(doc: DocxDocument, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.first_line_indent = SAN_HAO * 2
    paragraph.paragraph_format.keep_with_next = True
    _run(paragraph, text, HEADING_FONT, SAN_HAO)


def _body(doc: DocxDocument, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.first_line_indent = SAN_HAO * 2
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _run(paragraph, text, BODY_FONT, SAN_HAO)


# ---------------------------------------------------------------------------------------------
# Tables


def _widths(grid: Grid) -> list[int]:
    return [Mm(w) for w in column_widths_mm(grid)]


def _alignment(cell: GridCell) -> WD_ALIGN_PARAGRAPH:
    if cell.numeric:
        return WD_ALIGN_PARAGRAPH.RIGHT
    if cell.role in {LABEL, NOTE}:
        return WD_ALIGN_PARAGRAPH.LEFT
    return WD_ALIGN_PARAGRAPH.CENTER


def _fill(target: _Cell, cell: GridCell, size: Pt) -> None:
    target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = target.paragraphs[0]
    paragraph.alignment = _alignment(cell)
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if cell.text:
        _run(paragraph, cell.text, HEADING_FONT if cell.role == TITLE else TABLE_FONT, size, bold=cell.role == HEADER)


def _cell_width(target: _Cell, widths: list[int], cell: GridCell) -> None:
    target.width = sum(widths[cell.col : cell.col + cell.colspan])


# Cell padding left and right: 0.8 mm (45 twips) instead of Word's 1.9 mm, so that a five- or six-digit
# figure fits on one line in the seven figure columns of section 三 (12.6 mm each).
CELL_PADDING_TWIPS = "45"


def _cell_padding(table: DocxTable) -> None:
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), CELL_PADDING_TWIPS)
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    # The schema orders w:tblPr's children; w:tblCellMar comes before w:tblLook (Word refuses otherwise).
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)


def _table_properties(table: DocxTable, grid: Grid) -> None:
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_padding(table)
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        # A row never breaks across pages; the header rows repeat on every page of a long table.
        tr_pr.append(OxmlElement("w:cantSplit"))
        if index < grid.header_rows and not grid.titled_inside:
            tr_pr.append(OxmlElement("w:tblHeader"))


def _table(doc: DocxDocument, grid: Grid) -> DocxTable:
    table = doc.add_table(rows=grid.rows, cols=grid.cols)
    _table_properties(table, grid)
    widths = _widths(grid)
    for i, column in enumerate(table.columns):
        column.width = widths[i]
    size = WU_HAO if grid.cols <= 4 else XIAO_WU
    # ``table.cell`` recomputes the whole grid on every call (a second for the section 三 table), so
    # cells are addressed from snapshots: one to merge (the regions are disjoint, so each corner is
    # still in place when its turn comes), one to fill.
    before = table._cells
    for cell in grid.cells:
        if cell.rowspan > 1 or cell.colspan > 1:
            # python-docx writes w:gridSpan across and w:vMerge down.
            before[cell.row * grid.cols + cell.col].merge(before[cell.last_row * grid.cols + cell.last_col])
    after = table._cells
    for cell in grid.cells:
        target = after[cell.row * grid.cols + cell.col]
        _fill(target, cell, LIU_HAO if size == XIAO_WU and cell.numeric and len(cell.text) > 5 else size)
        _cell_width(target, widths, cell)
    return table


def _gap(doc: DocxDocument) -> None:
    doc.add_paragraph().paragraph_format.line_spacing = Pt(12)


def build(view: ReportLayout) -> DocxDocument:
    doc = Document()
    _page(doc)
    _styles(doc)
    _font_table(doc)
    doc.core_properties.title = view.title
    doc.core_properties.author = view.agency
    doc.core_properties.language = "zh-CN"
    doc.core_properties.subject = f"{view.format_name}（{view.document}）"
    _title(doc, view.title)
    for section in view.sections:
        if section.heading:
            _heading(doc, section.heading)
        for text in section.paragraphs:
            _body(doc, text)
        for grid in section.grids:
            _table(doc, grid)
            _gap(doc)
    return doc


def render_docx(report: dict[str, Any]) -> bytes:
    # Section 二 is one Word table on the national form, its four parts each under a title row.
    doc = build(layout(report, stack_proactive=True))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
