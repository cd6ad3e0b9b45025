from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from toegang.forms import StyledFormMixin

from .services import BACKUP_CODE_DIGITS, TOTP_DIGITS


class LoginForm(StyledFormMixin, AuthenticationForm):
    pass


def _code_field(label: str, help_text: str, pattern: str, message: str) -> forms.CharField:
    return forms.CharField(
        label=label, help_text=help_text, max_length=16,
        validators=[RegexValidator(pattern, message)],
        # autocomplete lets phones offer the code from the authenticator; numeric keypad on tablets.
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "pattern": "[0-9 ]*", "spellcheck": "false", "autofocus": True}),
    )


class _CodeForm(StyledFormMixin, forms.Form):
    def clean_token(self) -> str:
        # People copy codes with spaces ("123 456"); they are not part of the code.
        return self.cleaned_data["token"].replace(" ", "")


class VerifyForm(_CodeForm):
    token = _code_field(
        _("Code"),
        _("The 6-digit code from your authenticator app, or one of your 10-digit backup codes."),
        rf"^\s*(\d\s*){{{TOTP_DIGITS}}}$|^\s*(\d\s*){{{BACKUP_CODE_DIGITS}}}$",
        _("Enter the 6 digits from your authenticator app or a 10-digit backup code."),
    )


class EnrolForm(_CodeForm):
    token = _code_field(
        _("Code"),
        _("The 6-digit code your authenticator app shows now."),
        rf"^\s*(\d\s*){{{TOTP_DIGITS}}}$",
        _("Enter the 6 digits your authenticator app shows."),
    )


class PasskeyNameForm(StyledFormMixin, forms.Form):
    """A passkey's name, to tell a tablet's from a phone's; `expected_name` is the name the page
    showed, so a rename in another tab is not overwritten."""

    name = forms.CharField(label=_("Name"), max_length=64,
                           error_messages={"required": _("Give the passkey a name."),
                                           "max_length": _("Use at most %(limit_value)d characters.")})
    expected_name = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)
