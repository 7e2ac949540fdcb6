"""Command-line entry points (argparse); the Django management commands call these.

Exit status: 0 clean, 1 findings, 2 an input could not be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from .api import parse_bytes, parse_report, to_json
from .errors import ReportReadError, TooLargeError
from .limits import report_max_bytes, size_label

EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


class Progress:
    """A one-line progress bar on stderr (no dependency; silent when stderr is not a terminal
    unless forced)."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.total = max(total, 1)
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.done = 0

    def step(self, label: str = "") -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 30
        filled = width * self.done // self.total
        bar = "█" * filled + "·" * (width - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} {label[:40]:<40}")
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def _read(path: Path) -> bytes:
    limit = report_max_bytes()
    try:
        # Refuse an oversized file before reading it into memory.
        size = path.stat().st_size
        if size > limit:
            raise TooLargeError(f"文件过大（{size_label(size)}），上限为 {size_label(limit)}")
        return path.read_bytes()
    except OSError as exc:
        raise ReportReadError(f"无法读取文件：{exc.strerror or exc}", "io") from exc


def _error(path: Path | str, exc: ReportReadError) -> None:
    sys.stderr.write(f"{path}: 错误 [{exc.code}] {exc.message}\n")


def main_parse(argv: list[str] | None = None) -> int:
    """读取已发布的年度报告并输出年报数据 JSON（一个文件输出到标准输出，多个文件写入 --out 目录）。"""
    parser = argparse.ArgumentParser(
        prog="report-parse", description="读取已发布的政府信息公开工作年度报告，输出年报数据 JSON"
    )
    parser.add_argument("files", nargs="+", type=Path, help="报告文件（TXT、HTML、DOCX、PDF）")
    parser.add_argument("--out", type=Path, help="多个文件时的输出目录（每个文件一个 .json）")
    args = parser.parse_args(argv)
    if len(args.files) > 1 and args.out is None:
        parser.error("多个文件需要 --out 目录")
    status = EXIT_CLEAN
    progress = Progress(len(args.files), enabled=False if len(args.files) == 1 else None)
    for path in args.files:
        try:
            report = parse_report(_read(path), path.name)
        except ReportReadError as exc:
            _error(path, exc)
            status = EXIT_UNREADABLE
            progress.step(path.name)
            continue
        text = to_json(report) + "\n"
        if args.out is None:
            sys.stdout.write(text)
        else:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / (path.stem + ".json")).write_text(text, encoding="utf-8")
        progress.step(path.name)
    return status


def main_check(argv: list[str] | None = None) -> int:
    """检查年度报告或其 JSON：勾稽关系 C1–C5、正文与表格矛盾、缺漏、损坏行、机关名称、发布期限。"""
    parser = argparse.ArgumentParser(prog="report-check", description="检查年度报告（或其 JSON）的勾稽关系、缺漏与矛盾")
    parser.add_argument("files", nargs="+", type=Path, help="报告文件或年报数据 JSON")
    parser.add_argument("--previous", type=Path, help="上一年度报告（检查结转数衔接）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    args = parser.parse_args(argv)
    previous = None
    if args.previous is not None:
        try:
            previous = parse_bytes(_read(args.previous), args.previous.name).report
        except ReportReadError as exc:
            _error(args.previous, exc)
            return EXIT_UNREADABLE
    status = EXIT_CLEAN
    results = []
    for path in args.files:
        try:
            result = parse_bytes(_read(path), path.name, previous=previous)
        except ReportReadError as exc:
            _error(path, exc)
            status = EXIT_UNREADABLE
            continue
        if result.findings and status == EXIT_CLEAN:
            status = EXIT_FINDINGS
        if args.json:
            results.append(
                {
                    "file": str(path),
                    "agency": result.report.get("agency"),
                    "year": result.report.get("year"),
                    "findings": [f.as_dict() for f in result.findings],
                }
            )
            continue
        report = result.report
        sys.stdout.write(
            f"{path}：{report.get('agency') or '（机关不明）'} {report.get('year') or '？'}年 "
            f"格式 {report.get('format')}，{len(result.findings)} 项发现\n"
        )
        for finding in result.findings:
            level = "错误" if finding.severity == "error" else "提醒"
            sys.stdout.write(f"  [{finding.code}] {level}：{finding.message}\n")
    if args.json:
        sys.stdout.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    return status


def main_batch(argv: list[str] | None = None) -> int:
    """批量检查文件夹中的年度报告，输出每份一行的汇总表（CSV/XLSX）和并列对比表。"""
    from .batch import SUPPORTED_SUFFIXES, run_batch, write_comparison, write_summary

    parser = argparse.ArgumentParser(
        prog="report-batch", description="批量检查一个文件夹中的年度报告，输出汇总表和对比表"
    )
    parser.add_argument("inputs", nargs="+", type=Path, help="文件夹或报告文件")
    parser.add_argument("--summary", type=Path, required=True, help="汇总表（.csv 或 .xlsx），每份报告一行")
    parser.add_argument("--compare", type=Path, help="对比表（.csv 或 .xlsx）：各机关/年度的主要数据并列")
    parser.add_argument("--json-dir", type=Path, help="同时保存每份报告的 JSON")
    parser.add_argument("--no-progress", action="store_true", help="不显示进度条")
    args = parser.parse_args(argv)
    files: list[Path] = []
    for item in args.inputs:
        if item.is_dir():
            files.extend(sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            files.append(item)
    if not files:
        sys.stderr.write("没有找到可读取的报告文件\n")
        return EXIT_UNREADABLE
    progress = Progress(len(files), enabled=False if args.no_progress else None)
    outcomes = run_batch(files, progress=progress.step, json_dir=args.json_dir)
    write_summary(outcomes, args.summary)
    if args.compare:
        write_comparison([o.report for o in outcomes if o.report is not None], args.compare)
    unreadable = sum(1 for o in outcomes if o.error is not None)
    with_findings = sum(1 for o in outcomes if o.findings)
    sys.stderr.write(
        f"共 {len(outcomes)} 份：{with_findings} 份有发现，{unreadable} 份无法读取；汇总表 {args.summary}\n"
    )
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if with_findings else EXIT_CLEAN
