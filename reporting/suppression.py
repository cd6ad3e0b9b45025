"""Small-cell suppression: the one place where a figure that could identify a resident is hidden.

Runs on the sections before a snapshot is stored, so the HTML, the PDF and every export of a
report show the same suppressed cells. A cell with `residents` below the threshold loses its
value. A share is suppressed too when it could give a hidden count back: when its denominator
(the residents a percent cell carries) is small, when the count it implies (share times denominator)
is small, or when a count in the same row was suppressed (the share was computed from it)."""

from __future__ import annotations

import copy
from typing import Any

from django.utils.formats import number_format


def _is_small(residents: int | None, threshold: int) -> bool:
    return residents is not None and residents < threshold


def _hide(cell: dict[str, Any]) -> None:
    cell["value"] = None
    cell["suppressed"] = True


def _minimum(cell: dict[str, Any], threshold: int) -> int:
    """The report's threshold, or the figure's own stricter minimum for this cell."""
    return max(threshold, cell.get("min_residents") or 0)


def _implied_count(cell: dict[str, Any]) -> float | None:
    if not isinstance(cell.get("value"), int | float) or cell.get("residents") is None:
        return None
    return cell["value"] * cell["residents"] / 100


def suppress_sections(sections: list[dict[str, Any]], threshold: int) -> list[dict[str, Any]]:
    """A suppressed copy of `Section.as_json()` dicts; the input is left alone."""
    result = copy.deepcopy(sections)
    for section in result:
        for table in section.get("tables", []):
            for row in table.get("rows", []):
                _suppress_row(row, threshold)
    return result


def _suppress_row(row: list[dict[str, Any]], threshold: int) -> None:
    count_hidden = False
    for cell in row:
        if _is_small(cell.get("residents"), _minimum(cell, threshold)):
            _hide(cell)
            count_hidden = count_hidden or cell.get("unit") != "percent"
    for cell in row:
        if cell.get("unit") != "percent" or cell.get("suppressed") or cell.get("value") is None:
            continue
        implied = _implied_count(cell)
        # round(): 33.3% of 12 is 4 residents, not 3.996.
        if count_hidden or (implied is not None and round(implied) < _minimum(cell, threshold)):
            _hide(cell)


def format_cell(cell: dict[str, Any], threshold: int | None) -> str:
    """How a stored cell reads on screen, in the PDF and in the CSV: '<5' when suppressed,
    Dutch number formatting (decimal comma) otherwise."""
    if cell.get("suppressed"):
        return f"<{max(threshold or 0, cell.get('min_residents') or 0)}"
    value = cell.get("value")
    if value is None:
        return "—"
    unit = cell.get("unit", "count")
    if unit == "text" or isinstance(value, str):
        return str(value)
    if unit == "count":
        return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)
    if unit == "percent":
        return f"{number_format(value, decimal_pos=1, use_l10n=True)}%"
    if unit == "euro":
        return f"€ {number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)}"
    return number_format(value, decimal_pos=1, use_l10n=True)
