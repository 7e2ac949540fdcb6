"""公文 files for the import tests, laid out as GB/T 9704 lays them (and as clerks really type them).

``gongwen_docx`` writes a DOCX with python-docx: the red 发文机关标志, the 发文字号 centred (下行文) or on
the left with 签发人 on the right (上行文), the title, the 主送, headings, a list, a table, the 附件说明,
the 署名 and 成文日期, and the 版记. ``gongwen_pdf`` prints the same content to a PDF with a text layer.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from dataclasses import dataclass, field

TITLE = "关于做好2026年春季森林防火工作的通知"
BODY = [
    "为切实做好今年春季森林防火工作，保护森林资源和人民群众生命财产安全，现将有关事项通知如下。",
    "一、总体要求",
    "各单位要坚持预防为主、积极消灭的方针，落实森林防火责任制。",
    "（一）加强组织领导",
    "各乡镇人民政府要成立森林防火指挥机构，明确专人负责。",
]
LIST = ["严禁野外吸烟", "严禁烧荒烧炭", "严禁燃放孔明灯"]
TABLE = [["乡镇", "责任人", "联系电话"], ["甲镇", "王某", "0000-1111111"], ["乙镇", "李某", "0000-2222222"]]


@dataclass
class Layout:
    """What a test document holds; every field may be left out to test a layout without it."""

    mark: str = "测试县甲局文件"
    number: str = "甲林发〔2026〕3号"
    number_position: str = "center"  # "center" (下行文) or "left" with 签发人 on the right (上行文)
    signer: str = "张某"
    secret: str = ""
    title: str = TITLE
    title_lines: list[str] = field(default_factory=list)  # a long title over several lines
    recipients: str = "各乡镇人民政府，县直各有关单位"
    body: list[str] = field(default_factory=lambda: list(BODY))
    bullets: list[str] = field(default_factory=lambda: list(LIST))
    table: list[list[str]] = field(default_factory=lambda: [list(row) for row in TABLE])
    attachments: list[str] = field(default_factory=list)
    signature: str = "测试县甲局"
    date_text: str = "2026年3月5日"
    imprint: bool = True


def gongwen_docx(layout: Layout | None = None) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    layout = layout or Layout()
    document = docx.Document()

    def paragraph(text: str, *, align=None, size: float = 16, red: bool = False, bold: bool = False, style=None):
        p = document.add_paragraph(style=style)
        run = p.add_run(text)
        run.font.size = Pt(size)
        run.bold = bold
        if red:
            run.font.color.rgb = RGBColor(0xE6, 0x00, 0x12)
        if align is not None:
            p.alignment = align
        return p

    if layout.secret:
        paragraph("000012")
        paragraph(layout.secret)
        paragraph("特急")
    if layout.mark:
        paragraph(layout.mark, align=WD_ALIGN_PARAGRAPH.CENTER, size=36, red=True)
    if layout.number:
        if layout.number_position == "center":
            paragraph(layout.number, align=WD_ALIGN_PARAGRAPH.CENTER)
        else:
            paragraph(f"{layout.number}\t\t\t签发人：{layout.signer}")
    paragraph("")  # the red rule is a bordered empty paragraph in most templates
    for line in layout.title_lines or [layout.title]:
        paragraph(line, align=WD_ALIGN_PARAGRAPH.CENTER, size=22)
    if layout.recipients:
        paragraph(f"{layout.recipients}：")
    for text in layout.body:
        paragraph(text)
    for text in layout.bullets:
        paragraph(text, style="List Bullet")
    if layout.table:
        table = document.add_table(rows=len(layout.table), cols=len(layout.table[0]))
        for r, row in enumerate(layout.table):
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                cell.text = value
                if r == 0:
                    cell.paragraphs[0].runs[0].font.color.rgb = RGBColor(0xC0, 0x00, 0x00)  # styles are dropped
    paragraph("请各单位认真贯彻执行。")
    if layout.attachments:
        first, *rest = layout.attachments
        paragraph(f"附件：1．{first}" if rest else f"附件：{first}")
        for number, name in enumerate(rest, start=2):
            paragraph(f"{number}．{name}")
    paragraph("")
    if layout.signature:
        paragraph(layout.signature, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if layout.date_text:
        paragraph(layout.date_text, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph("（此件公开发布）")
    if layout.imprint:
        paragraph("抄送：县委办公室，县人大常委会办公室。")
        paragraph("测试县甲局办公室                2026年3月6日印发")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def gongwen_pdf(layout: Layout | None = None) -> bytes:
    """The same 公文 printed to a PDF (WeasyPrint, the CJK fonts the project installs)."""
    from weasyprint import HTML

    layout = layout or Layout()
    e = html.escape
    parts = [
        "<style>@page { size: A4; margin: 37mm 26mm 35mm 28mm; }"
        "body { font-family: 'Noto Serif CJK SC', serif; font-size: 16pt; line-height: 1.8; }"
        "p { margin: 0; } .c { text-align: center; } .r { text-align: right; }"
        ".mark { color: #e60012; font-size: 36pt; } .t { font-size: 22pt; }"
        "td { border: 1px solid #000; padding: 2pt 6pt; } table { border-collapse: collapse; }</style>"
    ]
    if layout.mark:
        parts.append(f'<p class="c mark">{e(layout.mark)}</p>')
    if layout.number:
        parts.append(f'<p class="c">{e(layout.number)}</p>')
    for line in layout.title_lines or [layout.title]:
        parts.append(f'<p class="c t">{e(line)}</p>')
    if layout.recipients:
        parts.append(f"<p>{e(layout.recipients)}：</p>")
    parts.extend(f'<p style="text-indent: 2em">{e(text)}</p>' for text in layout.body)
    if layout.table:
        rows = "".join("<tr>" + "".join(f"<td>{e(v)}</td>" for v in row) + "</tr>" for row in layout.table)
        parts.append(f"<table>{rows}</table>")
    if layout.attachments:
        parts.append(f'<p style="text-indent: 2em">附件：{e(layout.attachments[0])}</p>')
    if layout.signature:
        parts.append(f'<p class="r">{e(layout.signature)}</p>')
    if layout.date_text:
        parts.append(f'<p class="r">{e(layout.date_text)}</p>')
    return HTML(string="<html lang='zh-CN'><body>" + "".join(parts) + "</body></html>").write_pdf()


def formed(layout: Layout | None = None) -> dt.date:
    from gongkai.disclosure.docimport import parse_cn_date

    found = parse_cn_date((layout or Layout()).date_text)
    assert found is not None
    return found
