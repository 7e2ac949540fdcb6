"""Maintained counts of listed items (``models.ListedCount``): the home page's facets, the totals of the
public lists and the sitemap's sections come from here instead of a count over all items per request.

The search index calls ``changed`` whenever an item enters, leaves or changes in it (``search.sync_item``,
in the same transaction), ``added`` for bulk indexing, and ``recount`` after a rebuild. See
docs/disclosure.md, "A portal at a province's size"."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.utils import timezone

from gongkai.disclosure.models import Item, ListedCount

# Items per sitemap file (the sitemaps protocol allows 50,000 URLs per file): item ids are cut into
# sections of this many, so that a section never holds more and an item never moves to another one.
# Small enough that building one costs about what an item page does (10,000 took 16 times as long);
# changing it needs the sections recounted (migration 0012).
SITEMAP_SECTION = 2_000
TOTAL = ""


def section_key(item_id: int) -> str:
    return f"s{item_id // SITEMAP_SECTION}"


def _keys(facets: str, item_id: int) -> list[str]:
    return [TOTAL, *facets.split(), section_key(item_id)]


def _apply(deltas: Counter[str], touched: Iterable[str]) -> None:
    now = timezone.now()
    keys = set(deltas) | set(touched)
    ListedCount.objects.bulk_create([ListedCount(key=k) for k in keys], ignore_conflicts=True)
    for key in sorted(keys):  # one UPDATE per key, in the database (concurrent changes add up); sorted: no deadlock
        ListedCount.objects.filter(key=key).update(count=F("count") + deltas.get(key, 0), changed=now)


def changed(item_id: int, old_facets: str | None, new_facets: str | None) -> None:
    """One item's facets before and after (None: not listed)."""
    deltas: Counter[str] = Counter()
    for key in _keys(old_facets, item_id) if old_facets is not None else []:
        deltas[key] -= 1
    for key in _keys(new_facets, item_id) if new_facets is not None else []:
        deltas[key] += 1
    _apply(Counter({k: v for k, v in deltas.items() if v}), [section_key(item_id)])


def added(docs: Iterable[tuple[int, str]]) -> None:
    """Items newly listed in bulk: (item id, facets)."""
    deltas: Counter[str] = Counter()
    for item_id, facets in docs:
        deltas.update(_keys(facets, item_id))
    if deltas:
        _apply(deltas, [])


def recount() -> None:
    """Counts everything again from the items (one grouped query; after a rebuild of the index)."""
    counts: Counter[str] = Counter()
    grouped = (
        Item.objects.listed()
        .annotate(year=ExtractYear("published_on"), section=F("id") / SITEMAP_SECTION)
        .values_list("agency_id", "category_id", "year", "validity", "section")
        .annotate(n=Count("id"))
        .order_by()
    )
    for agency_id, category_id, year, validity, section, n in grouped:
        counts[TOTAL] += n
        counts[f"a{agency_id}"] += n
        counts[f"c{category_id}"] += n
        if year is not None:
            counts[f"y{year}"] += n
        if validity:
            counts[f"v{validity}"] += n
        counts[f"s{section}"] += n
    now = timezone.now()
    ListedCount.objects.all().delete()
    ListedCount.objects.bulk_create([ListedCount(key=k, count=n, changed=now) for k, n in counts.items()])


def count(key: str = TOTAL) -> int:
    return ListedCount.objects.filter(key=key).values_list("count", flat=True).first() or 0


def with_prefix(prefix: str) -> dict[str, int]:
    """The non-zero counts of the keys of one kind ("c", "y", "s"), by the rest of the key."""
    rows = ListedCount.objects.filter(key__startswith=prefix, count__gt=0).values_list("key", "count")
    return {key[len(prefix) :]: n for key, n in rows}
