from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from toegang.forms import StyledFormMixin

from .models import DataDispute, DisputeOutcome


class DisputeForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = DataDispute
        fields = ["description", "reference"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"description": {"required": _("Describe what the resident disputes.")}}


class DisputeResolveForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DisputeOutcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": _("Choose whether the data was corrected or is right.")})
    note = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Explain what was corrected, or why the data is right.")})


class RestrictionForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("After this, only the functional administrator can see the resident's data."),
        error_messages={"required": _("Give the reason for the restriction.")},
    )
