"""The dashboard's table rows, rendered in Python: a team of 30 has some 400 linked numbers, and
a template loop spent a fifth of the page on them (docs/performance.md, finding 6)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def figure_rows(rows, keys: tuple[str, ...]) -> SafeString:
    """One table row per (row, href_prefix): the row's name as its header, then one cell per
    figure, each number a link to the list behind it (`href_prefix` ends in `figure=`). The name
    and the prefix are escaped once per row; the keys are the dashboard's own identifiers and the
    values counts (`:d` refuses anything else), so nothing else needs escaping."""
    html = []
    for row, href_prefix in rows:
        prefix = escape(href_prefix)
        figures = row.figures
        cells = "".join([f'<td><a class="utrecht-link" href="{prefix}{key}">{figures.get(key, 0):d}</a></td>'
                         for key in keys])
        html.append(f'<tr><th scope="row">{escape(row.name)}</th>{cells}</tr>')
    return mark_safe("\n".join(html))  # noqa: S308 - escaped above; keys are constants, values integers
