"""PDF text layer → blocks: ruled tables with pdfplumber's ``find_tables``, the text outside them joined
into paragraphs by line geometry, and lines ending in numbers read as rows of unruled tables."""

from __future__ import annotations

import io
import re
import time
from typing import TYPE_CHECKING, Any

from gongkai.reportformats.normalize import compact

from ..errors import NeedsOcrError, ReportReadError, TooLargeError, UnsupportedFormatError
from .blocks import Block, Document
from .read_text import line_row

if TYPE_CHECKING:
    from pdfplumber.page import Page

MAX_PDF_PAGES = 300
PDF_TIME_LIMIT = 60.0


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


def _pdf_page_blocks(page: Page, table_base: int) -> tuple[list[Block], int, int]:
    tables = page.find_tables()
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

    def outside(obj: dict[str, Any]) -> bool:
        x, top = (obj.get("x0", 0) + obj.get("x1", 0)) / 2, (obj.get("top", 0) + obj.get("bottom", 0)) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= top <= b[3] for b in boxes)

    region = page.filter(outside) if boxes else page
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


def _pdf_text_blocks(lines: list[dict[str, Any]]) -> list[tuple[float, Block]]:
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
        row = line_row(text)
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
