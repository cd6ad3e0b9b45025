from django import forms
from django.utils.translation import gettext_lazy as _

from toegang.forms import DateInput, StyledFormMixin

from .models import Action


class AccessLogSearchForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label=_("User"), required=False)
    resident_id = forms.IntegerField(label=_("Resident number"), required=False, min_value=1)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All")), *Action.choices])
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Until"), required=False, widget=DateInput)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date lies before the start date."))
        return data
