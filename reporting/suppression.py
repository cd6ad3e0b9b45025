"""Small-cell suppression: the one place where a figure that could identify a resident is hidden.

Runs on the sections before a snapshot is stored, so the HTML, the PDF and every export of a
report show the same suppressed cells. A cell with `residents` below the threshold loses its
value. A share is suppressed too when it could give a hidden count back: when its denominator
(the residents a percent cell carries) is small, when the count it implies (share times denominator)
is small, or when a count in the same row was suppressed (the share was computed from it).

Where cells add up (a table's `sums`: channels to all channels, outcomes to a row's total), one
hidden cell would be the total minus the shown ones. So the engine then hides the smallest shown
cell of the same sum too, until every sum with a shown total hides no non-empty cell, or at least
two that together rest on the threshold's number of residents (complementary suppression); it
hides the total itself when no part is left to hide. A second hidden cell that is large enough is
no secret itself, but alone in another sum it would be worked out and give the first away, so the
rule is applied again to every sum until none changes."""

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
            _suppress_table(table, threshold)
    return result


def _suppress_table(table: dict[str, Any], threshold: int) -> None:
    rows = table.get("rows", [])
    # What each cell rests on, taken before hiding: a hidden share no longer has its value.
    people = {id(cell): _people(cell) for row in rows for cell in row}
    for row in rows:
        _suppress_row(row, threshold)
    _suppress_complements(rows, table.get("sums") or [], people, threshold)
    for row in rows:
        _suppress_row(row, threshold)


def _suppress_row(row: list[dict[str, Any]], threshold: int) -> None:
    for cell in row:
        if _is_small(cell.get("residents"), _minimum(cell, threshold)):
            _hide(cell)
    count_hidden = any(cell.get("suppressed") and cell.get("unit") != "percent" for cell in row)
    for cell in row:
        if cell.get("unit") != "percent" or cell.get("suppressed") or cell.get("value") is None:
            continue
        implied = _implied_count(cell)
        # round(): 33.3% of 12 is 4 residents, not 3.996.
        if count_hidden or (implied is not None and round(implied) < _minimum(cell, threshold)):
            _hide(cell)


def _people(cell: dict[str, Any]) -> int:
    """The residents a cell gives away when it can be worked out: a share's implied count."""
    if cell.get("unit") == "percent":
        implied = _implied_count(cell)
        return 0 if implied is None else round(implied)
    return cell.get("residents") or 0


def _lines(rows: list[list[dict[str, Any]]], add_up: dict[str, Any]):
    """Each group of cells that adds up: (parts, total cell or None)."""
    parts, total = add_up["parts"], add_up.get("total")
    if add_up["axis"] == "columns":
        for row in rows:
            yield [row[i] for i in parts], None if total is None else row[total]
        return
    width = max((len(rows[i]) for i in parts), default=0)
    for column in add_up.get("only") or range(width):
        line = [rows[i][column] for i in parts]
        if any(cell.get("residents") is None for cell in line):
            continue  # labels
        yield line, None if total is None else rows[total][column]


def _suppress_complements(rows, sums: list[dict[str, Any]], people: dict[int, int], threshold: int) -> None:
    # Hiding a cell for one sum can expose a cell of another (a row's total is also a column's
    # part): repeat until no sum changes. Every round hides a cell, so this ends.
    changed = True
    while changed:
        changed = False
        for add_up in sums:
            for parts, total in _lines(rows, add_up):
                if total is not None and total.get("suppressed"):
                    continue
                # An empty hidden cell protects nothing: the smallest shown one could be worked out beside it.
                hidden = [cell for cell in parts if cell.get("suppressed") and people[id(cell)] > 0]
                given_away = sum(people[id(cell)] for cell in hidden)
                if not hidden or (len(hidden) > 1 and given_away >= min(_minimum(c, threshold) for c in hidden)):
                    continue
                shown = [cell for cell in parts if not cell.get("suppressed") and cell.get("value") is not None]
                if shown:
                    _hide(min(shown, key=lambda cell: (people[id(cell)], cell["value"])))
                elif total is not None:
                    _hide(total)
                else:
                    continue
                changed = True


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
