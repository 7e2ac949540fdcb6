"""The SQLite engine (the default): an FTS5 table whose tokens are the overlapping character pairs of
each field (``rules.bigram_tokens``). A query of n ≥ 2 characters is the phrase of its n−1 pairs,
which matches exactly where the characters are consecutive; a single character is a prefix query.
The table is contentless: the text lives once, in SearchDoc. See docs/disclosure.md, "Full-text search".
"""

from __future__ import annotations

from django.db import connection
from django.db.backends.utils import CursorWrapper

from gongkai.disclosure.rules import SEPARATOR, bigram_tokens, fts_query
from gongkai.disclosure.search.core import Doc, Filters, Result, SearchBackend, capped, item_id_of

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
        # The 内容概述 shares the body's column, after a separator, as attachments do with each other: a
        # pair spanning a separator is never queried.
        title, docnum, summary, body, attach = doc.fields
        columns = [title, docnum, summary + SEPARATOR + body, attach]
        return [doc.rowid, *(bigram_tokens(f) for f in columns), doc.facets]

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

    def _count(self, cursor: CursorWrapper, match: str, count_limit: int | None = None) -> int:
        if count_limit is None:
            cursor.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])  # noqa: S608
        else:  # FTS5 reads its doclists lazily: the LIMIT stops it
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT %s)",  # noqa: S608
                [match, count_limit],
            )
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

    def search(
        self, terms: list[str], filters: Filters, sort: str, offset: int, limit: int, count_limit: int | None = None
    ) -> Result:
        phrases = [fts_query(t) for t in terms]
        facet = "".join(f" AND facets : {t}" for t in filters.tokens())
        # Each term in any column (AND is per row); a title hit has every term in the title.
        anywhere = " AND ".join(f"({{title docnum body attach}} : {p})" for p in phrases) + facet
        all_in_title = " AND ".join(f"title : {p}" for p in phrases)
        with connection.cursor() as cursor:
            counted = capped(self._count(cursor, anywhere, count_limit), count_limit)
            count, exact = counted.count, counted.exact
            if sort == "newest" or count == 0:
                return Result(count, self._page(cursor, anywhere, offset, limit), exact)
            in_title = f"({all_in_title}){facet}"
            elsewhere = f"({anywhere} NOT ({all_in_title}))"
            ids = self._page(cursor, in_title, offset, limit)
            if len(ids) < limit:
                # Title hits are exhausted on this page: how many there are overall tells where the
                # other hits start.
                title_count = offset + len(ids) if ids or offset == 0 else self._count(cursor, in_title)
                rest = anywhere if title_count == 0 else elsewhere
                ids += self._page(cursor, rest, max(0, offset - title_count), limit - len(ids))
        return Result(count, ids, exact)
