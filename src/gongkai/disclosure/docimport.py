"""Reading a 公文 (DOCX, or PDF with a text layer) into the fields of a draft (docs/disclosure.md).

A 公文 follows the layout of GB/T 9704《党政机关公文格式》: the 版头 (份号, 密级, 紧急程度, the red
发文机关标志, the 发文字号 centred below it or on the left with 签发人 on the right), then the 主体 (the
centred 标题, 主送机关 ending in a colon, 正文, 附件说明, 发文机关署名, 成文日期, 附注, the 附件 themselves)
and the 版记 (抄送, 印发机关和印发日期). Both formats are first turned into the same list of blocks
(paragraphs and tables with their alignment and size); one recogniser reads that list, so a DOCX and the
PDF printed from it give the same draft. Recognition is a proposal: the clerk sees every field and
corrects it before anything is saved.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from gongkai.common.zipguard import ZipBombError, check_archive

# ---------------------------------------------------------------------------------------------
# What is recognised
# ---------------------------------------------------------------------------------------------


@dataclass
class Recognised:
    """The fields read from one document. Empty strings (and ``None``) mean "not found"."""

    kind: str  # "docx" or "pdf"
    title: str = ""
    issuer: str = ""  # 发文机关 (from the 发文机关标志, else the 署名)
    doc_number: str = ""  # 发文字号, normalised to the 〔2026〕 form when it has a year
    formed_on: dt.date | None = None  # 成文日期
    recipients: str = ""  # 主送机关, without its colon
    body: str = ""  # clean HTML (the caller sanitises it again on save)
    attachment_names: list[str] = field(default_factory=list)  # from the 附件说明
    genre: str = ""  # a Genre value guessed from the 文种 at the end of the title
    secret_mark: str = ""  # 密级 and 保密期限 printed in the 版头, e.g. "机密★1年"
    notes: list[str] = field(default_factory=list)  # what the clerk should look at

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "issuer": self.issuer,
            "doc_number": self.doc_number,
            "formed_on": self.formed_on.isoformat() if self.formed_on else "",
            "recipients": self.recipients,
            "body": self.body,
            "attachment_names": list(self.attachment_names),
            "genre": self.genre,
            "secret_mark": self.secret_mark,
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Recognised:
        values = dict(data)
        formed = values.pop("formed_on", "")
        return cls(formed_on=dt.date.fromisoformat(formed) if formed else None, **values)


@dataclass
class Block:
    """One paragraph or table of the document, in reading order."""

    text: str  # plain text, runs of white space collapsed
    html: str = ""  # inline HTML of a paragraph, or the whole <table>
    align: str = ""  # "center", "right" or "" (left or justified)
    size: float = 0.0  # the largest font size in points, 0 when unknown
    red: bool = False  # printed in red (the 发文机关标志 is)
    is_table: bool = False
    list_kind: str = ""  # "ul" or "ol" for a list paragraph of a DOCX
    heading: int = 0  # 2–4 when the DOCX styles it as a heading


class UnreadableDocument(ValidationError):
    """The file is not a 公文 this module can read; the message says why, for the clerk."""


def unreadable(message: str) -> UnreadableDocument:
    return UnreadableDocument({"file": message})


# ---------------------------------------------------------------------------------------------
# Patterns of GB/T 9704
# ---------------------------------------------------------------------------------------------

_SPACE = re.compile(r"[\s\u3000\xa0]+")
_OPEN = "〔[［【(（〖"
_CLOSE = "〕]］】)）〗"
# 发文字号: 机关代字, the year in brackets (〔〕 by the standard; [], 【】 and （） are common mistakes), the
# serial number and 号. The 代字 may not start with 签发人 or hold a colon.
DOC_NUMBER = re.compile(
    rf"(?P<prefix>[\u4e00-\u9fffA-Za-z·]{{1,24}}?)\s*[{re.escape(_OPEN)}]\s*(?P<year>[12１２][0-9０-９]{{3}})\s*"
    rf"[{re.escape(_CLOSE)}]\s*(?:第\s*)?(?P<serial>[0-9０-９]{{1,5}})\s*号"
)
_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "o": 0, "一": 1, "二": 2, "三": 3, "四": 4}
_CN_DIGIT |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_DATE = re.compile(
    r"^(?P<y>[0-9０-９〇○零Ｏ一二三四五六七八九]{4})年(?P<m>[0-9０-９一二三四五六七八九十]{1,3})月"
    r"(?P<d>[0-9０-９一二三四五六七八九十]{1,3})日$"
)
_SECRET = re.compile(r"^(绝密|机密|秘密)(★.*)?$")
_URGENCY = re.compile(r"^(特急|加急|特提|平急)$")
_COPY_NUMBER = re.compile(r"^[0-9０-９]{1,6}$")
_RULE = re.compile(r"^[\-—─━_=＝·.…　\s]*$")  # a separator line drawn with characters
_PAGE_NUMBER = re.compile(r"^[—\-－–]\s*[0-9０-９]+\s*[—\-－–]$")
_SIGNER = re.compile(r"签发人")
_IMPRINT = re.compile(r"^(抄送|抄报|分送)[:：]|印发$")
_ATTACHMENT_NOTE = re.compile(r"^附\s*件\s*[:：]\s*(?P<rest>.*)$")
_NUMBERED = re.compile(r"^[0-9０-９]{1,2}\s*[.．、]\s*(?P<name>.+)$")
_LEVEL_ONE = re.compile(r"^[一二三四五六七八九十]{1,3}、")
_LEVEL_TWO = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[)）]")
_SENTENCE_END = re.compile(r"[。；！？]")

# 文种 at the end of a title → Genre value (gongkai.disclosure.models.Genre); the longest ending first.
GENRE_ENDINGS = [
    ("政策解读", "interpretation"),
    ("解读", "interpretation"),
    ("决议", "resolution"),
    ("决定", "decision"),
    ("命令", "order"),
    ("公报", "communique"),
    ("公告", "announcement"),
    ("通告", "public_notice"),
    ("意见", "opinion"),
    ("通知", "notice"),
    ("通报", "bulletin"),
    ("报告", "report"),
    ("请示", "request"),
    ("批复", "reply"),
    ("议案", "motion"),
    ("纪要", "minutes"),
    ("函", "letter"),
    ("规定", "rules"),
    ("办法", "rules"),
    ("细则", "rules"),
    ("规划", "plan"),
    ("计划", "plan"),
    ("方案", "plan"),
    ("令", "order"),
]


def normalise_doc_number(text: str) -> str:
    """The first 发文字号 in ``text`` in the standard form (甲政发〔2026〕3号), or ""."""
    match = DOC_NUMBER.search(_SPACE.sub("", text))
    if not match:
        return ""
    prefix = match["prefix"].removeprefix("签发人")
    return f"{prefix}〔{int(match['year'])}〕{int(match['serial'])}号"


def _cn_int(text: str) -> int:
    if text.isdigit():
        return int(text)  # int() reads full-width digits too
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)
    return _CN_DIGIT[text]


def parse_cn_date(text: str) -> dt.date | None:
    """A date line as printed in a 公文: 2026年3月5日, or in Chinese numerals 二〇二六年三月五日."""
    match = _DATE.match(_SPACE.sub("", text))
    if not match:
        return None
    try:
        year_text = match["y"]
        year = int(year_text) if year_text.isdigit() else int("".join(str(_CN_DIGIT[c]) for c in year_text))
        return dt.date(year, _cn_int(match["m"]), _cn_int(match["d"]))
    except (KeyError, ValueError):
        return None


def guess_genre(title: str) -> str:
    for ending, genre in GENRE_ENDINGS:
        if title.rstrip('》”"').endswith(ending):
            return genre
    return ""


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _squeezed(text: str) -> str:
    """Chinese text as written: the spaces a clerk types to spread a short line (署名, 标题) removed."""
    return _SPACE.sub("", text)


# ---------------------------------------------------------------------------------------------
# DOCX → blocks
# ---------------------------------------------------------------------------------------------


def _is_red(rgb: Any) -> bool:
    if rgb is None:
        return False
    red, green, blue = (int(str(rgb)[i : i + 2], 16) for i in (0, 2, 4))
    return red >= 0xC0 and green <= 0x60 and blue <= 0x60


def _run_html(run: Any) -> str:
    text = html.escape(run.text or "")
    if not text.strip():
        return text
    if run.bold:
        text = f"<strong>{text}</strong>"
    if run.italic:
        text = f"<em>{text}</em>"
    return text


def _paragraph_html(paragraph: Any) -> str:
    from docx.text.hyperlink import Hyperlink

    parts: list[str] = []
    for inner in paragraph.iter_inner_content():
        if isinstance(inner, Hyperlink):
            text = "".join(_run_html(run) for run in inner.runs)
            address = inner.url or ""
            if re.match(r"^(https?://|mailto:)", address, re.IGNORECASE):
                parts.append(f'<a href="{html.escape(address)}">{text}</a>')
            else:
                parts.append(text)
        else:
            parts.append(_run_html(inner))
    # Merge the neighbouring tags that runs split (Word splits a bold phrase at every edit).
    joined = "".join(parts).replace("</strong><strong>", "").replace("</em><em>", "")
    return _SPACE.sub(" ", joined).strip()


def _alignment(paragraph: Any) -> str:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    value = paragraph.alignment
    style = paragraph.style
    while value is None and style is not None:
        value = style.paragraph_format.alignment
        style = style.base_style
    if value == WD_ALIGN_PARAGRAPH.CENTER:
        return "center"
    if value == WD_ALIGN_PARAGRAPH.RIGHT:
        return "right"
    # A clerk often pushes the 署名 and date to the right with spaces instead of alignment.
    leading = len(paragraph.text) - len(paragraph.text.lstrip(" \u3000\t"))
    return "right" if leading >= 8 and len(paragraph.text.strip()) <= 30 else ""


def _font_size(paragraph: Any) -> float:
    sizes = [run.font.size.pt for run in paragraph.runs if run.font.size is not None and run.text.strip()]
    if sizes:
        return max(sizes)
    style = paragraph.style
    while style is not None:
        if style.font.size is not None:
            return float(style.font.size.pt)
        style = style.base_style
    return 0.0


def _list_kinds(document: Any) -> dict[str, str]:
    """numId → "ul" or "ol", from the document's numbering definitions (level 0)."""
    kinds: dict[str, str] = {}
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return kinds
    from docx.oxml.ns import qn

    formats: dict[str, str] = {}
    for abstract in numbering.findall(qn("w:abstractNum")):
        level = abstract.find(qn("w:lvl"))
        fmt = level.find(qn("w:numFmt")) if level is not None else None
        formats[abstract.get(qn("w:abstractNumId"))] = fmt.get(qn("w:val")) if fmt is not None else "decimal"
    for num in numbering.findall(qn("w:num")):
        abstract_id = num.find(qn("w:abstractNumId"))
        if abstract_id is not None:
            kinds[num.get(qn("w:numId"))] = "ul" if formats.get(abstract_id.get(qn("w:val"))) == "bullet" else "ol"
    return kinds


def _list_kind(paragraph: Any, kinds: dict[str, str]) -> str:
    from docx.oxml.ns import qn

    style_name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if "Bullet" in style_name or "项目符号" in style_name:
        return "ul"
    if "List Number" in style_name or "编号" in style_name:
        return "ol"
    num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    if num_pr is None or num_pr.numId is None:
        return ""
    num_id = num_pr.numId.get(qn("w:val"))
    if num_id == "0":
        return ""  # numbering switched off for this paragraph
    return kinds.get(num_id, "ol")


def _heading_level(paragraph: Any) -> int:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    match = re.match(r"^(?:Heading|标题)\s*([1-3])$", name)
    return int(match[1]) + 1 if match else 0  # the page's own <h1> is the item title


def _table_block(table: Any) -> Block:
    """The table as HTML: text of each cell (paragraphs on lines), with merged cells spanned."""
    from docx.oxml.ns import qn
    from docx.table import _Cell

    grid: list[list[dict[str, Any]]] = []
    open_cells: dict[int, dict[str, Any]] = {}  # grid column → the cell a vertical merge continues
    texts: list[str] = []
    for tr in table._tbl.tr_lst:
        row: list[dict[str, Any]] = []
        column = 0
        header = tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None
        for tc in tr.tc_lst:
            span = tc.grid_span
            merge = tc.vMerge
            if merge == "continue" and column in open_cells:
                open_cells[column]["rowspan"] += 1
            else:
                cell = _Cell(tc, table)
                lines = [_paragraph_html(p) for p in cell.paragraphs]
                texts.extend(_clean(p.text) for p in cell.paragraphs)
                entry = {"html": "<br>".join(line for line in lines if line), "colspan": span, "rowspan": 1}
                entry["tag"] = "th" if header else "td"
                row.append(entry)
                if merge == "restart":
                    open_cells[column] = entry
                else:
                    open_cells.pop(column, None)
            column += span
        grid.append(row)
    rows_html = []
    for row in grid:
        cells = []
        for entry in row:
            spans = "".join(f' {name}="{entry[name]}"' for name in ("colspan", "rowspan") if entry[name] > 1)
            cells.append(f"<{entry['tag']}{spans}>{entry['html']}</{entry['tag']}>")
        rows_html.append(f"<tr>{''.join(cells)}</tr>")
    markup = f"<table><tbody>{''.join(rows_html)}</tbody></table>"
    return Block(text=" ".join(t for t in texts if t), html=markup, is_table=True)


def docx_blocks(data: bytes) -> tuple[list[Block], list[str]]:
    """The blocks of a DOCX and notes on what could not be carried over (pictures, text boxes)."""
    import docx
    from docx.table import Table

    try:
        check_archive(data, what="该 Word 文件")  # before python-docx expands it (decompression bombs)
    except ZipBombError as exc:
        raise unreadable(str(exc)) from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for a damaged package
        raise unreadable("无法打开该 Word 文件，请检查文件是否损坏") from exc
    kinds = _list_kinds(document)
    blocks: list[Block] = []
    for inner in document.iter_inner_content():
        if isinstance(inner, Table):
            blocks.append(_table_block(inner))
            continue
        text = _clean(inner.text)
        if not text:
            continue
        blocks.append(
            Block(
                text=text,
                html=_paragraph_html(inner),
                align=_alignment(inner),
                size=_font_size(inner),
                red=any(run.font.color is not None and _is_red(run.font.color.rgb) for run in inner.runs),
                list_kind=_list_kind(inner, kinds),
                heading=_heading_level(inner),
            )
        )
    notes = []
    body = document.element.body
    pictures = len(body.xpath(".//w:drawing")) + len(body.xpath(".//w:pict"))
    if pictures:
        notes.append(f"文件中有{pictures}处图片或图形未导入正文，如需公开请作为附件上传")
    return blocks, notes


# ---------------------------------------------------------------------------------------------
# PDF → blocks
# ---------------------------------------------------------------------------------------------


def _is_red_colour(colour: Any) -> bool:
    if not isinstance(colour, (tuple, list)) or len(colour) != 3:
        return False
    red, green, blue = (float(c) for c in colour)
    return red > 0.7 and green < 0.35 and blue < 0.35


def _pdf_table_block(rows: list[list[str | None]]) -> Block:
    rows_html = []
    texts = []
    for row in rows:
        cells = []
        for value in row:
            if value is None:
                continue  # covered by a merged cell to its left or above
            lines = [html.escape(_clean(line)) for line in value.splitlines() if line.strip()]
            texts.append(" ".join(lines))
            cells.append(f"<td>{'<br>'.join(lines)}</td>")
        rows_html.append(f"<tr>{''.join(cells)}</tr>")
    return Block(text=" ".join(texts), html=f"<table><tbody>{''.join(rows_html)}</tbody></table>", is_table=True)


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    size: float
    red: bool


def _inside(line: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return line["x0"] >= x0 - 1 and line["x1"] <= x1 + 1 and line["top"] >= top - 1 and line["bottom"] <= bottom + 1


def pdf_blocks(data: bytes) -> tuple[list[Block], list[str]]:
    """The blocks of a PDF's text layer. Lines are joined into paragraphs where a full line runs on
    into one that is not indented; centred and right-aligned lines stand alone."""
    import pdfplumber

    blocks: list[Block] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                blocks.extend(_page_blocks(page))
    except UnreadableDocument:
        raise
    except Exception as exc:  # pdfminer raises many types for a damaged file
        raise unreadable("无法打开该 PDF 文件，请检查文件是否损坏") from exc
    if not any(block.text for block in blocks):
        raise unreadable("该 PDF 没有文字层（可能是扫描件），请上传 Word 文件，或手工录入后把 PDF 作为附件上传")
    return blocks, []


def _page_blocks(page: Any) -> list[Block]:
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    raw = page.extract_text_lines(return_chars=True)
    lines: list[_Line] = []
    for item in raw:
        if any(_inside(item, box) for box in boxes):
            continue
        text = _clean(item["text"])
        if not text or _PAGE_NUMBER.match(text):
            continue
        chars = [c for c in item.get("chars", []) if c.get("text", "").strip()]
        size = max((float(c.get("size", 0)) for c in chars), default=0.0)
        red = bool(chars) and all(_is_red_colour(c.get("non_stroking_color")) for c in chars)
        lines.append(_Line(text, float(item["x0"]), float(item["x1"]), float(item["top"]), size, red))
    placed: list[tuple[float, Block]] = [(float(table.bbox[1]), _pdf_table_block(table.extract())) for table in tables]
    if lines:
        left = min(line.x0 for line in lines)
        right = max(line.x1 for line in lines)
        middle = (left + right) / 2
        current: Block | None = None
        current_top = 0.0
        previous: _Line | None = None
        for line in lines:
            em = line.size or 12.0
            # Centred: as far from both margins (an indented first line is not); right-aligned: at the
            # right margin, starting past the middle (署名, 成文日期).
            left_gap, right_gap = line.x0 - left, right - line.x1
            centred = abs(left_gap - right_gap) < em * 0.75 and left_gap > em * 0.5
            right_aligned = not centred and right_gap < em and line.x0 > middle
            align = "center" if centred else "right" if right_aligned else ""
            continues = (
                current is not None
                and previous is not None
                and not align
                and not current.align
                and previous.x1 >= right - em * 1.5  # the line above ran to the margin
                and line.x0 <= left + em * 0.5  # and this one is not indented
                and abs(line.size - previous.size) < 0.5
                and line.top - previous.top < em * 2.5
            )
            joins_title = (
                current is not None
                and previous is not None
                and align == "center"
                and current.align == "center"
                and abs(line.size - previous.size) < 0.5
                and line.size >= 18  # only titles (2号 and larger) run over centred lines
                and line.top - previous.top < em * 2
            )
            if continues or joins_title:
                assert current is not None
                current.text += line.text
                current.html += html.escape(line.text)
            else:
                if current is not None:
                    placed.append((current_top, current))
                current = Block(text=line.text, html=html.escape(line.text), align=align, size=line.size, red=line.red)
                current_top = line.top
            previous = line
        if current is not None:
            placed.append((current_top, current))
    placed.sort(key=lambda pair: pair[0])
    return [block for _, block in placed]


# ---------------------------------------------------------------------------------------------
# Blocks → fields
# ---------------------------------------------------------------------------------------------


def _header_kind(block: Block) -> str:
    """What a block of the 版头 is, or "" when it is not one."""
    text = _squeezed(block.text)
    if block.is_table:
        return "number" if DOC_NUMBER.search(text) else ""
    if _RULE.match(block.text):
        return "rule"
    if _COPY_NUMBER.match(text):
        return "copy"
    if _SECRET.match(text):
        return "secret"
    if _URGENCY.match(text):
        return "urgency"
    if DOC_NUMBER.search(text) or _SIGNER.search(text):
        return "number"
    if block.red or (block.align == "center" and text.endswith("文件") and len(text) <= 40):
        return "mark"
    return ""


def _looks_like_title(block: Block) -> bool:
    text = block.text
    return (
        not block.is_table
        and len(text) <= 120
        and not text.endswith(("：", ":", "。"))
        and (block.align == "center" or block.size >= 18 or bool(guess_genre(_squeezed(text))))
    )


def _looks_like_number(block: Block) -> bool:
    """A 编号 under a title that has no year in brackets (the system's own letters number so)."""
    text = _squeezed(block.text)
    return (
        block.align == "center"
        and len(text) <= 40
        and bool(re.search(r"[0-9０-９]", text))
        and not re.search(r"[，。；：、,;:]", text)
    )


def _attachment_names(blocks: list[Block], start: int) -> tuple[list[str], int]:
    """The names of the 附件说明 that starts at ``start``, and the index after it."""
    first = _ATTACHMENT_NOTE.match(blocks[start].text)
    assert first is not None
    names: list[str] = []
    rest = first["rest"].strip()
    if rest:
        numbered = _NUMBERED.match(rest)
        names.append((numbered["name"] if numbered else rest).strip())
    index = start + 1
    while index < len(blocks):
        numbered = _NUMBERED.match(blocks[index].text)
        if not numbered or blocks[index].is_table:
            break
        names.append(numbered["name"].strip())
        index += 1
    return [name.rstrip("。；;") for name in names if name], index


def _body_html(blocks: list[Block]) -> str:
    out: list[str] = []
    open_list = ""
    for block in blocks:
        if open_list and block.list_kind != open_list:
            out.append(f"</{open_list}>")
            open_list = ""
        if block.is_table:
            out.append(block.html)
        elif block.list_kind:
            if not open_list:
                out.append(f"<{block.list_kind}>")
                open_list = block.list_kind
            out.append(f"<li>{block.html}</li>")
        elif block.heading:
            out.append(f"<h{block.heading}>{block.html}</h{block.heading}>")
        elif len(block.text) <= 40 and not _SENTENCE_END.search(block.text[:-1]) and not block.text.endswith("。"):
            # GB/T 9704 结构层次序数: 一、 (黑体) and （一） (楷体) stand as headings when they stand alone.
            if _LEVEL_ONE.match(block.text):
                out.append(f"<h2>{block.html}</h2>")
            elif _LEVEL_TWO.match(block.text):
                out.append(f"<h3>{block.html}</h3>")
            else:
                out.append(f"<p>{block.html}</p>")
        else:
            out.append(f"<p>{block.html}</p>")
    if open_list:
        out.append(f"</{open_list}>")
    return "\n".join(out)


def recognise(blocks: list[Block], kind: str) -> Recognised:
    """Reads the fields of a 公文 from its blocks (GB/T 9704 order: 版头, 标题, 主送, 正文, 署名, 日期, 版记)."""
    found = Recognised(kind=kind)
    index = 0
    marks: list[str] = []
    number_text = ""
    # 版头: everything up to the title.
    while index < len(blocks):
        block = blocks[index]
        header = _header_kind(block)
        if not header:
            break
        text = _squeezed(block.text)
        if header == "secret":
            found.secret_mark = text
        elif header == "number" and not number_text:
            number_text = text
        elif header == "mark":
            marks.append(text)
        index += 1
    # 标题: the first title-like block; a long title runs over several centred lines of the same size.
    title_parts: list[str] = []
    while index < len(blocks) and not title_parts:
        if _looks_like_title(blocks[index]):
            title_parts.append(_squeezed(blocks[index].text))
            size = blocks[index].size
            index += 1
            while (
                index < len(blocks)
                and blocks[index].align == "center"
                and abs(blocks[index].size - size) < 0.5
                and size >= 18
                and not _looks_like_number(blocks[index])
                and not DOC_NUMBER.search(_squeezed(blocks[index].text))
            ):
                title_parts.append(_squeezed(blocks[index].text))
                index += 1
        elif index < 3 and not blocks[index].is_table and not _ATTACHMENT_NOTE.match(blocks[index].text):
            index += 1  # a stray line above the title (e.g. a 附件 label of a file that is an attachment)
        else:
            break
    found.title = "".join(title_parts)
    # A number printed under the title (函 and the letters of this system) rather than in the 版头.
    if index < len(blocks) and not number_text:
        squeezed = _squeezed(blocks[index].text)
        if (DOC_NUMBER.search(squeezed) and len(squeezed) <= 40) or _looks_like_number(blocks[index]):
            number_text = squeezed
            index += 1
    if number_text:
        found.doc_number = normalise_doc_number(number_text) or number_text.split("签发人")[0].strip("：:")
    body_start = index
    # 主送机关: the first line after the title, ending in a colon.
    if index < len(blocks) and not blocks[index].is_table:
        text = blocks[index].text
        if text.endswith(("：", ":")) and len(text) <= 150 and not _ATTACHMENT_NOTE.match(text):
            found.recipients = text.rstrip("：:").strip()
    # 版记 (抄送, 印发): dropped, with everything after it.
    body_end = len(blocks)
    for position in range(body_start, len(blocks)):
        if not blocks[position].is_table and _IMPRINT.search(_squeezed(blocks[position].text)):
            body_end = position
            break
    # 成文日期 and 署名: the first date line of the body, and the short line above it.
    signature = ""
    for position in range(body_start, body_end):
        block = blocks[position]
        if block.is_table:
            continue
        formed = parse_cn_date(block.text)
        if formed is not None:
            found.formed_on = formed
            above = blocks[position - 1] if position - 1 >= body_start else None
            if above is not None and not above.is_table:
                candidate = _squeezed(above.text)
                if len(candidate) <= 40 and not re.search(r"[，。；：,;:]", candidate):
                    signature = candidate
            break
    # 附件说明.
    for position in range(body_start, body_end):
        if not blocks[position].is_table and _ATTACHMENT_NOTE.match(blocks[position].text):
            found.attachment_names, _ = _attachment_names(blocks, position)
            break
    found.issuer = _issuer_from_marks(marks) or signature
    found.body = _body_html(blocks[body_start:body_end])
    found.genre = guess_genre(found.title)
    _add_notes(found, number_text)
    return found


def _issuer_from_marks(marks: list[str]) -> str:
    """发文机关 from the 发文机关标志: "测试县人民政府文件" → 测试县人民政府; joint marks are joined with 、."""
    names = [mark.removesuffix("文件") for mark in marks if mark.removesuffix("文件")]
    return "、".join(names)


def _add_notes(found: Recognised, number_text: str) -> None:
    if found.secret_mark:
        found.notes.insert(0, f"文件标有密级“{found.secret_mark}”：涉密信息不得公开，请先确认已依法解密")
    if not found.title:
        found.notes.append("未识别到标题")
    if not found.doc_number:
        found.notes.append("未识别到文号")
    elif number_text and not DOC_NUMBER.search(number_text):
        found.notes.append("文号不是“机关代字〔年份〕序号”的格式，请核对")
    if found.formed_on is None:
        found.notes.append("未识别到成文日期")
    if not found.issuer:
        found.notes.append("未识别到发文机关")
    if found.attachment_names:
        found.notes.append(f"附件说明列出{len(found.attachment_names)}个附件，请一并上传")


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------

IMPORTABLE = {"docx", "pdf"}


def read_document(data: bytes) -> Recognised:
    """Recognises a 公文 from a DOCX or a PDF with a text layer (by the file's content, not its name)."""
    from gongkai.disclosure.actions import sanitize, sniff

    if not data:
        raise unreadable("文件为空")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise unreadable("这是旧版 Word（.doc）文件，请在 Word 中另存为 .docx 后再上传")
    kind = sniff(data)
    if kind not in IMPORTABLE:
        raise unreadable("只能从 DOCX 或带文字层的 PDF 文件起草（按文件内容判断）")
    blocks, notes = docx_blocks(data) if kind == "docx" else pdf_blocks(data)
    if not blocks:
        raise unreadable("文件中没有文字")
    found = recognise(blocks, kind)
    found.body = sanitize(found.body)
    found.notes.extend(notes)
    return found
