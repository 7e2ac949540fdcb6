"""The reads of 主动公开 that the portal pages and the API share."""

from __future__ import annotations

from gongkai.disclosure import search
from gongkai.disclosure.models import Item


def find_items(q: str, filters: search.Filters, *, sort: str, offset: int, limit: int) -> tuple[list[Item], int]:
    """One page of listed items and the total: the search's hits when ``q`` has words, else the newest
    items by the same filters (browsing)."""
    result = search.search(q, filters, sort=sort, offset=offset, limit=limit)
    if result is not None:
        by_id = Item.objects.select_related("agency", "category").in_bulk(result.ids)
        return [by_id[i] for i in result.ids if i in by_id], result.count
    qs = Item.objects.listed().select_related("agency", "category")
    if filters.agency_id:
        qs = qs.filter(agency_id=filters.agency_id)
    if filters.category_id:
        qs = qs.filter(category_id=filters.category_id)
    if filters.year:
        qs = qs.filter(published_on__year=filters.year)
    if filters.validity:
        qs = qs.filter(validity=filters.validity)
    return list(qs.order_by("-published_on", "-id")[offset : offset + limit]), qs.count()
