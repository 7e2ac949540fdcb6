"""Issue 18's remaining points: linking from the item's own staff page and draft form (the disclosure
hook), the catalogue's figures in the annual report's section 一, formula-safe exports, the admin's
reference tables saved through audited actions, and an entry edited in place."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from gongkai.audit.models import Event
from gongkai.catalogue.actions import catalogue_import, entry_link_item
from gongkai.catalogue.models import Area, EntryItem, ScoringSetting
from gongkai.catalogue.sheet import read_sheet
from gongkai.catalogue.tests.helpers import county_workbook, publish
from gongkai.catalogue.views import catalogue_xlsx, compliance_xlsx
from gongkai.disclosure.actions import item_create
from gongkai.disclosure.models import Category
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


# 1. The item's staff page and draft form suggest entries and link one (gongkai.disclosure.hooks).


def test_item_page_and_draft_form_suggest_and_link_an_entry(client, county, catalogue, category):
    draft = item_create(
        agency=county.dept_a,
        actor=None,
        category=category,
        title="关于2025年义务教育招生政策的通知",
        formed_on=dt.date(2025, 6, 2),
    )
    policy = catalogue.entries.get(position=1)
    client.login(username="clerk_a", password=PASSWORD)
    form_page = client.get(f"/workspace/items/{draft.pk}/edit/").content.decode()
    assert "基层政务公开标准目录" in form_page
    assert f'<input type="radio" name="entry" value="{policy.pk}"> 义务教育：招生入学 / 招生政策' in form_page
    # The panel's form is outside the draft form: one <form> closed before the next opens.
    assert form_page.index("保存草稿") < form_page.index('name="next"')
    item_page = client.get(f"/workspace/items/{draft.pk}/").content.decode()
    assert "按名称、分类和机构推荐的目录事项" in item_page and "尚未关联目录事项" in item_page
    linked = client.post(
        f"/workspace/catalogue/items/{draft.pk}/", {"entry": policy.pk, "next": f"/workspace/items/{draft.pk}/edit/"}
    )
    assert linked.status_code == 302 and linked["Location"] == f"/workspace/items/{draft.pk}/edit/"
    assert EntryItem.objects.filter(entry=policy, item=draft).exists()
    # Another site's address is not followed.
    results = catalogue.entries.get(position=2)
    away = client.post(f"/workspace/catalogue/items/{draft.pk}/", {"entry": results.pk, "next": "https://x.example/"})
    assert away["Location"] == f"/workspace/catalogue/items/{draft.pk}/"
    item_page = client.get(f"/workspace/items/{draft.pk}/").content.decode()
    assert "义务教育：招生入学 / 招生政策" in item_page and "尚未关联目录事项" not in item_page


def test_no_panel_without_a_catalogue_or_for_another_agency(client, county, category, seeded):
    item = item_create(agency=county.dept_b, actor=None, category=category, title="招生政策", formed_on=START)
    client.login(username="clerk_b", password=PASSWORD)
    assert "基层政务公开标准目录" not in client.get(f"/workspace/items/{item.pk}/").content.decode()


def test_reviewer_sees_the_panel_without_a_link_form_on_a_withdrawn_item(client, county, catalogue, category):
    item = publish(county, category, title="招生政策", formed=dt.date(2025, 6, 2), published=dt.date(2025, 6, 3))
    entry_link_item(entry=catalogue.entries.get(position=1), item=item, actor=None)
    from gongkai.disclosure.actions import item_withdraw

    item_withdraw(item=item, actor=None, reason="错误发布")
    client.login(username="clerk_a", password=PASSWORD)
    page = client.get(f"/workspace/items/{item.pk}/").content.decode()
    assert "义务教育：招生入学 / 招生政策" in page and "关联目录事项</button>" not in page


# 2. The annual report's section 一 cites the catalogue's figures.


def test_annual_report_section_one_cites_the_catalogue(county, catalogue, category):
    from gongkai.reports.builder import build_report

    item = publish(county, category, title="招生政策", formed=dt.date(2025, 6, 2), published=dt.date(2025, 6, 10))
    entry_link_item(entry=catalogue.entries.get(position=1), item=item, actor=None)
    text = build_report(county.dept_a, 2025)["sections"]["一"]
    assert "对照基层政务公开标准目录，3个主动公开事项全年关联公开信息1条，按时公开率100%。" in text
    assert "标准目录" not in build_report(county.dept_b, 2025)["sections"]["一"]


# 3. Exports of user text never become formulas, and read back unchanged.


def test_exports_quote_formulas_and_read_back_equal(county, catalogue, category):
    entry = catalogue.entries.get(position=1)
    formula = '=HYPERLINK("http://x.example/","点击")、报名方式'
    entry.content, entry.subject = formula, "+县教育局"
    entry.save()
    data = catalogue_xlsx(catalogue)
    cells = [c for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True) for c in row]
    assert "'" + formula in cells and "'+县教育局" in cells
    assert not any(isinstance(c, str) and c.startswith(("=", "+")) for c in cells)
    parsed = read_sheet(data, "目录.xlsx")
    assert parsed.errors == []
    assert parsed.rows[0][1]["content"] == formula and parsed.rows[0][1]["subject"] == "+县教育局"

    late = publish(county, category, title="=1+2", formed=dt.date(2025, 9, 1), published=dt.date(2025, 9, 30))
    entry_link_item(entry=catalogue.entries.get(position=2), item=late, actor=None)
    from gongkai.catalogue.selectors import compliance

    book = load_workbook(io.BytesIO(compliance_xlsx(compliance([county.dept_a], START, END, TODAY), START, END)))
    titles = [row[5] for row in book["问题明细"].iter_rows(min_row=2, values_only=True)]
    assert "'=1+2" in titles


# 4. The admin's reference tables are saved through audited actions.


def test_admin_saves_areas_scoring_and_categories_through_audited_actions(client, county, area):
    client.force_login(county.admin)
    added = client.post("/admin/catalogue/area/add/", {"name": "人防工程", "sort_order": 30})
    assert added.status_code == 302
    new = Area.objects.get(name="人防工程")
    client.post(f"/admin/catalogue/area/{new.pk}/change/", {"name": "人民防空", "sort_order": 31})
    events = Event.objects.filter(action="catalogue.area_save", target_id=str(new.pk)).order_by("id")
    assert [e.after["name"] for e in events] == ["人防工程", "人民防空"]
    assert events[1].before == {"name": "人防工程", "sort_order": 30}
    deleted = client.post(f"/admin/catalogue/area/{new.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302 and not Area.objects.filter(pk=new.pk).exists()
    assert Event.objects.filter(action="catalogue.area_delete", target_id=str(new.pk)).exists()

    points = {"base": "100", "per_late": "3", "per_missing": "5", "per_incomplete": "1"}
    assert client.post("/admin/catalogue/scoringsetting/add/", points).status_code == 302
    assert ScoringSetting.current().per_late == 3.0
    assert Event.objects.filter(action="catalogue.scoring_save").count() == 1

    category = Category.objects.create(code="T9", name="测试分类", sort_order=99)
    changed = client.post(
        f"/admin/disclosure/category/{category.pk}/change/", {"code": "T9", "name": "改名分类", "sort_order": 99}
    )
    assert changed.status_code == 302
    event = Event.objects.get(action="category.save", target_id=str(category.pk))
    assert event.before["name"] == "测试分类" and event.after["name"] == "改名分类"
    client.post(f"/admin/disclosure/category/{category.pk}/delete/", {"post": "yes"})
    assert Event.objects.filter(action="category.delete", target_id=str(category.pk)).exists()


def test_admin_reference_tables_are_for_system_administrators(client, county, area):
    county.head_a.is_staff = True
    county.head_a.save()
    client.force_login(county.head_a)
    assert client.post("/admin/catalogue/area/add/", {"name": "人防工程", "sort_order": 30}).status_code == 403
    assert not Area.objects.filter(name="人防工程").exists()


# 5. An entry edited in place, audited.


def _entry_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "serial": "1",
        "level1": "招生入学",
        "level2": "招生政策",
        "content": "招生范围、招生条件、报名方式、咨询电话",
        "basis": "《中华人民共和国义务教育法》",
        "time_limit": "信息形成之日起10个工作日内",
        "subject": "县教育局",
        "channels": ["website", "gazette"],
        "audiences": ["public"],
        "modes": ["proactive"],
        "levels": ["county"],
    }
    data.update(changes)
    return data


def test_staff_edit_an_entry_in_place(client, county, catalogue, category):
    entry = catalogue.entries.get(position=1)
    client.login(username="clerk_a", password=PASSWORD)
    assert (
        f"/workspace/catalogue/entries/{entry.pk}/edit/"
        in client.get(f"/workspace/catalogue/{catalogue.pk}/").content.decode()
    )
    assert client.get(f"/workspace/catalogue/entries/{entry.pk}/edit/").status_code == 200
    saved = client.post(f"/workspace/catalogue/entries/{entry.pk}/edit/", _entry_data())
    assert saved.status_code == 302
    entry.refresh_from_db()
    assert (entry.amount, entry.trigger, entry.needs_review) == (10, "formed", False)
    assert entry.elements[-1] == "咨询电话" and entry.channels == ["website", "gazette"]
    event = Event.objects.get(action="catalogue.entry_update", target_id=str(entry.pk))
    assert event.before["time_limit"] == "信息形成或者变更之日起20个工作日内"
    assert set(event.after) == {"content", "time_limit", "channels"}
    # An unparseable limit is kept and marked for review, as on import.
    client.post(f"/workspace/catalogue/entries/{entry.pk}/edit/", _entry_data(time_limit="及时公开"))
    entry.refresh_from_db()
    assert entry.needs_review and entry.time_limit == "及时公开"
    missing = client.post(f"/workspace/catalogue/entries/{entry.pk}/edit/", _entry_data(modes=[], level1=""))
    assert missing.status_code == 400
    # Linked items keep the entry 主动.
    item = publish(county, category, title="招生政策", formed=dt.date(2025, 6, 2), published=dt.date(2025, 6, 3))
    entry_link_item(entry=entry, item=item, actor=None)
    refused = client.post(f"/workspace/catalogue/entries/{entry.pk}/edit/", _entry_data(modes=["on_request"]))
    assert refused.status_code == 400 and "不能取消“主动”" in refused.content.decode()
    client.logout()
    client.login(username="clerk_b", password=PASSWORD)
    assert client.get(f"/workspace/catalogue/entries/{entry.pk}/edit/").status_code == 404
    client.logout()
    client.login(username="supervisor", password=PASSWORD)
    assert client.post(f"/workspace/catalogue/entries/{entry.pk}/edit/", _entry_data()).status_code == 403
