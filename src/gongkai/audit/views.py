from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.audit.selectors import filter_target, visible_events


@login_required
def events(request: HttpRequest) -> HttpResponse:
    queryset = visible_events(request.user)
    agency_code = request.GET.get("agency", "").strip()
    action = request.GET.get("action", "").strip()
    target = request.GET.get("target", "").strip()
    if target:
        queryset = filter_target(queryset, target)
    if agency_code:
        queryset = queryset.filter(agency__code=agency_code)
    if action:
        queryset = queryset.filter(action__startswith=action)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    template = "audit/timeline.html" if request.headers.get("HX-Request") else "audit/events.html"
    context = {"page": page, "events": page.object_list, "agency_code": agency_code, "action": action, "target": target}
    return render(request, template, context)
