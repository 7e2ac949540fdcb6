"""Test helpers shared by every app's tests: a small agency tree and users in each role, cases for
the applications workflow, and browser-test helpers (screenshots, axe-core accessibility checks).

Import this module only inside tests and fixtures: it needs Django set up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import time_machine
from django.db import transaction

from gongkai.accounts.actions import membership_grant, user_create
from gongkai.accounts.models import Role, User
from gongkai.agencies.actions import agency_create
from gongkai.agencies.models import Agency, AgencyKind
from gongkai.applications import actions as application_actions
from gongkai.applications.actions import ApplicantData
from gongkai.applications.models import Application

if TYPE_CHECKING:
    from playwright.sync_api import Page

PASSWORD = "test-password-123"  # noqa: S105
# A valid 居民身份证号码 (check digit computed by GB 11643) and 统一社会信用代码 (GB 32100).
RESIDENT_ID = "11010519491231002X"
USCC = "91350100M000100Y43"
CHINA_TIME = dt.timezone(dt.timedelta(hours=8))


def at(day: dt.date) -> time_machine.travel:
    """Freezes the clock at 10:00 China time on ``day`` (use as ``with at(day): ...``)."""
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=CHINA_TIME), tick=False)


def make_agency(
    code: str,
    name: str | None = None,
    *,
    parent: Agency | None = None,
    kind: str = AgencyKind.DEPARTMENT,
    **values: object,
) -> Agency:
    with transaction.atomic():
        return agency_create(code=code, name=name or f"{code}机构", kind=kind, parent=parent, actor=None, **values)


def make_user(username: str, *grants: tuple[Agency, Role], system_admin: bool = False) -> User:
    with transaction.atomic():
        user = user_create(
            username=username,
            full_name=username.upper(),
            password=PASSWORD,
            actor=None,
            validate=False,
            is_system_admin=system_admin,
        )
        for agency, role in grants:
            membership_grant(user=user, agency=agency, role=role, actor=None)
    return user


@dataclass
class County:
    """县政府 → 部门 A, 部门 B, 乡镇 T → 村 V; with a clerk, reviewer and head in A, a clerk in B,
    a supervisor at the county and a system administrator."""

    gov: Agency
    dept_a: Agency
    dept_b: Agency
    township: Agency
    village: Agency
    clerk_a: User
    reviewer_a: User
    head_a: User
    clerk_b: User
    supervisor: User
    township_supervisor: User
    admin: User


def build_county() -> County:
    gov = make_agency("GOV", "测试县人民政府", kind=AgencyKind.COUNTY_GOVERNMENT)
    dept_a = make_agency("GOV-A", "测试县甲局", parent=gov)
    dept_b = make_agency("GOV-B", "测试县乙局", parent=gov)
    township = make_agency("GOV-T", "测试县某镇人民政府", parent=gov, kind=AgencyKind.TOWNSHIP)
    village = make_agency("GOV-T-V", "某镇某村民委员会", parent=township, kind=AgencyKind.VILLAGE)
    return County(
        gov=gov,
        dept_a=dept_a,
        dept_b=dept_b,
        township=township,
        village=village,
        clerk_a=make_user("clerk_a", (dept_a, Role.CLERK)),
        reviewer_a=make_user("reviewer_a", (dept_a, Role.REVIEWER)),
        head_a=make_user("head_a", (dept_a, Role.HEAD)),
        clerk_b=make_user("clerk_b", (dept_b, Role.CLERK)),
        supervisor=make_user("supervisor", (gov, Role.SUPERVISOR)),
        township_supervisor=make_user("t_supervisor", (township, Role.SUPERVISOR)),
        admin=make_user("sysadmin", system_admin=True),
    )


def person(**values: object) -> ApplicantData:
    """An applicant who is a natural person, with ``values`` changing any field."""
    data: dict[str, Any] = {
        "applicant_kind": "person",
        "applicant_type": "",
        "applicant_name": "张三",
        "id_type": "resident_id",
        "id_number": RESIDENT_ID,
        "description": "2024年某项目环境影响评价报告",
        "phone": "13800000000",
        "email": "zhang@example.cn",
    }
    data.update(values)
    return ApplicantData(**data)


def in_person(county: County, on: dt.date, **values: object) -> Application:
    """An application handed in at 部门 A's counter on ``on``, registered by its clerk."""
    application, _ = application_actions.register(
        agency=county.dept_a, actor=county.clerk_a, data=person(**values), channel="in_person", submitted_on=on
    )
    return Application.objects.get(pk=application.pk)


ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def save_screenshot(tab: Page, name: str) -> Path:
    """Keeps a browser test's screenshot under test-artifacts/ at the repository root."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


def axe_violations(tab: Page) -> list[tuple[str, str, list[Any]]]:
    """Serious and critical axe-core findings on the page now shown: (rule, impact, first targets)."""
    # Evaluated through the browser's debugging protocol, which the site's Content-Security-Policy
    # (no inline script) does not govern, so the policy stays on for the page under test.
    tab.evaluate(AXE.read_text(encoding="utf-8"))
    result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
