import pytest

from gongkai.core.testing import PASSWORD, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_logs_in_and_sees_workspace_and_agency_timeline(page, county):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("head_a")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workspace/")
    assert page.get_by_role("heading", name="工作台").is_visible()
    page.get_by_role("link", name="测试县甲局").first.click()
    page.get_by_role("link", name="修改机构信息").click()
    page.get_by_label("办公地址").fill("测试路1号")
    page.get_by_role("button", name="保存").click()
    assert page.get_by_text("机构信息已保存。").is_visible()
    assert page.get_by_text("修改机构信息").first.is_visible()
    path = save_screenshot(page, "foundation-agency-detail")
    assert path.stat().st_size > 10_000
