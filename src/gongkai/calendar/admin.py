"""Admin screen of the working-day calendar (系统管理员 only).

Every save goes through ``gongkai.calendar.actions`` so it is validated, audited and triggers the
recompute of dependent deadlines: the admin's own writes (save_model, formset.save, delete) are
replaced by one action call with the whole year as submitted.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from gongkai.accounts.permissions import is_system_admin
from gongkai.calendar.actions import calendar_delete_year, calendar_save_year, validate_days
from gongkai.calendar.models import CalendarDay, CalendarYear, DayKind, YearStatus


def _formset_days(formset: forms.BaseInlineFormSet) -> list[tuple[Any, DayKind, str]]:
    """The days the year will have once saved: every filled, undeleted inline row."""
    days = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE") or not data.get("date") or not data.get("kind"):
            continue
        days.append((data["date"], DayKind(data["kind"]), data.get("name") or ""))
    return days


class DayFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(form.errors for form in self.forms):
            return
        year = self.instance.year
        status = self.instance.status
        if year is None:
            return
        try:
            validate_days(year, _formset_days(self), confirmed=status == YearStatus.CONFIRMED)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc

    def validate_unique(self) -> None:
        # Dates are checked year-wide in validate_days, with a Chinese message naming the date.
        return


class SystemAdminOnly:
    """Admin permissions from gongkai.accounts.permissions, not Django's per-model permissions
    (system administrators are not given those)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_system_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)


class DayInline(SystemAdminOnly, admin.TabularInline):
    model = CalendarDay
    formset = DayFormSet
    fields = ["date", "kind", "name"]
    extra = 3
    ordering = ["date"]


class YearForm(forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ["year", "status", "source"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("status") == YearStatus.CONFIRMED and not (data.get("source") or "").strip():
            self.add_error("source", "确认年度放假安排时必须填写来源（国务院办公厅通知文号）")
        return data


@admin.register(CalendarYear)
class CalendarYearAdmin(SystemAdminOnly, admin.ModelAdmin):
    form = YearForm
    inlines = [DayInline]
    list_display = ["year", "status", "source", "day_count", "edited_by_hand", "confirmed_at", "updated_at"]
    list_filter = ["status", "edited_by_hand"]
    readonly_fields = ["edited_by_hand", "confirmed_at", "updated_at"]
    actions = None  # the bulk delete would bypass the per-year action and its audit event

    def get_queryset(self, request: HttpRequest) -> QuerySet[CalendarYear]:
        return super().get_queryset(request).annotate(day_total=Count("days"))

    @admin.display(description="日期数")
    def day_count(self, obj: CalendarYear) -> int:
        return getattr(obj, "day_total", 0)

    def get_readonly_fields(self, request: HttpRequest, obj: CalendarYear | None = None) -> list[str]:
        # The year is the key: it is chosen when the row is added, never changed.
        return [*self.readonly_fields, "year"] if obj is not None else list(self.readonly_fields)

    def save_model(self, request: HttpRequest, obj: CalendarYear, form: forms.ModelForm, change: bool) -> None:
        # Written in save_related, together with the days, by one audited action.
        return

    def save_formset(self, request: HttpRequest, form: forms.ModelForm, formset: Any, change: bool) -> None:
        # Written in save_related by one audited action.
        return

    def save_related(self, request: HttpRequest, form: forms.ModelForm, formsets: list[Any], change: bool) -> None:
        obj: CalendarYear = form.instance
        days = [day for formset in formsets for day in _formset_days(formset)]
        saved = calendar_save_year(
            year=obj.year,
            days=days,
            source=form.cleaned_data.get("source") or "",
            status=form.cleaned_data["status"],
            actor=request.user,
            reason="系统管理界面",
        )
        form.instance = saved
        for formset in formsets:
            # The admin's change message reads these; the action has done (and audited) the writing.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def delete_model(self, request: HttpRequest, obj: CalendarYear) -> None:
        calendar_delete_year(year=obj.year, actor=request.user, reason="系统管理界面")

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
