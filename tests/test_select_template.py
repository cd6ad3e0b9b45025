"""templates/django/forms/widgets/select.html renders its options with a filter for speed
(toegang/templatetags/widget_html.py); it must render exactly what Django's own templates render,
escaping included."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---"), ("1", "Één <b>"), ("2", "twee")], initial="1")
    grouped = forms.ChoiceField(choices=[("", "---"), ("Groep", [("2", "twee"), ("3", "drie")])], initial="3")
    several = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y"), ("z", "Z")], initial=["x", "z"])
    disabled = forms.ChoiceField(choices=[("1", "a")], disabled=True)
    awkward = forms.ChoiceField(choices=[('a"&<b', "x & <y>"), ("2", "Één")], initial='a"&<b')
    unknown = forms.NullBooleanField()
    numbers = forms.TypedChoiceField(choices=[(1, "een"), (2, "twee")], coerce=int, initial=2)


@pytest.mark.parametrize("name", ["plain", "grouped", "several", "disabled", "awkward", "unknown", "numbers"])
def test_the_inlined_select_renders_what_django_renders(name):
    ours = Choices(renderer=TemplatesSetting())[name].as_widget()
    django_own = Choices(renderer=DjangoTemplates())[name].as_widget()
    assert "<option" in ours
    assert ours == django_own


@pytest.mark.django_db
def test_a_model_select_renders_what_django_renders():
    from accounts.factories import ZoneFactory
    from accounts.models import Zone

    ZoneFactory(name="Noord & <Oost>")
    ZoneFactory(name="Zuid")

    class Zones(forms.Form):
        zone = forms.ModelChoiceField(queryset=Zone.objects.order_by("name"))

    chosen = Zone.objects.get(name="Zuid").pk
    ours = Zones(initial={"zone": chosen}, renderer=TemplatesSetting())["zone"].as_widget()
    assert ours == Zones(initial={"zone": chosen}, renderer=DjangoTemplates())["zone"].as_widget()
    assert "Noord &amp; &lt;Oost&gt;" in ours and f'<option value="{chosen}" selected>Zuid</option>' in ours


def test_the_project_renderer_uses_the_inlined_template(settings):
    assert settings.FORM_RENDERER == "django.forms.renderers.TemplatesSetting"
    html = Choices()["plain"].as_widget()
    assert '<option value="1" selected>Één &lt;b&gt;</option>' in html
