"""Published report (bytes) → the canonical JSON of docs/report-data.md.

Two stages, one module per seam:

- reading: :mod:`.read` tells the input kind and hands the bytes to the reader of that kind
  (:mod:`.read_text`, :mod:`.read_html`, :mod:`.read_docx`, :mod:`.read_pdf`); every reader returns a
  :class:`~.blocks.Document` of text and row blocks (:mod:`.blocks`);
- parsing: :mod:`.report` turns the blocks into the report: :mod:`.tables` finds the format and its
  tables' rows (:mod:`.rows`), :mod:`.repair` fills damaged rows from the consistency rules,
  :mod:`.assemble` writes the tables' JSON, :mod:`.legacy` reads the old 统计表, and
  :mod:`.paragraphs` reads title, sections, fee and publication date from the text.
"""

from gongkai.reportformats.vocabulary import strip_numbering

from .assemble import assemble_statutory
from .blocks import MAX_BYTES, Block, Document
from .legacy import read_legacy
from .paragraphs import (
    find_agency_fallback,
    find_fees_yuan,
    find_publication_date,
    find_sections,
    find_title,
    find_year,
)
from .read import detect_kind, read_document
from .read_docx import MAX_DOCX_XML, docx_table_grid, read_docx
from .read_html import MAX_GRID_CELLS, MAX_SPAN, html_table_grid, read_html
from .read_pdf import MAX_PDF_PAGES, PDF_TIME_LIMIT, read_pdf
from .read_text import MAX_TEXT_CHARS, decode_text, group_cells, merge_label_value_lines, text_blocks
from .repair import MAX_CANDIDATES, MAX_SPLIT_DIGITS, candidate_rows
from .report import parse_document
from .rows import Damage, ParsedTable, TableRow, split_row
from .tables import detect_format, match_row, read_statutory

__all__ = [
    "MAX_BYTES",
    "MAX_CANDIDATES",
    "MAX_DOCX_XML",
    "MAX_GRID_CELLS",
    "MAX_PDF_PAGES",
    "MAX_SPAN",
    "MAX_SPLIT_DIGITS",
    "MAX_TEXT_CHARS",
    "PDF_TIME_LIMIT",
    "Block",
    "Damage",
    "Document",
    "ParsedTable",
    "TableRow",
    "assemble_statutory",
    "candidate_rows",
    "decode_text",
    "detect_format",
    "detect_kind",
    "docx_table_grid",
    "find_agency_fallback",
    "find_fees_yuan",
    "find_publication_date",
    "find_sections",
    "find_title",
    "find_year",
    "group_cells",
    "html_table_grid",
    "match_row",
    "merge_label_value_lines",
    "parse_document",
    "read_document",
    "read_docx",
    "read_html",
    "read_legacy",
    "read_pdf",
    "read_statutory",
    "split_row",
    "strip_numbering",
    "text_blocks",
]
