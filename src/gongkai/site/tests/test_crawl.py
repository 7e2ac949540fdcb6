"""Keep it closed (issue 11, b): every URL pattern, walked from the resolver, answers hostile path and
query values with anything but a 5xx, for an anonymous visitor and for logged-in staff.

Query parameter names are read from each view's module (``request.GET.get("…")``), so a new parameter
is crawled without anyone listing it here. Path parameters get values that resolve to real records
first (so the query parameters are reached), then hostile ones."""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Iterator
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from gongkai.disclosure.models import Category, ensure_default_categories
from gongkai.disclosure.tests.helpers import published
from gongkai.testing.helpers import County, at, in_person

HOSTILE = [
    "99999999999999999999999999",  # beyond 64 bits
    "-5",
    "0",
    "abc",
    "x\"'<>",
    "\x01\x1f",
    "nul\x00",
    "中文😀",
    "a" * 2000,
]
HOSTILE_ALONE = ["99999999999999999999999999", "-5", "x\"'<>"]
HOSTILE_PATH = ["99999999999999999999999999", "0", "abc", "x\"'", "中文😀", "a" * 300]
# Names every listing may read even when its module spells them through a helper.
COMMON_QUERY = {"page", "year", "agency", "limit", "offset"}
_GET_NAME = re.compile(r"""GET(?:\.get|\.getlist)?[(\[]\s*["']([a-z_0-9]+)["']""")
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _patterns(patterns: list, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def _source(obj: object) -> str:
    try:
        return inspect.getsource(obj) if obj is not None else ""
    except (OSError, TypeError):
        return ""


def _query_names(pattern: URLPattern) -> tuple[set[str], set[str]]:
    """The names the view function itself reads (each crawled alone), and those its whole module reads
    (crawled together, which also reaches names read through a helper)."""
    callback = getattr(pattern.callback, "view_class", None) or pattern.callback
    own = set(_GET_NAME.findall(_source(callback))) | COMMON_QUERY
    return own, own | set(_GET_NAME.findall(_source(inspect.getmodule(callback))))


def _fill(route: str, values: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        converter, name = match.group(1) or "str", match.group(2)
        value = values.get(name, values.get(converter, "1"))
        return quote(value, safe="/" if converter == "path" else "")

    path = _PARAM.sub(one, route.lstrip("^").rstrip("$"))
    return "/" + path.replace("\\", "")


def _routes() -> list[tuple[str, URLPattern]]:
    # The admin's regex routes (its per-app index, its catch-all) are reached through its plain paths.
    return [(route, p) for route, p in _patterns(get_resolver().url_patterns) if "(?P<" not in route]


@pytest.fixture
def world(county: County, seeded) -> dict[str, str]:
    """Real records for the path parameters, so a crawl reaches each view's query handling."""
    ensure_default_categories()
    item = published(county, Category.objects.get(code="01"), dt.date(2025, 3, 10))
    with at(dt.date(2025, 3, 3)):
        case = in_person(county, dt.date(2025, 3, 3))
    return {
        "code": county.dept_a.code,
        "year": "2025",
        "index_number": item.index_number,
        "pk": str(item.pk),
        "case_id": str(case.pk),
        "int": "1",
        "str": "1",
        "item": str(item.pk),
        "case": str(case.pk),
    }


def _crawl(client: Client, world: dict[str, str]) -> list[str]:
    failures: list[str] = []

    def get(url: str, query: dict[str, str] | None = None) -> None:
        full = url + ("?" + urlencode(query) if query else "")
        response = client.get(full)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {full[:200]}")

    for route, pattern in _routes():
        if route.startswith("admin/"):
            # Django's own admin: its path parameters once each, not its (Django's) query parameters.
            if "<" in route:
                for hostile in HOSTILE_PATH[:3]:
                    get(_fill(route, dict.fromkeys(("object_id", "app_label", "model_name", "url", "path"), hostile)))
            continue
        good = world
        if route.startswith("workspace/applications/") or route.startswith("apply/status/"):
            good = {**world, "pk": world["case"]}
        base = _fill(route, good)
        get(base)
        own, module = _query_names(pattern)
        for hostile in HOSTILE:
            get(base, dict.fromkeys(sorted(module), hostile))
        # Alone, so that one parameter's refusal does not hide the next one's 500.
        for name in sorted(own):
            for hostile in HOSTILE_ALONE:
                get(base, {name: hostile})
        if "<" in route:
            for hostile in HOSTILE_PATH:
                names = {m.group(2): hostile for m in _PARAM.finditer(route)}
                get(_fill(route, {**good, **names}))
    return failures


@pytest.mark.django_db
def test_crawl_anonymous_no_5xx(world: dict[str, str]) -> None:
    client = Client(raise_request_exception=False)
    assert _crawl(client, world) == []


@pytest.mark.django_db
def test_crawl_staff_no_5xx(world: dict[str, str], county: County) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(county.supervisor)
    assert _crawl(client, world) == []
