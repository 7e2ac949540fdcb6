import datetime as dt

import pytest
import time_machine

pytestmark = pytest.mark.django_db


def test_home_and_public_agency_pages(county, client):
    home = client.get("/").content.decode()
    assert "测试县人民政府" in home and 'lang="zh-CN"' in home
    page = client.get("/agencies/GOV-A/").content.decode()
    assert "政府信息公开工作机构" in page and "办公地址" in page
    # Public pages never show staff.
    assert "clerk_a" not in page and "CLERK_A" not in page


def test_workspace_requires_login_and_shows_roles(county, client):
    assert client.get("/workspace/").status_code == 302
    client.force_login(county.reviewer_a)
    page = client.get("/workspace/").content.decode()
    assert "审核人" in page and "测试县甲局" in page


def test_healthz(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_static_assets_are_local(client, db):
    page = client.get("/").content.decode()
    assert "htmx-2.0.8.min.js" in page
    assert "http://" not in page.split("<body")[0] and "https://" not in page.split("<body")[0]


def test_login_with_wrong_password_says_so_in_chinese(county, client):
    response = client.post("/accounts/login/", {"username": "clerk_a", "password": "wrong"})
    assert "用户名或密码不正确" in response.content.decode()


@time_machine.travel(dt.datetime(2026, 2, 10, 9, tzinfo=dt.UTC))
def test_workspace_lists_what_waits_for_the_user(county, client):
    from gongkai.reports import actions

    actions.report_build(agency=county.dept_a, year=2025, actor=county.clerk_a)
    client.force_login(county.reviewer_a)
    page = client.get("/workspace/").content.decode()
    assert "待办" in page and "2025年度报告待审核发布" in page
    client.force_login(county.clerk_b)
    page = client.get("/workspace/").content.decode()
    assert "2025年度报告待审核发布" not in page and "2025年度报告尚未发布的机构" in page
