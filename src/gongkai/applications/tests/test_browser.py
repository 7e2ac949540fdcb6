"""A citizen applies online; the clerk confirms receipt and asks for a correction; the correction
arrives; the head extends; the case is answered 部分公开 with a file; the applicant sees the answer.
At each step the due date shown equals what the clock function computes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.testing.helpers import PASSWORD, RESIDENT_ID, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workspace/")


def shown_due(page) -> str:
    return page.locator("#due time").first.get_attribute("datetime")


def expected_due(application: Application) -> str:
    return services.clock(Application.objects.get(pk=application.pk)).due.date.isoformat()


def do(
    page,
    summary: str,
    fill: dict[str, str] | None = None,
    files: dict[str, tuple] | None = None,
    select: dict[str, str] | None = None,
) -> None:
    details = page.locator("#actions details", has=page.locator("summary", has_text=summary)).first
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    for label, value in (fill or {}).items():
        details.get_by_label(label, exact=True).fill(value)
    for label, value in (select or {}).items():
        details.get_by_label(label, exact=True).select_option(value)
    for label, (name, data) in (files or {}).items():
        details.get_by_label(label, exact=True).set_input_files(
            {"name": name, "mimeType": "application/pdf", "buffer": data}
        )
    details.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_apply_correct_extend_answer_and_read(page, county, seeded) -> None:
    from django.core.cache import cache

    cache.clear()
    page.goto("/apply/")
    page.get_by_label("向哪个机关申请").select_option(label="测试县甲局")
    page.get_by_label("自然人").check()
    page.get_by_label("姓名或名称 *").fill("孙八")
    page.get_by_label("证件号码 *").fill(RESIDENT_ID)
    page.get_by_label("联系电话").fill("13900000000")
    page.get_by_label("通信地址").fill("测试县城南大道1号")  # the answer comes by post, the default
    page.get_by_label("所需政府信息的名称或内容描述 *").fill("某路改造工程的立项批复")
    question = page.locator("label[for=id_answer]").inner_text()
    a, b = map(int, re.search(r"(\d) 加 (\d)", question).groups())
    page.get_by_label(re.compile("验证问题")).fill(str(a + b))
    page.get_by_role("button", name="提交申请").click()
    code = page.locator("#query-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}( [0-9A-Z]{4}){3}", code)  # 16 characters in groups of four
    application = Application.objects.get()

    login(page, "clerk_a")
    page.goto(f"/workspace/applications/{application.pk}/")
    do(page, "确认收到")
    expect(page.get_by_text("已确认收到。")).to_be_visible()
    assert shown_due(page) == expected_due(application)
    do(page, "补正告知", fill={"需要补正的事项（逐项列明）": "请写明工程名称"})
    expect(page.locator("#case-status")).to_contain_text("待补正")
    expect(page.locator("#due")).to_have_count(0)  # no answer deadline while the correction is awaited
    do(page, "收到补正", fill={"补正内容": "城南大道改造工程"})
    assert shown_due(page) == expected_due(application)

    login(page, "head_a")
    page.goto(f"/workspace/applications/{application.pk}/")
    do(page, "延期（负责人批准）", fill={"延期理由": "需要调取档案"})
    expect(page.get_by_text("已延期（负责人批准）。")).to_be_visible()
    assert shown_due(page) == expected_due(application)
    do(
        page,
        "答复",
        select={"处理结果": "partial"},
        fill={"答复内容或理由": "第2页涉及个人隐私，已作区分处理"},
        files={"提供的政府信息（文件）": ("立项批复.pdf", b"%PDF-1.4 demo")},
    )
    expect(page.locator("#case-status")).to_contain_text("已答复待送达")
    save_screenshot(page, "applications-case-answered")

    page.context.clear_cookies()
    page.goto("/apply/status/")
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#outcome")).to_contain_text("部分公开")
    expect(page.get_by_role("link", name="立项批复.pdf")).to_be_visible()
    expect(page.locator("#letters li")).to_have_count(4)  # 回执, 补正, 延期, 答复
    assert "孙八" not in page.content() and RESIDENT_ID not in page.content()
    save_screenshot(page, "applications-status-page")
