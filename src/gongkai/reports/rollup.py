"""Summing annual reports: the county roll-up of its departments' and townships' reports.

Pure functions on canonical report dicts (docs/report-data.md).  ``rollup`` adds reports of one format cell
by cell, as the format definition lists the cells, so a rolled-up report has the same shape and the
same consistency rules hold for it (sums of balanced tables balance).  ``breakdown`` gives one row of
the main figures per agency for the table beside the roll-up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any

from gongkai.reportformats.definitions import SCHEMA, FormatDefinition, Table, get_format
from gongkai.reportformats.normalize import decimal_string

MONEY_KINDS = frozenset({"decimal", "amount"})
# 采购总金额 may be printed in 元 or 万元 (docs/report-data.md): mixed units are added in 元.
UNIT_FACTORS = {"元": Decimal(1), "万元": Decimal(10_000)}


class RollupError(ValueError):
    """The reports cannot be added (different formats, a legacy report, a value that is not a number)."""


# ---------------------------------------------------------------------------------------------
# Adding values: null + null stays null, anything else counts null as 0


def add_counts(values: Iterable[Any]) -> int | None:
    present = [v for v in values if v is not None]
    if not present:
        return None
    for value in present:
        if isinstance(value, bool) or not isinstance(value, int):
            raise RollupError(f"数量应为整数，实际为 {value!r}")
    return sum(present)


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool | float):
        raise RollupError(f"金额应为十进制字符串，实际为 {value!r}")
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise RollupError(f"金额不是十进制数字：{value!r}") from exc


def add_money(values: Iterable[Any]) -> str | None:
    present = [v for v in values if v is not None]
    if not present:
        return None
    # Enough precision that no digit of any printed amount is rounded away.
    with localcontext() as context:
        context.prec = 60
        total = sum((_decimal(v) for v in present), Decimal(0))
    return decimal_string(total)


def _add_amounts(rows: Sequence[dict[str, Any]], key: str) -> tuple[str | None, str | None]:
    """An amount with its printed unit: one unit kept as it is, mixed units converted to 元."""
    printed = [(r.get(key), r.get(f"{key}_unit") or "") for r in rows if r.get(key) is not None]
    if not printed:
        return None, None
    units = {unit for _, unit in printed}
    if len(units) == 1:
        return add_money(v for v, _ in printed), units.pop() or None
    unknown = units - UNIT_FACTORS.keys()
    if unknown:
        raise RollupError(f"无法换算的金额单位：{'、'.join(sorted(unknown))}")
    return add_money(_decimal(v) * UNIT_FACTORS[u] for v, u in printed), "元"


# ---------------------------------------------------------------------------------------------
# Tables


def _table_rows(report: dict[str, Any], table: Table, row: str) -> dict[str, Any]:
    return (report.get(table.json_key) or {}).get(row) or {}


def _sum_table(reports: Sequence[dict[str, Any]], table: Table) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for row in table.rows:
        cells = [_table_rows(r, table, row.key) for r in reports]
        summed: dict[str, Any] = {}
        for column in table.row_columns(row):
            if column.kind == "amount":
                amount, unit = _add_amounts(cells, column.key)
                summed[column.key] = amount
                summed[f"{column.key}_unit"] = unit
            elif column.kind in MONEY_KINDS:
                summed[column.key] = add_money(c.get(column.key) for c in cells)
            else:
                summed[column.key] = add_counts(c.get(column.key) for c in cells)
        out[row.key] = summed
    return out


def _sum_extra(reports: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Province-added rows of section 二, added by (table, label); their values by printed column."""
    merged: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for report in reports:
        for item in (report.get("proactive") or {}).get("extra") or []:
            merged.setdefault((str(item.get("table")), str(item.get("label"))), []).append(item.get("values") or {})
    rows = []
    for (table, label), values in merged.items():
        columns = list(dict.fromkeys(k for v in values for k in v))
        summed = {}
        for column in columns:
            cells = [v.get(column) for v in values]
            is_count = all(c is None or (isinstance(c, int) and not isinstance(c, bool)) for c in cells)
            summed[column] = add_counts(cells) if is_count else add_money(cells)
        rows.append({"table": table, "label": label, "values": summed})
    return rows


def _format_of(reports: Sequence[dict[str, Any]]) -> FormatDefinition:
    if not reports:
        raise RollupError("没有可汇总的年度报告")
    keys = {str(r.get("format")) for r in reports}
    if len(keys) != 1:
        raise RollupError(f"只能汇总同一格式的年度报告，实际有：{'、'.join(sorted(keys))}")
    try:
        fmt = get_format(keys.pop())
    except KeyError as exc:
        raise RollupError(str(exc)) from exc
    if not fmt.tables:
        # The old 统计表 differs by province: its rows cannot be added cell by cell.
        raise RollupError("2019年以前的统计表各地不同，不能逐项汇总")
    return fmt


def rollup(reports: list[dict[str, Any]], *, agency: str, year: int) -> dict[str, Any]:
    """One report whose every cell is the sum of that cell over ``reports`` (all of one format).

    Counts add; a cell stays null only when it is null in every report; money adds exactly as
    decimal strings.  ``legacy``, ``facts`` and the sections' text are not summed: the roll-up has no
    text of its own.  ``source.rollup_of`` names the agencies added, in order.
    """
    fmt = _format_of(reports)
    other_years = sorted({r.get("year") for r in reports if r.get("year") != year}, key=str)
    if other_years:
        raise RollupError(f"只能汇总{year}年度的报告，另有：{'、'.join(str(y) for y in other_years)}")
    result: dict[str, Any] = {"schema": SCHEMA, "format": fmt.key, "year": year, "agency": agency}
    for json_key in ("proactive", "applications", "appeals"):
        bucket: dict[str, Any] = {}
        for table in fmt.tables_for(json_key):
            bucket.update(_sum_table(reports, table))
        result[json_key] = bucket
    extra = _sum_extra(reports)
    if extra:
        result["proactive"]["extra"] = extra
    result["fees_yuan"] = add_money(r.get("fees_yuan") for r in reports)
    result["source"] = {"rollup_of": [r.get("agency") for r in reports]}
    return result


# ---------------------------------------------------------------------------------------------
# Per-agency breakdown

# The main figures, each a sum of ``applications`` rows in the 总计 column, or of ``appeals`` totals.
# Row groups are found by key prefix, which the 2019 and 2021 formats share (2019's single
# （六）其他处理 row is ``other_processing``).
BREAKDOWN_FIGURES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("new_received", "applications", ("new_received",)),
    ("carried_over", "applications", ("carried_over",)),
    ("granted", "applications", ("granted",)),
    ("partial", "applications", ("partial",)),
    ("denied", "applications", ("denied_",)),
    ("unable", "applications", ("unable_",)),
    ("rejected", "applications", ("rejected_",)),
    ("other", "applications", ("other_",)),
    ("total_processed", "applications", ("total_processed",)),
    ("carried_forward", "applications", ("carried_forward",)),
    ("review", "appeals", ("review",)),
    ("litigation", "appeals", ("litigation_direct", "litigation_after_review")),
)


def _matching(rows: Iterable[str], patterns: tuple[str, ...]) -> list[str]:
    return [r for r in rows if any(r == p or (p.endswith("_") and r.startswith(p)) for p in patterns)]


def _row_keys(fmt: FormatDefinition, json_key: str) -> list[str]:
    return [row.key for table in fmt.tables_for(json_key) for row in table.rows]


def _figure(report: dict[str, Any], fmt: FormatDefinition, json_key: str, patterns: tuple[str, ...]) -> int | None:
    bucket = report.get(json_key) or {}
    return add_counts((bucket.get(key) or {}).get("total") for key in _matching(_row_keys(fmt, json_key), patterns))


def breakdown(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per report: agency, year and the main figures (``BREAKDOWN_FIGURES``), in input order.

    A figure is null when every cell it sums is null (the report left it blank).
    """
    rows = []
    for report in reports:
        fmt = _format_of([report])
        row: dict[str, Any] = {"agency": report.get("agency"), "year": report.get("year"), "format": fmt.key}
        for key, json_key, patterns in BREAKDOWN_FIGURES:
            row[key] = _figure(report, fmt, json_key, patterns)
        row["fees_yuan"] = add_money([report.get("fees_yuan")])
        rows.append(row)
    return rows


def _figure_label(fmt: FormatDefinition, json_key: str, patterns: tuple[str, ...]) -> str:
    keys = _matching(_row_keys(fmt, json_key), patterns)
    tables = fmt.tables_for(json_key)
    if len(keys) == 1:
        return next(t.row(keys[0]).label for t in tables if keys[0] in {r.key for r in t.rows})
    for table in tables:
        for group in table.groups:
            if group.first == keys[0] and group.last == keys[-1]:
                return group.label
    # 行政诉讼·未经复议直接起诉 + 行政诉讼·复议后起诉: the part their labels share.
    labels = [t.row(k).label for t in tables for k in keys if k in {r.key for r in t.rows}]
    return labels[0].split("·")[0]


def breakdown_labels(format_key: str = "2021") -> dict[str, str]:
    """Column headings of a breakdown, taken from the format's own labels."""
    fmt = get_format(format_key)
    return {
        "agency": "机关",
        "year": "年度",
        **{key: _figure_label(fmt, json_key, patterns) for key, json_key, patterns in BREAKDOWN_FIGURES},
        "fees_yuan": "信息处理费（元）",
    }
