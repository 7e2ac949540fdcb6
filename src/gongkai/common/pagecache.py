"""Public pages kept in the shared cache (CACHES: Redis from REDIS_URL, else the database cache), so that
a page read by many visitors is built once (docs/disclosure.md, "A portal at a province's size").

Only anonymous GET requests without a session or pending messages are served from it or stored, and
only answers that set no cookie: a staff member, or a visitor in the middle of something, always gets
a page built for them. Every cached page carries the current version in its key; ``invalidate()``
(called by the actions that publish or withdraw an item, change an agency's facts or publish a
report) moves to a new version, so every page built before is never served again and expires.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

VERSION_KEY = "pagecache:version"
# A cached page is dropped after this long even without a change (dates such as "today" move on).
TIMEOUT = 10 * 60
# Headers of the view's answer kept with the page; the middleware adds the rest on every answer.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Last-Modified")
HIT_HEADER = "X-Page-Cache"


def invalidate() -> None:
    """Every cached page is stale from now on, and again from the commit of the current transaction:
    a page built from the old data between the two (Redis does not wait for the commit) is not served."""

    def bump() -> None:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)

    bump()
    transaction.on_commit(bump)


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def aggregate(name: str, compute: Callable[[], Any]) -> Any:
    """A value computed from the public data (a list of years, say), kept until the next ``invalidate``."""
    return cache.get_or_set(f"pagecache:{_version()}:aggregate:{name}", compute, TIMEOUT)


def cacheable(request: HttpRequest) -> bool:
    """Whether this request may be answered from the cache, and its answer stored: anonymous, GET or
    HEAD, no session and no messages waiting (either could change what the page shows)."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def public_context(request: HttpRequest) -> dict[str, Any]:
    """Context a cacheable page renders with: no CSRF token. The layout writes one into every page, and
    a page served to everyone must not carry one visitor's token (nor set the cookie it needs); the
    public pages post no form, and the pages that do are never cached."""
    return {"csrf_token": ""} if cacheable(request) else {}


def _key(request: HttpRequest, version: str) -> str:
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"pagecache:{version}:{hashlib.sha256(where.encode()).hexdigest()}"


def cache_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serves an anonymous visitor the cached page when there is one, else builds and stores it."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request, _version())
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response[HIT_HEADER] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if _storable(request, response):
            headers = [(name, response[name]) for name in KEPT_HEADERS if name in response]
            cache.set(key, (response.status_code, headers, response.content), TIMEOUT)
            response[HIT_HEADER] = "miss"
        return response

    return wrapper


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a CSRF token after all: it is this visitor's
    session = getattr(request, "session", None)
    return not (session is not None and session.modified)
