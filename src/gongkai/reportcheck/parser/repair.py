"""Repair of damaged rows with the consistency rules.

A row printed with too few cells is read every way it can be: a run of digits split into numbers
without leading zeros, or one or two lost cells inserted anywhere (a lost cell is restored only from
the column rules).  The rules of docs/report-data.md choose among the readings: C3/C4 inside a row,
C1/C2 down the columns.  The damaged rows of a table are decided together: a row is filled only when
every combination of readings of all of them that satisfies the rules gives that row the same cells.
Deciding one row at a time and then treating it as known would let one wrong pick make the next row
look certain.  A row with too many readings to list, or a search too long to finish, leaves the rows
it could not settle empty: never a guess.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from gongkai.reportformats.definitions import (
    BalanceRule,
    ColumnSumRule,
    CrossYearRule,
    FormatDefinition,
    RowSumRule,
    Table,
)
from gongkai.reportformats.normalize import Cell, compact, parse_cell

from .rows import Damage, ParsedTable

MAX_SPLIT_DIGITS = 40
MAX_CANDIDATES = 2000
MAX_OPTIONS = 10
# Readings of one row under its own rules; a row with more is left open and constrains no other row.
MAX_READINGS = 2000
# Steps of splitting one row, and of searching the combinations of one table's damaged rows.
SPLIT_STEPS = 200_000
SEARCH_STEPS = 100_000
# The largest sum of an equation whose reachable sums are tracked as bits.
MAX_TRACKED_SUM = 1_000_000
# Sums listed for the halves of a table's damaged rows matched against each other.
JOIN_SUMS = 50_000

# One value per cell; None for a cell lost from the print, to be restored from the column rules.
Reading = tuple[int | None, ...]
# What the report of the year before says a damaged row must hold, by (table, row): the cross-year
# rule (docs/report-import.md, run-together text).
RowCheck = Callable[[Reading], bool]
Piece = tuple[str | None, int]  # (a digit run that may hold several cells, or None), value


# ---------------------------------------------------------------------------------------------
# The readings of one row


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
    """Full rows the printed cells may stand for, before any rule: runs of digits split into several
    cells (at most about ``MAX_CANDIDATES`` of them), and up to two lost cells (``None`` here) inserted
    anywhere.  Blank cells are 0 for this purpose.  The repair itself lists readings under the rules
    (:func:`_split_readings`), where a cap is never taken for the whole list."""
    pieces = _pieces(printed, expected)
    if pieces is None:
        return []
    split: list[list[int | None]] = []
    if _capacity(pieces) >= expected and len(pieces) < expected:
        split = [list(flat) for flat in _split_pieces(pieces, expected)]
    return split + [list(r) for r in _lost_readings(pieces, expected)]


def _pieces(printed: list[str], expected: int) -> list[Piece] | None:
    """The printed cells as pieces; None when the row cannot be read as counts (text or decimals in
    it, nothing printed, or more digits than are worth splitting)."""
    tokens = [c for c in printed if c is not None]
    while tokens and not tokens[-1] and len(tokens) > expected:
        tokens.pop()
    parsed = [parse_cell(t) for t in tokens]
    if any(p.kind in {"text", "decimal"} for p in parsed) or not tokens:
        return None
    pieces: list[Piece] = []
    for token, cell in zip(tokens, parsed, strict=True):
        text = compact(token)
        if cell.kind == "int" and text.isdigit():
            pieces.append((text, int(text)))
        else:
            # Only null and int cells are left here (text and decimals were refused above).
            pieces.append((None, cell.value if isinstance(cell.value, int) else 0))
    if _capacity(pieces) > MAX_SPLIT_DIGITS + len(pieces):
        return None
    return pieces


def _capacity(pieces: Sequence[Piece]) -> int:
    """The most cells the pieces can hold: one per digit of a run, one per other cell."""
    return sum(len(t) if t else 1 for t, _ in pieces)


def _lost_readings(pieces: Sequence[Piece], expected: int) -> list[Reading]:
    missing = expected - len(pieces)
    if not 0 < missing <= 2:
        return []
    values = [v for _, v in pieces]
    readings: list[Reading] = []
    for positions in itertools.combinations(range(expected), missing):
        source = iter(values)
        readings.append(tuple(None if i in positions else next(source) for i in range(expected)))
    return readings


def _split_pieces(pieces: list[Piece], expected: int) -> list[list[int]]:
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


@dataclass(frozen=True)
class _Role:
    """What the row-sum rule (C3, C4) makes of one cell of a row."""

    total: bool = False
    part: bool = False
    # The leftmost part of its group: it takes what the other parts leave of the total.
    first_part: bool = False
    # Every cell left of this one is a part of the same group (the bound on their digits applies).
    only_parts_left: bool = False


@dataclass(frozen=True)
class _Shape:
    """The cells of a damaged row: column keys in print order, in groups of the table's width."""

    keys: tuple[str, ...]
    width: int
    rules: tuple[RowSumRule, ...]
    roles: tuple[_Role, ...]


def _shape(fmt: FormatDefinition, table: Table, row: str) -> _Shape:
    width = len(table.columns)
    if row == "*":
        keys = tuple(c.key for c in table.columns) * len(table.rows)
    else:
        keys = tuple(c.key for c in table.row_columns(table.row(row)))
    rules = tuple(r for r in fmt.rules if isinstance(r, RowSumRule) and r.table == table.key)
    roles = [_Role()] * len(keys)
    for start in range(0, len(keys), width):
        group = keys[start : start + width]
        for rule in rules:
            if rule.total not in group:
                continue
            total = start + group.index(rule.total)
            parts = [start + i for i, key in enumerate(group) if key in rule.parts]
            if not parts or parts[-1] > total:
                continue  # not bounded while splitting; the rule is still checked on every reading
            roles[total] = _Role(total=True, only_parts_left=parts == list(range(total)))
            for cell in parts:
                roles[cell] = _Role(
                    part=True,
                    first_part=cell == parts[0],
                    only_parts_left=parts[: parts.index(cell)] == list(range(cell)),
                )
    return _Shape(keys, width, rules, tuple(roles))


def _obeys_row_rules(shape: _Shape, values: Sequence[int | None]) -> bool:
    """C3/C4 on every group of the row without a lost cell (a group with one waits for its restoring)."""
    for start in range(0, len(values), shape.width):
        group = dict(zip(shape.keys[start : start + shape.width], values[start : start + shape.width], strict=True))
        if None in group.values():
            continue
        for rule in shape.rules:
            if rule.total in group and group[rule.total] != sum(group.get(p) or 0 for p in rule.parts):
                return False
    return True


def _split_readings(pieces: list[Piece], shape: _Shape) -> tuple[list[Reading], bool]:
    """Every way to read the pieces as the row's cells, digit runs split without leading zeros, that
    obeys the row-sum rule; ``False`` when there are too many to list.  The cells are read from the
    right, so that a group's total is known before its parts: each part is at most what is left of the
    total, the leftmost part is exactly that, and parts have no more digits than what is left."""
    count = len(shape.keys)
    capacities = [len(t) if t is not None else 1 for t, _ in pieces]
    before = list(itertools.accumulate(capacities, initial=0))
    values: list[int] = [0] * count
    results: list[Reading] = []
    steps = SPLIT_STEPS

    # Fixed cells (blanks, signed numbers) among the pieces up to each one: no digit bound holds there.
    fixed_up_to = list(itertools.accumulate(t is None for t, _ in pieces))

    def reachable(total: int, cells: int, digits: int, last_piece: int) -> bool:
        """Whether ``cells`` counts written with ``digits`` digits in all may add up to ``total``: the
        longest has at least ``digits / cells`` digits (no leading zero), and the sum is largest when one
        takes every digit the others leave."""
        if last_piece < 0 or fixed_up_to[last_piece] or cells == 0:
            return True
        longest = -(-digits // cells)
        if longest > 1 and total < 10 ** (longest - 1):
            return False
        return total < 10 ** (digits - cells + 1) + 9 * (cells - 1)

    def walk(cell: int, piece: int, end: int, left_of_total: int | None) -> bool:
        """Cells ``cell`` down to 0 from pieces ``piece`` down to 0 (``end`` characters of ``piece``
        still unread); ``left_of_total`` is what the parts still to read must add up to."""
        nonlocal steps
        steps -= 1
        if steps < 0 or len(results) > MAX_READINGS:
            return False
        if cell < 0:
            if piece < 0 and _obeys_row_rules(shape, values):
                results.append(tuple(values))
            return True
        if piece < 0:
            return True
        unread = before[piece] + end
        if not piece <= cell < unread:
            return True  # every piece holds a cell at least, every cell takes a character at least
        role = shape.roles[cell]
        text, fixed = pieces[piece]
        # A part has no more digits than what is left of its total.
        longest = end if left_of_total is None or not role.part else min(end, len(str(left_of_total)))
        choices = [(fixed, 1)] if text is None else _suffixes(text, end, longest)
        for value, used in choices:
            rest = unread - used
            remaining = left_of_total
            if role.total:
                remaining = value
                if role.only_parts_left and not reachable(remaining, cell, rest, piece if used < end else piece - 1):
                    continue
            elif role.part and left_of_total is not None:
                if value > left_of_total:
                    break  # the suffixes come in increasing order
                remaining = left_of_total - value
                if role.first_part:
                    if remaining:
                        continue
                    remaining = None
                elif role.only_parts_left and not reachable(remaining, cell, rest, piece if used < end else piece - 1):
                    continue
            values[cell] = value
            nxt_piece, nxt_end = (
                (piece, end - used) if used < end else (piece - 1, capacities[piece - 1] if piece else 0)
            )
            if not walk(cell - 1, nxt_piece, nxt_end, remaining):
                return False
        return True

    finished = walk(count - 1, len(pieces) - 1, capacities[-1], None)
    return results, finished and len(results) <= MAX_READINGS


def _suffixes(text: str, end: int, longest: int) -> Iterator[tuple[int, int]]:
    """(value, length) of every number of at most ``longest`` digits ``text[:end]`` can end with,
    shortest first (so smallest first)."""
    for used in range(1, longest + 1):
        if used == 1 or text[end - used] != "0":
            yield int(text[end - used : end]), used


@dataclass
class _Open:
    """A damaged row to decide and the readings its own rules allow."""

    damage: Damage
    shape: _Shape
    readings: list[Reading]
    # False: the readings could not be listed (text in the row, too many digits or readings).
    listed: bool
    # Readings not ruled out by the column rules' bounds (narrowed during the search).
    open: list[Reading] = field(default_factory=list)
    # The cross-year rule ruled readings out.
    cross_year: bool = False


def _open_row(fmt: FormatDefinition, table: Table, damage: Damage, check: RowCheck | None = None) -> _Open:
    shape = _shape(fmt, table, damage.row)
    expected = len(shape.keys)
    pieces = _pieces(damage.printed, expected)
    if pieces is None:
        return _Open(damage, shape, [], False)
    readings: list[Reading] = []
    listed = True
    if _capacity(pieces) >= expected and len(pieces) < expected:
        readings, listed = _split_readings(pieces, shape)
    readings += [r for r in _lost_readings(pieces, expected) if _obeys_row_rules(shape, r)]
    agreeing = [r for r in readings if check(r)] if check is not None and listed else readings
    # No reading agreeing with last year: the report breaks the cross-year rule, which then decides nothing.
    if agreeing and len(agreeing) < len(readings):
        return _Open(damage, shape, agreeing, listed, cross_year=True)
    return _Open(damage, shape, readings, listed)


def cross_year_checks(fmt: FormatDefinition, previous: dict[str, Any] | None) -> dict[tuple[str, str], RowCheck]:
    """The checks the agency's report of the year before puts on this year's rows: 上年结转 equals
    last year's 结转下年度 (the format's cross-year rule), and 现行有效 equals last year's plus this
    year's 制发 less 废止 (the 2021 form's section 二 rows)."""
    if previous is None:
        return {}
    checks: dict[tuple[str, str], RowCheck] = {}
    for rule in fmt.rules:
        if isinstance(rule, CrossYearRule):
            table = fmt.table(rule.table)
            before = (previous.get(table.json_key) or {}).get(rule.from_row) or {}
            expected = tuple(_count(before.get(c.key)) for c in table.row_columns(table.row(rule.to_row)))
            if any(v is not None for v in expected):
                checks[(table.key, rule.to_row)] = functools.partial(_same_cells, expected)
    for table in fmt.tables:
        if table.json_key != "proactive" or [c.key for c in table.columns] != ["issued", "abolished", "in_force"]:
            continue
        for row in table.rows:
            last = _count(((previous.get("proactive") or {}).get(row.key) or {}).get("in_force"))
            if last is not None:
                checks[(table.key, row.key)] = functools.partial(_in_force_follows, last)
    return checks


def _count(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _same_cells(expected: tuple[int | None, ...], reading: Reading) -> bool:
    return all(e is None or v is None or v == e for e, v in zip(expected, reading, strict=True))


def _in_force_follows(last: int, reading: Reading) -> bool:
    issued, abolished, in_force = reading
    if issued is None or abolished is None or in_force is None:
        return True
    return in_force == last + issued - abolished


def row_readings(fmt: FormatDefinition, damage: Damage) -> list[tuple[int, ...]] | None:
    """Every reading of a damaged row that its own rules allow, for a row no column rule reaches
    (a lost cell is then restored by nothing); None when they are too many to list."""
    row = _open_row(fmt, fmt.table(damage.table), damage)
    if not row.listed:
        return None
    return [_complete(r) for r in row.readings if None not in r]


def _complete(reading: Reading) -> tuple[int, ...]:
    return tuple(v or 0 for v in reading)


# ---------------------------------------------------------------------------------------------
# Deciding the damaged rows of a table together


@dataclass
class _Equation:
    """One column of a column rule (C1, C2): ``constant + Σ sign · cell`` is 0, where the cells are
    those of damaged rows (by index) and the constant sums the rows printed whole."""

    column: int
    constant: int
    terms: list[tuple[int, int]]


def repair_with_rules(
    parsed: dict[str, ParsedTable],
    damages: list[Damage],
    fmt: FormatDefinition,
    checks: dict[tuple[str, str], RowCheck] | None = None,
) -> None:
    """Fill each damaged row on whose cells all the combinations of readings of its table's damaged
    rows that satisfy the rules (and ``checks``, from the year before) agree; list the candidates of
    the others."""
    checks = checks or {}
    for table in fmt.tables:
        rows = [
            _open_row(fmt, table, d, checks.get((table.key, d.row)))
            for d in damages
            if d.table == table.key and not d.repaired
        ]
        if rows:
            _decide_table(parsed, fmt, table, rows)


def _decide_table(parsed: dict[str, ParsedTable], fmt: FormatDefinition, table: Table, rows: list[_Open]) -> None:
    # A row without a reading to list may hold anything: the column rules through it decide nothing.
    searched = [r for r in rows if r.listed and r.readings]
    unknown = {r.damage.row for r in rows if not (r.listed and r.readings)}
    for row in rows:
        if row.damage.row in unknown:
            row.damage.candidates, row.damage.options = 0, []
    equations = _equations(parsed, fmt, table, searched, unknown)
    for members, links in _components(len(searched), equations):
        group = [searched[i] for i in members]
        local = {old: new for new, old in enumerate(members)}
        search = _Search(group, [_Equation(e.column, e.constant, [(local[i], s) for i, s in e.terms]) for e in links])
        finished = search.run()
        feasible = any(search.seen)
        for row, seen in zip(group, search.seen, strict=True):
            _settle(parsed[table.key], fmt, table, row, seen, finished=finished, feasible=feasible)


def _equations(
    parsed: dict[str, ParsedTable], fmt: FormatDefinition, table: Table, searched: list[_Open], unknown: set[str]
) -> list[_Equation]:
    index = {r.damage.row: i for i, r in enumerate(searched)}
    equations: list[_Equation] = []
    for rule in fmt.rules:
        if isinstance(rule, ColumnSumRule) and rule.table == table.key:
            signed = [(rule.total, 1), *((p, -1) for p in rule.parts)]
        elif isinstance(rule, BalanceRule) and rule.table == table.key:
            signed = [*((m, 1) for m in rule.left), *((m, -1) for m in rule.right)]
        else:
            continue
        for column in range(len(table.columns)):
            constant = 0
            terms: list[tuple[int, int]] = []
            for row, sign in signed:
                if row in index:
                    terms.append((index[row], sign))
                    continue
                value = None if row in unknown else _known(parsed, table.key, row, column)
                if value is None:
                    break  # a cell nobody knows: this column of the rule decides nothing
                constant += sign * value
            else:
                if terms:
                    equations.append(_Equation(column, constant, terms))
    return equations


def _known(parsed: dict[str, ParsedTable], table: str, row: str, col: int) -> int | None:
    values = parsed[table].values.get(row)
    if values is None:
        return None
    cell = values[col]
    if cell.kind == "null":
        return 0
    number = cell.as_number()
    return int(number) if isinstance(number, int) else None


def _components(count: int, equations: list[_Equation]) -> list[tuple[list[int], list[_Equation]]]:
    """The damaged rows in groups that no equation links, each with its equations: the combinations
    of one group do not multiply those of another."""
    parent = list(range(count))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for equation in equations:
        first = root(equation.terms[0][0])
        for i, _ in equation.terms[1:]:
            parent[root(i)] = first
    groups: dict[int, list[int]] = {}
    for i in range(count):
        groups.setdefault(root(i), []).append(i)
    return [(members, [e for e in equations if root(e.terms[0][0]) == key]) for key, members in groups.items()]


class _Search:
    """Every combination of one reading per damaged row that satisfies the equations, lost cells
    restored.  ``seen[i]`` holds the cells row ``i`` takes in some combination (and whether a lost
    cell was restored for them).  Readings no combination can use are dropped first (:meth:`_narrow`);
    the combinations of the rest are then matched half against half (:meth:`_join`) or, when a lost
    cell must be restored, walked one by one (:meth:`_walk`), each equation keeping the interval its
    sum can still reach so that a choice putting 0 outside is dropped at once."""

    def __init__(self, rows: list[_Open], equations: list[_Equation]) -> None:
        self.rows = rows
        self.equations = equations
        self.seen: list[dict[tuple[int, ...], bool]] = [{} for _ in rows]
        self.of_row: list[list[tuple[int, int]]] = [[] for _ in rows]  # (equation, sign)
        for e, equation in enumerate(equations):
            for i, sign in equation.terms:
                self.of_row[i].append((e, sign))
        for row in rows:
            row.open = list(row.readings)
        # A lost cell may hold any count: its bound is beyond every sum of this search.
        largest = max((v or 0 for row in rows for reading in row.readings for v in reading), default=0)
        self.unbounded = 1 + sum(abs(e.constant) for e in equations) + largest * (1 + len(rows))
        self.span = {(i, e.column): self._bounds(i, e.column) for e in equations for i, _ in e.terms}
        self.sums = [self._sum(e) for e in equations]
        self.chosen: list[Reading | None] = [None] * len(rows)
        self.steps = SEARCH_STEPS

    def run(self) -> bool:
        """Search; ``False`` when cut off before the end (``seen`` is then incomplete)."""
        if not self._narrow():
            return True
        if all(None not in reading for row in self.rows for reading in row.open):
            return self._join()
        order = sorted(range(len(self.rows)), key=lambda i: len(self.rows[i].open))
        return self._walk(order, 0)

    def _join(self) -> bool:
        """Without lost cells, a combination satisfies the equations when its sums come to 0.  The rows
        are split in two halves of about as many combinations each, and the sums each half can reach
        are listed row after row (combinations with the same sums merged, sums that the rows still to
        come cannot bring back to 0 dropped); the sums of one half that the other's complete are kept,
        and walking back, so are the readings that lead to them (a meet in the middle)."""
        halves: tuple[list[int], list[int]] = ([], [])
        sizes = [1, 1]
        for i in sorted(range(len(self.rows)), key=lambda i: -len(self.rows[i].open)):
            side = 0 if sizes[0] <= sizes[1] else 1
            halves[side].append(i)
            sizes[side] *= len(self.rows[i].open)
        moves = [
            [tuple((e, sign * (r[self.equations[e].column] or 0)) for e, sign in self.of_row[i]) for r in row.open]
            for i, row in enumerate(self.rows)
        ]
        first = self._reach(halves[0], halves[1], moves)
        second = self._reach(halves[1], halves[0], moves)
        if first is None or second is None:
            return False
        constant = tuple(e.constant for e in self.equations)

        def completes(sums: tuple[int, ...], others: set[tuple[int, ...]]) -> bool:
            return tuple(-c - x for c, x in zip(constant, sums, strict=True)) in others

        ends = ({a for a in first[-1] if completes(a, second[-1])}, {b for b in second[-1] if completes(b, first[-1])})
        for half, reached, alive in zip(halves, (first, second), ends, strict=True):
            for depth in range(len(half) - 1, -1, -1):
                i = half[depth]
                before: set[tuple[int, ...]] = set()
                for sums in reached[depth]:
                    for k, move in enumerate(moves[i]):
                        if _moved(sums, move) in alive:
                            before.add(sums)
                            self.seen[i][_complete(self.rows[i].open[k])] = False
                alive = before
        return True

    def _reach(
        self, half: list[int], other: list[int], moves: list[list[tuple[tuple[int, int], ...]]]
    ) -> list[set[tuple[int, ...]]] | None:
        """The sums of the equations over the first rows of ``half``, for each number of rows taken
        (``None``: too many to list)."""
        # rest[d]: what the rows not taken after ``d`` rows of the half (the rest of it and all of the
        # other half) may still add to each equation, its constant included.
        low = [e.constant for e in self.equations]
        high = list(low)
        for i in other:
            self._widen(i, low, high)
        rest = [(list(low), list(high))]
        for i in reversed(half):
            self._widen(i, low, high)
            rest.append((list(low), list(high)))
        rest.reverse()
        layers = [{tuple(0 for _ in self.equations)}]
        count = 0
        for depth, i in enumerate(half):
            low, high = rest[depth + 1]
            # Only the equations of row ``i`` change: the others were checked a row earlier.
            touched = [(e, low[e], high[e]) for e, _ in self.of_row[i]]
            grown: set[tuple[int, ...]] = set()
            for sums in layers[-1]:
                for move in moves[i]:
                    moved = _moved(sums, move)
                    if all(lo + moved[e] <= 0 <= hi + moved[e] for e, lo, hi in touched):
                        grown.add(moved)
                if count + len(grown) > JOIN_SUMS:
                    return None
            count += len(grown)
            layers.append(grown)
        return layers

    def _widen(self, row: int, low: list[int], high: list[int]) -> None:
        """Add what ``row`` may contribute to each equation's interval."""
        for e, sign in self.of_row[row]:
            a, b = self._span_contribution(row, sign, self.equations[e].column)
            low[e] += a
            high[e] += b

    def _bounds(self, row: int, column: int) -> tuple[int, int]:
        cells = [reading[column] for reading in self.rows[row].open]
        known = [c for c in cells if c is not None]
        if len(known) < len(cells):
            return 0, self.unbounded
        return min(known), max(known)

    def _contribution(self, sign: int, cell: int | None) -> tuple[int, int]:
        low, high = (0, self.unbounded) if cell is None else (cell, cell)
        return (low, high) if sign > 0 else (-high, -low)

    def _span_contribution(self, row: int, sign: int, column: int) -> tuple[int, int]:
        low, high = self.span[(row, column)]
        return (low, high) if sign > 0 else (-high, -low)

    def _sum(self, equation: _Equation) -> tuple[int, int]:
        low = high = equation.constant
        for i, sign in equation.terms:
            a, b = self._span_contribution(i, sign, equation.column)
            low, high = low + a, high + b
        return low, high

    def _narrow(self) -> bool:
        """Drop the readings no choice of the other rows' can complete, until none is dropped;
        ``False`` when a row is left with none (no combination satisfies the rules).  A reading goes
        when a cell of it is outside the interval an equation leaves it, or is a count the equation's
        other cells cannot make up to 0 with (each equation on its own, each column on its own)."""
        changed = True
        while changed:
            changed = False
            allowed = [self._supported(equation) for equation in self.equations]
            for i, row in enumerate(self.rows):
                keep = [r for r in row.open if self._fits(i, r) and self._supports(i, r, allowed)]
                if len(keep) == len(row.open):
                    continue
                if not keep:
                    return False
                row.open = keep
                for e, _ in self.of_row[i]:
                    self.span[(i, self.equations[e].column)] = self._bounds(i, self.equations[e].column)
                    self.sums[e] = self._sum(self.equations[e])
                changed = True
        return True

    def _supports(self, row: int, reading: Reading, allowed: list[dict[int, set[int]] | None]) -> bool:
        for e, _ in self.of_row[row]:
            counts = allowed[e]
            if counts is not None and reading[self.equations[e].column] not in counts[row]:
                return False
        return True

    def _supported(self, equation: _Equation) -> dict[int, set[int]] | None:
        """For each row of the equation, the counts its cell may take so that some counts of the other
        rows' cells (each from its own readings) bring the equation to 0; ``None`` when a cell is lost
        or the counts are too large to track.  The sums reachable before and after each row are kept
        as bits of an integer (bit ``offset + s`` for the sum ``s``)."""
        column = equation.column
        choices: list[tuple[int, int, set[int]]] = []
        for i, sign in equation.terms:
            cells = {reading[column] for reading in self.rows[i].open}
            if None in cells:
                return None
            choices.append((i, sign, {c for c in cells if c is not None}))
        offset = abs(equation.constant) + sum(max(counts) for _, _, counts in choices)
        if offset > MAX_TRACKED_SUM:
            return None
        # before[j]: the sums constant + the first j cells can reach; after[j]: the sums s from which
        # the cells j and later can reach 0.
        before = [1 << (offset + equation.constant)]
        for _, sign, counts in choices:
            before.append(_union(before[-1], (sign * c for c in counts)))
        after = [1 << offset]
        for _, sign, counts in reversed(choices):
            after.append(_union(after[-1], (-sign * c for c in counts)))
        after.reverse()
        return {
            i: {c for c in counts if _shifted(before[j], sign * c) & after[j + 1]}
            for j, (i, sign, counts) in enumerate(choices)
        }

    def _fits(self, row: int, reading: Reading) -> bool:
        for e, sign in self.of_row[row]:
            column = self.equations[e].column
            old = self._span_contribution(row, sign, column)
            new = self._contribution(sign, reading[column])
            low, high = self.sums[e]
            if not low - old[0] + new[0] <= 0 <= high - old[1] + new[1]:
                return False
        return True

    def _walk(self, order: list[int], depth: int) -> bool:
        if depth == len(order):
            self._record()
            return True
        i = order[depth]
        for reading in self.rows[i].open:
            self.steps -= 1
            if self.steps < 0:
                return False
            if not self._fits(i, reading):
                continue
            saved = [(e, self.sums[e]) for e, _ in self.of_row[i]]
            spans = {}
            for e, sign in self.of_row[i]:
                column = self.equations[e].column
                old = self._span_contribution(i, sign, column)
                new = self._contribution(sign, reading[column])
                low, high = self.sums[e]
                self.sums[e] = (low - old[0] + new[0], high - old[1] + new[1])
                spans[(i, column)] = self.span[(i, column)]
            # The chosen reading's own cells are its span now (a lost cell keeps the open bound).
            for key in spans:
                cell = reading[key[1]]
                self.span[key] = (0, self.unbounded) if cell is None else (cell, cell)
            self.chosen[i] = reading
            finished = self._walk(order, depth + 1)
            self.chosen[i] = None
            self.span.update(spans)
            for e, value in saved:
                self.sums[e] = value
            if not finished:
                return False
        return True

    def _record(self) -> None:
        filled = self._restore()
        if filled is None:
            return
        for i, values in enumerate(filled):
            restored = None in (self.chosen[i] or ())
            self.seen[i][values] = self.seen[i].get(values, False) or restored

    def _restore(self) -> list[tuple[int, ...]] | None:
        """The chosen readings with their lost cells restored from the equations (one unknown cell in
        an equation is what the others leave), if every one is and all the rules then hold."""
        filled: list[list[int | None]] = [list(r or ()) for r in self.chosen]
        progress = True
        while progress:
            progress = False
            for equation in self.equations:
                column = equation.column
                lost = [(i, sign) for i, sign in equation.terms if filled[i][column] is None]
                if len(lost) != 1:
                    continue
                target, sign = lost[0]
                rest = equation.constant + sum(s * (filled[i][column] or 0) for i, s in equation.terms if i != target)
                if sign * -rest < 0:
                    return None
                filled[target][column] = sign * -rest
                progress = True
        complete: list[tuple[int, ...]] = []
        for row, chosen, cells in zip(self.rows, self.chosen, filled, strict=True):
            # Readings without a lost cell obeyed the row-sum rule when they were listed.
            if None in cells or (None in (chosen or ()) and not _obeys_row_rules(row.shape, cells)):
                return None
            complete.append(tuple(c or 0 for c in cells))
        for equation in self.equations:
            column = equation.column
            if equation.constant + sum(s * complete[i][column] for i, s in equation.terms):
                return None
        return complete


def _shifted(bits: int, amount: int) -> int:
    return bits << amount if amount >= 0 else bits >> -amount


def _union(bits: int, amounts: Iterator[int]) -> int:
    out = 0
    for amount in amounts:
        out |= _shifted(bits, amount)
    return out


def _moved(sums: tuple[int, ...], move: tuple[tuple[int, int], ...]) -> tuple[int, ...]:
    moved = list(sums)
    for e, amount in move:
        moved[e] += amount
    return tuple(moved)


def _settle(
    target: ParsedTable,
    fmt: FormatDefinition,
    table: Table,
    row: _Open,
    seen: dict[tuple[int, ...], bool],
    *,
    finished: bool,
    feasible: bool,
) -> None:
    """Fill the row when its filling is certain; otherwise list the fillings still possible.

    Finished and some combination fits: the row's fillings in the combinations.  No combination fits
    (the report breaks a column rule): only a row whose digits its own rule reads in one way is
    certain.  Cut off: only a row the bounds left with one reading is; the others keep the count of
    the readings not ruled out."""
    damage = row.damage
    if finished and feasible:
        possible = dict(seen)
        certain = len(possible) == 1
    else:
        left = row.readings if finished else row.open
        whole = {_complete(r): False for r in left if None not in r}
        certain = len(left) == len(whole) == 1
        possible = whole if certain else {} if finished else {**whole, **dict.fromkeys(seen, False)}
    if certain:
        [(values, restored)] = possible.items()
        _store(target, table, damage.row, list(values))
        damage.repaired, damage.candidates, damage.options = True, 1, []
        damage.problem = "missing_cells" if restored else "run_together"
        rules = _deciding_rules(fmt, table, damage.row)
        damage.decided_by = (rules[1:] if restored else rules) + (["cross_year"] if row.cross_year else [])
        return
    damage.candidates = len(possible) if finished else max(len(row.open), len(possible))
    if damage.candidates == 1:
        damage.candidates = 0  # one reading whose lost cells could not be restored: nothing to offer
    damage.options = [list(v) for v in sorted(possible)[:MAX_OPTIONS]] if damage.candidates > 1 else []


def _deciding_rules(fmt: FormatDefinition, table: Table, row: str) -> list[str]:
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


def _store(target: ParsedTable, table: Table, row: str, values: list[int]) -> None:
    cells = [Cell("int", v, str(v)) for v in values]
    if row == "*":
        width = len(table.columns)
        for i, r in enumerate(table.rows):
            target.values[r.key] = cells[i * width : (i + 1) * width]
    else:
        target.values[row] = cells
