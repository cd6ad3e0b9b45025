from django.contrib import admin

from .models import ExampleCase, Report, ReportSettings


@admin.register(ReportSettings)
class ReportSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "suppression_threshold"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: reports are made by the engine and published through the service (a published
    report is immutable in the database as well)."""

    list_display = ["__str__", "status", "progress", "generated_at", "published_at"]
    list_filter = ["status", "period_kind", "zone"]
    fields = ["period_kind", "period_start", "period_end", "zone", "version", "status", "progress", "error",
              "suppression_threshold", "generated_by", "generated_at", "published_at", "published_by"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ExampleCase)
class ExampleCaseAdmin(admin.ModelAdmin):
    """Read-only: the stories are about residents' cases and change only through the services."""

    list_display = ["__str__", "status", "updated_at"]
    list_filter = ["status"]
    fields = ["status", "submitted_at", "reviewed_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
