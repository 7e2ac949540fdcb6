from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from gongkai.accounts.permissions import Perm, agencies_with, grants, is_system_admin
from gongkai.audit.models import Event
from gongkai.site.panels import todos


def home(request: HttpRequest) -> HttpResponse:
    """The portal's home page is the disclosure home: latest items and the 重点领域 columns."""
    from gongkai.disclosure.views import items_home

    return items_home(request)


# The staff page of a record that 最近操作 names, by the record's model ("app_label.model"), so that a
# 受理编号 or an item there is a link to it.
TARGET_PAGES = {
    "applications.application": "applications:case",
    "disclosure.item": "disclosure:staff_item",
    "oversight.supervision": "oversight:detail",
}


def _with_links(events: list[Event]) -> list[tuple[Event, str]]:
    """Each event with the address of its record's staff page, "" when it has none."""
    linked = []
    for event in events:
        kind = event.target_type
        page = TARGET_PAGES.get(f"{kind.app_label}.{kind.model}") if kind is not None else None
        linked.append((event, reverse(page, args=[int(event.target_id)]) if page and event.target_id.isdigit() else ""))
    return linked


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    visible = agencies_with(request.user, Perm.VIEW_INTERNAL)
    recent = Event.objects.filter(agency__in=visible).select_related("agency", "target_type")[:10]
    context = {
        "grants": grants(request.user),
        "is_admin": is_system_admin(request.user),
        "agency_count": visible.count(),
        "recent_events": _with_links(list(recent)),
        "memberships": request.user.memberships.select_related("agency").order_by("agency__sort_path"),
        "todos": todos(request.user),
    }
    return render(request, "site/workspace.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


# ---------------------------------------------------------------------------------------------
# Error pages (gongkai.urls handler400/403/404/500): Chinese, in the site's layout, with a way back.
# ---------------------------------------------------------------------------------------------


def _error_message(exception: Exception | None, fallback: str) -> str:
    # Our own refusals carry a Chinese text worth showing; Django's internal ones (English) do not.
    # (A Resolver404 carries a dict of the URL patterns tried: never shown.)
    first = exception.args[0] if exception is not None and exception.args else ""
    text = first if isinstance(first, str) else ""
    return text if any("\u4e00" <= ch <= "\u9fff" for ch in text) else fallback


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _error_message(exception, "请求的参数有误，请检查后重试。")
    return render(request, "site/error.html", {"status": 400, "title": "请求有误", "message": message}, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _error_message(exception, "您没有访问此页面的权限。")
    return render(request, "site/error.html", {"status": 403, "title": "无权访问", "message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _error_message(exception, "您访问的页面不存在，可能已被删除、撤回或地址有误。")
    return render(request, "site/error.html", {"status": 404, "title": "页面不存在", "message": message}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context processors: the database may be what failed, so the page
    needs nothing from it (no user, no navigation read from the apps)."""
    from django.conf import settings
    from django.template import loader

    context = {
        "status": 500,
        "title": "系统错误",
        "message": "系统暂时无法处理您的请求，请稍后再试。问题已记录。",
        "site_name": settings.GONGKAI_SITE_NAME,
    }
    return HttpResponse(loader.get_template("site/error.html").render(context), status=500)
