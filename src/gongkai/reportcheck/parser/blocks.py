"""What the readers hand to the parser: a :class:`Document` made of :class:`Block` objects.

Every reader produces the same thing, a list of blocks: text paragraphs and table rows, in document
order, whatever the input kind.  A row block holds the printed cells of one table row; ``None`` stands
for the continuation of a merged cell (rowspan/colspan, Word's vMerge/gridSpan, pdfplumber's merged
cells), ``""`` for a printed but empty cell.  The parser works on blocks only and never needs to know
where they came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import TooLargeError
from ..limits import DEFAULT_REPORT_MAX_BYTES, MAX_BLOCKS

# The largest input any reader accepts by default; the limit in force is
# :func:`gongkai.reportcheck.limits.report_max_bytes` (the setting GONGKAI_REPORTCHECK_MAX_BYTES).
MAX_BYTES = DEFAULT_REPORT_MAX_BYTES


@dataclass
class Block:
    kind: str  # "text" or "row"
    text: str = ""
    cells: list[str | None] = field(default_factory=list)
    # "tab" (tab-separated line), "cells" (one cell per line), "line" (numbers at the end of a plain
    # line), "pdfline" (a row of an unruled PDF table), "grid" (HTML/DOCX/PDF table).
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


def check_block_count(count: int) -> None:
    """Refuse a document with more paragraphs and rows than any report has (a crafted or expanded file)."""
    if count > MAX_BLOCKS:
        raise TooLargeError(
            f"文件内容过多（超过 {MAX_BLOCKS} 个段落或表格行），不像是一份年度报告，已拒绝", "too_many_blocks"
        )
