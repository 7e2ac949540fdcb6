"""The PostgreSQL engine: a GIN-indexed tsvector whose lexemes are every substring of one to four
characters of each field (plus the title's under a mark, and the filter values). A query of up to four
characters is one lexeme, answered exactly by the index; a longer one needs all its four-character
pieces and is then confirmed with ``strpos`` on the text. See docs/disclosure.md, "Full-text search",
and the measurements in docs/benchmarks.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

from gongkai.disclosure.rules import SEPARATOR, grams
from gongkai.disclosure.search.core import ID_BITS, Doc, Filters, Result, SearchBackend, capped

TITLE_MARK = "\x1d"  # lexemes of the title (relevance); normalised text never holds control characters
FACET_MARK = "\x1e"  # filter lexemes, and the flag of a document too large to index by grams
PARTIAL = FACET_MARK + "partial"
# The month of publication (``\x1em202601``), taken from the row key's day: with it the index finds the
# newest month holding a hit without reading the rows of newer months (PostgresBackend._skip_walk).
MONTH_MARK = FACET_MARK + "m"
MAX_LEXEMES = 60_000  # keeps a tsvector far below PostgreSQL's 1 MB limit


def pg_lexemes(doc: Doc) -> list[str]:
    """The PostgreSQL lexemes of a document: every 1–4 character substring of each field, the
    title's again under TITLE_MARK, and the facets. A document with too many (a huge attachment)
    gets only its title's, its facets and PARTIAL, and is then matched by ``strpos`` on its text."""
    found: set[str] = set()
    for field in doc.fields:
        for part in field.split(SEPARATOR):
            found |= grams(part)
    title = {TITLE_MARK + g for g in grams(doc.fields[0])}
    facets = {FACET_MARK + t for t in doc.facets.split()} | set(month_lexeme(doc.rowid))
    if len(found) + len(title) > MAX_LEXEMES:
        return sorted(title | facets | {PARTIAL})  # a title is at most 300 characters: 1,200 lexemes
    return sorted(found | title | facets)


def month_lexeme(rowid: int) -> list[str]:
    """The month lexeme of a row key (publication day in its high bits), none for an undated item."""
    day = rowid >> ID_BITS
    return [f"{MONTH_MARK}{dt.date.fromordinal(day):%Y%m}"] if day > 0 else []


def month_start(year: int, month: int) -> int:
    """The smallest row key of a month (the first day's, item id 0)."""
    return dt.date(year, month, 1).toordinal() << ID_BITS


def _tsquery(lexemes: list[str]) -> str:
    """An AND tsquery of literal lexemes (quoted, so no character of theirs is an operator)."""
    return " & ".join("'" + x.replace("\\", "\\\\").replace("'", "''") + "'" for x in lexemes)


# One condition of a PostgreSQL search: SQL over the alias ``d`` with its parameters.
Condition = tuple[str, list[Any]]

# SQL below is assembled from these constants and %s parameter markers only; user input is always
# passed as a parameter (hence the S608 suppressions).
SEARCHDOC = "disclosure_searchdoc"
TSV_INDEX = "disclosure_searchdoc_tsv"
# No pending list: a search would scan all of it on every lookup (migration 0013 says why).
TSV_OPTIONS = "WITH (fastupdate = off)"
# A rebuild fills this table beside the live one, then swaps it in (PostgresBackend.rebuild_aside); its
# indexes and constraints carry the suffix until then.
BUILD_TABLE = "disclosure_searchdoc_build"
BUILD_SUFFIX = "_build"
TITLE_SQL = "split_part(d.text, E'\\x1f', 1)"
TSQUERY_SQL = "d.tsv @@ %s::tsquery"  # how every condition through the index begins (its first argument)
# Cost of examining one row walking newest-first (reading its text) and of one hit taken from the GIN
# index without reading the text, measured at 100,000 items: about 1.5 µs and 0.3 µs.
WALK_COST = 1.5
HIT_COST = 0.3
MIN_WALK_BUDGET = 500
# A long query's hits are not counted before its page is tried: its walk reads at most this many rows
# (about 3 ms), enough when one item in a hundred is a hit.
LONG_WALK_BUDGET = 2000
# When the hits were counted only up to a limit (count_limit), their density is unknown but at least
# that limit over the rows: a newest-first walk is tried first and may read this many rows (about 75 ms)
# before the index plan, whose cost grows with every hit, answers instead.
CAPPED_WALK_BUDGET = 50_000
# Counting to the limit through the GIN index builds the bitmap of every hit first: 80 ms for a word in
# 97% of a million items. A word that common is counted to the limit faster by reading the newest rows:
# if PROBE_ROWS of them hold enough hits for the limit to be reached within WALK_COUNT_BUDGET rows, the
# walk counts (a hit proven per row read), else the index does.
PROBE_ROWS = 1_000
WALK_COUNT_BUDGET = 20_000
# With a count that stopped at its limit, a page of title hits is first tried from this many newest rows.
TITLE_WALK_BUDGET = 5_000
# When the newest rows hold no page (the hits lie among older items: a 文号's year), the index finds the
# newest month holding a hit, probing the months newest first (no more than this many), and the walk
# starts there; it may skip ahead this many times before the plan that sorts every hit answers instead.
MONTH_PROBES = 120
SKIPS = 4
# From where the hits begin, they are counted to the limit month by month through the index, for no
# more than this many months.
MONTH_COUNTS = 24


@dataclass(frozen=True)
class PgQuery:
    """The conditions of one query (one or more terms, all required) on PostgreSQL.

    ``indexed`` and ``partial`` select the hits through the GIN index (they never match the same row:
    a partial document has no gram lexemes), ``title`` and ``others`` split them into title hits (every
    term in the title) and the rest, and ``walk_hit`` / ``walk_title`` are the same tests as expressions
    on one row's text, for reading rows newest-first without the index (``PostgresBackend._long`` for
    long queries); ``in_title`` is ``walk_title`` without the filters."""

    terms: list[str]
    indexed: Condition
    partial: Condition
    title: Condition
    others: list[Condition]  # the hits outside the title, indexed and partial (short queries)
    walk_hit: Condition
    walk_title: Condition
    in_title: Condition
    long: bool


def _and_not(condition: Condition, excluded: Condition) -> Condition:
    return (f"{condition[0]} AND NOT ({excluded[0]})", [*condition[1], *excluded[1]])


def _newest(hit: Condition, below: int | None, columns: str = "") -> Condition:
    """A walk as SQL: the newest rows (below the row key ``below``, if given), each with ``columns`` and
    whether it is a hit, as the subquery ``newest``; its LIMIT is the caller's next parameter."""
    bound, bound_args = ("WHERE d.fts_rowid < %s ", [below]) if below is not None else ("", [])
    return (
        f"(SELECT {columns}({hit[0]}) AS hit FROM {SEARCHDOC} d {bound}ORDER BY d.fts_rowid DESC LIMIT %s) AS newest",  # noqa: S608
        [*hit[1], *bound_args],
    )


def _months(below: int, oldest: int, most: int) -> tuple[list[tuple[str, int]], bool]:
    """The months from that of the row key just under ``below`` back to that of ``oldest``, newest
    first, no more than ``most``: each month's lexeme and the row key just past it; and whether the
    list reaches ``oldest``'s month."""
    day = dt.date.fromordinal((below - 1) >> ID_BITS)
    last = dt.date.fromordinal(max(oldest >> ID_BITS, 1))
    year, month, months = day.year, day.month, []
    while (year, month) >= (last.year, last.month) and len(months) < most:
        months.append((f"{MONTH_MARK}{year:04d}{month:02d}", month_start(year + month // 12, month % 12 + 1)))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months, (year, month) < (last.year, last.month)


def _in_month(where: str, month: str) -> str:
    """A condition through the index (it starts with TSQUERY_SQL) narrowed to one month's rows: its
    tsquery and ``month``, SQL of a tsquery (a parameter, or a column)."""
    if not where.startswith(TSQUERY_SQL):
        raise ValueError(f"not a condition through the index: {where!r}")
    return f"d.tsv @@ (%s::tsquery && {month})" + where[len(TSQUERY_SQL) :]


def _all(conditions: list[Condition]) -> Condition:
    return (" AND ".join(c[0] for c in conditions), [a for c in conditions for a in c[1]])


def _pieces(term: str) -> list[str]:
    """The lexemes that select a term: itself up to four characters, else four-character pieces that
    tile it (the last one overlapping). The pieces may be apart in the text: a long term is then
    confirmed by strpos. Fewer pieces than every overlapping one make a cheaper index lookup; the few
    extra candidates are rejected by strpos."""
    if len(term) <= 4:
        return [term]
    return sorted({term[i : i + 4] for i in range(0, len(term) - 3, 4)} | {term[-4:]})


def pg_query(terms: list[str], filters: Filters) -> PgQuery:
    facets = [FACET_MARK + t for t in filters.tokens()]
    lexemes = sorted({p for t in terms for p in _pieces(t)})
    title_lexemes = [TITLE_MARK + p for p in lexemes]
    contains = _all([("strpos(d.text, %s) > 0", [t]) for t in terms])
    in_title = _all([(f"strpos({TITLE_SQL}, %s) > 0", [t]) for t in terms])
    # Only a term longer than four characters needs its text read: a shorter one is an exact lexeme.
    long_terms = [t for t in terms if len(t) > 4]
    confirm = "".join(" AND strpos(d.text, %s) > 0" for _ in long_terms)
    confirm_title = "".join(f" AND strpos({TITLE_SQL}, %s) > 0" for _ in long_terms)
    partial = (f"{TSQUERY_SQL} AND {contains[0]}", [_tsquery([PARTIAL, *facets]), *contains[1]])
    indexed: Condition = (TSQUERY_SQL + confirm, [_tsquery([*lexemes, *facets]), *long_terms])
    title: Condition = (TSQUERY_SQL + confirm_title, [_tsquery(title_lexemes + facets), *long_terms])
    others: list[Condition] = []  # a long query pages the rest by a walk or in one pass (PostgresBackend._long)
    if not long_terms:
        # Lexemes only: the index answers exactly, without reading the text.
        not_title = _tsquery([*lexemes, *facets]) + " & !(" + _tsquery(title_lexemes) + ")"
        others = [(TSQUERY_SQL, [not_title]), _and_not(partial, in_title)]
    walk_facets = " AND string_to_array(d.facets, ' ') @> %s::text[]" if facets else ""
    walk_args: list[Any] = [filters.tokens()] if facets else []
    return PgQuery(
        terms=terms,
        indexed=indexed,
        partial=partial,
        title=title,
        others=others,
        walk_hit=(contains[0] + walk_facets, [*contains[1], *walk_args]),
        walk_title=(in_title[0] + walk_facets, [*in_title[1], *walk_args]),
        in_title=in_title,
        long=bool(long_terms),
    )


def _set(cursor: CursorWrapper, **values: str) -> None:
    """Planner settings for the rest of the transaction (``SET LOCAL``), in one round trip."""
    names = list(values)
    cursor.execute(
        "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in names),
        [x for name in names for x in (name, values[name])],
    )


@contextmanager
def _planner(cursor: CursorWrapper, **values: str) -> Iterator[None]:
    """``_set`` for a block, then the previous values again. (If the block fails, rolling back its
    savepoint undoes the settings anyway.)"""
    names = list(values)
    cursor.execute("SELECT " + ", ".join("current_setting(%s)" for _ in names), names)
    before = dict(zip(names, cursor.fetchone(), strict=True))
    _set(cursor, **values)
    yield
    _set(cursor, **before)


class PostgresBackend(SearchBackend):
    """A GIN-indexed tsvector of every 1–4 character substring (see the module docstring).

    A query of up to four characters is a single lexeme: the index answers it exactly, with no
    recheck of the text. A longer one needs the four-character pieces that tile it, then ``strpos`` on the
    text. Filters are lexemes too.

    Each search counts its hits through the index, then takes its page of 20 by one of two plans,
    chosen from that count: for a term found in a large share of the items, read the items
    newest-first (the row key's btree) and test each one's text until the page is full, which stops
    after a few dozen rows; otherwise take every hit from the index and sort them. A newest-first
    walk gives up after a bounded number of rows (hits may cluster in old items, a year in a 文号 for
    instance) and the index plan answers instead."""

    force_plan: str | None = None  # "walk" or "index": tests run both plans against each other

    def _insert(self, docs: list[Doc], table: str = SEARCHDOC) -> None:
        # The tsvector is written with the row: an UPDATE afterwards would leave a dead copy of every row.
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (item_id, text, facets, fts_rowid, tsv) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, array_to_tsvector(%s::text[]))",
                [(d.item_id, SEPARATOR.join(d.fields), d.facets, d.rowid, pg_lexemes(d)) for d in docs],
            )

    def write_rows(self, docs: list[Doc]) -> None:
        for start in range(0, len(docs), 500):
            self._insert(docs[start : start + 500])

    def replace(self, old: Doc | None, new: Doc | None) -> None:
        return None  # the rows themselves are the index

    def bulk_add(self, docs: list[Doc]) -> None:
        return None

    @staticmethod
    def _alter_table(cursor: CursorWrapper, sql: str) -> None:
        """TRUNCATE and CREATE INDEX refuse while foreign-key checks of rows written earlier in the
        transaction are pending: those run first, then are deferred again (every deferrable constraint
        of the schema is INITIALLY DEFERRED, as Django creates them)."""
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(sql)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def clear(self) -> None:
        with connection.cursor() as cursor:
            self._alter_table(cursor, f"TRUNCATE {SEARCHDOC}")  # not DELETE: no dead rows left behind

    def rebuild_aside(
        self,
        batches: Iterable[list[Doc]],
        changed: Callable[[], tuple[list[int], list[Doc]]],
        finish: Callable[[], None],
    ) -> int | None:
        """Fills a new table shaped like the live one, gives it the live one's indexes and constraints
        (under a temporary name; building the GIN index once at the end is several times faster than
        updating it row by row), then, in one short transaction that holds writers back but not
        searches, applies the items changed meanwhile, drops the old table and renames the new one."""
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {BUILD_TABLE}")
            cursor.execute(f"CREATE TABLE {BUILD_TABLE} (LIKE {SEARCHDOC} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
        for docs in batches:
            for start in range(0, len(docs), 500):
                self._insert(docs[start : start + 500], BUILD_TABLE)
        with connection.cursor() as cursor:
            renames = self._copy_structure(cursor)
            cursor.execute(f"ANALYZE {BUILD_TABLE}")
        self._swap(changed, finish, renames)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {SEARCHDOC}")  # noqa: S608
            return cursor.fetchone()[0]

    @staticmethod
    def _copy_structure(cursor: CursorWrapper) -> list[str]:
        """Creates the live table's indexes and key constraints on the build table, each named with
        BUILD_SUFFIX; returns the statements that give them their names back after the swap."""
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'f')",
            [SEARCHDOC],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s",
            [SEARCHDOC],
        )
        indexes = [(name, definition) for name, definition in cursor.fetchall() if name not in dict(constraints)]
        renames = []
        with _planner(cursor, maintenance_work_mem="256MB"):
            for name, definition in indexes:
                temporary = name[: 63 - len(BUILD_SUFFIX)] + BUILD_SUFFIX
                on_table = re.sub(rf"\bON (ONLY )?(\S+\.)?{SEARCHDOC}\b", f"ON {BUILD_TABLE}", definition, count=1)
                cursor.execute(on_table.replace(f"INDEX {name} ", f"INDEX {temporary} ", 1))
                renames.append(f"ALTER INDEX {temporary} RENAME TO {name}")
            for name, definition in constraints:
                temporary = name[: 63 - len(BUILD_SUFFIX)] + BUILD_SUFFIX
                cursor.execute(f"ALTER TABLE {BUILD_TABLE} ADD CONSTRAINT {temporary} {definition}")
                renames.append(f"ALTER TABLE {SEARCHDOC} RENAME CONSTRAINT {temporary} TO {name}")
        return renames

    def _resync(self, cursor: CursorWrapper, ids: list[int], docs: list[Doc]) -> None:
        """Makes the build table's rows of ``ids`` agree with ``docs`` (the searchable ones among them),
        writing only the rows that differ: an item saved within the margin but unchanged since its
        batch was read (a bulk import just before the rebuild) costs a comparison, not a new row."""
        if not ids:
            return
        cursor.execute(
            f"SELECT item_id, text, facets, fts_rowid FROM {BUILD_TABLE} WHERE item_id = ANY(%s)",  # noqa: S608
            [ids],
        )
        stored = {item_id: (text, facets, rowid) for item_id, text, facets, rowid in cursor.fetchall()}
        fresh = [d for d in docs if stored.get(d.item_id) != (SEPARATOR.join(d.fields), d.facets, d.rowid)]
        searchable = {d.item_id for d in docs}
        stale = [i for i in stored if i not in searchable] + [d.item_id for d in fresh if d.item_id in stored]
        if stale:
            cursor.execute(f"DELETE FROM {BUILD_TABLE} WHERE item_id = ANY(%s)", [stale])  # noqa: S608
        for start in range(0, len(fresh), 500):
            self._insert(fresh[start : start + 500], BUILD_TABLE)

    def _swap(
        self, changed: Callable[[], tuple[list[int], list[Doc]]], finish: Callable[[], None], renames: list[str]
    ) -> None:
        # The changes made during the build are applied first without holding writers back; under the
        # lock only those of the last moments are looked at again.
        with transaction.atomic(), connection.cursor() as cursor:
            self._resync(cursor, *changed())
        with transaction.atomic(), connection.cursor() as cursor:
            # Writers (sync_item) wait from here to the commit; searches read the old table until the DROP.
            cursor.execute(f"LOCK TABLE {SEARCHDOC} IN SHARE ROW EXCLUSIVE MODE")
            self._resync(cursor, *changed())
            # DROP and ALTER refuse while foreign-key checks are pending (see _alter_table).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"DROP TABLE {SEARCHDOC}")
            cursor.execute(f"ALTER TABLE {BUILD_TABLE} RENAME TO {SEARCHDOC}")
            for statement in renames:
                cursor.execute(statement)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            finish()

    def begin_rebuild(self) -> None:
        """Before a full rebuild (the table is empty): no GIN index (building it once at the end is
        several times faster than updating it row by row)."""
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {TSV_INDEX}")

    def end_rebuild(self) -> None:
        with connection.cursor() as cursor:
            with _planner(cursor, maintenance_work_mem="256MB"):
                self._alter_table(cursor, f"CREATE INDEX {TSV_INDEX} ON {SEARCHDOC} USING gin (tsv) {TSV_OPTIONS}")
            cursor.execute(f"ANALYZE {SEARCHDOC}")

    # -- reading -------------------------------------------------------------------------------

    @staticmethod
    def _count(cursor: CursorWrapper, conditions: list[Condition], count_limit: int | None = None) -> int:
        """The hits of ``conditions`` (which never match the same row), no more than ``count_limit``:
        past it the heap is not read further (the bitmap of the index is still built whole, but it
        is the reading of every hit's row that costs)."""
        _set(cursor, enable_indexscan="off", enable_bitmapscan="on")  # the GIN bitmap, never a walk
        total = 0
        for where, args in conditions:
            if count_limit is None:
                cursor.execute(f"SELECT count(*) FROM {SEARCHDOC} d WHERE {where}", args)  # noqa: S608
            elif total >= count_limit:
                break
            else:
                cursor.execute(
                    f"SELECT count(*) FROM (SELECT 1 FROM {SEARCHDOC} d WHERE {where} LIMIT %s) AS hits",  # noqa: S608
                    [*args, count_limit - total],
                )
            total += cursor.fetchone()[0]
        return total

    @staticmethod
    def _walk_count(cursor: CursorWrapper, hit: Condition, most: int, rows: int, below: int | None = None) -> int:
        """How many of the newest ``rows`` rows (below the row key ``below``, if given) are hits,
        counting no further than ``most``."""
        _set(cursor, enable_indexscan="on", enable_bitmapscan="off")
        newest, args = _newest(hit, below)
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {newest} WHERE hit LIMIT %s) AS hits", [*args, rows, most])  # noqa: S608
        return cursor.fetchone()[0]

    def _reaches_by_walk(
        self, cursor: CursorWrapper, hit: Condition, count_limit: int, rows: int, below: int | None = None
    ) -> bool:
        """Whether the newest rows (below ``below``, when no row above it is a hit) prove at least
        ``count_limit`` hits (see PROBE_ROWS); False when the hits are too sparse there for a walk to be
        worth it (the index counts them then)."""
        if self.force_plan is not None or rows < count_limit:
            return False
        probe = self._walk_count(cursor, hit, PROBE_ROWS, PROBE_ROWS, below)
        if probe * WALK_COUNT_BUDGET < count_limit * PROBE_ROWS:
            return False
        return self._walk_count(cursor, hit, count_limit, WALK_COUNT_BUDGET, below) >= count_limit

    @staticmethod
    def _rows(cursor: CursorWrapper) -> int:
        """How many items are indexed: the planner's estimate, or an exact count for a small table
        (only used to choose a plan)."""
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [SEARCHDOC])
        estimate = int(cursor.fetchone()[0])
        if estimate >= 10_000:
            return estimate
        cursor.execute(f"SELECT count(*) FROM {SEARCHDOC}")  # noqa: S608
        return cursor.fetchone()[0]

    @staticmethod
    def _index_page(cursor: CursorWrapper, conditions: list[Condition], skip: int, take: int) -> list[int]:
        _set(cursor, enable_indexscan="off", enable_bitmapscan="on")
        union = " UNION ALL ".join(
            f"SELECT d.item_id, d.fts_rowid FROM {SEARCHDOC} d WHERE {where}"  # noqa: S608
            for where, _ in conditions
        )
        args = [a for _, part_args in conditions for a in part_args]
        cursor.execute(
            f"SELECT item_id FROM ({union}) AS hits ORDER BY fts_rowid DESC LIMIT %s OFFSET %s",  # noqa: S608
            [*args, take, skip],
        )
        return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def _walk_hits(
        cursor: CursorWrapper, hit: Condition, wanted: int, budget: int, below: int | None = None
    ) -> list[int]:
        """The first ``wanted`` hits among the newest ``budget`` rows (below the row key ``below``, if
        given), newest first (fewer if they hold fewer)."""
        _set(cursor, enable_indexscan="on", enable_bitmapscan="off")
        newest, args = _newest(hit, below, "d.item_id, d.fts_rowid, ")
        cursor.execute(
            f"SELECT item_id FROM {newest} WHERE hit ORDER BY fts_rowid DESC LIMIT %s",  # noqa: S608
            [*args, budget, wanted],
        )
        return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def _newest_month_with(cursor: CursorWrapper, probes: list[Condition], below: int, oldest: int) -> int | None:
        """The row key just past the newest month holding a hit of ``probes`` below the row key
        ``below``, or None when no month down to ``oldest``'s holds one; LookupError when none of the
        MONTH_PROBES months probed does. One statement probes the months newest first through the index
        (each probe's tsquery and the month's lexeme) and stops at the first that holds a hit."""
        months, exhausted = _months(below, oldest, MONTH_PROBES)
        probe_sql = " UNION ALL ".join(
            f"(SELECT 1 FROM {SEARCHDOC} d WHERE {_in_month(where, 'months.lexeme')} AND d.fts_rowid < %s LIMIT 1)"  # noqa: S608
            for where, _ in probes
        )
        _set(cursor, enable_indexscan="off", enable_bitmapscan="on")
        # unnest yields the months in the array's order, and LIMIT stops at the first month with a hit.
        cursor.execute(
            "SELECT months.n FROM unnest(%s::tsquery[]) WITH ORDINALITY AS months(lexeme, n) "  # noqa: S608
            f"WHERE EXISTS ({probe_sql}) LIMIT 1",
            [[_tsquery([lexeme]) for lexeme, _ in months], *(a for _, args in probes for a in (*args, below))],
        )
        row = cursor.fetchone()
        if row is None:
            if exhausted:
                return None
            raise LookupError("no hit in the months probed")
        return months[row[0] - 1][1]

    @staticmethod
    def _count_by_months(
        cursor: CursorWrapper, conditions: list[Condition], count_limit: int, below: int, oldest: int
    ) -> Result | None:
        """The hits of ``conditions`` (none above the row key ``below``) counted month by month through
        the index, newest first, no further than ``count_limit``: a month's index entries and its hits'
        rows are all that is read, where counting through the whole index builds the bitmap of every
        candidate first. None when MONTH_COUNTS months do not reach the limit (the index counts then)."""
        months, exhausted = _months(below, oldest, MONTH_COUNTS)
        _set(cursor, enable_indexscan="off", enable_bitmapscan="on")
        total = 0
        for lexeme, _ in months:
            for where, (tsquery, *rest) in conditions:
                cursor.execute(
                    f"SELECT count(*) FROM (SELECT 1 FROM {SEARCHDOC} d "  # noqa: S608
                    f"WHERE {_in_month(where, '%s::tsquery')} AND d.fts_rowid < %s LIMIT %s) AS hits",
                    [tsquery, _tsquery([lexeme]), *rest, below, count_limit - total],
                )
                total += cursor.fetchone()[0]
                if total >= count_limit:
                    return Result(count_limit, [], exact=False)
        return Result(total, []) if exhausted else None

    def _skip_walk(
        self, cursor: CursorWrapper, probes: list[Condition], hit: Condition, skip: int, take: int
    ) -> tuple[list[int], int | None] | None:
        """The page of ``hit`` newest first, walking only from the newest month that holds a hit of
        ``probes`` (a superset of ``hit``'s rows, through the index), again after each walk that falls
        short; with the row key above which no row is a hit of ``probes`` (None: no row is one). None
        when that takes more than SKIPS walks or MONTH_PROBES months (the caller's other plan answers)."""
        cursor.execute(f"SELECT max(fts_rowid), min(fts_rowid) FROM {SEARCHDOC}")  # noqa: S608
        newest, oldest = cursor.fetchone()
        if newest is None or newest >> ID_BITS == 0 or oldest >> ID_BITS == 0:
            return None  # empty, or undated rows, which no month lexeme finds
        cursor.execute(
            f"SELECT tsv @@ %s::tsquery FROM {SEARCHDOC} WHERE fts_rowid = %s",  # noqa: S608
            [_tsquery(month_lexeme(newest)), newest],
        )
        if not cursor.fetchone()[0]:
            return None  # an index built before the month lexemes (gongkai search-rebuild adds them)
        wanted, below = skip + take, newest + 1
        found: list[int] = []
        first: int | None = None
        for _ in range(SKIPS):
            try:
                start = self._newest_month_with(cursor, probes, below, oldest)
            except LookupError:
                return None
            if start is None:
                return found[skip:wanted], first  # every hit is found: the results end on this page
            below = min(below, start)
            first = below if first is None else first
            found += self._walk_hits(cursor, hit, wanted - len(found), LONG_WALK_BUDGET, below)
            if len(found) >= wanted:
                return found[skip:wanted], first
            # Where the walk stopped (the row key index alone); none: it reached the oldest row.
            cursor.execute(
                f"SELECT fts_rowid FROM {SEARCHDOC} WHERE fts_rowid < %s ORDER BY fts_rowid DESC OFFSET %s LIMIT 1",  # noqa: S608
                [below, LONG_WALK_BUDGET - 1],
            )
            last = cursor.fetchone()
            if last is None:
                return found[skip:wanted], first
            below = last[0]
        return None

    @classmethod
    def _walk_page(cls, cursor: CursorWrapper, hit: Condition, skip: int, take: int, budget: int) -> list[int] | None:
        """The page from the newest ``budget`` rows, or None when they hold too few hits to be sure."""
        ids = cls._walk_hits(cursor, hit, skip + take, budget)
        return ids[skip:] if len(ids) == skip + take else None

    def _walk_pays(self, *, hits: int, rows: int, wanted: int, exact: bool = True) -> tuple[bool, int]:
        """Whether a newest-first walk beats the index for the first ``wanted`` of ``hits``, and how
        many rows it may read before giving up. With ``exact`` False, ``hits`` is only a lower bound:
        the index plan may have to sort many more, so the walk is tried first."""
        if self.force_plan is not None:
            return self.force_plan == "walk", rows
        if not exact:
            return True, min(rows, CAPPED_WALK_BUDGET)
        expected = wanted * rows / max(hits, 1)  # rows read if the hits are spread evenly
        return expected * WALK_COST < hits * HIT_COST, max(MIN_WALK_BUDGET, int(4 * expected))

    def _page(
        self,
        cursor: CursorWrapper,
        indexed: list[Condition],
        walk_hit: Condition,
        *,
        hits: int,
        rows: int,
        skip: int,
        take: int,
        exact: bool = True,
    ) -> list[int]:
        if take <= 0 or (exact and skip >= hits):
            return []
        if exact:
            take = min(take, hits - skip)
        walk, budget = self._walk_pays(hits=hits, rows=rows, wanted=skip + take, exact=exact)
        if walk:
            ids = self._walk_page(cursor, walk_hit, skip, take, budget)
            if ids is None and self._skips(budget):
                skipped = self._skip_walk(cursor, indexed, walk_hit, skip, take)  # hits among older items
                ids = skipped[0] if skipped is not None else None
            if ids is not None:
                return ids
        return self._index_page(cursor, indexed, skip, take)

    @staticmethod
    def _one_pass(cursor: CursorWrapper, query: PgQuery, sort: str, offset: int, limit: int) -> Result:
        """Every hit confirmed once (strpos), then counted and paged from the same set."""
        _set(cursor, enable_indexscan="off", enable_bitmapscan="on")
        parts = [query.indexed, query.partial]
        hits = " UNION ALL ".join(
            f"SELECT d.item_id, d.fts_rowid, ({query.in_title[0]}) AS in_title "  # noqa: S608
            f"FROM {SEARCHDOC} d WHERE {where}"
            for where, _ in parts
        )
        args = [a for _, part_args in parts for a in (*query.in_title[1], *part_args)]
        order = "fts_rowid DESC" if sort == "newest" else "in_title DESC, fts_rowid DESC"
        cursor.execute(
            f"WITH hits AS MATERIALIZED ({hits}) SELECT (SELECT count(*) FROM hits), "  # noqa: S608
            f"ARRAY(SELECT item_id FROM hits ORDER BY {order} LIMIT %s OFFSET %s)",
            [*args, limit, offset],
        )
        count, ids = cursor.fetchone()
        return Result(count, list(ids))

    def _long(
        self, cursor: CursorWrapper, query: PgQuery, sort: str, offset: int, limit: int, count_limit: int | None
    ) -> Result:
        """A query of five characters or more. Counting it reads the text of every candidate, so the
        page is tried first from a short newest-first walk, then the hits are counted; when the walk
        falls short (hits among older items, or few), the walk starts again from the newest month
        holding a hit (``_skip_walk``); failing that, one pass confirms, counts and pages."""
        budget = {None: LONG_WALK_BUDGET, "walk": self._rows(cursor), "index": 0}[self.force_plan]
        anywhere = [query.indexed, query.partial]
        if sort == "newest":
            ids = self._walk_page(cursor, query.walk_hit, offset, limit, budget) if budget else None
            if ids is not None:
                return self._counted(cursor, query, ids, count_limit)
            skipped = self._skip_walk(cursor, anywhere, query.walk_hit, offset, limit) if self._skips(budget) else None
            if skipped is None:
                return self._one_pass(cursor, query, sort, offset, limit)
            return self._counted(cursor, query, skipped[0], count_limit, below=skipped[1])
        if count_limit is not None and budget:
            # The newest rows may hold the whole page of title hits (they come first), before anything
            # is counted: counting title hits reads the text of each of them.
            ids = self._walk_page(cursor, query.walk_title, offset, limit, budget)
            if ids is not None:
                return self._counted(cursor, query, ids, count_limit)
        titles = self._count(cursor, [query.title])  # the title lexemes leave few candidates
        ids = self._index_page(cursor, [query.title], offset, limit) if offset < titles else []
        below = None
        if len(ids) < limit:
            others = _and_not(query.walk_hit, query.walk_title)
            skip, take = max(0, offset - titles), limit - len(ids)
            rest = self._walk_page(cursor, others, skip, take, budget) if budget else None
            if rest is None and self._skips(budget):
                skipped = self._skip_walk(cursor, anywhere, others, skip, take)
                rest, below = skipped if skipped is not None else (None, None)
            if rest is None:
                return self._one_pass(cursor, query, sort, offset, limit)
            ids += rest
        return self._counted(cursor, query, ids, count_limit, below=below)

    def _skips(self, budget: int) -> bool:
        """Whether a walk that fell short may skip ahead (not when a test forces one plan)."""
        return budget > 0 and self.force_plan is None

    def _counted(
        self, cursor: CursorWrapper, query: PgQuery, ids: list[int], count_limit: int | None, below: int | None = None
    ) -> Result:
        """``ids`` with the count of the query's hits (no further than ``count_limit``). ``below``: a row
        key above which no row is a hit (found by ``_skip_walk``), where counting starts: month by
        month, then by a walk."""
        anywhere = [query.indexed, query.partial]
        if count_limit is not None and below is not None:
            cursor.execute(f"SELECT min(fts_rowid) FROM {SEARCHDOC}")  # noqa: S608
            by_months = self._count_by_months(cursor, anywhere, count_limit, below, cursor.fetchone()[0])
            if by_months is not None:
                return Result(by_months.count, ids, by_months.exact)
        if count_limit is not None and self._reaches_by_walk(
            cursor, query.walk_hit, count_limit, self._rows(cursor), below
        ):
            return Result(count_limit, ids, exact=False)
        counted = capped(self._count(cursor, anywhere, count_limit), count_limit)
        return Result(counted.count, ids, counted.exact)

    def search(
        self, terms: list[str], filters: Filters, sort: str, offset: int, limit: int, count_limit: int | None = None
    ) -> Result:
        query = pg_query(terms, filters)
        anywhere = [query.indexed, query.partial]
        # Plans are chosen here, not by the planner, from the exact count of hits: it knows too little
        # about a tsvector of grams to choose well. Parallel workers cost more to start than these
        # queries take; work_mem is enough for an exact (not lossy) bitmap of a word in every document.
        # The settings are put back afterwards: the caller's transaction may go on.
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            _planner(
                cursor,
                enable_seqscan="off",
                enable_indexscan="off",
                enable_bitmapscan="on",
                max_parallel_workers_per_gather="0",
                work_mem="64MB",
            ),
        ):
            if query.long:
                return self._long(cursor, query, sort, offset, max(limit, 0), count_limit)
            rows = self._rows(cursor)
            if count_limit is not None and self._reaches_by_walk(cursor, query.walk_hit, count_limit, rows):
                counted = Result(count_limit, [], exact=False)
            else:
                counted = capped(self._count(cursor, anywhere, count_limit), count_limit)
            count, exact = counted.count, counted.exact
            if count == 0 or limit <= 0:
                return counted
            if sort == "newest":
                ids = self._page(
                    cursor, anywhere, query.walk_hit, hits=count, rows=rows, skip=offset, take=limit, exact=exact
                )
                return Result(count, ids, exact)
            # Relevance as on SQLite: title hits first, then the others, each newest first. For a
            # common term, first try a page of title hits from a short walk (a failed one costs little);
            # only then count the title hits, which the page of the others needs (up to the count
            # limit, or past this page: then the others are not on it).
            walk, budget = self._walk_pays(hits=count, rows=rows, wanted=offset + limit)
            if not exact and self.force_plan is None:  # a common word: its share is unknown, but large
                walk, budget = True, min(rows, TITLE_WALK_BUDGET)
            if walk:
                found = self._walk_hits(cursor, query.walk_title, offset + limit, budget)
                if len(found) == offset + limit:
                    return Result(count, found[offset:], exact)
                if not exact and len(found) * CAPPED_WALK_BUDGET >= (offset + limit) * budget:
                    # A deep page of a word in many titles: at the share of title hits seen so far, a
                    # longer walk reaches it (counting the title hits first would read every one).
                    ids = self._walk_page(cursor, query.walk_title, offset, limit, min(rows, CAPPED_WALK_BUDGET))
                    if ids is not None:
                        return Result(count, ids, exact)
            title_limit = max(count_limit, offset + limit + 1) if count_limit is not None else None
            if title_limit is not None and self._reaches_by_walk(cursor, query.walk_title, title_limit, rows):
                titles = title_limit  # a word in most titles: proven from the newest rows, as the count was
            else:
                titles = self._count(cursor, [query.title], title_limit)
            titles_exact = title_limit is None or titles < title_limit
            ids = self._page(
                cursor,
                [query.title],
                query.walk_title,
                hits=titles,
                rows=rows,
                skip=offset,
                take=limit,
                exact=titles_exact,
            )
            if titles_exact:
                ids += self._page(
                    cursor,
                    query.others,
                    _and_not(query.walk_hit, query.walk_title),
                    hits=count - titles,
                    rows=rows,
                    skip=max(0, offset - titles),
                    take=limit - len(ids),
                    exact=exact,
                )
        return Result(count, ids, exact)
