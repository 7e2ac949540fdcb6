"""The old 统计表 of reports before 2019: every row as printed, with its unit, value and place in the
table's hierarchy.  The table differs by province, so rows are read by their header columns rather
than matched against a fixed list."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from gongkai.reportformats.definitions import LEGACY_CUMULATIVE_WORDS
from gongkai.reportformats.normalize import Cell, compact, parse_cell, squeeze
from gongkai.reportformats.vocabulary import strip_numbering

from .blocks import Block

_QIZHONG = re.compile(r"^其中[:：]?")


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


def clean_label(label: str) -> str:
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


def legacy_paths(labels: list[str]) -> list[list[str]]:
    """The place in the table's hierarchy of each row label, as :func:`read_legacy` gives it."""
    places = _LegacyPath()
    return [places.place(label) for label in labels]


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
            "label": clean_label(label),
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
    if cell.kind == "int" and isinstance(cell.value, int):
        return cell.value
    if cell.kind == "decimal":
        return str(cell.value)
    return squeeze(cell.raw) or None
