"""The reads of 主动公开 that the portal pages and the API share."""

from __future__ import annotations

from dataclasses import dataclass

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


def find_items(q: str, filters: search.Filters, *, sort: str, offset: int, limit: int) -> Found:
    """One page of listed items and the total: the search's hits when ``q`` has words, else the newest
    items by the same filters (browsing). The caller keeps ``offset + limit`` within MAX_RESULTS."""
    result = search.search(q, filters, sort=sort, offset=offset, limit=limit)
    if result is not None:
        by_id = Item.objects.select_related("agency", "category").in_bulk(result.ids)
        return Found([by_id[i] for i in result.ids if i in by_id], result.count)
    qs = Item.objects.listed().select_related("agency", "category")
    if filters.agency_id:
        qs = qs.filter(agency_id=filters.agency_id)
    if filters.category_id:
        qs = qs.filter(category_id=filters.category_id)
    if filters.year:
        qs = qs.filter(published_on__year=filters.year)
    if filters.validity:
        qs = qs.filter(validity=filters.validity)
    # Newest first through an index (models.Item.Meta.indexes) that stops after the page.
    items = list(qs.order_by("-published_on", "-id")[offset : offset + limit])
    tokens = filters.tokens()
    if len(tokens) <= 1:  # all items, or one filter value: a maintained count
        return Found(items, counters.count(tokens[0] if tokens else counters.TOTAL))
    # Several filters: counted no further than the list can be paged.
    bounded = qs.order_by()[: MAX_RESULTS + 1].count()
    return Found(items, bounded, exact=bounded <= MAX_RESULTS)
