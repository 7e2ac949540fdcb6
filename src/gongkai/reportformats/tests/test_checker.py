import copy
from typing import Any

import pytest

from gongkai.reportformats.checker import (
    agency_is_plausible,
    check_cross_year,
    check_report,
    publication_deadline,
)
from gongkai.reportformats.definitions import SCHEMA, DeadlinePolicy
from gongkai.testing.reportdata import DATASET_A, DATASET_B


def report(data: dict[str, Any] = DATASET_A, **changes: Any) -> dict[str, Any]:
    out = {"schema": SCHEMA, **copy.deepcopy(data), "facts": {}}
    out.update(changes)
    return out


def codes(findings: list) -> list[str]:
    return [f.code for f in findings]


def test_a_consistent_report_has_no_findings() -> None:
    assert check_report(report()) == []
    assert check_report(report(DATASET_B)) == []


def test_c1_names_both_sides() -> None:
    r = report()
    r["applications"]["carried_forward"]["natural_person"] = 6
    r["applications"]["carried_forward"]["total"] = 6
    findings = [f for f in check_report(r) if f.code == "C1"]
    assert [f.where["column"] for f in findings] == ["natural_person", "total"]
    first = findings[0]
    assert (first.expected, first.actual, first.severity) == (67, 68, "error")
    assert "本年新收政府信息公开申请数量（64）" in first.message and "67" in first.message and "68" in first.message


def test_c2_and_c3() -> None:
    r = report()
    r["applications"]["granted"]["natural_person"] = 31
    found = check_report(r)
    c2 = [f for f in found if f.code == "C2"]
    c3 = [f for f in found if f.code == "C3"]
    assert [(f.where["column"], f.expected, f.actual) for f in c2] == [("natural_person", 63, 62)]
    assert [(f.where["row"], f.expected, f.actual) for f in c3] == [("granted", 34, 33)]


def test_blank_cells_count_as_zero_but_blank_totals_are_not_checked() -> None:
    r = report()
    for row in r["applications"].values():
        if row is not r["applications"]["total_processed"]:
            row["total"] = None
    r["applications"]["new_received"]["total"] = 70
    r["applications"]["carried_over"]["total"] = 3
    r["applications"]["carried_forward"]["total"] = 5
    r["applications"]["denied_state_secret"] = dict.fromkeys(r["applications"]["denied_state_secret"])
    # C3 cannot be checked on rows whose 总计 is blank, and C2 not on a column whose parts are all blank.
    assert codes(check_report(r)) == []


def test_c4_and_c5() -> None:
    r = report()
    r["appeals"]["review"]["total"] = 5
    r["proactive"]["licensing"]["decisions"] = -1
    r["applications"]["partial"]["research"] = "0.5"
    found = check_report(r)
    c4 = [f for f in found if f.code == "C4"]
    assert [(f.where["row"], f.expected, f.actual) for f in c4] == [("review", 4, 5)]
    c5 = {(f.where["row"], f.where["column"]) for f in found if f.code == "C5"}
    assert c5 == {("licensing", "decisions"), ("partial", "research")}


def test_negative_change_is_allowed_in_the_2019_format() -> None:
    r = report(DATASET_B)
    assert r["proactive"]["licensing"]["change"] == -5
    assert "C5" not in codes(check_report(r))


def test_cross_year_is_a_warning() -> None:
    before = report()
    after = report(year=2023)
    after["applications"]["carried_over"]["natural_person"] = 4
    after["applications"]["carried_over"]["total"] = 4
    found = check_cross_year(before, after)
    assert [(f.code, f.severity, f.where["column"], f.expected, f.actual) for f in found] == [
        ("cross_year", "warning", "natural_person", 5, 4),
        ("cross_year", "warning", "total", 5, 4),
    ]
    assert "cross_year" in codes(check_report(after, previous=before))


def test_text_against_tables() -> None:
    r = report(
        facts={
            "行政诉讼数量": {"value": 6, "unit": "件", "source": "行政诉讼6件"},
            "行政复议数量": {"value": 4, "unit": "件", "source": "行政复议4件"},
            "收到申请数": {"value": 73, "unit": "件", "source": "受理73件"},  # new + carried also fits
            "主动公开政府信息数": {"value": 100, "unit": "条", "source": "x"},
        }
    )
    found = [f for f in check_report(r) if f.code == "text_table_mismatch"]
    assert [(f.where["fact"], f.expected, f.actual) for f in found] == [("行政诉讼数量", 3, 6)]


def test_channels_stated_in_prose_must_reach_the_total() -> None:
    facts = {
        "主动公开政府信息数": {"value": 300, "unit": "条", "source": "s"},
        "政府网站公开政府信息数": {"value": 200, "unit": "条", "source": "s"},
        "其他方式公开政府信息数": {"value": 50, "unit": "条", "source": "s"},
    }
    found = check_report(report(format="legacy", legacy=[], facts=facts, applications={}, appeals={}, proactive={}))
    channel = [f for f in found if f.code == "channel_sum"]
    assert [(f.expected, f.actual) for f in channel] == [(300, 250)]
    facts["政府网站公开政府信息数"]["value"] = 260
    assert "channel_sum" not in codes(check_report(report(format="legacy", legacy=[], facts=facts)))


def test_legacy_sums() -> None:
    rows = [
        {"label": "收到申请数", "unit": "件", "value": 10, "path": ["三、依申请公开情况"]},
        {"label": "当面申请数", "unit": "件", "value": 4, "path": ["三、依申请公开情况", "（一）收到申请数"]},
        {"label": "网络申请数", "unit": "件", "value": 5, "path": ["三、依申请公开情况", "（一）收到申请数"]},
        {"label": "申请办结数", "unit": "件", "value": None, "path": ["三、依申请公开情况"]},
    ]
    found = check_report(report(format="legacy", legacy=rows))
    assert [(f.code, f.expected, f.actual) for f in found] == [("legacy_sum", 10, 9)]


@pytest.mark.parametrize(
    ("name", "plausible"),
    [
        ("新蔡县人民政府", True),
        ("王家山镇", True),
        ("淮安市人民政府", True),
        ("泽川县教育局", True),
        ("白银市平川区王家山镇人民政府", True),
        ("开云手机官网入口·(中国)官方网站", False),
        ("首页>政府信息公开", False),
        ("abc", False),
        ("", False),
        ("某某体育APP下载中心", False),
    ],
)
def test_agency_plausibility(name: str, plausible: bool) -> None:
    assert agency_is_plausible(name) is plausible


def test_agency_findings() -> None:
    assert codes(check_report(report(agency="开云手机官网入口·(中国)官方网站"))) == ["implausible_agency"]
    assert codes(check_report(report(agency=None))) == ["missing_agency"]


def test_publication_deadlines() -> None:
    policy = DeadlinePolicy()
    assert publication_deadline(2022, "泽川县人民政府", policy).isoformat() == "2023-03-31"
    assert publication_deadline(2022, "泽川县教育局", policy).isoformat() == "2023-01-31"
    assert publication_deadline(2018, "泽川县教育局", policy).isoformat() == "2019-03-31"
    assert publication_deadline(2022, "王家山镇", policy).isoformat() == "2023-03-31"
    strict = DeadlinePolicy(township=(2, 20))
    assert publication_deadline(2022, "王家山镇人民政府", strict).isoformat() == "2023-02-20"


def test_late_publication() -> None:
    late = report(DATASET_B, source={"published": "2021-02-03"})
    found = check_report(late)
    assert [(f.code, f.expected, f.actual) for f in found] == [("late_publication", "2021-01-31", "2021-02-03")]
    assert check_report(report(DATASET_B, source={"published": "2021-01-28"})) == []


def test_damaged_rows_and_missing_tables_from_the_source_record() -> None:
    r = report(
        source={
            "tables_found": ["applications", "appeals"],
            "damaged_rows": [
                {
                    "table": "applications",
                    "row": "granted",
                    "printed": ["3", "5"],
                    "problem": "missing_cells",
                    "repaired": False,
                    "candidates": 0,
                },
                {
                    "table": "applications",
                    "row": "partial",
                    "printed": ["5000005"],
                    "problem": "run_together",
                    "repaired": True,
                    "candidates": 1,
                },
            ],
        }
    )
    found = check_report(r)
    assert [(f.code, f.severity) for f in found if f.code == "damaged_row"] == [("damaged_row", "error")]
    missing = sorted(f.where["table"] for f in found if f.code == "missing_table")
    assert missing == ["article20_1", "article20_5", "article20_6", "article20_8"]


def test_every_finding_has_a_chinese_message_and_english_code() -> None:
    r = report(agency="x", sections={"一": ""})
    r["applications"]["granted"]["total"] = 99
    for finding in check_report(r):
        assert finding.code.isascii() and finding.severity in {"error", "warning"}
        assert any("\u4e00" <= ch <= "\u9fff" for ch in finding.message)
        assert finding.as_dict()["code"] == finding.code
