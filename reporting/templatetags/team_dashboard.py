"""The dashboard's linked numbers, rendered in Python: a team of 30 has some 400 of them, and a
template loop spent a fifth of the page on them."""

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag
def figure_cells(cells) -> str:
    """One table cell per figure, each number a link to the list behind it."""
    return format_html_join("", '<td><a class="utrecht-link" href="{}">{}</a></td>',
                            ((cell.href, cell.value) for cell in cells))
