"""The five published samples and the real PDF (../shared/samples/reports), read in place.

Figures are asserted cell by cell.  Prose (section text, the sentences facts come from) is not copied
into the repository: it is checked against the sample file itself.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from gongkai.reportcheck.api import parse_bytes
from gongkai.reportformats.definitions import FORMATS, SCHEMA
from gongkai.reportformats.normalize import strip_artifacts

COLS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other", "total")


def table(spec: dict[str, tuple[int | None, ...]], fmt: str) -> dict[str, dict[str, int | None]]:
    keys = [r.key for r in FORMATS[fmt].table("applications").rows]
    return {k: dict(zip(COLS, spec.get(k, (0,) * 7), strict=True)) for k in keys}


def appeals(*groups: tuple[int, ...]) -> dict[str, dict[str, int]]:
    names = ("review", "litigation_direct", "litigation_after_review")
    keys = ("upheld", "corrected", "other", "pending", "total")
    return {n: dict(zip(keys, g, strict=True)) for n, g in zip(names, groups, strict=True)}


def read(samples: Path, name: str) -> tuple[dict[str, Any], list]:
    result = parse_bytes((samples / name).read_bytes(), name)
    return result.report, result.findings


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_sources(report: dict[str, Any], path: Path) -> None:
    """Each fact's sentence is really in the file, and each section's text too."""
    # Conversion debris ([image: …], [bookmark: …]) is dropped by the reader.
    original = squeezed(strip_artifacts(path.read_text(encoding="utf-8")))
    for fact in report["facts"].values():
        assert squeezed(fact["source"]) in original
    for text in report["sections"].values():
        for line in text.splitlines():
            assert squeezed(line) in original


S001 = "001_a3a9e4e4210ae2db.txt"

EXPECTED_001 = {
    "schema": SCHEMA,
    "format": "2019",
    "year": 2019,
    "agency": "新蔡县人民政府",
    "proactive": {
        "regulations": {"made": 0, "published": 0, "total_published": 0},
        "normative_documents": {"made": 29, "published": 26, "total_published": 26},
        "licensing": {"previous_year_items": 9261, "change": -614, "decisions": 8114},
        "other_services": {"previous_year_items": 66, "change": 14, "decisions": 89},
        "punishment": {"previous_year_items": 867, "change": -6, "decisions": 818},
        "enforcement": {"previous_year_items": 275, "change": 5, "decisions": 286},
        "fees": {"previous_year_items": 21, "change": -3},
        "procurement": {"projects": 21, "amount": "13188.0989", "amount_unit": "万元"},
    },
    "applications": table(
        {
            "new_received": (47, 0, 0, 0, 0, 0, 47),
            "carried_over": (1, 0, 0, 0, 0, 0, 1),
            "granted": (46, 0, 0, 0, 0, 0, 46),
            "rejected_petition": (2, 0, 0, 0, 0, 0, 2),
            "total_processed": (48, 0, 0, 0, 0, 0, 48),
        },
        "2019",
    ),
    "appeals": appeals((2, 1, 0, 2, 5), (3, 2, 0, 0, 5), (2, 0, 0, 4, 6)),
    "fees_yuan": None,
    "facts": {
        "主动公开政府信息数": {"value": 4549, "unit": "条"},
        "政务微信公开政府信息数": {"value": 29, "unit": "条"},
        "收到申请数": {"value": 48, "unit": "件"},
        "申请办结数": {"value": 48, "unit": "件"},
        "行政复议数量": {"value": 5, "unit": "件"},
        "行政诉讼数量": {"value": 6, "unit": "件"},
    },
    "source": {
        "filename": S001,
        "kind": "text",
        "title": "新蔡县人民政府2019年政府信息公开工作年度报告",
        "published": None,
        "tables_found": [
            "appeals",
            "applications",
            "article20_1",
            "article20_5",
            "article20_6",
            "article20_8",
            "article20_9",
        ],
        "damaged_rows": [
            {
                "table": "applications",
                "row": "denied_state_secret",
                "printed": ["", "0", "0", "0", "0", "0"],
                "problem": "missing_cells",
                "repaired": True,
                "candidates": 1,
                "decided_by": ["C2", "C3"],
            },
        ],
    },
}


def test_sample_001_whole_json(samples: Path) -> None:
    report, _ = read(samples, S001)
    sections = report.pop("sections")
    facts = report.pop("facts")
    expected = dict(EXPECTED_001)
    expected_facts = expected.pop("facts")
    assert report == expected
    assert {k: {"value": v["value"], "unit": v["unit"]} for k, v in facts.items()} == expected_facts
    assert list(sections) == ["一", "二", "三", "四", "五", "六"]
    assert sections["六"] == "无"
    assert sections["二"] == sections["三"] == sections["四"] == ""  # tables only
    check_sources({"facts": facts, "sections": sections}, samples / S001)


def test_sample_001_findings(samples: Path) -> None:
    _, findings = read(samples, S001)
    assert [(f.code, f.severity) for f in findings] == [("damaged_row", "warning"), ("text_table_mismatch", "warning")]
    damaged, mismatch = findings
    assert damaged.where == {"table": "applications", "row": "denied_state_secret"}
    assert "补全" in damaged.message
    # The text says 6 lawsuits; table 四 counts 5 direct + 6 after review.
    assert (mismatch.where["fact"], mismatch.actual, mismatch.expected) == ("行政诉讼数量", 6, 11)


ROWS_002 = [
    ("主动公开情况", None, None, ()),
    ("主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", 12054, ("一、主动公开情况",)),
    (
        "主动公开规范性文件数",
        "条",
        2,
        ("一、主动公开情况", "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）"),
    ),
    (
        "制发规范性文件总数",
        "件",
        2,
        ("一、主动公开情况", "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）"),
    ),
    ("通过不同渠道和方式公开政府信息的情况", None, None, ("一、主动公开情况",)),
    ("政府公报公开政府信息数", "条", 0, ("一、主动公开情况", "（二）通过不同渠道和方式公开政府信息的情况")),
    ("政府网站公开政府信息数", "条", 11946, ("一、主动公开情况", "（二）通过不同渠道和方式公开政府信息的情况")),
    ("政务微博公开政府信息数", "条", 76, ("一、主动公开情况", "（二）通过不同渠道和方式公开政府信息的情况")),
    ("政务微信公开政府信息数", "条", 30, ("一、主动公开情况", "（二）通过不同渠道和方式公开政府信息的情况")),
    ("其他方式公开政府信息数", "条", 0, ("一、主动公开情况", "（二）通过不同渠道和方式公开政府信息的情况")),
    ("回应解读情况（不同方式回应同一热点或舆情计1次）", None, None, ()),
    (
        "回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）",
        "次",
        1,
        ("二、回应解读情况（不同方式回应同一热点或舆情计1次）",),
    ),
    ("通过不同渠道和方式回应解读的情况", None, 1, ("二、回应解读情况（不同方式回应同一热点或舆情计1次）",)),
    (
        "参加或举办新闻发布会总次数",
        "次",
        1,
        ("二、回应解读情况（不同方式回应同一热点或舆情计1次）", "（二）通过不同渠道和方式回应解读的情况"),
    ),
    (
        "主要负责同志参加新闻发布会次数",
        "次",
        1,
        (
            "二、回应解读情况（不同方式回应同一热点或舆情计1次）",
            "（二）通过不同渠道和方式回应解读的情况",
            "1.参加或举办新闻发布会总次数",
        ),
    ),
    (
        "政府网站在线访谈次数",
        "次",
        12,
        ("二、回应解读情况（不同方式回应同一热点或舆情计1次）", "（二）通过不同渠道和方式回应解读的情况"),
    ),
    (
        "主要负责同志参加政府网站在线访谈次数",
        "次",
        12,
        (
            "二、回应解读情况（不同方式回应同一热点或舆情计1次）",
            "（二）通过不同渠道和方式回应解读的情况",
            "2.政府网站在线访谈次数",
        ),
    ),
    (
        "政策解读稿件发布数",
        "篇",
        1,
        ("二、回应解读情况（不同方式回应同一热点或舆情计1次）", "（二）通过不同渠道和方式回应解读的情况"),
    ),
    (
        "微博微信回应事件数",
        "次",
        0,
        ("二、回应解读情况（不同方式回应同一热点或舆情计1次）", "（二）通过不同渠道和方式回应解读的情况"),
    ),
    (
        "其他方式回应事件数",
        "次",
        0,
        ("二、回应解读情况（不同方式回应同一热点或舆情计1次）", "（二）通过不同渠道和方式回应解读的情况"),
    ),
    ("依申请公开情况", None, None, ()),
    ("收到申请数", "件", 10, ("三、依申请公开情况",)),
    ("当面申请数", "件", 0, ("三、依申请公开情况", "（一）收到申请数")),
    ("传真申请数", "件", 0, ("三、依申请公开情况", "（一）收到申请数")),
    ("网络申请数", "件", 4, ("三、依申请公开情况", "（一）收到申请数")),
    ("信函申请数", "件", 6, ("三、依申请公开情况", "（一）收到申请数")),
    ("其他形式", "件", 0, ("三、依申请公开情况", "（一）收到申请数")),
    ("申请办结数", "件", 10, ("三、依申请公开情况",)),
    ("按时办结数", "件", 10, ("三、依申请公开情况", "（二）申请办结数")),
    ("延期办结数", "件", 0, ("三、依申请公开情况", "（二）申请办结数")),
    ("申请答复数", "件", 10, ("三、依申请公开情况",)),
    ("属于已主动公开范围数", "件", 1, ("三、依申请公开情况", "（三）申请答复数")),
    ("同意公开答复数", "件", 6, ("三、依申请公开情况", "（三）申请答复数")),
    ("同意部分公开答复数", "件", 0, ("三、依申请公开情况", "（三）申请答复数")),
    ("不同意公开答复数", "件", 3, ("三、依申请公开情况", "（三）申请答复数")),
    ("涉及国家秘密", "件", 0, ("三、依申请公开情况", "（三）申请答复数", "4.不同意公开答复数")),
    ("涉及商业秘密", "件", 0, ("三、依申请公开情况", "（三）申请答复数", "4.不同意公开答复数")),
    ("涉及个人隐私", "件", 0, ("三、依申请公开情况", "（三）申请答复数", "4.不同意公开答复数")),
    (
        "危及国家安全、公共安全、经济安全和社会稳定",
        "件",
        0,
        ("三、依申请公开情况", "（三）申请答复数", "4.不同意公开答复数"),
    ),
    ("不是《条例》所指政府信息", "件", 0, ("三、依申请公开情况", "（三）申请答复数", "4.不同意公开答复数")),
    ("法律法规规定的其他情形", "件", 0, ("三、依申请公开情况", "（三）申请答复数", "4.不同意公开答复数")),
    ("不属于本行政机关公开数", "件", 0, ("三、依申请公开情况", "（三）申请答复数")),
    ("申请信息不存在数", "件", 0, ("三、依申请公开情况", "（三）申请答复数")),
    ("告知作出更改补充数", "件", 0, ("三、依申请公开情况", "（三）申请答复数")),
    ("告知通过其他途径办理数", "件", 0, ("三、依申请公开情况", "（三）申请答复数")),
    ("行政复议数量", "件", 7, ()),
    ("维持具体行政行为数", "件", 1, ("四、行政复议数量",)),
    ("被依法纠错数", "件", 3, ("四、行政复议数量",)),
    ("其他情形数", "件", 3, ("四、行政复议数量",)),
    ("行政诉讼数量", "件", 1, ()),
    ("维持具体行政行为或者驳回原告诉讼请求数", "件", 0, ("五、行政诉讼数量",)),
    ("被依法纠错数", "件", 0, ("五、行政诉讼数量",)),
    ("其他情形数", "件", 1, ("五、行政诉讼数量",)),
    ("被举报投诉数量", "件", 0, ()),
    ("维持具体行政行为数", "件", 0, ("六、被举报投诉数量",)),
    ("被纠错数", "件", 0, ("六、被举报投诉数量",)),
    ("其他情形数", "件", 0, ("六、被举报投诉数量",)),
    ("向图书馆、档案馆等查阅场所报送信息数", "条", 0, ()),
    ("纸质文件数", "条", 0, ("七、向图书馆、档案馆等查阅场所报送信息数",)),
    ("电子文件数", "条", 0, ("七、向图书馆、档案馆等查阅场所报送信息数",)),
    ("开通政府信息公开网站（或设立门户网站信息公开专栏）数", "个", 61, ()),
    ("本级政府及其部门门户网站", "个", 49, ("八、开通政府信息公开网站（或设立门户网站信息公开专栏）数",)),
    ("乡镇政府（街道办事处）门户网站", "个", 12, ("八、开通政府信息公开网站（或设立门户网站信息公开专栏）数",)),
    ("设置政府信息查阅点数", "个", 61, ()),
    ("本级政府及其部门", "个", 49, ("九、设置政府信息查阅点数",)),
    ("乡镇政府（街道办事处）", "个", 12, ("九、设置政府信息查阅点数",)),
    ("查阅点接待人数", "次", None, ()),
    ("本级政府及其部门", "次", 500, ("十、查阅点接待人数",)),
    ("乡镇政府（街道办事处）", "次", 1000, ("十、查阅点接待人数",)),
    ("机构建设和保障经费情况", None, None, ()),
    ("政府信息公开工作专门机构数", "个", 61, ("十一、机构建设和保障经费情况",)),
    ("设置政府信息公开查阅点数", "个", 61, ("十一、机构建设和保障经费情况",)),
    ("从事政府信息公开工作人员数", "人", 61, ("十一、机构建设和保障经费情况",)),
    (
        "专职人员数（不包括政府公报及政府网站工作人员数）",
        "人",
        0,
        ("十一、机构建设和保障经费情况", "（三）从事政府信息公开工作人员数"),
    ),
    ("兼职人员数", "人", 61, ("十一、机构建设和保障经费情况", "（三）从事政府信息公开工作人员数")),
    (
        "政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
        "万元",
        0,
        ("十一、机构建设和保障经费情况",),
    ),
    ("政府信息公开会议和培训情况", None, None, ()),
    ("召开政府信息公开工作会议或专题会议数", "次", 1, ("十二、政府信息公开会议和培训情况",)),
    ("举办各类培训班数", "次", 1, ("十二、政府信息公开会议和培训情况",)),
    ("接受培训人员数", "人次", 61, ("十二、政府信息公开会议和培训情况",)),
]


ROWS_004 = [
    ("主动公开情况", None, 162, ()),
    ("主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", 162, ("一、主动公开情况",)),
    (
        "主动公开规范性文件数",
        "条",
        None,
        ("一、主动公开情况", "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）"),
    ),
    (
        "制发规范性文件总数",
        "件",
        None,
        ("一、主动公开情况", "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）"),
    ),
    ("通过不同渠道和方式公开政府信息的情况", None, 162, ("一、主动公开情况",)),
    ("政府公报公开政府信息数", "条", None, ("一、主动公开情况", "（二）通过不同渠道和方式公开政府信息的情况")),
    ("政府网站公开政府信息数", "条", 92, ("一、主动公开情况", "（二）通过不同渠道和方式公开政府信息的情况")),
    ("政务微博公开政府信息数", "条", None, ("一、主动公开情况", "（二）通过不同渠道和方式公开政府信息的情况")),
    ("政务微信公开政府信息数", "条", 6, ("一、主动公开情况", "（二）通过不同渠道和方式公开政府信息的情况")),
    ("其他方式公开政府信息数", "条", 64, ("一、主动公开情况", "（二）通过不同渠道和方式公开政府信息的情况")),
    ("回应解读情况", None, None, ()),
    ("回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "次", None, ("二、回应解读情况",)),
    ("通过不同渠道和方式回应解读的情况", None, None, ("二、回应解读情况",)),
    ("参加或举办新闻发布会总次数", "次", None, ("二、回应解读情况", "（二）通过不同渠道和方式回应解读的情况")),
    (
        "主要负责同志参加新闻发布会次数",
        "次",
        None,
        ("二、回应解读情况", "（二）通过不同渠道和方式回应解读的情况", "1．参加或举办新闻发布会总次数"),
    ),
    ("政府网站在线访谈次数", "次", None, ("二、回应解读情况", "（二）通过不同渠道和方式回应解读的情况")),
    (
        "主要负责同志参加政府网站在线访谈次数",
        "次",
        None,
        ("二、回应解读情况", "（二）通过不同渠道和方式回应解读的情况", "2．政府网站在线访谈次数"),
    ),
    ("政策解读稿件发布数", "篇", None, ("二、回应解读情况", "（二）通过不同渠道和方式回应解读的情况")),
    ("微博微信回应事件数", "次", None, ("二、回应解读情况", "（二）通过不同渠道和方式回应解读的情况")),
    ("其他方式回应事件数", "次", None, ("二、回应解读情况", "（二）通过不同渠道和方式回应解读的情况")),
    ("依申请公开情况", None, None, ()),
    ("收到申请数", "件", None, ("三、依申请公开情况",)),
    ("当面申请数", "件", None, ("三、依申请公开情况", "（一）收到申请数")),
    ("传真申请数", "件", None, ("三、依申请公开情况", "（一）收到申请数")),
    ("网络申请数", "件", None, ("三、依申请公开情况", "（一）收到申请数")),
    ("信函申请数", "件", None, ("三、依申请公开情况", "（一）收到申请数")),
    ("申请办结数", "件", None, ("三、依申请公开情况",)),
    ("按时办结数", "件", None, ("三、依申请公开情况", "（二）申请办结数")),
    ("延期办结数", "件", None, ("三、依申请公开情况", "（二）申请办结数")),
    ("申请答复数", "件", None, ("三、依申请公开情况",)),
    ("属于已主动公开范围数", "件", None, ("三、依申请公开情况", "（三）申请答复数")),
    ("同意公开答复数", "件", None, ("三、依申请公开情况", "（三）申请答复数")),
    ("同意部分公开答复数", "件", None, ("三、依申请公开情况", "（三）申请答复数")),
    ("不同意公开答复数", "件", None, ("三、依申请公开情况", "（三）申请答复数")),
    ("涉及国家秘密", "件", None, ("三、依申请公开情况", "（三）申请答复数", "4．不同意公开答复数")),
    ("涉及商业秘密", "件", None, ("三、依申请公开情况", "（三）申请答复数", "4．不同意公开答复数")),
    ("涉及个人隐私", "件", None, ("三、依申请公开情况", "（三）申请答复数", "4．不同意公开答复数")),
    (
        "危及国家安全、公共安全、经济安全和社会稳定",
        "件",
        None,
        ("三、依申请公开情况", "（三）申请答复数", "4．不同意公开答复数"),
    ),
    ("不是《条例》所指政府信息", "件", None, ("三、依申请公开情况", "（三）申请答复数", "4．不同意公开答复数")),
    ("法律法规规定的其他情形", "件", None, ("三、依申请公开情况", "（三）申请答复数", "4．不同意公开答复数")),
    ("不属于本行政机关公开数", "件", None, ("三、依申请公开情况", "（三）申请答复数")),
    ("申请信息不存在数", "件", None, ("三、依申请公开情况", "（三）申请答复数")),
    ("告知作出更改补充数", "件", None, ("三、依申请公开情况", "（三）申请答复数")),
    ("告知通过其他途径办理数", "件", None, ("三、依申请公开情况", "（三）申请答复数")),
    ("行政复议数量", "件", None, ()),
    ("维持具体行政行为数", "件", None, ("四、行政复议数量",)),
    ("被依法纠错数", "件", None, ("四、行政复议数量",)),
    ("其他情形数", "件", None, ("四、行政复议数量",)),
    ("行政诉讼数量", "件", None, ()),
    ("维持具体行政行为或者驳回原告诉讼请求数", "件", None, ("五、行政诉讼数量",)),
    ("被依法纠错数", "件", None, ("五、行政诉讼数量",)),
    ("其他情形数", "件", None, ("五、行政诉讼数量",)),
    ("举报投诉数量", "件", None, ()),
    ("依申请公开信息收取的费用", "万元", None, ()),
    ("机构建设和保障经费情况", None, None, ()),
    ("政府信息公开工作专门机构数", "个", None, ("八、机构建设和保障经费情况",)),
    ("设置政府信息公开查阅点数", "个", None, ("八、机构建设和保障经费情况",)),
    ("从事政府信息公开工作人员数", "人", None, ("八、机构建设和保障经费情况",)),
    (
        "专职人员数（不包括政府公报及政府网站工作人员数）",
        "人",
        None,
        ("八、机构建设和保障经费情况", "（三）从事政府信息公开工作人员数"),
    ),
    ("兼职人员数", "人", None, ("八、机构建设和保障经费情况", "（三）从事政府信息公开工作人员数")),
    (
        "政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
        "万元",
        None,
        ("八、机构建设和保障经费情况",),
    ),
    ("政府信息公开会议和培训情况", None, None, ()),
    ("召开政府信息公开工作会议或专题会议数", "次", None, ("九、政府信息公开会议和培训情况",)),
    ("举办各类培训班数", "次", None, ("九、政府信息公开会议和培训情况",)),
    ("接受培训人员数", "人次", None, ("九、政府信息公开会议和培训情况",)),
]


def rows(report: dict[str, Any]) -> list[tuple]:
    return [(r["label"], r["unit"], r["value"], tuple(r["path"])) for r in report["legacy"]]


def test_sample_002_statistics_table(samples: Path) -> None:
    report, findings = read(samples, "002_9f79b915d46473d6.txt")
    assert (report["format"], report["year"], report["agency"]) == ("legacy", 2017, "商河县")
    assert rows(report) == ROWS_002
    assert report["source"]["published"] == "2018-01-22"
    assert list(report["sections"]) == ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
    assert [(f.code, f.expected, f.actual) for f in findings] == [
        # channels 0 + 11946 + 76 + 30 + 0 = 12052 do not reach the table's own total 12054
        ("channel_sum", 12054, 12052),
        # the narrative's 11946 against the table's 12054
        ("text_table_mismatch", 12054, 11946),
    ]
    check_sources(report, samples / "002_9f79b915d46473d6.txt")


def test_sample_004_statistics_table(samples: Path) -> None:
    report, findings = read(samples, "004_9a8277e23c733257.txt")
    assert (report["format"], report["year"], report["agency"]) == ("legacy", 2018, "王家山镇")
    assert rows(report) == ROWS_004
    assert report["source"]["published"] == "2019-01-02"
    # 主动公开 162 = 网站 92 + 微信 6 + 其他 64: consistent, and the text agrees.
    assert findings == []
    assert report["facts"]["主动公开政府信息数"]["value"] == 162
    check_sources(report, samples / "004_9a8277e23c733257.txt")


def test_sample_000_facts(samples: Path) -> None:
    report, findings = read(samples, "000_66ed5f1199e71e49.txt")
    assert (report["format"], report["year"], report["agency"]) == ("legacy", 2018, "民权县人民政府")
    assert report["legacy"] == []
    assert {k: (v["value"], v["unit"]) for k, v in report["facts"].items()} == {
        "主动公开政府信息数": (3243, "条"),
        "主动公开规范性文件数": (0, "条"),
        "政府网站公开政府信息数": (2235, "条"),
        "其他方式公开政府信息数": (61, "条"),
        "收到申请数": (12, "件"),
        "网络申请数": (2, "件"),
        "信函申请数": (9, "件"),
        "当面申请数": (1, "件"),
        "申请答复数": (12, "件"),
        "行政复议数量": (9, "件"),
        "行政复议办结数": (9, "件"),
        "行政诉讼数量": (20, "件"),
        "行政诉讼维持数": (18, "件"),
        "行政诉讼其他结果数": (2, "件"),
    }
    check_sources(report, samples / "000_66ed5f1199e71e49.txt")
    # 2235 + 61 = 2296 does not add up to 3243
    assert [(f.code, f.expected, f.actual) for f in findings] == [("channel_sum", 3243, 2296)]
    assert report["source"]["published"] == "2019-02-22"


def test_sample_003_facts_and_agency(samples: Path) -> None:
    report, findings = read(samples, "003_19a69fc2833c1675.txt")
    assert (report["format"], report["year"]) == ("legacy", 2018)
    assert {k: (v["value"], v["unit"]) for k, v in report["facts"].items()} == {
        "主动公开政府信息数": (1758, "条"),
        "人大代表建议数": (74, "件"),
        "政协提案数": (117, "件"),
        "收到申请数": (3, "封"),
        "行政复议数量": (0, "件"),
        "行政诉讼数量": (0, "件"),
    }
    assert len(report["sections"]) == 10
    check_sources(report, samples / "003_19a69fc2833c1675.txt")
    assert [(f.code, f.severity) for f in findings] == [("implausible_agency", "error")]
    assert "官方网站" in findings[0].actual


HUAIAN_APPLICATIONS = {
    "new_received": (3001, 53, 0, 0, 61, 4, 3119),
    "carried_over": (34, 0, 0, 0, 0, 0, 34),
    "granted": (1288, 21, 0, 0, 50, 3, 1362),
    "partial": (447, 7, 0, 0, 0, 0, 454),
    "denied_state_secret": (2, 0, 0, 0, 0, 0, 2),
    "denied_law_forbidden": (30, 1, 0, 0, 0, 0, 31),
    "denied_security_stability": (5, 0, 0, 0, 0, 0, 5),
    "denied_third_party": (6, 0, 0, 0, 0, 0, 6),
    "denied_internal_affairs": (7, 1, 0, 0, 0, 0, 8),
    "denied_process_info": (12, 0, 0, 0, 0, 0, 12),
    "denied_enforcement_file": (9, 0, 0, 0, 0, 0, 9),
    "denied_admin_query": (105, 0, 0, 0, 0, 0, 105),
    "unable_not_held": (746, 12, 0, 0, 10, 1, 769),
    "unable_needs_creation": (11, 0, 0, 0, 0, 0, 11),
    "unable_unclear": (1, 0, 0, 0, 0, 0, 1),
    "rejected_petition": (56, 6, 0, 0, 0, 0, 62),
    "rejected_repeat": (25, 0, 0, 0, 0, 0, 25),
    "rejected_publication": (0, 0, 0, 0, 0, 0, 0),
    "rejected_mass_repeat": (0, 0, 0, 0, 0, 0, 0),
    "rejected_confirm_reissue": (1, 0, 0, 0, 0, 0, 1),
    "other_no_correction": (67, 3, 0, 0, 1, 0, 71),
    "other_fee_unpaid": (6, 0, 0, 0, 0, 0, 6),
    "other_other": (108, 2, 0, 0, 0, 0, 110),
    "total_processed": (2932, 53, 0, 0, 61, 4, 3050),
    "carried_forward": (103, 0, 0, 0, 0, 0, 103),
}


def test_huaian_pdf_worked_example_a(samples: Path) -> None:
    report, findings = read(samples, "huaian-2024.pdf")
    assert (report["format"], report["year"], report["agency"]) == ("2021", 2024, "淮安市人民政府")
    assert report["proactive"] == {
        "regulations": {"issued": 1, "abolished": 0, "in_force": 11},
        "normative_documents": {"issued": 8, "abolished": 26, "in_force": 66},
        "licensing": {"decisions": 447228},
        "punishment": {"decisions": 3985758},
        "enforcement": {"decisions": 88283},
        "fees": {"amount_wan_yuan": "96171.6"},
    }
    assert report["applications"] == table(HUAIAN_APPLICATIONS, "2021")
    assert report["appeals"] == appeals((72, 64, 178, 37, 351), (13, 4, 8, 1, 26), (12, 1, 1, 6, 20))
    assert report["fees_yuan"] == "3940"
    assert list(report["sections"]) == ["一", "二", "三", "四", "五", "六"]
    # All consistency rules hold, and the narrative agrees with the tables (3119, 3050, 103, 351, 46 …).
    assert findings == []
    facts = {k: v["value"] for k, v in report["facts"].items()}
    assert (facts["收到申请数"], facts["申请答复数"], facts["结转下年数"]) == (3119, 3050, 103)
    assert (facts["行政复议数量"], facts["行政诉讼数量"], facts["行政诉讼维持数"]) == (351, 46, 25)


def test_blank_national_template_reads_as_all_null(samples: Path) -> None:
    report, findings = read(samples, "template-2021-format.docx")
    assert report["format"] == "2021"
    values = [
        v for part in ("proactive", "applications", "appeals") for row in report[part].values() for v in row.values()
    ]
    assert len(values) == 10 + 25 * 7 + 15
    assert all(v is None for v in values)
    assert sorted(report["source"]["tables_found"]) == sorted(t.key for t in FORMATS["2021"].tables)
    # Nothing to contradict; only the agency is unknown on a blank form.
    assert [f.code for f in findings] == ["missing_agency"]
