from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.agencies.models import NON_REPORTING_KINDS, Agency
from gongkai.reports.actions import report_findings
from gongkai.reports.builder import build_all, build_report
from gongkai.reports.export import SUFFIXES, export_to


class Command(BaseCommand):
    help = "由业务记录生成年度报告，按输出文件的扩展名写出 JSON、DOCX、PDF、XLSX 或 HTML"

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--agency", help="机构代码")
        which.add_argument("--all", action="store_true", help="所有应当报告的在用机构，一次统计（--out 为目录）")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["2021", "2019"], help="默认为该年度适用的格式")
        parser.add_argument(
            "--out", type=Path, required=True, help="输出文件（.json .docx .pdf .xlsx .html）；--all 时为目录"
        )
        parser.add_argument("--suffix", default=".json", help="--all 时各机构文件的扩展名（默认 .json）")
        parser.add_argument("--own-only", action="store_true", help="人民政府只统计本级，不汇总下级机构")

    def handle(self, *args, agency: str | None, year: int, format: str | None, out: Path, own_only: bool, **options):
        include_subtree = False if own_only else None
        if options["all"]:
            return self.build_every_report(year, format, out, options["suffix"].lower(), include_subtree)
        if out.suffix.lower() not in SUFFIXES:
            raise CommandError(f"不支持的输出格式“{out.suffix}”，应为：{'、'.join(SUFFIXES)}")
        target = Agency.objects.filter(code=agency).first()
        if target is None:
            raise CommandError(f"没有代码为“{agency}”的机构")
        try:
            report = build_report(target, year, include_subtree=include_subtree, format_key=format)
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

    def build_every_report(
        self, year: int, format_key: str | None, out: Path, suffix: str, include_subtree: bool | None
    ) -> None:
        """Every reporting agency's report into ``out``/<代码><suffix>, counted in one pass
        (gongkai.reports.builder.build_all); only the agencies with errors are listed."""
        if suffix not in SUFFIXES:
            raise CommandError(f"不支持的输出格式“{suffix}”，应为：{'、'.join(SUFFIXES)}")
        agencies = list(
            Agency.objects.filter(is_active=True).exclude(kind__in=NON_REPORTING_KINDS).order_by("sort_path")
        )
        try:
            reports = build_all(year, agencies=agencies, include_subtree=include_subtree, format_key=format_key)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        out.mkdir(parents=True, exist_ok=True)
        with_errors = 0
        for agency in agencies:
            report = reports[agency.pk]
            export_to(report, out / f"{agency.code}{suffix}")
            errors = [f for f in report_findings(report, agency=agency, year=year) if f.severity == "error"]
            if errors:
                with_errors += 1
                self.stdout.write(f"  {agency.code} {agency.name}：错误 {len(errors)} 项")
        self.stdout.write(f"已写出 {len(agencies)} 份报告到 {out}（{year}年度；有错误的 {with_errors} 份）")
