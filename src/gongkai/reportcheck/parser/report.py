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
from .repair import cross_year_checks
from .rows import Damage, TableRow, split_row
from .runtogether import looks_run_together, resegment, settle_with_prose
from .runtogether_legacy import resegment_legacy
from .tables import detect_format, read_statutory


def parse_document(document: Document, filename: str = "", previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """``previous``: the same agency's report for the year before, when known; its figures decide
    damaged rows by the cross-year rule (docs/report-import.md, run-together text)."""
    legacy_damages: list[Damage] = []
    # Cells and line breaks ran together: rows are found by their labels (issue 16).
    national = resegment(document) if looks_run_together(document) else None
    legacy = resegment_legacy(document) if national is None and len(document.rows) < 5 else None
    if legacy is not None:
        document, legacy_damages = legacy
    document = national or document
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
        damages = legacy_damages
    else:
        last_year = previous if previous is not None and year is not None and previous.get("year") == year - 1 else None
        parsed, damages = read_statutory(header_rows, fmt, cross_year_checks(fmt, last_year))
        settle_with_prose(parsed, damages, "".join(compact(p) for p in paragraphs), cross_year_checks(fmt, last_year))
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
