"""Why an item matched: a short piece of its own text around the first hit, with the words of the query
in ``<mark>`` and everything else escaped (the search results page and the API show it)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import astuple
from typing import Any
from urllib.parse import urlencode

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gongkai.disclosure.models import Attachment, Item
from gongkai.disclosure.rules import normalize, normalize_with_origins, query_terms
from gongkai.disclosure.search.core import Filters

BEFORE = 30  # characters of context before the first hit
LENGTH = 120  # characters of a snippet
# Long texts (attachments) are looked at in segments, so that only the segment with the first hit is
# mapped character by character; segments overlap, so a hit is never split between two of them.
SEGMENT = 8000
OVERLAP = 400
_SPACE = re.compile(r"\s")


def _first_segment(text: str, terms: list[str]) -> tuple[int, str] | None:
    """The start and text of the first segment holding a term, or None when the text holds none."""
    for start in range(0, max(len(text), 1), SEGMENT):
        segment = text[start : start + SEGMENT + OVERLAP]
        normalized = normalize(segment)
        if any(t in normalized for t in terms):
            return start, segment
    return None


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the terms occur in ``text`` (indices of the original characters), merged and in order."""
    normalized, origins = normalize_with_origins(text)
    found = []
    for term in terms:
        at = normalized.find(term)
        while at >= 0:
            found.append((origins[at], origins[at + len(term) - 1] + 1))
            at = normalized.find(term, at + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _readable(chars: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Line breaks and spaces inside Chinese text (PDF extraction) dropped, other runs of spaces as one."""
    out: list[tuple[str, bool]] = []
    for index, (char, marked) in enumerate(chars):
        if not _SPACE.match(char):
            out.append((char, marked))
            continue
        following = next((c for c, _ in chars[index + 1 :] if not _SPACE.match(c)), "")
        previous = out[-1][0] if out else ""
        if previous and following and previous != " " and (previous.isascii() and following.isascii()):
            out.append((" ", marked))
    return out


def snippet_of(text: str, terms: list[str]) -> SafeString | None:
    """HTML of about ``LENGTH`` characters of ``text`` around its first hit, or None without a hit."""
    found = _first_segment(text, terms)
    if found is None:
        return None
    offset, segment = found
    spans = _spans(segment, terms)
    if not spans:
        return None
    start = max(0, spans[0][0] - BEFORE)
    end = min(len(segment), start + LENGTH)
    chars = [(segment[i], any(a <= i < b for a, b in spans)) for i in range(start, end)]
    html = ["…" if offset + start > 0 else ""]
    for char, marked in _readable(chars):
        piece = escape(char)
        html.append(f"<mark>{piece}</mark>" if marked else piece)
    html.append("…" if offset + end < len(text) else "")
    # Adjacent marked characters become one <mark>.
    return mark_safe("".join(html).replace("</mark><mark>", ""))  # every character above is escaped


def snippets(items: Iterable[Item], q: str) -> dict[int, SafeString]:
    """The snippet of each item that has one (by item id): from its 内容概述, body text, attachments,
    文号 or title, the first that holds a word of the query ``q``."""
    terms = query_terms(q)
    if not terms:
        return {}
    out: dict[int, SafeString] = {}
    pending: dict[int, Item] = {}
    for item in items:
        html = snippet_of(item.summary, terms) or snippet_of(item.body_text, terms)
        if html is not None:
            out[item.pk] = html
        else:
            pending[item.pk] = item
    attachments: dict[int, list[str]] = {}
    # Attachment text is read only for the items whose own text has no hit (it may be long).
    for item_id, text in Attachment.objects.filter(item_id__in=list(pending)).values_list("item_id", "text"):
        attachments.setdefault(item_id, []).append(text)
    for item_id, item in pending.items():
        for text in [*attachments.get(item_id, []), item.doc_number, item.title]:
            html = snippet_of(text, terms)
            if html is not None:
                out[item_id] = html
                break
    return out


def results_context(items: list[Item], q: str, filters: Filters) -> dict[str, Any]:
    """What the search results page shows besides the items: each item with its snippet (``hits``),
    the words of the query as understood (``terms``, all required), and for a filtered search the
    address of the same words without the filters (``unfiltered_url``)."""
    found = snippets(items, q)
    filtered = any(value not in (None, "") for value in astuple(filters))
    terms = query_terms(q)
    return {
        "hits": [(item, found.get(item.pk)) for item in items],
        "terms": terms,
        "unfiltered_url": "?" + urlencode({"q": q}) if filtered and terms else "",
    }
