from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.accounts.permissions import Perm, agencies_with, is_system_admin
from gongkai.audit.models import Event


def visible_events(user) -> object:  # type: ignore[no-untyped-def]
    """Events a user may read: those of agencies whose internal records they may see; system-wide
    events (no agency) only for the system administrator."""
    events = Event.objects.select_related("agency", "actor")
    if is_system_admin(user):
        return events
    return events.filter(agency__in=agencies_with(user, Perm.VIEW_INTERNAL))


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


def filter_target(queryset, target: str):  # type: ignore[no-untyped-def]
    """Narrows to one object's timeline; ``target`` is "app_label.model:pk" (see target_key)."""
    label, _, pk = target.partition(":")
    app_label, _, model = label.partition(".")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
    except ContentType.DoesNotExist:
        return queryset.none()
    return queryset.filter(target_type=content_type, target_id=pk)


def target_key(obj) -> str:  # type: ignore[no-untyped-def]
    """The ``target`` parameter naming ``obj``, for links to its full timeline."""
    return f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}"
