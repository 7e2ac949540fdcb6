"""Issue 16, part 1: tables whose cells and line breaks ran together are recovered by the rules, or the
rows the rules leave open are reported as ambiguous with their candidates — never a silent guess."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.reportcheck.api import parse_bytes
from gongkai.reportcheck.parser import repair
from gongkai.reportcheck.parser.runtogether import prose_figure
from gongkai.reportformats.definitions import FORMATS
from gongkai.testing import reportdata as fd

FMT = FORMATS["2021"]
APPLICATIONS = FMT.table("applications")
RESULT_ROWS = [
    r.key
    for r in APPLICATIONS.rows
    if r.key not in {"new_received", "carried_over", "total_processed", "carried_forward"}
]
COLS = fd.COLS[:-1]


def one_line(data: dict[str, Any], prose: dict[str, str]) -> bytes:
    """A known report rendered with neither cell separators nor line breaks."""
    return fd.render_run_together(data, prose).replace("\n", "").replace("\t", "").encode()


def _ambiguous(report: dict[str, Any]) -> set[tuple[str, str]]:
    return {(d["table"], d["row"]) for d in report["source"]["damaged_rows"] if not d["repaired"]}


def assert_recovered_or_ambiguous(report: dict[str, Any], data: dict[str, Any]) -> None:
    ambiguous = _ambiguous(report)
    for table in FMT.tables:
        for row in table.rows:
            expected = data[table.json_key][row.key]
            got = report[table.json_key][row.key]
            row_key = "*" if table.layout == "single_row" else row.key
            if (table.key, row_key) in ambiguous:
                assert all(v is None for v in got.values()), (row.key, got)  # nothing filled by a guess
            else:
                assert got == expected, (row.key, got, expected)


def test_one_line_2021_report_reads_back() -> None:
    result = parse_bytes(one_line(fd.DATASET_A, fd.PROSE_A), "flat.txt")
    report = result.report
    assert report["format"] == "2021" and report["year"] == 2022 and report["agency"] == "泽川县人民政府"
    assert_recovered_or_ambiguous(report, fd.DATASET_A)
    # 行政规范性文件 "3125" is (3, 1, 25), (3, 12, 5) or (31, 2, 5): no rule decides, the prose says nothing.
    (open_row,) = [d for d in report["source"]["damaged_rows"] if not d["repaired"]]
    assert open_row["row"] == "normative_documents" and open_row["candidates"] == 3
    assert [3, 1, 25] in open_row["options"]
    new = next(d for d in report["source"]["damaged_rows"] if d["row"] == "new_received")
    assert new["repaired"] and {"digits", "C3", "C1"} <= set(new["decided_by"])
    assert {f.code for f in result.findings} == {"damaged_row"}
    assert set(report["sections"]) >= {"一", "五", "六"}


def test_prose_decides_a_proactive_row() -> None:
    prose = {**fd.PROSE_A, "二": "本年制发行政规范性文件3件，废止1件，现行有效行政规范性文件25件。"}
    report = parse_bytes(one_line(fd.DATASET_A, prose), "flat.txt").report
    assert report["proactive"]["normative_documents"] == {"issued": 3, "abolished": 1, "in_force": 25}
    row = next(d for d in report["source"]["damaged_rows"] if d["row"] == "normative_documents")
    assert row["repaired"] and row["decided_by"] == ["digits", "prose"]


def with_rows(**rows: tuple[int, ...]) -> dict[str, Any]:
    """Data set A with some rows of table 三 replaced, 总计 and 本年新收 made to agree again (C1, C2)."""
    data = copy.deepcopy(fd.DATASET_A)
    apps = data["applications"]
    apps.update({key: dict(zip(fd.COLS, values, strict=True)) for key, values in rows.items()})
    apps["total_processed"] = {c: sum(apps[k][c] for k in RESULT_ROWS) for c in fd.COLS}
    apps["new_received"] = {
        c: apps["total_processed"][c] + apps["carried_forward"][c] - apps["carried_over"][c] for c in fd.COLS
    }
    return data


def test_a_long_row_is_read_every_way_before_one_reading_is_taken() -> None:
    # "556198128190156733" splits into seven cells in 12 376 ways before the rules; (5, 56, …) and
    # (55, 6, …) both satisfy C3, and only C1 with 结转下年度 tells them apart.
    data = with_rows(carried_over=(55, 6, 198, 128, 190, 156, 733), carried_forward=(57, 6, 198, 128, 190, 156, 735))
    report = parse_bytes(one_line(data, fd.PROSE_A), "flat.txt").report
    assert_recovered_or_ambiguous(report, data)
    assert report["applications"]["carried_over"] == data["applications"]["carried_over"]
    row = next(d for d in report["source"]["damaged_rows"] if d["row"] == "carried_over")
    assert row["repaired"] and "C1" in row["decided_by"]


def test_two_rows_that_make_up_for_each_other_are_both_left_open() -> None:
    # 22|4 or 2|24 in both rows: either pairing gives the same column sums (C2), so neither is certain.
    data = with_rows(granted=(22, 4, 29, 20, 0, 10, 85), partial=(2, 24, 1, 0, 0, 0, 27))
    report = parse_bytes(one_line(data, fd.PROSE_A), "flat.txt").report
    assert_recovered_or_ambiguous(report, data)
    open_rows = {d["row"]: d for d in report["source"]["damaged_rows"] if not d["repaired"]}
    assert set(open_rows) == {"granted", "partial", "normative_documents"}
    assert open_rows["granted"]["options"] == [[2, 24, 29, 20, 0, 10, 85], [22, 4, 29, 20, 0, 10, 85]]
    assert open_rows["partial"]["candidates"] == 2


@pytest.mark.parametrize(("limit", "value"), [("JOIN_SUMS", 0), ("MAX_READINGS", 1)])
def test_a_search_cut_short_fills_only_the_rows_it_settled(
    monkeypatch: pytest.MonkeyPatch, limit: str, value: int
) -> None:
    monkeypatch.setattr(repair, limit, value)
    data = with_rows(granted=(22, 4, 29, 20, 0, 10, 85), partial=(2, 24, 1, 0, 0, 0, 27))
    report = parse_bytes(one_line(data, fd.PROSE_A), "flat.txt").report
    assert_recovered_or_ambiguous(report, data)
    open_rows = {d["row"] for d in report["source"]["damaged_rows"] if not d["repaired"]}
    assert {"granted", "partial"} <= open_rows
    assert all(d["candidates"] != 1 for d in report["source"]["damaged_rows"] if not d["repaired"])


def test_a_lost_cell_is_not_restored_by_a_search_cut_short(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (fd.FIXTURES / "zechuan-2022-tab.txt").read_text(encoding="utf-8")
    text = text.replace("（一）予以公开\t30\t0\t0\t1\t0\t2\t33", "（一）予以公开\t30\t0\t1\t0\t2\t33")
    assert parse_bytes(text.encode(), "x.txt").report["applications"]["granted"]["natural_person"] == 30
    monkeypatch.setattr(repair, "SEARCH_STEPS", 0)
    report = parse_bytes(text.encode(), "x.txt").report
    assert set(report["applications"]["granted"].values()) == {None}
    (row,) = report["source"]["damaged_rows"]
    assert not row["repaired"] and row["candidates"] != 1


def test_prose_chooses_among_all_readings_not_only_the_options_listed() -> None:
    # "153122741" has 28 readings; the true one is not among the first ten.
    data = copy.deepcopy(fd.DATASET_A)
    data["proactive"]["normative_documents"] = {"issued": 153, "abolished": 12, "in_force": 2741}
    prose = {**fd.PROSE_A, "二": "本年制发行政规范性文件153件，现行有效行政规范性文件2741件。"}
    report = parse_bytes(one_line(data, prose), "flat.txt").report
    assert report["proactive"]["normative_documents"] == data["proactive"]["normative_documents"]


def test_prose_figure() -> None:
    assert prose_figure("本年制发行政规范性文件15件，废止4件", "行政规范性文件", "issued") == 15
    assert prose_figure("制发行政规范性文件15件；另制发行政规范性文件16件", "行政规范性文件", "issued") is None


@st.composite
def consistent_reports(draw: st.DrawFn) -> dict[str, Any]:
    """A 2021 report whose tables obey C1–C4, every cell printed."""
    data = copy.deepcopy(fd.DATASET_A)
    small = st.integers(0, 30)
    apps: dict[str, dict[str, int]] = {}
    for key in RESULT_ROWS:
        apps[key] = {c: draw(small) for c in COLS}
    processed = {c: sum(apps[k][c] for k in RESULT_ROWS) for c in COLS}
    forward = {c: draw(small) for c in COLS}
    carried = {c: draw(st.integers(0, processed[c] + forward[c])) for c in COLS}
    new = {c: processed[c] + forward[c] - carried[c] for c in COLS}
    for key, values in (
        ("total_processed", processed),
        ("carried_forward", forward),
        ("carried_over", carried),
        ("new_received", new),
    ):
        apps[key] = values
    data["applications"] = {k: {**v, "total": sum(v.values())} for k, v in apps.items()}
    for group in ("review", "litigation_direct", "litigation_after_review"):
        cells = {c: draw(st.integers(0, 12)) for c in ("upheld", "corrected", "other", "pending")}
        data["appeals"][group] = {**cells, "total": sum(cells.values())}
    data["proactive"]["normative_documents"] = {
        "issued": draw(st.integers(0, 200)),
        "abolished": draw(st.integers(0, 50)),
        "in_force": draw(st.integers(0, 3000)),
    }
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_reports())
def test_every_recovered_cell_equals_the_original_or_is_reported_ambiguous(data: dict[str, Any]) -> None:
    report = parse_bytes(one_line(data, fd.PROSE_A), "flat.txt").report
    assert_recovered_or_ambiguous(report, data)
    for damage in report["source"]["damaged_rows"]:
        if not damage["repaired"]:
            assert damage["candidates"] != 1


# ---------------------------------------------------------------------------------------------
# The old 统计表 (label, unit, this year, cumulative) run together


def _legacy_cells(report: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    return [(r["label"], r["value"], r.get("cumulative")) for r in report["legacy"]]


def test_one_line_legacy_report_reads_back() -> None:
    text = fd.render_legacy_text(fd.DATASET_LEGACY, fd.PROSE_LEGACY, "2017年3月28日")
    flat = parse_bytes(fd.flatten(text), "flat.txt").report
    assert (flat["format"], flat["year"], flat["agency"]) == ("legacy", 2016, "青溪县")
    assert flat["legacy"] == parse_bytes(text.encode(), "tab.txt").report["legacy"]
    damaged = {d["row"]: d for d in flat["source"]["damaged_rows"]}
    assert all(d["repaired"] for d in damaged.values())
    # "132515022" is 1|32515022, 13|2515022, 132|515022 or 1325|15022: only the sub-items' sums in both
    # columns leave one; "1210130202" ends with the next item's number "2".
    assert damaged["主动公开文件数"]["decided_by"] == ["digits", "cumulative", "legacy_sum"]
    assert damaged["政府网站公开数"]["printed"] == ["121013020"]


def test_a_legacy_row_no_sum_decides_is_left_open() -> None:
    data = {**fd.DATASET_LEGACY, "rows": [*fd.DATASET_LEGACY["rows"], ("主动公开信息数", "条", 312, 1875)]}
    report = parse_bytes(fd.flatten(fd.render_legacy_text(data, fd.PROSE_LEGACY)), "flat.txt").report
    row = next(r for r in report["legacy"] if r["label"] == "主动公开信息数")
    assert row["value"] is None and row["cumulative"] is None
    damage = next(d for d in report["source"]["damaged_rows"] if d["row"] == "主动公开信息数")
    # 3121|875 is out: this year's figure is not above the cumulative one.
    assert not damage["repaired"] and damage["options"] == [[3, 121875], [31, 21875], [312, 1875]]
    assert damage["candidates"] == 3


_LEGACY_GROUPS = {
    "主动公开文件数": ("政府网站公开数", "政府公报公开数", "政务微博公开数"),
    "受理依申请公开信息总数": ("当面申请数", "网上申请数", "信函申请数", "传真申请数"),
    "对申请的答复总数": ("同意公开答复数", "同意部分公开答复数", "不予公开答复数", "其他类型答复数"),
}


@st.composite
def legacy_tables(draw: st.DrawFn) -> dict[str, Any]:
    """An old 统计表 whose sub-items add up to their row in both columns, cumulative ≥ this year."""
    rows: list[tuple[str, str, int | None, int]] = []
    for parent, names in _LEGACY_GROUPS.items():
        count = draw(st.integers(1, len(names)))
        items = [(draw(st.integers(0, 400)), draw(st.integers(0, 3000))) for _ in range(count)]
        items = [(value, value + more) for value, more in items]
        rows.append((parent, "条", sum(v for v, _ in items), sum(c for _, c in items)))
        rows.extend(
            (f"{'其中：' if i == 0 else ''}{i + 1}.{name}", "条", value, cumulative)
            for i, (name, (value, cumulative)) in enumerate(zip(names, items, strict=False))
        )
    for label in ("行政复议数", "行政诉讼数"):
        value = draw(st.integers(0, 30))
        rows.append((label, "件", value, value + draw(st.integers(0, 90))))
    return {**fd.DATASET_LEGACY, "rows": rows}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(legacy_tables())
def test_every_recovered_legacy_cell_equals_the_original_or_is_reported_ambiguous(data: dict[str, Any]) -> None:
    report = parse_bytes(fd.flatten(fd.render_legacy_text(data, fd.PROSE_LEGACY)), "flat.txt").report
    open_rows = {d["row"] for d in report["source"]["damaged_rows"] if not d["repaired"]}
    got = _legacy_cells(report)
    assert len(got) == len(data["rows"])
    for (label, value, cumulative), (_, _, original, original_cumulative) in zip(got, data["rows"], strict=True):
        if label in open_rows:
            assert value is None and cumulative is None  # nothing filled by a guess
        else:
            assert (value, cumulative) == (original, original_cumulative), label
    assert all(d["candidates"] != 1 for d in report["source"]["damaged_rows"] if not d["repaired"])


# ---------------------------------------------------------------------------------------------
# The cross-year rule with the agency's report of the year before


def last_year(**changes: Any) -> dict[str, Any]:
    previous = copy.deepcopy(fd.DATASET_A)
    previous["year"] = fd.DATASET_A["year"] - 1
    previous["proactive"]["normative_documents"]["in_force"] = 23
    previous.update(changes)
    return previous


def test_last_years_in_force_decides_a_proactive_row() -> None:
    # "3125" reads 3|1|25, 3|12|5 or 31|2|5; only 23 + 3 − 1 = 25 follows last year's 23 in force.
    report = parse_bytes(one_line(fd.DATASET_A, fd.PROSE_A), "flat.txt", previous=last_year()).report
    assert report["proactive"]["normative_documents"] == {"issued": 3, "abolished": 1, "in_force": 25}
    row = next(d for d in report["source"]["damaged_rows"] if d["row"] == "normative_documents")
    assert row["repaired"] and row["decided_by"][-1] == "cross_year"
    assert all(d["repaired"] for d in report["source"]["damaged_rows"])


def test_a_report_not_of_the_year_before_decides_nothing() -> None:
    report = parse_bytes(one_line(fd.DATASET_A, fd.PROSE_A), "flat.txt", previous=last_year(year=2020)).report
    assert set(report["proactive"]["normative_documents"].values()) == {None}


def test_last_years_carried_forward_decides_this_years_carried_over() -> None:
    # 上年结转 "22400000026" and 本年新收 "2240000…": 22|4 with 2|24 or 2|24 with 22|4 keep C1 and C3.
    data = with_rows(carried_over=(22, 4, 0, 0, 0, 0, 26))
    data["applications"]["new_received"] = dict(
        zip(fd.COLS, (2, 24, *[data["applications"]["new_received"][c] - 0 for c in fd.COLS[2:-1]], 0), strict=True)
    )
    without = parse_bytes(one_line(data, fd.PROSE_A), "flat.txt").report
    assert "carried_over" in _ambiguous_rows(without)
    previous = last_year()
    previous["applications"]["carried_forward"] = dict(data["applications"]["carried_over"])
    report = parse_bytes(one_line(data, fd.PROSE_A), "flat.txt", previous=previous).report
    assert report["applications"]["carried_over"] == data["applications"]["carried_over"]
    row = next(d for d in report["source"]["damaged_rows"] if d["row"] == "carried_over")
    assert row["repaired"] and "cross_year" in row["decided_by"]


def _ambiguous_rows(report: dict[str, Any]) -> set[str]:
    return {d["row"] for d in report["source"]["damaged_rows"] if not d["repaired"]}


def test_one_line_legacy_table_with_codes_and_heading_rows() -> None:
    # Heading rows run into the next label; codes (01) sit between label and unit; "…件71.当面…" is
    # the answer 7, then item 1.
    text = (
        "石门区2011年政府信息公开工作年度报告一、概述2011年，全区主动公开政府信息2315条。统计指标代码单位数量"
        "一、主动公开情况（一）主动公开信息数01条2315其中：全文电子化的主动公开信息数02条2100"
        "（二）网站专栏页面访问量04人次48211二、依申请公开情况（一）申请总数10件71.当面申请数11件3"
        "2.传真申请数12件/3.电子邮件申请数13件14.网上申请数14件2（二）行政复议数31件1石门区人民政府办公室2012年4月10日"
    )
    report = parse_bytes(text.encode(), "flat.txt").report
    got = [(r["label"], r["unit"], r["value"], len(r["path"])) for r in report["legacy"]]
    assert got == [
        ("主动公开情况", None, None, 0),
        ("主动公开信息数", "条", 2315, 1),
        ("全文电子化的主动公开信息数", "条", 2100, 2),
        ("网站专栏页面访问量", "人次", 48211, 1),
        ("依申请公开情况", None, None, 0),
        ("申请总数", "件", 7, 1),
        ("当面申请数", "件", 3, 2),
        ("传真申请数", "件", None, 2),
        ("电子邮件申请数", "件", 1, 2),
        ("网上申请数", "件", 2, 2),
        ("行政复议数", "件", 1, 1),
    ]
    assert report["source"]["damaged_rows"] == []


@pytest.mark.django_db
def test_the_stored_report_of_the_year_before_is_what_the_parser_is_given() -> None:
    from gongkai.reportcheck.api import stored_previous_year
    from gongkai.reports.models import AnnualReport, ReportSource
    from gongkai.testing.helpers import make_agency

    agency = make_agency("ZC-GOV", "泽川县人民政府")
    assert stored_previous_year(agency, 2022) is None
    AnnualReport.objects.create(agency=agency, year=2021, format="2021", source=ReportSource.IMPORTED, data=last_year())
    previous = stored_previous_year(agency, 2022)
    report = parse_bytes(one_line(fd.DATASET_A, fd.PROSE_A), "flat.txt", previous=previous).report
    assert report["proactive"]["normative_documents"] == {"issued": 3, "abolished": 1, "in_force": 25}
