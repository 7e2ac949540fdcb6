"""The workspace's 待办 in a real browser (issue 13, points 5 and 7): a new online application and a
督办 received show up for the receiving clerk, with their count and age, and lead to the work."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.testing.helpers import PASSWORD, axe_violations, person, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_finds_a_new_online_application_and_a_supervision_in_the_todo_panel(page, county, seeded) -> None:
    from gongkai.applications import actions
    from gongkai.oversight import actions as oversight

    earlier = timezone.localdate() - dt.timedelta(days=2)  # Beijing's day, as the panel counts
    application, _ = actions.submit_online(agency=county.dept_a, data=person(), on=earlier)
    oversight.issue(
        actor=county.supervisor, application=application, matter="请及时确认收到并办理", working_days=5, on=earlier
    )
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("clerk_a")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workspace/")
    todos = page.locator("ul.todos")
    expect(todos.get_by_text("最早一件已等待 2 天").first).to_be_visible()
    expect(todos.get_by_role("link", name="收到的督办待回复")).to_be_visible()
    save_screenshot(page, "issue13-todo-panel")
    assert axe_violations(page) == []

    todos.get_by_role("link", name="待确认收到的在线申请").click()
    page.wait_for_url("**/workspace/applications/?view=submitted")
    expect(page.get_by_role("link", name=application.receipt_number)).to_be_visible()
    page.goto("/workspace/")
    page.locator("ul.todos").get_by_role("link", name="收到的督办待回复").click()
    expect(page.get_by_text("督办第").first).to_be_visible()
    assert axe_violations(page) == []
    save_screenshot(page, "issue13-supervision-register")
