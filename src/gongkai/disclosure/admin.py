from django.contrib import admin

from gongkai.calendar.admin import SystemAdminOnly
from gongkai.disclosure.actions import category_delete, category_save
from gongkai.disclosure.models import AgencyFigures, Category, Item


@admin.register(Category)
class CategoryAdmin(SystemAdminOnly, admin.ModelAdmin):
    """Saves and deletes go through the audited actions (system administrators only)."""

    list_display = ["code", "name", "sort_order"]
    fields = ["code", "name", "sort_order"]
    ordering = ["sort_order", "code"]

    def get_readonly_fields(self, request, obj=None):
        # The code is part of every 索引号 already given: it cannot change once items use it.
        return ["code"] if obj is not None and obj.items.exists() else []

    def save_model(self, request, obj, form, change):
        saved = category_save(
            category=obj if change else None,
            actor=request.user,
            code=form.cleaned_data.get("code", obj.code),
            name=form.cleaned_data["name"],
            sort_order=form.cleaned_data["sort_order"],
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        category_delete(category=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    """Read-only here: items change only through the actions (review, publication, audit)."""

    list_display = ["title", "agency", "status", "index_number", "published_on", "is_late"]
    list_filter = ["status", "is_late", "category"]
    search_fields = ["title", "index_number", "doc_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AgencyFigures)
class AgencyFiguresAdmin(admin.ModelAdmin):
    list_display = ["agency", "year", "licensing", "punishment", "enforcement", "fees_wan_yuan"]
    list_filter = ["year"]

    def has_change_permission(self, request, obj=None):
        return False  # entered and imported on the staff screens, which audit every change

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a deleted row would change the report's table 二 without an audit event
