"""Full-text search over published items, inside the database, behind one interface.

Definition of a hit (the recall contract, tested against a substring scan): an item matches query q
when each word of ``rules.query_terms(q)`` (words are separated by spaces; quotes keep a phrase) is a
substring of ``rules.normalize(field)`` for one of its fields — title, 文号, 内容概述, body text, or the
text of one of its PDF/DOCX attachments (``rules.item_matches``). Chinese has no spaces, so
word tokenizers would miss substrings; both engines index characters and character pairs instead:

* ``sqlite`` (default): an FTS5 table whose tokens are the overlapping character pairs of each field.
* ``postgres``: a GIN-indexed tsvector of every one- to four-character substring of each field.

``core`` holds what every engine shares: the ``SearchBackend`` base class, the document and result
types, the choice of engine (by database vendor, or the dotted path in ``GONGKAI_SEARCH_BACKEND`` for
an external one), and the operations the rest of the app calls (``sync_item``, ``add_many``,
``rebuild``, ``search``); ``snippets`` shows why an item matched. Items are (re)indexed by
``sync_item`` inside the same transaction as the action that changed them, so the index never
disagrees with committed items; ``gongkai search-rebuild`` rebuilds everything. The design and its
measurements: docs/disclosure.md ("Full-text search") and docs/benchmarks.md.
"""

from gongkai.disclosure.rules import MAX_QUERY_LENGTH
from gongkai.disclosure.search.core import (
    FIELD_COUNT,
    ID_BITS,
    Doc,
    Filters,
    Result,
    SearchBackend,
    add_many,
    facets_of,
    get_backend,
    item_fields,
    item_id_of,
    rebuild,
    rowid_of,
    search,
    sync_item,
)
from gongkai.disclosure.search.postgres import PgQuery, PostgresBackend, pg_lexemes, pg_query
from gongkai.disclosure.search.snippets import results_context, snippet_of, snippets
from gongkai.disclosure.search.sqlite import SqliteFtsBackend

__all__ = [
    "FIELD_COUNT",
    "ID_BITS",
    "MAX_QUERY_LENGTH",
    "Doc",
    "Filters",
    "PgQuery",
    "PostgresBackend",
    "Result",
    "SearchBackend",
    "SqliteFtsBackend",
    "add_many",
    "facets_of",
    "get_backend",
    "item_fields",
    "item_id_of",
    "pg_lexemes",
    "pg_query",
    "rebuild",
    "results_context",
    "rowid_of",
    "search",
    "snippet_of",
    "snippets",
    "sync_item",
]
