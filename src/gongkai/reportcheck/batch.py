"""Batch checking: a folder of reports → one summary row per report (CSV/XLSX), and a side-by-side
comparison of the main figures of several agencies or years."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.common.spreadsheets import safe_cell
from gongkai.reportformats.checker import Finding

from .api import parse_bytes, to_json
from .errors import ReportReadError
from .findings import location, present_findings

SUPPORTED_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".shtml", ".docx", ".pdf", ".json"})


@dataclass
class Outcome:
    path: Path
    report: dict[str, Any] | None = None
    findings: list[Finding] = field(default_factory=list)
    error: ReportReadError | None = None


def run_batch(
    files: Iterable[Path], progress: Callable[[str], None] | None = None, json_dir: Path | None = None
) -> list[Outcome]:
    outcomes = []
    for path in files:
        outcome = Outcome(path)
        try:
            result = parse_bytes(path.read_bytes(), path.name)
            outcome.report, outcome.findings = result.report, result.findings
            if json_dir is not None:
                json_dir.mkdir(parents=True, exist_ok=True)
                (json_dir / (path.stem + ".json")).write_text(to_json(result.report), encoding="utf-8")
        except ReportReadError as exc:
            outcome.error = exc
        except OSError as exc:
            outcome.error = ReportReadError(f"无法读取文件：{exc}", "io")
        outcomes.append(outcome)
        if progress is not None:
            progress(path.name)
    return outcomes


SUMMARY_HEADER = ["文件", "机关", "年度", "格式", "状态", "错误数", "提醒数", "发现代码", "发现"]


def summary_rows(outcomes: list[Outcome]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for o in outcomes:
        if o.error is not None:
            rows.append([o.path.name, "", "", "", f"无法读取（{o.error.code}）", "", "", "", o.error.message])
            continue
        report = o.report or {}
        errors = sum(1 for f in o.findings if f.severity == "error")
        rows.append(
            [
                o.path.name,
                report.get("agency") or "",
                report.get("year") or "",
                report.get("format") or "",
                "有发现" if o.findings else "通过",
                errors,
                len(o.findings) - errors,
                " ".join(dict.fromkeys(f.code for f in o.findings)),
                "\n".join(f"{f.title}（{f.code}）：{f.message}" for f in o.findings),
            ]
        )
    return rows


def spreadsheet_bytes(header: list[str], rows: list[list[Any]], sheet: str, kind: str) -> bytes:
    """A table as an XLSX workbook (``kind`` "xlsx") or as CSV in UTF-8 with a BOM (Excel reads it
    so); every cell escaped against formula injection."""
    if kind == "xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        book = Workbook()
        ws = book.active
        ws.title = sheet
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([safe_cell(v) for v in row])
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        # Wide enough for the header and the usual figures, so no header wraps a character a line.
        for index, title in enumerate(header, start=1):
            longest = max([len(str(title)), *(len(str(r[index - 1] or "")) for r in rows[:200] if len(r) >= index)])
            ws.column_dimensions[get_column_letter(index)].width = min(60, max(8, 2 * longest + 2))
        ws.freeze_panes = "B2"
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow([safe_cell(v) for v in header])
    writer.writerows([[safe_cell(v) for v in row] for row in rows])
    return text.getvalue().encode("utf-8-sig")


def _write(path: Path, header: list[str], rows: list[list[Any]], sheet: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(spreadsheet_bytes(header, rows, sheet, "xlsx" if path.suffix.lower() == ".xlsx" else "csv"))


FINDINGS_HEADER = ["文件", "机关", "年度", "格式", "严重程度", "问题", "代码", "位置", "数字", "说明"]


def findings_rows(results: list[dict[str, Any]]) -> list[list[Any]]:
    """One row per finding of each checked file (``uploads.Checked.as_dict()``); a file with no
    finding, or one that could not be read, gets one row that says so."""
    rows: list[list[Any]] = []
    for result in results:
        report = result.get("report") or {}
        head = [
            result.get("name") or "",
            report.get("agency") or "",
            report.get("year") or "",
            report.get("format") or "",
        ]
        if result.get("error"):
            rows.append([*head, "无法读取", "", "", "", "", result["error"]])
            continue
        presented = present_findings(report, list(result.get("findings") or []))
        if not presented:
            rows.append([*head, "", "未发现问题", "", "", "", ""])
        for finding in presented:
            rows.append(
                [
                    *head,
                    finding["severity_label"],
                    finding["title"],
                    finding.get("code") or "",
                    location(report, finding),
                    finding["figures"],
                    finding.get("message") or "",
                ]
            )
    return rows


def write_summary(outcomes: list[Outcome], path: Path) -> None:
    _write(path, SUMMARY_HEADER, summary_rows(outcomes), "汇总")


# The figures compared side by side (label, path in the canonical JSON); legacy reports and prose
# facts fill the same lines where their labels say the same thing.
COMPARISON_LINES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("本年新收申请（总计）", "applications.new_received.total", ("收到申请数",)),
    ("上年结转申请（总计）", "applications.carried_over.total", ()),
    ("予以公开（总计）", "applications.granted.total", ("同意公开答复数",)),
    ("部分公开（总计）", "applications.partial.total", ("同意部分公开答复数",)),
    ("办理结果总计（总计）", "applications.total_processed.total", ("申请答复数",)),
    ("结转下年度（总计）", "applications.carried_forward.total", ("结转下年数",)),
    ("行政复议（总计）", "appeals.review.total", ("行政复议数量",)),
    ("行政诉讼·未经复议直接起诉（总计）", "appeals.litigation_direct.total", ()),
    ("行政诉讼·复议后起诉（总计）", "appeals.litigation_after_review.total", ()),
    ("主动公开政府信息数", "", ("主动公开政府信息数",)),
    ("规章·本年制发/新制作", "proactive.regulations.issued|proactive.regulations.made", ()),
    ("规范性文件·本年制发/新制作", "proactive.normative_documents.issued|proactive.normative_documents.made", ()),
    ("行政许可·处理决定", "proactive.licensing.decisions", ()),
    ("行政处罚·处理决定", "proactive.punishment.decisions", ()),
    ("行政强制·处理决定", "proactive.enforcement.decisions", ()),
    ("信息处理费（元）", "fees_yuan", ()),
)


def _lookup(report: dict[str, Any], path: str) -> Any:
    for option in path.split("|"):
        node: Any = report
        for part in option.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node is not None:
            return node
    return None


def comparison_value(report: dict[str, Any], path: str, labels: tuple[str, ...]) -> Any:
    value = _lookup(report, path) if path else None
    if value is not None:
        return value
    for label in labels:
        for row in report.get("legacy") or []:
            if str(row.get("label", "")).startswith(label) and row.get("value") is not None:
                return row["value"]
        fact = (report.get("facts") or {}).get(label)
        if fact and fact.get("value") is not None:
            return fact["value"]
    return None


def comparison_table(reports: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    ordered = sorted(reports, key=lambda r: (str(r.get("agency") or ""), r.get("year") or 0))
    header = ["项目", *[f"{r.get('agency') or '（机关不明）'} {r.get('year') or ''}" for r in ordered]]
    rows = [[label, *[comparison_value(r, path, labels) for r in ordered]] for label, path, labels in COMPARISON_LINES]
    return header, rows


def write_comparison(reports: list[dict[str, Any]], path: Path) -> None:
    header, rows = comparison_table(reports)
    _write(path, header, rows, "对比")
