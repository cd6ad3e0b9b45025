from django.contrib import admin

from .models import Statement, SurveySettings


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    """The questionnaire is data: the functional administrator words, orders and retires statements."""

    list_display = ["text_nl", "text_en", "position", "active"]
    list_editable = ["position", "active"]


@admin.register(SurveySettings)
class SurveySettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "expiry_days", "no_repeat_days", "min_respondents"]

    def has_add_permission(self, request) -> bool:
        return not SurveySettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
