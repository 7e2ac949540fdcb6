"""What the search results page and the API show about each hit: a snippet with the words in <mark>,
the number of hits, and for no hit the query as understood with a way onwards (issue 14, point 5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def hits(make_published):
    return [
        make_published(
            title=f"防汛工作通知{n}",
            summary="汛期值班安排",
            body=f"<p>请做好森林\n防火和防汛 &lt;准备&gt; 工作{n}。</p>",
            published_on=dt.date(2025, 6, 1 + n),
        )
        for n in range(3)
    ]


def test_results_page_shows_count_and_marked_snippets(hits):
    page = Client().get("/items/search/", {"q": "森林防火 准备"}).content.decode()
    assert "找到 3 条信息" in page
    assert page.count("<mark>森林防火</mark>") == 3
    assert "<mark>&lt;准备&gt;</mark>" not in page  # only the word is marked, the brackets are escaped text
    assert "&lt;<mark>准备</mark>&gt;" in page


def test_results_page_without_hits_explains_and_offers_an_application(hits, category):
    page = Client().get("/items/search/", {"q": "森林 龘靐", "category": category.code}).content.decode()
    assert "找到 0 条信息" in page
    assert "<q>森林</q> 和 <q>龘靐</q>" in page
    assert "去掉筛选条件" in page and "?q=%E6%A3%AE%E6%9E%97+%E9%BE%98%E9%9D%90" in page
    assert reverse("applications:apply") in page and "找不到？可以申请公开" in page
    # Without filters there is no "without filters" link.
    assert "去掉筛选条件" not in Client().get("/items/search/", {"q": "龘靐"}).content.decode()


def test_query_stays_in_the_box(hits):
    page = Client().get("/items/search/", {"q": "森林 防火"}).content.decode()
    assert 'value="森林 防火"' in page


def test_api_results_carry_the_snippet(hits):
    data = Client().get("/api/items", {"q": "值班"}).json()
    assert data["count"] == 3
    assert {r["snippet"] for r in data["results"]} == {"汛期<mark>值班</mark>安排"}
    browse = Client().get("/api/items").json()
    assert browse["results"] and all(r["snippet"] is None for r in browse["results"])
