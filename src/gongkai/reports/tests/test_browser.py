"""Browser test: the public year-over-year chart fits a phone (390 px) and its figures are a table."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from gongkai.reports import actions
from gongkai.testing.helpers import save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_year_over_year_chart_fits_a_phone(page: Any, county: Any) -> None:
    for year in (2022, 2023, 2024):
        report = actions.report_build(agency=county.dept_a, year=year, actor=county.clerk_a)
        actions.report_publish(report=report, actor=county.reviewer_a, confirmed=actions.CHECKLIST)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/agencies/GOV-A/reports/")
    chart = page.locator("svg.chart").bounding_box()
    assert chart is not None and chart["x"] >= 0 and chart["x"] + chart["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows the page
    expect(page.get_by_role("table", name="图中数据：历年新收申请与办结申请数量")).to_be_visible()
    page.locator("svg.chart").scroll_into_view_if_needed()
    save_screenshot(page, "reports-chart-390px")
