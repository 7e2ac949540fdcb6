"""Demo catalogues for the fictional 云溪县: four 领域 at county and township level, with items of the
demo county linked to their entries (some late, some entries with nothing published)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.catalogue.actions import entry_link_item, parsed_rule_fields
from gongkai.catalogue.models import Area, Catalogue, Entry, Tier, ensure_default_areas
from gongkai.disclosure.models import Item

SEED = 2026
ROOT = "YX"

# (领域, agency code, tier, entries: (一级事项, 二级事项, 要素, 时限, 渠道))
CATALOGUES: list[tuple[str, str, str, list[tuple[str, str, str, str, list[str]]]]] = [
    (
        "财政预决算",
        "YX-CZJ",
        Tier.COUNTY,
        [
            ("政府预决算", "政府预算", "预算报告、预算表格、预算说明", "批准后二十日内", ["website", "reading_point"]),
            ("政府预决算", "政府决算", "决算报告、决算表格、决算说明", "批准后二十日内", ["website"]),
            (
                "财政资金",
                "惠民惠农财政补贴资金",
                "补贴政策、发放对象、发放金额",
                "每季度结束后15日内",
                ["website", "notice_board"],
            ),
            ("政府采购", "集中采购目录", "采购目录、限额标准", "及时公开", ["website"]),
        ],
    ),
    (
        "义务教育",
        "YX-JYJ",
        Tier.COUNTY,
        [
            (
                "招生入学",
                "招生政策",
                "招生范围、招生条件、报名方式",
                "信息形成或者变更之日起20个工作日内",
                ["website", "wechat_weibo_app"],
            ),
            ("招生入学", "招生结果", "录取名单、咨询电话", "10个工作日内，公示7个工作日", ["website", "notice_board"]),
            ("学生资助", "资助政策", "资助对象、资助标准、申请程序", "信息形成之日起20个工作日内", ["website"]),
        ],
    ),
    (
        "安全生产",
        "YX-YJJ",
        Tier.COUNTY,
        [
            ("监督检查", "执法检查", "检查计划、检查结果", "自作出决定之日起7个工作日内", ["website"]),
            ("应急管理", "应急预案", "预案名称、适用范围", "信息形成或者变更之日起20个工作日内", ["website", "print"]),
            ("事故调查", "调查报告", "事故经过、责任认定、处理意见", "按规定", ["website"]),
        ],
    ),
    (
        "社会救助",
        "YX-LHX",
        Tier.TOWNSHIP,
        [
            (
                "最低生活保障",
                "低保审核",
                "申请人、保障人数、保障金额",
                "10个工作日内，公示7个工作日",
                ["notice_board", "door_to_door"],
            ),
            ("临时救助", "救助结果", "救助对象、救助金额", "每月10日前", ["notice_board"]),
            (
                "特困人员供养",
                "供养政策",
                "供养条件、供养标准",
                "信息形成之日起20个工作日内",
                ["notice_board", "website"],
            ),
        ],
    ),
    (
        "涉农补贴",
        "YX-LHX",
        Tier.TOWNSHIP,
        [
            (
                "惠农补贴",
                "耕地地力保护补贴",
                "补贴对象、补贴面积、补贴金额",
                "信息形成之日起10个工作日内",
                ["notice_board"],
            ),
        ],
    ),
]
# Words of the demo items' titles that belong to an entry: (agency code, word) → (领域, 二级事项).
MATCHES: dict[tuple[str, str], tuple[str, str]] = {
    ("YX-CZJ", "预算"): ("财政预决算", "政府预算"),
    ("YX-CZJ", "决算"): ("财政预决算", "政府决算"),
    ("YX-JYJ", "招生"): ("义务教育", "招生政策"),
    ("YX-YJJ", "检查"): ("安全生产", "执法检查"),
    ("YX-YJJ", "预案"): ("安全生产", "应急预案"),
    ("YX-LHX", "救助"): ("社会救助", "低保审核"),
    ("YX-LHX", "补贴"): ("涉农补贴", "耕地地力保护补贴"),
}
VERSION = dt.date(2025, 1, 2)


def seed() -> str:
    """Idempotent: does nothing when the demo county already has catalogues."""
    if not Agency.objects.filter(code=ROOT).exists():
        return ""
    if Catalogue.objects.filter(agency__path__startswith=f"/{ROOT}/").exists():
        return "演示标准目录已存在，跳过"
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    ensure_default_areas()
    made = linked = 0
    with transaction.atomic():
        for area_name, code, tier, rows in CATALOGUES:
            agency = Agency.objects.filter(code=code).first()
            if agency is None:
                continue
            catalogue = Catalogue.objects.create(
                agency=agency, tier=tier, area=Area.objects.get(name=area_name), version=VERSION
            )
            for position, (level1, level2, content, limit, channels) in enumerate(rows, start=1):
                Entry.objects.create(
                    catalogue=catalogue,
                    position=position,
                    serial=str(position),
                    level1=level1,
                    level2=level2,
                    content=content,
                    basis="《中华人民共和国政府信息公开条例》",
                    time_limit=limit,
                    subject=agency.name,
                    channels=channels,
                    audiences=["public"],
                    modes=["proactive"],
                    levels=["township" if tier == Tier.TOWNSHIP else "county"],
                    **parsed_rule_fields(limit),
                )
            made += 1
        linked = _link_items(rng)
    return f"{made}个标准目录，关联信息{linked}条"


def _link_items(rng: random.Random) -> int:
    """Links matching demo items; when the disclosure demo made none, makes a few of its own."""
    linked = 0
    today = timezone.localdate()
    for (code, word), (area_name, level2) in MATCHES.items():
        entry = Entry.objects.filter(
            catalogue__agency__code=code, catalogue__area__name=area_name, level2=level2
        ).first()
        if entry is None:
            continue
        items = list(Item.objects.listed().filter(agency__code=code, title__contains=word).order_by("id")[:4])
        if not items:
            items = _demo_items(entry, word, today, rng)
        for item in items:
            entry_link_item(entry=entry, item=item, actor=None)
            linked += 1
    return linked


def _demo_items(entry: Entry, word: str, today: dt.date, rng: random.Random) -> list[Item]:
    from gongkai.disclosure.actions import item_create, item_publish, item_review, item_submit
    from gongkai.disclosure.models import Category, ensure_default_categories

    ensure_default_categories()
    category = Category.objects.get(code="01")
    agency = entry.catalogue.agency
    made = []
    for n, delay in enumerate((5, 45)):  # one on time, one late (45 days ≈ 30 working days)
        formed = today - dt.timedelta(days=60 + 30 * n + rng.randrange(10))
        item = item_create(
            agency=agency,
            actor=None,
            category=category,
            title=f"{agency.short_name or agency.name}关于{entry.level2}（{word}）的公告（第{n + 1}期）",
            formed_on=formed,
        )
        item_submit(item=item, actor=None)
        item_review(item=item, actor=None, approve=True)
        made.append(item_publish(item=item, actor=None, published_on=formed + dt.timedelta(days=delay)))
    return made
