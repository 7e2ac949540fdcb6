"""Blocks → the canonical JSON of docs/report-data.md.

Steps: title (agency, year), format, the statistical tables (matched row by row against the format
definitions on the compact label form), damaged rows (repaired only where the consistency rules
leave exactly one possibility), the numbered sections, facts stated in prose, the fee charged and
the publication date.
"""

from __future__ import annotations

from typing import Any

from gongkai.reportformats.definitions import SCHEMA
from gongkai.reportformats.normalize import compact, squeeze

from ..facts import extract_facts
from .assemble import assemble_statutory
from .blocks import Document
from .legacy import read_legacy
from .paragraphs import (
    find_agency_fallback,
    find_fees_yuan,
    find_publication_date,
    find_sections,
    find_title,
    find_year,
)
from .rows import Damage, TableRow, split_row
from .runtogether import looks_run_together, resegment, settle_with_prose
from .tables import detect_format, read_statutory


def parse_document(document: Document, filename: str = "") -> dict[str, Any]:
    if looks_run_together(document):
        # Cells and line breaks ran together: rows are found by their labels (issue 16).
        document = resegment(document) or document
    paragraphs = document.paragraphs
    rows = [split_row(b) for b in document.rows]
    header_rows = [
        split_row(b) if b.kind == "row" else TableRow(b.text, [], b)
        for b in document.blocks
        if b.kind == "row" or (len(compact(b.text)) <= 40 and not b.text.rstrip().endswith("。"))
    ]
    agency, year, title = find_title(paragraphs)
    body = "".join(squeeze(p) for p in paragraphs[:200])
    if year is None:
        year = find_year(body)
    if agency is None:
        agency = find_agency_fallback(paragraphs)
    fmt = detect_format(rows, paragraphs, year)
    report: dict[str, Any] = {"schema": SCHEMA, "format": fmt.key, "year": year, "agency": agency}
    damages: list[Damage] = []
    if fmt.key == "legacy":
        report["legacy"] = read_legacy(document.blocks)
    else:
        parsed, damages = read_statutory(header_rows, fmt)
        settle_with_prose(parsed, damages, "".join(compact(p) for p in paragraphs))
        report.update(assemble_statutory(parsed, fmt))
        report["found_tables"] = sorted(k for k, t in parsed.items() if t.printed)
    report["fees_yuan"] = find_fees_yuan(paragraphs)
    report["sections"] = find_sections(paragraphs, fmt)
    report["facts"] = extract_facts(paragraphs)
    published = find_publication_date(paragraphs, document.meta, year)
    report["source"] = {
        "filename": filename,
        "kind": document.kind,
        "title": title or None,
        "published": published.isoformat() if published else None,
        "tables_found": report.pop("found_tables", []),
        "damaged_rows": [d.as_dict() for d in damages],
    }
    return report
