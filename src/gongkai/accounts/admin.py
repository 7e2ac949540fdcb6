from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from gongkai.accounts.models import Membership, User
from gongkai.accounts.permissions import is_system_admin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users are the system administrator's to manage; nobody else sees this screen."""

    list_display = ["username", "full_name", "email", "is_system_admin", "is_active"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "email", "phone")}),
        ("权限", {"fields": ("is_active", "is_system_admin", "is_staff")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "full_name", "password1", "password2")}),)
    list_filter = ["is_system_admin", "is_active"]
    inlines = [MembershipInline]

    def _allowed(self, request) -> bool:
        return is_system_admin(request.user)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return False
