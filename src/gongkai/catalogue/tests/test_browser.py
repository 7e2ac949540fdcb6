"""Browser tests: the public catalogue page passes axe-core; a clerk links a new item to an entry and
the compliance view counts it."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from gongkai.catalogue.actions import catalogue_import
from gongkai.catalogue.tests.helpers import county_workbook, publish
from gongkai.disclosure.actions import item_create, item_publish, item_review, item_submit
from gongkai.testing.helpers import PASSWORD, axe_violations, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workspace/")


def test_public_catalogue_passes_axe_and_a_linked_item_is_counted(page, county, area, category, seeded):
    catalogue = catalogue_import(
        agency=county.dept_a,
        tier="county",
        area=area,
        version=dt.date(2025, 1, 2),
        data=county_workbook(),
        filename="目录.xlsx",
        actor=None,
    )
    for path in ("/catalogue/", f"/catalogue/{catalogue.pk}/"):
        page.goto(path)
        assert axe_violations(page) == [], path
    save_screenshot(page, "catalogue-public")

    item = publish(
        county,
        category,
        title="关于2025年义务教育招生政策的通知",
        formed=dt.date(2025, 6, 2),
        published=dt.date(2025, 6, 10),
    )
    log_in(page, "clerk_a")
    page.goto(f"/workspace/catalogue/items/{item.pk}/")
    page.get_by_label("义务教育：招生入学 / 招生政策").check()
    page.get_by_role("button", name="关联").click()
    expect(page.get_by_text("已关联到“招生入学 / 招生政策”。")).to_be_visible()

    # A new draft is linked from its own draft form, where the entry is suggested from its title.
    draft = item_create(
        agency=county.dept_a,
        actor=None,
        category=category,
        title="2025年秋季招生录取结果",
        formed_on=dt.date(2025, 9, 1),
    )
    page.goto(f"/workspace/items/{draft.pk}/edit/")
    assert axe_violations(page) == []
    page.get_by_label("义务教育：招生入学 / 招生结果").check()
    page.get_by_role("button", name="关联目录事项").click()
    page.wait_for_url(f"**/workspace/items/{draft.pk}/edit/")
    expect(page.get_by_text("已关联到“招生入学 / 招生结果”。")).to_be_visible()
    save_screenshot(page, "catalogue-item-panel")
    item_submit(item=draft, actor=None)
    item_review(item=draft, actor=None, approve=True)
    item_publish(item=draft, actor=None, published_on=dt.date(2025, 9, 5))

    page.goto("/workspace/catalogue/compliance/?start=2025-01-01&end=2025-12-31")
    summary = page.get_by_role("table", name="得分汇总")
    row = summary.get_by_role("row").filter(has_text="测试县甲局")
    # 关联信息 2, 按时公开 2.
    expect(row.get_by_role("cell").nth(2)).to_have_text("2")
    expect(row.get_by_role("cell").nth(3)).to_have_text("2")
    save_screenshot(page, "catalogue-compliance")
