from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from intake.models import LifeDomain, SelfReliance
from partners.models import Organisation
from toegang.forms import DateInput, StyledFormMixin, show_loaded_choices
from toegang.http import parse_id

from .documents import DocumentRejected, check_document
from .models import (
    ActionStatus,
    Actor,
    Case,
    CaseOutcome,
    CaseType,
    FollowUpResult,
    Goal,
    GoalResult,
    SharedPart,
    Worked,
)

CHOOSE = _("- choose -")


class PrefixedIdsMixin:
    """Several forms share the case page: each gets its own id prefix (ids stay unique, the
    posted field names stay plain). No HTML `required`: the forms are validated on the server with
    Dutch messages next to the field, and the browser's :invalid styling would mark every empty
    required field red before anything was typed."""

    id_prefix = "id"
    use_required_attribute = False

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class VersionedForm(PrefixedIdsMixin, StyledFormMixin, forms.Form):
    """Every plan edit carries the version it started from (compare-and-swap)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class OpenCaseForm(StyledFormMixin, forms.Form):
    case_type = forms.ModelChoiceField(label=_("Case type"), queryset=CaseType.objects.filter(active=True),
                                       empty_label=None)


class SummaryForm(VersionedForm):
    id_prefix = "summary"
    summary = forms.CharField(label=_("What the household wants to achieve"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False, help_text=_("In the resident's own words."))


class GoalForm(VersionedForm):
    id_prefix = "goal"
    domain = forms.ModelChoiceField(empty_label=CHOOSE, label=_("Life domain"), queryset=LifeDomain.objects.filter(active=True))
    text = forms.CharField(label=_("Goal in the resident's own words"), widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=2000, error_messages={"required": _("Write the goal down.")})


def active_workers():
    """The meitinkers a plan's action or direction can go to, in the order the selects show."""
    return User.objects.filter(role=Role.WORKER, is_active=True).order_by("first_name", "last_name", "pk")


class ActionForm(VersionedForm):
    id_prefix = "action"
    description = forms.CharField(label=_("What"), max_length=500,
                                  error_messages={"required": _("Say what will be done.")})
    goal = forms.ModelChoiceField(empty_label=CHOOSE, label=_("For goal"), queryset=Goal.objects.none(), required=False)
    actor = forms.ChoiceField(label=_("Who"), choices=Actor.choices)
    organisation = forms.ModelChoiceField(empty_label=CHOOSE, label=_("Partner organisation"), queryset=Organisation.objects.all(),
                                          required=False, help_text=_("When a partner organisation does it."))
    worker = forms.ModelChoiceField(empty_label=CHOOSE, label=_("Worker"), required=False, queryset=User.objects.none(),
                                    help_text=_("When a named worker does it."))
    due_on = forms.DateField(label=_("By"), widget=DateInput,
                             error_messages={"required": _("Give a date."), "invalid": _("Give a valid date.")})

    def __init__(self, *args, case, goals=None, organisations=None, workers=None, **kwargs) -> None:
        """`goals`, `organisations` and `workers` (active_workers()): the lists the plan page has
        loaded already."""
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["goal"].queryset = Goal.objects.filter(case=case).select_related("domain")
        self.fields["goal"].label_from_instance = lambda g: f"{g.domain.name}: {g.text[:60]}"
        self.fields["worker"].queryset = active_workers()
        if goals is not None:
            show_loaded_choices(self.fields["goal"], goals)
        if organisations is not None:
            show_loaded_choices(self.fields["organisation"], organisations)
        if workers is not None:
            show_loaded_choices(self.fields["worker"], workers)

    def clean(self) -> dict:
        data = super().clean()
        actor = data.get("actor")
        if actor == Actor.PARTNER and not data.get("organisation"):
            self.add_error("organisation", _("Choose the partner organisation that does this."))
        if actor == Actor.WORKER and not data.get("worker"):
            self.add_error("worker", _("Choose the worker who does this."))
        elif actor == Actor.WORKER and not Case.objects.visible_to(data["worker"]).filter(pk=self.case.pk).exists():
            # Their task would name the household and link to a plan they may not open.
            self.add_error("worker", _("This worker may not see this plan: choose a worker of the household's "
                                       "zone or the case director's team, or make them case director."))
        due_on = data.get("due_on")
        if due_on and due_on < timezone.localdate() - datetime.timedelta(days=365):
            self.add_error("due_on", _("This date lies more than a year in the past."))
        return data


class ActionStatusForm(VersionedForm):
    id_prefix = "status"
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class ComplexForm(VersionedForm):
    id_prefix = "complex"
    complex_case = forms.TypedChoiceField(
        label=_("Is this a complex case?"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("Yes: several life domains and several organisations")), ("no", _("No"))])


class ReassignForm(VersionedForm):
    id_prefix = "reassign"
    director = forms.ModelChoiceField(empty_label=CHOOSE, label=_("New case director"), queryset=User.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)

    def __init__(self, *args, case, workers=None, **kwargs) -> None:
        """The director's team's meitinkers; `workers` (active_workers()): the list the plan page
        has loaded already."""
        super().__init__(*args, **kwargs)
        team_id = case.director.team_id
        self.fields["director"].queryset = active_workers().filter(team_id=team_id)
        if workers is not None:
            show_loaded_choices(self.fields["director"], [w for w in workers if w.team_id == team_id])


class EvaluationForm(VersionedForm):
    """One result per goal and one score per domain of the plan, plus the conclusions."""

    id_prefix = "evaluation"
    held_on = forms.DateField(label=_("Held on"), widget=DateInput,
                              error_messages={"required": _("Give a date."), "invalid": _("Give a valid date.")})
    note = forms.CharField(label=_("Conclusions"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, goals: list[Goal], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals
        domains = {}
        for goal in goals:
            self.fields[f"goal_{goal.pk}"] = forms.ChoiceField(
                label=f"{goal.domain.name}: {goal.text}", choices=[("", CHOOSE), *GoalResult.choices],
                error_messages={"required": _("Say whether this goal was reached.")})
            domains.setdefault(goal.domain_id, goal.domain)
        self.domains = list(domains.values())
        for domain in self.domains:
            self.fields[f"score_{domain.pk}"] = forms.TypedChoiceField(
                label=_("Self-reliance now: %(domain)s") % {"domain": domain.name}, coerce=int,
                choices=[("", CHOOSE), *SelfReliance.choices], error_messages={"required": _("Score this domain.")})
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "utrecht-select utrecht-select--html-select"

    def clean_held_on(self) -> datetime.date:
        value = self.cleaned_data["held_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("This date lies in the future."))
        return value

    def goal_results(self) -> dict[int, str]:
        return {goal.pk: self.cleaned_data[f"goal_{goal.pk}"] for goal in self.goals}

    def scores(self) -> dict[int, int]:
        return {domain.pk: self.cleaned_data[f"score_{domain.pk}"] for domain in self.domains}


class FeedbackForm(PrefixedIdsMixin, StyledFormMixin, forms.Form):
    id_prefix = "feedback"
    worked = forms.ChoiceField(label=_("Did your part work?"), choices=Worked.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("Say whether it worked.")})
    text = forms.CharField(label=_("Feedback"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                           error_messages={"required": _("Write your feedback.")})


class CloseForm(VersionedForm):
    id_prefix = "close"
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", CHOOSE), *CaseOutcome.choices],
                                error_messages={"required": _("Choose the outcome.")})
    reason = forms.CharField(label=_("Reason for closing"), widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Give the reason for closing.")})
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput,
                                error_messages={"required": _("Give a date."), "invalid": _("Give a valid date.")})

    def __init__(self, *args, case: Case | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.case = case

    def clean_closed_on(self) -> datetime.date:
        value = self.cleaned_data["closed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("This date lies in the future."))
        # The follow-ups are counted from this day: before the opening they would be due at once.
        if self.case is not None and value < self.case.opened_on:
            raise forms.ValidationError(_("The plan was opened on %(day)s: it cannot close before that.")
                                        % {"day": self.case.opened_on.strftime("%d-%m-%Y")})
        return value


class FollowUpForm(StyledFormMixin, forms.Form):
    use_required_attribute = False
    result = forms.ChoiceField(label=_("How is it going?"), choices=FollowUpResult.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("Choose how it is going.")})
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ConsentForm(PrefixedIdsMixin, StyledFormMixin, forms.Form):
    id_prefix = "consent"
    organisation = forms.ModelChoiceField(empty_label=CHOOSE, label=_("Partner organisation"), queryset=Organisation.objects.all(),
                                          error_messages={"required": _("Choose the partner organisation.")})
    parts = forms.MultipleChoiceField(label=_("Parts to share"), choices=SharedPart.choices,
                                      widget=forms.CheckboxSelectMultiple,
                                      error_messages={"required": _("Choose at least one part to share.")})
    valid_until = forms.DateField(label=_("Until"), widget=DateInput,
                                  error_messages={"required": _("Give a date."), "invalid": _("Give a valid date.")})
    # The consents in force when the form was shown (ids, comma-separated): one recorded since
    # for the same partner is not replaced unseen (services.consent_record).
    seen = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args, organisations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            show_loaded_choices(self.fields["organisation"], organisations)

    @staticmethod
    def seen_value(consents) -> str:
        return ",".join(str(c.pk) for c in consents if c.withdrawn_at is None)

    def clean_seen(self) -> set[int]:
        # Ids only: anything else (a tampered field) counts as nothing seen, which only stops a replacement.
        return {pk for pk in map(parse_id, self.cleaned_data["seen"].split(",")) if pk is not None}

    def clean_valid_until(self) -> datetime.date:
        value = self.cleaned_data["valid_until"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("This date lies in the past."))
        return value


class DocumentForm(PrefixedIdsMixin, StyledFormMixin, forms.Form):
    """A document for the case file. Its type is decided by its content, not its name."""

    id_prefix = "document"
    file = forms.FileField(label=_("File"), max_length=255, allow_empty_file=False,
                           help_text=_("PDF, PNG, JPEG, plain text, Word (DOCX) or OpenDocument text (ODT); "
                                       "at most %(size)s MB."))
    description = forms.CharField(label=_("Description"), max_length=300,
                                  help_text=_("For example: signed plan, letter from a creditor, medical statement."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.help_text = field.help_text % {"size": settings.CASE_DOCUMENT_MAX_BYTES // (1024 * 1024)}
        # A hint for the file picker only; the content check below is what counts.
        field.widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg,.txt,.docx,.odt"

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        limit = settings.CASE_DOCUMENT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large: at most %(size)s MB."), code="too_large",
                params={"size": limit // (1024 * 1024)})
        try:
            self.checked = check_document(upload)
        except DocumentRejected as rejected:
            if rejected.code == "extension":
                raise forms.ValidationError(
                    _("The file name's extension does not match its content. Save the file with the right "
                      "extension and upload it again."), code="extension") from None
            raise forms.ValidationError(
                _("This type of file cannot be added. Upload a PDF, PNG, JPEG, plain text, DOCX or ODT file."),
                code="type") from None
        return upload
