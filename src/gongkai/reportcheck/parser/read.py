"""Bytes → :class:`Document`: the input kind is told from the bytes first, then the file name, and the
reader of that kind does the rest."""

from __future__ import annotations

from ..errors import NotAReportError, TooLargeError, UnsupportedFormatError
from ..limits import report_max_bytes, size_label
from .blocks import Document, check_block_count
from .read_docx import read_docx
from .read_html import read_html
from .read_pdf import read_pdf
from .read_text import decode_text, text_blocks


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
    document = _read_any(data, filename)
    check_block_count(len(document.blocks))
    return document


def _read_any(data: bytes, filename: str) -> Document:
    limit = report_max_bytes()
    if len(data) > limit:
        raise TooLargeError(f"文件过大（{size_label(len(data))}），上限为 {size_label(limit)}")
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
