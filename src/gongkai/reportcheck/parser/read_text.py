"""Plain text → blocks: tab-separated rows, one-cell-per-line runs, lines ending in numbers, paragraphs.

Also the text decoding (UTF-8, GB18030, or a guess) shared with the HTML reader, and :func:`line_row`,
which the HTML, DOCX and PDF readers use for a paragraph line that ends in numbers.
"""

from __future__ import annotations

import re

from gongkai.reportformats.definitions import LEGACY_HEADER_WORDS
from gongkai.reportformats.normalize import compact, is_value_token, strip_artifacts

from ..errors import EncodingError, TooLargeError
from .blocks import MAX_BYTES, Block, check_block_count

MAX_TEXT_CHARS = 3_000_000
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


def line_row(line: str) -> Block | None:
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
        check_block_count(len(blocks))
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
            tab_cells: list[str | None] = [c.strip() for c in line.split("\t")]
            blocks.append(Block("row", text=line, cells=tab_cells, source="tab", table=table))
        elif line.strip():
            row = line_row(line)
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
