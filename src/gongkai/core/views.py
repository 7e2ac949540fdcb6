from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from gongkai.accounts.permissions import Perm, agencies_with, grants, is_system_admin
from gongkai.agencies.models import Agency
from gongkai.audit.models import Event


def home(request: HttpRequest) -> HttpResponse:
    roots = Agency.objects.filter(parent__isnull=True, is_active=True).prefetch_related("children")
    return render(request, "core/home.html", {"roots": roots})


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    visible = agencies_with(request.user, Perm.VIEW_INTERNAL)
    context = {
        "grants": grants(request.user),
        "is_admin": is_system_admin(request.user),
        "agency_count": visible.count(),
        "recent_events": Event.objects.filter(agency__in=visible).select_related("agency")[:10],
        "memberships": request.user.memberships.select_related("agency").order_by("agency__path"),
    }
    return render(request, "core/workspace.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
