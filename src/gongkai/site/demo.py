"""Deterministic demo data: one fictional county (云溪县) with its departments, townships,
villages and communities, and staff in every role. Later apps add their own records here."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from gongkai.accounts.actions import membership_grant, user_create
from gongkai.accounts.models import Role, User
from gongkai.agencies.actions import agency_create
from gongkai.agencies.models import Agency, AgencyKind

DEMO_PASSWORD = "gongkai-demo"  # noqa: S105 - published demo credentials, demo mode only
ROOT_CODE = "YX"
SEED = 2026

COUNTY = ("YX", "云溪县人民政府", "县政府", "云溪县人民政府办公室（县政务公开办公室）")
DEPARTMENTS = [
    ("YX-FGJ", "云溪县发展和改革局", "县发改局"),
    ("YX-JYJ", "云溪县教育局", "县教育局"),
    ("YX-GXJ", "云溪县工业和信息化局", "县工信局"),
    ("YX-GAJ", "云溪县公安局", "县公安局"),
    ("YX-MZJ", "云溪县民政局", "县民政局"),
    ("YX-SFJ", "云溪县司法局", "县司法局"),
    ("YX-CZJ", "云溪县财政局", "县财政局"),
    ("YX-RSJ", "云溪县人力资源和社会保障局", "县人社局"),
    ("YX-ZRJ", "云溪县自然资源局", "县自然资源局"),
    ("YX-HBJ", "云溪县生态环境分局", "县生态环境分局"),
    ("YX-ZJJ", "云溪县住房和城乡建设局", "县住建局"),
    ("YX-JTJ", "云溪县交通运输局", "县交通局"),
    ("YX-SLJ", "云溪县水利局", "县水利局"),
    ("YX-NYJ", "云溪县农业农村局", "县农业农村局"),
    ("YX-SWJ", "云溪县商务局", "县商务局"),
    ("YX-WLJ", "云溪县文化广电和旅游局", "县文广旅局"),
    ("YX-WJJ", "云溪县卫生健康局", "县卫健局"),
    ("YX-YJJ", "云溪县应急管理局", "县应急局"),
    ("YX-SJJ", "云溪县审计局", "县审计局"),
    ("YX-SCJ", "云溪县市场监督管理局", "县市场监管局"),
    ("YX-YBJ", "云溪县医疗保障局", "县医保局"),
]
TOWNSHIPS = [
    ("YX-CGZ", "云溪县城关镇人民政府", "城关镇", AgencyKind.TOWNSHIP),
    ("YX-DBZ", "云溪县东坝镇人民政府", "东坝镇", AgencyKind.TOWNSHIP),
    ("YX-QSZ", "云溪县青石镇人民政府", "青石镇", AgencyKind.TOWNSHIP),
    ("YX-BSZ", "云溪县白沙镇人民政府", "白沙镇", AgencyKind.TOWNSHIP),
    ("YX-TYZ", "云溪县桃源镇人民政府", "桃源镇", AgencyKind.TOWNSHIP),
    ("YX-LHX", "云溪县柳河乡人民政府", "柳河乡", AgencyKind.TOWNSHIP),
    ("YX-LQX", "云溪县龙泉乡人民政府", "龙泉乡", AgencyKind.TOWNSHIP),
    ("YX-SMX", "云溪县石门乡人民政府", "石门乡", AgencyKind.TOWNSHIP),
    ("YX-XHJD", "云溪县新华街道办事处", "新华街道", AgencyKind.SUBDISTRICT),
    ("YX-NHJD", "云溪县南湖街道办事处", "南湖街道", AgencyKind.SUBDISTRICT),
]
VILLAGES = [
    ("YX-CGZ-DJ", "城关镇东街社区居民委员会", "东街社区", AgencyKind.COMMUNITY, "YX-CGZ"),
    ("YX-CGZ-XJ", "城关镇西街社区居民委员会", "西街社区", AgencyKind.COMMUNITY, "YX-CGZ"),
    ("YX-LHX-LH", "柳河乡柳河村民委员会", "柳河村", AgencyKind.VILLAGE, "YX-LHX"),
    ("YX-LHX-YZ", "柳河乡杨庄村民委员会", "杨庄村", AgencyKind.VILLAGE, "YX-LHX"),
    ("YX-NHJD-NH", "南湖街道南湖社区居民委员会", "南湖社区", AgencyKind.COMMUNITY, "YX-NHJD"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌海波鹏辉晓燕宁"
STREETS = ["人民路", "解放路", "建设路", "文化路", "滨河路", "中山路", "新华路", "长安路"]


@dataclass
class DemoAccount:
    username: str
    name: str
    role: str
    agency: str


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def _contacts(rng: random.Random, code: str, office: str, in_town_hall: bool) -> dict[str, str]:
    street = "人民路" if in_town_hall else rng.choice(STREETS)
    number = 88 if in_town_hall else rng.randint(1, 300)
    floor = f"县政府大楼{rng.randint(1, 8)}楼" if in_town_hall else f"{rng.randint(1, 5)}楼"
    slug = code.lower().replace("-", "")
    return {
        "office_name": office,
        "address": f"云溪县{street}{number}号{floor}",
        "office_hours": "工作日 上午8:30—12:00，下午14:30—17:30（法定节假日除外）",
        "phone": f"0999-{rng.randint(2000000, 7999999)}",
        "fax": f"0999-{rng.randint(2000000, 7999999)}",
        "email": f"xxgk@{slug}.yunxi.example.cn",
        "website": f"http://{slug}.yunxi.example.cn/",
    }


def demo_exists() -> bool:
    return Agency.objects.filter(code=ROOT_CODE).exists()


@transaction.atomic
def seed_demo() -> list[DemoAccount]:
    """Builds the demo county. Deterministic: the same seed always gives the same names and facts."""
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    accounts: list[DemoAccount] = []
    password_hash = make_password(DEMO_PASSWORD)

    def staff(agency: Agency, username: str, role: Role) -> None:
        name = _person(rng)
        user = User.objects.filter(username=username).first() or user_create(
            username=username,
            full_name=name,
            password=None,
            password_hash=password_hash,
            actor=None,
            email=f"{username}@yunxi.example.cn",
        )
        membership_grant(user=user, agency=agency, role=role, actor=None)
        accounts.append(DemoAccount(username, user.full_name, role.label, agency.name))

    admin = user_create(
        username="admin",
        full_name="系统管理员",
        password=None,
        password_hash=password_hash,
        actor=None,
        is_system_admin=True,
    )
    accounts.append(DemoAccount("admin", admin.full_name, "系统管理员", "全部机构"))

    code, name, short, office = COUNTY
    county = agency_create(
        code=code,
        name=name,
        short_name=short,
        kind=AgencyKind.COUNTY_GOVERNMENT,
        parent=None,
        actor=None,
        **_contacts(rng, code, office, True),
    )
    staff(county, "zhengwu", Role.SUPERVISOR)
    for role in (Role.CLERK, Role.REVIEWER, Role.HEAD):
        staff(county, f"yx-{role.value}", role)

    for index, (code, name, short) in enumerate(DEPARTMENTS):
        agency = agency_create(
            code=code,
            name=name,
            short_name=short,
            kind=AgencyKind.DEPARTMENT,
            parent=county,
            sort_order=index,
            actor=None,
            **_contacts(rng, code, f"{short}办公室", index < 6),
        )
        for role in (Role.CLERK, Role.REVIEWER, Role.HEAD):
            staff(agency, f"{code.lower()}-{role.value}", role)

    townships: dict[str, Agency] = {}
    for index, (code, name, short, kind) in enumerate(TOWNSHIPS):
        townships[code] = agency_create(
            code=code,
            name=name,
            short_name=short,
            kind=kind,
            parent=county,
            sort_order=100 + index,
            actor=None,
            **_contacts(rng, code, f"{short}党政综合办公室", False),
        )
        for role in (Role.CLERK, Role.REVIEWER, Role.HEAD):
            staff(townships[code], f"{code.lower()}-{role.value}", role)
    # A township's own office supervises its villages and communities.
    staff(townships["YX-LHX"], "yx-lhx-supervisor", Role.SUPERVISOR)

    for index, (code, name, short, kind, parent_code) in enumerate(VILLAGES):
        village = agency_create(
            code=code,
            name=name,
            short_name=short,
            kind=kind,
            parent=townships[parent_code],
            sort_order=index,
            actor=None,
            **_contacts(rng, code, name, False),
        )
        staff(village, f"{code.lower()}-{Role.CLERK.value}", Role.CLERK)
    return accounts
