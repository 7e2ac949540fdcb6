"""Search recall equals a substring scan (the contract in search/__init__.py), on generated documents."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.disclosure import search
from gongkai.disclosure.actions import attachment_add, item_withdraw
from gongkai.disclosure.models import Attachment, Item, SearchDoc
from gongkai.disclosure.rules import item_matches, normalize, query_terms
from gongkai.disclosure.search import postgres
from gongkai.disclosure.tests.helpers import docx_bytes, draft, published

pytestmark = pytest.mark.django_db

# A small alphabet makes every pair and triple occur often, so short queries have many true hits.
ALPHABET = "政府信息公开条例县镇村年aB 、，1"


def _text(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(low, high)))


@pytest.fixture
def corpus(county, category):
    """Forty published items, some with DOCX attachments, and two that must never be found."""
    from gongkai.disclosure.actions import item_publish, item_review, item_submit

    rng = random.Random(7)
    for n in range(40):
        item = draft(
            county,
            category,
            title=_text(rng, 3, 12) or "题",
            doc_number=_text(rng, 0, 6),
            body=f"<p>{_text(rng, 0, 40)}</p><p>{_text(rng, 0, 20)}</p>",
        )
        if n % 5 == 0:
            attachment_add(
                item=item, actor=county.clerk_a, filename=f"附件{n}.docx", data=docx_bytes(_text(rng, 5, 30))
            )
        item_submit(item=item, actor=county.clerk_a)
        item_review(item=item, actor=county.reviewer_a, approve=True)
        item_publish(item=item, actor=county.clerk_a, published_on=dt.date(2025, 3, 4) + dt.timedelta(days=n % 20))
    draft(county, category, title="草稿不可检索政府信息", body="<p>政府信息公开</p>")
    gone = published(county, category, title="已撤回的政府信息公开")
    item_withdraw(item=gone, actor=county.reviewer_a, reason="测试")
    return list(Item.objects.listed())


def fields_of(item: Item) -> list[str]:
    return [
        item.title,
        item.doc_number,
        item.body_text,
        *Attachment.objects.filter(item=item).values_list("text", flat=True),
    ]


def scan(q: str, items: list[Item]) -> set[int]:
    return {i.pk for i in items if item_matches(q, fields_of(i))}


def found(q: str) -> set[int]:
    result = search.search(q, limit=100_000)
    assert result is not None
    assert result.count == len(result.ids)
    return set(result.ids)


def test_every_one_and_two_character_query_has_full_recall(corpus):
    chars = sorted(set(normalize(ALPHABET)))
    # Normalisation drops the space and the punctuation of the alphabet: 15 characters remain.
    queries = chars + [a + b for a in chars for b in chars]
    assert len(queries) == 15 + 15 * 15
    hits = 0
    for q in queries:
        expected = scan(q, corpus)
        hits += len(expected)
        assert found(q) == expected, q
    assert hits > 1000  # the corpus really exercises the index


def test_substrings_of_documents_are_found_including_attachment_text(corpus):
    rng = random.Random(11)
    attached = Attachment.objects.exclude(text="").first()
    assert attached is not None
    probe = normalize(attached.text.strip())[2:6]
    assert attached.item_id in found(probe)
    for item in rng.sample(corpus, 15):
        text = item.body_text or item.title
        for size in (2, 3, 4, 6):
            if len(text) >= size:
                start = rng.randrange(len(text) - size + 1)
                q = text[start : start + size]
                if query_terms(q):
                    assert item.pk in found(q)
                    assert found(q) == scan(q, corpus)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(alphabet=ALPHABET + "AbX%_\"'*", min_size=1, max_size=6))
def test_generated_queries_match_substring_scan(corpus, q):
    if not query_terms(q):
        assert search.search(q) is None
        return
    assert found(q) == scan(q, corpus)


def test_raw_substring_is_always_a_hit(corpus):
    # Normalisation only folds case and control characters: it can add hits, never lose one.
    for item in corpus[:10]:
        q = item.title[:2]
        if query_terms(q):
            assert item.pk in found(q)


def test_withdrawn_and_drafts_are_not_indexed_and_rebuild_is_identical(corpus):
    assert found("已撤回") == set()
    assert found("草稿不可") == set()
    before = {q: found(q) for q in ["政府", "县镇", "a", "公开条例"]}
    docs = SearchDoc.objects.count()
    call_command("search-rebuild", stdout=io.StringIO())
    assert SearchDoc.objects.count() == docs == len(corpus)
    assert {q: found(q) for q in before} == before


def test_filters_and_sorting(county, make_published):
    from gongkai.disclosure.models import Category

    a = make_published(title="农田水利建设通知", published_on=dt.date(2024, 5, 6), formed_on=dt.date(2024, 5, 6))
    b = make_published(title="水利工程", body="<p>农田水利</p>", published_on=dt.date(2025, 6, 2))
    c = make_published(
        title="其他类农田水利", category=Category.objects.get(code="99"), is_normative=True, validity="valid"
    )
    ids = lambda r: r.ids  # noqa: E731
    assert set(ids(search.search("农田水利"))) == {a.pk, b.pk, c.pk}
    assert ids(search.search("农田水利", search.Filters(year=2024))) == [a.pk]
    assert ids(search.search("农田水利", search.Filters(category_id=c.category_id))) == [c.pk]
    assert ids(search.search("农田水利", search.Filters(validity="valid"))) == [c.pk]
    assert ids(search.search("农田水利", search.Filters(agency_id=county.dept_b.pk))) == []
    assert ids(search.search("农田水利", sort="newest"))[0] == b.pk
    # Relevance: title hits before a body-only hit.
    assert ids(search.search("农田水利"))[-1] == b.pk


def test_documents_too_large_for_gram_lexemes_are_still_found(corpus, monkeypatch):
    # PostgreSQL indexes a huge document by LIKE on its text instead of its grams; make every
    # document "huge" and the answers must not change (on SQLite this is a plain rebuild).
    before = {q: found(q) for q in ["政", "政府", "信息公", "条例县镇村", "aB"]}
    monkeypatch.setattr(postgres, "MAX_LEXEMES", 5)
    search.rebuild()
    assert {q: found(q) for q in before} == before
    assert found("信息公") == scan("信息公", corpus)


def expected_order(q: str, items: list[Item], sort: str) -> list[int]:
    """The order the backends promise: newest first (publication day, then id); for relevance, the
    title hits first, each group newest first."""
    hits = [i for i in items if item_matches(q, fields_of(i))]
    newest = sorted(hits, key=search.rowid_of, reverse=True)
    if sort == "newest":
        return [i.pk for i in newest]
    in_title = [i for i in newest if item_matches(q, [i.title])]
    return [i.pk for i in in_title] + [i.pk for i in newest if i not in in_title]


@pytest.mark.parametrize("count_limit", [None, 3], ids=["counted", "count-limited"])
@pytest.mark.parametrize("huge", [False, True], ids=["grams", "too-large-for-grams"])
@pytest.mark.parametrize("plan", ["walk", "index", None])
def test_every_page_in_order_whichever_plan_answers(corpus, monkeypatch, plan, huge, count_limit):
    # PostgreSQL reads a page newest-first or takes it from the index, chosen from the hit count;
    # each plan alone must give every page exactly (SQLite has one plan: the runs must agree too).
    # Counting no further than a limit changes the count, never the pages.
    monkeypatch.setattr(search.PostgresBackend, "force_plan", plan)
    if huge:
        monkeypatch.setattr(postgres, "MAX_LEXEMES", 5)
        search.rebuild()
    rng = random.Random(5)
    queries = ["政", "政府", "信息", "县镇", "a", "公开条例", "府信息公开"]
    queries += [i.title[1:6] for i in rng.sample(corpus, 4) if len(i.title.strip()) > 5]
    limited = 0
    for q in queries:
        for sort in ("relevance", "newest"):
            expected = expected_order(q, corpus, sort)
            for offset, limit in [(0, 20), (0, 3), (2, 5), (7, 4), (len(expected) - 1, 5), (len(expected), 5)]:
                result = search.search(q, sort=sort, offset=max(0, offset), limit=limit, count_limit=count_limit)
                if result.exact:
                    assert result.count == len(expected), (q, sort)
                else:
                    assert result.count == count_limit <= len(expected), (q, sort)
                    limited += 1
                assert result.ids == expected[max(0, offset) : max(0, offset) + limit], (q, sort, offset, limit)
    assert limited > 0 if count_limit else limited == 0  # the limited count really was exercised


@pytest.mark.parametrize("plan", ["walk", "index"])
def test_filters_agree_with_a_scan_whichever_plan_answers(county, category, monkeypatch, plan):
    from gongkai.disclosure.models import Category

    monkeypatch.setattr(search.PostgresBackend, "force_plan", plan)
    other = Category.objects.get(code="99")
    made = []
    for n in range(12):
        made.append(
            published(
                county,
                other if n % 3 == 0 else category,
                formed_on=dt.date(2024 + n % 2, 3, 1),
                published_on=dt.date(2024 + n % 2, 3, 1 + n),
                title=f"农田水利{n}" if n % 4 else f"第{n}号通知",
                body="<p>农田水利建设</p>",
                is_normative=n % 2 == 0,
                validity="valid" if n % 2 == 0 else "",
            )
        )
    cases = [
        (search.Filters(year=2024), lambda i: i.published_on.year == 2024),
        (search.Filters(category_id=other.pk), lambda i: i.category_id == other.pk),
        (search.Filters(validity="valid"), lambda i: i.validity == "valid"),
        (
            search.Filters(year=2025, category_id=category.pk),
            lambda i: i.published_on.year == 2025 and i.category_id == category.pk,
        ),
        (search.Filters(agency_id=county.dept_b.pk), lambda i: False),
    ]
    for filters, keep in cases:
        chosen = [i for i in made if keep(i)]
        for q in ["农田", "农田水利建设", "通知"]:
            for sort in ("relevance", "newest"):
                result = search.search(q, filters, sort=sort, limit=100)
                assert result.ids == expected_order(q, chosen, sort), (filters, q, sort)
                assert result.count == len(result.ids)


@pytest.mark.skipif(
    "postgresql" not in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
    reason="waits for the PostgreSQL run: planner settings exist only there",
)
def test_search_puts_the_planner_settings_back(corpus):
    from django.db import connection, transaction

    names = ["enable_seqscan", "enable_indexscan", "enable_bitmapscan", "work_mem"]
    sql = "SELECT " + ", ".join(f"current_setting('{n}')" for n in names)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
        before = cursor.fetchone()
        long = next(normalize(i.body_text)[:6] for i in corpus if len(i.body_text.strip()) >= 6)
        assert search.search("政府").count and search.search(long, sort="newest").count
        cursor.execute(sql)
        assert cursor.fetchone() == before


class DuckTypedBackend:
    """Has the methods of an engine but not the base class, so none of its default hooks."""

    def search(self, terms: list[str], filters: search.Filters, sort: str, offset: int, limit: int) -> search.Result:
        return search.Result(0, [])


def test_a_configured_backend_must_subclass_search_backend():
    from django.core.exceptions import ImproperlyConfigured
    from django.test import override_settings

    with (
        override_settings(GONGKAI_SEARCH_BACKEND=f"{__name__}.DuckTypedBackend"),
        pytest.raises(ImproperlyConfigured, match="SearchBackend"),
    ):
        search.search("政府")
