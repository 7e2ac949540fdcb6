"""The DOCX export: page setup, headings, and tables merged exactly as on the national form."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from gongkai.reportformats.definitions import APPLICANT_COLUMNS, APPLICATIONS_NOTE, FORMATS
from gongkai.reports.export import export

from .wordxml import shape, tc_rows

NOTE = APPLICATIONS_NOTE
R, C = "restart", "continue"


def open_docx(report: dict[str, Any]) -> docx.document.Document:
    return docx.Document(io.BytesIO(export(report, ".docx")))


# ---------------------------------------------------------------------------------------------
# The national form's layout, written out here (read from template-2021-format.docx by hand), so
# that the exporter is checked against the form and not against its own layout code.

SECTION_2_2021 = [
    [("第二十条第（一）项", 4, None)],
    [("信息内容", 1, None), ("本年制发件数", 1, None), ("本年废止件数", 1, None), ("现行有效件数", 1, None)],
    [("规章", 1, None), ("1", 1, None), ("2", 1, None), ("17", 1, None)],
    [("行政规范性文件", 1, None), ("8", 1, None), ("26", 1, None), ("66", 1, None)],
    [("第二十条第（五）项", 4, None)],
    [("信息内容", 1, None), ("本年处理决定数量", 3, None)],
    [("行政许可", 1, None), ("447228", 3, None)],
    [("第二十条第（六）项", 4, None)],
    [("信息内容", 1, None), ("本年处理决定数量", 3, None)],
    [("行政处罚", 1, None), ("3985758", 3, None)],
    [("行政强制", 1, None), ("88283", 3, None)],
    [("第二十条第（八）项", 4, None)],
    [("信息内容", 1, None), ("本年收费金额（单位：万元）", 3, None)],
    [("行政事业性收费", 1, None), ("24252.311082", 3, None)],
]

APPLICATIONS_HEADER = [
    [(NOTE, 3, R), ("申请人情况", 7, None)],
    [("", 3, C), ("自然人", 1, R), ("法人或其他组织", 5, None), ("总计", 1, R)],
    [
        ("", 3, C),
        ("", 1, C),
        ("商业企业", 1, None),
        ("科研机构", 1, None),
        ("社会公益组织", 1, None),
        ("法律服务机构", 1, None),
        ("其他", 1, None),
        ("", 1, C),
    ],
]

# Label cells of each data row: "top" spans all three label columns; "result" starts the
# 三、本年度办理结果 cell; "in" continues it; "g:<label>" starts a （三）… group cell; "gin" continues one.
LABELS_2021 = [
    ("new_received", ["top"]),
    ("carried_over", ["top"]),
    ("granted", ["result", "wide"]),
    ("partial", ["in", "wide"]),
    ("denied_state_secret", ["in", "g:（三）不予公开", "item"]),
    *(
        (key, ["in", "gin", "item"])
        for key in (
            "denied_law_forbidden",
            "denied_security_stability",
            "denied_third_party",
            "denied_internal_affairs",
            "denied_process_info",
            "denied_enforcement_file",
            "denied_admin_query",
        )
    ),
    ("unable_not_held", ["in", "g:（四）无法提供", "item"]),
    ("unable_needs_creation", ["in", "gin", "item"]),
    ("unable_unclear", ["in", "gin", "item"]),
    ("rejected_petition", ["in", "g:（五）不予处理", "item"]),
    *(
        (key, ["in", "gin", "item"])
        for key in ("rejected_repeat", "rejected_publication", "rejected_mass_repeat", "rejected_confirm_reissue")
    ),
    ("other_no_correction", ["in", "g:（六）其他处理", "item"]),
    ("other_fee_unpaid", ["in", "gin", "item"]),
    ("other_other", ["in", "gin", "item"]),
    ("total_processed", ["in", "wide"]),
    ("carried_forward", ["top"]),
]


def expected_label_cells(key: str, parts: list[str], labels: dict[str, str]) -> list[tuple[str, int, Any]]:
    cells = []
    for part in parts:
        if part == "top":
            cells.append((labels[key], 3, None))
        elif part == "result":
            cells.append(("三、本年度办理结果", 1, R))
        elif part == "in" or part == "gin":
            cells.append(("", 1, C))
        elif part.startswith("g:"):
            cells.append((part[2:], 1, R))
        elif part == "wide":
            cells.append((labels[key], 2, None))
        else:
            cells.append((labels[key], 1, None))
    return cells


APPEALS_HEADER = [
    [("行政复议", 5, None), ("行政诉讼", 10, None)],
    [
        *((label, 1, R) for label in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")),
        ("未经复议直接起诉", 5, None),
        ("复议后起诉", 5, None),
    ],
    [
        *(("", 1, C) for _ in range(5)),
        *((label, 1, None) for label in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2),
    ],
]


# ---------------------------------------------------------------------------------------------


def test_three_tables_in_form_order(r2021: dict[str, Any]) -> None:
    document = open_docx(r2021)
    assert len(document.tables) == 3
    assert [(len(t.rows), len(t.columns)) for t in document.tables] == [(14, 4), (28, 10), (4, 15)]


def test_section_2_is_one_table_merged_as_on_the_form(r2021: dict[str, Any]) -> None:
    assert tc_rows(open_docx(r2021).tables[0]) == SECTION_2_2021


def test_section_3_table_merges_and_values(r2021: dict[str, Any]) -> None:
    rows = tc_rows(open_docx(r2021).tables[1])
    assert rows[:3] == APPLICATIONS_HEADER
    table = FORMATS["2021"].table("applications")
    labels = {row.key: row.label for row in table.rows}
    assert [key for key, _ in LABELS_2021] == list(labels)
    columns = [c.key for c in APPLICANT_COLUMNS]
    for index, (key, parts) in enumerate(LABELS_2021):
        figures = [(str(r2021["applications"][key][c]), 1, None) for c in columns]
        assert rows[3 + index] == expected_label_cells(key, parts, labels) + figures, key


def test_section_4_table_is_one_row_of_fifteen(r2021: dict[str, Any]) -> None:
    rows = tc_rows(open_docx(r2021).tables[2])
    assert rows[:3] == APPEALS_HEADER
    appeals = r2021["appeals"]
    expected = [
        str(appeals[group][col])
        for group in ("review", "litigation_direct", "litigation_after_review")
        for col in ("upheld", "corrected", "other", "pending", "total")
    ]
    assert [text for text, _span, _merge in rows[3]] == expected


def test_figures_right_aligned_labels_not(r2021: dict[str, Any]) -> None:
    table = open_docx(r2021).tables[1]
    figure = table.cell(3, 5).paragraphs[0]
    label = table.cell(3, 0).paragraphs[0]
    assert figure.text == str(r2021["applications"]["new_received"]["research"])
    assert figure.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert label.alignment != WD_ALIGN_PARAGRAPH.RIGHT


def test_python_docx_sees_merged_cells_as_one(r2021: dict[str, Any]) -> None:
    table = open_docx(r2021).tables[1]
    # The 3×3 note and the 22-row 三、本年度办理结果 cell are one cell wherever they are addressed.
    assert table.cell(0, 0)._tc is table.cell(2, 2)._tc
    assert table.cell(5, 0)._tc is table.cell(26, 0)._tc
    assert table.cell(5, 0)._tc is not table.cell(27, 0)._tc


def test_2019_tables(r2019: dict[str, Any]) -> None:
    document = open_docx(r2019)
    section_2 = tc_rows(document.tables[0])
    # (一) 4 rows, (五) 4, (六) 4, (八) 3, (九) 3.
    assert len(section_2) == 18
    assert section_2[13] == [("信息内容", 1, None), ("上一年项目数量", 1, None), ("本年增/减", 2, None)]
    assert section_2[14] == [("行政事业性收费", 1, None), ("4", 1, None), ("-2", 2, None)]
    assert section_2[17] == [("政府集中采购", 1, None), ("6", 1, None), ("251000.50元", 2, None)]
    applications = tc_rows(document.tables[1])
    assert len(applications) == 26
    # （六）其他处理 is one row of its own in 2019, two label columns wide, under 三、本年度办理结果.
    assert applications[23][:2] == [("", 1, C), ("（六）其他处理", 2, None)]
    # 三、本年度办理结果 spans 20 rows in the 2019 format (docs/domain.md §2.3).
    assert applications[5][0] == ("三、本年度办理结果", 1, R)
    assert [row[0] for row in applications[6:25]] == [("", 1, C)] * 19
    assert applications[25][0] == ("四、结转下年度继续办理", 3, None)
    # Blank cells stay blank: 复议后起诉 is null in this report.
    assert [text for text, _s, _m in tc_rows(document.tables[2])[3]][10:] == [""] * 5


def test_page_setup_fonts_and_title(r2021: dict[str, Any]) -> None:
    document = open_docx(r2021)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert tuple(round(m / Mm(1)) for m in margins) == (37, 35, 28, 26)
    title = document.paragraphs[0]
    assert title.text == "测试县人民政府2024年政府信息公开工作年度报告"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    fonts = title.runs[0]._element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert title.runs[0].font.size.pt == 22
    normal = document.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.font.size.pt == 16


def test_font_fallbacks_declared(r2021: dict[str, Any]) -> None:
    document = open_docx(r2021)
    part = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    text = part.blob.decode("utf-8")
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="华文中宋"/>' in text
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in text


def test_sections_in_order_with_their_text(r2021: dict[str, Any]) -> None:
    texts = [p.text for p in open_docx(r2021).paragraphs if p.text]
    headings = [s.heading for s in FORMATS["2021"].sections]
    assert [t for t in texts if t in headings] == headings
    one = texts.index(headings[0])
    assert texts[one + 1 : one + 3] == [
        "本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。",
        "主动公开政府信息1234条。",
    ]
    assert texts[-1] == "本年度收取信息处理费3940元。"


def test_merged_layout_matches_the_national_form(r2021: dict[str, Any], samples: Path) -> None:
    form = docx.Document(str(samples / "template-2021-format.docx"))
    ours = open_docx(r2021)
    form_headings = [
        p.text.strip() for p in form.paragraphs if p.text.strip()[:2] in {f"{n}、" for n in "一二三四五六"}
    ]
    our_texts = [p.text for p in ours.paragraphs]
    assert form_headings == [t for t in our_texts if t in form_headings]
    assert len(form_headings) == 6
    assert len(form.tables) == len(ours.tables) == 3
    for theirs, mine in zip(form.tables, ours.tables, strict=True):
        theirs_rows, mine_rows = tc_rows(theirs), tc_rows(mine)
        assert shape(mine_rows) == shape(theirs_rows)
        # Every label the form prints is in the same stored cell here (the form's figures are blank).
        for form_row, our_row in zip(theirs_rows, mine_rows, strict=True):
            for (form_text, _s, _m), (our_text, _s2, _m2) in zip(form_row, our_row, strict=True):
                if form_text:
                    assert our_text == form_text


@pytest.mark.parametrize("agency", ["某某县<人民政府>", "A&B县人民政府"])
def test_agency_names_are_text_not_markup(agency: str) -> None:
    from .factories import report_2021

    document = open_docx(report_2021(agency=agency))
    assert document.paragraphs[0].text.startswith(agency)
