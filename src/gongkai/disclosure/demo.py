"""Demo data of proactive disclosure for the fictional 云溪县: a few thousand items over two years,
made through the actions by the demo clerks and reviewers, with interpretations, attachments,
withdrawn, superseded and late items, the 指南 texts and the figures of the annual report."""

from __future__ import annotations

import datetime as dt
import io
import random
import time

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.disclosure import actions
from gongkai.disclosure.models import Category, Item, ensure_default_categories
from gongkai.disclosure.textgen import notice

SEED = 2026
ITEMS_PER_AGENCY = 75
ROOT = "YX"

# Topic → (主题分类 code, 第二十条 item) so that the 重点领域 columns and filters have content.
TOPIC_FACTS: dict[str, tuple[str, int | None]] = {
    "春耕生产": ("05", 11),
    "安全生产大检查": ("08", 13),
    "城乡居民医疗保险参保缴费": ("12", 11),
    "农村人居环境整治": ("09", None),
    "义务教育阶段招生入学": ("10", 11),
    "防汛抗旱": ("05", 12),
    "森林防火": ("05", 12),
    "最低生活保障资金发放": ("16", 11),
    "高标准农田建设项目": ("05", 10),
    "老旧小区改造": ("09", 10),
    "重点项目建设": ("02", 10),
    "政府集中采购目录": ("03", 9),
    "行政事业性收费项目清单": ("03", 8),
    "城镇新增就业": ("14", 11),
    "食品安全监督抽检": ("08", 13),
    "生态环境保护督察整改": ("09", 13),
    "困难群众冬季救助": ("16", 11),
    "农村土地承包经营权流转": ("05", None),
    "宅基地审批": ("04", 5),
    "道路交通安全整治": ("15", 6),
    "公共文化服务体系建设": ("11", None),
    "乡村振兴衔接资金": ("16", 11),
    "企业稳岗返还": ("14", 5),
    "退役军人优抚": ("16", None),
    "农田水利工程建设运营": ("05", 10),
    "财政预算执行情况": ("03", 7),
    "部门决算公开": ("03", 7),
    "公务员考试录用": ("14", 14),
    "突发事件应急预案": ("01", 12),
    "产品质量监督检查": ("08", 13),
}
TOWNSHIP_TOPICS = {"农村土地承包经营权流转": "农村土地承包经营权流转", "宅基地审批": "宅基地使用情况审核"}
COUNTY_TOPICS = {"老旧小区改造": "市政建设", "困难群众冬季救助": "社会救助", "公共文化服务体系建设": "公益事业"}


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("。"):
        if line.strip():
            document.add_paragraph(line + "。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def seed(items_per_agency: int = ITEMS_PER_AGENCY) -> str:
    """Idempotent: does nothing when the demo county already has items."""
    if not Agency.objects.filter(code=ROOT).exists():
        return ""
    if Item.objects.filter(agency__path__startswith=f"/{ROOT}/").exists():
        return "演示信息已存在，跳过"
    started = time.perf_counter()
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    today = timezone.localdate()
    start = dt.date(today.year - 1, 1, 2)
    span = (today - dt.timedelta(days=3) - start).days
    ensure_default_categories()
    categories = {c.code: c for c in Category.objects.all()}
    agencies = list(Agency.objects.filter(path__startswith=f"/{ROOT}/", depth__lte=1, is_active=True).order_by("path"))
    counts = {"published": 0, "late": 0, "withdrawn": 0, "superseded": 0, "interpretations": 0, "attachments": 0}
    with transaction.atomic():
        for agency in agencies:
            prefix = agency.code.lower()
            clerk, reviewer = _user(f"{prefix}-clerk"), _user(f"{prefix}-reviewer")
            if clerk is None or reviewer is None:
                continue
            is_township = agency.kind in {"township", "subdistrict"}
            published: list[Item] = []
            for n in range(items_per_agency):
                formed = start + dt.timedelta(days=rng.randrange(span))
                text = notice(rng, formed.year)
                code, article20 = TOPIC_FACTS.get(text.topic, ("01", None))
                normative = text.genre in {"rules", "opinion"} and rng.random() < 0.7
                topics_map = TOWNSHIP_TOPICS if is_township else COUNTY_TOPICS
                values = {
                    "title": text.title,
                    "doc_number": f"云{agency.code.split('-')[-1].lower()}发〔{formed.year}〕{n + 1}号"
                    if rng.random() < 0.6
                    else "",
                    "category": categories[code],
                    "genre": text.genre,
                    "article20": 1 if normative else article20,
                    "article21_topics": [topics_map[text.topic]] if text.topic in topics_map else [],
                    "summary": text.summary,
                    "body": text.body_html,
                    "formed_on": formed,
                    "is_normative": normative,
                    "validity": "valid" if normative else "",
                    "valid_from": formed if normative else None,
                    "channels": rng.sample(
                        ["gazette", "weibo", "wechat", "press", "other"], k=rng.choice([0, 0, 1, 2])
                    ),
                }
                item = actions.item_create(agency=agency, actor=clerk, **values)
                roll = rng.random()
                if roll < 0.03:
                    continue  # stays a draft
                if n % 9 == 0 and n < 20:
                    data = _docx(actions.html_text(text.body_html) + f"附件：{text.topic}明细表。")
                    actions.attachment_add(item=item, actor=clerk, filename=f"{text.topic}明细.docx", data=data)
                    counts["attachments"] += 1
                actions.item_submit(item=item, actor=clerk)
                if roll < 0.05:
                    continue  # waiting for review
                if roll < 0.07:
                    actions.item_review(item=item, actor=reviewer, approve=False, note="请补充文号和内容概述")
                    continue
                actions.item_review(item=item, actor=reviewer, approve=True)
                # Most are on time; about one in ten is published after the 20-working-day limit.
                delay = rng.randint(30, 60) if roll > 0.9 else rng.randint(1, 25)
                on = min(formed + dt.timedelta(days=delay), today)
                item = actions.item_publish(item=item, actor=clerk, published_on=on)
                counts["published"] += 1
                counts["late"] += bool(item.is_late)
                published.append(item)
            for doc in [i for i in published if i.is_normative][:3]:
                interp = actions.item_create(
                    agency=agency,
                    actor=clerk,
                    title=f"《{doc.title}》政策解读",
                    category=doc.category,
                    genre="interpretation",
                    summary=f"解读{doc.title}的出台背景、主要内容和适用范围。",
                    body=f"<p>一、出台背景</p><p>为做好相关工作，制定《{doc.title}》。</p><p>二、主要内容</p>{doc.body}",
                    formed_on=doc.formed_on,
                )
                actions.item_submit(item=interp, actor=clerk)
                actions.item_review(item=interp, actor=reviewer, approve=True)
                actions.item_publish(item=interp, actor=clerk, published_on=doc.published_on)
                actions.item_link_interpretation(document=doc, interpretation=interp, actor=clerk)
                counts["interpretations"] += 1
            if len(published) > 10:
                gone = published[1]
                actions.item_withdraw(item=gone, actor=reviewer, reason="信息内容有误，更正后重新发布")
                counts["withdrawn"] += 1
                old = published[2]
                if old.published_on < today:
                    new = actions.item_new_version(item=old, actor=clerk, formed_on=old.published_on)
                    actions.item_update(item=new, actor=clerk, title=old.title + "（修订）")
                    actions.item_submit(item=new, actor=clerk)
                    actions.item_review(item=new, actor=reviewer, approve=True)
                    actions.item_publish(
                        item=new, actor=clerk, published_on=min(today, old.published_on + dt.timedelta(days=3))
                    )
                    counts["superseded"] += 1
            head = _user(f"{prefix}-head")
            actions.guide_update(
                agency=agency,
                actor=head,
                preface=f"本指南依据《中华人民共和国政府信息公开条例》编制。{agency.name}政府信息公开工作由本机关办公室负责。",
                arrangement="政府信息按主题分类、发布机构和年度编排；规范性文件标注有效性。",
                access="通过云溪县人民政府门户网站“政府信息公开”专栏浏览、检索和下载；也可到县档案馆、县图书馆查阅。",
                reading_rooms="云溪县档案馆（人民路88号），云溪县图书馆（文化路12号），县政务服务中心查阅点。",
                application="公民、法人或者其他组织可以通过在线申请、信函、当面等方式申请获取政府信息（《条例》第二十九条）。",
                supervision="认为行政机关在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼（《条例》第五十一条）。",
            )
            for year in (today.year - 1, today.year):
                actions.figures_save(
                    agency=agency,
                    year=year,
                    actor=clerk,
                    licensing=rng.randint(0, 800),
                    punishment=rng.randint(0, 120),
                    enforcement=rng.randint(0, 20),
                    fees_wan_yuan=f"{rng.randint(0, 9000)}.{rng.randint(0, 99):02d}",
                )
    seconds = time.perf_counter() - started
    return (
        f"{counts['published']} 条已发布信息（其中超期 {counts['late']} 条），政策解读 {counts['interpretations']} 条，"
        f"附件 {counts['attachments']} 个，撤回 {counts['withdrawn']} 条，替代 {counts['superseded']} 条；"
        f"用时 {seconds:.0f} 秒"
    )
