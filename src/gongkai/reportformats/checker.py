"""The checker: consistency rules C1–C5, cross-year, text against tables, and the plausibility checks.

Besides the form's own rules it refuses placeholder text and empty text sections (a draft is not a
report), and warns on figures a real agency does not report: every figure zero in a government's
report, and a main figure that changes by more than ``change_factor`` from the previous year.

``check_report(report)`` takes a canonical report dict (docs/report-data.md) and returns a list of
:class:`Finding`.  It is pure: the importer calls it on parsed reports and the report builder on
built ones.  Blank cells (``null``) count as 0, except that a sum is not checked when its total is
blank or when every part is blank (a form left partly unfilled is not a contradiction).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from .definitions import (
    AGENCY_FORBIDDEN,
    AGENCY_SUFFIXES,
    FORMATS,
    LEGACY_FACT_LABELS,
    BalanceRule,
    ColumnSumRule,
    CrossYearRule,
    DeadlinePolicy,
    FormatDefinition,
    NonNegativeRule,
    RowSumRule,
    Table,
)
from .normalize import compact

ERROR = "error"
WARNING = "warning"

# Text left in a draft where a fact was to be written: ellipses (……, ……等), XX/××, empty 【】, and the
# usual instructions. A published report must contain none of them.
PLACEHOLDER = re.compile(r"……|…{2,}|\.{6,}|[XＸ]{2,}|[×✕]{2,}|【\s*】|待补充|待填写|此处填写")
# The text sections of the 2019 and 2021 formats; 二 to 四 are the tables (their text may be empty).
REQUIRED_TEXT_SECTIONS = ("一", "五", "六")
# Year-over-year change of a main figure beyond this factor (either way) is worth a second look; the
# deployment sets it (setting GONGKAI_REPORT_CHANGE_FACTOR, docs/reports.md).
DEFAULT_CHANGE_FACTOR = 5.0
# Below this, a change is small numbers, not an implausible figure (2 applications, then 12).
CHANGE_MIN_FIGURE = 20
# The main figures compared across years: (json key, row, column, name in messages).
MAIN_FIGURES = (
    ("applications", "new_received", "total", "本年新收政府信息公开申请数量"),
    ("applications", "total_processed", "total", "办结政府信息公开申请数量"),
    ("appeals", "review", "total", "行政复议数量"),
    ("appeals", "litigation_direct", "total", "未经复议直接起诉的行政诉讼数量"),
    ("proactive", "normative_documents", "issued", "新制发规范性文件数量"),
    ("proactive", "licensing", "decisions", "行政许可决定数量"),
    ("proactive", "punishment", "decisions", "行政处罚决定数量"),
)


# The Chinese title of each finding code, shown first; the stable English code stays beside it and in
# exports (docs/report-import.md).
FINDING_TITLES: dict[str, str] = {
    "unknown_format": "无法识别的年报格式",
    "damaged_row": "表格行损坏",
    "missing_table": "缺少统计表",
    "missing_section": "缺少章节",
    "C1": "申请收结不平衡",
    "C2": "办理结果总计与各项之和不符",
    "C3": "申请人总计与各类之和不符",
    "C4": "复议诉讼总计与各项之和不符",
    "C5": "数量不是非负整数",
    "cross_year": "与上年报告的结转数不符",
    "text_table_mismatch": "正文与表格不一致",
    "empty_section": "章节没有内容",
    "placeholder_text": "含有未填写的占位文字",
    "all_zero": "各项数字均为0",
    "implausible_change": "主要数字变化异常",
    "channel_sum": "各渠道公开数之和少于总数",
    "legacy_sum": "统计表分项之和与合计不符",
    "missing_agency": "未识别机关名称",
    "implausible_agency": "机关名称可疑",
    "late_publication": "逾期发布",
}


def finding_title(code: str) -> str:
    """The Chinese title of a finding code (the code itself when it has none)."""
    return FINDING_TITLES.get(code, code)


@dataclass
class Finding:
    code: str
    severity: str
    message: str
    where: dict[str, Any] = field(default_factory=dict)
    expected: Any = None
    actual: Any = None

    @property
    def title(self) -> str:
        return finding_title(self.code)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# Chinese names used in messages
def _table_label(fmt: FormatDefinition, table: str) -> str:
    try:
        return fmt.table(table).title
    except KeyError:
        return table


def _row_label(fmt: FormatDefinition, table: str, row: str) -> str:
    try:
        return fmt.table(table).row(row).label
    except KeyError:
        return row


def _column_label(fmt: FormatDefinition, table: str, column: str) -> str:
    try:
        for col in fmt.table(table).columns:
            if col.key == column:
                return col.label
    except KeyError:
        pass
    return column


def _num(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return None
    return None


def _fmt(value: Decimal | int) -> str:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    return str(value)


def _out(value: Decimal) -> int | str:
    return int(value) if value == value.to_integral_value() else str(value)


def _cell(report: dict[str, Any], table: Table, row: str, column: str) -> Any:
    return ((report.get(table.json_key) or {}).get(row) or {}).get(column)


# ---------------------------------------------------------------------------------------------


def check_report(
    report: dict[str, Any],
    previous: dict[str, Any] | None = None,
    deadline_policy: DeadlinePolicy | None = None,
    change_factor: float = DEFAULT_CHANGE_FACTOR,
) -> list[Finding]:
    """Every finding on one report (and, given the previous year's report, the cross-year rule and
    the year-over-year change of the main figures)."""
    fmt = FORMATS.get(str(report.get("format")))
    findings: list[Finding] = []
    if fmt is None:
        return [
            Finding(
                "unknown_format", ERROR, f"未知的年报格式：{report.get('format')!r}", {"format": report.get("format")}
            )
        ]
    findings.extend(_damaged(report, fmt))
    if fmt.tables:
        findings.extend(_missing_tables(report, fmt))
        findings.extend(_missing_sections(report, fmt))
        for rule in fmt.rules:
            if isinstance(rule, BalanceRule):
                findings.extend(_balance(report, fmt, rule))
            elif isinstance(rule, ColumnSumRule):
                findings.extend(_column_sum(report, fmt, rule))
            elif isinstance(rule, RowSumRule):
                findings.extend(_row_sum(report, fmt, rule))
            elif isinstance(rule, NonNegativeRule):
                findings.extend(_non_negative(report, fmt, rule))
            elif isinstance(rule, CrossYearRule) and previous is not None:
                findings.extend(check_cross_year(previous, report, rule))
        findings.extend(_text_against_tables(report, fmt))
        policy = deadline_policy or DeadlinePolicy()
        findings.extend(check_all_zero(report, fmt, policy.government_suffixes))
        if previous is not None:
            findings.extend(check_change(previous, report, change_factor))
    else:
        findings.extend(_legacy_rules(report, fmt))
        findings.extend(_legacy_text(report))
    findings.extend(check_text(report, fmt))
    findings.extend(_fact_rules(report, fmt))
    findings.extend(check_agency(report.get("agency")))
    findings.extend(check_publication(report, deadline_policy or DeadlinePolicy()))
    return findings


# ---------------------------------------------------------------------------------------------
# C1–C5


def _balance(report: dict[str, Any], fmt: FormatDefinition, rule: BalanceRule) -> list[Finding]:
    table = fmt.table(rule.table)
    findings = []
    for col in table.columns:
        cells = {r: _num(_cell(report, table, r, col.key)) for r in (*rule.left, *rule.right)}
        if all(v is None for v in cells.values()):
            continue
        left = sum((cells[r] or Decimal(0) for r in rule.left), Decimal(0))
        right = sum((cells[r] or Decimal(0) for r in rule.right), Decimal(0))
        if left != right:
            left_text = "+".join(f"{_short(fmt, rule.table, r)}（{_fmt(cells[r] or 0)}）" for r in rule.left)
            right_text = "+".join(f"{_short(fmt, rule.table, r)}（{_fmt(cells[r] or 0)}）" for r in rule.right)
            findings.append(
                Finding(
                    rule.code,
                    ERROR,
                    f"{_table_label(fmt, rule.table)}「{col.label}」列不平衡：{left_text} = {_fmt(left)}，"
                    f"但 {right_text} = {_fmt(right)}（{rule.description}）",
                    {"table": rule.table, "column": col.key, "rows": [*rule.left, *rule.right]},
                    expected=_out(left),
                    actual=_out(right),
                )
            )
    return findings


def _short(fmt: FormatDefinition, table: str, row: str) -> str:
    label = _row_label(fmt, table, row)
    return re.sub(r"（区分处理的.*）$", "", label)


def _column_sum(report: dict[str, Any], fmt: FormatDefinition, rule: ColumnSumRule) -> list[Finding]:
    table = fmt.table(rule.table)
    findings = []
    for col in table.columns:
        total = _num(_cell(report, table, rule.total, col.key))
        parts = [_num(_cell(report, table, r, col.key)) for r in rule.parts]
        if total is None or all(p is None for p in parts):
            continue
        summed = sum((p or Decimal(0) for p in parts), Decimal(0))
        if summed != total:
            findings.append(
                Finding(
                    rule.code,
                    ERROR,
                    f"{_table_label(fmt, rule.table)}「{col.label}」列：{_row_label(fmt, rule.table, rule.total)}为"
                    f"{_fmt(total)}，但各项办理结果之和为{_fmt(summed)}（{rule.description}）",
                    {"table": rule.table, "column": col.key, "row": rule.total},
                    expected=_out(summed),
                    actual=_out(total),
                )
            )
    return findings


def _row_sum(report: dict[str, Any], fmt: FormatDefinition, rule: RowSumRule) -> list[Finding]:
    table = fmt.table(rule.table)
    labels = {c.key: c.label for c in table.columns}
    findings = []
    for row in table.rows:
        total = _num(_cell(report, table, row.key, rule.total))
        parts = [_num(_cell(report, table, row.key, c)) for c in rule.parts]
        if total is None or all(p is None for p in parts):
            continue
        summed = sum((p or Decimal(0) for p in parts), Decimal(0))
        if summed != total:
            part_names = "、".join(labels[c] for c in rule.parts)
            findings.append(
                Finding(
                    rule.code,
                    ERROR,
                    f"{_table_label(fmt, rule.table)}「{row.label}」行：{labels[rule.total]}为{_fmt(total)}，"
                    f"但{part_names}之和为{_fmt(summed)}（{rule.description}）",
                    {"table": rule.table, "row": row.key, "column": rule.total},
                    expected=_out(summed),
                    actual=_out(total),
                )
            )
    return findings


def _non_negative(report: dict[str, Any], fmt: FormatDefinition, rule: NonNegativeRule) -> list[Finding]:
    findings = []
    for table in fmt.tables:
        if table.key not in rule.tables:
            continue
        for row in table.rows:
            for col in table.row_columns(row):
                if col.kind != "count":
                    continue
                value = _cell(report, table, row.key, col.key)
                if value is None:
                    continue
                if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                    continue
                findings.append(
                    Finding(
                        rule.code,
                        ERROR,
                        f"{table.title}「{row.label}」的「{col.label}」应为非负整数，实际为 {value}",
                        {"table": table.key, "row": row.key, "column": col.key},
                        expected="非负整数",
                        actual=value,
                    )
                )
    return findings


def check_cross_year(
    previous: dict[str, Any], current: dict[str, Any], rule: CrossYearRule | None = None
) -> list[Finding]:
    """``carried_forward`` of year Y against ``carried_over`` of Y+1 (a warning)."""
    if rule is None:
        rule = next(r for r in FORMATS["2021"].rules if isinstance(r, CrossYearRule))
    fmt = FORMATS.get(str(current.get("format"))) or FORMATS["2021"]
    table = fmt.table(rule.table)
    findings = []
    for col in table.columns:
        before = _num(((previous.get("applications") or {}).get(rule.from_row) or {}).get(col.key))
        after = _num(((current.get("applications") or {}).get(rule.to_row) or {}).get(col.key))
        if before is None and after is None:
            continue
        if (before or 0) != (after or 0):
            findings.append(
                Finding(
                    rule.code,
                    WARNING,
                    f"「{col.label}」列：{previous.get('year')}年报告结转下年度 {_fmt(before or 0)} 件，"
                    f"但{current.get('year')}年报告上年结转 {_fmt(after or 0)} 件（{rule.description}）",
                    {"table": rule.table, "column": col.key, "rows": [rule.from_row, rule.to_row]},
                    expected=_out(before or Decimal(0)),
                    actual=_out(after or Decimal(0)),
                )
            )
    return findings


# ---------------------------------------------------------------------------------------------
# Completeness and damage


def _damaged(report: dict[str, Any], fmt: FormatDefinition) -> list[Finding]:
    findings = []
    for damage in (report.get("source") or {}).get("damaged_rows") or []:
        printed = " | ".join(str(c) if c else "（空）" for c in damage.get("printed", []))
        where = {"table": damage.get("table"), "row": damage.get("row")}
        row_key = str(damage.get("row"))
        label = (
            _table_label(fmt, str(damage.get("table")))
            if row_key == "*"
            else _row_label(fmt, str(damage.get("table")), row_key)
        )
        if damage.get("repaired"):
            if damage.get("problem") == "run_together":
                # Digits run together and split in exactly one way: the figures are certain.
                continue
            findings.append(
                Finding(
                    "damaged_row",
                    WARNING,
                    f"表格行「{label}」打印有误（{printed}）：单元格缺失，已按勾稽关系唯一补全，请核对原件",
                    where,
                    actual=damage.get("printed"),
                )
            )
        else:
            findings.append(
                Finding(
                    "damaged_row",
                    ERROR,
                    f"表格行「{label}」无法读取（{printed}）：单元格数目不符，"
                    f"按勾稽关系有 {damage.get('candidates', 0)} 种可能，未填入数值",
                    where,
                    actual=damage.get("printed"),
                )
            )
    return findings


def _missing_tables(report: dict[str, Any], fmt: FormatDefinition) -> list[Finding]:
    found = (report.get("source") or {}).get("tables_found")
    findings = []
    for table in fmt.tables:
        if found is not None:
            missing = table.key not in found
        else:
            bucket = report.get(table.json_key) or {}
            missing = all(bucket.get(r.key) is None for r in table.rows)
        if missing:
            title = table.title if table.title.startswith(table.section) else f"{table.section}、{table.title}"
            findings.append(Finding("missing_table", ERROR, f"缺少表格：{title}", {"table": table.key}))
    return findings


def _missing_sections(report: dict[str, Any], fmt: FormatDefinition) -> list[Finding]:
    sections = report.get("sections")
    if sections is None:
        return []
    return [
        Finding(
            "missing_section",
            WARNING,
            f"缺少第{s.numeral}部分「{s.heading}」",
            {"section": s.numeral},
            expected=s.heading,
        )
        for s in fmt.sections
        if s.numeral not in sections
    ]


# ---------------------------------------------------------------------------------------------
# Placeholders and empty text sections


def check_text(report: dict[str, Any], fmt: FormatDefinition) -> list[Finding]:
    """Placeholder text in any section, and a required text section present but blank (errors)."""
    sections = report.get("sections")
    if not isinstance(sections, dict):
        return []
    findings = []
    headings = {s.numeral: s.heading for s in fmt.sections}
    for numeral, text in sections.items():
        if not isinstance(text, str):
            continue
        heading = headings.get(numeral, f"第{numeral}部分")
        if numeral in REQUIRED_TEXT_SECTIONS and numeral in headings and not text.strip():
            findings.append(
                Finding("empty_section", ERROR, f"「{heading}」没有内容", {"section": numeral}, expected=heading)
            )
            continue
        matches = list(PLACEHOLDER.finditer(text))
        if matches:
            found = list(dict.fromkeys(m.group(0) for m in matches))
            context = text[max(0, matches[0].start() - 12) : matches[0].end() + 4].strip()
            findings.append(
                Finding(
                    "placeholder_text",
                    ERROR,
                    f"「{heading}」含有未填写的占位文字 {'、'.join(found)}（“{context}”），请补全后再发布",
                    {"section": numeral},
                    actual=found,
                )
            )
    return findings


# ---------------------------------------------------------------------------------------------
# Plausibility


def _count_cells(report: dict[str, Any], fmt: FormatDefinition) -> list[Decimal]:
    values = []
    for table in fmt.tables:
        for row in table.rows:
            for col in table.row_columns(row):
                value = _num(_cell(report, table, row.key, col.key))
                if value is not None:
                    values.append(value)
    return values


def check_all_zero(
    report: dict[str, Any], fmt: FormatDefinition, government_suffixes: tuple[str, ...] = ("人民政府",)
) -> list[Finding]:
    """A government's report (its whole area) with every figure zero: records were not entered."""
    if not compact(str(report.get("agency") or "")).endswith(government_suffixes):
        return []
    values = _count_cells(report, fmt)
    fees = _num(report.get("fees_yuan"))
    if not values or any(values) or fees:
        return []
    return [
        Finding(
            "all_zero",
            WARNING,
            "人民政府的年度报告各项数字均为0：本级和所属部门、乡镇的记录很可能未录入，请核实后再发布",
            {"tables": [t.key for t in fmt.tables]},
        )
    ]


def check_change(
    previous: dict[str, Any], current: dict[str, Any], factor: float = DEFAULT_CHANGE_FACTOR
) -> list[Finding]:
    """A main figure that grew or shrank by more than ``factor`` since the previous year (a warning)."""
    findings = []
    for json_key, row, column, name in MAIN_FIGURES:
        before = _num(((previous.get(json_key) or {}).get(row) or {}).get(column))
        after = _num(((current.get(json_key) or {}).get(row) or {}).get(column))
        if before is None or after is None or max(before, after) < CHANGE_MIN_FIGURE:
            continue
        low, high = sorted((before, after))
        if high <= Decimal(str(factor)) * max(low, Decimal(1)):
            continue
        findings.append(
            Finding(
                "implausible_change",
                WARNING,
                f"{name}由{previous.get('year')}年的 {_fmt(before)} 变为{current.get('year')}年的 {_fmt(after)}，"
                f"变化超过 {_fmt(Decimal(str(factor)))} 倍，请核实数字",
                {"table": json_key, "row": row, "column": column},
                expected=_out(before),
                actual=_out(after),
            )
        )
    return findings


# ---------------------------------------------------------------------------------------------
# Text against tables


def _table_value(report: dict[str, Any], path: str) -> Decimal | None:
    json_key, row, column = path.split(".")
    value = ((report.get(json_key) or {}).get(row) or {}).get(column)
    return _num(value)


def _text_against_tables(report: dict[str, Any], fmt: FormatDefinition) -> list[Finding]:
    facts = report.get("facts") or {}
    findings = []
    for rule in fmt.text_rules:
        fact = facts.get(rule.fact)
        if not fact or fact.get("approximate"):
            continue
        stated = _num(fact.get("value"))
        if stated is None:
            continue
        sums = []
        for alternative in rule.alternatives:
            values = [_table_value(report, p) for p in alternative]
            if all(v is None for v in values):
                continue
            sums.append(sum((v or Decimal(0) for v in values), Decimal(0)))
        if not sums or stated in sums:
            continue
        findings.append(
            Finding(
                "text_table_mismatch",
                WARNING,
                f"正文与表格不一致：正文称{rule.description}为 {_fmt(stated)}（“{fact.get('source')}”），"
                f"表格为 {_fmt(sums[0])}",
                {"fact": rule.fact, "cells": list(rule.alternatives[0])},
                expected=_out(sums[0]),
                actual=_out(stated),
            )
        )
    return findings


def _legacy_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in report.get("legacy") or [] if isinstance(r, dict)]


def _find_legacy(rows: list[dict[str, Any]], label: str) -> int | None:
    key = compact(label)
    for i, row in enumerate(rows):
        if compact(str(row.get("label", ""))).startswith(key):
            return i
    return None


def _children(rows: list[dict[str, Any]], index: int) -> list[dict[str, Any]]:
    """Direct numbered children of a legacy row (rows whose path ends with it, 其中 rows excluded)."""
    parent = rows[index]
    depth = len(parent.get("path") or [])
    children = []
    for row in rows[index + 1 :]:
        path = row.get("path") or []
        if len(path) <= depth:
            break
        if len(path) == depth + 1 and compact(path[-1]).endswith(compact(parent.get("label", ""))):
            children.append(row)
    return children


def _legacy_rules(report: dict[str, Any], fmt: FormatDefinition) -> list[Finding]:
    rows = _legacy_rows(report)
    findings = []
    for rule in fmt.legacy_rules:
        index = _find_legacy(rows, rule.total)
        if index is None:
            continue
        total = _num(rows[index].get("value"))
        parts_index = _find_legacy(rows, rule.parts_of) if rule.parts_of else index
        if total is None or parts_index is None:
            continue
        parts = _children(rows, parts_index)
        values = [_num(r.get("value")) for r in parts]
        if not parts or all(v is None for v in values):
            continue
        summed = sum((v or Decimal(0) for v in values), Decimal(0))
        broken = summed < total if rule.relation == "parts_ge" else summed != total
        if not broken:
            continue
        part_text = " + ".join(f"{r.get('label')}（{_fmt(v or 0)}）" for r, v in zip(parts, values, strict=True))
        relation = "少于" if rule.relation == "parts_ge" else "不等于"
        findings.append(
            Finding(
                rule.code,
                WARNING if rule.relation == "parts_ge" else ERROR,
                f"统计表：{part_text} = {_fmt(summed)}，{relation}「{rows[index].get('label')}」{_fmt(total)}"
                f"（{rule.description}）",
                {"table": "legacy", "row": rows[index].get("label"), "parts": [r.get("label") for r in parts]},
                expected=_out(total),
                actual=_out(summed),
            )
        )
    return findings


def _legacy_text(report: dict[str, Any]) -> list[Finding]:
    rows = _legacy_rows(report)
    if not rows:
        return []
    findings = []
    for key, fact in (report.get("facts") or {}).items():
        if fact.get("approximate") or key not in LEGACY_FACT_LABELS:
            continue
        index = next((i for label in LEGACY_FACT_LABELS[key] if (i := _find_legacy(rows, label)) is not None), None)
        if index is None:
            continue
        stated, printed = _num(fact.get("value")), _num(rows[index].get("value"))
        if stated is None or (printed or 0) == stated:
            continue
        findings.append(
            Finding(
                "text_table_mismatch",
                WARNING,
                f"正文与统计表不一致：正文称{key}为 {_fmt(stated)}（“{fact.get('source')}”），"
                f"统计表「{rows[index].get('label')}」为 {_fmt(printed or 0)}",
                {"fact": key, "row": rows[index].get("label")},
                expected=_out(printed or Decimal(0)),
                actual=_out(stated),
            )
        )
    return findings


def _fact_rules(report: dict[str, Any], fmt: FormatDefinition) -> list[Finding]:
    facts = report.get("facts") or {}
    findings = []
    for rule in fmt.fact_rules:
        total_fact = facts.get(rule.total)
        stated = [facts[k] for k in rule.parts if k in facts]
        if not total_fact or rule.required not in facts or len(stated) < 2:
            continue
        if total_fact.get("approximate") or any(f.get("approximate") for f in stated):
            continue
        total = _num(total_fact.get("value"))
        values = [_num(f.get("value")) or Decimal(0) for f in stated]
        summed = sum(values, Decimal(0))
        if total is None or summed >= total:
            continue
        names = " + ".join(f"{k}（{_fmt(facts[k]['value'])}）" for k in rule.parts if k in facts)
        findings.append(
            Finding(
                rule.code,
                WARNING,
                f"正文所列各渠道数之和对不上总数：{names} = {_fmt(summed)}，少于{rule.total} {_fmt(total)}"
                f"（{rule.description}）",
                {"facts": [rule.total, *[k for k in rule.parts if k in facts]]},
                expected=_out(total),
                actual=_out(summed),
            )
        )
    return findings


# ---------------------------------------------------------------------------------------------
# Agency and publication date

_CJK_NAME = re.compile(r"^[\u4e00-\u9fff（）()]+$")


def agency_is_plausible(name: str | None) -> bool:
    if not name:
        return False
    text = compact(name)
    if not 2 <= len(text) <= 40 or not _CJK_NAME.match(text):
        return False
    if any(word.lower() in text.lower() for word in AGENCY_FORBIDDEN):
        return False
    return text.endswith(AGENCY_SUFFIXES)


def check_agency(name: str | None) -> list[Finding]:
    if not name:
        return [Finding("missing_agency", WARNING, "未能识别报告机关名称", {"field": "agency"})]
    if agency_is_plausible(name):
        return []
    return [
        Finding(
            "implausible_agency",
            ERROR,
            f"机关名称「{name}」不像行政机关名称（可能被篡改或含有广告文字）",
            {"field": "agency"},
            actual=name,
        )
    ]


# Where each deadline comes from. The 条例 names dates only for 县级以上 governments and their
# departments; 乡镇 and 街道 have none (第四十九条), so theirs is the deployment's configured date.
_STATUTORY = {
    "department": ((1, 31), "《政府信息公开条例》第四十九条：县级以上人民政府部门每年1月31日前公布"),
    "government": ((3, 31), "《政府信息公开条例》第四十九条：县级以上地方人民政府每年3月31日前公布"),
    "before_2019": ((3, 31), "2007年《政府信息公开条例》第三十一条：每年3月31日前公布"),
}


def _deadline_kind(year: int, name: str, policy: DeadlinePolicy) -> tuple[str, tuple[int, int]]:
    for suffix, month_day in policy.extra.items():
        if name.endswith(suffix):
            return "extra", month_day
    if year < 2019:
        return "before_2019", policy.before_2019
    if any(marker in name[-6:] for marker in policy.township_markers) and not name.endswith("县人民政府"):
        return "township", policy.township
    if name.endswith(policy.government_suffixes):
        return "government", policy.government
    return "department", policy.department


def publication_deadline(year: int, agency: str | None, policy: DeadlinePolicy) -> date:
    """The last day to publish the report for ``year`` (条例 第四十九条; before 2019: 3月31日)."""
    month, day = _deadline_kind(year, compact(agency or ""), policy)[1]
    return date(year + 1, month, day)


def deadline_basis(year: int, agency: str | None, policy: DeadlinePolicy) -> tuple[bool, str]:
    """Whether the deadline is the statutory one, and where it comes from (for messages)."""
    kind, month_day = _deadline_kind(year, compact(agency or ""), policy)
    statutory = _STATUTORY.get(kind)
    if statutory is not None and statutory[0] == month_day:
        return True, statutory[1]
    if kind == "township":
        return False, (
            "《政府信息公开条例》第四十九条未规定乡镇人民政府、街道办事处的公布期限，"
            "此为本平台配置的期限（DeadlinePolicy.township）"
        )
    return False, "本地主管部门规定、在本平台配置的期限"


def check_publication(report: dict[str, Any], policy: DeadlinePolicy) -> list[Finding]:
    published = (report.get("source") or {}).get("published") or report.get("published")
    year = report.get("year")
    if not published or not isinstance(year, int):
        return []
    try:
        when = date.fromisoformat(str(published))
    except ValueError:
        return []
    deadline = publication_deadline(year, report.get("agency"), policy)
    if when <= deadline:
        return []
    statutory, basis = deadline_basis(year, report.get("agency"), policy)
    return [
        Finding(
            "late_publication",
            ERROR,
            f"发布日期 {when.isoformat()} 晚于{'法定期限' if statutory else '配置的期限'} {deadline.isoformat()}"
            f"（{year}年度报告；依据：{basis}）",
            {"field": "published"},
            expected=deadline.isoformat(),
            actual=when.isoformat(),
        )
    ]


def worst_severity(findings: list[Finding]) -> str | None:
    if any(f.severity == ERROR for f in findings):
        return ERROR
    return WARNING if findings else None
