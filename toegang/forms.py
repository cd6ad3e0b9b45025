"""Form rendering in NL Design System (Utrecht) classes, shared by every app's forms."""

from django import forms

# Option lists (RadioSelect, CheckboxSelectMultiple) get no class: Django puts widget attrs on
# the list's wrapper as well as on each input, and the options keep the browser's native,
# well-sized controls. Order matters: RadioSelect is a Select subclass.
_WIDGET_CLASSES = [
    (forms.RadioSelect, ""),
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.CheckboxInput, "utrecht-checkbox utrecht-checkbox--html-input"),
]


class StyledFormMixin:
    """Adds the Utrecht component classes to each widget; the field template in
    templates/django/forms/field.html adds the form-field wrapper, label, help and error."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
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
