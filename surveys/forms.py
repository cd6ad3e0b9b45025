from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from toegang.forms import StyledFormMixin

from .models import Score, Statement
from .services import CODE_ALPHABET, CODE_LENGTH, normalise_code

DONT_KNOW = "0"


class SurveyForm(StyledFormMixin, forms.Form):
    """One radio group per active statement (a fieldset with the statement as legend), plus an
    optional remark. Every statement needs an answer, "don't know" included, so that a skipped
    question is a mistake we can point at rather than a silent gap."""

    remark = forms.CharField(
        label=_("Anything else you would like to tell us?"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. Please do not write names or other personal details."))

    def __init__(self, *args, statements: list[Statement], **kwargs) -> None:
        self.statements = statements
        super().__init__(*args, **kwargs)
        choices = [(str(value), label) for value, label in Score.choices] + [(DONT_KNOW, _("Don't know / not applicable"))]
        fields = {}
        for statement in statements:
            fields[self.field_name(statement)] = forms.ChoiceField(
                label=statement.text, choices=choices, widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer for this statement.")})
        # The statements come first, the remark last.
        self.fields = {**fields, "remark": self.fields["remark"]}
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs.pop("class", None)

    @staticmethod
    def field_name(statement: Statement) -> str:
        return f"statement_{statement.pk}"

    def scores(self) -> dict[int, int | None]:
        return {s.pk: (int(v) if (v := self.cleaned_data[self.field_name(s)]) != DONT_KNOW else None)
                for s in self.statements}


class CodeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code from your letter"), max_length=20,
        help_text=_("Eight letters and digits, for example ABCD-2345. Dashes and spaces do not matter."),
        error_messages={"required": _("Enter the code from your letter.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}))

    @staticmethod
    def unknown_code_message() -> str:
        return _("We cannot find this code. Please check it against your letter.")

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
            raise forms.ValidationError(
                _("A code has eight letters and digits, for example ABCD-2345. Please check what you typed."),
                code="format")
        return code
