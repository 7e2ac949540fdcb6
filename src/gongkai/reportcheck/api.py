"""The library entry point for callers such as a web view: bytes + filename → (report, findings)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from gongkai.reportformats.checker import Finding, check_report
from gongkai.reportformats.definitions import SCHEMA
from gongkai.reportformats.validate import validate_report_json

from .errors import NotAReportError, ReportReadError, TooLargeError
from .findings import soften_uncertain_deadlines
from .limits import report_max_bytes, size_label
from .parser import parse_document, read_document


@dataclass
class ParseResult:
    report: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.findings

    def __iter__(self) -> Iterator[Any]:
        # ``report, findings = parse_bytes(data, name)``
        return iter((self.report, self.findings))


def parse_bytes(data: bytes, filename: str = "", previous: dict[str, Any] | None = None) -> ParseResult:
    """Parse a published report (text, HTML, DOCX, PDF) or its canonical JSON and check it.

    Raises :class:`ReportReadError` (Chinese ``message``, English ``code``) when the input cannot be
    read at all; every other problem is a finding.  ``previous``, the same agency's report for the
    year before, adds the cross-year checks and decides damaged rows by the cross-year rule.
    """
    limit = report_max_bytes()
    if len(data) > limit:
        raise TooLargeError(f"文件过大（{size_label(len(data))}），上限为 {size_label(limit)}")
    report = load_json_report(data) if _looks_like_json(data, filename) else parse_report(data, filename, previous)
    return ParseResult(report, soften_uncertain_deadlines(report, check_report(report, previous=previous)))


def parse_report(data: bytes, filename: str = "", previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """``previous``: the agency's report for the year before, when known (its figures decide damaged
    rows by the cross-year rule; see :func:`stored_previous_year`)."""
    document = read_document(data, filename)
    report = parse_document(document, filename, previous)
    if not _has_content(report):
        raise NotAReportError("没有找到年度报告的内容（标题、年份、章节或统计表都没有识别出来）")
    return report


def stored_previous_year(agency: Any, year: int) -> dict[str, Any] | None:
    """The report JSON stored for ``agency`` and the year before ``year`` (an AnnualReport), to pass
    as ``previous`` once the agency is known; ``None`` when there is none in a national format."""
    from gongkai.reports.models import AnnualReport  # the parser itself runs without the database

    stored = AnnualReport.objects.filter(agency=agency, year=year - 1).first()
    if stored is None or stored.data.get("format") not in {"2019", "2021"}:
        return None
    return dict(stored.data)


def _has_content(report: dict[str, Any]) -> bool:
    tables = (report.get("source") or {}).get("tables_found")
    return bool(
        tables
        or report.get("legacy")
        or report.get("facts")
        or (report.get("year") and (report.get("agency") or report.get("sections")))
        or len(report.get("sections") or {}) >= 3
    )


def _looks_like_json(data: bytes, filename: str) -> bool:
    return filename.lower().endswith(".json") or data[:64].lstrip().startswith(b"{")


def load_json_report(data: bytes) -> dict[str, Any]:
    try:
        report = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ReportReadError(f"JSON 无法解析：{exc}", "json") from exc
    if not isinstance(report, dict) or report.get("schema") != SCHEMA:
        raise ReportReadError(f"不是年报数据 JSON（schema 应为 {SCHEMA}）", "json")
    # A malformed report would break every page and export that reads it later.
    problems = validate_report_json(report)
    if problems:
        raise ReportReadError("年报数据 JSON 的结构不正确：" + "；".join(problems), "json_structure")
    return report


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)
