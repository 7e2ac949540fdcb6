from django.contrib import admin

from gongkai.accounts.admin_scope import ScopedModelAdmin
from gongkai.audit.models import Event


@admin.register(Event)
class EventAdmin(ScopedModelAdmin):
    list_display = ["occurred_at", "actor_label", "action", "target_repr", "agency", "ip_address"]
    list_filter = ["action"]
    search_fields = ["target_repr", "actor_label", "action"]
    date_hierarchy = "occurred_at"

    def agency_of(self, obj):
        return obj.agency

    def has_view_permission(self, request, obj=None):
        if obj is not None and obj.agency_id is None:
            # System-wide events (calendar, imports) are for the system administrator only.
            from gongkai.accounts.permissions import is_system_admin

            return is_system_admin(request.user)
        return super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        from gongkai.accounts.permissions import is_system_admin

        queryset = super().get_queryset(request)
        return queryset if is_system_admin(request.user) else queryset.exclude(agency__isnull=True)
