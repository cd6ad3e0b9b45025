from __future__ import annotations

import datetime
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from toegang.forms import DateInput, DateTimeInput, StyledFormMixin

from .models import (
    Arrears,
    Channel,
    Conversation,
    ConversationOutcome,
    HelpRequest,
    LifeDomain,
    Relation,
    Resident,
    SelfReliance,
    SettledBy,
    Threat,
    Urgency,
)
from .selectors import surname_variants
from .validators import normalise_bsn, normalise_postcode, validate_bsn, validate_postcode


def _not_in_future(value: datetime.date) -> None:
    if value > timezone.localdate():
        raise forms.ValidationError(_("This date lies in the future."))


# Nobody registered is older; a date of birth further back is a typing error in the year.
OLDEST_AGE_YEARS = 125
# A first contact registered more than a year after the fact is a typing error in the year: it
# would start the legal terms and the home-visit promise long ago.
FIRST_CONTACT_RANGE = datetime.timedelta(days=366)


def _plausible_birth_date(value: datetime.date) -> None:
    _not_in_future(value)
    if value.year < timezone.localdate().year - OLDEST_AGE_YEARS:
        raise forms.ValidationError(_("This date of birth lies more than %(years)d years back: check the year.")
                                    % {"years": OLDEST_AGE_YEARS})


class ResidentSearchForm(StyledFormMixin, forms.Form):
    """Find an existing resident before creating one: by BSN, by surname and date of birth, or by
    address (postcode and house number)."""

    bsn = forms.CharField(label=_("BSN"), required=False, max_length=11)
    surname = forms.CharField(label=_("Surname"), required=False, max_length=120)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=7)
    house_number = forms.CharField(label=_("House number"), required=False, max_length=12)

    def clean_bsn(self) -> str:
        value = self.cleaned_data["bsn"]
        if value:
            validate_bsn(value)
            return normalise_bsn(value)
        return ""

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        if value:
            validate_postcode(value)
            return normalise_postcode(value)
        return ""

    def clean(self) -> dict:
        data = super().clean()
        complete = (
            data.get("bsn")
            or (data.get("surname") and data.get("date_of_birth"))
            or (data.get("postcode") and data.get("house_number"))
        )
        if not self.errors and not complete:
            raise forms.ValidationError(
                _("Search by BSN, by surname and date of birth, or by postcode and house number."))
        return data


RESTRICTED_MATCH = _("A resident with these details is registered, but processing their data is restricted "
                     "(AVG art. 18). If this is that person, ask the functional administrator; do not register "
                     "them again.")


class ResidentForm(StyledFormMixin, forms.ModelForm):
    street = forms.CharField(label=_("Street"), max_length=120)
    house_number = forms.CharField(label=_("House number"), max_length=12)
    postcode = forms.CharField(label=_("Postcode"), max_length=7,
                               help_text=_("Four digits and two letters, for example 8441 AB."))
    city = forms.CharField(label=_("Town"), max_length=80)
    relation = forms.ChoiceField(label=_("Place in the household"), choices=Relation.choices,
                                 initial=Relation.HEAD)
    not_a_duplicate = forms.BooleanField(
        label=_("I checked: this is a different person from the resident found above"), required=False)

    class Meta:
        model = Resident
        fields = ["bsn", "first_names", "surname_prefix", "surname", "date_of_birth", "phone", "email"]
        widgets = {"date_of_birth": DateInput}
        error_messages = {"bsn": {"unique": _("A resident with this BSN is already registered. "
                                              "Search for them instead of registering them again.")}}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.duplicate: Resident | None = None

    def clean_bsn(self) -> str | None:
        value = self.cleaned_data.get("bsn")
        value = normalise_bsn(value) if value else None
        if value and Resident.objects.restricted().filter(bsn=value).exists():
            # The search above does not find them, so "search for them" would send the worker in
            # circles; a second record would escape the restriction.
            raise forms.ValidationError(RESTRICTED_MATCH, code="restricted")
        return value

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        validate_postcode(value)
        return normalise_postcode(value)

    def clean_date_of_birth(self) -> datetime.date:
        value = self.cleaned_data["date_of_birth"]
        _plausible_birth_date(value)
        return value

    def clean(self) -> dict:
        data = super().clean()
        surname, born = data.get("surname"), data.get("date_of_birth")
        if surname and born and not data.get("not_a_duplicate"):
            # Same surname and birth date is how intake staff recognise a person without a BSN.
            matches = (Resident.objects.annotate(lower_surname=Lower("surname"))
                       .filter(lower_surname__in=surname_variants(surname), date_of_birth=born))
            # A restricted resident's record is not shown, not even its name (AVG art. 18).
            self.duplicate = matches.unrestricted().first()
            if self.duplicate is not None:
                self.add_error("not_a_duplicate", _(
                    "A resident with this surname and date of birth is already registered. "
                    "Use that record, or confirm that this is a different person."))
            elif matches.exists():
                self.add_error("not_a_duplicate", _(
                    "%(restricted)s If this is a different person, confirm it.") % {"restricted": RESTRICTED_MATCH})
        return data


class HelpRequestForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = HelpRequest
        fields = ["channel", "first_contact_on", "urgency", "life_domains", "question", "wmo_melding",
                  "debt_help_question", "debt_threat"]
        widgets = {
            "first_contact_on": DateInput,
            "life_domains": forms.CheckboxSelectMultiple,
            "question": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["life_domains"].queryset = LifeDomain.objects.filter(active=True)
        self.fields["channel"].choices = [c for c in Channel.choices if c[0] != Channel.WEB_FORM]
        self.fields["first_contact_on"].initial = timezone.localdate
        self.fields["urgency"].initial = Urgency.NORMAL

    def clean_first_contact_on(self) -> datetime.date:
        value = self.cleaned_data["first_contact_on"]
        _not_in_future(value)
        if value < timezone.localdate() - FIRST_CONTACT_RANGE:
            raise forms.ValidationError(_("The first contact lies more than a year back: check the year."))
        return value

    def clean(self) -> dict:
        return _debt_threat_needs_question(self, super().clean())


def _debt_threat_needs_question(form: forms.Form, data: dict) -> dict:
    if data.get("debt_threat") and not data.get("debt_help_question"):
        form.add_error("debt_help_question", _(
            "A threatened eviction, cut-off or cancelled health insurance is a question for debt help: tick it too."))
    return data


class RequestCorrectionForm(StyledFormMixin, forms.ModelForm):
    """Correct what was registered: the question, its urgency and life domains, whether it is a
    Wmo melding (which decides whether the six-week investigation term runs) and whether it asks
    for debt help (the first debt-help conversation's term). Who asked and
    when stay as registered. `seen` is the version the worker started from (the request's last
    save), so a colleague's correction in between is not overwritten."""

    seen = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = HelpRequest
        fields = ["question", "urgency", "life_domains", "wmo_melding", "debt_help_question", "debt_threat"]
        widgets = {"life_domains": forms.CheckboxSelectMultiple, "question": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "correct_%s")
        super().__init__(*args, **kwargs)
        # A domain retired since registration stays on offer, so a correction does not drop it.
        self.fields["life_domains"].queryset = LifeDomain.objects.filter(
            Q(active=True) | Q(pk__in=self.instance.life_domains.all()))
        if not self.is_bound:
            self.initial["seen"] = self.instance.updated_at.isoformat()

    def clean(self) -> dict:
        return _debt_threat_needs_question(self, super().clean())

    def _post_clean(self) -> None:
        # Validate the fields only: the service writes the request (a ModelForm would set the
        # values on the instance here, and the page shows that instance as registered).
        pass


class SettleForm(StyledFormMixin, forms.Form):
    settled_by = forms.ChoiceField(label=_("Settled with"), choices=SettledBy.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(StyledFormMixin, forms.Form):
    worker = forms.ModelChoiceField(label=_("Meitinker"), queryset=User.objects.none())
    visit_planned_at = forms.DateTimeField(label=_("Home visit planned at"), required=False,
                                           widget=DateTimeInput)
    # Who was assigned when the page loaded (empty: nobody yet), so two people triaging the same
    # request do not overwrite each other.
    expected_worker = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, help_request: HelpRequest, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        workers = User.objects.filter(role="worker", is_active=True).order_by("first_name", "last_name")
        if help_request.zone_id:
            # Workers of the resident's zone first; colleagues elsewhere can stand in.
            in_zone = workers.filter(zones=help_request.zone_id)
            self.fields["worker"].queryset = in_zone if in_zone.exists() else workers
        else:
            self.fields["worker"].queryset = workers

    def clean_visit_planned_at(self) -> datetime.datetime | None:
        """A home visit is planned around now: a date years away is a typing error (and one near
        year 1 cannot even be stored once converted to UTC)."""
        value = self.cleaned_data["visit_planned_at"]
        if value is not None and abs(value - timezone.now()) > VISIT_PLANNING_RANGE:
            raise forms.ValidationError(_("Plan the visit within a year from today."))
        return value


VISIT_PLANNING_RANGE = datetime.timedelta(days=366)


class LinkResidentForm(forms.Form):
    resident = forms.IntegerField(widget=forms.HiddenInput)


class MoveForm(StyledFormMixin, forms.Form):
    street = forms.CharField(label=_("Street"), max_length=120)
    house_number = forms.CharField(label=_("House number"), max_length=12)
    postcode = forms.CharField(label=_("Postcode"), max_length=7)
    city = forms.CharField(label=_("Town"), max_length=80)
    relation = forms.ChoiceField(label=_("Place in the new household"), choices=Relation.choices)
    on = forms.DateField(label=_("Moved on"), widget=DateInput, initial=timezone.localdate)

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        validate_postcode(value)
        return normalise_postcode(value)

    def clean_on(self) -> datetime.date:
        # The move changes at once who sees the household: a move still to come is recorded
        # when it has happened.
        value = self.cleaned_data["on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Record a move once it has happened: the date lies in the future."))
        return value


class ConversationForm(StyledFormMixin, forms.ModelForm):
    """The kitchen-table conversation. Every field is optional while drafting (autosave stores
    whatever was typed); finishing requires an outcome and a score for each discussed domain."""

    arrears = forms.MultipleChoiceField(label=_("Arrears in"), choices=Arrears.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple)
    threats = forms.MultipleChoiceField(label=_("Threatens"), choices=Threat.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple)
    version = forms.IntegerField(widget=forms.HiddenInput)
    editor = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)

    class Meta:
        model = Conversation
        fields = ["held_on", "present_residents", "others_present", "own_strength", "network",
                  "general_provisions_considered", "arrears", "threats", "debt_note", "outcome", "outcome_note"]
        widgets = {
            "held_on": DateInput,
            "present_residents": forms.CheckboxSelectMultiple,
            "own_strength": forms.Textarea(attrs={"rows": 3}),
            "network": forms.Textarea(attrs={"rows": 3}),
            "general_provisions_considered": forms.Textarea(attrs={"rows": 3}),
            "debt_note": forms.Textarea(attrs={"rows": 2}),
            "outcome": forms.RadioSelect,
            "outcome_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, members, scores, finishing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.finishing = finishing
        self.fields["present_residents"].queryset = members
        self.fields["outcome"].choices = ConversationOutcome.choices
        self.fields["outcome"].required = finishing
        self.fields["held_on"].required = True
        self.score_rows = list(scores)
        for row in self.score_rows:
            self.fields[f"score_{row.domain_id}"] = forms.TypedChoiceField(
                label=row.domain.name, choices=[("", "—"), *SelfReliance.choices], coerce=int,
                empty_value=None, required=False, initial=row.score,
            )
            self.fields[f"note_{row.domain_id}"] = forms.CharField(
                label=_("Note on %(domain)s") % {"domain": row.domain.name}, max_length=500,
                required=False, initial=row.note,
            )
        if not self.is_bound:
            self.initial["version"] = self.instance.version
            self.initial["editor"] = uuid.uuid4().hex
        for name, field in self.fields.items():
            if name.startswith(("score_", "note_")):
                field.widget.attrs["class"] = ("utrecht-select utrecht-select--html-select" if name.startswith("score_")
                                               else "utrecht-textbox utrecht-textbox--html-input")

    def clean_held_on(self) -> datetime.date:
        value = self.cleaned_data["held_on"]
        _not_in_future(value)
        # The conversation answers the request: dated before it, the debt-help term it may start
        # would run from before the question was asked.
        first_contact_on = self.instance.help_request.first_contact_on
        if value < first_contact_on:
            raise forms.ValidationError(_("The conversation cannot be held before the first contact (%(day)s).")
                                        % {"day": first_contact_on.strftime("%d-%m-%Y")})
        return value

    def score_fields(self):
        return [(row, self[f"score_{row.domain_id}"], self[f"note_{row.domain_id}"]) for row in self.score_rows]

    def scores(self) -> dict[int, tuple[int | None, str]]:
        return {row.domain_id: (self.cleaned_data.get(f"score_{row.domain_id}"),
                                self.cleaned_data.get(f"note_{row.domain_id}", ""))
                for row in self.score_rows}


class PublicRequestForm(StyledFormMixin, forms.Form):
    """The public web form. Spam protection without third parties: a hidden honeypot field that
    people never fill in, and a signed timestamp so a form posted faster than a person can type
    (or replayed much later) is refused."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    postcode = forms.CharField(label=_("Postcode"), max_length=7,
                               help_text=_("So your question reaches the team in your area."))
    house_number = forms.CharField(label=_("House number"), max_length=12)
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    life_domains = forms.ModelMultipleChoiceField(
        label=_("What is your question about?"), queryset=LifeDomain.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)
    question = forms.CharField(label=_("Your question"), widget=forms.Textarea(attrs={"rows": 5}),
                               max_length=4000)
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput)

    SALT = "intake.public-form"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["life_domains"].queryset = LifeDomain.objects.filter(active=True)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.initial["started"] = signing.dumps(timezone.now().timestamp(), salt=self.SALT)

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        validate_postcode(value)
        return normalise_postcode(value)

    def clean_date_of_birth(self) -> datetime.date | None:
        value = self.cleaned_data["date_of_birth"]
        if value is not None:
            _plausible_birth_date(value)
        return value

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("phone") and not data.get("email"):
            self.add_error("phone", _("Give a phone number or an e-mail address so we can reach you."))
        if data.get("website"):
            raise forms.ValidationError(_("Your request could not be sent. Please call us instead."),
                                        code="spam")
        try:
            started = signing.loads(data.get("started", ""), salt=self.SALT, max_age=24 * 60 * 60)
        except signing.BadSignature:
            raise forms.ValidationError(_("This form has expired. Please send it again."), code="expired") from None
        if timezone.now().timestamp() - float(started) < settings.PUBLIC_FORM_MIN_SECONDS:
            raise forms.ValidationError(_("Your request could not be sent. Please call us instead."), code="spam")
        return data
