"""The portal on a phone (390 × 844): no sideways scrolling, a short header, 索引号 and dates whole, and
no serious accessibility finding (issue 13, point 10). Screenshots go to test-artifacts/."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.agencies.actions import agency_update
from gongkai.disclosure.models import Category, ensure_default_categories
from gongkai.disclosure.tests.helpers import published
from gongkai.testing.helpers import axe_violations, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# Brand and navigation in two short rows; the header took 240 px when its links wrapped into four.
MAX_HEADER_HEIGHT = 110


@pytest.fixture
def portal(county):
    ensure_default_categories()
    category = Category.objects.get(code="01")
    agency_update(
        agency=county.dept_a,
        actor=None,
        office_name="测试县甲局办公室",
        address="测试县城关镇人民路1号",
        postcode="650100",
        office_hours="工作日 8:30—12:00，14:30—17:30",
        phone="0871-1234567",
        email="gk@jia.example.cn",
    )
    for day in range(3, 6):
        published(
            county,
            category,
            dt.date(2025, 3, day + 5),
            title=f"关于做好第{day}批春耕生产资料供应保障工作的通知",
            summary="为保障春耕生产资料供应，现就有关事项通知如下。",
            formed_on=dt.date(2025, 3, day),
        )
    return county


def test_portal_pages_fit_a_phone(page, portal):
    page.set_viewport_size(PHONE)
    pages = {
        "phone-home": "/",
        "phone-agency": f"/agencies/{portal.dept_a.code}/",
        "phone-guide": f"/agencies/{portal.dept_a.code}/guide/",
        "phone-catalogue": f"/agencies/{portal.dept_a.code}/catalogue/",
    }
    for name, url in pages.items():
        page.goto(url)
        save_screenshot(page, name)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (url, width)
        header = page.locator("header.site-header").bounding_box()
        assert header is not None and header["height"] <= MAX_HEADER_HEIGHT, (url, header)
        assert axe_violations(page) == [], url

    # On the catalogue each 索引号 and date stays on one line (the table broke them mid-token).
    page.goto(pages["phone-catalogue"])
    lines = page.evaluate(
        """() => [...document.querySelectorAll('table.stack td.nowrap')].map(td => {
            const range = document.createRange();
            range.selectNodeContents(td.lastElementChild || td);
            return [td.textContent.trim(), new Set([...range.getClientRects()].map(r => Math.round(r.top))).size];
        })"""
    )
    assert len(lines) == 9
    assert all(count == 1 for _, count in lines), lines
