"""Findings as a supervisor acts on them: a Chinese title with the stable code beside it, the figures
that disagree in one line ("三（七）总计 = 47，但（一）至（六）之和 = 48"), and the cells at fault, so
that the table shown beside the findings can highlight them (docs/report-import.md)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from gongkai.reportformats.checker import ERROR, WARNING, Finding, finding_title
from gongkai.reportformats.definitions import FORMATS, ColumnSumRule, FormatDefinition, Table
from gongkai.reportformats.normalize import compact

SEVERITY_LABELS = {ERROR: "错误", WARNING: "提醒"}
# The leading number of a row or group label: 一、 （三） 1.
_NUMBERING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)")
# Names of agencies whose kind the name does not tell: a 管委会 of a development zone may report as a
# department (1月31日) or as a government (3月31日), as its 上级 decided.
UNCERTAIN_KIND_ENDINGS = ("管委会", "管理委员会", "工作委员会", "开发区", "高新区", "新区", "园区", "示范区", "试验区")

# A cell of a shown table: (table, row, column); the table is the JSON key ("applications",
# "proactive", "appeals") or "legacy", the column None for a whole row.
CellRef = tuple[str, str, str | None]


def severity_label(severity: str) -> str:
    return SEVERITY_LABELS.get(severity, severity)


def _table(fmt: FormatDefinition | None, key: str, row: str = "") -> Table | None:
    """A table by its key, or by its JSON key and one of its rows (the proactive tables share one)."""
    if fmt is None:
        return None
    for table in fmt.tables:
        if table.key == key:
            return table
    for table in fmt.tables_for(key):
        if not row or any(r.key == row for r in table.rows):
            return table
    return None


def _numbering(label: str) -> str:
    match = _NUMBERING.match(label)
    return match.group(1).rstrip("、") if match else ""


def _group_of(table: Table, row_key: str) -> str:
    """The numbering of the group a row belongs to (（三） for 1.属于国家秘密), innermost first."""
    keys = [r.key for r in table.rows]
    if row_key not in keys:
        return ""
    index = keys.index(row_key)
    for group in sorted(table.groups, key=lambda g: -g.level):
        if keys.index(group.first) <= index <= keys.index(group.last):
            return _numbering(group.label)
    return ""


def row_name(fmt: FormatDefinition | None, table_key: str, row_key: str) -> str:
    """A row's label that tells it apart: 1. rows carry their group (（三）1.属于国家秘密)."""
    table = _table(fmt, table_key, row_key)
    if table is None:
        return row_key
    try:
        row = table.row(row_key)
    except KeyError:
        return row_key
    label = re.sub(r"（区分处理的.*）$", "", row.label)
    if row.level >= 2:
        return _group_of(table, row_key) + label
    return label


def _column_label(table: Table | None, column: str) -> str:
    for col in table.columns if table else ():
        if col.key == column:
            return col.label
    return column


def _section(table: Table | None) -> str:
    return table.section if table else ""


def _part_range(fmt: FormatDefinition, table: Table, parts: list[str]) -> str:
    """（一）至（六） for the result rows of table 三."""
    first = _numbering(row_name(fmt, table.key, parts[0]))
    last_row = table.row(parts[-1])
    last = _numbering(last_row.label) if last_row.level < 2 else _group_of(table, parts[-1])
    return f"{first}至{last}" if first and last else "各项"


def _figures(fmt: FormatDefinition | None, finding: dict[str, Any]) -> str:
    """The disagreeing figures in one line, or "" when the message says it all."""
    code, where = finding.get("code"), finding.get("where") or {}
    expected, actual = finding.get("expected"), finding.get("actual")
    table = _table(fmt, str(where.get("table") or ""), str(where.get("row") or ""))
    column = _column_label(table, str(where.get("column") or ""))
    if fmt is not None and table is not None and code == "C2":
        rule = next(r for r in fmt.rules if isinstance(r, ColumnSumRule))
        total = _numbering(row_name(fmt, table.key, rule.total)) + "总计"
        parts = _part_range(fmt, table, list(rule.parts))
        return f"{_section(table)}{total} = {actual}，但{parts}之和 = {expected}（{column}列）"
    if fmt is not None and table is not None and code == "C1":
        rows = [_numbering(row_name(fmt, table.key, r)) for r in where.get("rows") or []]
        if len(rows) == 4:
            left, right = f"{rows[0]}＋{rows[1]}", f"{rows[2]}＋{rows[3]}"
            return f"{_section(table)}：{left} = {expected}，但{right} = {actual}（{column}列）"
    if table is not None and code in ("C3", "C4"):
        parts = "六类申请人" if code == "C3" else "结果维持、结果纠正、其他结果、尚未审结"
        name = row_name(fmt, table.key, str(where.get("row")))
        return f"{_section(table)}「{name}」总计 = {actual}，但{parts}之和 = {expected}"
    if table is not None and code == "C5":
        return f"「{row_name(fmt, table.key, str(where.get('row')))}」{column} = {actual}，应为非负整数"
    if code == "cross_year":
        return f"上年结转 = {actual}，但上年报告结转下年度 = {expected}（{column}列）"
    if code == "text_table_mismatch":
        return f"正文 = {actual}，{'统计表' if where.get('row') else '表格'} = {expected}"
    if code in ("legacy_sum", "channel_sum") and where.get("table") == "legacy":
        return f"「{where.get('row')}」= {expected}，但分项之和 = {actual}"
    if code == "channel_sum":
        return f"主动公开政府信息数 = {expected}，但各渠道之和 = {actual}"
    if code == "implausible_change":
        return f"上年 {expected} → 本年 {actual}"
    if code == "late_publication":
        return f"发布日期 {actual}，期限 {expected}"
    return ""


def finding_cells(fmt: FormatDefinition | None, finding: dict[str, Any]) -> list[CellRef]:
    """The cells (or whole rows) of the shown tables a finding is about."""
    code, where = finding.get("code"), finding.get("where") or {}
    if where.get("table") == "legacy" or (code == "text_table_mismatch" and where.get("row")):
        return [("legacy", str(where.get("row")), None)]
    if code == "text_table_mismatch":
        cells: list[CellRef] = []
        for path in where.get("cells") or []:
            json_key, row, cell_column = [*str(path).split("."), "", "", ""][:3]
            cells.append((json_key, row, cell_column))
        return cells
    table = _table(fmt, str(where.get("table") or ""), str(where.get("row") or ""))
    if table is None:
        return []
    column = str(where["column"]) if where.get("column") else None
    if code == "cross_year":
        return [(table.json_key, str((where.get("rows") or ["", ""])[-1]), column)]
    if code == "C1":
        return [(table.json_key, str(row), column) for row in where.get("rows") or []]
    if where.get("row") == "*":
        return [(table.json_key, row.key, None) for row in table.rows]
    if where.get("row"):
        return [(table.json_key, str(where["row"]), column)]
    return []


def present_findings(report: dict[str, Any], findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The findings of one report as shown and exported: number, title, severity label, the figures
    and the cells at fault."""
    fmt = FORMATS.get(str(report.get("format")))
    return [
        {
            **finding,
            "number": number,
            "title": finding_title(str(finding.get("code"))),
            "severity_label": severity_label(str(finding.get("severity"))),
            "figures": _figures(fmt, finding),
            "cells": finding_cells(fmt, finding),
        }
        for number, finding in enumerate(findings, start=1)
    ]


def location(report: dict[str, Any], finding: dict[str, Any]) -> str:
    """Where a presented finding points, in words (for exports)."""
    fmt = FORMATS.get(str(report.get("format")))
    names = []
    for table_key, row, column in finding.get("cells") or []:
        if table_key == "legacy":
            names.append(row)
            continue
        table = _table(fmt, table_key, row)
        name = row_name(fmt, table_key, row) if table is None else row_name(fmt, table.key, row)
        names.append(f"{name}·{_column_label(table, column)}" if column else name)
    return "；".join(dict.fromkeys(names))


def _uncertain_kind(agency: str) -> bool:
    name = compact(agency)
    return bool(name) and name.endswith(UNCERTAIN_KIND_ENDINGS)


def soften_uncertain_deadlines(report: dict[str, Any], findings: list[Finding]) -> list[Finding]:
    """A late publication by an agency whose kind is uncertain (a 管委会) is a 提醒 that names the
    assumption, when it is late only by the department's 1月31日 and not by a government's 3月31日."""
    agency, year = str(report.get("agency") or ""), report.get("year")
    if not _uncertain_kind(agency) or not isinstance(year, int):
        return findings
    government_deadline = date(year + 1, 3, 31)
    softened = []
    for finding in findings:
        try:
            published = date.fromisoformat(str(finding.actual))
        except ValueError:
            published = None
        if finding.code != "late_publication" or published is None or published > government_deadline:
            softened.append(finding)
            continue
        softened.append(
            Finding(
                finding.code,
                WARNING,
                f"发布日期 {published.isoformat()} 晚于县级以上人民政府部门的期限 {finding.expected}；"
                f"此处假定「{agency}」按部门报告（《政府信息公开条例》第四十九条：1月31日前）。"
                f"其机构类型由名称无法确定，若按人民政府报告（3月31日前，即 {government_deadline.isoformat()}），"
                "则未逾期。请核实其机构类型",
                {**finding.where, "assumption": "department"},
                expected=finding.expected,
                actual=finding.actual,
            )
        )
    return softened
