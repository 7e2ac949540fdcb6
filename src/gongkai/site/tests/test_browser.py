import pytest
from playwright.sync_api import expect

from gongkai.testing.helpers import PASSWORD, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_logs_in_and_sees_workspace_and_agency_timeline(page, county):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("head_a")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workspace/")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    page.get_by_role("link", name="测试县甲局").first.click()
    page.get_by_role("link", name="修改机构信息").click()
    page.get_by_label("办公地址").fill("测试路1号")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("机构信息已保存。")).to_be_visible()
    expect(page.get_by_text("修改机构信息").first).to_be_visible()
    path = save_screenshot(page, "foundation-agency-detail")
    assert path.stat().st_size > 10_000


def test_foundation_and_report_pages_have_no_serious_accessibility_violations(page, county):
    from gongkai.reports import actions
    from gongkai.testing.helpers import axe_violations

    report = actions.report_build(agency=county.dept_a, year=2024, actor=county.clerk_a)
    actions.report_publish(report=report, actor=county.reviewer_a, confirmed=list(actions.CHECKLIST))
    public = [
        "/",
        "/agencies/",
        "/agencies/GOV-A/",
        "/agencies/GOV-A/reports/",
        "/agencies/GOV-A/reports/2024/",
        "/accounts/login/",
    ]
    staff = [
        "/workspace/",
        "/workspace/agencies/GOV-A/",
        "/workspace/audit/",
        "/workspace/calendar/",
        "/workspace/reports/?year=2024",
        "/workspace/reports/GOV-A/2024/",
        "/workspace/report-audit/",
    ]
    problems = {}
    for url in public:
        page.goto(url)
        if found := axe_violations(page):
            problems[url] = found
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("head_a")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workspace/")
    for url in staff:
        page.goto(url)
        if found := axe_violations(page):
            problems[url] = found
    assert problems == {}
