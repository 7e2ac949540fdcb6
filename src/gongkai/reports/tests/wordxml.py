"""Reading a Word table as it is stored: each row's ``w:tc`` elements with their span and merge marks."""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.table import Table

Tc = tuple[str, int, str | None]


def tc_text(tc) -> str:
    return "".join(t.text or "" for t in tc.iter(qn("w:t"))).strip().strip("\u3000")


def tc_rows(table: Table) -> list[list[Tc]]:
    """Per row, per stored cell: (text, w:gridSpan, w:vMerge: "restart", "continue" or None)."""
    rows = []
    for tr in table._tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            pr = tc.tcPr
            span = pr.find(qn("w:gridSpan")) if pr is not None else None
            merge = pr.find(qn("w:vMerge")) if pr is not None else None
            merge_value = None if merge is None else (merge.get(qn("w:val")) or "continue")
            cells.append((tc_text(tc), int(span.get(qn("w:val"))) if span is not None else 1, merge_value))
        rows.append(cells)
    return rows


def shape(rows: list[list[Tc]]) -> list[list[tuple[int, str | None]]]:
    """The merge layout alone (spans and vertical merges), text left out."""
    return [[(span, merge) for _text, span, merge in row] for row in rows]
