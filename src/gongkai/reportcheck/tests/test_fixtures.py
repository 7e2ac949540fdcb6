"""Our own fixtures in the layouts government sites publish: every cell is read back."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.reportcheck.api import parse_bytes
from gongkai.reportcheck.parser import candidate_rows, read_document
from gongkai.testing import reportdata as fd

CELL_KEYS = ("proactive", "applications", "appeals")


def assert_cells(report: dict[str, Any], data: dict[str, Any]) -> None:
    for part in CELL_KEYS:
        assert report[part] == data[part], part
    assert (report["format"], report["year"], report["agency"]) == (data["format"], data["year"], data["agency"])


def parse_fixture(name: str) -> tuple[dict[str, Any], list]:
    result = parse_bytes((fd.FIXTURES / name).read_bytes(), name)
    return result.report, result.findings


def test_2021_tab_separated_text() -> None:
    report, findings = parse_fixture("zechuan-2022-tab.txt")
    assert_cells(report, fd.DATASET_A)
    assert report["fees_yuan"] == "0"  # "未收取信息处理费"
    assert report["source"]["published"] == "2023-03-20"
    assert findings == []


def test_2021_digits_run_together_are_split_by_the_rules() -> None:
    report, findings = parse_fixture("zechuan-2022-flattened.txt")
    assert_cells(report, fd.DATASET_A)
    damaged = report["source"]["damaged_rows"]
    assert {d["row"] for d in damaged} >= {"new_received", "total_processed", "*"}
    assert all(d["repaired"] and d["problem"] == "run_together" for d in damaged)
    assert next(d for d in damaged if d["row"] == "new_received")["printed"] == ["640020470"]
    assert findings == []


def test_2019_one_cell_per_line_in_gb18030() -> None:
    raw = (fd.FIXTURES / "zechuan-edu-2020-cells.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert read_document(raw, "x.txt").encoding == "gb18030"
    report, findings = parse_fixture("zechuan-edu-2020-cells.txt")
    assert_cells(report, fd.DATASET_B)
    assert report["source"]["published"] == "2021-01-28"  # a department: deadline 31 January
    # 140 (网站) + 70 (微信) ≥ 156: a channel breakdown that is plausible; the text agrees with the tables.
    assert findings == []


def test_html_with_rowspan_colspan_and_blank_totals() -> None:
    report, findings = parse_fixture("yunling-2023.html")
    assert_cells(report, fd.DATASET_C)
    assert report["fees_yuan"] == "1200"
    assert report["source"]["published"] == "2024-03-15"
    # Result rows print no 总计: C3 is not checked there; the 自然人 and 商业企业 columns break C2.
    assert [(f.code, f.where["column"], f.expected, f.actual) for f in findings] == [
        ("C2", "natural_person", 386, 390),
        ("C2", "commercial", 29, 30),
    ]


def test_pdf_rendered_from_html() -> None:
    pdf = fd.render_pdf(fd.render_html(fd.DATASET_C, fd.PROSE_C, "2024-03-15", layout=False))
    result = parse_bytes(pdf, "yunling.pdf")
    assert_cells(result.report, fd.DATASET_C)
    assert result.report["source"]["kind"] == "pdf"
    assert [f.code for f in result.findings] == ["C2", "C2"]


@pytest.mark.parametrize(
    ("data", "prose"), [(fd.DATASET_A, fd.PROSE_A), (fd.DATASET_B, fd.PROSE_B), (fd.DATASET_C, fd.PROSE_C)]
)
def test_docx_with_merged_cells(data: dict[str, Any], prose: dict[str, str]) -> None:
    result = parse_bytes(fd.render_docx(data, prose), "report.docx")
    assert_cells(result.report, data)
    assert list(result.report["sections"]) == ["一", "二", "三", "四", "五", "六"]


def test_fujian_legacy_table_with_cumulative_column() -> None:
    report, findings = parse_fixture("qingxi-2016-fujian.txt")
    assert (report["format"], report["year"], report["agency"]) == ("legacy", 2016, "青溪县")
    got = [(r["label"], r["unit"], r["value"], r["cumulative"], tuple(r["path"])) for r in report["legacy"]]
    assert got == [
        ("主动公开文件数", "条", 1325, 15022, ()),
        ("政府网站公开数", "条", 1210, 13020, ("主动公开文件数",)),
        ("政府公报公开数", "条", 115, 2002, ("主动公开文件数",)),
        ("受理依申请公开信息总数", "条", 9, 86, ()),
        ("当面申请数", "条", 2, 40, ("受理依申请公开信息总数",)),
        ("网上申请数", "条", 6, 38, ("受理依申请公开信息总数",)),
        ("信函、传真申请数", "条", 1, 8, ("受理依申请公开信息总数",)),
        ("对申请的答复总数", "条", 9, 86, ()),
        ("同意公开答复数", "条", 6, 60, ("对申请的答复总数",)),
        ("同意部分公开答复数", "条", 1, 9, ("对申请的答复总数",)),
        ("不予公开答复数", "条", 1, 10, ("对申请的答复总数",)),
        ("其他类型答复数", "条", 1, 7, ("对申请的答复总数",)),
        ("政府信息公开收费减免金额", "元", None, 0, ()),
        ("接受行政诉讼、举报数", "件", 0, 1, ()),
        ("行政复议数", "件", 1, 5, ()),
        ("行政诉讼数", "件", 0, 1, ()),
    ]
    assert findings == []


def test_older_legacy_table_in_html_with_codes() -> None:
    report, findings = parse_fixture("dingxi-style-2011.html")
    assert (report["format"], report["year"], report["agency"]) == ("legacy", 2011, "石门区")
    got = {r["label"]: r["value"] for r in report["legacy"]}
    assert got["主动公开信息数"] == 2315  # "2,315"
    assert got["网站专栏页面访问量"] == 48211  # "48 211"
    assert got["传真申请数"] is None and got["行政诉讼数"] is None  # "/" and "无"
    assert [r["path"] for r in report["legacy"] if r["label"] == "当面申请数"] == [
        ["二、依申请公开情况", "（一）申请总数"]
    ]
    codes = [(f.code, f.expected, f.actual) for f in findings]
    # 5 + 1 + 2 answers against 7; published 10 April for a deadline of 31 March (old 条例).
    assert codes == [("legacy_sum", 7, 8), ("late_publication", "2012-03-31", "2012-04-10")]


def test_row_with_a_lost_cell_and_no_rule_to_decide_is_damaged() -> None:
    text = (fd.FIXTURES / "zechuan-2022-tab.txt").read_text(encoding="utf-8")
    text = text.replace("行政规范性文件\t3\t1\t25", "行政规范性文件\t3125")
    text = text.replace("（一）予以公开\t30\t0\t0\t1\t0\t2\t33", "（一）予以公开\t30\t0\t0\t1\t0\t2")
    text = text.replace(
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t5\t0\t0\t0\t0\t0\t5",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t5\t0\t0\t0\t0",
    )
    result = parse_bytes(text.encode(), "x.txt")
    damaged = {d["row"]: d for d in result.report["source"]["damaged_rows"]}
    # 3125 as three counts: 3|1|25, 3|12|5, 31|2|5 — no rule on this table decides.
    assert damaged["normative_documents"]["repaired"] is False
    assert damaged["normative_documents"]["candidates"] == 3
    assert result.report["proactive"]["normative_documents"] == {"issued": None, "abolished": None, "in_force": None}
    # Two damaged rows in the same columns: C2 cannot decide either of them.
    assert damaged["granted"]["repaired"] is False and damaged["partial"]["repaired"] is False
    assert result.report["applications"]["granted"]["natural_person"] is None
    errors = [f for f in result.findings if f.code == "damaged_row"]
    assert len(errors) == 3 and all(f.severity == "error" for f in errors)


def test_a_single_damaged_row_is_filled_when_the_rules_leave_one_possibility() -> None:
    text = (fd.FIXTURES / "zechuan-2022-tab.txt").read_text(encoding="utf-8")
    text = text.replace("（一）予以公开\t30\t0\t0\t1\t0\t2\t33", "（一）予以公开\t30\t0\t1\t0\t2\t33")
    result = parse_bytes(text.encode(), "x.txt")
    assert result.report["applications"]["granted"] == fd.DATASET_A["applications"]["granted"]
    [finding] = result.findings
    assert (finding.code, finding.severity, finding.where["row"]) == ("damaged_row", "warning", "granted")


def test_candidate_rows() -> None:
    assert [64, 0, 0, 2, 0, 4, 70] in candidate_rows(["640020470"], 7)
    # "（六）其他处理0 0 0 0 0 00": "00" split, or one cell lost beside it.
    rows = candidate_rows(["0", "0", "0", "0", "0", "00"], 7)
    assert rows[0] == [0] * 7 and len(rows) == 1 + 7
    assert len(candidate_rows(["", "0", "0", "0", "0", "0"], 7)) == 7  # the lost cell may be anywhere
    assert candidate_rows(["x"], 3) == []
    assert candidate_rows(["9" * 60], 7) == []  # too long to split: reported, not searched


@pytest.mark.parametrize(("data", "prose"), [(fd.DATASET_A, fd.PROSE_A), (fd.DATASET_B, fd.PROSE_B)])
def test_pdf_tables_without_ruling_lines(data: dict[str, Any], prose: dict[str, str]) -> None:
    """No lines for pdfplumber to find: rows come from the text lines, and long labels wrapped above
    and below their numbers are joined again."""
    markup = fd.render_html(data, prose, layout=False).replace("border:1px solid #000;", "")
    result = parse_bytes(fd.render_pdf(markup), "unruled.pdf")
    assert_cells(result.report, data)
    assert result.findings == []


def test_provincial_extra_row_goes_to_proactive_extra() -> None:
    text = fd.render_tab_text(fd.DATASET_B, fd.PROSE_B).replace(
        "规范性文件\t2\t2\t15", "规范性文件\t2\t2\t15\n其他主动公开文件\t5\t—\t40"
    )
    result = parse_bytes(text.encode(), "x.txt")
    assert result.report["proactive"]["extra"] == [
        {
            "table": "第二十条第（一）项",
            "label": "其他主动公开文件",
            "values": {"本年新制作数量": 5, "本年新公开数量": None, "对外公开总数量": 40},
        }
    ]
    assert result.report["proactive"]["normative_documents"] == fd.DATASET_B["proactive"]["normative_documents"]


def test_fee_printed_in_yuan_is_shifted_exactly() -> None:
    text = (fd.FIXTURES / "zechuan-2022-tab.txt").read_text(encoding="utf-8")
    text = text.replace("本年收费金额（单位：万元）", "本年收费金额（单位：元）").replace("1234.5678", "12345678.9")
    fees = parse_bytes(text.encode(), "x.txt").report["proactive"]["fees"]
    assert fees == {"amount_wan_yuan": "1234.56789", "printed_unit": "元"}
    text = text.replace("12345678.9", "12345678.9元").replace("（单位：元）", "")
    assert parse_bytes(text.encode(), "x.txt").report["proactive"]["fees"]["amount_wan_yuan"] == "1234.56789"
