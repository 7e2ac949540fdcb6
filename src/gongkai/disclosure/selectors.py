"""The reads of 主动公开 that the portal pages and the API share."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from gongkai.disclosure import counters, search
from gongkai.disclosure.models import Item

# The public list and the API page no deeper than this many items: a deep OFFSET walks every row before
# it, and no visitor reads thousands of results in order (they narrow the search instead).
MAX_RESULTS = 5_000
DEPTH_MESSAGE = "只能翻阅前{max:,}条结果。请增加检索词，或按机构、主题分类、年度筛选，缩小范围。"


def depth_message() -> str:
    return DEPTH_MESSAGE.format(max=MAX_RESULTS)


@dataclass(frozen=True)
class Found:
    items: list[Item]
    count: int  # at most MAX_RESULTS + 1 when not ``exact``
    exact: bool = True


NEWEST = ("-published_on", "-id")  # the public lists' order (publication date, then id)


def newest_page(qs: QuerySet[Item], offset: int, limit: int) -> list[Item]:
    """One page of ``qs`` newest first, the deep ones included: the page's ids come from the index alone
    (the newest-first indexes end with the status, ``models.Item.Meta.indexes``; an OFFSET over whole
    rows would read every row it skips), then only those rows are read."""
    ids = list(qs.order_by(*NEWEST).values_list("id", flat=True)[offset : offset + limit])
    return list(qs.filter(id__in=ids).order_by(*NEWEST)) if ids else []


class NewestRows:
    """``qs`` newest first as Paginator's object list: each page read by ``newest_page``, and the count
    given (a maintained one) or counted."""

    def __init__(self, qs: QuerySet[Item], count: int | None = None) -> None:
        self.qs = qs
        self._count = count

    def count(self) -> int:
        return self._count if self._count is not None else self.qs.order_by().count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Item]:
        start, stop = window.start or 0, window.stop
        return newest_page(self.qs, start, stop - start)


def find_items(q: str, filters: search.Filters, *, sort: str, offset: int, limit: int) -> Found:
    """One page of listed items and the total: the search's hits when ``q`` has words, else the newest
    items by the same filters (browsing). The caller keeps ``offset + limit`` within MAX_RESULTS, so
    hits are counted no further than MAX_RESULTS + 1 (past it the page says "more than")."""
    result = search.search(q, filters, sort=sort, offset=offset, limit=limit, count_limit=MAX_RESULTS + 1)
    if result is not None:
        by_id = Item.objects.select_related("agency", "category").in_bulk(result.ids)
        return Found([by_id[i] for i in result.ids if i in by_id], result.count, result.exact)
    qs = Item.objects.listed().without_body().select_related("agency", "category")
    if filters.agency_id:
        qs = qs.filter(agency_id=filters.agency_id)
    if filters.category_id:
        qs = qs.filter(category_id=filters.category_id)
    if filters.year:
        qs = qs.filter(published_on__year=filters.year)
    if filters.validity:
        qs = qs.filter(validity=filters.validity)
    items = newest_page(qs, offset, limit)
    tokens = filters.tokens()
    if len(tokens) <= 1:  # all items, or one filter value: a maintained count
        return Found(items, counters.count(tokens[0] if tokens else counters.TOTAL))
    # Several filters: counted no further than the list can be paged.
    bounded = qs.order_by()[: MAX_RESULTS + 1].count()
    return Found(items, bounded, exact=bounded <= MAX_RESULTS)
