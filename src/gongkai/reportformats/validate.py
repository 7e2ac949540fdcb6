"""Structure of a report's canonical JSON (docs/report-data.md), checked against the format definitions.

The checker judges the figures; this module judges the shape: a report JSON that is stored must be one
that every page, export and check can read (a float where money belongs, a row that is a list, a key the
format does not know, a section that is a number would break them later).  ``validate_report_json``
returns Chinese messages, one per problem, and an empty list for a well-formed report.
"""

from __future__ import annotations

import re
from typing import Any

from .definitions import FORMATS, SCHEMA, FormatDefinition, Table

TOP_LEVEL_KEYS = frozenset(
    {
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
        "source",
    }
)
MAX_PROBLEMS = 20
MAX_TEXT = 200_000
MAX_LIST = 5000
_DECIMAL = re.compile(r"^-?\d{1,15}(?:\.\d{1,10})?$")


class _Problems(list[str]):
    def add(self, message: str) -> None:
        if len(self) < MAX_PROBLEMS:
            self.append(message)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_decimal(value: Any) -> bool:
    return _is_int(value) or (isinstance(value, str) and bool(_DECIMAL.match(value.strip())))


def _is_text(value: Any, limit: int = MAX_TEXT) -> bool:
    return isinstance(value, str) and len(value) <= limit


def _cell_ok(kind: str, value: Any) -> bool:
    if value is None:
        return True
    if kind in {"decimal", "amount"}:
        return _is_decimal(value)
    # A cell printed as words (“见附件”) is kept as printed; the checker reports it.
    return _is_int(value) or _is_text(value, 40)


def _check_table_rows(fmt: FormatDefinition, json_key: str, bucket: Any, problems: _Problems) -> None:
    tables = fmt.tables_for(json_key)
    if bucket is None:
        return
    if not isinstance(bucket, dict):
        problems.add(f"“{json_key}”应为对象（各行的数据），实际为 {type(bucket).__name__}")
        return
    rows: dict[str, tuple[Table, Any]] = {row.key: (table, row) for table in tables for row in table.rows}
    for key, values in bucket.items():
        if key == "extra" and json_key == "proactive":
            _check_extra(values, problems)
            continue
        if key not in rows:
            problems.add(f"“{json_key}”中有{fmt.name}没有的行“{key}”")
            continue
        if values is None:
            continue
        table, row = rows[key]
        if not isinstance(values, dict):
            problems.add(f"{table.title}“{row.label}”应为对象（各列的数据）")
            continue
        columns = {col.key: col for col in table.row_columns(row)}
        for col_key, value in values.items():
            if col_key in {"printed_unit", "amount_unit"}:
                if value is not None and not _is_text(value, 20):
                    problems.add(f"{table.title}“{row.label}”的单位应为文字")
                continue
            column = columns.get(col_key)
            if column is None:
                problems.add(f"{table.title}“{row.label}”中有该行没有的列“{col_key}”")
            elif not _cell_ok(column.kind, value):
                wanted = "十进制数字字符串" if column.kind in {"decimal", "amount"} else "整数"
                problems.add(f"{table.title}“{row.label}”“{column.label}”应为{wanted}或空，实际为 {value!r:.40}")


def _check_extra(values: Any, problems: _Problems) -> None:
    if not isinstance(values, list) or len(values) > MAX_LIST:
        problems.add("“proactive.extra”应为列表")
        return
    for entry in values:
        if not (
            isinstance(entry, dict)
            and _is_text(entry.get("table"), 200)
            and _is_text(entry.get("label"), 200)
            and isinstance(entry.get("values"), dict)
            and all(isinstance(k, str) and (v is None or _is_decimal(v)) for k, v in entry["values"].items())
        ):
            problems.add("“proactive.extra”中的行应有 table、label 和 values（数字或空）")
            return


def _check_legacy(rows: Any, problems: _Problems) -> None:
    if rows is None:
        return
    if not isinstance(rows, list) or len(rows) > MAX_LIST:
        problems.add("“legacy”应为统计表各行的列表")
        return
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not _is_text(row.get("label"), 500):
            problems.add(f"统计表第 {i} 行应为对象并有文字的 label")
            continue
        if row.get("unit") is not None and not _is_text(row["unit"], 50):
            problems.add(f"统计表第 {i} 行的单位应为文字或空")
        for key in ("value", "cumulative"):
            value = row.get(key)
            if value is not None and not (_is_int(value) or _is_text(value, 200)):
                problems.add(f"统计表第 {i} 行的“{key}”应为整数、文字或空")
        path = row.get("path", [])
        if not isinstance(path, list) or not all(_is_text(p, 500) for p in path):
            problems.add(f"统计表第 {i} 行的 path 应为文字的列表")


def _check_facts(facts: Any, problems: _Problems) -> None:
    if facts is None:
        return
    if not isinstance(facts, dict) or len(facts) > MAX_LIST:
        problems.add("“facts”应为对象")
        return
    for name, fact in facts.items():
        if not isinstance(fact, dict) or not (_is_int(fact.get("value")) or _is_decimal(fact.get("value"))):
            problems.add(f"正文数字“{name}”应为对象并有数字的 value")
            continue
        if fact.get("unit") is not None and not _is_text(fact["unit"], 20):
            problems.add(f"正文数字“{name}”的单位应为文字")
        if fact.get("source") is not None and not _is_text(fact["source"], 2000):
            problems.add(f"正文数字“{name}”的原文应为文字")


def _check_source(source: Any, problems: _Problems) -> None:
    if source is None:
        return
    if not isinstance(source, dict):
        problems.add("“source”应为对象")
        return
    for key in ("filename", "kind", "title", "published"):
        if source.get(key) is not None and not _is_text(source[key], 1000):
            problems.add(f"“source.{key}”应为文字或空")
    for key in ("tables_found", "damaged_rows"):
        if key in source and not (isinstance(source[key], list) and len(source[key]) <= MAX_LIST):
            problems.add(f"“source.{key}”应为列表")
    for entry in source.get("damaged_rows") or []:
        if not isinstance(entry, dict):
            problems.add("“source.damaged_rows”中的每一项应为对象")
            break


def _no_floats(value: Any, path: str, problems: _Problems, depth: int = 0) -> None:
    # Money is never a float (its printed digits are lost), and exports refuse floats.
    if depth > 20:
        problems.add(f"“{path}”嵌套过深")
        return
    if isinstance(value, float):
        problems.add(f"“{path}”是浮点数 {value!r}；计数应为整数，金额应为十进制数字字符串")
    elif isinstance(value, dict):
        for key, item in value.items():
            _no_floats(item, f"{path}.{key}" if path else str(key), problems, depth + 1)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _no_floats(item, f"{path}[{i}]", problems, depth + 1)


def validate_report_json(data: Any) -> list[str]:
    """Problems with the structure of a report's canonical JSON, in Chinese; ``[]`` when it is well formed."""
    problems = _Problems()
    if not isinstance(data, dict):
        return ["年报数据应为 JSON 对象"]
    if data.get("schema") != SCHEMA:
        problems.add(f"schema 应为 {SCHEMA}")
    format_key = data.get("format")
    fmt = FORMATS.get(format_key) if isinstance(format_key, str) else None
    if fmt is None:
        problems.add(f"未知的年报格式：{data.get('format')!r:.40}（应为 {'、'.join(FORMATS)}）")
    unknown = sorted(str(k) for k in data if k not in TOP_LEVEL_KEYS)
    if unknown:
        problems.add(f"年报数据中有未知的字段：{'、'.join(unknown[:5])}")
    year = data.get("year")
    if year is not None and not (_is_int(year) and 1900 <= year <= 2200):
        problems.add(f"年度应为四位整数或空，实际为 {year!r:.40}")
    if data.get("agency") is not None and not _is_text(data["agency"], 200):
        problems.add("机关名称应为文字（不超过 200 字）或空")
    if data.get("fees_yuan") is not None and not _is_decimal(data["fees_yuan"]):
        problems.add(f"信息处理费 fees_yuan 应为十进制数字字符串或空，实际为 {data['fees_yuan']!r:.40}")
    sections = data.get("sections")
    if sections is not None and not (
        isinstance(sections, dict) and all(isinstance(k, str) and _is_text(v) for k, v in sections.items())
    ):
        problems.add("“sections”应为对象，每节的内容为文字")
    _no_floats(data, "", problems)
    if fmt is not None:
        for json_key in ("proactive", "applications", "appeals"):
            if fmt.tables_for(json_key):
                _check_table_rows(fmt, json_key, data.get(json_key), problems)
            elif data.get(json_key) not in (None, {}):
                problems.add(f"{fmt.name}没有“{json_key}”表")
        if fmt.tables and data.get("legacy"):
            problems.add(f"{fmt.name}不应有旧统计表“legacy”")
    _check_legacy(data.get("legacy"), problems)
    _check_facts(data.get("facts"), problems)
    _check_source(data.get("source"), problems)
    return list(problems)
