"""Issue 16, part 1: tables whose cells and line breaks ran together are recovered by the rules, or the
rows the rules leave open are reported as ambiguous with their candidates — never a silent guess."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.reportcheck.api import parse_bytes
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


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_reports())
def test_every_recovered_cell_equals_the_original_or_is_reported_ambiguous(data: dict[str, Any]) -> None:
    report = parse_bytes(one_line(data, fd.PROSE_A), "flat.txt").report
    assert_recovered_or_ambiguous(report, data)
    for damage in report["source"]["damaged_rows"]:
        if not damage["repaired"]:
            assert damage["candidates"] != 1
