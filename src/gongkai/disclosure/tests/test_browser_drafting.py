"""Browser test of issue 17: a clerk drafts from a generated 公文 DOCX, checks what was recognised, uses
the editor's link and table dialogs, saves with an attachment and submits; a reviewer approves it from
the queue with the 保密审查 checklist; it is published and found on the portal. Screenshots of the
draft and review screens at 1366 and 390 px wide, and axe-core on each."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from gongkai.audit.models import Event
from gongkai.disclosure.models import Item
from gongkai.disclosure.rules import Status
from gongkai.disclosure.tests.documents import TITLE, Layout, gongwen_docx
from gongkai.disclosure.tests.helpers import docx_bytes
from gongkai.testing.helpers import PASSWORD, axe_violations, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE, NARROW = {"width": 1366, "height": 900}, {"width": 390, "height": 844}


def log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workspace/")


def screenshots(page, name: str) -> None:
    """The screen at desktop and phone width, each checked with axe-core."""
    for size, suffix in ((WIDE, "1366"), (NARROW, "390")):
        page.set_viewport_size(size)
        save_screenshot(page, f"{name}-{suffix}")
        assert axe_violations(page) == [], f"{name} at {suffix}px"
    page.set_viewport_size(WIDE)


def test_draft_from_docx_review_from_queue_and_find_on_portal(page, county, category, tmp_path):
    document = tmp_path / "春季森林防火通知.docx"
    document.write_bytes(gongwen_docx(Layout(attachments=["甲镇森林防火责任人名单"])))
    attachment = tmp_path / "甲镇森林防火责任人名单.docx"
    attachment.write_bytes(docx_bytes("甲镇：王某"))

    log_in(page, "clerk_a")
    page.goto("/workspace/items/new/")
    page.get_by_label("公文文件（DOCX，或带文字层的 PDF）").set_input_files(str(document))
    page.get_by_role("button", name="识别公文").click()
    recognised = page.locator(".recognised-table")
    for heading, value in (
        ("标题", TITLE),
        ("发文机关", "测试县甲局"),
        ("文号", "甲林发〔2026〕3号"),
        ("成文日期", "2026-03-05"),
        ("主送机关", "各乡镇人民政府，县直各有关单位"),
        ("附件", "甲镇森林防火责任人名单"),
    ):
        expect(recognised.get_by_role("row", name=heading)).to_contain_text(value)
    # The form is filled with it, the agency preselected (the clerk serves one).
    expect(page.get_by_label("名称")).to_have_value(TITLE)
    expect(page.get_by_label("文号")).to_have_value("甲林发〔2026〕3号")
    expect(page.get_by_label("生成日期")).to_have_value("2026-03-05")
    expect(page.get_by_label("发布机构")).to_have_value(str(county.dept_a.pk))
    expect(page.get_by_label("体裁")).to_have_value("notice")
    editor = page.get_by_role("textbox", name="正文")
    expect(editor).to_contain_text("一、总体要求")
    expect(editor).to_contain_text("严禁野外吸烟")
    page.get_by_label("主题分类").select_option(label="农业、林业、水利")

    # 链接: a dialog of the page; a wrong address is explained, then the link goes in at the caret.
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("详见")
    page.get_by_role("button", name="链接").click()
    dialog = page.get_by_role("dialog", name="插入链接")
    expect(dialog).to_be_visible()
    dialog.get_by_label("链接地址").fill("javascript:alert(1)")
    dialog.get_by_label("链接地址").press("Enter")
    expect(dialog.get_by_role("alert")).to_have_text("请填写以 http://、https:// 或 / 开头的链接地址")
    assert axe_violations(page) == []  # the open dialog too
    dialog.get_by_label("链接地址").fill("https://www.gov.cn/zhengce/")
    dialog.get_by_label("链接文字").fill("国务院政策文件库")
    dialog.get_by_role("button", name="插入链接").click()
    expect(dialog).to_be_hidden()
    assert editor.get_by_role("link", name="国务院政策文件库").get_attribute("href") == "https://www.gov.cn/zhengce/"
    # 表格: keyboard only — Enter on the toolbar button, type the size, Enter; Esc closes without inserting.
    page.get_by_role("button", name="插入表格").focus()
    page.keyboard.press("Enter")
    table_dialog = page.get_by_role("dialog", name="插入表格")
    expect(table_dialog.get_by_label("行数（1–50）")).to_be_focused()
    page.keyboard.press("Escape")
    expect(table_dialog).to_be_hidden()
    expect(page.get_by_role("button", name="插入表格")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.type("4")
    page.keyboard.press("Enter")
    inserted = editor.locator("table").last  # after the document's own table
    expect(inserted.locator("tr")).to_have_count(2)
    expect(inserted.locator("tr").first.locator("th")).to_have_count(4)

    page.get_by_label("添加附件（可多选）").set_input_files(str(attachment))
    page.get_by_label("名称").scroll_into_view_if_needed()
    screenshots(page, "disclosure-draft-from-document")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("草稿已保存。")).to_be_visible()
    item = Item.objects.get(title=TITLE)
    assert item.doc_number == "甲林发〔2026〕3号" and item.formed_on.isoformat() == "2026-03-05"
    assert [a.name for a in item.attachments.order_by("id")] == ["春季森林防火通知.docx", "甲镇森林防火责任人名单.docx"]
    assert '<a href="https://www.gov.cn/zhengce/"' in item.body and "<th>" in item.body
    page.get_by_role("button", name="提交保密审查").click()
    expect(page.get_by_text("已提交保密审查。")).to_be_visible()

    log_in(page, "reviewer_a")
    page.goto("/workspace/items/review/")
    page.get_by_role("link", name="从第一条开始审查").click()
    expect(page.get_by_text("第 1 / 1 条")).to_be_visible()
    expect(page.get_by_role("heading", name="审查内容")).to_be_visible()
    screenshots(page, "disclosure-review")
    # Approving without the ticks is refused, with the reason by the checklist.
    page.get_by_label("通过", exact=True).check()
    page.get_by_role("button", name="提交审查结论").click()
    expect(page.get_by_text("审查通过前须逐项确认以上要点")).to_be_visible()
    page.get_by_label("不含个人信息").check()
    page.get_by_label("不含国家秘密").check()
    page.get_by_label("不含讨论记录").check()
    page.get_by_label("通过", exact=True).check()
    page.get_by_role("button", name="提交审查结论").click()
    expect(page.get_by_text("保密审查通过。")).to_be_visible()
    expect(page.get_by_text("审查队列中已没有待审查的信息。")).to_be_visible()
    event = Event.objects.for_object(item).get(action="item.approve")
    assert event.after["checklist"] == {"no_personal_info": True, "no_state_secret": True, "no_process_info": True}

    log_in(page, "clerk_a")
    page.goto(f"/workspace/items/{item.pk}/")
    page.get_by_role("button", name="发布").click()
    expect(page.get_by_text("已发布。")).to_be_visible()
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED

    page.context.clear_cookies()
    page.goto("/items/search/")
    page.get_by_label("关键词").fill("森林防火")
    page.get_by_role("button", name="检索").click()
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_text("甲林发〔2026〕3号").first).to_be_visible()
    expect(page.get_by_role("link", name="春季森林防火通知.docx")).to_be_visible()
