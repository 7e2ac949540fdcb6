from django.contrib import admin

from gongkai.accounts.admin_scope import ScopedModelAdmin
from gongkai.reports.models import AnnualReport


@admin.register(AnnualReport)
class AnnualReportAdmin(ScopedModelAdmin):
    list_display = ["agency", "year", "format", "source", "status", "error_count", "warning_count"]
    list_filter = ["year", "format", "source", "status"]
    search_fields = ["agency__name", "agency__code"]
    readonly_fields = [f.name for f in AnnualReport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
