from django.contrib import admin

from .models import (
    AnonymisedRecord,
    DataDispute,
    LegalHold,
    ProcessingRestriction,
    RetentionSettings,
)


@admin.register(RetentionSettings)
class RetentionSettingsAdmin(admin.ModelAdmin):
    """The retention periods; defaults and their grounds in docs/privacy.md."""

    list_display = ["__str__", "settled_request_years", "case_years", "decision_years", "referral_years", "enabled"]

    def has_add_permission(self, request) -> bool:
        return not RetentionSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin):
    """A hold keeps a resident's data past its period (court case, complaint)."""

    list_display = ["resident_id", "reason", "placed_at", "released_at"]
    raw_id_fields = ["resident", "placed_by"]
    list_filter = ["released_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by services only (they write the access log); the admin shows them."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DataDispute)
class DataDisputeAdmin(ReadOnlyAdmin):
    list_display = ["pk", "resident_id", "opened_at", "resolved_at", "outcome"]


@admin.register(ProcessingRestriction)
class ProcessingRestrictionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "resident_id", "imposed_at", "lifted_at"]


@admin.register(AnonymisedRecord)
class AnonymisedRecordAdmin(ReadOnlyAdmin):
    list_display = ["kind", "object_id", "anonymised_at"]
    list_filter = ["kind"]
