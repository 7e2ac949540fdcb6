"""Full-text search over published items, inside the database, behind one interface.

Definition of a hit (the recall contract, tested against a substring scan): an item matches query q
when ``rules.normalize_query(q)`` is a substring of ``rules.normalize(field)`` for one of its fields —
title, 文号, body text, or the text of one of its PDF/DOCX attachments. Chinese has no spaces, so
word tokenizers would miss substrings; both backends index characters and character pairs instead:

* SQLite (default): an FTS5 table whose tokens are the overlapping character pairs of each field
  (``rules.bigram_tokens``). A query of n ≥ 2 characters is the phrase of its n−1 pairs, which
  matches exactly where the characters are consecutive; a single character is a prefix query. The
  table is contentless: the text lives once, in SearchDoc.
* PostgreSQL: SearchDoc.text carries a pg_trgm GIN index, used by ``LIKE '%q%'`` for queries of
  three or more characters; SearchDoc.grams (every character and pair) carries a GIN index on its
  array, used by ``@>`` for one- and two-character queries.

A larger deployment can plug in another engine: set ``GONGKAI_SEARCH_BACKEND`` to the dotted path
of a class implementing ``SearchBackend``. Items are (re)indexed by ``sync_item`` inside the same
transaction as the action that changed them, so the index never disagrees with committed items;
``gongkai search-rebuild`` rebuilds everything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

from gongkai.disclosure.models import Item, SearchDoc
from gongkai.disclosure.rules import (
    SEARCHABLE_STATUSES,
    SEPARATOR,
    bigram_tokens,
    fts_query,
    grams,
    normalize,
    normalize_query,
)

# Every SQL string below is assembled from these constants and %s placeholders only; user input is
# always passed as a parameter (hence the S608 suppressions).
FTS_TABLE = "disclosure_fts"
MAX_QUERY_LENGTH = 100


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
    count: int
    ids: list[int]


@dataclass(frozen=True)
class Doc:
    """One searchable item as the backends see it."""

    item_id: int
    fields: list[str]  # normalised title, 文号, body text, attachments' text
    facets: str
    rowid: int


class SearchBackend(Protocol):
    def replace(self, old: Doc | None, new: Doc | None) -> None: ...
    def bulk_add(self, docs: list[Doc]) -> None: ...
    def clear(self) -> None: ...
    def search(self, q: str, filters: Filters, sort: str, offset: int, limit: int) -> Result: ...


def item_fields(item: Item, attachment_texts: Iterable[str] | None = None) -> list[str]:
    """The four normalised fields of an item: title, 文号, body text, attachments' text."""
    texts = attachment_texts if attachment_texts is not None else item.attachments.values_list("text", flat=True)
    return [
        normalize(item.title),
        normalize(item.doc_number),
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


def _grams_text(fields: list[str]) -> str:
    found: set[str] = set()
    for field in fields:
        for part in field.split(SEPARATOR):
            found |= grams(part)
    return SEPARATOR.join(sorted(found))


def _filter_sql(filters: Filters) -> tuple[str, list[object]]:
    statuses = sorted(SEARCHABLE_STATUSES)
    sql = [f"i.status IN ({', '.join(['%s'] * len(statuses))})"]
    params: list[object] = list(statuses)
    if filters.agency_id is not None:
        sql.append("i.agency_id = %s")
        params.append(filters.agency_id)
    if filters.category_id is not None:
        sql.append("i.category_id = %s")
        params.append(filters.category_id)
    if filters.year is not None:
        sql.append("i.published_on >= %s AND i.published_on < %s")
        params.extend([dt.date(filters.year, 1, 1), dt.date(filters.year + 1, 1, 1)])
    if filters.validity:
        sql.append("i.validity = %s")
        params.append(filters.validity)
    return " AND ".join(sql), params


FTS_COLUMNS = "rowid, title, docnum, body, attach, facets"
FTS_INSERT = f"INSERT INTO {FTS_TABLE}({FTS_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s)"  # noqa: S608


class SqliteFtsBackend:
    """FTS5 over character-pair tokens (see the module docstring).

    Only searchable items are in the table, so no query needs the item table: filters are facet
    tokens, "newest" is rowid order, and "relevance" is title hits first, then the other hits, each
    newest first — two reverse index walks that stop after one page, instead of scoring every hit
    (bm25 over tens of thousands of hits of a common two-character word costs far too much)."""

    @staticmethod
    def _row(doc: Doc) -> list[object]:
        # Attachments are joined by the separator: a pair spanning two attachments is never queried.
        return [doc.rowid, *(bigram_tokens(f) for f in doc.fields), doc.facets]

    def replace(self, old: Doc | None, new: Doc | None) -> None:
        with connection.cursor() as cursor:
            if old is not None:
                # A contentless table forgets a row only when told the exact tokens it was given.
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, {FTS_COLUMNS}) "  # noqa: S608
                    "VALUES ('delete', %s, %s, %s, %s, %s, %s)",
                    self._row(old),
                )
            if new is not None:
                cursor.execute(FTS_INSERT, self._row(new))

    def bulk_add(self, docs: list[Doc]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(FTS_INSERT, [self._row(d) for d in docs])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")  # noqa: S608

    def _count(self, cursor, match: str) -> int:  # type: ignore[no-untyped-def]
        cursor.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])  # noqa: S608
        return cursor.fetchone()[0]

    def _page(self, cursor, match: str, offset: int, limit: int) -> list[int]:  # type: ignore[no-untyped-def]
        if limit <= 0:
            return []
        cursor.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
            "ORDER BY rowid DESC LIMIT %s OFFSET %s",
            [match, limit, offset],
        )
        return [item_id_of(row[0]) for row in cursor.fetchall()]

    def search(self, q: str, filters: Filters, sort: str, offset: int, limit: int) -> Result:
        phrase = fts_query(q)
        facet = "".join(f" AND facets : {t}" for t in filters.tokens())
        anywhere = f"({{title docnum body attach}} : {phrase}){facet}"
        with connection.cursor() as cursor:
            count = self._count(cursor, anywhere)
            if sort == "newest" or count == 0:
                return Result(count, self._page(cursor, anywhere, offset, limit))
            in_title = f"(title : {phrase}){facet}"
            elsewhere = f"({{docnum body attach}} : {phrase} NOT title : {phrase}){facet}"
            ids = self._page(cursor, in_title, offset, limit)
            if len(ids) < limit:
                # Title hits are exhausted on this page: how many there are overall tells where the
                # other hits start.
                title_count = offset + len(ids) if ids or offset == 0 else self._count(cursor, in_title)
                ids += self._page(cursor, elsewhere, max(0, offset - title_count), limit - len(ids))
        return Result(count, ids)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


GRAMS_ARRAY = "string_to_array(d.grams, E'\\x1f')"


class PostgresBackend:
    """pg_trgm for three or more characters, a gram array for one or two (see the module docstring)."""

    def replace(self, old: Doc | None, new: Doc | None) -> None:
        return None  # SearchDoc itself is the index here

    def bulk_add(self, docs: list[Doc]) -> None:
        return None

    def clear(self) -> None:
        return None

    def search(self, q: str, filters: Filters, sort: str, offset: int, limit: int) -> Result:
        where, params = _filter_sql(filters)
        if len(q) <= 2:
            match, match_args = f"{GRAMS_ARRAY} @> ARRAY[%s]::text[]", [q]
        else:
            match, match_args = "d.text LIKE %s", ["%" + _like_escape(q) + "%"]
        base = f"FROM disclosure_searchdoc d JOIN disclosure_item i ON i.id = d.item_id WHERE {match} AND {where}"
        args = [*match_args, *params]
        # Ordering reads only the item row (short title, indexed date), never the long search text.
        order = (
            "i.published_on DESC, i.id DESC"
            if sort == "newest"
            else "(strpos(lower(i.title), %s) > 0) DESC, i.published_on DESC, i.id DESC"
        )
        order_args = [] if sort == "newest" else [q]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) {base}", args)
            count = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT i.id {base} ORDER BY {order} LIMIT %s OFFSET %s",
                [*args, *order_args, limit, offset],
            )
            ids = [row[0] for row in cursor.fetchall()]
        return Result(count, ids)


@cache
def _backend_for(path: str | None, vendor: str) -> SearchBackend:
    if path:
        return import_string(path)()
    return PostgresBackend() if vendor == "postgresql" else SqliteFtsBackend()


def get_backend() -> SearchBackend:
    return _backend_for(getattr(settings, "GONGKAI_SEARCH_BACKEND", None), connection.vendor)


def _stored(doc: SearchDoc) -> Doc:
    return Doc(doc.item_id, doc.text.split(SEPARATOR, 3), doc.facets, doc.fts_rowid or 0)


def _searchdoc(doc: Doc) -> SearchDoc:
    return SearchDoc(
        item_id=doc.item_id,
        text=SEPARATOR.join(doc.fields),
        grams=_grams_text(doc.fields),
        facets=doc.facets,
        fts_rowid=doc.rowid,
    )


def sync_item(item: Item) -> None:
    """Makes the index agree with ``item``: indexed while it is published (or superseded), absent
    otherwise. Call it inside the transaction that changed the item, its attachments or its validity."""
    backend = get_backend()
    existing = SearchDoc.objects.filter(item_id=item.pk).first()
    old = _stored(existing) if existing else None
    if existing is not None:
        existing.delete()
    new = _doc(item) if item.status in SEARCHABLE_STATUSES else None
    if new is not None:
        _searchdoc(new).save(force_insert=True)
    backend.replace(old, new)


def add_many(items: Iterable[Item], attachment_texts: dict[int, list[str]] | None = None) -> int:
    """Indexes items that are not indexed yet, in bulk (rebuild, demo, benchmark)."""
    backend = get_backend()
    texts = attachment_texts or {}
    docs = [_doc(item, texts.get(item.pk, [])) for item in items]
    SearchDoc.objects.bulk_create([_searchdoc(d) for d in docs], batch_size=500)
    backend.bulk_add(docs)
    return len(docs)


def rebuild(batch: int = 2000) -> int:
    """Drops the whole index and indexes every searchable item again."""
    from gongkai.disclosure.models import Attachment

    backend = get_backend()
    backend.clear()
    SearchDoc.objects.all().delete()
    total = 0
    ids = list(Item.objects.filter(status__in=list(SEARCHABLE_STATUSES)).order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        texts: dict[int, list[str]] = {}
        for item_id, text in Attachment.objects.filter(item_id__in=chunk).values_list("item_id", "text"):
            texts.setdefault(item_id, []).append(text)
        items = Item.objects.filter(id__in=chunk).only(
            "id", "title", "doc_number", "body_text", "agency_id", "category_id", "published_on", "validity"
        )
        total += add_many(items, texts)
    return total


def search(
    q: str, filters: Filters | None = None, *, sort: str = "relevance", offset: int = 0, limit: int = 20
) -> Result | None:
    """Item ids matching ``q`` (None when the query is empty after normalisation: no search at all)."""
    query = normalize_query(q)[:MAX_QUERY_LENGTH]
    if not query:
        return None
    return get_backend().search(query, filters or Filters(), sort, offset, limit)
