"""Repair of damaged rows with the consistency rules.

A row printed with too few cells is read every way it can be: a run of digits split into numbers
without leading zeros, or one or two lost cells inserted anywhere.  A reading is kept only when it is
the one reading that satisfies the rules of docs/report-data.md (C3/C4 inside the row, C1/C2 against
the other rows); rows repaired first become known values for the next ones.
"""

from __future__ import annotations

import itertools

from gongkai.reportformats.definitions import BalanceRule, ColumnSumRule, FormatDefinition, RowSumRule, Table
from gongkai.reportformats.normalize import Cell, compact, parse_cell

from .rows import Damage, ParsedTable, expected_counts

MAX_SPLIT_DIGITS = 40
MAX_CANDIDATES = 2000
MAX_OPTIONS = 10


def _split_exact(token: str, parts: int) -> list[list[int]]:
    """Every way to read a run of digits as exactly ``parts`` whole numbers (no leading zeros)."""
    results: list[list[int]] = []

    def walk(rest: str, left: int, acc: list[int]) -> None:
        if len(results) > MAX_CANDIDATES:
            return
        if left == 0:
            if not rest:
                results.append(acc)
            return
        if len(rest) < left:
            return
        if rest[0] == "0":
            walk(rest[1:], left - 1, [*acc, 0])
            return
        for i in range(1, len(rest) - left + 2):
            walk(rest[i:], left - 1, [*acc, int(rest[:i])])

    walk(token, parts, [])
    return results


def candidate_rows(printed: list[str], expected: int) -> list[list[int | None]]:
    """Full rows the printed cells may stand for: runs of digits split into several cells, and up
    to two lost cells (``None`` here) inserted anywhere.  Blank cells are 0 for this purpose."""
    split, lost = _candidates(printed, expected)
    return split + lost


def _candidates(printed: list[str], expected: int) -> tuple[list[list[int | None]], list[list[int | None]]]:
    tokens = [c for c in printed if c is not None]
    while tokens and not tokens[-1] and len(tokens) > expected:
        tokens.pop()
    parsed = [parse_cell(t) for t in tokens]
    if any(p.kind in {"text", "decimal"} for p in parsed) or not tokens:
        return [], []
    pieces: list[tuple[str | None, int]] = []  # (digit run that may split, or None), value
    for token, cell in zip(tokens, parsed, strict=True):
        text = compact(token)
        if cell.kind == "int" and text.isdigit():
            pieces.append((text, int(text)))
        else:
            # Only null and int cells are left here (text and decimals were refused above).
            pieces.append((None, cell.value if isinstance(cell.value, int) else 0))
    capacity = sum(len(t) if t else 1 for t, _ in pieces)
    if capacity > MAX_SPLIT_DIGITS + len(pieces):
        return [], []
    split: list[list[int | None]] = []
    lost: list[list[int | None]] = []
    if capacity >= expected and len(pieces) < expected:
        split = [list(flat) for flat in _split_pieces(pieces, expected)]
    missing = expected - len(pieces)
    if 0 < missing <= 2:
        values = [v for _, v in pieces]
        for positions in itertools.combinations(range(expected), missing):
            source = iter(values)
            lost.append([None if i in positions else next(source) for i in range(expected)])
    return split, lost


def _split_pieces(pieces: list[tuple[str | None, int]], expected: int) -> list[list[int]]:
    results: list[list[int]] = []

    def walk(index: int, left: int, acc: list[int]) -> None:
        if len(results) > MAX_CANDIDATES:
            return
        if index == len(pieces):
            if left == 0:
                results.append(acc)
            return
        digits, value = pieces[index]
        rest_min = len(pieces) - index - 1
        if digits is None:
            walk(index + 1, left - 1, [*acc, value])
            return
        rest_max = sum(len(t) if t else 1 for t, _ in pieces[index + 1 :])
        for parts in range(1, len(digits) + 1):
            if parts > left - rest_min or left - parts > rest_max:
                continue
            for split in _split_exact(digits, parts):
                walk(index + 1, left - parts, [*acc, *split])

    walk(0, expected, [])
    return results


def _known(parsed: dict[str, ParsedTable], table: str, row: str, col: int) -> int | None:
    values = parsed[table].values.get(row)
    if values is None:
        return None
    cell = values[col]
    if cell.kind == "null":
        return 0
    number = cell.as_number()
    return int(number) if isinstance(number, int) else None


def _known_others(
    parsed: dict[str, ParsedTable], table: str, members: list[str], row: str, col: int
) -> dict[str, int] | None:
    """The values of a rule's other rows in one column; ``None`` while one of them is unknown."""
    others: dict[str, int] = {}
    for member in members:
        if member == row:
            continue
        value = _known(parsed, table, member, col)
        if value is None:
            return None
        others[member] = value
    return others


def _column_expectation(
    parsed: dict[str, ParsedTable], fmt: FormatDefinition, table: str, row: str, col: int
) -> int | None:
    """The value the column rules (C1, C2) force on one cell of a damaged row, if they do."""
    for rule in fmt.rules:
        if isinstance(rule, ColumnSumRule) and rule.table == table:
            members = [rule.total, *rule.parts]
            if row not in members:
                continue
            others = _known_others(parsed, table, members, row, col)
            if others is None:
                continue
            parts_sum = sum(v for m, v in others.items() if m != rule.total)
            return parts_sum if row == rule.total else others[rule.total] - parts_sum
        if isinstance(rule, BalanceRule) and rule.table == table:
            members = [*rule.left, *rule.right]
            if row not in members:
                continue
            others = _known_others(parsed, table, members, row, col)
            if others is None:
                continue
            left = sum(others.get(m, 0) for m in rule.left if m != row)
            right = sum(others.get(m, 0) for m in rule.right if m != row)
            return right - left if row in rule.left else left - right
    return None


def _row_consistent(fmt: FormatDefinition, table: Table, values: list[int]) -> bool:
    width = len(table.columns)
    keys = [c.key for c in table.columns]
    for rule in fmt.rules:
        if not isinstance(rule, RowSumRule) or rule.table != table.key:
            continue
        for start in range(0, len(values), width):
            chunk = dict(zip(keys, values[start : start + width], strict=False))
            if rule.total in chunk and chunk[rule.total] != sum(chunk.get(p, 0) for p in rule.parts):
                return False
    return True


def repair_with_rules(parsed: dict[str, ParsedTable], damages: list[Damage], fmt: FormatDefinition) -> None:
    """Fill a damaged row only when exactly one reading satisfies the rules; rows repaired first
    become known values for the next ones."""
    progress = True
    while progress:
        progress = False
        for damage in damages:
            if damage.repaired:
                continue
            table = fmt.table(damage.table)
            expected = expected_counts(table, damage.row if damage.row != "*" else table.rows[0].key)
            split, lost = _candidates(damage.printed, expected)
            fits_split = _fits(split, parsed, fmt, table, damage.row)
            fits_lost = _fits(lost, parsed, fmt, table, damage.row)
            fits = fits_split | fits_lost
            damage.candidates = len(fits)
            damage.options = [list(f) for f in sorted(fits)[:MAX_OPTIONS]] if len(fits) > 1 else []
            if len(fits) == 1:
                _store(parsed[table.key], table, damage.row, list(next(iter(fits))))
                damage.repaired = True
                damage.problem = "missing_cells" if fits_lost else "run_together"
                rules = _deciding_rules(fmt, table, damage.row, parsed)
                damage.decided_by = rules[1:] if fits_lost else rules
                progress = True


def _deciding_rules(fmt: FormatDefinition, table: Table, row: str, parsed: dict[str, ParsedTable]) -> list[str]:
    """The rules that constrain a row's reading: its own row sums, the column rules it takes part in
    (C1, C2), and always the digit rule (no leading zeros except a lone 0)."""
    codes = ["digits"]
    for rule in fmt.rules:
        if getattr(rule, "table", None) != table.key:
            continue
        if isinstance(rule, RowSumRule) or (isinstance(rule, ColumnSumRule | BalanceRule) and row in _rule_rows(rule)):
            codes.append(rule.code)
    return codes


def _rule_rows(rule: ColumnSumRule | BalanceRule) -> tuple[str, ...]:
    if isinstance(rule, ColumnSumRule):
        return (rule.total, *rule.parts)
    return (*rule.left, *rule.right)


def _fits(
    candidates: list[list[int | None]], parsed: dict[str, ParsedTable], fmt: FormatDefinition, table: Table, row: str
) -> set[tuple[int, ...]]:
    fits: set[tuple[int, ...]] = set()
    for candidate in candidates:
        filled = _fill(candidate, parsed, fmt, table, row)
        if filled is not None and _row_consistent(fmt, table, filled):
            fits.add(tuple(filled))
    return fits


def _fill(
    candidate: list[int | None], parsed: dict[str, ParsedTable], fmt: FormatDefinition, table: Table, row: str
) -> list[int] | None:
    out: list[int] = []
    for col, value in enumerate(candidate):
        forced = None if row == "*" else _column_expectation(parsed, fmt, table.key, row, col)
        if value is None:
            if forced is None or forced < 0:
                return None
            out.append(forced)
        else:
            if forced is not None and forced != value:
                return None
            out.append(value)
    return out


def _store(target: ParsedTable, table: Table, row: str, values: list[int]) -> None:
    cells = [Cell("int", v, str(v)) for v in values]
    if row == "*":
        width = len(table.columns)
        for i, r in enumerate(table.rows):
            target.values[r.key] = cells[i * width : (i + 1) * width]
    else:
        target.values[row] = cells
