from django.contrib import admin

from .models import CaseType


@admin.register(CaseType)
class CaseTypeAdmin(admin.ModelAdmin):
    """Case types are data: the evaluation interval and the follow-up moments per kind of case.
    Cases themselves are not in the admin: residents' data is only reached through the
    access-logged pages."""

    list_display = ["name", "code", "evaluation_interval_months", "follow_up_months", "active"]
    list_editable = ["active"]
