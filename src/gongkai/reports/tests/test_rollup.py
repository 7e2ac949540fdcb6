"""The roll-up: cell-by-cell sums of reports of one format, checked against sums computed here."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.reportformats.checker import ERROR, check_report
from gongkai.reports.export import export
from gongkai.reports.rollup import RollupError, add_money, breakdown, breakdown_labels, rollup

from .factories import report_2019, report_2021

AGENCIES = ("测试县甲局", "测试县乙局", "测试县某镇人民政府")


def three(factory: Any) -> list[dict[str, Any]]:
    return [factory(agency=name, scale=i + 1) for i, name in enumerate(AGENCIES)]


def cells(report: dict[str, Any], json_key: str) -> dict[tuple[str, str], Any]:
    return {
        (row, col): value
        for row, values in report[json_key].items()
        if isinstance(values, dict)
        for col, value in values.items()
    }


@pytest.mark.parametrize("factory", [report_2021, report_2019])
def test_every_count_is_the_sum(factory: Any) -> None:
    reports = three(factory)
    total = rollup(reports, agency="测试县人民政府", year=reports[0]["year"])
    for json_key in ("applications", "appeals", "proactive"):
        expected: dict[tuple[str, str], Any] = {}
        for report in reports:
            for key, value in cells(report, json_key).items():
                if isinstance(value, int):
                    expected[key] = expected.get(key, 0) + value
        got = {k: v for k, v in cells(total, json_key).items() if k in expected}
        assert got == expected, json_key
    # The factories scale every count, so the sum is six times the first report's.
    assert total["applications"]["new_received"]["total"] == 6 * reports[0]["applications"]["new_received"]["total"]


@pytest.mark.parametrize("factory", [report_2021, report_2019])
def test_rolled_up_report_passes_the_checker(factory: Any) -> None:
    reports = three(factory)
    total = rollup(reports, agency="测试县人民政府", year=reports[0]["year"])
    errors = [f for f in check_report(total) if f.severity == ERROR]
    assert errors == []


def test_rolled_up_report_exports(r2021: dict[str, Any]) -> None:
    total = rollup(three(report_2021), agency="测试县人民政府", year=2024)
    assert "测试县人民政府2024年政府信息公开工作年度报告".encode() in export(total, ".html")


def test_nulls_stay_null_only_when_all_are_null() -> None:
    reports = three(report_2019)
    reports[1]["appeals"]["review"]["pending"] = None
    reports[2]["appeals"]["review"] = {}
    total = rollup(reports, agency="测试县人民政府", year=2020)
    assert total["appeals"]["review"]["pending"] == reports[0]["appeals"]["review"]["pending"]
    # 复议后起诉 is blank in every 2019 report here.
    assert set(total["appeals"]["litigation_after_review"].values()) == {None}
    assert total["fees_yuan"] is None


def test_money_adds_exactly() -> None:
    reports = three(report_2021)
    for report, amount in zip(reports, ("0.1", "0.2", "24252.311082"), strict=True):
        report["proactive"]["fees"]["amount_wan_yuan"] = amount
    reports[0]["fees_yuan"], reports[1]["fees_yuan"], reports[2]["fees_yuan"] = "3940", None, "0.50"
    total = rollup(reports, agency="测试县人民政府", year=2024)
    assert total["proactive"]["fees"]["amount_wan_yuan"] == "24252.611082"
    assert total["fees_yuan"] == "3940.5"
    assert (
        add_money(["99999999999999999999999999999.000000000001", "1"]) == "100000000000000000000000000000.000000000001"
    )


def test_procurement_units() -> None:
    reports = three(report_2019)
    same = rollup(reports, agency="测试县人民政府", year=2020)["proactive"]["procurement"]
    assert same == {"projects": 36, "amount": "753001.5", "amount_unit": "元"}
    reports[0]["proactive"]["procurement"].update(amount="1.5", amount_unit="万元")
    mixed = rollup(reports, agency="测试县人民政府", year=2020)["proactive"]["procurement"]
    assert mixed["amount"] == "517001" and mixed["amount_unit"] == "元"


def test_legacy_and_facts_are_not_summed() -> None:
    reports = three(report_2021)
    reports[0]["facts"] = {"主动公开政府信息数": {"value": 3243, "unit": "条", "source": "…"}}
    total = rollup(reports, agency="测试县人民政府", year=2024)
    assert "facts" not in total and "legacy" not in total and "sections" not in total
    assert total["source"] == {"rollup_of": list(AGENCIES)}


def test_province_rows_add_by_label() -> None:
    reports = three(report_2019)
    for i, report in enumerate(reports):
        report["proactive"]["extra"] = [
            {
                "table": "第二十条第（一）项",
                "label": "其他主动公开文件",
                "values": {"本年新制作数量": i + 1, "本年新公开数量": None},
            }
        ]
    total = rollup(reports, agency="测试县人民政府", year=2020)
    assert total["proactive"]["extra"] == [
        {
            "table": "第二十条第（一）项",
            "label": "其他主动公开文件",
            "values": {"本年新制作数量": 6, "本年新公开数量": None},
        }
    ]


@pytest.mark.parametrize(
    ("reports", "message"),
    [
        ([], "没有可汇总"),
        ([report_2021(), report_2019(year=2024)], "同一格式"),
        ([report_2021(), report_2021(year=2023)], "2023"),
        ([{"format": "legacy", "year": 2024, "legacy": []}], "统计表"),
    ],
)
def test_refused(reports: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(RollupError, match=message):
        rollup(reports, agency="测试县人民政府", year=2024)


def test_breakdown_rows() -> None:
    reports = three(report_2021)
    rows = breakdown(reports)
    assert [r["agency"] for r in rows] == list(AGENCIES)
    for report, row in zip(reports, rows, strict=True):
        apps = report["applications"]
        assert row["new_received"] == apps["new_received"]["total"]
        assert row["denied"] == sum(v["total"] for k, v in apps.items() if k.startswith("denied_"))
        assert row["other"] == sum(apps[k]["total"] for k in ("other_no_correction", "other_fee_unpaid", "other_other"))
        assert (
            row["granted"] + row["partial"] + row["denied"] + row["unable"] + row["rejected"] + row["other"]
            == (row["total_processed"])
        )
        assert row["litigation"] == (
            report["appeals"]["litigation_direct"]["total"] + report["appeals"]["litigation_after_review"]["total"]
        )
        assert row["fees_yuan"] == "3940"
    assert set(breakdown_labels()) == set(rows[0]) - {"format"}


def test_breakdown_2019_blank_group() -> None:
    report = report_2019()
    report["appeals"]["review"]["total"] = None
    row = breakdown([report])[0]
    assert row["other"] == report["applications"]["other_processing"]["total"]
    assert row["review"] is None and row["litigation"] == report["appeals"]["litigation_direct"]["total"]
