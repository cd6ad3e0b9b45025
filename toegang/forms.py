"""Form rendering in NL Design System (Utrecht) classes, shared by every app's forms."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

# Option lists (RadioSelect, CheckboxSelectMultiple) get no class: Django puts widget attrs on
# the list's wrapper as well as on each input, and the options keep the browser's native,
# well-sized controls. Order matters: RadioSelect is a Select subclass.
_WIDGET_CLASSES = [
    (forms.RadioSelect, ""),
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input"),
]


# C0 controls except tab, newline and carriage return, DEL, C1 controls, and the two
# non-characters U+FFFE/U+FFFF: none is typed on purpose, and XML 1.0 forbids them, so one such
# character in a name would break the iWmo message and the PDF letters made from it later.
# (NUL is refused already by Django's own ProhibitNullCharactersValidator on every CharField.)
_CONTROL_CHARACTERS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def reject_control_characters(value: str) -> None:
    if isinstance(value, str) and _CONTROL_CHARACTERS.search(value):
        raise ValidationError(_("Remove the invisible control characters from this text (they are often "
                                "copied along from another program)."), code="control_characters")


class StyledFormMixin:
    """Adds the Utrecht component classes to each widget; the field template in
    templates/django/forms/field.html adds the form-field wrapper, label, help and error.
    Free-text fields also refuse control characters (see reject_control_characters)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Passwords are compared, never stored or shown: leave them as typed.
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
                field.validators = [*field.validators, reject_control_characters]
                # A max_length set after the field was built (AuthenticationForm does this for the
                # username) has no validator: a 100 000-character name then reached django-axes,
                # whose 255-character column made the login page answer 500.
                if field.max_length is not None and not any(
                        isinstance(v, MaxLengthValidator) for v in field.validators):
                    field.validators.append(MaxLengthValidator(field.max_length))
            widget = field.widget
            css = next((c for cls, c in _WIDGET_CLASSES if isinstance(widget, cls)),
                       "utrecht-textbox utrecht-textbox--html-input")
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def show_loaded_choices(field: forms.ModelChoiceField, objects) -> None:
    """Render a model choice field from objects the page has already loaded (no second query for
    the same list); what comes back is still validated against the field's queryset."""
    choices = [(obj.pk, field.label_from_instance(obj)) for obj in objects]
    if field.empty_label is not None:
        choices.insert(0, ("", field.empty_label))
    field.widget.choices = choices
