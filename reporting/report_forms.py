from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Zone
from toegang.forms import DateInput, StyledFormMixin

from .models import ExampleCase, PeriodKind, period_bounds


class ReportRequestForm(StyledFormMixin, forms.Form):
    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.QUARTER)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100,
                              error_messages={"required": _("Enter the year."),
                                              "invalid": _("Enter a year, such as 2026.")})
    quarter = forms.TypedChoiceField(label=_("Quarter"), required=False, coerce=int, empty_value=None,
                                     choices=[("", "—"), (1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")],
                                     help_text=_("Only for a quarterly report."))
    zone = forms.ModelChoiceField(label=_("Zone"), queryset=Zone.objects.order_by("name"), required=False,
                                  empty_label=_("The whole municipality"))

    def clean(self) -> dict:
        data = super().clean()
        kind, year, quarter = data.get("period_kind"), data.get("year"), data.get("quarter")
        if kind == PeriodKind.QUARTER and not quarter:
            self.add_error("quarter", _("Choose the quarter."))
        elif kind == PeriodKind.YEAR:
            data["quarter"] = None
        if kind and year and (kind == PeriodKind.YEAR or quarter):
            start, _end = period_bounds(kind, year, data.get("quarter"))
            if start > timezone.localdate():
                self.add_error("year", _("This period has not started yet."))
        return data


class ExampleCaseForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ExampleCase
        fields = ["asked", "done", "result"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}
        help_texts = {
            "asked": _("In general terms: no names, address, postcode, date of birth or BSN."),
        }
        error_messages = {name: {"required": _("Please fill in this part of the story.")} for name in fields}


class ReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                 choices=[("approve", _("Approve for the council report")),
                                          ("reject", _("Return to the author"))],
                                 error_messages={"required": _("Choose approve or return.")})
    note = forms.CharField(label=_("Note for the author"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CouncilPeriodForm(StyledFormMixin, forms.Form):
    """The period of the live council figures (both days included). The query string keeps its
    short names `from` and `to` (bookmarked links), which cannot be Python attribute names: see
    add_prefix."""

    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput,
                                error_messages={"invalid": _("Give a valid date, for example 1-3-2026.")})
    date_to = forms.DateField(label=_("Until"), required=False, widget=DateInput,
                              error_messages={"invalid": _("Give a valid date, for example 31-3-2026.")})

    PARAMETERS = {"date_from": "from", "date_to": "to"}

    def add_prefix(self, field_name: str) -> str:
        return self.PARAMETERS.get(field_name, field_name)

    def clean(self) -> dict:
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("The end of the period lies before its start."))
        return data
