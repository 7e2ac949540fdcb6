"""The old 统计表 (before 2019) in text whose cells and line breaks ran together (issue 16, part 1).

A row of label, unit, this year's value and the cumulative one reads ``主动公开信息数条3121875``: the
label ends where a unit followed by digits begins, and the digits are split into the row's cells —
no leading zeros except a lone 0, the cumulative figure at least this year's — and then together
with the other rows by the sums of docs/report-data.md (``legacy_sum``: the numbered sub-items of a
row add up to it, in both columns).  A row is filled only when every combination of readings of all
rows that satisfies the sums gives it the same cells; otherwise it is left empty and listed with its
candidates, never guessed.  The next row's numbering (``2.``) printed right after a row's digits is
told from them by counting: it is the previous item's number plus one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from gongkai.reportformats.definitions import FORMAT_LEGACY
from gongkai.reportformats.normalize import compact

from .blocks import Block, Document
from .legacy import clean_label, legacy_paths
from .rows import Damage
from .runtogether import prose_blocks

# The header of the table: label, an optional code column, unit, this year, an optional cumulative.
_HEADER = re.compile(
    r"(?:序号)?(?:统计指标|指标名称|项目名称|指标|项目)(?:名称)?(?P<code>代码)?(?:计量单位|单位)(?:代码)?"
    r"(?:统计数|数量|本年度?|\d{4}年度?|年度|数值|数据)+(?P<cumulative>历年累计|累计)?"
)
_UNITS = ("人次", "万元", "元", "条", "件", "个", "次", "项", "篇", "期", "份", "人", "家", "部", "场")
_NULL_CHARS = "—－\\-/／―"
_UNIT = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_CELLS = rf"(?:\d|[.．](?=\d)|[{_NULL_CHARS}])+"
_LABEL = rf"(?:其中[:：]?)?(?:\d{{1,2}}[.．、])?[^\d{_NULL_CHARS}]{{1,80}}?"
_ROW = re.compile(rf"(?P<label>{_LABEL})(?P<unit>{_UNIT})(?P<cells>{_CELLS})")
_ROW_WITH_CODE = re.compile(rf"(?P<label>{_LABEL})(?P<code>\d{{1,4}})(?P<unit>{_UNIT})(?P<cells>{_CELLS})")
# A heading row printed without cells runs into the next row's label: cut before inner numbering.
_INNER_HEADING = re.compile(r"(?<=.)(?=[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|其中)")
_ARABIC = re.compile(r"^(?:其中[:：]?)?(\d{1,2})[.．、]")
_NUMBER = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")
_NULL_RUN = re.compile(rf"[{_NULL_CHARS}]+")

MAX_CELL_CHARS = 30
MAX_OPTIONS = 10
# Sums of one rule listed while matching its rows' readings; beyond it the rule decides nothing.
MAX_SUMS = 100_000
SEARCH_STEPS = 100_000

Value = Decimal | None
Reading = tuple[tuple[Value, str], ...]  # (value, printed text) per cell


@dataclass
class _Row:
    label: str  # as printed, numbering and 其中 included
    code: str | None
    unit: str
    printed: str  # the cells' characters ("" for a heading row)
    readings: list[Reading]
    split: bool  # the digits had to be split (or the numbering told apart): a damaged row


def resegment_legacy(document: Document) -> tuple[Document, list[Damage]] | None:
    """Row blocks of an old 统计表 found in run-together text (after its header), and the damaged
    rows; ``None`` when the text holds no such table."""
    text = compact("".join(document.paragraphs))
    # The last header: a report may print the header words in its prose before the table.
    header = None
    for match in _HEADER.finditer(text):
        header = match
    # A header printed on a line of its own is a table read line by line, not run together.
    if header is None or not (_ROW_WITH_CODE if header.group("code") else _ROW).match(text, header.end()):
        return None
    cumulative = bool(header.group("cumulative"))
    rows, end = _find_rows(text, header.end(), cumulative, coded=bool(header.group("code")))
    if len([r for r in rows if r.readings]) < 3:
        return None
    damages = _decide(rows, cumulative)
    columns: list[str | None] = ["指标名称", *(["代码"] if header.group("code") else []), "计量单位", "本年"]
    columns += ["历年累计"] if cumulative else []
    blocks = [*prose_blocks(text[: header.start()], FORMAT_LEGACY)]
    blocks.append(Block("row", text="".join(c or "" for c in columns), cells=columns, source="tab", table=0))
    for row in rows:
        cells = [row.label, *([row.code or ""] if header.group("code") else []), row.unit]
        if row.readings and len(row.readings) == 1:
            cells += [printed for _, printed in row.readings[0]]
        else:
            cells += [""] * (2 if cumulative else 1)
        blocks.append(Block("row", text="".join(cells), cells=list(cells), source="tab", table=0))
    blocks.extend(prose_blocks(text[end:], FORMAT_LEGACY))
    return Document(blocks, document.kind, encoding=document.encoding, meta=document.meta), damages


def _find_rows(text: str, position: int, cumulative: bool, *, coded: bool) -> tuple[list[_Row], int]:
    """The rows from ``position`` on, until the text no longer reads as label, unit and cells."""
    pattern = _ROW_WITH_CODE if coded else _ROW
    width = 2 if cumulative else 1
    rows: list[_Row] = []
    while (match := pattern.match(text, position)) is not None:
        *headings, label = _INNER_HEADING.split(match.group("label"))
        rows.extend(_Row(heading, None, "", "", [], split=False) for heading in headings)
        numbered = _ARABIC.match(label)
        cells, position = match.group("cells"), match.end()
        areas = [cells]
        if re.match(r"[.．、](?!\d)", text[position : position + 2]):
            # The next row's own number is printed right after these digits: one more than this
            # row's, or (numbering not followed) one or two digits.
            expected = str(int(numbered.group(1)) + 1 if numbered else 1)
            if cells.endswith(expected) and len(cells) > len(expected):
                areas = [cells[: -len(expected)]]
                position -= len(expected)
            else:
                areas = [cells[:-k] for k in (1, 2) if len(cells) > k and cells[-k] != "0"]
                position -= 1
        readings = list(dict.fromkeys(r for area in areas for r in _readings(area, width)))
        split = len(areas) > 1 or not readings or any(_pieces_count(area) < width for area in areas)
        code = match.group("code") if coded else None
        printed = areas[0] if len(areas) == 1 else cells
        rows.append(_Row(label, code, match.group("unit"), printed, readings, split))
    return rows, position


def _pieces_count(area: str) -> int:
    return len([p for p in re.split(rf"([{_NULL_CHARS}]+)", area) if p])


def _readings(area: str, width: int) -> list[Reading]:
    """Every way to read ``area`` as ``width`` cells: numbers without leading zeros, dashes for
    nothing; this year's figure not above the cumulative one."""
    if not area or len(area) > MAX_CELL_CHARS:
        return []
    out: list[Reading] = []

    def walk(rest: str, acc: list[tuple[Value, str]]) -> None:
        if len(acc) == width:
            if not rest:
                out.append(tuple(acc))
            return
        null = _NULL_RUN.match(rest)
        if null:
            walk(rest[null.end() :], [*acc, (None, null.group(0))])
            return
        for cut in range(1, len(rest) + 1):
            token = rest[:cut]
            if _NUMBER.fullmatch(token) and not rest[cut:].startswith("."):
                walk(rest[cut:], [*acc, (Decimal(token), token)])

    walk(area, [])
    return [r for r in out if not _above_cumulative(r)]


def _above_cumulative(reading: Reading) -> bool:
    if len(reading) < 2:
        return False
    this_year, total = reading[0][0], reading[1][0]
    return this_year is not None and total is not None and this_year > total


# ---------------------------------------------------------------------------------------------
# Deciding the rows together


@dataclass
class _Sum:
    """``parent = Σ children`` in every column where the parent is printed."""

    parent: int
    children: list[int]
    code: str


def _sums(rows: list[_Row]) -> list[_Sum]:
    """The legacy sum rules (relation "eq") of the definitions, on the rows they name, the parts being
    the parent's numbered children (as the checker finds them)."""
    paths = legacy_paths([r.label for r in rows])
    labels = [compact(clean_label(r.label)) for r in rows]
    found: list[_Sum] = []
    for rule in FORMAT_LEGACY.legacy_rules:
        if rule.relation != "eq":
            continue
        parent = next((i for i, label in enumerate(labels) if label.startswith(compact(rule.total))), None)
        if parent is None or not rows[parent].readings:
            continue
        depth = len(paths[parent])
        children: list[int] = []
        for i in range(parent + 1, len(rows)):
            if len(paths[i]) <= depth:
                break
            if len(paths[i]) == depth + 1 and compact(paths[i][-1]).endswith(labels[parent]):
                children.append(i)
        if children and all(rows[i].readings for i in children):
            found.append(_Sum(parent, children, rule.code))
    return found


def _decide(rows: list[_Row], cumulative: bool) -> list[Damage]:
    """Narrow every row's readings by the sums; fill a damaged row left with one reading, list the
    others.  When no combination satisfies the sums (the report breaks one), only a row whose
    digits read one way on their own is filled."""
    sums = _sums(rows)
    domains = [list(r.readings) for r in rows]
    feasible = _narrow(domains, sums) and _has_solution(domains, sums)
    base = ["digits", *(["cumulative"] if cumulative else [])]
    damages: list[Damage] = []
    for i, row in enumerate(rows):
        left = domains[i] if feasible else row.readings
        if not row.split:
            row.readings = left if len(left) == 1 else []
            continue
        damage = Damage("legacy", clean_label(row.label), [row.printed], "run_together")
        if len(left) == 1:
            codes = sorted({s.code for s in sums if i == s.parent or i in s.children})
            damage.repaired, damage.candidates = True, 1
            damage.decided_by = base + (codes if len(row.readings) > 1 else [])
        else:
            damage.candidates = len(left)
            damage.options = [[_out(v) for v, _ in r] for r in left[:MAX_OPTIONS]] if len(left) > 1 else []
        row.readings = left if len(left) == 1 else []
        damages.append(damage)
    return damages


def _out(value: Value) -> int | str | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() and "." not in str(value) else str(value)


def _equation(domains: list[list[Reading]], rule: _Sum, column: int) -> bool:
    """Whether the rule holds in ``column``: the parent is printed there in every reading."""
    return all(len(r) > column and r[column][0] is not None for r in domains[rule.parent])


def _vector(reading: Reading, columns: list[int], sign: int) -> tuple[Decimal, ...]:
    return tuple(sign * (reading[c][0] or Decimal(0)) for c in columns)


def _narrow(domains: list[list[Reading]], sums: list[_Sum]) -> bool:
    """Drop the readings that no readings of the other rows of a rule can complete, until none is
    dropped; ``False`` when a row is left with none (the report breaks a rule).  The rules form a
    tree (a row is the parent of one list and an item of at most one other), where what is left
    after this is exactly what some combination of all rows uses."""
    changed = True
    while changed:
        changed = False
        for rule in sums:
            width = min(len(r) for r in domains[rule.parent])
            columns = [c for c in range(width) if _equation(domains, rule, c)]
            if not columns:
                continue
            members = [(rule.parent, 1), *((c, -1) for c in rule.children)]
            vectors = [[_vector(r, columns, sign) for r in domains[i]] for i, sign in members]
            zero = tuple(Decimal(0) for _ in columns)
            before = [{zero}]
            for options in vectors:
                grown = {tuple(a + b for a, b in zip(s, v, strict=True)) for s in before[-1] for v in options}
                if len(grown) > MAX_SUMS:
                    break
                before.append(grown)
            else:
                after = [{zero}]
                for options in reversed(vectors):
                    after.append({tuple(a + b for a, b in zip(s, v, strict=True)) for s in after[-1] for v in options})
                after.reverse()
                for j, (i, _) in enumerate(members):
                    keep = [
                        reading
                        for reading, v in zip(domains[i], vectors[j], strict=True)
                        if any(tuple(-(x + y) for x, y in zip(s, v, strict=True)) in after[j + 1] for s in before[j])
                    ]
                    if not keep:
                        return False
                    if len(keep) < len(domains[i]):
                        domains[i] = keep
                        changed = True
    return True


def _has_solution(domains: list[list[Reading]], sums: list[_Sum]) -> bool:
    """One combination of the readings left that satisfies every rule (a check of the narrowing)."""
    involved = sorted({i for s in sums for i in (s.parent, *s.children)})
    steps = SEARCH_STEPS
    chosen: dict[int, Reading] = {}

    def holds(rule: _Sum) -> bool:
        members = (rule.parent, *rule.children)
        if any(i not in chosen for i in members):
            return True
        for column in range(min(len(chosen[rule.parent]), 2)):
            if not _equation(domains, rule, column):
                continue
            parts = sum((chosen[i][column][0] or Decimal(0) for i in rule.children), Decimal(0))
            if chosen[rule.parent][column][0] != parts:
                return False
        return True

    def walk(k: int) -> bool:
        nonlocal steps
        if k == len(involved):
            return True
        i = involved[k]
        for reading in domains[i]:
            steps -= 1
            if steps < 0:
                return False
            chosen[i] = reading
            if all(holds(s) for s in sums) and walk(k + 1):
                return True
            del chosen[i]
        return False

    return walk(0)
