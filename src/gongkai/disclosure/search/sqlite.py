"""The SQLite engine (the default): an FTS5 table whose tokens are the overlapping character pairs of
each field (``rules.bigram_tokens``). A query of n ≥ 2 characters is the phrase of its n−1 pairs,
which matches exactly where the characters are consecutive; a single character is a prefix query.
The table is contentless: the text lives once, in SearchDoc. See docs/disclosure.md, "Full-text search".
"""

from __future__ import annotations

from django.db import connection
from django.db.backends.utils import CursorWrapper

from gongkai.disclosure.rules import bigram_tokens, fts_query
from gongkai.disclosure.search.core import Doc, Filters, Result, SearchBackend, item_id_of

# Every SQL string below is assembled from these constants and %s parameter markers only; user input is
# always passed as a parameter (hence the S608 suppressions).
FTS_TABLE = "disclosure_fts"
FTS_COLUMNS = "rowid, title, docnum, body, attach, facets"
FTS_INSERT = f"INSERT INTO {FTS_TABLE}({FTS_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s)"  # noqa: S608


class SqliteFtsBackend(SearchBackend):
    """FTS5 over character-pair tokens (see the module docstring).

    Only searchable items are in the table, so no query needs the item table: filters are facet
    tokens, "newest" is rowid order, and "relevance" is title hits first, then the other hits, each
    newest first — two reverse index walks that stop after one page, instead of scoring every hit
    (bm25 over tens of thousands of hits of a common two-character word costs far too much)."""

    @staticmethod
    def _row(doc: Doc) -> list[int | str]:
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

    def _count(self, cursor: CursorWrapper, match: str) -> int:
        cursor.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])  # noqa: S608
        return cursor.fetchone()[0]

    def _page(self, cursor: CursorWrapper, match: str, offset: int, limit: int) -> list[int]:
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
