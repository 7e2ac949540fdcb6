"""Issue 13, intake, in a real browser: a citizen applies, reloads the receipt (nothing is created twice),
looks the case up with the code typed in lower case with spaces, and the receiving clerk finds it in the
待办; the form's error summary moves the focus and its links lead to the fields; 法人类别 is revealed to
organisations only. Screenshots at desktop (1366 px) and phone (390 px) width; axe-core on each page."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.applications.models import Application
from gongkai.applications.tests.test_browser import login
from gongkai.testing.helpers import RESIDENT_ID, axe_violations, make_agency, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def answer_question(page) -> None:
    question = page.locator("label[for=id_answer]").inner_text()
    a, b = map(int, re.search(r"(\d) 加 (\d)", question).groups())
    page.get_by_label(re.compile("验证问题")).fill(str(a + b))


def both_widths(page, name: str) -> None:
    """Screenshots at desktop and phone width; at phone width nothing may push the page wider."""
    page.set_viewport_size(DESKTOP)
    save_screenshot(page, f"{name}-1366")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    save_screenshot(page, f"{name}-390")
    page.set_viewport_size(DESKTOP)


def test_apply_reload_receipt_look_up_loosely_and_find_it_in_the_clerks_todo(page, county, seeded) -> None:
    cache.clear()
    page.set_viewport_size(DESKTOP)
    page.goto("/apply/")
    page.get_by_label("向哪个机关申请").select_option(label="测试县甲局")
    page.get_by_label("自然人").check()
    page.get_by_label("姓名或名称 *").fill("孙八")
    page.get_by_label("证件号码 *").fill(RESIDENT_ID)
    page.get_by_label("电子邮箱").fill("sun@example.cn")
    page.get_by_label("所需政府信息的名称或内容描述 *").fill("某路改造工程的立项批复")
    page.get_by_label("信息的载体形式").select_option(label="电子邮件")
    page.get_by_label("获取信息的方式").select_option(label="电子邮件")
    answer_question(page)
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/apply/receipt/\d+/$"))
    code = page.locator("#query-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}( [0-9A-Z]{4}){3}", code)
    expect(page.get_by_role("button", name="复制查询码")).to_be_visible()
    expect(page.get_by_role("button", name="打印本页")).to_be_visible()
    expect(page.locator("#what-asked")).to_contain_text("某路改造工程的立项批复")
    expect(page.locator("#time-limit")).to_contain_text("第三十一条第（三）项")
    assert axe_violations(page) == []
    both_widths(page, "applications-receipt")

    page.reload()
    expect(page.locator("#query-code")).to_have_text(code)
    assert Application.objects.count() == 1
    application = Application.objects.get()

    page.context.clear_cookies()
    page.goto("/apply/status/")
    page.get_by_label("查询码").fill(code.lower())  # lower case, with the spaces between the groups
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#case-facts")).to_contain_text(application.receipt_number)
    expect(page.locator("#time-limit")).to_contain_text("工作机构确认收到申请后开始计算答复期限")
    assert axe_violations(page) == []
    both_widths(page, "applications-status-by-code")

    # The receiving clerk's 待办 lists online applications awaiting confirmation (the workspace panel).
    login(page, "clerk_a")
    todo = page.get_by_role("link", name=re.compile("待确认收到的在线申请"))
    expect(todo).to_have_count(1)
    save_screenshot(page, "applications-clerk-todo-1366")
    todo.click()
    assert page.get_by_role("link", name=application.receipt_number).count() >= 1


def test_form_errors_are_summarised_linked_and_focused_and_the_category_is_revealed(page, county, seeded) -> None:
    cache.clear()
    page.set_viewport_size(DESKTOP)
    page.goto("/apply/")
    category = page.locator("#organisation-fields")
    page.get_by_label("自然人").check()
    expect(category).to_be_hidden()
    page.get_by_label("法人或其他组织", exact=True).check()
    expect(category).to_be_visible()
    save_screenshot(page, "applications-apply-organisation-revealed-1366")
    page.get_by_label("自然人").check()
    expect(category).to_be_hidden()

    page.get_by_label("姓名或名称 *").fill("孙八")
    page.get_by_label("证件号码 *").fill(RESIDENT_ID)
    page.get_by_label("所需政府信息的名称或内容描述 *").fill("某路改造工程的立项批复")
    page.get_by_label("信息的载体形式").select_option(label="电子邮件")
    page.get_by_label("获取信息的方式").select_option(label="邮寄")
    answer_question(page)
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_load_state()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^错误："))
    expect(summary).to_contain_text("载体形式选了“电子邮件”，就不能邮寄")
    assert "这个字段是必填项" not in page.content()
    assert Application.objects.count() == 0
    assert axe_violations(page) == []
    both_widths(page, "applications-apply-errors")

    summary.get_by_role("link", name=re.compile("就不能邮寄")).click()
    expect(page.locator("#id_delivery")).to_be_focused()
    # The kind chosen before the error is kept, and the category stays hidden for a person.
    expect(category).to_be_hidden()

    page.get_by_label("获取信息的方式").select_option(label="电子邮件")
    page.get_by_label("电子邮箱").fill("sun@example.cn")
    answer_question(page)
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/apply/receipt/\d+/$"))
    assert Application.objects.count() == 1


def test_agency_list_of_a_province_narrows_to_what_the_citizen_types(page, county, seeded) -> None:
    """The known gap of issue 14: the online form offers every agency a citizen may apply to (2,100 in a
    province). Typing part of a name narrows the list and chooses; clearing it keeps the choice."""
    for city in range(1, 4):
        parent = make_agency(f"GOV-C{city}", f"第{city}市人民政府", parent=county.gov, kind=AgencyKind.CITY_GOVERNMENT)
        for dept in range(1, 9):
            make_agency(f"GOV-C{city}-D{dept}", f"第{city}市第{dept}局", parent=parent)
    cache.clear()
    page.set_viewport_size(DESKTOP)
    page.goto("/apply/")
    agency = page.get_by_label("向哪个机关申请")
    every = agency.locator("option").count()
    assert every >= 30

    search = page.get_by_label("按名称查找机关")
    search.fill("第2市 局")
    # The empty choice (分送) and the eight 局 of the second 市, the first of them chosen.
    expect(agency.locator("option")).to_have_count(9)
    expect(agency).to_have_value(str(Agency.objects.get(code="GOV-C2-D1").pk))
    expect(page.locator("#id_agency-filter-status")).to_contain_text("找到 8 个")
    agency.select_option(label="第2市第5局")
    search.fill("")
    expect(agency.locator("option")).to_have_count(every)
    expect(agency).to_have_value(str(Agency.objects.get(code="GOV-C2-D5").pk))  # the choice is kept

    search.fill("没有这个机关")
    expect(page.locator("#id_agency-filter-status")).to_contain_text("没有名称含“没有这个机关”")
    expect(agency.locator("option")).to_have_count(every)
    expect(agency).to_have_value(str(Agency.objects.get(code="GOV-C2-D5").pk))

    search.fill("第３市第８")  # a full-width digit, as a Chinese input method may type it
    expect(agency).to_have_value(str(Agency.objects.get(code="GOV-C3-D8").pk))
    search.press("Enter")  # chooses, and does not send the half-filled form
    expect(agency).to_be_focused()
    assert page.url.endswith("/apply/") and Application.objects.count() == 0
    assert page.evaluate("new FormData(document.querySelector('form')).get('agency')") == str(
        Agency.objects.get(code="GOV-C3-D8").pk
    )
    assert axe_violations(page) == []
    both_widths(page, "applications-apply-agency-filter")
