"""Linking items to entries, timeliness on the database calendar, the compliance view and its export,
the public pages and the demo."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from gongkai.audit.models import Event
from gongkai.catalogue.actions import catalogue_import, entry_link_item, entry_set_rule, link_check_elements
from gongkai.catalogue.models import EntryItem, ScoringSetting
from gongkai.catalogue.selectors import compliance, suggest_entries
from gongkai.catalogue.tests.helpers import county_workbook, publish
from gongkai.testing.helpers import PASSWORD

START, END, TODAY = dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 15)


@pytest.fixture
def catalogue(county, area, seeded):
    return catalogue_import(
        agency=county.dept_a,
        tier="county",
        area=area,
        version=dt.date(2025, 1, 2),
        data=county_workbook(),
        filename="目录.xlsx",
        actor=None,
    )


def test_link_timeliness_and_compliance(county, catalogue, category):
    policy, results, aid, _ = catalogue.entries.all()
    on_time = publish(
        county, category, title="2025年义务教育招生政策", formed=dt.date(2025, 6, 2), published=dt.date(2025, 6, 20)
    )
    late = publish(
        county, category, title="2025年秋季招生录取结果", formed=dt.date(2025, 9, 1), published=dt.date(2025, 9, 30)
    )
    entry_link_item(entry=policy, item=on_time, actor=county.clerk_a)
    entry_link_item(entry=results, item=late, actor=county.clerk_a)
    assert Event.objects.filter(action="catalogue.link").count() == 2
    [block] = compliance([county.dept_a], START, END, TODAY)
    rows = {row.entry.pk: row for row in block.rows}
    assert len(rows[policy.pk].on_time) == 1
    # 10 working days from 9月1日 end on 9月15日; published 9月30日 is 12 working days late (the
    # 调休 Sunday 9月28日 counts).
    [late_row] = rows[results.pk].late
    assert late_row.timeliness.due == dt.date(2025, 9, 15) and late_row.timeliness.late_days == 12
    assert rows[aid.pk].missing == [(START, END)] and rows[aid.pk].links == []
    assert (block.entries, block.items, block.on_time, block.late, block.missing) == (3, 2, 1, 1, 1)
    assert block.score == 100 - 1 - 2 and block.on_time_rate == 50.0
    ScoringSetting.objects.create(base=100, per_late=3, per_missing=5, per_incomplete=1)
    [block] = compliance([county.dept_a], START, END, TODAY)
    assert block.score == 92.0


def test_link_validation_and_permission(county, catalogue, category):
    policy = catalogue.entries.get(position=1)
    request_only = catalogue.entries.get(position=4)
    item = publish(county, category, title="招生政策", formed=dt.date(2025, 6, 2), published=dt.date(2025, 6, 3))
    other = publish(
        county,
        category,
        title="乙局招生",
        formed=dt.date(2025, 6, 2),
        published=dt.date(2025, 6, 3),
        agency=county.dept_b,
    )
    with pytest.raises(PermissionDenied):
        entry_link_item(entry=policy, item=item, actor=county.clerk_b)
    with pytest.raises(ValidationError, match="本机构"):
        entry_link_item(entry=policy, item=other, actor=None)
    with pytest.raises(ValidationError, match="依申请"):
        entry_link_item(entry=request_only, item=item, actor=county.clerk_a)
    entry_link_item(entry=policy, item=item, actor=county.clerk_a)
    with pytest.raises(ValidationError, match="已关联"):
        entry_link_item(entry=policy, item=item, actor=county.clerk_a)


def test_elements_checklist_counts_incomplete(county, catalogue, category):
    policy = catalogue.entries.get(position=1)
    item = publish(county, category, title="招生政策", formed=dt.date(2025, 6, 2), published=dt.date(2025, 6, 3))
    link = entry_link_item(entry=policy, item=item, actor=county.clerk_a)
    with pytest.raises(PermissionDenied):
        link_check_elements(link=link, present=["招生范围"], actor=county.clerk_a)
    with pytest.raises(ValidationError, match="不是该事项的公开要素"):
        link_check_elements(link=link, present=["天气"], actor=county.reviewer_a)
    link = link_check_elements(link=link, present=["招生范围", "报名方式"], actor=county.reviewer_a)
    assert link.elements_missing == ["招生条件"]
    [block] = compliance([county.dept_a], START, END, TODAY)
    assert block.incomplete == 1


def test_manual_review_is_settled_by_a_computable_text(county, catalogue):
    aid = catalogue.entries.get(position=3)
    with pytest.raises(ValidationError, match="仍无法计算"):
        entry_set_rule(entry=aid, time_limit="按规定", actor=county.clerk_a)
    entry = entry_set_rule(entry=aid, time_limit="信息形成之日起5个工作日内", actor=county.clerk_a)
    assert (entry.needs_review, entry.amount, entry.trigger) == (False, 5, "formed")


def test_suggestions_follow_the_title(county, catalogue, category):
    item = publish(
        county,
        category,
        title="关于2025年义务教育招生政策的通知",
        formed=dt.date(2025, 6, 2),
        published=dt.date(2025, 6, 3),
    )
    assert suggest_entries(item)[0].level2 == "招生政策"


def test_staff_pages_and_compliance_export(client, county, catalogue, category):
    item = publish(county, category, title="招生政策", formed=dt.date(2025, 6, 2), published=dt.date(2025, 6, 3))
    client.login(username="clerk_a", password=PASSWORD)
    page = client.get(f"/workspace/catalogue/items/{item.pk}/")
    assert page.status_code == 200 and "招生政策" in page.content.decode()
    entry = catalogue.entries.get(position=1)
    assert client.post(f"/workspace/catalogue/items/{item.pk}/", {"entry": entry.pk}).status_code == 302
    assert EntryItem.objects.filter(entry=entry, item=item).exists()
    again = client.post(f"/workspace/catalogue/items/{item.pk}/", {"entry": entry.pk})
    assert again.status_code == 400 and "该信息已关联到此目录事项" in again.content.decode()
    view = client.get("/workspace/catalogue/compliance/", {"start": "2025-01-01", "end": "2025-12-31"})
    assert view.status_code == 200 and "测试县甲局" in view.content.decode()
    export = client.get(
        "/workspace/catalogue/compliance/", {"start": "2025-01-01", "end": "2025-12-31", "format": "xlsx"}
    )
    book = load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["得分汇总", "问题明细"]
    assert book["得分汇总"]["A3"].value == "测试县甲局"
    assert any(row[4] == "应公开未公开" for row in book["问题明细"].iter_rows(values_only=True))
    bad = client.get("/workspace/catalogue/compliance/", {"start": "2025-12-31", "end": "2025-01-01"})
    assert bad.status_code == 400 and "截止日期不能早于起始日期" in bad.content.decode()
    client.logout()
    client.login(username="clerk_b", password=PASSWORD)
    assert client.get(f"/workspace/catalogue/{catalogue.pk}/").status_code == 404


def test_public_pages(client, county, catalogue, category):
    item = publish(county, category, title="招生政策公告", formed=dt.date(2025, 6, 2), published=dt.date(2025, 6, 3))
    entry_link_item(entry=catalogue.entries.get(position=1), item=item, actor=None)
    home = client.get("/catalogue/").content.decode()
    assert "测试县甲局" in home and "义务教育领域" in home
    assert "测试县甲局政务公开事项标准目录" in client.get("/catalogue/agency/GOV-A/").content.decode()
    detail = client.get(f"/catalogue/{catalogue.pk}/").content.decode()
    assert "招生政策公告" in detail and "公开渠道和载体" in detail


def test_demo_seed_is_idempotent(db):
    from gongkai.catalogue import demo
    from gongkai.site.demo import seed_demo

    seed_demo()
    summary = demo.seed()
    assert "标准目录" in summary
    assert demo.seed() == "演示标准目录已存在，跳过"
    from gongkai.agencies.models import Agency

    blocks = compliance(Agency.objects.filter(path__startswith="/YX/"), dt.date(2000, 1, 1), dt.date(2100, 1, 1))
    assert len(blocks) >= 4
    assert sum(b.late for b in blocks) > 0 and sum(b.missing for b in blocks) > 0
    assert sum(b.on_time for b in blocks) > 0
