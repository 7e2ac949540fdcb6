"""Printed table rows and what the parser makes of them.

A :class:`TableRow` is a row block split into its label and its value cells; a :class:`ParsedTable`
holds the values read for one table of a format; a :class:`Damage` is a row printed with the wrong
number of cells, kept for the repair step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai.reportformats.definitions import Table
from gongkai.reportformats.normalize import Cell, parse_cell

from .blocks import Block


@dataclass
class TableRow:
    label: str
    cells: list[str]
    block: Block


@dataclass
class Damage:
    table: str
    row: str
    printed: list[str]
    problem: str
    repaired: bool = False
    candidates: int = 0
    # The readings the rules allow when more than one does (at most ``MAX_OPTIONS``; an old 统计表's
    # may hold a decimal string or None for a dash), and the rules that left exactly one when the row
    # was repaired.
    options: list[list[int | str | None]] = field(default_factory=list)
    decided_by: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "table": self.table,
            "row": self.row,
            "printed": self.printed,
            "problem": self.problem,
            "repaired": self.repaired,
            "candidates": self.candidates,
        }
        if self.options:
            out["options"] = self.options
        if self.decided_by:
            out["decided_by"] = self.decided_by
        return out


@dataclass
class ParsedTable:
    table: Table
    # row key → one Cell per column of the row (or None while damaged and unresolved)
    values: dict[str, list[Cell] | None] = field(default_factory=dict)
    printed: dict[str, list[str]] = field(default_factory=dict)
    units: dict[str, str | None] = field(default_factory=dict)
    # Rows a province adds to a section 二 table (proactive.extra).
    extra: list[dict[str, Any]] = field(default_factory=list)


def split_row(block: Block) -> TableRow:
    """Label cells first, value cells (numbers, blanks, null tokens) at the end."""
    cells = [c for c in block.cells if c is not None]
    end = len(cells)
    start = end
    while start > 0 and parse_cell(cells[start - 1]).is_value:
        start -= 1
    label_cells = [c for c in cells[:start] if c and c.strip()]
    # A leading 序号 cell ("1") is not part of the label.
    while len(label_cells) > 1 and parse_cell(label_cells[0]).kind == "int":
        label_cells = label_cells[1:]
    return TableRow("".join(label_cells), [c.strip() for c in cells[start:]], block)


def fit_count(cells: list[str], expected: int) -> list[str]:
    """Drop spacer cells: leading blanks (merged label columns) then trailing blanks."""
    cells = list(cells)
    while len(cells) > expected and cells and not cells[0]:
        cells.pop(0)
    while len(cells) > expected and cells and not cells[-1]:
        cells.pop()
    return cells


def expected_counts(table: Table, key: str) -> int:
    if table.layout == "single_row":
        return table.cell_count
    return len(table.row_columns(table.row(key)))
