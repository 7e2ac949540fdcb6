from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from gongkai.accounts.permissions import Perm, agencies_with, grants, is_system_admin
from gongkai.audit.models import Event
from gongkai.site.panels import todos


def home(request: HttpRequest) -> HttpResponse:
    """The portal's home page is the disclosure home: latest items and the 重点领域 columns."""
    from gongkai.disclosure.views import items_home

    return items_home(request)


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    visible = agencies_with(request.user, Perm.VIEW_INTERNAL)
    context = {
        "grants": grants(request.user),
        "is_admin": is_system_admin(request.user),
        "agency_count": visible.count(),
        "recent_events": Event.objects.filter(agency__in=visible).select_related("agency")[:10],
        "memberships": request.user.memberships.select_related("agency").order_by("agency__path"),
        "todos": todos(request.user),
    }
    return render(request, "site/workspace.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
