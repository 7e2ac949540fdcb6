"""What every search engine shares: the ``SearchBackend`` base class, the document and result types,
the choice of engine, and the operations the app calls (``sync_item``, ``add_many``, ``rebuild``,
``search``). See docs/disclosure.md, "Full-text search"."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from gongkai.disclosure import counters
from gongkai.disclosure.models import Attachment, Item, SearchDoc
from gongkai.disclosure.rules import SEARCHABLE_STATUSES, SEPARATOR, normalize, query_terms

# The engine of each database vendor, unless GONGKAI_SEARCH_BACKEND names another; any other vendor
# gets SQLite's (dotted paths, so this module needs no engine module).
VENDOR_BACKENDS = {"postgresql": "gongkai.disclosure.search.postgres.PostgresBackend"}
DEFAULT_BACKEND = "gongkai.disclosure.search.sqlite.SqliteFtsBackend"


@dataclass(frozen=True)
class Filters:
    agency_id: int | None = None
    category_id: int | None = None
    year: int | None = None
    validity: str | None = None

    def tokens(self) -> list[str]:
        """The filter as facet tokens (see ``facets_of``)."""
        out = []
        if self.agency_id is not None:
            out.append(f"a{self.agency_id}")
        if self.category_id is not None:
            out.append(f"c{self.category_id}")
        if self.year is not None:
            out.append(f"y{self.year}")
        if self.validity:
            out.append(f"v{self.validity}")
        return out


@dataclass(frozen=True)
class Result:
    count: int  # exact, or ``count_limit`` when there are at least that many hits (``exact`` False)
    ids: list[int]
    exact: bool = True


def capped(count: int, count_limit: int | None) -> Result:
    """A count of hits read no further than ``count_limit`` (None: exact), as a Result without ids."""
    if count_limit is not None and count >= count_limit:
        return Result(count_limit, [], exact=False)
    return Result(count, [])


@dataclass(frozen=True)
class Doc:
    """One searchable item as the backends see it."""

    item_id: int
    fields: list[str]  # normalised title, 文号, 内容概述, body text, attachments' text (FIELD_COUNT)
    facets: str
    rowid: int


class SearchBackend(ABC):
    """What an engine implements: the four abstract methods, and any of the hooks below whose
    default does not suit it. A class named by ``GONGKAI_SEARCH_BACKEND`` must subclass it."""

    @abstractmethod
    def replace(self, old: Doc | None, new: Doc | None) -> None:
        """Swaps one item's document for another (either may be None), after ``write_rows``."""

    @abstractmethod
    def bulk_add(self, docs: list[Doc]) -> None:
        """Indexes documents not indexed yet, after ``write_rows``."""

    @abstractmethod
    def clear(self) -> None:
        """Forgets every document (a rebuild follows)."""

    @abstractmethod
    def search(
        self, terms: list[str], filters: Filters, sort: str, offset: int, limit: int, count_limit: int | None = None
    ) -> Result:
        """One page of the items holding every one of ``terms`` (normalised, non-empty words; each in any
        field), and their total. "relevance" puts the items with every term in the title first.
        With ``count_limit`` the hits are counted no further than that many (``Result.exact`` False
        past it): counting every hit of a common word is what costs most at a province's size, and
        the portal pages no deeper than ``selectors.MAX_RESULTS`` anyway."""

    def write_rows(self, docs: list[Doc]) -> None:
        """Stores the SearchDoc rows of new documents. An engine whose index lives in those rows
        writes them itself."""
        SearchDoc.objects.bulk_create(
            [
                SearchDoc(item_id=d.item_id, text=SEPARATOR.join(d.fields), facets=d.facets, fts_rowid=d.rowid)
                for d in docs
            ],
            batch_size=500,
        )

    def rebuild_aside(
        self,
        batches: Iterable[list[Doc]],
        changed: Callable[[], tuple[list[int], list[Doc]]],
        finish: Callable[[], None],
    ) -> int | None:
        """Builds a whole new index beside the one searches use, then swaps it in: searches go on
        meanwhile. ``changed`` gives the items changed since its previous call (the first time: since
        the build began; each time with RESYNC_MARGIN), as ids and the documents of those still
        searchable, to apply before the swap; ``finish`` runs in the swap's transaction.
        Returns the number of documents, or None when the engine rebuilds in place instead
        (``clear``, ``begin_rebuild``, ``bulk_add``, ``end_rebuild`` in one transaction)."""
        return None

    def begin_rebuild(self) -> None:
        """Called before a full rebuild, once ``clear`` has emptied the index."""
        return None  # most engines need no preparation

    def end_rebuild(self) -> None:
        """Called after a full rebuild has added every document."""
        return None


FIELD_COUNT = 5


def item_fields(item: Item, attachment_texts: Iterable[str] | None = None) -> list[str]:
    """The normalised fields of an item: title, 文号, 内容概述, body text, attachments' text."""
    texts = attachment_texts if attachment_texts is not None else item.attachments.values_list("text", flat=True)
    return [
        normalize(item.title),
        normalize(item.doc_number),
        normalize(item.summary),
        normalize(item.body_text),
        SEPARATOR.join(normalize(t) for t in texts if t),
    ]


def facets_of(item: Item) -> str:
    """Filter values as ASCII tokens, so a filtered search is one index intersection."""
    parts = [f"a{item.agency_id}", f"c{item.category_id}"]
    if item.published_on:
        parts.append(f"y{item.published_on.year}")
    if item.validity:
        parts.append(f"v{item.validity}")
    return " ".join(parts)


ID_BITS = 32


def rowid_of(item: Item) -> int:
    """Publication day in the high bits, item id in the low ones: index order is newest-last, so
    "newest first" is a reverse walk of the index that stops after one page."""
    day = item.published_on.toordinal() if item.published_on else 0
    return (day << ID_BITS) | item.pk


def item_id_of(rowid: int) -> int:
    return rowid & ((1 << ID_BITS) - 1)


def _doc(item: Item, attachment_texts: Iterable[str] | None = None) -> Doc:
    return Doc(item.pk, item_fields(item, attachment_texts), facets_of(item), rowid_of(item))


@cache
def _backend_for(path: str | None, vendor: str) -> SearchBackend:
    backend = import_string(path or VENDOR_BACKENDS.get(vendor, DEFAULT_BACKEND))()
    if not isinstance(backend, SearchBackend):
        # Fail at the first search, not halfway through indexing at the first missing hook.
        raise ImproperlyConfigured(f"GONGKAI_SEARCH_BACKEND {path!r} is not a subclass of SearchBackend")
    return backend


def get_backend() -> SearchBackend:
    return _backend_for(getattr(settings, "GONGKAI_SEARCH_BACKEND", None), connection.vendor)


def _stored(doc: SearchDoc) -> Doc:
    return Doc(doc.item_id, doc.text.split(SEPARATOR, FIELD_COUNT - 1), doc.facets, doc.fts_rowid or 0)


def sync_item(item: Item) -> None:
    """Makes the index agree with ``item``: indexed while it is published (or superseded), absent
    otherwise. Call it inside the transaction that changed the item, its attachments or its validity.
    The counts of listed items follow (``counters``)."""
    backend = get_backend()
    existing = SearchDoc.objects.filter(item_id=item.pk).first()
    old = _stored(existing) if existing else None
    if existing is not None:
        existing.delete()
    new = _doc(item) if item.status in SEARCHABLE_STATUSES else None
    if new is not None:
        backend.write_rows([new])
    backend.replace(old, new)
    counters.changed(item.pk, old.facets if old else None, new.facets if new else None)


def add_many(items: Iterable[Item], attachment_texts: dict[int, list[str]] | None = None) -> int:
    """Indexes items that are not indexed yet, in bulk (rebuild, demo, benchmark)."""
    backend = get_backend()
    texts = attachment_texts or {}
    docs = [_doc(item, texts.get(item.pk, [])) for item in items]
    backend.write_rows(docs)
    backend.bulk_add(docs)
    counters.added((d.item_id, d.facets) for d in docs)
    return len(docs)


_DOC_FIELDS = (
    "id",
    "title",
    "doc_number",
    "summary",
    "body_text",
    "agency_id",
    "category_id",
    "published_on",
    "validity",
    "status",
)


def _docs_of(ids: list[int], batch: int) -> Iterator[list[Doc]]:
    """The documents of the searchable items among ``ids``, ``batch`` items at a time."""
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        texts: dict[int, list[str]] = {}
        for item_id, text in Attachment.objects.filter(item_id__in=chunk).values_list("item_id", "text"):
            texts.setdefault(item_id, []).append(text)
        items = Item.objects.filter(id__in=chunk, status__in=list(SEARCHABLE_STATUSES)).only(*_DOC_FIELDS)
        yield sorted((_doc(item, texts.get(item.pk, [])) for item in items), key=lambda doc: doc.rowid)


def _searchable_ids() -> list[int]:
    """In the row key's order (publication day, then id): a rebuilt table then lies in that order on
    disk, as one filled by publications does, so a newest-first walk reads neighbouring rows and a
    month's entries in the PostgreSQL index are close together."""
    searchable = Item.objects.filter(status__in=list(SEARCHABLE_STATUSES))
    return list(searchable.order_by("published_on", "id").values_list("id", flat=True))


# An item saved this long before a rebuild began may still have been committed after its batch was read:
# it is looked at again before the swap (and written again only if its document differs).
RESYNC_MARGIN = dt.timedelta(minutes=10)


def rebuild(batch: int = 2000) -> int:
    """Indexes every searchable item again. An engine that can (PostgreSQL) builds a new index beside
    the old one and swaps it in, so searches keep answering; otherwise the index is dropped and
    rebuilt in one transaction. The counts of listed items are recounted with it."""
    backend = get_backend()
    since = [timezone.now() - RESYNC_MARGIN]

    def changed() -> tuple[list[int], list[Doc]]:
        """The items changed since the previous call (the first: since the build began), with a margin."""
        now = timezone.now()
        ids = list(Item.objects.filter(updated_at__gte=since[0]).values_list("id", flat=True))
        since[0] = now - RESYNC_MARGIN
        return ids, [doc for docs in _docs_of(ids, batch) for doc in docs]

    total = backend.rebuild_aside(_docs_of(_searchable_ids(), batch), changed, counters.recount)
    if total is not None:
        return total
    with transaction.atomic():
        backend.clear()
        SearchDoc.objects.all().delete()
        backend.begin_rebuild()
        total = 0
        for docs in _docs_of(_searchable_ids(), batch):
            backend.write_rows(docs)
            backend.bulk_add(docs)
            total += len(docs)
        backend.end_rebuild()
        counters.recount()
    return total


def search(
    q: str,
    filters: Filters | None = None,
    *,
    sort: str = "relevance",
    offset: int = 0,
    limit: int = 20,
    count_limit: int | None = None,
) -> Result | None:
    """Item ids matching ``q`` (None when the query has no word after normalisation: no search at all).
    Every word of ``q`` must occur, in any field (``rules.query_terms``). ``count_limit``: see
    ``SearchBackend.search``."""
    terms = query_terms(q)
    if not terms:
        return None
    return get_backend().search(terms, filters or Filters(), sort, offset, limit, count_limit)
