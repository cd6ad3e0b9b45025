"""The dashboard's linked numbers, rendered in Python: a team of 30 has some 400 of them, and a
template loop spent a fifth of the page on them (docs/performance.md, finding 6)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def figure_cells(href_prefix: str, figures: dict[str, int], keys: tuple[str, ...]) -> SafeString:
    """One table cell per figure, each number a link to the list behind it (`href_prefix` ends in
    `figure=`). The prefix is escaped once per row; the keys are the dashboard's own identifiers
    and the values counts (`:d` refuses anything else), so nothing else needs escaping."""
    prefix = escape(href_prefix)
    return mark_safe("".join([  # noqa: S308 - escaped above; keys are constants, values integers
        f'<td><a class="utrecht-link" href="{prefix}{key}">{figures.get(key, 0):d}</a></td>' for key in keys]))
