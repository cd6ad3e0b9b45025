from __future__ import annotations

import decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toegang.forms import DateInput, StyledFormMixin

from .models import (
    DecisionKind,
    DecisionOutcome,
    Delivery,
    GeneralProvision,
    ObjectionOutcome,
    Provision,
    Unit,
)
from .services import DecisionInput, LineInput


class DecisionForm(StyledFormMixin, forms.Form):
    """Prepare a decision at the kitchen table; its provisions come from `LineFormSet`."""

    general_provisions = forms.ModelMultipleChoiceField(
        label=_("General provisions offered first"), queryset=GeneralProvision.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Free provisions without a decision, offered before a customised provision is considered."))
    kind = forms.ChoiceField(label=_("Kind of decision"), choices=DecisionKind.choices)
    urgent = forms.BooleanField(label=_("Urgent: temporary support at once"), required=False,
                                help_text=_("Wmo 2015 art. 2.3.3: in an urgent case support starts without waiting "
                                            "for the investigation."))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DecisionOutcome.choices)
    delivery = forms.ChoiceField(label=_("Form"), choices=Delivery.choices, initial=Delivery.IN_KIND)
    provider_agb = forms.RegexField(label=_("Care provider (AGB code)"), regex=r"^\d{8}$", required=False,
                                    help_text=_("For Wmo support in kind: eight digits."),
                                    error_messages={"invalid": _("An AGB code has eight digits.")})
    application_on = forms.DateField(label=_("Application received on"), widget=DateInput,
                                     help_text=_("The decision clock starts the day after."))
    start_on = forms.DateField(label=_("Start date"), widget=DateInput)
    end_on = forms.DateField(label=_("End date"), widget=DateInput, required=False)
    reasoning = forms.CharField(label=_("Reasoning"), widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=_("Why this decision: the resident's situation, own strength and "
                                            "general provisions considered (Awb 3:46)."),
                                error_messages={"required": _("Explain why: a decision must be reasoned.")})
    legal_ground = forms.CharField(label=_("Legal ground"), max_length=255,
                                   error_messages={"required": _("Name the legal ground.")})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["general_provisions"].queryset = GeneralProvision.objects.filter(active=True)
        today = timezone.localdate()
        self.fields["application_on"].initial = today
        self.fields["start_on"].initial = today

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start_on"), data.get("end_on")
        if start and end and end < start:
            self.add_error("end_on", _("The end date lies before the start date."))
        application_on = data.get("application_on")
        if application_on and application_on > timezone.localdate():
            self.add_error("application_on", _("This date lies in the future."))
        return data

    def decision_input(self, lines: tuple[LineInput, ...], *, urgent: bool = False) -> DecisionInput:
        d = self.cleaned_data
        return DecisionInput(kind=d["kind"], outcome=d["outcome"], delivery=d["delivery"], start_on=d["start_on"],
                             end_on=d["end_on"], application_on=d["application_on"], reasoning=d["reasoning"],
                             legal_ground=d["legal_ground"], urgent=urgent or d["urgent"], provider_agb=d["provider_agb"],
                             lines=lines, general_provisions=tuple(d["general_provisions"]))


class LineForm(StyledFormMixin, forms.Form):
    """One provision of the decision with its volume."""

    provision = forms.ModelChoiceField(label=_("Provision"), queryset=Provision.objects.none(),
                                       error_messages={"required": _("Choose a provision."),
                                                       "invalid_choice": _("Choose a provision from the list.")})
    volume = forms.DecimalField(label=_("Volume"), min_value=decimal.Decimal("0.01"), max_digits=10,
                                decimal_places=2,
                                help_text=_("In the provision's unit: hours per week, pieces or euros."),
                                error_messages={"required": _("Fill in the volume."),
                                                "invalid": _("Fill in a number, for example 3 or 2.5."),
                                                "min_value": _("The volume must be more than 0.")})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provision"].queryset = Provision.objects.filter(active=True).order_by("kind", "name")

    def clean(self) -> dict:
        data = super().clean()
        provision, volume = data.get("provision"), data.get("volume")
        most = WEEK_MOST.get(provision.unit) if provision is not None else None
        if most is not None and volume is not None and volume > most[0]:
            self.add_error("volume", most[1])
        return data


# A weekly volume beyond what a week holds is a typing error (and its cost would not fit the register).
WEEK_MOST = {
    Unit.HOURS_PER_WEEK: (decimal.Decimal(168), _("A week has 168 hours.")),
    Unit.DAYPARTS_PER_WEEK: (decimal.Decimal(21), _("A week has 21 day parts.")),
}


class BaseLineFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_few_forms": _("Choose at least one provision."),
        "too_many_forms": _("At most three provisions in one decision."),
    }

    def clean(self) -> None:
        seen = set()
        for form in self.forms:
            provision = form.cleaned_data.get("provision") if hasattr(form, "cleaned_data") else None
            if provision is not None and provision.pk in seen:
                form.add_error("provision", _("This provision is already in the decision."))
            if provision is not None:
                seen.add(provision.pk)


# The first row is required; two more may be filled in.
LineFormSet = forms.formset_factory(LineForm, formset=BaseLineFormSet, extra=2, min_num=1, validate_min=True,
                                    max_num=3, validate_max=True)


def line_formset(data=None, initial: list[dict] | None = None) -> BaseLineFormSet:
    return LineFormSet(data, initial=initial, prefix="lines")


def decision_lines(form: DecisionForm, formset: BaseLineFormSet) -> tuple[LineInput, ...] | None:
    """The lines when the decision form and every line are valid together (each provision
    belongs to the chosen kind and has a price on the start date); else None, with the errors
    next to the fields."""
    if not (form.is_valid() & formset.is_valid()):
        return None
    kind, start = form.cleaned_data["kind"], form.cleaned_data["start_on"]
    lines = []
    for line in formset.forms:
        provision = line.cleaned_data.get("provision")
        if provision is None:
            continue
        if provision.kind != kind:
            line.add_error("provision", _("This provision does not belong to the chosen kind of decision."))
        elif provision.price_on(start) is None:
            line.add_error("provision", _("The catalogue has no price for this provision on this date."))
        else:
            lines.append(LineInput(provision=provision, volume=line.cleaned_data["volume"]))
    if any(line.errors for line in formset.forms):
        return None
    return tuple(lines)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ObjectionForm(StyledFormMixin, forms.Form):
    received_on = forms.DateField(label=_("Objection received on"), widget=DateInput,
                                  error_messages={"required": _("Fill in the date the objection arrived."),
                                                  "invalid": _("Fill in a valid date.")})
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": _("Summarise why the resident objects.")})
    advisory_committee = forms.BooleanField(label=_("An advisory committee hears it (12 weeks)"), required=False)

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("This date lies in the future."))
        return value


class ObjectionDecideForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Decision on the objection"), choices=ObjectionOutcome.choices)


class TermForm(StyledFormMixin, forms.Form):
    extension_weeks = forms.IntegerField(label=_("Extension (weeks, Awb 4:14)"), min_value=0, max_value=26,
                                         help_text=_("Only with notice to the applicant, stating the new date."),
                                         error_messages={"invalid": _("Fill in a whole number of weeks."),
                                                         "max_value": _("At most 26 weeks."),
                                                         "min_value": _("Not less than 0.")})
    suspended_days = forms.IntegerField(label=_("Suspended (days, Awb 4:15)"), min_value=0, max_value=365,
                                        help_text=_("Days the applicant took to complete the application."),
                                        error_messages={"invalid": _("Fill in a whole number of days."),
                                                        "max_value": _("At most 365 days."),
                                                        "min_value": _("Not less than 0.")})
    version = forms.IntegerField(widget=forms.HiddenInput)


class ClockDateForm(StyledFormMixin, forms.Form):
    """The date of an event of a legal clock, recorded on the request page."""

    LABELS = {
        "receipt": _("Receipt confirmed on"),
        "report": _("Investigation report (verslag) sent on"),
        "application": _("Application (aanvraag) received on"),
        "debt_conversation": _("First debt-help conversation held on"),
    }

    on = forms.DateField(label=_("Date"), widget=DateInput,
                         error_messages={"required": _("Fill in the date."), "invalid": _("Fill in a valid date.")})
    client_support = forms.BooleanField(
        label=_("The resident was pointed to free, independent client support (cliëntondersteuning)"),
        required=False)

    def __init__(self, *args, step: str, **kwargs) -> None:
        kwargs.setdefault("prefix", step)
        super().__init__(*args, **kwargs)
        self.step = step
        self.fields["on"].label = self.LABELS[step]
        if step != "receipt":
            del self.fields["client_support"]

    def clean_on(self):
        value = self.cleaned_data["on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("This date lies in the future."))
        return value

    def clean_client_support(self):
        if not self.cleaned_data["client_support"]:
            raise forms.ValidationError(_("Confirm that the resident was pointed to client support (Wmo 2015 art. "
                                          "2.3.2): the receipt confirmation must say so."))
        return True
