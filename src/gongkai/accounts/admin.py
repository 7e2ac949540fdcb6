from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from gongkai.accounts import throttle
from gongkai.accounts.actions import USER_FIELDS, login_unlock, membership_grant, membership_revoke
from gongkai.accounts.models import Membership, Role, User
from gongkai.accounts.permissions import forget_grants, is_system_admin
from gongkai.audit import labels
from gongkai.audit.actions import record, snapshot

labels.register({"user.update": "修改用户"})
ADMIN_REASON = "系统管理界面"


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users are the system administrator's to manage; nobody else sees this screen."""

    list_display = ["username", "full_name", "email", "is_system_admin", "is_active", "login_locked"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "email", "phone")}),
        ("权限", {"fields": ("is_active", "is_system_admin", "is_staff")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "full_name", "password1", "password2")}),)
    list_filter = ["is_system_admin", "is_active"]
    inlines = [MembershipInline]
    actions = ["unlock_login"]

    @admin.display(description="登录锁定", boolean=True)
    def login_locked(self, obj: User) -> bool:
        return throttle.is_locked(throttle.ACCOUNT, obj.username)

    @admin.action(description="解除所选用户的登录锁定")
    def unlock_login(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        # Through the action, so each unlock is checked and audited like any other change.
        unlocked = [user.username for user in queryset if login_unlock(actor=request.user, user=user)]
        if unlocked:
            self.message_user(request, f"已解除登录锁定：{'、'.join(unlocked)}", messages.SUCCESS)
        else:
            self.message_user(request, "所选用户都没有被锁定", messages.INFO)

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

    def save_model(self, request, obj, form, change):
        # Django's own save, with the audit event the staff screens' actions would write.
        with transaction.atomic():
            before = snapshot(User.objects.get(pk=obj.pk), USER_FIELDS) if change else None
            super().save_model(request, obj, form, change)
            record(
                action="user.update" if change else "user.create",
                actor=request.user,
                target=obj,
                before=before,
                after=snapshot(obj, USER_FIELDS),
                reason=ADMIN_REASON,
            )
        forget_grants(obj)

    def save_formset(self, request, form, formset, change):
        """Roles change through membership_grant and membership_revoke, which audit each change."""
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        user = form.instance
        for inline in formset.forms:
            data = getattr(inline, "cleaned_data", None) or {}
            stored = Membership.objects.filter(pk=inline.instance.pk).first() if inline.instance.pk else None
            if not data or (stored is None and not inline.has_changed()):
                continue
            if stored is not None and (data.get("DELETE") or inline.has_changed()):
                membership_revoke(membership=stored, actor=request.user, reason=ADMIN_REASON)
            if not data.get("DELETE") and inline.has_changed() and data.get("agency") and data.get("role"):
                membership_grant(user=user, agency=data["agency"], role=Role(data["role"]), actor=request.user)
        # The admin's change message reads these; the actions have done (and audited) the writing.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
