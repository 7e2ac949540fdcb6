"""Browser tests: the review workflow end to end, and axe-core on the main portal pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from gongkai.disclosure.actions import item_link_interpretation
from gongkai.disclosure.models import Item
from gongkai.disclosure.rules import Status
from gongkai.disclosure.tests.helpers import published
from gongkai.testing.helpers import AXE, PASSWORD, axe_violations, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workspace/")


def test_clerk_drafts_reviewer_returns_fixes_approves_and_it_is_public(page, county, category):
    log_in(page, "clerk_a")
    page.goto("/workspace/items/new/")
    page.get_by_label("发布机构").select_option(label=county.dept_a.name)
    page.get_by_label("名称").fill("关于做好秋冬季森林防火工作的通知")
    page.get_by_label("主题分类").select_option(label="农业、林业、水利")
    page.get_by_label("生成日期").fill(dt.date.today().isoformat())
    editor = page.get_by_role("textbox", name="正文")
    editor.click()
    page.keyboard.type("各乡镇：进入森林防火期，")
    page.get_by_role("button", name="加粗").click()
    page.keyboard.type("严禁野外用火")
    page.get_by_role("button", name="加粗").click()
    page.keyboard.press("Enter")
    # Pasted Word-style HTML keeps its structure and loses styles, classes and scripts.
    editor.evaluate(
        """el => {
            const data = new DataTransfer();
            data.setData("text/html", '<p class="MsoNormal" style="color:red">联系电话：<span style="font:9pt">'
                + '0000-1234567</span><script>alert(1)</script></p>');
            el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }"""
    )
    page.get_by_label("政务微信").check()
    editor.scroll_into_view_if_needed()
    save_screenshot(page, "disclosure-editor")
    assert axe_violations(page) == []  # the editor's toolbar and area are labelled and usable by keyboard
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("草稿已保存。")).to_be_visible()
    page.get_by_role("button", name="提交保密审查").click()
    expect(page.get_by_text("已提交保密审查。")).to_be_visible()
    item = Item.objects.get(title="关于做好秋冬季森林防火工作的通知")
    assert "<strong>严禁野外用火</strong>" in item.body
    assert "联系电话：0000-1234567" in item.body_text
    assert not re.search(r"style|class=|script|alert", item.body)

    log_in(page, "reviewer_a")
    page.goto(f"/workspace/items/{item.pk}/")
    page.get_by_role("link", name="进行保密审查").click()
    page.get_by_label("退回修改").check()
    page.get_by_label("审查意见（退回时必填）").fill("请补充文号")
    page.get_by_role("button", name="提交审查结论").click()
    expect(page.get_by_text("已退回修改。")).to_be_visible()

    log_in(page, "clerk_a")
    page.goto(f"/workspace/items/{item.pk}/")
    expect(page.get_by_text("审查意见：请补充文号")).to_be_visible()
    page.get_by_role("link", name="修改", exact=True).click()
    page.get_by_label("文号").fill("甲林〔2026〕3号")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("button", name="提交保密审查").click()

    log_in(page, "reviewer_a")
    page.goto(f"/workspace/items/{item.pk}/review/")
    for point in ("不含个人信息", "不含国家秘密", "不含讨论记录"):  # the 保密审查 checklist
        page.get_by_label(point).check()
    page.get_by_label("通过", exact=True).check()
    page.get_by_role("button", name="提交审查结论").click()
    expect(page.get_by_text("保密审查通过。")).to_be_visible()

    log_in(page, "clerk_a")
    page.goto(f"/workspace/items/{item.pk}/")
    page.get_by_role("button", name="发布").click()
    expect(page.get_by_text("已发布。")).to_be_visible()
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED

    page.context.clear_cookies()
    page.goto("/items/")
    page.get_by_role("link", name="关于做好秋冬季森林防火工作的通知").first.click()
    expect(page.get_by_role("heading", name="关于做好秋冬季森林防火工作的通知")).to_be_visible()
    expect(page.get_by_text("甲林〔2026〕3号")).to_be_visible()
    expect(page.get_by_text(item.index_number).first).to_be_visible()
    save_screenshot(page, "disclosure-item-page")

    page.goto("/items/search/")
    page.get_by_label("关键词").fill("防火")
    page.get_by_role("button", name="检索").click()
    expect(page.get_by_role("link", name="关于做好秋冬季森林防火工作的通知")).to_be_visible()


def _axe(page) -> list[dict]:
    # Evaluated through the debugging protocol: the site's Content-Security-Policy forbids an added <script>.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in {"serious", "critical"}]


def test_main_portal_pages_have_no_serious_accessibility_violations(page, county, category):
    doc = published(county, category, title="规范性文件：云溪县农村建房管理办法", is_normative=True, validity="valid")
    interp = published(county, category, title="《云溪县农村建房管理办法》政策解读", genre="interpretation")
    item_link_interpretation(document=doc, interpretation=interp, actor=county.clerk_a)
    pages = [
        "/items/",
        doc.get_absolute_url(),
        "/items/search/?q=建房",
        f"/agencies/{county.dept_a.code}/catalogue/",
        f"/agencies/{county.dept_a.code}/guide/",
    ]
    problems = {}
    for url in pages:
        page.goto(url)
        found = _axe(page)
        if found:
            problems[url] = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in found]
    # The mobile layout too (narrow viewport), for the item page.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(doc.get_absolute_url())
    found = _axe(page)
    if found:
        problems["mobile " + doc.get_absolute_url()] = [(v["id"], v["impact"]) for v in found]
    assert problems == {}
    # The check itself works: a page with an unlabelled image is caught.
    page.set_content('<!doctype html><html lang="zh-CN"><title>t</title><body><img src="x.png"></body></html>')
    assert "image-alt" in [v["id"] for v in _axe(page)]
    page.goto(doc.get_absolute_url())
    assert re.search(r"application/atom\+xml", page.content())
