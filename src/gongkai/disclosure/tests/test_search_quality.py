"""Queries as people type them, each with the items it must find (issue 14): 文号 written every way,
words separated by spaces, text extracted from a PDF (Kangxi radicals, broken lines), the 内容概述.
Run on SQLite and on PostgreSQL: both engines must give these answers, and agree with a scan."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from gongkai.disclosure import search
from gongkai.disclosure.actions import attachment_add, item_publish, item_review, item_submit
from gongkai.disclosure.models import Attachment, Item
from gongkai.disclosure.rules import item_matches, normalize, normalize_with_origins, query_terms
from gongkai.disclosure.tests.helpers import draft, published

pytestmark = pytest.mark.django_db

# A PDF reader's text of a narrow column: broken lines, and 金 and 长 as the radicals ⾦ (U+2FA6) and
# ⻓ (U+2ED3), as fonts that reuse one glyph for both make it.
PDF_HTML = "<p style='width:6em'>关于下达暖冬专项资⾦的通知，⻓期有效，各乡镇人民政府要做好发放工作</p>"

# (query, names of the items it must find, and nothing else)
QUERIES: list[tuple[str, set[str]]] = [
    # Punctuation inside a title: 《》 are not typed.
    ("关于印发最低", {"低保"}),
    ("印发《最低生活保障资金发放办法》", {"低保"}),
    ("最低生活保障资金发放办法的通知", {"低保"}),
    # 文号 as typed: brackets of every kind, full-width digits, with or without 第 and 号.
    ("县政办发〔2026〕3号", {"低保"}),
    ("县政办发[2026]3号", {"低保"}),
    ("县政办发(2026)3号", {"低保"}),
    ("县政办发（2026）3号", {"低保"}),
    ("县政办发【2026】3号", {"低保"}),
    ("县政办发［2026］3号", {"低保"}),
    ("县政办发〔２０２６〕３号", {"低保"}),
    ("县政办发〔2026〕第3号", {"低保"}),
    ("县政办发〔2026〕3", {"低保"}),
    ("县政办发 2026 3号", {"低保"}),
    ("〔2026〕3号", {"低保"}),
    ("县林发〔2025〕12号", {"森林防火"}),  # written with 第 in the item
    ("县林发[2025]第12号", {"森林防火"}),
    ("县林发（２０２５）１２", {"森林防火"}),
    # Several words: all must occur, in any order; quotes keep a phrase.
    ("森林防火", {"森林防火"}),
    ("森林 防火", {"森林防火", "防火检查"}),
    ("防火　森林", {"森林防火", "防火检查"}),  # an ideographic space, as a Chinese keyboard types it
    ('"森林 防火"', {"森林防火"}),
    ("“森林 防火”", {"森林防火"}),
    ("森林 防汛 防火", {"森林防火"}),
    ("森林 龘靐", set()),
    # Text extracted from a PDF attachment: radicals and line breaks.
    ("暖冬专项资金", {"暖冬"}),
    ("暖冬专项资⾦", {"暖冬"}),
    ("长期有效", {"暖冬"}),
    ("要做好发放工作", {"暖冬"}),
    ("暖冬 人民政府", {"暖冬"}),
    # The 内容概述 is searched with the title, body and attachments.
    ("衔接资金", {"衔接"}),
    ("乡村振兴 分配方案", {"衔接"}),
    ("低保 发放对象", {"低保"}),
    # Full-width letters and digits, and case.
    ("ｐｍ２.５", {"空气"}),
    ("PM2.5 监测", {"空气"}),
    ("二〇二六年度", {"空气"}),
    # Nothing to find.
    ("龘靐", set()),
]


@pytest.fixture
def items(county, category) -> dict[str, Item]:
    import weasyprint

    made = {
        "低保": published(
            county,
            category,
            title="关于印发《最低生活保障资金发放办法》的通知",
            doc_number="县政办发〔2026〕3号",
            summary="明确城乡低保资金的发放对象、标准和程序。",
            body="<p>各乡镇人民政府：现将办法印发给你们，请认真贯彻执行。</p>",
            published_on=dt.date(2026, 2, 3),
        ),
        "森林防火": published(
            county,
            category,
            title="森林防火工作方案",
            doc_number="县林发〔2025〕第12号",
            body="<p>做好森林防火和防汛工作。</p>",
            published_on=dt.date(2025, 11, 4),
        ),
        "防火检查": published(
            county,
            category,
            title="防火安全检查情况通报",
            body="<p>全县森林覆盖率继续提高。</p>",
            published_on=dt.date(2025, 12, 1),
        ),
        "衔接": published(
            county,
            category,
            title="关于下达资金的通知",
            summary="乡村振兴衔接资金的分配方案",
            body="<p>详见附表。</p>",
            published_on=dt.date(2026, 1, 5),
        ),
        "空气": published(
            county,
            category,
            title="二〇二六年度空气质量公报",
            body="<p>全年ＰＭ２.５平均浓度下降，监测点位12个。</p>",
            published_on=dt.date(2026, 3, 1),
        ),
    }
    item = draft(county, category, title="关于下达冬季救助资金的通知", body="<p>详见附件。</p>")
    pdf = weasyprint.HTML(string=PDF_HTML).write_pdf()
    attachment_add(item=item, actor=county.clerk_a, filename="通知.pdf", data=pdf)
    item_submit(item=item, actor=county.clerk_a)
    item_review(item=item, actor=county.reviewer_a, approve=True)
    made["暖冬"] = item_publish(item=item, actor=county.clerk_a, published_on=dt.date(2026, 1, 20))
    return made


def fields_of(item: Item) -> list[str]:
    texts = Attachment.objects.filter(item=item).values_list("text", flat=True)
    return [item.title, item.doc_number, item.summary, item.body_text, *texts]


def test_the_pdf_text_really_has_radicals_and_broken_lines(items):
    text = Attachment.objects.get(item=items["暖冬"]).text
    assert "⾦" in text and "⻓" in text and "\n" in text


@pytest.mark.parametrize(("query", "names"), QUERIES, ids=[q for q, _ in QUERIES])
def test_realistic_query_finds_its_items(items, query, names):
    result = search.search(query, limit=100)
    assert result is not None
    by_id = {item.pk: name for name, item in items.items()}
    assert {by_id[i] for i in result.ids} == names
    assert result.count == len(names)
    # The engines agree with the definition of a hit (every word a substring of a normalised field).
    assert set(result.ids) == {item.pk for item in items.values() if item_matches(query, fields_of(item))}


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_spaced_words_order_title_hits_first(items, sort):
    ids = search.search("森林 防火", sort=sort).ids
    if sort == "relevance":
        assert ids == [items["森林防火"].pk, items["防火检查"].pk]  # only the first has both in its title
    else:
        assert ids == [items["防火检查"].pk, items["森林防火"].pk]


def test_filters_apply_to_spaced_words(items, county):
    assert search.search("森林 防火", search.Filters(year=2025)).count == 2
    assert search.search("森林 防火", search.Filters(year=2026)).count == 0
    assert search.search("森林 防火", search.Filters(agency_id=county.dept_b.pk)).count == 0


def test_snippet_marks_the_words_in_the_original_text(items):
    pdf_item, poverty = items["暖冬"], items["低保"]
    found = search.snippets([pdf_item, poverty], "暖冬专项资金 县政办发[2026]3号")
    # The line break inside the words is gone, the radical is shown as the document has it.
    assert "<mark>暖冬专项资⾦</mark>" in found[pdf_item.pk]
    assert found[poverty.pk] == "<mark>县政办发〔2026〕3号</mark>"
    summary = search.snippets([poverty], "发放对象")[poverty.pk]
    assert summary == "明确城乡低保资金的<mark>发放对象</mark>、标准和程序。"


def test_snippet_escapes_the_text_around_the_marks():
    html = search.snippet_of("前文<b>&\n森林\n防火</b>后文" + "长" * 200, ["森林防火"])
    assert html is not None
    assert html.startswith("前文&lt;b&gt;&amp;<mark>森林防火</mark>&lt;/b&gt;后文")
    assert html.endswith("…") and len(html) < 200
    assert search.snippet_of("没有这个词", ["森林"]) is None


def test_snippet_of_a_hit_deep_in_a_long_text():
    text = "甲" * 20_000 + "\n森林\n防火 " + "乙" * 50
    html = search.snippet_of(text, ["森林防火"])
    assert html is not None and html.startswith("…甲") and "<mark>森林防火</mark>" in html


def test_normalisation_of_pdf_and_typed_text():
    # Every Kangxi radical maps to a CJK unified ideograph.
    for code in range(0x2F00, 0x2FD6):
        mapped = normalize(chr(code))
        assert len(mapped) == 1 and "CJK UNIFIED IDEOGRAPH" in unicodedata.name(mapped), hex(code)
    assert normalize("⾦") == "金" and normalize("⻓⻔") == "长门"
    assert normalize("ＡＢＣ１２３") == "abc123"
    assert normalize("暖冬\n专项 资金\r\n") == "暖冬专项资金"
    assert normalize("关于印发《最低…》") == "关于印发最低"
    assert query_terms('森林 "防火 安全" 森林防火') == ["防火安全", "森林防火"]
    assert query_terms("、，。 ") == []


def test_origins_point_at_the_original_characters():
    text = "国发〔２０２６〕第 3 号：《⻓期》"
    normalized, origins = normalize_with_origins(text)
    assert normalized == normalize(text) == "国发20263号长期"
    assert "".join(text[i] for i in origins) == "国发２０２６3号⻓期"
