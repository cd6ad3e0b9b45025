"""The admin shows privacy records by id, date and status only. It writes no access-log entry,
so nothing of the resident may appear here: not their name (which a resident field or its raw-id
widget prints), not the free text (what is disputed, reasons, explanations). The content is read
on the pages that log the read."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from . import services
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


class ResidentIdWidget(ForeignKeyRawIdWidget):
    """The raw-id input without the resident's name that Django prints beside it."""

    def label_and_url_for_value(self, value: Any) -> tuple[str, str]:
        return "", ""


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin):
    """A hold keeps a resident's data past its period (court case, complaint). The administrator
    places it here by the resident's number; afterwards only its dates show, and releasing it
    means filling in `released at`. The reason is not shown again (free text about the resident)."""

    list_display = ["pk", "resident_id", "placed_at", "released_at"]
    raw_id_fields = ["resident", "placed_by"]
    list_filter = ["released_at"]

    def get_fields(self, request: HttpRequest, obj: LegalHold | None = None) -> list[str]:
        if obj is None:
            return ["resident", "reason"]
        return ["resident_id", "placed_by_id", "placed_at", "released_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: LegalHold | None = None) -> list[str]:
        if obj is None:
            return []
        # Released is final: keeping the data again is a new hold, with its own reason.
        return ["resident_id", "placed_by_id", "placed_at", *(["released_at"] if obj.released_at else [])]

    def has_delete_permission(self, request: HttpRequest, obj: LegalHold | None = None) -> bool:
        return False  # a released hold stays as the record of why the data was kept

    def save_model(self, request: HttpRequest, obj: LegalHold, form: Any, change: bool) -> None:
        """Through the services, which write the access log; the one placing it is the user."""
        if not change:
            hold = services.legal_hold_place(user=request.user, request=request, resident=obj.resident,
                                             reason=obj.reason)
            obj.pk, obj.placed_by, obj.placed_at = hold.pk, hold.placed_by, hold.placed_at
            obj._state.adding = False
        elif obj.released_at is not None:
            services.legal_hold_release(user=request.user, request=request, hold=obj, at=obj.released_at)

    def formfield_for_foreignkey(self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any):
        if db_field.name == "resident":
            kwargs["widget"] = ResidentIdWidget(db_field.remote_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by services only (they write the access log); the admin shows ids, dates and
    status. `logged_page` links a record to the page where its content is read (and logged)."""

    logged_page_url: str = ""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    @admin.display(description=_("content"))
    def logged_page(self, obj: models.Model) -> SafeString:
        return format_html('<a href="{}">{}</a>', reverse(self.logged_page_url, args=[obj.pk]),
                           _("On the page that logs the read"))


@admin.register(DataDispute)
class DataDisputeAdmin(ReadOnlyAdmin):
    list_display = ["pk", "resident_id", "opened_at", "resolved_at", "outcome"]
    fields = ["resident_id", "opened_at", "resolved_at", "outcome", "logged_page"]
    readonly_fields = fields
    logged_page_url = "privacy:dispute_resolve"


@admin.register(ProcessingRestriction)
class ProcessingRestrictionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "resident_id", "imposed_at", "lifted_at"]
    fields = ["resident_id", "imposed_at", "lifted_at", "logged_page"]
    readonly_fields = fields
    logged_page_url = "privacy:restriction"


@admin.register(AnonymisedRecord)
class AnonymisedRecordAdmin(ReadOnlyAdmin):
    list_display = ["kind", "object_id", "anonymised_at"]
    list_filter = ["kind"]
