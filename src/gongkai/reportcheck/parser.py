"""Blocks → the canonical JSON of report-data.md.

Steps: title (agency, year), format, the statistical tables (matched row by row against the format
definitions on the compact label form), damaged rows (repaired only where the consistency rules
leave exactly one possibility), the numbered sections, facts stated in prose, the fee charged and
the publication date.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from gongkai.reportformats.definitions import (
    FORMAT_LEGACY,
    FORMATS,
    LEGACY_CUMULATIVE_WORDS,
    SCHEMA,
    FormatDefinition,
    Row,
    Table,
    format_for_year,
)
from gongkai.reportformats.normalize import (
    Cell,
    chinese_numeral,
    compact,
    parse_cell,
    squeeze,
    to_chinese_numeral,
    yuan_to_wan,
)

from .facts import extract_facts
from .readers import Block, Document

_TITLE = re.compile(
    r"(?P<agency>[^\d，。,；;：:《》<>»|/\\]{0,60}?)(?P<year>(?:19|20)\d{2})年度?(?:政府信息公开|政务公开|信息公开)"
    r"(?:[^，。,；;]{0,12}?报告)?"
)
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十]+[)）]|\d{1,2}[.、．,，]|[(（]\d{1,2}[)）]|[①-⑳])"
)
_QIZHONG = re.compile(r"^其中[:：]?")
MAX_SPLIT_DIGITS = 40
MAX_CANDIDATES = 2000


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

    def as_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "row": self.row,
            "printed": self.printed,
            "problem": self.problem,
            "repaired": self.repaired,
            "candidates": self.candidates,
        }


@dataclass
class ParsedTable:
    table: Table
    # row key → one Cell per column of the row (or None while damaged and unresolved)
    values: dict[str, list[Cell] | None] = field(default_factory=dict)
    printed: dict[str, list[str]] = field(default_factory=dict)
    units: dict[str, str | None] = field(default_factory=dict)
    # Rows a province adds to a section 二 table (proactive.extra).
    extra: list[dict[str, Any]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Row splitting


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


def _fit_count(cells: list[str], expected: int) -> list[str]:
    """Drop spacer cells: leading blanks (merged label columns) then trailing blanks."""
    cells = list(cells)
    while len(cells) > expected and cells and not cells[0]:
        cells.pop(0)
    while len(cells) > expected and cells and not cells[-1]:
        cells.pop()
    return cells


def strip_numbering(label: str) -> str:
    text = label
    for _ in range(4):
        new = _NUMBERING.sub("", text)
        if new == text:
            break
        text = new
    return text


# ---------------------------------------------------------------------------------------------
# Title, year, agency


def find_title(paragraphs: list[str]) -> tuple[str | None, int | None, str]:
    """Agency and year from the title (which may be split over two lines, after navigation text)."""
    lines = [squeeze(p) for p in paragraphs[:8]]
    for i, line in enumerate(lines):
        for candidate in (line, line + (lines[i + 1] if i + 1 < len(lines) else "")):
            # A title is a short line; a sentence naming a year's work is not one.
            if len(candidate) > 80:
                continue
            match = _TITLE.search(candidate)
            if not match:
                continue
            agency = match.group("agency").strip()
            if not agency and i > 0 and 2 <= len(lines[i - 1]) <= 30 and not re.search(r"\d", lines[i - 1]):
                agency = lines[i - 1]
            return (
                agency or None,
                int(match.group("year")),
                (agency if not match.group("agency") else "") + match.group(0),
            )
    return None, None, ""


_PERIOD = re.compile(r"((?:19|20)\d{2})年1月1日[起至到—\-－~]*((?:19|20)\d{2})?年?12月31日")
_ISSUER = re.compile(r"《([^《》]{2,40}?)(?:办公室|督查室|办公厅)?关于(?:印发|做好|开展|组织)?\1")


def find_year(text: str) -> int | None:
    match = _PERIOD.search(text)
    if match:
        return int(match.group(1))
    match = re.search(r"((?:19|20)\d{2})年度?(?:政府信息公开|政务公开)工作", text)
    return int(match.group(1)) if match else None


def find_agency_fallback(paragraphs: list[str]) -> str | None:
    """No title: the body that issues the agency's own documents (《X办公室关于印发X…》), else the
    signature above the date at the end."""
    counts: dict[str, int] = {}
    for paragraph in paragraphs:
        for match in _ISSUER.finditer(squeeze(paragraph)):
            counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    if counts:
        return max(counts.items(), key=lambda item: item[1])[0]
    tail = [squeeze(p) for p in paragraphs[-12:]]
    for i, line in enumerate(tail):
        if _DATE_LINE.match(line) and i > 0 and 2 <= len(tail[i - 1]) <= 30:
            return tail[i - 1]
    return None


# ---------------------------------------------------------------------------------------------
# Format detection


def detect_format(rows: list[TableRow], paragraphs: list[str], year: int | None) -> FormatDefinition:
    """2021 or 2019 when the national tables are there (told apart by their column and row labels,
    else by year); otherwise by year, with the old 统计表 for reports before 2019."""
    labels = "".join(compact(r.label) for r in rows)
    scores = {key: sum(1 for m in fmt.markers if compact(m) in labels) for key, fmt in FORMATS.items()}
    national = any(
        compact(r.label).endswith((compact("予以公开"), compact("本年新收政府信息公开申请数量"))) for r in rows
    )
    if national or scores["2021"] or scores["2019"]:
        if scores["2021"] != scores["2019"]:
            return FORMATS["2021"] if scores["2021"] > scores["2019"] else FORMATS["2019"]
        return format_for_year(year) if year and year >= 2019 else FORMATS["2021"]
    if year is not None:
        return format_for_year(year)
    text = "".join(compact(p) for p in paragraphs[:400])
    if scores["legacy"] or compact("统计表") in text:
        return FORMAT_LEGACY
    return FORMATS["2021"]


# ---------------------------------------------------------------------------------------------
# Statutory tables (2019, 2021)


@functools.lru_cache(maxsize=512)
def _row_keys(row: Row) -> tuple[str, str]:
    numbered = compact(row.label)
    return numbered, compact(strip_numbering(row.label))


def match_row(label: str, table: Table, value_count: int) -> Row | None:
    """The table row a printed label names (suffix match on the compact form; the numbered form
    first, since several sub-items share numbers across groups)."""
    text = compact(label)
    if not text:
        return None
    bare = compact(strip_numbering(label))
    for row in table.rows:
        numbered, core = _row_keys(row)
        if text.endswith(numbered) and (numbered != core or text == numbered):
            return row
        if table.json_key == "proactive" and (
            bare == core or text == core or any(compact(a) in (text, bare) for a in row.aliases)
        ):
            return row
    if value_count * 2 >= len(table.columns):
        for row in table.rows:
            numbered, core = _row_keys(row)
            if table.json_key == "applications" and len(core) >= 4 and text.endswith(core):
                return row
    return None


def read_statutory(rows: list[TableRow], fmt: FormatDefinition) -> tuple[dict[str, ParsedTable], list[Damage]]:
    """Match printed rows to the format's tables; the first printing of a row wins."""
    parsed = {t.key: ParsedTable(t) for t in fmt.tables}
    header_text = ""
    appeals_header = False
    row_tables = [t for t in fmt.tables if t.layout == "rows"]
    appeals = next((t for t in fmt.tables if t.layout == "single_row"), None)
    proactive: Table | None = None  # the section 二 table being read, for provincial extra rows
    for index, trow in enumerate(rows):
        nonblank = [c for c in trow.cells if c]
        matched = False
        if trow.block.source == "pdfline":
            trow = _stitch_label(rows, index, row_tables, parsed)
        for table in row_tables:
            row = match_row(trow.label, table, len(nonblank))
            if row is None:
                continue
            target = parsed[table.key]
            if row.key not in target.printed:
                target.printed[row.key] = trow.cells
                target.units[row.key] = _unit_hint(header_text, trow.label)
            proactive = table if table.json_key == "proactive" else None
            matched = True
            break
        if matched:
            continue
        if proactive is not None and nonblank and _is_extra_row(trow, proactive):
            parsed[proactive.key].extra.append(_extra_row(trow, proactive))
            continue
        if appeals is not None and not parsed[appeals.key].printed and _is_appeals_row(trow, appeals, appeals_header):
            parsed[appeals.key].printed["*"] = trow.cells
            continue
        if not nonblank and trow.label:
            # A row of labels only: a table title or header (units such as 万元 are read from it).
            header_text = compact(trow.label)
            appeals_header = appeals_header or "复议" in header_text or "结果维持" in header_text
            if proactive is not None and not any(w in header_text for w in ("第二十条", "信息内容")):
                proactive = None
    damages: list[Damage] = []
    for table in fmt.tables:
        damages.extend(_resolve_table(parsed[table.key]))
    _repair_with_rules(parsed, damages, fmt)
    return parsed, damages


_APPEAL_HEADER_WORDS = re.compile(
    r"^(?:结果维持|结果纠正|其他结果|尚未审结|总计|行政复议|行政诉讼|未经复议直接起诉|复议后起诉"
    r"|数量|件数|合计|案件数|数据)+$"
)


def _is_extra_row(trow: TableRow, table: Table) -> bool:
    label = compact(trow.label)
    return (
        bool(re.search(r"[\u4e00-\u9fff]", label))
        and len(label) <= 30
        and len(_fit_count(trow.cells, len(table.columns))) == len(table.columns)
    )


def _extra_row(trow: TableRow, table: Table) -> dict[str, Any]:
    cells = _fit_count(trow.cells, len(table.columns))
    return {
        "table": table.title,
        "label": squeeze(trow.label),
        "values": {
            col.label: _json_value(parse_cell(c), col.kind) for col, c in zip(table.columns, cells, strict=True)
        },
    }


def _lcs(a: str, b: str) -> int:
    """Length of the longest common substring."""
    best = 0
    previous = [0] * (len(b) + 1)
    for ch in a:
        current = [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            if ch == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def _stitch_label(rows: list[TableRow], index: int, tables: list[Table], parsed: dict[str, ParsedTable]) -> TableRow:
    """A row of an unruled PDF table whose long label was wrapped above and below its numbers: join
    the label fragments around it, and when the join still names no row, take the one row of the
    statutory table that shares a long stretch of text with it."""
    trow = rows[index]
    if any(match_row(trow.label, t, len(trow.cells)) for t in tables):
        return trow
    before = rows[index - 1].label if index > 0 and not rows[index - 1].cells else ""
    after = rows[index + 1].label if index + 1 < len(rows) and not rows[index + 1].cells else ""
    for label in (before + trow.label, before + trow.label + after, trow.label + after):
        if any(match_row(label, t, len(trow.cells)) for t in tables):
            return TableRow(label, trow.cells, trow.block)
    text = compact(before + trow.label + after)
    scored = []
    for table in tables:
        if table.json_key != "applications" or len(trow.cells) < len(table.columns) - 2:
            continue
        for row in table.rows:
            if row.key not in parsed[table.key].printed:
                scored.append((_lcs(text, compact(row.label)), row.label))
    scored.sort(reverse=True)
    if scored and scored[0][0] >= 8 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return TableRow(scored[0][1], trow.cells, trow.block)
    return trow


def _is_appeals_row(trow: TableRow, appeals: Table, header_seen: bool) -> bool:
    """The one data row of section 四: no label (or only header words), fifteen cells; fewer when
    run together, but then only after the table's header."""
    label = compact(trow.label)
    if label and not _APPEAL_HEADER_WORDS.match(label):
        return False
    if not any(trow.cells):
        # Only the blank form prints a whole row of empty cells without a label.
        return not label and len(trow.cells) >= appeals.cell_count
    if len(trow.cells) >= appeals.cell_count - 2:
        return True
    long_run = any(len(compact(c)) >= 5 for c in trow.cells)
    return header_seen and (len(trow.cells) >= 5 or long_run)


def _unit_hint(header_text: str, label: str) -> str | None:
    text = header_text + compact(label)
    if "万元" in text:
        return "万元"
    if "元" in text:
        return "元"
    return None


def _expected_counts(table: Table, key: str) -> int:
    if table.layout == "single_row":
        return table.cell_count
    return len(table.row_columns(table.row(key)))


def _resolve_table(target: ParsedTable) -> list[Damage]:
    """Turn printed cells into values; rows with the wrong number of cells are kept for repair."""
    damages: list[Damage] = []
    table = target.table
    for key, printed in target.printed.items():
        expected = _expected_counts(table, key)
        cells = _fit_count(printed, expected)
        if table.layout == "single_row":
            if len(cells) == expected and all(parse_cell(c).is_value for c in cells):
                flat = [parse_cell(c) for c in cells]
                width = len(table.columns)
                for i, row in enumerate(table.rows):
                    target.values[row.key] = flat[i * width : (i + 1) * width]
            else:
                damages.append(Damage(table.key, "*", printed, _problem(cells, expected)))
            continue
        if len(cells) == expected:
            target.values[key] = [parse_cell(c) for c in cells]
        else:
            damages.append(Damage(table.key, key, printed, _problem(cells, expected)))
            target.values[key] = None
    return damages


def _problem(cells: list[str], expected: int) -> str:
    if len(cells) > expected:
        return "extra_cells"
    if any(len(compact(c)) >= 5 and compact(c).isdigit() for c in cells):
        return "run_together"
    return "missing_cells"


# ---------------------------------------------------------------------------------------------
# Repair of damaged rows with the consistency rules


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
            pieces.append((None, 0 if cell.kind == "null" else int(cell.value)))  # type: ignore[arg-type]
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


def _column_expectation(
    parsed: dict[str, ParsedTable], fmt: FormatDefinition, table: str, row: str, col: int
) -> int | None:
    """The value the column rules (C1, C2) force on one cell of a damaged row, if they do."""
    from gongkai.reportformats.definitions import BalanceRule, ColumnSumRule

    for rule in fmt.rules:
        if isinstance(rule, ColumnSumRule) and rule.table == table:
            members = [rule.total, *rule.parts]
            if row not in members:
                continue
            others = {m: _known(parsed, table, m, col) for m in members if m != row}
            if any(v is None for v in others.values()):
                continue
            parts_sum = sum(v for m, v in others.items() if m != rule.total)  # type: ignore[misc]
            return parts_sum if row == rule.total else others[rule.total] - parts_sum  # type: ignore[operator]
        if isinstance(rule, BalanceRule) and rule.table == table:
            members = [*rule.left, *rule.right]
            if row not in members:
                continue
            others = {m: _known(parsed, table, m, col) for m in members if m != row}
            if any(v is None for v in others.values()):
                continue
            left = sum(others.get(m, 0) for m in rule.left if m != row)  # type: ignore[misc]
            right = sum(others.get(m, 0) for m in rule.right if m != row)  # type: ignore[misc]
            return right - left if row in rule.left else left - right
    return None


def _row_consistent(fmt: FormatDefinition, table: Table, values: list[int]) -> bool:
    from gongkai.reportformats.definitions import RowSumRule

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


def _repair_with_rules(parsed: dict[str, ParsedTable], damages: list[Damage], fmt: FormatDefinition) -> None:
    """Fill a damaged row only when exactly one reading satisfies the rules; rows repaired first
    become known values for the next ones."""
    progress = True
    while progress:
        progress = False
        for damage in damages:
            if damage.repaired:
                continue
            table = fmt.table(damage.table)
            expected = _expected_counts(table, damage.row if damage.row != "*" else table.rows[0].key)
            split, lost = _candidates(damage.printed, expected)
            fits_split = _fits(split, parsed, fmt, table, damage.row)
            fits_lost = _fits(lost, parsed, fmt, table, damage.row)
            fits = fits_split | fits_lost
            damage.candidates = len(fits)
            if len(fits) == 1:
                _store(parsed[table.key], table, damage.row, list(next(iter(fits))))
                damage.repaired = True
                damage.problem = "missing_cells" if fits_lost else "run_together"
                progress = True


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


# ---------------------------------------------------------------------------------------------
# JSON assembly for the statutory tables


def _json_value(cell: Cell | None, column_kind: str) -> int | str | None:
    if cell is None or cell.kind == "null":
        return None
    if cell.kind == "int":
        return int(cell.value)  # type: ignore[arg-type]
    if cell.kind == "decimal":
        return str(cell.value)
    return cell.raw.strip()


def assemble_statutory(parsed: dict[str, ParsedTable], fmt: FormatDefinition) -> dict[str, Any]:
    out: dict[str, Any] = {"proactive": {}, "applications": {}, "appeals": {}}
    for table in fmt.tables:
        target = parsed[table.key]
        bucket = out[table.json_key]
        for row in table.rows:
            cells = target.values.get(row.key)
            columns = table.row_columns(row)
            obj: dict[str, Any] = {}
            for i, col in enumerate(columns):
                cell = cells[i] if cells is not None and i < len(cells) else None
                obj[col.key] = _json_value(cell, col.kind)
            _money(table, row, obj, cells, target.units.get(row.key))
            bucket[row.key] = obj
        if target.extra:
            bucket.setdefault("extra", []).extend(target.extra)
    return out


def _money(table: Table, row: Row, obj: dict[str, Any], cells: list[Cell] | None, hint: str | None) -> None:
    if row.key == "fees" and "amount_wan_yuan" in obj:
        cell = cells[0] if cells else None
        unit = (cell.unit if cell else None) or hint or "万元"
        value = obj["amount_wan_yuan"]
        if isinstance(value, int):
            value = str(value)
            obj["amount_wan_yuan"] = value
        if unit == "元" and isinstance(value, str):
            obj["amount_wan_yuan"] = yuan_to_wan(value)
            obj["printed_unit"] = "元"
    if row.key == "procurement" and "amount" in obj:
        cell = cells[1] if cells and len(cells) > 1 else None
        value = obj["amount"]
        if isinstance(value, int):
            obj["amount"] = str(value)
        obj["amount_unit"] = (cell.unit if cell else None) or hint


# ---------------------------------------------------------------------------------------------
# Legacy 统计表


def _legacy_columns(header: list[str]) -> dict[str, int] | None:
    texts = [compact(c) for c in header]
    columns: dict[str, int] = {}
    for i, text in enumerate(texts):
        if not text:
            continue
        if "单位" in text and "unit" not in columns:
            columns["unit"] = i
        elif any(w in text for w in LEGACY_CUMULATIVE_WORDS):
            columns["cumulative"] = i
        elif ("指标" in text or "项目" in text) and "label" not in columns:
            columns["label"] = i
        elif any(w in text for w in ("统计数", "数量", "本年", "年度", "数值", "数据")) and "value" not in columns:
            columns["value"] = i
    if "unit" not in columns or "value" not in columns:
        return None
    columns.setdefault("label", 0 if columns["unit"] != 0 else 1)
    return columns


def _level(label: str) -> int | None:
    text = squeeze(label)
    if re.match(r"^[一二三四五六七八九十]+[、.．]", text):
        return 0
    if re.match(r"^[(（][一二三四五六七八九十]+[)）]", text):
        return 1
    if re.match(r"^\d{1,2}[.、．,，]", text) or re.match(r"^[(（]\d{1,2}[)）]", text):
        return 2
    return None


def _clean_label(label: str) -> str:
    text = squeeze(label)
    text = strip_numbering(text)
    text = _QIZHONG.sub("", text)
    text = strip_numbering(text)
    # A wrapped cell sometimes prints its parenthetical note twice.
    return re.sub(r"(（[^（）]{2,40}）)\1+", r"\1", text)


@dataclass
class _LegacyPath:
    """Where the rows of an old 统计表 sit.  Numbered rows (一、 （一） 1.) nest by their numbering; a
    "其中：" row belongs to the row just above it, and unnumbered rows after it continue that list; an
    unnumbered row in a table without numbered sections (Fujian's simplified table) is a top row."""

    stack: list[tuple[int, str]] = field(default_factory=list)
    chain: list[str] | None = None
    last_leaf: tuple[str, list[str]] | None = None

    def place(self, label: str) -> list[str]:
        raw = re.sub(r"(（[^（）]{2,40}）)\1+", r"\1", squeeze(label))
        has_qizhong = bool(_QIZHONG.match(raw))
        level = _level(_QIZHONG.sub("", raw))
        current = [text for _, text in self.stack]
        if level is not None:
            while self.stack and self.stack[-1][0] >= level:
                self.stack.pop()
            path = [text for _, text in self.stack]
            self.stack.append((level, raw))
            self.chain, self.last_leaf = None, None
            return path
        if has_qizhong:
            path = [*self.last_leaf[1], self.last_leaf[0]] if self.last_leaf else current
            self.chain = path
            return path
        if self.chain is not None:
            return self.chain
        if not self.stack or self.stack[0][0] < 0:
            self.stack = [(-1, raw)]
            self.last_leaf = None
            return []
        self.last_leaf = (raw, current)
        return current


def read_legacy(blocks: list[Block]) -> list[dict[str, Any]]:
    """Rows of every 统计表 in the document: label, unit, value, path (and cumulative)."""
    out: list[dict[str, Any]] = []
    columns: dict[str, int] | None = None
    table_id = None
    places = _LegacyPath()
    for block in blocks:
        if block.kind != "row" or block.source == "line":
            continue
        cells = ["" if c is None else c for c in block.cells]
        if block.table != table_id:
            table_id, columns, places = block.table, None, _LegacyPath()
        header = _legacy_columns(cells)
        if header is not None and len(compact("".join(cells))) < 40:
            columns, places = header, _LegacyPath()
            continue
        if columns is None:
            continue
        label = cells[columns["label"]] if columns["label"] < len(cells) else ""
        if not re.search(r"[\u4e00-\u9fff]", label):
            continue
        unit = cells[columns["unit"]] if columns["unit"] < len(cells) else ""
        value_cell = parse_cell(cells[columns["value"]] if columns["value"] < len(cells) else "")
        entry: dict[str, Any] = {
            "label": _clean_label(label),
            "unit": None if parse_cell(unit).kind == "null" or not squeeze(unit) else squeeze(unit),
            "value": _legacy_value(value_cell),
            "path": places.place(label),
        }
        if "cumulative" in columns:
            cum = cells[columns["cumulative"]] if columns["cumulative"] < len(cells) else ""
            entry["cumulative"] = _legacy_value(parse_cell(cum))
        out.append(entry)
    return out


def _legacy_value(cell: Cell) -> int | str | None:
    if cell.kind == "null":
        return None
    if cell.kind == "int":
        return int(cell.value)  # type: ignore[arg-type]
    if cell.kind == "decimal":
        return str(cell.value)
    return squeeze(cell.raw) or None


# ---------------------------------------------------------------------------------------------
# Sections, fee, date

_HEADING = re.compile(r"^([一二三四五六七八九十]{1,3})[、.．]\s*(.{1,60})$")


def find_sections(paragraphs: list[str], fmt: FormatDefinition) -> dict[str, str]:
    """Text of each numbered section: headings must come in order (一, 二, …); for the national
    formats a heading must also name its section (domain.md §1.2 variants)."""
    by_numeral = {s.numeral: s for s in fmt.sections}
    sections: dict[str, list[str]] = {}
    expected = 1
    current: str | None = None
    for paragraph in paragraphs:
        line = squeeze(paragraph)
        match = _HEADING.match(line)
        if match and len(line) <= 60 and not line.endswith("。") and not line[-1].isdigit():
            number = chinese_numeral(match.group(1))
            if number is not None and expected <= number <= expected + 1:
                numeral = to_chinese_numeral(number)
                spec = by_numeral.get(numeral)
                if spec is None and fmt.sections:
                    spec = None
                if (not fmt.sections) or (spec and any(k in line for k in spec.keywords)):
                    current = numeral
                    sections[current] = []
                    expected = number + 1
                    continue
        if current is not None:
            sections[current].append(paragraph.strip())
    return {k: "\n".join(v).strip() for k, v in sections.items()}


_FEE = re.compile(r"信息处理费[^。；;]{0,30}?(\d+(?:\.\d+)?)(万元|元)")
_FEE_NONE = re.compile(r"(?:未|没有|无)[^。；;]{0,12}信息处理费|信息处理费[^。；;]{0,8}(?:为0|为零|0元)")


def find_fees_yuan(paragraphs: list[str]) -> str | None:
    for paragraph in paragraphs:
        text = compact(paragraph)
        if "信息处理费" not in text:
            continue
        match = _FEE.search(text)
        if match:
            amount = Decimal(match.group(1))
            if match.group(2) == "万元":
                amount = amount * 10000
            from gongkai.reportformats.normalize import decimal_string

            return decimal_string(amount)
        if _FEE_NONE.search(text):
            return "0"
    return None


_DATE_LINE = re.compile(r"^((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日$")
_META_DATE = re.compile(
    r"(?:发布日期|发布时间|成文日期|公开日期|发文日期)[:：]?((?:19|20)\d{2})[-年/.](\d{1,2})[-月/.](\d{1,2})"
)


def find_publication_date(paragraphs: list[str], meta: dict[str, str], year: int | None) -> date | None:
    candidates: list[date] = []
    for paragraph in paragraphs:
        text = compact(paragraph)
        match = _META_DATE.search(text)
        if match:
            found = _date(match.groups())
            if found:
                return found
    if "published" in meta:
        match = re.search(r"((?:19|20)\d{2})\D(\d{1,2})\D(\d{1,2})", meta["published"])
        if match and (found := _date(match.groups())):
            return found
    for paragraph in paragraphs:
        match = _DATE_LINE.match(compact(paragraph))
        if match and (found := _date(match.groups())):
            candidates.append(found)
    if year is not None:
        candidates = [d for d in candidates if year <= d.year <= year + 2]
    return candidates[0] if candidates else None


def _date(parts: tuple[str | Any, ...]) -> date | None:
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except (ValueError, TypeError):
        return None


# ---------------------------------------------------------------------------------------------
# Entry point


def parse_document(document: Document, filename: str = "") -> dict[str, Any]:
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
