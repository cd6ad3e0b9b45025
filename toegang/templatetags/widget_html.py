"""Select options rendered in Python. The plan page lists every worker and partner organisation
in several selects (some 200 options): Django's template loop spent about 25 µs an option, this
about 2. The markup is Django's own (django/forms/widgets/select_option.html and attrs.html);
tests/test_select_template.py holds the two byte-equal."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _attrs(attrs: dict) -> str:
    # As django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name.
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items() if value is not False)


@register.filter
def select_options(group_choices) -> SafeString:
    """The <option> elements of one group of a select widget's optgroups."""
    return mark_safe("".join(  # noqa: S308 - every part is escaped above or by format_html
        format_html('\n  <option value="{}"{}>{}</option>\n', str(option["value"]),
                    mark_safe(_attrs(option["attrs"])), option["label"])  # noqa: S308
        for option in group_choices))
