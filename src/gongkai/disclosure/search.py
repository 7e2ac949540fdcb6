"""Full-text search over published items, inside the database, behind one interface.

Definition of a hit (the recall contract, tested against a substring scan): an item matches query q
when ``rules.normalize_query(q)`` is a substring of ``rules.normalize(field)`` for one of its fields —
title, 文号, body text, or the text of one of its PDF/DOCX attachments. Chinese has no spaces, so
word tokenizers would miss substrings; both backends index characters and character pairs instead:

* SQLite (default): an FTS5 table whose tokens are the overlapping character pairs of each field
  (``rules.bigram_tokens``). A query of n ≥ 2 characters is the phrase of its n−1 pairs, which
  matches exactly where the characters are consecutive; a single character is a prefix query. The
  table is contentless: the text lives once, in SearchDoc.
* PostgreSQL: a GIN-indexed tsvector whose lexemes are every substring of one to four characters of
  each field (plus the title's under a mark, and the filter values). A query of up to four
  characters is one lexeme, answered exactly by the index; a longer one needs all its
  four-character pieces and is then confirmed with ``LIKE '%q%'`` on the text.

A larger deployment can plug in another engine: set ``GONGKAI_SEARCH_BACKEND`` to the dotted path
of a class implementing ``SearchBackend``. Items are (re)indexed by ``sync_item`` inside the same
transaction as the action that changed them, so the index never disagrees with committed items;
``gongkai search-rebuild`` rebuilds everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings
from django.db import connection, transaction
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

# Every SQL string below is assembled from these constants and %s parameter markers only; user input is
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


TITLE_MARK = "\x1d"  # lexemes of the title (relevance); normalised text never holds control characters
FACET_MARK = "\x1e"  # filter lexemes, and the flag of a document too large to index by grams
PARTIAL = FACET_MARK + "partial"
MAX_LEXEMES = 60_000  # keeps a tsvector far below PostgreSQL's 1 MB limit


def pg_lexemes(doc: Doc) -> list[str]:
    """The PostgreSQL lexemes of a document: every 1–4 character substring of each field, the
    title's again under TITLE_MARK, and the facets. A document with too many (a huge attachment)
    gets only its facets and PARTIAL, and is then matched by LIKE on its text."""
    found: set[str] = set()
    for field in doc.fields:
        for part in field.split(SEPARATOR):
            found |= grams(part)
    title = {TITLE_MARK + g for g in grams(doc.fields[0])}
    facets = {FACET_MARK + t for t in doc.facets.split()}
    if len(found) + len(title) > MAX_LEXEMES:
        return sorted(facets | {PARTIAL})
    return sorted(found | title | facets)


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
                rest = anywhere if title_count == 0 else elsewhere
                ids += self._page(cursor, rest, max(0, offset - title_count), limit - len(ids))
        return Result(count, ids)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _tsquery(lexemes: list[str]) -> str:
    """An AND tsquery of literal lexemes (quoted, so no character of theirs is an operator)."""
    return " & ".join("'" + x.replace("\\", "\\\\").replace("'", "''") + "'" for x in lexemes)


TSV_FROM_GRAMS = "array_to_tsvector(string_to_array(grams, E'\\x1f'))"


class PostgresBackend:
    """A GIN-indexed tsvector of every 1–4 character substring (see the module docstring).

    A query of up to four characters is a single lexeme: the index answers it exactly, with no
    recheck of the text. A longer query needs all its four-character pieces, then LIKE on the text.
    Filters are lexemes too, and the row key orders by publication day, as on SQLite."""

    lexemes = staticmethod(pg_lexemes)

    def _fill(self, item_ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE disclosure_searchdoc SET tsv = {TSV_FROM_GRAMS} WHERE item_id = ANY(%s)",  # noqa: S608
                [item_ids],
            )

    def replace(self, old: Doc | None, new: Doc | None) -> None:
        if new is not None:
            self._fill([new.item_id])

    def bulk_add(self, docs: list[Doc]) -> None:
        for start in range(0, len(docs), 1000):
            self._fill([d.item_id for d in docs[start : start + 1000]])

    def clear(self) -> None:
        return None  # the rows themselves are the index

    def _conditions(self, q: str, filters: Filters) -> tuple[tuple[str, list[object]], ...]:
        """(main, partial, title) conditions with their parameters. ``main`` and ``partial`` never
        match the same row (a partial document has no gram lexemes), so they are counted and paged
        separately: an OR of the two would make PostgreSQL recheck every row of a common word."""
        facets = [FACET_MARK + t for t in filters.tokens()]
        like = "%" + _like_escape(q) + "%"
        partial = ("d.tsv @@ %s::tsquery AND d.text LIKE %s", [_tsquery([PARTIAL, *facets]), like])
        if len(q) <= 4:
            main: tuple[str, list[object]] = ("d.tsv @@ %s::tsquery", [_tsquery([q, *facets])])
            title: tuple[str, list[object]] = ("d.tsv @@ %s::tsquery", [_tsquery([TITLE_MARK + q, *facets])])
        else:
            pieces = sorted({q[i : i + 4] for i in range(len(q) - 3)})
            main = ("d.tsv @@ %s::tsquery AND d.text LIKE %s", [_tsquery([*pieces, *facets]), like])
            title = (
                "d.tsv @@ %s::tsquery AND split_part(d.text, E'\\x1f', 1) LIKE %s",
                [_tsquery([TITLE_MARK + p for p in pieces] + facets), like],
            )
        return main, partial, title

    def _page(self, cursor, parts, offset: int, limit: int) -> list[int]:  # type: ignore[no-untyped-def]
        if limit <= 0:
            return []
        union = " UNION ALL ".join(
            f"SELECT d.item_id, d.fts_rowid FROM disclosure_searchdoc d WHERE {where}"  # noqa: S608
            for where, _ in parts
        )
        args = [a for _, part_args in parts for a in part_args]
        cursor.execute(
            f"SELECT item_id FROM ({union}) AS hits ORDER BY fts_rowid DESC LIMIT %s OFFSET %s",  # noqa: S608
            [*args, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()]

    def _count(self, cursor, parts) -> int:  # type: ignore[no-untyped-def]
        total = 0
        for where, args in parts:
            cursor.execute(f"SELECT count(*) FROM disclosure_searchdoc d WHERE {where}", args)  # noqa: S608
            total += cursor.fetchone()[0]
        return total

    def search(self, q: str, filters: Filters, sort: str, offset: int, limit: int) -> Result:
        main, partial, title = self._conditions(q, filters)
        anywhere = [main, partial]
        with transaction.atomic(), connection.cursor() as cursor:
            # For a word in most documents the planner prefers reading every row and testing its
            # (toasted) tsvector; the GIN bitmap is always cheaper here, as a count over it needs
            # no row data. Parallel workers cost more to start than these queries take. SET LOCAL
            # ends with this transaction.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            # Enough memory for an exact (not lossy) bitmap of a word found in every document, so a
            # count skips the heap pages that VACUUM marked all-visible instead of rechecking rows.
            cursor.execute("SET LOCAL work_mem = '64MB'")
            count = self._count(cursor, anywhere)
            if sort == "newest" or count == 0:
                return Result(count, self._page(cursor, anywhere, offset, limit))
            # Relevance as on SQLite: title hits first, then the others, each newest first. (Title
            # hits of partial documents are ranked with the others.)
            ids = self._page(cursor, [title], offset, limit)
            if len(ids) < limit:
                title_count = offset + len(ids) if ids or offset == 0 else self._count(cursor, [title])
                if title_count == 0:
                    rest = anywhere
                elif offset == 0:
                    # Every title hit is on this page: leave them out by id, not by a second test.
                    rest = [(f"{main[0]} AND d.item_id <> ALL(%s)", [*main[1], ids]), partial]
                else:
                    rest = [(f"{main[0]} AND NOT ({title[0]})", [*main[1], *title[1]]), partial]
                ids += self._page(cursor, rest, max(0, offset - title_count), limit - len(ids))
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
    lexemes = getattr(get_backend(), "lexemes", None)
    return SearchDoc(
        item_id=doc.item_id,
        text=SEPARATOR.join(doc.fields),
        grams=SEPARATOR.join(lexemes(doc)) if lexemes else "",
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
