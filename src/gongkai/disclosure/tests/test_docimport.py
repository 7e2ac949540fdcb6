"""Reading 公文 files into draft fields (gongkai.disclosure.docimport), on documents made here in the
layouts clerks really receive, and on the letters this system writes itself."""

from __future__ import annotations

import datetime as dt
import io
import logging

import pytest
from django.core.exceptions import ValidationError

from gongkai.disclosure.docimport import (
    guess_genre,
    normalise_doc_number,
    parse_cn_date,
    read_document,
)
from gongkai.disclosure.tests.documents import TITLE, Layout, gongwen_docx, gongwen_pdf

D = dt.date


@pytest.fixture(autouse=True)
def _quiet_weasyprint():
    logging.getLogger("weasyprint").setLevel(logging.WARNING)


def test_red_header_with_centred_number_and_recipients():
    found = read_document(gongwen_docx(Layout(attachments=["甲镇森林防火责任人名单"])))
    assert found.kind == "docx"
    assert found.title == TITLE
    assert found.issuer == "测试县甲局"  # the 发文机关标志 without 文件
    assert found.doc_number == "甲林发〔2026〕3号"
    assert found.formed_on == D(2026, 3, 5)
    assert found.recipients == "各乡镇人民政府，县直各有关单位"
    assert found.attachment_names == ["甲镇森林防火责任人名单"]
    assert found.genre == "notice"
    assert found.secret_mark == ""
    # The body: 主送 first, headings and the list and table kept, styles dropped, the 版记 left out.
    assert found.body.startswith("<p>各乡镇人民政府，县直各有关单位：</p>")
    assert "<h2>一、总体要求</h2>" in found.body and "<h3>（一）加强组织领导</h3>" in found.body
    assert "<ul>\n<li>严禁野外吸烟</li>" in found.body
    assert "<table><tbody><tr><td>乡镇</td><td>责任人</td><td>联系电话</td></tr>" in found.body
    assert "style" not in found.body and "color" not in found.body
    assert "抄送" not in found.body and "印发" not in found.body
    assert "甲林发" not in found.body and TITLE not in found.body  # the 版头 and title are fields, not body
    assert found.notes == ["附件说明列出1个附件，请一并上传"]


def test_upward_layout_with_number_left_and_signer_right_without_recipients():
    layout = Layout(number_position="left", signer="王某", recipients="", mark="测试县甲局")
    found = read_document(gongwen_docx(layout))
    assert found.doc_number == "甲林发〔2026〕3号"  # not "…签发人：王某"
    assert found.issuer == "测试县甲局"
    assert found.title == TITLE
    assert found.recipients == ""
    assert found.body.startswith("<p>为切实做好今年春季森林防火工作")


def test_attachment_list_several_names_and_numbering_stripped():
    names = ["甲镇森林防火责任人名单", "森林防火宣传提纲", "火情报告表"]
    found = read_document(gongwen_docx(Layout(attachments=names)))
    assert found.attachment_names == names
    assert "<p>附件：1．甲镇森林防火责任人名单</p>" in found.body  # the 附件说明 stays in the text too


def test_number_in_square_brackets_is_normalised_and_chinese_numeral_date_read():
    layout = Layout(number="甲林发[2026]12号", date_text="二〇二六年三月十五日", mark="测试县人民政府文件")
    found = read_document(gongwen_docx(layout))
    assert found.doc_number == "甲林发〔2026〕12号"
    assert found.formed_on == D(2026, 3, 15)
    assert found.issuer == "测试县人民政府"


def test_long_title_over_two_lines_and_no_header_at_all():
    lines = ["关于印发《测试县森林防火", "责任追究办法》的通知"]
    found = read_document(gongwen_docx(Layout(mark="", number="", title_lines=lines, imprint=False)))
    assert found.title == "关于印发《测试县森林防火责任追究办法》的通知"
    assert found.doc_number == ""
    assert found.issuer == "测试县甲局"  # from the 署名 above the date
    assert "未识别到文号" in found.notes


def test_secret_mark_is_reported_first():
    found = read_document(gongwen_docx(Layout(secret="机密★1年")))
    assert found.secret_mark == "机密★1年"
    assert found.notes[0].startswith("文件标有密级“机密★1年”")
    assert found.title == TITLE and found.doc_number == "甲林发〔2026〕3号"


def test_missing_date_and_signature_are_noted():
    found = read_document(gongwen_docx(Layout(mark="", signature="", date_text="")))
    assert found.formed_on is None and found.issuer == ""
    assert "未识别到成文日期" in found.notes and "未识别到发文机关" in found.notes


def test_pdf_with_a_text_layer_gives_the_same_fields():
    found = read_document(gongwen_pdf(Layout(attachments=["责任人名单"])))
    assert found.kind == "pdf"
    assert (found.title, found.issuer, found.doc_number, found.formed_on, found.recipients) == (
        TITLE,
        "测试县甲局",
        "甲林发〔2026〕3号",
        D(2026, 3, 5),
        "各乡镇人民政府，县直各有关单位",
    )
    assert found.attachment_names == ["责任人名单"]
    # Lines wrapped by the page are joined into their paragraph again; the table is a table.
    joined = "为切实做好今年春季森林防火工作，保护森林资源和人民群众生命财产安全，现将有关事项通知如下。"
    assert f"<p>{joined}</p>" in found.body
    assert "<h2>一、总体要求</h2>" in found.body
    assert "<tr><td>甲镇</td><td>王某</td><td>0000-1111111</td></tr>" in found.body


def test_the_letter_docx_this_system_writes(county):
    from gongkai.applications.letters import to_docx
    from gongkai.testing.helpers import in_person

    application = in_person(county, D(2025, 3, 3))
    letter = application.letters.order_by("id").first()
    assert letter is not None
    found = read_document(to_docx(letter))
    assert found.title == letter.title
    assert found.doc_number == letter.number
    assert found.recipients == letter.recipient
    assert found.issuer == letter.signed_by
    assert found.formed_on == letter.issued_on
    assert "文号不是“机关代字〔年份〕序号”的格式，请核对" in found.notes
    first_paragraph = next(p for p in letter.body.split("\n") if p.strip())
    assert first_paragraph[:20] in found.body


def test_tables_keep_merged_cells_and_links_survive_sanitising():
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("关于公布2026年第一批行政许可事项的公告").alignment = 1
    document.add_paragraph("各有关单位：")
    paragraph = document.add_paragraph("详见")
    rel = paragraph.part.relate_to("https://www.gov.cn/zhengce/", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "国务院政策文件库"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    evil = document.add_paragraph("")
    rel = evil.part.relate_to("javascript:alert(1)", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "许可事项一览"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "建设类"
    table.cell(1, 1).text = "施工许可"
    table.cell(2, 1).text = "规划许可"
    document.add_paragraph("2026年1月2日").alignment = 2
    out = io.BytesIO()
    document.save(out)
    found = read_document(out.getvalue())
    assert found.genre == "announcement"
    assert '<a href="https://www.gov.cn/zhengce/" rel="noopener noreferrer">国务院政策文件库</a>' in found.body
    assert "javascript" not in found.body
    assert '<td colspan="3">许可事项一览</td>' in found.body
    assert '<td rowspan="2">建设类</td>' in found.body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件为空"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "另存为 .docx"),
        (b"just some text", "只能从 DOCX 或带文字层的 PDF"),
        (b"PK\x03\x04 not really a zip", "只能从 DOCX 或带文字层的 PDF"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data, message):
    with pytest.raises(ValidationError) as caught:
        read_document(data)
    assert message in "".join(caught.value.messages)


def test_a_pdf_without_text_layer_is_refused():
    from weasyprint import HTML

    blank = HTML(string="<html><body><div style='height:10cm;border:1px solid #000'></div></body></html>").write_pdf()
    with pytest.raises(ValidationError) as caught:
        read_document(blank)
    assert "没有文字层" in "".join(caught.value.messages)


def test_a_damaged_docx_is_refused():
    data = gongwen_docx()
    with pytest.raises(ValidationError) as caught:
        read_document(data[: len(data) // 2])
    assert caught.value.messages


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("甲政发〔2026〕3号", "甲政发〔2026〕3号"),
        ("甲政发[2026]03号", "甲政发〔2026〕3号"),
        ("甲政发（2026）第 5 号", "甲政发〔2026〕5号"),
        ("甲政发【２０２６】１２号  签发人：张某", "甲政发〔2026〕12号"),
        ("第3号", ""),
    ],
)
def test_doc_numbers(text, expected):
    assert normalise_doc_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026年3月5日", D(2026, 3, 5)),
        ("2026 年 12 月 31 日", D(2026, 12, 31)),
        ("二〇二六年十二月二十一日", D(2026, 12, 21)),
        ("二○二五年一月十日", D(2025, 1, 10)),
        ("2026年2月30日", None),
        ("2026年3月5日印发", None),
    ],
)
def test_dates(text, expected):
    assert parse_cn_date(text) == expected


def test_genre_from_the_title_ending():
    assert guess_genre("关于印发《测试县农村建房管理办法》的通知") == "notice"
    assert guess_genre("测试县农村建房管理办法") == "rules"
    assert guess_genre("《测试县农村建房管理办法》政策解读") == "interpretation"
    assert guess_genre("测试县甲局关于同意设立某站的批复") == "reply"
    assert guess_genre("2026年工作要点") == ""
