"""validate_report_json: the structure of a report's canonical JSON against the format definitions."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from gongkai.reportformats.definitions import FORMATS, SCHEMA
from gongkai.reportformats.validate import validate_report_json


def _well_formed(key: str = "2021") -> dict[str, Any]:
    fmt = FORMATS[key]
    report: dict[str, Any] = {"schema": SCHEMA, "format": key, "year": 2023, "agency": "云岭县人民政府"}
    for table in fmt.tables:
        bucket = report.setdefault(table.json_key, {})
        for row in table.rows:
            bucket[row.key] = {c.key: ("1.5" if c.kind in {"decimal", "amount"} else 0) for c in table.row_columns(row)}
    report["sections"] = {"一": "总体情况……"}
    report["fees_yuan"] = "300"
    report["facts"] = {"行政复议数量": {"value": 2, "unit": "件", "source": "全年发生行政复议2件"}}
    report["source"] = {"filename": "a.txt", "kind": "text", "tables_found": [], "damaged_rows": []}
    return report


@pytest.mark.parametrize("key", ["2021", "2019"])
def test_well_formed_national_reports_pass(key: str) -> None:
    assert validate_report_json(_well_formed(key)) == []


def test_well_formed_legacy_report_passes() -> None:
    report = {
        "schema": SCHEMA,
        "format": "legacy",
        "year": 2015,
        "agency": None,
        "legacy": [{"label": "主动公开信息数", "unit": "条", "value": 312, "cumulative": 1875, "path": []}],
    }
    assert validate_report_json(report) == []


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda r: r.update(schema="x"), "schema"),
        (lambda r: r.update(format="2030"), "未知的年报格式"),
        (lambda r: r.update(year="2023"), "年度"),
        (lambda r: r.update(year=True), "年度"),
        (lambda r: r.update(agency=["a"]), "机关名称"),
        (lambda r: r.update(fees_yuan="三百"), "fees_yuan"),
        (lambda r: r.update(sections=["一"]), "sections"),
        (lambda r: r.update(surprise=1), "未知的字段"),
        (lambda r: r["applications"].update(granted=[1, 2]), "予以公开"),
        (lambda r: r["applications"].update(nonsense={}), "没有的行"),
        (lambda r: r["applications"]["granted"].update(total=1.0), "浮点数"),
        (lambda r: r["applications"]["granted"].update(bogus=1), "没有的列"),
        (lambda r: r["applications"]["granted"].update(total={"a": 1}), "应为整数"),
        (lambda r: r["proactive"]["fees"].update(amount_wan_yuan="abc"), "十进制"),
        (lambda r: r["proactive"].update(extra="x"), "extra"),
        (lambda r: r.update(legacy=[{"label": 1}]), "统计表"),
        (lambda r: r.update(facts={"x": {"value": None}}), "正文数字"),
        (lambda r: r.update(source=[]), "source"),
        (lambda r: r["appeals"].update(review="0"), "行政复议"),
    ],
)
def test_malformed_parts_are_named(change: Any, words: str) -> None:
    report = copy.deepcopy(_well_formed())
    change(report)
    problems = validate_report_json(report)
    assert problems and any(words in p for p in problems), problems


def test_not_an_object() -> None:
    assert validate_report_json([1, 2]) == ["年报数据应为 JSON 对象"]


def test_problems_are_bounded() -> None:
    report = _well_formed()
    for row in report["applications"].values():
        row["total"] = 0.5
    assert 0 < len(validate_report_json(report)) <= 20
