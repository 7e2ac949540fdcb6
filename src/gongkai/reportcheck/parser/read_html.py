"""HTML → blocks: the text between block-level tags as paragraphs, innermost tables as grids.

A table that contains tables is a layout table: its text is read as paragraphs.  ``rowspan`` and
``colspan`` are expanded (see :mod:`.blocks` for the ``None`` cells).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gongkai.reportformats.normalize import strip_artifacts

from ..errors import ReportReadError
from .blocks import Block, Document
from .read_text import line_row

if TYPE_CHECKING:
    from lxml.html import HtmlElement

MAX_GRID_CELLS = 200_000
MAX_SPAN = 200

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
                row = line_row(line)
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


def _cell_text(el: HtmlElement) -> str:
    parts: list[str] = []
    for node in el.iter():
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in {"br", "p", "div"} and node is not el:
            parts.append("\n")
        if node.text and tag not in _SKIP_TAGS:
            parts.append(node.text)
        if node is not el and node.tail:
            parts.append(node.tail)
    return "".join(parts).replace("\xa0", " ").strip()


def cell_span(value: str | None) -> int:
    try:
        return max(1, min(MAX_SPAN, int(value or 1)))
    except ValueError:
        return 1


def html_table_grid(table: HtmlElement) -> list[list[str | None]]:
    """Rows of an HTML table with rowspan/colspan expanded: the spanned positions hold ``None``."""
    rows = [tr for tr in table.iter("tr")]
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
            rowspan, colspan = cell_span(td.get("rowspan")), cell_span(td.get("colspan"))
            if len(grid) + rowspan * colspan > MAX_GRID_CELLS:
                raise ReportReadError("HTML 表格过大或合并单元格设置异常", "html")
            text = _cell_text(td)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text if dr == 0 and dc == 0 else None
            c += colspan
            width = max(width, c)
    return [[grid.get((r, c)) for c in range(width)] for r in range(len(rows))]
