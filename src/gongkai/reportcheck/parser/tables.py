"""The table finder: which format's tables a report prints, and which printed row is which row of them.

Printed labels are matched to the format definitions on the compact label form (the numbered form
first, then the bare one); a label wrapped around its numbers in an unruled PDF table is stitched
back together.  Rows are turned into values; a row with the wrong number of cells is a
:class:`Damage`, handed to :mod:`.repair`.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from gongkai.reportformats.definitions import FORMAT_LEGACY, FORMATS, FormatDefinition, Row, Table, format_for_year
from gongkai.reportformats.normalize import compact, parse_cell, squeeze
from gongkai.reportformats.vocabulary import strip_numbering

from .assemble import json_value
from .repair import RowCheck, repair_with_rules
from .rows import Damage, ParsedTable, TableRow, expected_counts, fit_count


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


def read_statutory(
    rows: list[TableRow], fmt: FormatDefinition, checks: dict[tuple[str, str], RowCheck] | None = None
) -> tuple[dict[str, ParsedTable], list[Damage]]:
    """Match printed rows to the format's tables; the first printing of a row wins.  ``checks``: what
    the year before says damaged rows hold (:func:`.repair.cross_year_checks`)."""
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
    repair_with_rules(parsed, damages, fmt, checks)
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
        and len(fit_count(trow.cells, len(table.columns))) == len(table.columns)
    )


def _extra_row(trow: TableRow, table: Table) -> dict[str, Any]:
    cells = fit_count(trow.cells, len(table.columns))
    return {
        "table": table.title,
        "label": squeeze(trow.label),
        "values": {col.label: json_value(parse_cell(c), col.kind) for col, c in zip(table.columns, cells, strict=True)},
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


def _resolve_table(target: ParsedTable) -> list[Damage]:
    """Turn printed cells into values; rows with the wrong number of cells are kept for repair."""
    damages: list[Damage] = []
    table = target.table
    for key, printed in target.printed.items():
        expected = expected_counts(table, key)
        cells = fit_count(printed, expected)
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
