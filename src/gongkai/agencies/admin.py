from django.contrib import admin
from django.db import models

from gongkai.accounts.admin_scope import ScopedModelAdmin
from gongkai.agencies.actions import EDITABLE_FIELDS, agency_create, agency_update
from gongkai.agencies.models import Agency


@admin.register(Agency)
class AgencyAdmin(ScopedModelAdmin):
    agency_field = ""
    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "short_name"]
    ordering = ["path"]
    autocomplete_fields = ["parent"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [
        "code",
        "name",
        "short_name",
        "kind",
        "parent",
        "sort_order",
        "is_active",
        "office_name",
        "address",
        "office_hours",
        "phone",
        "fax",
        "email",
        "website",
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS if name in form.cleaned_data}
        if change:
            saved = agency_update(agency=obj, actor=request.user, parent=form.cleaned_data.get("parent"), **values)
        else:
            saved = agency_create(
                code=form.cleaned_data["code"],
                parent=form.cleaned_data.get("parent"),
                actor=request.user,
                **values,
            )
        obj.pk, obj.path = saved.pk, saved.path
