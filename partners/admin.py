from django.contrib import admin

from .models import DirectorySettings, FindingPlace, Organisation, Person, Referral, Service
from .services import organisation_refresh_search


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 0


class FindingPlaceInline(admin.TabularInline):
    model = FindingPlace
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    filter_horizontal = ["zones"]
    inlines = [ServiceInline, FindingPlaceInline]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # The organisation's name is part of its people's search text.
        organisation_refresh_search(organisation=form.instance)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """Directory entries are edited in the app (with version checks and search text); the admin
    only lists them and links accounts."""

    list_display = ["name", "organisation", "job_title", "confirmed_on", "active", "is_organisation_admin"]
    list_filter = ["organisation", "active", "is_organisation_admin"]
    search_fields = ["name", "email"]
    fields = ["user", "is_organisation_admin", "active"]
    raw_id_fields = ["user"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(DirectorySettings)
class DirectorySettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "stale_after_days", "acceptance_days"]


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    """Read-only: referrals carry residents' data and change only through the services."""

    list_display = ["pk", "organisation", "status", "sent_on", "accept_by"]
    list_filter = ["status", "organisation"]
    fields = ["organisation", "service", "status", "sent_on", "accept_by", "consent_until", "consent_withdrawn_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
