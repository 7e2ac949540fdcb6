"""Content-Security-Policy on every HTML page (Django 5.2 has none built in).

The policy allows scripts from this site alone: no inline <script>, no on* attributes, no eval, and
nothing from a CDN (htmx, the editor and the API docs' Swagger UI are served from our static files).
Styles also allow 'unsafe-inline': htmx injects its indicator style, Swagger UI styles its elements,
and a few templates indent tree rows with a computed ``style="padding-left: …"``; inline style cannot
run code. Images: our own and data: URLs (Swagger UI's icons), so an item body cannot load a tracking
pixel from elsewhere even if one slipped past the sanitiser (docs/security.md)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from gongkai.common.params import BadParameter

DEFAULT_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Adds the policy (settings.GONGKAI_CONTENT_SECURITY_POLICY, else DEFAULT_POLICY) to HTML responses.

    Downloads are left alone: a PDF opened in the browser's own viewer must not inherit a policy that
    forbids plugins."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response and response.get("Content-Type", "").startswith("text/html"):
            response["Content-Security-Policy"] = getattr(settings, "GONGKAI_CONTENT_SECURITY_POLICY", DEFAULT_POLICY)
        return response


class RejectNulMiddleware:
    """A NUL character in the path or a query parameter answers 400 before any view runs: PostgreSQL
    text cannot hold it, so every filter it reached would be a 500 (docs/security.md)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        values = [key + "".join(values) for key, values in request.GET.lists()]
        if "\x00" in request.path or any("\x00" in value for value in values):
            raise BadParameter("", "请求地址中含有不允许的字符（NUL）")
        return self.get_response(request)
