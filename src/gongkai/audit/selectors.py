"""The reads of the audit log that the events page, the API and the timelines share."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from gongkai.accounts.permissions import Perm, agencies_with, is_system_admin
from gongkai.audit.models import Event


def visible_events(user: Any) -> QuerySet[Event]:
    """Events a user may read: those of agencies whose internal records they may see; system-wide
    events (no agency) only for the system administrator."""
    events = Event.objects.select_related("agency", "actor")
    if is_system_admin(user):
        return events
    return events.filter(agency__in=agencies_with(user, Perm.VIEW_INTERNAL))


def filter_target(queryset: QuerySet[Event], target: str) -> QuerySet[Event]:
    """Narrows to one object's timeline; ``target`` is "app_label.model:pk" (see target_key)."""
    label, _, pk = target.partition(":")
    app_label, _, model = label.partition(".")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
    except ContentType.DoesNotExist:
        return queryset.none()
    return queryset.filter(target_type=content_type, target_id=pk)


def target_key(obj: Model) -> str:
    """The ``target`` parameter naming ``obj``, for links to its full timeline."""
    return f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}"
