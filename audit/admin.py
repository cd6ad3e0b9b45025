from django.contrib import admin

from .models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only in the database as well."""

    list_display = ["at", "username", "role", "action", "object_type", "object_id", "resident_id", "purpose"]
    list_filter = ["action", "role"]
    search_fields = ["username", "object_id", "purpose"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
