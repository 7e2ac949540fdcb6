"""Realistic-looking (fictional) government notices, for the demo data and the search benchmark."""

from __future__ import annotations

import random
from dataclasses import dataclass

TOPICS = [
    "春耕生产",
    "安全生产大检查",
    "城乡居民医疗保险参保缴费",
    "农村人居环境整治",
    "义务教育阶段招生入学",
    "防汛抗旱",
    "森林防火",
    "最低生活保障资金发放",
    "高标准农田建设项目",
    "老旧小区改造",
    "重点项目建设",
    "政府集中采购目录",
    "行政事业性收费项目清单",
    "城镇新增就业",
    "食品安全监督抽检",
    "生态环境保护督察整改",
    "困难群众冬季救助",
    "农村土地承包经营权流转",
    "宅基地审批",
    "道路交通安全整治",
    "公共文化服务体系建设",
    "乡村振兴衔接资金",
    "企业稳岗返还",
    "退役军人优抚",
    "农田水利工程建设运营",
    "财政预算执行情况",
    "部门决算公开",
    "公务员考试录用",
    "突发事件应急预案",
    "产品质量监督检查",
]
FORMS = [
    ("notice", "关于做好{t}工作的通知"),
    ("notice", "关于印发《{t}实施方案》的通知"),
    ("announcement", "关于{t}有关事项的公告"),
    ("public_notice", "关于{t}的通告"),
    ("opinion", "关于加强{t}的实施意见"),
    ("report", "{y}年{t}工作情况报告"),
    ("rules", "云溪县{t}管理办法"),
    ("plan", "云溪县{t}三年行动计划"),
    ("bulletin", "关于{t}情况的通报"),
]
SENTENCES = [
    "为深入贯彻落实党中央、国务院决策部署，切实做好{t}工作，结合本县实际，现就有关事项通知如下。",
    "各乡镇人民政府、街道办事处，县直各有关单位要高度重视{t}，明确责任分工，细化工作措施。",
    "{t}工作自{y}年{m}月起实施，实施期间各单位应当按月报送工作进展情况。",
    "县财政安排专项资金{n}万元，用于支持{t}，资金使用情况接受审计监督和社会监督。",
    "对在{t}工作中成绩突出的单位和个人，按照有关规定给予表扬；对工作不力的，予以通报批评。",
    "申请人可通过云溪县政务服务网或者县政务服务中心窗口办理，办理时限为{d}个工作日。",
    "本办法由县{o}负责解释，自发布之日起施行，有效期五年。",
    "联系人：{p}，联系电话：0999-{tel}。",
    "全县共完成{t}任务{n}项，惠及群众{k}人，群众满意度达到{pct}%。",
    "下一步，我们将继续围绕{t}，加强统筹协调，强化督促检查，确保各项任务落到实处。",
    "涉及群众切身利益的事项，应当依法公开征求意见，征求意见期限不少于三十日。",
    "各单位要严格落实安全生产责任制，开展隐患排查治理，坚决遏制重特大事故发生。",
]
OFFICES = ["发展和改革局", "财政局", "农业农村局", "民政局", "教育局", "应急管理局", "住房和城乡建设局"]
NAMES = ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨磊", "赵军", "黄丽"]


@dataclass
class Notice:
    title: str
    genre: str
    summary: str
    body_html: str
    topic: str


def notice(rng: random.Random, year: int, sentences: tuple[int, int] = (4, 9)) -> Notice:
    topic = rng.choice(TOPICS)
    genre, form = rng.choice(FORMS)
    title = form.format(t=topic, y=year)
    paragraphs = []
    for _ in range(rng.randint(*sentences)):
        paragraphs.append(
            rng.choice(SENTENCES).format(
                t=topic,
                y=year,
                m=rng.randint(1, 12),
                n=rng.randint(5, 900),
                d=rng.choice([5, 10, 15, 20]),
                o=rng.choice(OFFICES),
                p=rng.choice(NAMES),
                tel=rng.randint(2000000, 7999999),
                k=rng.randint(100, 90000),
                pct=rng.randint(90, 99),
            )
        )
    summary = f"{title.removesuffix('的通知')}的主要内容、实施要求和联系方式。"
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return Notice(title=title, genre=genre, summary=summary, body_html=body, topic=topic)
