"""Writing user text into spreadsheets (XLSX, CSV) without it becoming a formula.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and
tab or carriage return can start one after the program trims them): an applicant's
``=HYPERLINK(…)`` in a ledger export would be a live link in the clerk's Excel (CSV/formula
injection). Every export of stored text passes its cells through ``safe_cell``; the importers
(``gongkai.common.tabular``) take the quote off again, so an export reads back unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def safe_cell(value: Any) -> Any:
    """The value for a cell: text that would start a formula gets a leading quote; other values as given."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return QUOTE + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


def unquote_cell(text: str) -> str:
    """The text as written before ``safe_cell`` quoted it (for importers reading our own exports)."""
    if text.startswith(QUOTE) and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
