"""Admin views: read-mostly; every state change of a case goes through the actions."""

from django.contrib import admin

from gongkai.applications.models import Appeal, Application, LetterTemplate


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["receipt_number", "agency", "status", "applicant_type", "received_on", "due_on", "outcome"]
    list_filter = ["status", "outcome", "applicant_type", "channel"]
    search_fields = ["receipt_number", "applicant_name", "description"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never written here: the actions validate and audit every change."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    """Entered on the case page (actions.appeal_create/appeal_update, audited); table 四 counts them."""

    list_display = ["application", "kind", "filed_on", "body", "result", "decided_on"]
    list_filter = ["kind", "result"]


@admin.register(LetterTemplate)
class LetterTemplateAdmin(ReadOnlyAdmin):
    """Edited on the letter-template page, where actions.letter_template_save checks the placeholders."""

    list_display = ["agency", "kind", "outcome", "updated_at"]
    list_filter = ["kind"]
