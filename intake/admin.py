from django.contrib import admin

from .models import IntakeSettings, LifeDomain


@admin.register(LifeDomain)
class LifeDomainAdmin(admin.ModelAdmin):
    """Life domains are data: the municipality may rename, reorder or add domains, and retire one
    by unticking `active`. Never deleted: the requests that named it would silently lose it (the
    link table cascades), and with them the council's figures per domain."""

    list_display = ["name", "code", "position", "active"]
    list_editable = ["position", "active"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(IntakeSettings)
class IntakeSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "home_visit_promise_days"]

    def has_add_permission(self, request) -> bool:
        return not IntakeSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
