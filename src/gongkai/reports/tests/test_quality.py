"""Issue 15: what stops a bad report from being published, seen through the commands' outputs.

``gongkai report-build`` (built reports) and ``gongkai report-check`` (imported ones) print the same
checker findings: placeholders and empty sections are errors; an all-zero government report, an
implausible year-over-year change and a 结转 that does not match the stored previous year are warnings.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from openpyxl import load_workbook

from gongkai.applications.models import Application
from gongkai.reportformats.checker import PLACEHOLDER
from gongkai.reports.models import AnnualReport, ReportSource, ReportStatus

from .factories import report_2021

pytestmark = pytest.mark.django_db
D = dt.date


def build(code: str, year: int, out: Path) -> str:
    stdout = io.StringIO()
    call_command("report-build", "--agency", code, "--year", str(year), "--out", str(out), stdout=stdout)
    return stdout.getvalue()


def check(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit):  # findings: status 1
        call_command("report-check", *args)
    return capsys.readouterr().out


def write(tmp_path: Path, name: str, report: dict[str, Any]) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return str(path)


def case(agency: Any, number: int, received: dt.date, answered: dt.date | None, outcome: str = "granted") -> None:
    Application.objects.create(
        agency=agency,
        receipt_number=f"Q-{number}",
        channel="online",
        applicant_kind="person",
        applicant_type="natural_person",
        applicant_name="张三",
        applicant_key=f"q{number}",
        description="某文件",
        received_on=received,
        answered_on=answered,
        outcome=outcome if answered else "",
        status="closed" if answered else "processing",
    )


@pytest.fixture
def county_records(county: Any) -> Any:
    case(county.dept_a, 1, D(2024, 3, 1), D(2024, 3, 20))
    case(county.dept_a, 2, D(2024, 5, 1), D(2024, 6, 1), "partial")
    case(county.dept_a, 3, D(2024, 12, 25), None)  # carried forward
    return county


# 1. Placeholders and empty sections ----------------------------------------------------------------


def test_report_check_flags_placeholder_text_and_empty_sections(tmp_path: Path, capsys: Any) -> None:
    report = report_2021()
    report["sections"]["一"] = "（一）主动公开……（二）依申请公开XX件"
    report["sections"]["五"] = "   "
    report["sections"]["六"] = "【】待补充"
    out = check(capsys, write(tmp_path, "r.json", report))
    assert out.count("[placeholder_text] 错误") == 2 and "[empty_section] 错误" in out
    assert "……、XX" in out and "「五、存在的主要问题及改进情况」没有内容" in out


def test_report_build_draft_is_complete_text(county_records: Any, tmp_path: Path) -> None:
    out = build("GOV", 2024, tmp_path / "r.json")
    sections = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["sections"]
    assert "placeholder_text" not in out and "empty_section" not in out and "错误 0 项" in out
    for numeral in ("一", "五", "六"):
        assert sections[numeral].strip() and not PLACEHOLDER.search(sections[numeral]), sections[numeral]
    assert "新收政府信息公开申请3件" in sections["一"] and "结转下年度的1件申请" in sections["五"]


def test_demo_published_reports_contain_no_placeholder() -> None:
    from gongkai.reports import demo
    from gongkai.site.demo import seed_demo

    seed_demo()
    demo.seed()
    published = AnnualReport.objects.filter(status=ReportStatus.PUBLISHED)
    assert published.exists()
    for report in published:
        codes = {f["code"] for f in report.findings}
        assert not codes & {"placeholder_text", "empty_section"}, (report, report.findings)
        assert not any(PLACEHOLDER.search(text or "") for text in report.data["sections"].values())


# 2. Implausible figures ----------------------------------------------------------------------------


def test_report_build_warns_on_an_all_zero_government_report(county: Any, tmp_path: Path) -> None:
    out = build("GOV", 2024, tmp_path / "r.json")
    assert "[all_zero]" in out and "各项数字均为0" in out
    assert "[all_zero]" not in build("GOV-A", 2024, tmp_path / "a.json")  # a department may have none


def test_report_check_warns_on_a_year_over_year_jump(tmp_path: Path, capsys: Any) -> None:
    previous = write(tmp_path, "2023.json", report_2021(year=2023))
    current = write(tmp_path, "2024.json", report_2021(year=2024, scale=7))
    out = check(capsys, current, "--previous", previous)
    assert "[implausible_change]" in out and "变化超过 5 倍" in out
    with override_settings(GONGKAI_REPORT_CHANGE_FACTOR=10):
        from gongkai.reports.actions import change_factor

        assert change_factor() == 10


def test_report_build_shows_the_cross_year_rule_and_change_with_the_other_findings(
    county_records: Any, tmp_path: Path
) -> None:
    stored = report_2021(agency="测试县甲局", year=2023)  # carried forward thousands, and 21,000 new
    AnnualReport.objects.create(
        agency=county_records.dept_a, year=2023, format="2021", source=ReportSource.IMPORTED, data=stored
    )
    out = build("GOV-A", 2024, tmp_path / "r.json")
    assert "[cross_year]" in out and "2023年报告结转下年度" in out
    assert "[implausible_change]" in out
    with override_settings(GONGKAI_REPORT_CHANGE_FACTOR=10_000_000):
        assert "[implausible_change]" not in build("GOV-A", 2024, tmp_path / "r.json")


# 4. 工作考核、社会评议和责任追究结果 in section 一 (五) -----------------------------------------------


def test_report_build_puts_the_assessment_paragraph_under_supervision_in_section_one(
    county_records: Any, tmp_path: Path
) -> None:
    build("GOV", 2024, tmp_path / "r.json")
    sections = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["sections"]
    supervision = sections["一"].split("（五）监督保障", 1)[1]
    assert "工作考核、社会评议和责任追究结果" in supervision
    assert "工作考核" not in sections["六"]
    build("GOV-A", 2024, tmp_path / "a.json")
    department = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["sections"]
    assert "工作考核" not in department["一"] + department["六"]


# 8. The township deadline is a configured one ------------------------------------------------------


def test_report_check_calls_the_township_deadline_configured_and_cites_its_source(tmp_path: Path, capsys: Any) -> None:
    township = report_2021(agency="测试县某镇人民政府", year=2023)
    township["source"] = {"published": "2024-04-10"}
    out = check(capsys, write(tmp_path, "t.json", township))
    assert "晚于配置的期限 2024-03-31" in out and "第四十九条未规定乡镇人民政府、街道办事处的公布期限" in out
    assert "法定期限" not in out
    department = report_2021(agency="测试县甲局", year=2023)
    department["source"] = {"published": "2024-02-10"}
    out = check(capsys, write(tmp_path, "d.json", department))
    assert "晚于法定期限 2024-01-31" in out and "第四十九条：县级以上人民政府部门" in out


# 10. XLSX figures are numbers ----------------------------------------------------------------------


def test_report_build_xlsx_writes_money_as_numbers_with_formats(county_records: Any, tmp_path: Path) -> None:
    from gongkai.disclosure.models import AgencyFigures

    AgencyFigures.objects.create(agency=county_records.dept_a, year=2024, licensing=1, fees_wan_yuan="1.2500")
    build("GOV-A", 2024, tmp_path / "r.xlsx")
    cells = [c for sheet in load_workbook(tmp_path / "r.xlsx") for row in sheet.iter_rows() for c in row]
    fee = next(c for c in cells if c.value is not None and c.number_format == "0.00")
    assert fee.data_type == "n" and Decimal(str(fee.value)) == Decimal("1.25")
    assert not [c for c in cells if c.number_format == "@"]
    sheet = load_workbook(tmp_path / "r.xlsx").worksheets[0]
    assert sheet.freeze_panes and sheet.column_dimensions["A"].width


def test_deadline_source_names_the_configuration_for_townships() -> None:
    from gongkai.reports.deadlines import deadline_source

    assert "未规定乡镇" in deadline_source(is_government=True, is_township=True)
    assert "第四十九条：县级以上人民政府部门" in deadline_source(is_government=False)
    with override_settings(GONGKAI_REPORT_DEADLINES={"department": (1, 20)}):
        assert "配置的期限" in deadline_source(is_government=False)
        assert "县级以上地方人民政府" in deadline_source(is_government=True)
