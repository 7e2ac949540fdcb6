"""系统管理 → 领域 and 考核计分规则. The admin's own writes are replaced by the audited actions of
gongkai.catalogue.actions (system administrators only, like the calendar's admin)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from gongkai.calendar.admin import SystemAdminOnly
from gongkai.catalogue.actions import SCORING_FIELDS, area_delete, area_save, scoring_delete, scoring_save
from gongkai.catalogue.models import Area, ScoringSetting


class DeleteEachByAction(admin.ModelAdmin):
    """The bulk delete runs the admin's delete_model (an audited action) once per row."""

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Area)
class AreaAdmin(SystemAdminOnly, DeleteEachByAction):
    list_display = ["name", "sort_order"]
    fields = ["name", "sort_order"]
    ordering = ["sort_order", "name"]

    def save_model(self, request: HttpRequest, obj: Area, form: forms.ModelForm, change: bool) -> None:
        saved = area_save(
            area=obj if change else None,
            name=form.cleaned_data["name"],
            sort_order=form.cleaned_data["sort_order"],
            actor=request.user,
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Area) -> None:
        area_delete(area=obj, actor=request.user)


@admin.register(ScoringSetting)
class ScoringSettingAdmin(SystemAdminOnly, DeleteEachByAction):
    list_display = ["__str__", "per_incomplete", "updated_at"]
    fields = list(SCORING_FIELDS)

    def save_model(self, request: HttpRequest, obj: ScoringSetting, form: forms.ModelForm, change: bool) -> None:
        points = {key: form.cleaned_data[key] for key in SCORING_FIELDS}
        saved = scoring_save(setting=obj if change else None, actor=request.user, **points)
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: ScoringSetting) -> None:
        scoring_delete(setting=obj, actor=request.user)
