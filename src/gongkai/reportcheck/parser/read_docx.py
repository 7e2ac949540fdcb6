"""DOCX → blocks: the body's paragraphs and tables in order (``gridSpan`` and ``vMerge`` expanded).

Only ``word/document.xml`` is read, with lxml directly, after the package's declared sizes are checked:
a DOCX is a ZIP, and a small one can expand to gigabytes of XML (limits in :mod:`..limits`).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import ReportReadError, TooLargeError, UnsupportedFormatError
from ..limits import (
    DOCX_MAX_ELEMENTS,
    DOCX_MAX_EXPANDED_BYTES,
    DOCX_MAX_MEMBERS,
    DOCX_MAX_PART_BYTES,
    size_label,
)
from .blocks import Block, Document, check_block_count
from .read_html import cell_span
from .read_text import line_row

if TYPE_CHECKING:
    from lxml.etree import _Element

MAX_DOCX_XML = DOCX_MAX_PART_BYTES
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_BODY = "word/document.xml"


def qn(tag: str) -> str:
    """``w:tbl`` → the Clark name lxml uses (only the ``w`` namespace is needed here)."""
    prefix, local = tag.split(":")
    if prefix != "w":
        raise KeyError(prefix)
    return f"{{{_W}}}{local}"


def check_zip_bomb(archive: zipfile.ZipFile, what: str) -> zipfile.ZipInfo:
    """Refuse a DOCX package that would expand too far; returns the body part's entry."""
    infos = archive.infolist()
    if len(infos) > DOCX_MAX_MEMBERS:
        raise TooLargeError(f"{what}包含的部件过多（{len(infos)} 个），可能是压缩炸弹，已拒绝", "zip_bomb")
    total = sum(i.file_size for i in infos)
    if total > DOCX_MAX_EXPANDED_BYTES:
        raise TooLargeError(
            f"{what}解压后过大（{size_label(total)}，上限 {size_label(DOCX_MAX_EXPANDED_BYTES)}），"
            "可能是压缩炸弹，已拒绝",
            "zip_bomb",
        )
    try:
        body = archive.getinfo(_BODY)
    except KeyError as exc:
        raise UnsupportedFormatError("ZIP 文件中没有 Word 正文（word/document.xml），不是 DOCX 文件") from exc
    if body.file_size > DOCX_MAX_PART_BYTES:
        raise TooLargeError(
            f"{what}正文解压后过大（{size_label(body.file_size)}，上限 {size_label(DOCX_MAX_PART_BYTES)}），"
            "可能是压缩炸弹，已拒绝",
            "zip_bomb",
        )
    return body


def _read_body(data: bytes) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            body = check_zip_bomb(archive, "DOCX 文件")
            if body.flag_bits & 0x1:
                raise UnsupportedFormatError("DOCX 文件已加密，无法读取", "encrypted")
            # ZipExtFile never returns more than the declared size, so the check above bounds memory.
            return archive.read(body)
    except zipfile.BadZipFile as exc:
        raise UnsupportedFormatError(f"DOCX 文件已损坏（{exc}）") from exc
    except NotImplementedError as exc:
        raise UnsupportedFormatError(f"DOCX 文件使用了不支持的压缩方式（{exc}）") from exc
    except (RuntimeError, zlib.error, EOFError, ValueError, OSError) as exc:
        raise UnsupportedFormatError(f"DOCX 文件无法解压：{type(exc).__name__}") from exc


def _parse_body(xml: bytes) -> _Element:
    from lxml import etree

    # A cheap upper bound of the element count before building the tree.
    if xml.count(b"<") > 2 * DOCX_MAX_ELEMENTS:
        raise TooLargeError("DOCX 正文的元素过多，可能是压缩炸弹，已拒绝", "zip_bomb")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_blank_text=True
    )
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise UnsupportedFormatError(f"DOCX 正文不是有效的 XML：{exc}") from exc
    body = root.find(qn("w:body"))
    if body is None:
        raise UnsupportedFormatError("DOCX 文件中没有正文（w:body）")
    return body


def read_docx(data: bytes) -> Document:
    body = _parse_body(_read_body(data))
    blocks: list[Block] = []
    table_count = 0
    for el in body.iterchildren():
        check_block_count(len(blocks))
        tag = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
        if tag == "p":
            text = _docx_text(el, qn)
            for line in text.split("\n"):
                if line.strip():
                    row = line_row(line)
                    blocks.append(row if row is not None else Block("text", text=line.strip()))
        elif tag == "tbl":
            table_count += 1
            for cells in docx_table_grid(el, qn):
                blocks.append(Block("row", cells=cells, source="grid", table=table_count))
    check_block_count(len(blocks))
    return Document(blocks, "docx")


def _docx_text(el: _Element, qn: Callable[[str], str]) -> str:
    parts: list[str] = []
    for node in el.iter():
        name = node.tag.rsplit("}", 1)[-1] if isinstance(node.tag, str) else ""
        if name == "t" and node.text:
            parts.append(node.text)
        elif name in {"br", "cr"}:
            parts.append("\n")
        elif name == "tab":
            parts.append("\t")
    return "".join(parts)


def docx_table_grid(tbl: _Element, qn: Callable[[str], str]) -> list[list[str | None]]:
    """Rows of a Word table: gridSpan repeats as ``None`` to the right, vMerge continuations are
    ``None``; a table nested in a cell is flattened into the cell's text."""
    rows: list[list[str | None]] = []
    for tr in tbl.iterchildren(qn("w:tr")):
        cells: list[str | None] = []
        for tc in tr.iterchildren(qn("w:tc")):
            props = tc.find(qn("w:tcPr"))
            span = 1
            continuation = False
            if props is not None:
                grid_span = props.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = cell_span(grid_span.get(qn("w:val")))
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
        check_block_count(len(rows))
    return rows
