"""Bytes → blocks: text paragraphs and table rows, in document order, whatever the input kind.

Every reader produces the same thing, a list of :class:`Block`.  A row block holds the printed cells
of one table row; ``None`` stands for the continuation of a merged cell (rowspan/colspan, Word's
vMerge/gridSpan, pdfplumber's merged cells), ``""`` for a printed but empty cell.  The parser works on
blocks only and never needs to know where they came from.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from dataclasses import dataclass, field

from gongkai.reportformats.normalize import compact, is_value_token, strip_artifacts

from .errors import (
    EncodingError,
    NeedsOcrError,
    NotAReportError,
    ReportReadError,
    TooLargeError,
    UnsupportedFormatError,
)

MAX_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 3_000_000
MAX_PDF_PAGES = 300
PDF_TIME_LIMIT = 60.0
MAX_GRID_CELLS = 200_000
MAX_SPAN = 200
MAX_DOCX_XML = 60 * 1024 * 1024


@dataclass
class Block:
    kind: str  # "text" or "row"
    text: str = ""
    cells: list[str | None] = field(default_factory=list)
    # "tab" (tab-separated line), "cells" (one cell per line), "line" (numbers at the end of a plain
    # line), "grid" (HTML/DOCX/PDF table).
    source: str = ""
    table: int = -1


@dataclass
class Document:
    blocks: list[Block]
    kind: str
    encoding: str | None = None
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind == "text" or (b.kind == "row" and b.source == "line")]

    @property
    def rows(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "row"]


# ---------------------------------------------------------------------------------------------
# Kind detection


def detect_kind(data: bytes, filename: str) -> str:
    head = data[:2048].lstrip()
    name = filename.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        return "docx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnsupportedFormatError("这是旧版 Word（.doc）或 Excel 文件，请另存为 DOCX 或 PDF 后再导入", "old_office")
    lowered = head[:1024].lower()
    if name.endswith((".html", ".htm", ".shtml", ".xhtml")) or any(
        tag in lowered for tag in (b"<html", b"<!doctype html", b"<body", b"<table", b"<meta")
    ):
        return "html"
    if name.endswith(".pdf"):
        return "pdf"
    if name.endswith(".docx"):
        return "docx"
    return "text"


def read_document(data: bytes, filename: str = "") -> Document:
    """Read any supported input.  Raises :class:`ReportReadError` with a Chinese message."""
    if len(data) > MAX_BYTES:
        raise TooLargeError(f"文件过大（{len(data) // (1024 * 1024)} MB），上限为 {MAX_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise NotAReportError("文件为空", "empty")
    kind = detect_kind(data, filename)
    if kind == "pdf":
        return read_pdf(data)
    if kind == "docx":
        return read_docx(data)
    if kind == "html":
        markup, encoding = decode_text(data, allow_markup=True)
        document = read_html(markup)
        document.encoding = encoding
        return document
    text, encoding = decode_text(data)
    return Document(text_blocks(text), "text", encoding=encoding)


# ---------------------------------------------------------------------------------------------
# Plain text

_CJK = re.compile(r"[\u4e00-\u9fff]")


def decode_text(data: bytes, allow_markup: bool = False) -> tuple[str, str]:
    """UTF-8 (with or without BOM), GB18030, or charset-normalizer's guess; refuse binary data."""
    sample = data[:65536]
    if sample.count(b"\x00") > len(sample) // 100 and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise EncodingError("文件是二进制数据，不是文本、HTML、DOCX 或 PDF", "binary")
    text: str | None = None
    used = ""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            used = encoding
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:MAX_BYTES]).best()
        if best is None:
            raise EncodingError("无法识别文件的文字编码（既不是 UTF-8 也不是 GB18030）")
        text = str(best)
        used = best.encoding
    if len(text) > MAX_TEXT_CHARS:
        raise TooLargeError(f"文本过长（{len(text)} 个字符），上限为 {MAX_TEXT_CHARS} 个字符")
    if len(_CJK.findall(text[:200000])) < 10:
        raise EncodingError("文件中几乎没有中文字符：编码错误，或者不是年度报告")
    control = sum(1 for ch in text[:100000] if ord(ch) < 32 and ch not in "\t\r\n\f\v")
    if control > 50 and not allow_markup:
        raise EncodingError("文件含有大量控制字符，可能是二进制数据或编码错误", "binary")
    return text, used


_TRAILING_NUMBERS = re.compile(
    r"^(?P<label>.*?[^\d\s.．,，\-−－])?(?P<nums>(?:[\s\u3000]*[-−－]?\d+(?:[.．]\d+)?(?:万元|元)?)+)[\s\u3000]*$"
)
_NUM_TOKEN = re.compile(r"[-−－]?\d+(?:[.．]\d+)?(?:万元|元)?")


def _line_row(line: str) -> Block | None:
    """A plain line that ends with numbers (``规章 1 0 11``, ``（六）其他处理0 0 0 0 0 00``)."""
    stripped = line.strip()
    if not stripped or len(stripped) > 200:
        return None
    match = _TRAILING_NUMBERS.match(stripped)
    if not match:
        return None
    label = (match.group("label") or "").strip()
    if len(compact(label)) > 80:
        return None
    nums = _NUM_TOKEN.findall(match.group("nums"))
    return Block("row", text=line, cells=[label, *nums], source="line")


def _is_cell_line(line: str) -> bool:
    return line.startswith("\t") and len([c for c in line.split("\t") if c.strip()]) <= 1


def text_blocks(text: str) -> list[Block]:
    """Blocks of a plain-text report: tab-separated rows, one-cell-per-line runs, plain lines."""
    text = strip_artifacts(text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n"))
    lines = text.split("\n")
    blocks: list[Block] = []
    table = 0
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if _is_cell_line(line):
            cells, i = _cell_run(lines, i)
            if len(cells) >= 3:
                table += 1
                blocks.extend(Block("row", cells=row, source="cells", table=table) for row in group_cells(cells))
            else:
                blocks.extend(Block("text", text=c) for c in cells if c.strip())
            continue
        if "\t" in line and line.strip():
            cells = [c.strip() for c in line.split("\t")]
            blocks.append(Block("row", text=line, cells=cells, source="tab", table=table))
        elif line.strip():
            row = _line_row(line)
            blocks.append(row if row is not None else Block("text", text=line.strip()))
        i += 1
    return merge_label_value_lines(blocks)


def merge_label_value_lines(blocks: list[Block]) -> list[Block]:
    """One cell per line without tabs: a short label line followed by lines holding only numbers
    (or null tokens) is one table row."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        j = i + 1
        values: list[str | None] = []
        while j < len(blocks) and _bare_values(blocks[j]):
            values.extend(blocks[j].cells[1:])
            j += 1
        if (
            block.kind == "text"
            and values
            and len(compact(block.text)) <= 80
            and not block.text.endswith("。")
            and not _DATE_END.search(compact(block.text))
        ):
            out.append(Block("row", text=block.text, cells=[block.text, *values], source="cells"))
            i = j
            continue
        out.append(block)
        i += 1
    return out


_DATE_END = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日$")


def _bare_values(block: Block) -> bool:
    if block.kind == "row" and block.source == "line" and not block.cells[0]:
        return True
    return block.kind == "text" and compact(block.text) in {"—", "-", "/", "无", "一", "——"}


def _cell_run(lines: list[str], start: int) -> tuple[list[str], int]:
    """Collect a run of one-cell-per-line cells; plain lines between two cells continue a label."""
    cells: list[str] = []
    i = start
    n = len(lines)
    while i < n:
        line = lines[i]
        if _is_cell_line(line):
            cells.append(line.strip())
            i += 1
            continue
        if not line.strip():
            i += 1
            continue
        j = i
        while j < n and not lines[j].strip():
            j += 1
        # Continuation when the next non-blank line after this paragraph is a cell again.
        k = j + 1
        while k < n and not lines[k].strip():
            k += 1
        if cells and k < n and _is_cell_line(lines[k]) and "\t" not in lines[j]:
            cells[-1] = cells[-1] + "\n" + lines[j].strip()
            i = j + 1
            continue
        break
    # Trailing blank lines belong to no cell.
    return cells, i


def _header_width(cells: list[str]) -> int:
    from gongkai.reportformats.definitions import LEGACY_HEADER_WORDS

    width = 0
    for cell in cells[:8]:
        text = compact(cell)
        if text and any(word in text for word in LEGACY_HEADER_WORDS) and len(text) <= 12:
            width += 1
        else:
            break
    return width


def group_cells(cells: list[str]) -> list[list[str | None]]:
    """Rows of a one-cell-per-line run: fixed width when a header names the columns (统计指标 / 单位 /
    统计数), otherwise each row is its label cells followed by its value cells."""
    width = _header_width(cells)
    if width >= 2:
        return [list(cells[i : i + width]) for i in range(0, len(cells), width)]
    rows: list[list[str | None]] = []
    current: list[str | None] = []
    in_values = False
    for cell in cells:
        value = is_value_token(cell)
        if not value and in_values:
            rows.append(current)
            current = []
            in_values = False
        current.append(cell)
        in_values = in_values or value
    if current:
        rows.append(current)
    return rows


# ---------------------------------------------------------------------------------------------
# HTML

_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "ul",
        "ol",
        "table",
        "td",
        "th",
        "title",
        "pre",
        "blockquote",
        "dd",
        "dt",
        "hr",
    }
)
_SKIP_TAGS = frozenset({"script", "style", "head", "noscript", "template", "iframe", "object", "svg"})


def read_html(markup: str) -> Document:
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as exc:
        raise ReportReadError(f"无法解析 HTML：{exc}", "html") from exc
    blocks: list[Block] = []
    meta: dict[str, str] = {}
    for el in root.iter("meta"):
        name = (el.get("name") or "").lower()
        if name in {"pubdate", "publishdate", "firstpublishedtime", "articlepublishdate"} and el.get("content"):
            meta["published"] = el.get("content", "")
    buffer: list[str] = []
    table_count = 0

    def flush() -> None:
        text = "".join(buffer)
        buffer.clear()
        for line in strip_artifacts(text).split("\n"):
            if line.strip():
                row = _line_row(line)
                blocks.append(row if row is not None else Block("text", text=line.strip()))

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if event == "start":
            if tag in _SKIP_TAGS:
                walker.skip_subtree()
                if el.tail:
                    buffer.append(el.tail)
                continue
            if tag == "table" and not any(True for _ in el.iterdescendants("table")):
                flush()
                table_count += 1
                for cells in html_table_grid(el):
                    blocks.append(Block("row", cells=cells, source="grid", table=table_count))
                walker.skip_subtree()
                if el.tail:
                    buffer.append(el.tail)
                continue
            if tag in _BLOCK_TAGS:
                buffer.append("\n")
            if el.text and tag not in _SKIP_TAGS:
                buffer.append(el.text)
        else:
            if tag in _BLOCK_TAGS:
                buffer.append("\n")
            if el.tail:
                buffer.append(el.tail)
    flush()
    return Document(blocks, "html", meta=meta)


def _cell_text(el: object) -> str:
    parts: list[str] = []
    for node in el.iter():  # type: ignore[attr-defined]
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in {"br", "p", "div"} and node is not el:
            parts.append("\n")
        if node.text and tag not in _SKIP_TAGS:
            parts.append(node.text)
        if node is not el and node.tail:
            parts.append(node.tail)
    return "".join(parts).replace("\xa0", " ").strip()


def _span(value: str | None) -> int:
    try:
        return max(1, min(MAX_SPAN, int(value or 1)))
    except ValueError:
        return 1


def html_table_grid(table: object) -> list[list[str | None]]:
    """Rows of an HTML table with rowspan/colspan expanded: the spanned positions hold ``None``."""
    rows = [tr for tr in table.iter("tr")]  # type: ignore[attr-defined]
    grid: dict[tuple[int, int], str | None] = {}
    width = 0
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            tag = td.tag.lower() if isinstance(td.tag, str) else ""
            if tag not in {"td", "th"}:
                continue
            while (r, c) in grid:
                c += 1
            rowspan, colspan = _span(td.get("rowspan")), _span(td.get("colspan"))
            if len(grid) + rowspan * colspan > MAX_GRID_CELLS:
                raise ReportReadError("HTML 表格过大或合并单元格设置异常", "html")
            text = _cell_text(td)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text if dr == 0 and dc == 0 else None
            c += colspan
            width = max(width, c)
    return [[grid.get((r, c)) for c in range(width)] for r in range(len(rows))]


# ---------------------------------------------------------------------------------------------
# DOCX


def read_docx(data: bytes) -> Document:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML:
                raise TooLargeError("DOCX 正文过大")
    except KeyError as exc:
        raise UnsupportedFormatError("ZIP 文件中没有 Word 正文（word/document.xml），不是 DOCX 文件") from exc
    except zipfile.BadZipFile as exc:
        raise UnsupportedFormatError("DOCX 文件已损坏（ZIP 结构错误）") from exc
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on damaged packages
        raise UnsupportedFormatError(f"DOCX 文件无法打开：{type(exc).__name__}") from exc
    blocks: list[Block] = []
    table_count = 0
    for el in document.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = _docx_text(el, qn)
            for line in text.split("\n"):
                if line.strip():
                    row = _line_row(line)
                    blocks.append(row if row is not None else Block("text", text=line.strip()))
        elif tag == "tbl":
            table_count += 1
            for cells in docx_table_grid(el, qn):
                blocks.append(Block("row", cells=cells, source="grid", table=table_count))
    return Document(blocks, "docx")


def _docx_text(el: object, qn: object) -> str:
    parts: list[str] = []
    for node in el.iter():  # type: ignore[attr-defined]
        name = node.tag.rsplit("}", 1)[-1] if isinstance(node.tag, str) else ""
        if name == "t" and node.text:
            parts.append(node.text)
        elif name in {"br", "cr"}:
            parts.append("\n")
        elif name == "tab":
            parts.append("\t")
    return "".join(parts)


def docx_table_grid(tbl: object, qn: object) -> list[list[str | None]]:
    """Rows of a Word table: gridSpan repeats as ``None`` to the right, vMerge continuations are
    ``None``; a table nested in a cell is flattened into the cell's text."""
    rows: list[list[str | None]] = []
    for tr in tbl.iterchildren(qn("w:tr")):  # type: ignore[attr-defined]
        cells: list[str | None] = []
        for tc in tr.iterchildren(qn("w:tc")):
            props = tc.find(qn("w:tcPr"))
            span = 1
            continuation = False
            if props is not None:
                grid_span = props.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = _span(grid_span.get(qn("w:val")))
                merge = props.find(qn("w:vMerge"))
                if merge is not None and merge.get(qn("w:val")) in (None, "continue"):
                    continuation = True
            paragraphs = [_docx_text(p, qn) for p in tc.iter(qn("w:p"))]
            text = "\n".join(p for p in paragraphs).strip()
            cells.append(None if continuation else text)
            cells.extend([None] * (span - 1))
            if len(cells) > 2000:
                raise ReportReadError("DOCX 表格列数异常", "docx")
        rows.append(cells)
        if len(rows) > 20000:
            raise ReportReadError("DOCX 表格行数异常", "docx")
    return rows


# ---------------------------------------------------------------------------------------------
# PDF


def read_pdf(data: bytes) -> Document:
    import pdfplumber

    started = time.monotonic()
    blocks: list[Block] = []
    table_count = 0
    text_chars = 0
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        raise UnsupportedFormatError(f"PDF 文件无法打开：{type(exc).__name__}") from exc
    with pdf:
        if len(pdf.pages) > MAX_PDF_PAGES:
            raise TooLargeError(f"PDF 页数过多（{len(pdf.pages)} 页），上限为 {MAX_PDF_PAGES} 页")
        for page in pdf.pages:
            if time.monotonic() - started > PDF_TIME_LIMIT:
                raise TooLargeError(f"PDF 解析超时（超过 {int(PDF_TIME_LIMIT)} 秒）", "timeout")
            try:
                page_blocks, chars, table_count = _pdf_page_blocks(page, table_count)
            except ReportReadError:
                raise
            except Exception as exc:  # a damaged page stream
                raise UnsupportedFormatError(f"PDF 页面无法解析：{type(exc).__name__}") from exc
            text_chars += chars
            blocks.extend(page_blocks)
    if text_chars < 20:
        raise NeedsOcrError("PDF 没有文字层（可能是扫描件），需要先做 OCR 文字识别才能读取")
    return Document(blocks, "pdf")


def _pdf_page_blocks(page: object, table_base: int) -> tuple[list[Block], int, int]:
    tables = page.find_tables()  # type: ignore[attr-defined]
    placed: list[tuple[float, list[Block]]] = []
    boxes = []
    number = table_base
    for table in tables:
        grid = table.extract()
        width = max((sum(1 for c in row if c and c.strip()) for row in grid), default=0)
        if width <= 1:
            continue  # a framed paragraph, not a table: its text is read with the page text
        number += 1
        boxes.append(table.bbox)
        rows = [
            Block("row", cells=[None if c is None else c for c in row], source="grid", table=number) for row in grid
        ]
        placed.append((table.bbox[1], rows))

    def outside(obj: dict) -> bool:
        x, top = (obj.get("x0", 0) + obj.get("x1", 0)) / 2, (obj.get("top", 0) + obj.get("bottom", 0)) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= top <= b[3] for b in boxes)

    region = page.filter(outside) if boxes else page  # type: ignore[attr-defined]
    lines = region.extract_text_lines()
    chars = sum(len(line["text"].strip()) for line in lines)
    for top, block in _pdf_text_blocks(lines):
        placed.append((top, [block]))
    for table in tables:
        chars += sum(len(c or "") for row in table.extract() for c in row)
    placed.sort(key=lambda item: item[0])
    return [block for _, group in placed for block in group], chars, number


_PAGE_NUMBER = re.compile(r"^[-—\s]*\d{1,3}[-—\s]*$")
_HEADING_START = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")


def _pdf_text_blocks(lines: list[dict]) -> list[tuple[float, Block]]:
    """PDF text lines outside ruled tables.  A line ending in two or more numbers is a table row of an
    unruled table (``source="pdfline"``); the other lines are joined into paragraphs: a line that
    stops short of the right margin, or a line starting a numbered heading, ends a paragraph (Chinese
    lines break anywhere)."""
    content = [line for line in lines if not _PAGE_NUMBER.match(line["text"])]
    if not content:
        return []
    right = max(line["x1"] for line in content)
    out: list[tuple[float, Block]] = []
    current: list[str] = []
    top = 0.0

    def flush() -> None:
        if current:
            out.append((top, Block("text", text="".join(current))))
            current.clear()

    for line in content:
        text = line["text"].strip()
        row = _line_row(text)
        # Two numbers make a row; one number only after a short label (行政许可 1520).
        if row is not None and (len(row.cells) >= 3 or (row.cells[0] and len(compact(row.cells[0] or "")) <= 20)):
            flush()
            row.source = "pdfline"
            out.append((line["top"], row))
            continue
        if current and _HEADING_START.match(text):
            flush()
        if not current:
            top = line["top"]
        current.append(text)
        if line["x1"] < right - 24 or text.endswith(("。", "：", ":")):
            flush()
    flush()
    return out
