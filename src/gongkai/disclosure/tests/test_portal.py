"""A portal at a province's size (docs/disclosure.md): maintained counts, bounded depth, the sitemap
index, the page cache and the site-wide feed."""

import datetime as dt
import threading
import xml.etree.ElementTree as ET  # our own feed and sitemap output, not untrusted XML

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.agencies.actions import agency_create
from gongkai.agencies.models import AgencyKind
from gongkai.disclosure import counters, search, selectors
from gongkai.disclosure.actions import item_new_version, item_set_validity, item_withdraw
from gongkai.disclosure.models import Category, Item, ListedCount
from gongkai.disclosure.tests.helpers import published
from gongkai.testing.helpers import PASSWORD

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def maintained() -> dict[str, int]:
    return {row.key: row.count for row in ListedCount.objects.all() if row.count}


def recounted() -> dict[str, int]:
    counters.recount()
    return maintained()


def test_counts_follow_publish_withdraw_supersede_and_validity(county, category, make_published):
    other = Category.objects.get(code="99")
    a = make_published(published_on=dt.date(2024, 5, 6), formed_on=dt.date(2024, 5, 6))
    b = make_published(category=other, is_normative=True, validity="valid")
    assert counters.count() == 2
    assert counters.count(f"c{other.pk}") == 1 and counters.count("y2024") == 1 and counters.count("vvalid") == 1
    item_set_validity(item=b, actor=county.reviewer_a, validity="repealed", invalid_on=dt.date(2025, 4, 1))
    assert counters.count("vvalid") == 0 and counters.count("vrepealed") == 1
    item_withdraw(item=a, actor=county.reviewer_a, reason="重复发布")
    assert counters.count() == 1 and counters.count("y2024") == 0
    # A new version supersedes the old one: both stay listed.
    draft = item_new_version(item=b, actor=county.clerk_a)
    from gongkai.disclosure.actions import item_publish, item_review, item_submit

    item_submit(item=draft, actor=county.clerk_a)
    item_review(item=draft, actor=county.reviewer_a, approve=True)
    item_publish(item=draft, actor=county.clerk_a)
    assert counters.count() == Item.objects.listed().count() == 2
    before = maintained()
    assert before == recounted()  # what was maintained equals a count from scratch
    search.rebuild()
    assert maintained() == before


def test_home_and_browse_count_no_items(county, category, make_published):
    for n in range(3):
        make_published(title=f"第{n}号通知", published_on=dt.date(2023 + n, 3, 10), formed_on=dt.date(2023, 3, 1))
    with CaptureQueriesContext(connection) as queries:
        home = Client().get("/items/").content.decode()
        browse = Client().get("/items/search/", {"category": category.code}).content.decode()
    assert f"{category.name}（3）" in home and "2025年" in home and "2023年" in home
    assert "共 3 条信息" in browse
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert not [sql for sql in counts if "disclosure_item" in sql], counts


def test_list_and_api_stop_at_a_depth_with_a_message(county, category, make_published, monkeypatch):
    monkeypatch.setattr(selectors, "MAX_RESULTS", 40)  # two pages of 20
    for n in range(45):
        make_published(title=f"第{n}号通知")
    page2 = Client().get("/items/search/", {"page": 2}).content.decode()
    # Newest first: page 2 holds numbers 24 to 5, and the last five are out of reach.
    assert "第5号通知" in page2 and "第4号通知" not in page2 and "只能翻阅前40条结果" in page2
    assert 'rel="next"' not in page2
    page3 = Client().get("/items/search/", {"page": 3})
    assert page3.status_code == 200
    text = page3.content.decode()
    assert "只能翻阅前40条结果" in text and "请增加检索词" in text and "通知</a>" not in text
    searched = Client().get("/items/search/", {"q": "通知", "page": 3}).content.decode()
    assert "只能翻阅前40条结果" in searched
    assert Client().get("/api/items", {"page": 2}).json()["next"] is None
    api = Client().get("/api/items", {"page": 3})
    assert api.status_code == 422 and "只能翻阅前40条结果" in api.json()["errors"]["page"][0]
    # Several filters: counted no further than the depth.
    many = Client().get("/items/search/", {"agency": county.dept_a.code, "category": category.code})
    assert "超过 40 条信息" in many.content.decode()
    # A search too: its hits are counted no further than the depth (a common word at a province's size).
    assert "超过 40 条信息" in Client().get("/items/search/", {"q": "通知"}).content.decode()
    found = Client().get("/api/items", {"q": "通知"}).json()
    assert found["count"] == 41 and found["count_exact"] is False
    few = Client().get("/api/items", {"q": "第4号"}).json()
    assert few["count"] == 5 and few["count_exact"] is True  # 第4号, 第40号 … 第44号


def test_catalogue_pages_hold_the_right_rows_filtered_or_not(county, category, make_published):
    for n in range(55):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=n)
        make_published(title=f"第{n}号通知", published_on=day, formed_on=day)
    for params in ({}, {"category": category.code}, {"year": 2025}):
        first = Client().get(f"/agencies/{county.dept_a.code}/catalogue/", params).content.decode()
        last = Client().get(f"/agencies/{county.dept_a.code}/catalogue/", {**params, "page": 2}).content.decode()
        # Newest first, 50 a page: page 2 holds numbers 4 to 0.
        assert "第54号通知" in first and "第5号通知" in first and "第4号通知" not in first, params
        assert "第4号通知" in last and "第0号通知" in last and "第5号通知" not in last, params


def test_sitemap_is_an_index_of_sections_with_lastmod(county, category, monkeypatch):
    monkeypatch.setattr(counters, "SITEMAP_SECTION", 2)
    items = [published(county, category, title=f"第{n}号通知") for n in range(5)]
    item_withdraw(item=items[0], actor=county.reviewer_a, reason="重复发布")
    index = ET.fromstring(Client().get("/sitemap.xml").content)  # noqa: S314
    assert index.tag == f"{SITEMAP}sitemapindex"
    parts = list(index.iter(f"{SITEMAP}sitemap"))
    item_sections = [p for p in parts if "sitemap-items-" in p.find(f"{SITEMAP}loc").text]
    assert len(item_sections) >= 2 and all(p.find(f"{SITEMAP}lastmod") is not None for p in item_sections)
    listed = []
    for part in parts:
        url = part.find(f"{SITEMAP}loc").text.removeprefix("http://testserver")
        urlset = ET.fromstring(Client().get(url).content)  # noqa: S314
        entries = list(urlset.iter(f"{SITEMAP}url"))
        assert len(entries) <= 2 or "pages" in url
        listed += [e.find(f"{SITEMAP}loc").text for e in entries]
    for item in items[1:]:
        assert any(loc.endswith(item.get_absolute_url()) for loc in listed)
    assert not any(loc.endswith(items[0].get_absolute_url()) for loc in listed)


def test_anonymous_pages_are_cached_staff_never_and_publishing_invalidates(county, category, make_published):
    first = make_published(title="第一份通知")
    miss = Client().get("/items/")
    assert miss["X-Page-Cache"] == "miss" and "第一份通知" in miss.content.decode()
    hit = Client().get("/items/")
    assert hit["X-Page-Cache"] == "hit" and hit.content == miss.content
    assert not hit.cookies and "csrftoken" not in miss.cookies  # no visitor's token in a shared page
    assert Client().get(first.get_absolute_url())["X-Page-Cache"] == "miss"
    assert Client().get(first.get_absolute_url())["X-Page-Cache"] == "hit"
    # Staff pages are built for them: never served from the cache, never stored.
    staff = login(county.clerk_a).get("/items/")
    assert "X-Page-Cache" not in staff and "退出" in staff.content.decode()
    make_published(title="第二份通知")
    fresh = Client().get("/items/")
    assert fresh["X-Page-Cache"] == "miss" and "第二份通知" in fresh.content.decode()
    item_withdraw(item=first, actor=county.reviewer_a, reason="重复发布")
    page = Client().get(first.get_absolute_url())
    assert page["X-Page-Cache"] == "miss" and "重复发布" in page.content.decode()
    assert "第一份通知" not in Client().get("/items/").content.decode()


def test_site_wide_atom_feed_is_advertised_on_the_home_page(county, category, make_published):
    make_published(title="甲局的通知")
    published(county, category, title="另一份通知")
    home = Client().get("/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in home and "/items/feeds/latest.atom" in home
    feed = Client().get("/items/feeds/latest.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    titles = [e.text for e in ET.fromstring(feed.content).iter(f"{ATOM}title")]  # noqa: S314
    assert "甲局的通知" in titles and "另一份通知" in titles


def test_filters_fold_away_and_the_query_stays(county, category, make_published):
    page = Client().get("/items/search/", {"q": "通知"}).content.decode()
    assert '<details class="filters wide">' in page and 'value="通知"' in page
    filtered = Client().get("/items/search/", {"q": "通知", "year": 2025}).content.decode()
    assert '<details class="filters wide" open>' in filtered


@pytest.mark.django_db(transaction=True)
def test_a_search_during_a_rebuild_answers_on_postgresql(county, category, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("waits for the PostgreSQL run: the rebuild swaps tables there; SQLite rebuilds in one transaction")
    from gongkai.disclosure.search import postgres

    for n in range(3):
        published(county, category, title=f"森林防火第{n}号通知")
    building, resume = threading.Event(), threading.Event()
    swap = postgres.PostgresBackend._swap

    def paused_swap(self, *args, **kwargs):
        building.set()  # the new table is full; the old one still answers
        assert resume.wait(30)
        return swap(self, *args, **kwargs)

    monkeypatch.setattr(postgres.PostgresBackend, "_swap", paused_swap)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            search.rebuild()
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    try:
        assert building.wait(30)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        assert search.search("森林防火").count == 3  # answers while the rebuild runs
        published(county, category, title="森林防火第3号通知")  # a change during the rebuild is not lost
    finally:
        resume.set()
        thread.join(60)
    assert not errors
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = 0")
    assert search.search("森林防火").count == 4
    assert counters.count() == 4


def test_migration_recounts_sitemap_sections_under_the_new_size(county, category):
    import importlib

    from django.apps import apps

    from gongkai.disclosure.models import ListedCount

    migration = importlib.import_module("gongkai.disclosure.migrations.0012_sitemap_sections_of_2000")
    assert migration.SECTION == counters.SITEMAP_SECTION
    for n in range(3):
        published(county, category, title=f"第{n}号通知")
    expected = counters.with_prefix("s")
    ListedCount.objects.filter(key__startswith="s").delete()
    ListedCount.objects.create(key="s999", count=10_000)  # a section of the old size
    migration.recount_sections(apps, None)
    assert counters.with_prefix("s") == expected
    assert not ListedCount.objects.filter(key__startswith="s", changed=None).exists()  # lastmod kept


def test_home_lists_the_top_two_levels_of_a_province_and_links_to_all(county, category, monkeypatch):
    from gongkai.agencies import selectors as agency_selectors

    with CaptureQueriesContext(connection) as home_queries:
        home = Client().get("/items/").content.decode()
    assert county.dept_a.name in home and "查看全部" not in home  # a county: every agency
    # The page and its search form read the agencies once: a count, then the rows.
    assert len([q for q in home_queries.captured_queries if 'FROM "agencies_agency"' in q["sql"]]) == 2
    monkeypatch.setattr(agency_selectors, "OFFERED_AGENCIES", 2)
    deep = agency_create(code="DEEP", name="某乡人民政府", kind=AgencyKind.TOWNSHIP, parent=county.dept_a, actor=None)
    assert deep.depth == 2
    home = Client().get("/items/").content.decode()
    assert county.dept_a.name in home and deep.name not in home
    assert "查看全部" in home and f'href="/agencies/{county.dept_a.code}/"' in home
    # The search form's select offers the same two levels, and the agency asked for.
    browse = Client().get("/items/search/").content.decode()
    assert f'<option value="{county.dept_a.code}">' in browse and f'value="{deep.code}"' not in browse
    asked = Client().get("/items/search/", {"agency": deep.code}).content.decode()
    assert f'<option value="{deep.code}" selected>{deep.name}</option>' in asked


def test_sitemap_of_pages_links_every_agencys_catalogue_and_guide_as_reverse_does(county):
    from django.urls import reverse

    from gongkai.agencies.models import Agency

    urlset = ET.fromstring(Client().get("/sitemap-pages.xml").content)  # noqa: S314
    locs = {e.find(f"{SITEMAP}loc").text.removeprefix("http://testserver") for e in urlset.iter(f"{SITEMAP}url")}
    codes = list(Agency.objects.filter(is_active=True).values_list("code", flat=True))
    assert len(codes) > 3
    for code in codes:
        assert reverse("disclosure:catalogue", args=[code]) in locs
        assert reverse("disclosure:guide", args=[code]) in locs
    assert len(locs) == 2 * len(codes) + 1


@pytest.mark.parametrize(
    "url",
    ["/items/", "/items/search/", "/items/search/?q=%E9%80%9A%E7%9F%A5", "/agencies/{code}/catalogue/"],
)
def test_lists_leave_the_body_unread_and_query_no_more_for_more_items(county, category, make_published, url):
    def queries(n_items: int) -> tuple[int, list[str]]:
        while Item.objects.count() < n_items:
            make_published(title=f"第{Item.objects.count()}号通知", article20=1)
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(url.format(code=county.dept_a.code)).status_code == 200
        return len(captured), [q["sql"] for q in captured.captured_queries]

    few, _ = queries(2)
    many, sqls = queries(6)
    assert many == few  # no query per row, such as loading a deferred body
    if "q=" not in url:  # search results read the text for their snippets
        assert not [s for s in sqls if '"disclosure_item"."body_text"' in s and "LIMIT" in s], sqls
