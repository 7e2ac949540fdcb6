from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.agencies.models import Agency
from gongkai.reports.actions import report_findings
from gongkai.reports.builder import build_report
from gongkai.reports.export import SUFFIXES, export_to


class Command(BaseCommand):
    help = "由业务记录生成年度报告，按输出文件的扩展名写出 JSON、DOCX、PDF、XLSX 或 HTML"

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="机构代码")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["2021", "2019"], help="默认为该年度适用的格式")
        parser.add_argument("--out", type=Path, required=True, help="输出文件（.json .docx .pdf .xlsx .html）")
        parser.add_argument("--own-only", action="store_true", help="人民政府只统计本级，不汇总下级机构")

    def handle(self, *args, agency: str, year: int, format: str | None, out: Path, own_only: bool, **options):
        if out.suffix.lower() not in SUFFIXES:
            raise CommandError(f"不支持的输出格式“{out.suffix}”，应为：{'、'.join(SUFFIXES)}")
        target = Agency.objects.filter(code=agency).first()
        if target is None:
            raise CommandError(f"没有代码为“{agency}”的机构")
        try:
            report = build_report(target, year, include_subtree=False if own_only else None, format_key=format)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        export_to(report, out)
        # The same list as on publication: with the stored neighbouring years (结转, year-over-year change).
        findings = report_findings(report, agency=target, year=year)
        errors = [f for f in findings if f.severity == "error"]
        self.stdout.write(
            f"已写出 {out}（{report['format']} 格式；错误 {len(errors)} 项，提示 {len(findings) - len(errors)} 项）"
        )
        for finding in findings:
            self.stdout.write(f"  [{finding.code}] {finding.message}")
