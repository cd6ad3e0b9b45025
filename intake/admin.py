from django.contrib import admin

from .models import IntakeSettings, LifeDomain


@admin.register(LifeDomain)
class LifeDomainAdmin(admin.ModelAdmin):
    """Life domains are data: the municipality may rename, reorder or add domains."""

    list_display = ["name", "code", "position", "active"]
    list_editable = ["position", "active"]


@admin.register(IntakeSettings)
class IntakeSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "home_visit_promise_days"]

    def has_add_permission(self, request) -> bool:
        return not IntakeSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
