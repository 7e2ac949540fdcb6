"""The statutory tables' values → their part of the canonical JSON (docs/report-data.md): one object per
row keyed by column, money kept as printed decimal strings, fees shifted from 元 to 万元."""

from __future__ import annotations

from typing import Any

from gongkai.reportformats.definitions import FormatDefinition, Row, Table
from gongkai.reportformats.normalize import Cell, yuan_to_wan

from .rows import ParsedTable


def json_value(cell: Cell | None, column_kind: str) -> int | str | None:
    if cell is None or cell.kind == "null":
        return None
    if cell.kind == "int" and isinstance(cell.value, int):
        return cell.value
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
                obj[col.key] = json_value(cell, col.kind)
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
