"""Forms of the team dashboard: the filters and the in-place reassignment of a request or a plan.
(Apart from any council-report forms, which another part of reporting owns.)"""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from toegang.forms import DateInput, StyledFormMixin

from .team_selectors import team_workers, team_zones


class TeamFilterForm(StyledFormMixin, forms.Form):
    """Zone, worker and period. Only the leader's own team's zones and workers are valid choices,
    so a crafted URL cannot widen the scope."""

    zone = forms.ModelChoiceField(
        label=_("Zone"), queryset=None, required=False, empty_label=_("All zones of the team"),
        error_messages={"invalid_choice": _("Choose a zone of your team.")})
    worker = forms.ModelChoiceField(
        label=_("Meitinker"), queryset=None, required=False, empty_label=_("All meitinkers of the team"),
        error_messages={"invalid_choice": _("Choose a meitinker of your team.")})
    date_from = forms.DateField(
        label=_("Came in from"), required=False, widget=DateInput,
        error_messages={"invalid": _("Give a valid date, for example 1-3-2026.")})
    date_to = forms.DateField(
        label=_("Came in until"), required=False, widget=DateInput,
        error_messages={"invalid": _("Give a valid date, for example 31-3-2026.")})

    def __init__(self, *args, team_id: int, **kwargs) -> None:
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = team_zones(team_id=team_id)
        self.fields["worker"].queryset = team_workers(team_id=team_id)

    def clean(self) -> dict:
        data = super().clean()
        date_from: datetime.date | None = data.get("date_from")
        date_to: datetime.date | None = data.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("The end of the period lies before its start."))
        return data


class _ReassignForm(forms.Form):
    """Rows render their own select from the one list of workers on the page (a bound form per
    row would query the workers once per row); this form validates what comes back."""

    def __init__(self, *args, team_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = team_workers(team_id=team_id)


class RequestReassignForm(_ReassignForm):
    worker = forms.ModelChoiceField(
        label=_("New meitinker"), queryset=None,
        error_messages={"required": _("Choose a meitinker."),
                        "invalid_choice": _("Choose a meitinker of your team.")})
    # Who the leader saw as assigned when the page loaded (empty: nobody yet).
    expected_worker = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CaseReassignForm(_ReassignForm):
    worker = forms.ModelChoiceField(
        label=_("New case director"), queryset=None,
        error_messages={"required": _("Choose a case director."),
                        "invalid_choice": _("Choose a meitinker of your team.")})
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1,
                                 error_messages={"required": _("Reload the page and try again.")})
