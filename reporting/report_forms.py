from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Zone
from toegang.forms import StyledFormMixin

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


QUARTERS_ON_THE_LIVE_PAGE = 8


def ended_quarters(today: datetime.date, n: int = QUARTERS_ON_THE_LIVE_PAGE) -> list[tuple[int, int]]:
    """The last `n` calendar quarters that have ended before `today`, newest first, as (year, quarter)."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    result = []
    for _step in range(n):
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
        result.append((year, quarter))
    return result


class CouncilPeriodForm(StyledFormMixin, forms.Form):
    """The period of the live council figures: one whole quarter that has ended. Free dates let two
    overlapping periods be subtracted (1 to 10 June against 1 to 9 June gives one day's requests,
    whatever the suppression hides); quarters do not overlap, and no new request arrives in one
    that has ended (its requests' statuses still move on, so its figures can still change a little,
    and a year report minus three quarters is still a fourth: see docs/privacy.md). The query
    string parameter is `period`, as "2026-Q3"."""

    period = forms.ChoiceField(label=_("Quarter"), error_messages={
        "required": _("Choose a quarter."),
        "invalid_choice": _("Choose one of the quarters in the list: only ended quarters are shown."),
    })

    def __init__(self, *args, today: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(f"{year}-Q{quarter}", f"Q{quarter} {year}")
                                         for year, quarter in ended_quarters(today)]

    @staticmethod
    def default_period(today: datetime.date) -> str:
        """The newest ended quarter."""
        year, quarter = ended_quarters(today, 1)[0]
        return f"{year}-Q{quarter}"

    def bounds(self) -> tuple[datetime.date, datetime.date]:
        year, quarter = self.cleaned_data["period"].split("-Q")
        return period_bounds(PeriodKind.QUARTER, int(year), int(quarter))
