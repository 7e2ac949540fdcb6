"""Findings a supervisor can act on: Chinese titles with the codes beside them, the disagreeing figures
in one line, the cells at fault, group rows of table 三, counts by kind, late publication of an agency
whose kind is uncertain, and the rows of the findings export."""

from __future__ import annotations

import json
from typing import Any

from gongkai.reportcheck.batch import FINDINGS_HEADER, findings_rows
from gongkai.reportcheck.findings import present_findings, soften_uncertain_deadlines
from gongkai.reportcheck.tests.helpers import report_json
from gongkai.reportcheck.uploads import Checked
from gongkai.reportcheck.views import report_tables
from gongkai.reportformats.checker import FINDING_TITLES, check_report
from gongkai.reportformats.definitions import FORMATS


def _report(**values: Any) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(report_json(**values))
    return report


def _findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    return present_findings(report, [f.as_dict() for f in check_report(report)])


def test_titles_are_chinese_and_the_codes_stay() -> None:
    report = _report(granted=4)
    (first, *_) = _findings(report)
    assert (first["code"], first["title"], first["severity_label"]) == ("C2", "办理结果总计与各项之和不符", "错误")
    assert all(not title.isascii() for title in FINDING_TITLES.values())
    assert check_report(report)[0].title == "办理结果总计与各项之和不符"


def test_figures_name_the_rule_and_the_numbers() -> None:
    report = _report(granted=4)
    report["applications"]["new_received"]["commercial"] = 1
    report["facts"] = {"收到申请数": {"value": 9, "source": "全年收到申请9件"}}
    figures: dict[str, str] = {}
    for finding in _findings(report):
        figures.setdefault(finding["code"], finding["figures"])
    assert figures["C2"] == "三（七）总计 = 5，但（一）至（六）之和 = 4（自然人列）"
    assert figures["C1"] == "三：一＋二 = 1，但（七）＋四 = 0（商业企业列）"
    assert figures["C3"] == "三「一、本年新收政府信息公开申请数量」总计 = 5，但六类申请人之和 = 6"
    assert figures["text_table_mismatch"] == "正文 = 9，表格 = 5"


def test_cells_at_fault_are_highlighted_in_the_table() -> None:
    report = _report(granted=4)
    findings = _findings(report)
    table = next(t for t in report_tables(report, findings) if t["title"].startswith("三"))
    total = next(r for r in table["rows"] if r["label"] == "（七）总计")
    natural, *_, grand_total = total["cells"]
    assert [f["number"] for f in natural["findings"]] == [1] and [f["number"] for f in grand_total["findings"]] == [2]
    assert total["flagged"] and not any(c["findings"] for c in total["cells"][1:-1])
    granted = next(r for r in table["rows"] if r["label"] == "（一）予以公开")
    assert not granted["flagged"]


def test_group_rows_of_table_three_tell_the_one_rows_apart() -> None:
    report = _report()
    table = next(t for t in report_tables(report, []) if t["title"].startswith("三"))
    labels = [r["label"] for r in table["rows"]]
    for group, first in (("（三）不予公开", "1.属于国家秘密"), ("（四）无法提供", "1.本机关不掌握相关政府信息")):
        assert labels[labels.index(group) + 1] == first
    assert "（五）不予处理" in labels and "（六）其他处理" in labels and "三、本年度办理结果" in labels
    assert all(r.get("group") for r in table["rows"] if r["label"] == "（五）不予处理")


def test_rows_of_the_same_number_named_with_their_group() -> None:
    report = _report()
    report["applications"]["rejected_petition"]["natural_person"] = -1
    (finding,) = [f for f in _findings(report) if f["code"] == "C5"]
    assert finding["figures"] == "「（五）1.信访举报投诉类申请」自然人 = -1，应为非负整数"


def test_counts_by_kind_never_say_zero_errors_for_a_contradiction() -> None:
    report = _report()
    report["facts"] = {"收到申请数": {"value": 9, "source": "全年收到申请9件"}}
    warned = Checked("a.json", report=report, findings=[f.as_dict() for f in check_report(report)])
    assert warned.verdict == "提醒 1 项" and "错误" not in warned.verdict
    assert Checked("b.json", report=_report(), findings=[]).verdict == "未发现问题"
    broken = _report(granted=4)
    both = Checked("c.json", report=broken, findings=[f.as_dict() for f in check_report(broken)])
    assert both.verdict == "错误 2 项"


def _late(agency: str, published: str) -> list[Any]:
    report = {**_report(year=2022), "agency": agency, "source": {"published": published}}
    return [f for f in soften_uncertain_deadlines(report, check_report(report)) if f.code == "late_publication"]


def test_late_publication_of_an_agency_of_uncertain_kind_is_a_reminder_naming_the_assumption() -> None:
    (finding,) = _late("云岭经济开发区管委会", "2023-02-15")
    assert finding.severity == "warning" and finding.where["assumption"] == "department"
    assert "假定「云岭经济开发区管委会」按部门报告" in finding.message and "2023-03-31" in finding.message
    # Late by a government's deadline too: an error whatever its kind.
    (finding,) = _late("云岭经济开发区管委会", "2023-04-10")
    assert finding.severity == "error"
    # A department's name tells its kind: still an error.
    (finding,) = _late("云岭县教育局", "2023-02-15")
    assert finding.severity == "error"


def test_findings_export_rows() -> None:
    broken = _report(granted=4)
    results = [
        Checked("bad.json", report=broken, findings=[f.as_dict() for f in check_report(broken)]).as_dict(),
        Checked("good.json", report=_report(), findings=[]).as_dict(),
        Checked("=cmd.pdf", error="文件已损坏").as_dict(),
    ]
    rows = findings_rows(results)
    assert len(FINDINGS_HEADER) == len(rows[0]) == 10
    assert rows[0][4:9] == [
        "错误",
        "办理结果总计与各项之和不符",
        "C2",
        "（七）总计·自然人",
        "三（七）总计 = 5，但（一）至（六）之和 = 4（自然人列）",
    ]
    assert rows[2][5] == "未发现问题" and rows[3][4] == "无法读取"
    assert FORMATS["2021"].table("applications").groups  # the group rows come from the definition
