"""The Django admin, decided by the same permission function as every other screen.

Admin access needs is_staff (given to system administrators). Even then, each model admin asks
gongkai.accounts.permissions: an agency-scoped user sees only records of agencies in scope, and only
system administrators change anything here. Changes made here go through the apps' actions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from gongkai.accounts.permissions import Perm, agencies_with, has_perm, is_system_admin


class ScopedModelAdmin(admin.ModelAdmin):
    #: The path from the model to its Agency ("agency", or "" when the model is the Agency).
    agency_field = "agency"

    def agency_of(self, obj: Model) -> Any:
        return obj if not self.agency_field else getattr(obj, self.agency_field)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if is_system_admin(request.user):
            return queryset
        scope = agencies_with(request.user, Perm.VIEW_INTERNAL)
        if not self.agency_field:
            return queryset.filter(pk__in=scope)
        return queryset.filter(**{f"{self.agency_field}__in": scope})

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if not request.user.is_staff:
            return False
        if obj is None:
            return True
        return has_perm(request.user, Perm.VIEW_INTERNAL, self.agency_of(obj))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_system_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return is_system_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
