"""The report as canonical JSON (docs/report-data.md): stable key order, money as decimal strings.

Keys come in the order of the contract and of the format definitions (rows and columns as on the
form); keys the contract does not order follow alphabetically.  Two exports of the same report are
byte-identical, so stored reports can be compared and hashed.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from gongkai.reportformats.definitions import FORMATS, SCHEMA, Table

from .layout import ExportError, decimal_text

TOP_LEVEL = (
    "schema",
    "format",
    "year",
    "agency",
    "proactive",
    "applications",
    "appeals",
    "legacy",
    "facts",
    "fees_yuan",
    "sections",
)
SECTION_ORDER = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
DECIMAL_KEYS = frozenset({"fees_yuan"})


def _plain(value: Any) -> Any:
    """Decimals to strings; floats refused (their printed digits are already lost)."""
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, float):
        raise ExportError(f"年报数据中不能有浮点数（金额请用十进制字符串）：{value!r}")
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _ordered(mapping: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    rank = {key: i for i, key in enumerate(order)}
    return dict(sorted(mapping.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])))


def _table_order(tables: tuple[Table, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    rows = tuple(r.key for t in tables for r in t.rows)
    columns = tuple(dict.fromkeys(c.key for t in tables for c in t.columns))
    return rows, columns


def canonical(report: dict[str, Any]) -> dict[str, Any]:
    data = _plain(report)
    # A report built in code may leave the schema implicit; the exported document always names it.
    data.setdefault("schema", SCHEMA)
    for key in DECIMAL_KEYS:
        if data.get(key) is not None:
            data[key] = decimal_text(data[key])
    fmt = FORMATS.get(str(data.get("format")))
    if fmt is not None:
        for json_key in ("proactive", "applications", "appeals"):
            bucket = data.get(json_key)
            if not isinstance(bucket, dict):
                continue
            rows, columns = _table_order(fmt.tables_for(json_key))
            # A column's printed unit sits right after its amount (amount, amount_unit).
            columns = tuple(k for c in columns for k in (c, f"{c}_unit"))
            data[json_key] = _ordered(
                {k: _ordered(v, columns) if isinstance(v, dict) else v for k, v in bucket.items()}, (*rows, "extra")
            )
    if isinstance(data.get("sections"), dict):
        data["sections"] = _ordered(data["sections"], SECTION_ORDER)
    return _ordered(data, TOP_LEVEL)


def render_json(report: dict[str, Any]) -> bytes:
    text = json.dumps(canonical(report), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
