"""Text whose table cells — and line breaks — ran together (issue 16, part 1).

Text copied from a web page can lose every separator: the whole report is one line and a table row
reads ``一、本年新收政府信息公开申请数量12500010126``.  This module finds the sections and the row labels
of a format in such text by the format definitions' labels (in the form's order, each table after its
title) and turns each label and the digits after it into a row block, the way a line break would have.
The digits of a row are then split into its cells by :mod:`.repair` under the consistency rules; a row
the rules leave ambiguous is filled with nothing and reported with its candidates.
"""

from __future__ import annotations

import itertools
import re

from gongkai.reportformats.definitions import FORMATS, FormatDefinition, Table
from gongkai.reportformats.normalize import Cell, compact

from .blocks import Block, Document
from .repair import RowCheck, row_readings
from .rows import Damage, ParsedTable

# A document read as at most this many row blocks, with one paragraph this long, may have run together.
_LONG_PARAGRAPH = 400
_RUN = re.compile(r"\d+(?:\.\d+)?")
_APPEALS_RUN = re.compile(r"尚未审结总计(\d{15,})")
_TITLE_END = re.compile(r"(?:年度报告|工作报告|报告)")
_SIGNATURE_DATE = re.compile(r"(?<=[\u4e00-\u9fff])\d{4}年\d{1,2}月\d{1,2}日$")


def looks_run_together(document: Document) -> bool:
    if len(document.rows) >= 5:
        return False
    return any(len(p) >= _LONG_PARAGRAPH for p in document.paragraphs)


def _row_label_sequence(fmt: FormatDefinition) -> list[tuple[Table, str, str]]:
    """(table, row key, compact label) in the order the form prints them."""
    order: list[tuple[Table, str, str]] = []
    for table in fmt.tables:
        if table.layout != "rows":
            continue
        order.extend((table, row.key, compact(row.label)) for row in table.rows)
    return order


def _digits_after(text: str, end: int, next_labels: list[str]) -> tuple[str, int] | None:
    """The run of digits right after a label, cut where the next row's label (which may start with
    its own numbering, ``2.``) begins."""
    match = _RUN.match(text, end)
    if match is None:
        return None
    run = match.group(0)
    for cut in range(len(run), 0, -1):
        rest = end + cut
        if cut < len(run) and any(text.startswith(label, rest) for label in next_labels):
            return run[:cut], rest
    return run, match.end()


def _find_rows(text: str, fmt: FormatDefinition) -> list[tuple[int, int, str, str]]:
    """(start, end, label, digits) of every row of ``fmt`` found in order."""
    found: list[tuple[int, int, str, str]] = []
    sequence = _row_label_sequence(fmt)
    position = 0
    current_table: Table | None = None
    for index, (table, _key, label) in enumerate(sequence):
        if table is not current_table:
            current_table = table
            # A table's rows come after its title where the title is printed (section 二's tables).
            anchor = text.find(compact(table.title), position) if table.json_key == "proactive" else -1
            if anchor >= 0:
                position = anchor
        next_labels = [lbl for _, _, lbl in sequence[index + 1 : index + 4]]
        start = text.find(label, position)
        while start >= 0:
            end = start + len(label)
            digits = _digits_after(text, end, next_labels)
            if digits is not None:
                found.append((start, digits[1], label, digits[0]))
                position = digits[1]
                break
            start = text.find(label, end)
    return found


def _choose_format(text: str) -> tuple[FormatDefinition, list[tuple[int, int, str, str]]] | None:
    best: tuple[FormatDefinition, list[tuple[int, int, str, str]]] | None = None
    for key in ("2021", "2019"):
        fmt = FORMATS[key]
        rows = _find_rows(text, fmt)
        markers = sum(1 for m in fmt.markers if compact(m) in text)
        if len(rows) >= 3 and (best is None or (len(rows), markers) > (len(best[1]), 0)):
            best = (fmt, rows)
    return best


def prose_blocks(text: str, fmt: FormatDefinition | None) -> list[Block]:
    """Prose without line breaks: the title, every section heading and the closing date on a line of
    their own."""
    cuts = {0, len(text)}
    title = _TITLE_END.search(text[:80])
    if title:
        cuts.add(title.end())
    signed = _SIGNATURE_DATE.search(text)
    if signed:
        # The signature: the issuing office, then the date, each a line of its own.
        cuts.add(signed.start())
    position = 0
    for section in fmt.sections if fmt else ():
        for heading in (section.heading, *section.variants):
            at = text.find(compact(heading), position)
            if at >= 0:
                cuts.update({at, at + len(compact(heading))})
                position = at + len(compact(heading))
                break
    points = sorted(cuts)
    return [Block("text", text=text[a:b]) for a, b in itertools.pairwise(points) if text[a:b].strip()]


def resegment(document: Document) -> Document | None:
    """Row blocks for the rows of a national format found in run-together text, and the prose around
    them split at the headings; ``None`` when the text holds no such table."""
    text = compact("".join(document.paragraphs))
    chosen = _choose_format(text)
    if chosen is None:
        return None
    fmt, rows = chosen
    blocks: list[Block] = []
    position = 0
    appeals = _APPEALS_RUN.search(text, rows[-1][1])
    spans = [(s, e, [label, digits]) for s, e, label, digits in rows]
    if appeals is not None:
        # Section 四's one row of fifteen cells follows the last 总计 of its header.
        spans.append((appeals.start(1), appeals.end(1), [appeals.group(1)]))
    spans.sort(key=lambda span: span[0])
    for start, end, cells in spans:
        if start > position:
            blocks.extend(prose_blocks(text[position:start], fmt))
        blocks.append(Block("row", text="".join(cells), cells=list(cells), source="line"))
        position = end
    blocks.extend(prose_blocks(text[position:], fmt))
    return Document(blocks, document.kind, encoding=document.encoding, meta=document.meta)


# Figures the prose states for one cell of section 二 ("制发行政规范性文件15件", "现行有效规章37件").
_PROSE_VERBS = {
    "issued": ("制发", "印发", "出台", "制定"),
    "made": ("制发", "新制作", "制定"),
    "abolished": ("废止",),
    "in_force": ("现行有效",),
}


def prose_figure(text: str, label: str, column: str) -> int | None:
    """The number the prose states for ``column`` of the row ``label``, when it states exactly one."""
    values: set[int] = set()
    for verb in _PROSE_VERBS.get(column, ()):
        pattern = re.escape(verb) + r"[^。；;，,\d]{0,6}?" + re.escape(label) + r"(\d+)(?:件|个|部)"
        values.update(int(m.group(1)) for m in re.finditer(pattern, text))
    return values.pop() if len(values) == 1 else None


def settle_with_prose(
    parsed: dict[str, ParsedTable],
    damages: list[Damage],
    text: str,
    checks: dict[tuple[str, str], RowCheck] | None = None,
) -> None:
    """Ambiguous rows of section 二: keep the one reading that agrees with every figure the report's
    own prose states for the row (the rules of docs/report-data.md do not reach these rows), and with
    the year before where ``checks`` holds what it says (:func:`.repair.cross_year_checks`)."""
    checks = checks or {}
    for damage in damages:
        if damage.repaired or damage.row == "*":
            continue
        target = parsed[damage.table]
        table = target.table
        fmt = next((f for f in FORMATS.values() if any(t is table for t in f.tables)), None)
        if table.json_key != "proactive" or fmt is None:
            continue
        # Every reading, not the few options listed in the report: the prose must leave one of all.
        readings = row_readings(fmt, damage)
        if readings is None or len(readings) < 2:
            continue
        check = checks.get((damage.table, damage.row))
        agreeing = [r for r in readings if check(r)] if check is not None else readings
        cross_year = bool(agreeing) and len(agreeing) < len(readings)
        readings = agreeing if cross_year else readings
        row = table.row(damage.row)
        columns = table.row_columns(row)
        stated = {
            i: value
            for i, col in enumerate(columns)
            for label in (compact(row.label), *(compact(a) for a in row.aliases))
            if (value := prose_figure(text, label, col.key)) is not None
        }
        if not stated:
            continue
        fitting = [o for o in readings if all(o[i] == v for i, v in stated.items())]
        if len(fitting) == 1:
            target.values[damage.row] = [Cell("int", v, str(v)) for v in fitting[0]]
            damage.repaired, damage.options, damage.candidates = True, [], 1
            damage.decided_by = ["digits", "prose", *(["cross_year"] if cross_year else [])]
