"""templates/django/forms/widgets/select.html inlines Django's option template for speed; it must
render exactly what Django's own templates render."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---"), ("1", "Één <b>"), ("2", "twee")], initial="1")
    grouped = forms.ChoiceField(choices=[("", "---"), ("Groep", [("2", "twee"), ("3", "drie")])], initial="3")
    several = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y"), ("z", "Z")], initial=["x", "z"])
    disabled = forms.ChoiceField(choices=[("1", "a")], disabled=True)


@pytest.mark.parametrize("name", ["plain", "grouped", "several", "disabled"])
def test_the_inlined_select_renders_what_django_renders(name):
    ours = Choices(renderer=TemplatesSetting())[name].as_widget()
    django_own = Choices(renderer=DjangoTemplates())[name].as_widget()
    assert "<option" in ours
    assert ours == django_own


def test_the_project_renderer_uses_the_inlined_template(settings):
    assert settings.FORM_RENDERER == "django.forms.renderers.TemplatesSetting"
    html = Choices()["plain"].as_widget()
    assert '<option value="1" selected>Één &lt;b&gt;</option>' in html
