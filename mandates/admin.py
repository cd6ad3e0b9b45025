"""The functional administrator maintains the legal calendar, the catalogue and the mandate
register here. Mandates are ended (valid until), never deleted: the database refuses deletes."""

from django.contrib import admin

from .models import (
    DecisionSettings,
    GeneralProvision,
    LegalClock,
    LegalHoliday,
    Mandate,
    ProductCategory,
    Provision,
    ProvisionPrice,
)


@admin.register(LegalHoliday)
class LegalHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "source", "decree_reference"]
    list_filter = ["source"]
    date_hierarchy = "date"


@admin.register(DecisionSettings)
class DecisionSettingsAdmin(admin.ModelAdmin):
    list_display = ["municipality_name", "debt_access_weeks", "objection_decision_weeks", "due_soon_days"]


@admin.register(ProductCategory)
class ProductCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(GeneralProvision)
class GeneralProvisionAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "active"]
    list_filter = ["active", "category"]


class PriceInline(admin.TabularInline):
    model = ProvisionPrice
    extra = 1


@admin.register(Provision)
class ProvisionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "category", "unit", "product_category", "product_code", "active"]
    list_filter = ["kind", "active"]
    inlines = [PriceInline]


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ["kind", "holder", "holder_role", "max_amount", "max_hours_per_week", "valid_from",
                    "valid_until", "decree_reference", "parent"]
    list_filter = ["kind", "holder_role"]
    filter_horizontal = ["categories"]
    raw_id_fields = ["holder", "parent"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LegalClock)
class LegalClockAdmin(admin.ModelAdmin):
    """For support: the clocks are written by the services, so everything is read-only here."""

    list_display = ["help_request", "kind", "started_on", "due_on", "stopped_on", "decision"]
    list_filter = ["kind"]
    readonly_fields = ["help_request", "conversation", "kind", "started_on", "due_on", "stopped_on",
                       "receipt_confirmed_on", "decision"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
