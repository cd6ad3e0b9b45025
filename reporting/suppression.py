"""Small-cell suppression: the one place where a figure that could identify a resident is hidden.

Runs on the sections before a snapshot is stored, so the HTML, the PDF and every export of a
report show the same suppressed cells. A cell with `residents` below the threshold loses its
value. A share is suppressed too when it could give a hidden count back: when its denominator
(the residents a percent cell carries) is small, when the count it implies (share times denominator)
is small, or when a count in the same row was suppressed (the share was computed from it).

Where cells add up (a table's `sums`: channels to all channels, outcomes to a row's total), one
hidden cell would be the total minus the shown ones. So the engine then hides the smallest shown
cell of the same sum too (complementary suppression), until no sum leaves one non-empty cell
hidden on its own (a hidden total counts as one) or hidden cells whose sum rests on fewer
residents than the threshold; it hides the total itself when no part is left to hide. Several
sums together can still pin a cell down where none does alone (a row's total is also a column's
part), so the engine then solves all sums of the report as linear equations and, while they
determine a hidden cell on too few residents, hides one more cell beside it.

A report is one set: a number shown in two tables (cells of one `ref`) is shown or hidden in
both, and is one unknown in the equations, so that the sums of either table protect it; sums
across tables (a section's `ref_sums`) join the equations. The reports of one year that add up
(quarters to their year, zones to the municipality) are suppressed against each other too:
see `suppress_sections` and docs/privacy.md."""

from __future__ import annotations

import copy
import decimal
import logging
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.utils.formats import number_format

logger = logging.getLogger(__name__)


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


# Numbers that add up over periods and zones: a year's requests are its quarters' requests, the
# municipality's are its zones'. Shares, medians and scores do not add up.
ADDITIVE_UNITS = ("count", "euro")


# A report in `suppress_sections`' list, or one part of it: (index, part) names the sections of
# that report whose "part" is the given one (the live figures page holds the municipality's and
# each zone's numbers in one set); a bare index is (index, None), a whole report.
ReportPart = int | tuple[int, str | None]


def suppress_sections(sections: list[dict[str, Any]], threshold: int, *,
                      stored: Sequence[list[dict[str, Any]]] = (),
                      report_sums: Sequence[tuple[Sequence[ReportPart], ReportPart]] = (),
                      same: Sequence[tuple[ReportPart, ReportPart]] = ()) -> list[dict[str, Any]]:
    """A suppressed copy of `Section.as_json()` dicts; the input is left alone. The sections are one
    report: a number it shows in two tables (one `ref`) is hidden in both, and sums across tables
    (`ref_sums`) are solved with the sums of each table.

    `stored` are the snapshots of reports already made that this one adds up with, and
    `report_sums` says how: (parts, total) as indexes into [this report, *stored], such as the
    four quarters (parts) and their year (total). Their additive cells at the same place (section,
    table, row label, column) join the equations; the stored cells stay as they are (what was
    published stays published), so only this report's cells are hidden to protect them.

    `same` pairs reports (or parts) that count the same thing, such as the live figures of a
    quarter and that quarter's report: a cell at a place both have is one number shown twice,
    an equation of its own, so what one of them hides the other cannot show."""
    reports = [copy.deepcopy(sections), *stored]
    cell_set = _CellSet(reports)
    result = reports[0]
    new_rows = [row for section in result for table in section.get("tables", []) for row in table.get("rows", [])]
    for row in new_rows:
        _suppress_row(row, threshold, cell_set.hide)
    lines = []
    for index, report in enumerate(reports):
        for section in report:
            for table in section.get("tables", []):
                lines += [line for add_up in table.get("sums") or [] for line in _lines(table["rows"], add_up)]
            lines += [line for ref_sum in section.get("ref_sums") or []
                      for line in _ref_lines(ref_sum, cell_set.copies, index)]
    places = _PlaceIndex(reports)
    lines += [line for parts, total in report_sums for line in _report_lines(places, parts, total)]
    same_lines = [line for one, other in same for line in _same_lines(places, one, other)]
    for [cell], other in same_lines:
        if id(other) in cell_set.frozen and not other.get("suppressed"):
            cell_set.give_away(cell)
    lines += same_lines
    _suppress_complements(lines, cell_set, threshold)
    for row in new_rows:
        _suppress_row(row, threshold, cell_set.hide)
    return result


class _CellSet:
    """The cells suppressed together: this report's (index 0) and the stored reports', frozen."""

    def __init__(self, reports: list[list[dict[str, Any]]]) -> None:
        self.frozen: set[int] = set()
        # What each cell rests on, taken before hiding: a hidden share no longer has its value.
        self.people: dict[int, int] = {}
        # One unknown per number: the copies of one `ref` within a report are one number.
        self.number: dict[int, Hashable] = {}
        self.copies: dict[Hashable, list[dict[str, Any]]] = {}
        # Numbers of this report that a stored report shows (`same`): known to every reader, so
        # hiding them protects nothing and, hidden, they are no unknown.
        self.given_away: set[Hashable] = set()
        for index, report in enumerate(reports):
            for section in report:
                for table in section.get("tables", []):
                    for row in table.get("rows", []):
                        for cell in row:
                            key = (index, cell["ref"]) if cell.get("ref") else id(cell)
                            self.number[id(cell)] = key
                            self.copies.setdefault(key, []).append(cell)
                            self.people[id(cell)] = _people(cell)
                            if index:
                                self.frozen.add(id(cell))

    def hideable(self, cell: dict[str, Any]) -> bool:
        return (id(cell) not in self.frozen and not cell.get("suppressed") and cell.get("value") is not None
                and self.number[id(cell)] not in self.given_away)

    def give_away(self, cell: dict[str, Any]) -> None:
        """A stored report shows this number (a threshold raised since, or data that changed):
        hidden here by the small-number rule or not, it is known."""
        number = self.number[id(cell)]
        self.given_away.add(number)
        for copy_ in self.copies[number]:
            self.people[id(copy_)] = 0

    def hide(self, cell: dict[str, Any]) -> None:
        """Hide a cell of this report with every copy of its number."""
        for copy_ in self.copies[self.number[id(cell)]]:
            _hide(copy_)


def _ref_lines(ref_sum: dict[str, Any], copies: dict[Hashable, list[dict[str, Any]]], index: int):
    keys = [(index, ref) for ref in [*ref_sum["parts"], ref_sum["total"]]]
    if all(key in copies for key in keys):
        yield [copies[key][0] for key in keys[:-1]], copies[keys[-1]][0]


@dataclass
class _Places:
    """A report's (or part's) additive cells by where they stand: section, table, the row's
    identity, column. The identity is every text cell of the row (a provision and its kind), by
    its stable `key` where it has one (`by_key`), or by the label as it reads (`by_label`)."""

    keyed: bool
    by_key: dict[tuple, dict[str, Any]]
    by_label: dict[tuple, dict[str, Any]]
    # Places that two rows of one table share, left out: a row is not matched to another's cell.
    shared_keys: set[tuple]
    shared_labels: set[tuple]


class _PlaceIndex:
    """Each report's (or part's) places, found once and only when a sum asks."""

    def __init__(self, reports: list[list[dict[str, Any]]]) -> None:
        self.reports = reports
        self.found: dict[tuple[int, str | None], _Places] = {}

    def __getitem__(self, at: ReportPart) -> _Places:
        index, part = at if isinstance(at, tuple) else (at, None)
        if (index, part) not in self.found:
            self.found[index, part] = _places(self.reports[index], part)
        return self.found[index, part]

    def matching(self, reports: Sequence[ReportPart]) -> list[dict[tuple, dict[str, Any]]]:
        """The places of these reports, matched by key when every one of them has keys: a provision
        renamed between a quarter and its year is still one row. A report stored before labels had
        keys is matched by the labels as they read."""
        found = [self[at] for at in reports]
        keyed = all(p.keyed for p in found)
        for place in {place for p in found for place in (p.shared_keys if keyed else p.shared_labels)}:
            logger.warning("report rows share the labels %s: not matched across reports", place)
        return [p.by_key if keyed else p.by_label for p in found]


def _places(report: list[dict[str, Any]], part: str | None = None) -> _Places:
    """Only the sections of `part` (a stored report's sections have none: all of them)."""
    by_key: dict[tuple, dict[str, Any]] = {}
    by_label: dict[tuple, dict[str, Any]] = {}
    shared_keys: set[tuple] = set()
    shared_labels: set[tuple] = set()
    keyed = False
    for section in (section for section in report if section.get("part") == part):
        for number, table in enumerate(section.get("tables", [])):
            for row in table.get("rows", []):
                texts = [cell for cell in row if cell.get("unit") == "text"]
                # Cells made since labels have keys carry the field, also when it is empty.
                keyed = keyed or any("key" in cell for cell in texts)
                label = tuple(cell["value"] for cell in texts)
                key = tuple(cell.get("key") or cell["value"] for cell in texts)
                for column, cell in enumerate(row):
                    if label and cell.get("unit") in ADDITIVE_UNITS and cell.get("residents") is not None:
                        for places, shared, identity in ((by_key, shared_keys, key), (by_label, shared_labels, label)):
                            place = (section["key"], number, identity, column)
                            if place in places:
                                shared.add(place)
                            places[place] = cell
    for places, shared in ((by_key, shared_keys), (by_label, shared_labels)):
        for place in shared:
            del places[place]
    return _Places(keyed=keyed, by_key=by_key, by_label=by_label, shared_keys=shared_keys, shared_labels=shared_labels)


def _report_lines(places: _PlaceIndex, parts: Sequence[ReportPart], total: ReportPart):
    """The same place in the parts and their total report: a row a part lacks is zero there."""
    *part_places, total_places = places.matching([*parts, total])
    for place, total_cell in total_places.items():
        yield [found[place] for found in part_places if place in found], total_cell


def _same_lines(places: _PlaceIndex, one: ReportPart, other: ReportPart):
    """One number in two reports: equal at every place both have (a place one lacks says nothing)."""
    one_places, other_places = places.matching([one, other])
    for place, cell in one_places.items():
        if place in other_places:
            yield [cell], other_places[place]


def _suppress_row(row: list[dict[str, Any]], threshold: int, hide: Callable[[dict[str, Any]], None]) -> None:
    for cell in row:
        if _is_small(cell.get("residents"), _minimum(cell, threshold)):
            hide(cell)
    count_hidden = any(cell.get("suppressed") and cell.get("unit") != "percent" for cell in row)
    for cell in row:
        if cell.get("unit") != "percent" or cell.get("suppressed") or cell.get("value") is None:
            continue
        implied = _implied_count(cell)
        # round(): 33.3% of 12 is 4 residents, not 3.996.
        if count_hidden or (implied is not None and round(implied) < _minimum(cell, threshold)):
            hide(cell)


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


def _suppress_complements(lines, cells: _CellSet, threshold: int) -> None:
    """Hide cells until no sum gives a hidden cell away, alone or with the other sums: first the
    quick rule per sum (`_exposed_by`), then an exact check of all sums together (`_worked_out`)
    for what only several sums at once give away. Every round hides a cell or sets a sum aside,
    so this ends."""
    # Sums in which only stored reports' cells are left to hide: what they give away, the stored
    # reports gave away already, and this report cannot take it back.
    beyond_reach: set[int] = set()
    while True:
        for number, (parts, total) in enumerate(lines):
            if number not in beyond_reach and _exposed_by(parts, total, cells, threshold):
                if not _hide_beside(parts, total, cells):
                    beyond_reach.add(number)
                break
        else:
            for small in _worked_out(lines, cells, threshold):
                beside = (parts_total for parts_total in lines
                          if any(cell is small for cell in parts_total[0]) or parts_total[1] is small)
                if any(_hide_beside(parts, total, cells) for parts, total in beside):
                    break
            else:
                return  # every cell of their sums is hidden already, or stored: nothing is left to hide


def _non_empty_hidden(cells, people: dict[int, int]) -> list[dict[str, Any]]:
    # An empty hidden cell protects nothing: the cell hidden beside it could be worked out.
    return [cell for cell in cells if cell.get("suppressed") and people[id(cell)] > 0]


def _exposed_by(parts, total, cells: _CellSet, threshold: int) -> bool:
    """One sum on its own gives a hidden cell away: a single hidden cell among the parts and a
    shown total, or a hidden total beside parts that are all shown; or hidden parts whose sum the
    shown total gives, resting on fewer residents than the threshold."""
    people = cells.people
    hidden = _non_empty_hidden(parts, people)
    if total is not None and total.get("suppressed") and people[id(total)] > 0:
        return not hidden
    if not hidden:
        return False
    return len(hidden) == 1 or sum(people[id(cell)] for cell in hidden) < min(_minimum(c, threshold) for c in hidden)


def _hide_beside(parts, total, cells: _CellSet) -> bool:
    """Hide the smallest shown part of the sum, or its total when every part is hidden; False when
    there is nothing left that this report may hide."""
    shown = [cell for cell in parts if cells.hideable(cell)]
    if shown:
        cells.hide(min(shown, key=lambda cell: (cells.people[id(cell)], cell["value"])))
        return True
    if total is not None and cells.hideable(total):
        cells.hide(total)
        return True
    return False


def _worked_out(lines, cells: _CellSet, threshold: int) -> list[dict[str, Any]]:
    """The hidden cells on fewer residents than the threshold that the sums together determine.
    Each sum is a linear equation in its hidden numbers (the shown ones are known); a hidden number
    is determined when its unit vector lies in the row space of those equations, which in the
    reduced row echelon form means that some row is exactly that unit vector."""
    numbered: dict[Hashable, int] = {}
    unknowns: dict[int, dict[str, Any]] = {}
    equations = []
    for parts, total in lines:
        row: dict[int, Fraction] = {}
        for cell, sign in [*((cell, 1) for cell in parts), *(((total, -1),) if total is not None else ())]:
            if cell.get("suppressed") and cells.number[id(cell)] not in cells.given_away:
                key = numbered.setdefault(cells.number[id(cell)], len(numbered))
                unknowns[key] = cell
                row[key] = row.get(key, Fraction(0)) + sign
        if row:
            equations.append(row)
    return [unknowns[key] for key in _determined(equations)
            if 0 < cells.people[id(unknowns[key])] < _minimum(unknowns[key], threshold)]


def _determined(equations: list[dict[int, Fraction]]) -> list[int]:
    """The unknowns whose value the equations fix (Gauss-Jordan elimination over the rationals)."""
    basis: list[tuple[int, dict[int, Fraction]]] = []  # (pivot, row), each row zero at the other pivots
    for equation in equations:
        row = {k: v for k, v in equation.items() if v}
        for pivot, other in basis:
            if row.get(pivot):
                row = _minus(row, row[pivot], other)
        if not row:
            continue
        pivot = min(row)
        row = {k: v / row[pivot] for k, v in row.items()}
        basis = [(other_pivot, _minus(other, other[pivot], row) if other.get(pivot) else other)
                 for other_pivot, other in basis]
        basis.append((pivot, row))
    return [pivot for pivot, row in basis if len(row) == 1]


def _minus(row: dict[int, Fraction], factor: Fraction, other: dict[int, Fraction]) -> dict[int, Fraction]:
    """row - factor * other, without the zeros."""
    result = dict(row)
    for k, v in other.items():
        result[k] = result.get(k, Fraction(0)) - factor * v
    return {k: v for k, v in result.items() if v}


def half_up(value: float | int | decimal.Decimal, places: int) -> decimal.Decimal:
    """`value` rounded half up (away from zero) to `places` decimals: 3.65 is 3.7, 0.25% is 0.3%.
    Python's round() rounds half to even on the binary float (round(6.25, 1) is 6.2), and
    Django's number_format(decimal_pos=...) cuts digits off (3.67 reads 3,6): a figure for the
    council is rounded as people round. The float goes through its shortest repr, so 3.675 is the
    3.675 that was meant, not the binary 3.67499... . Never "-0.0": a zero is a zero."""
    rounded = decimal.Decimal(str(value)).quantize(decimal.Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def format_cell(cell: dict[str, Any], threshold: int | None) -> str:
    """How a stored cell reads on screen, in the PDF and in the CSV: '<5' when suppressed,
    Dutch number formatting (decimal comma) otherwise, rounded half up to the digits shown
    (number_format alone cuts them off: 3.67 read 3,6 and EUR 1 234,99 read 1.234)."""
    if cell.get("suppressed"):
        return f"<{max(threshold or 0, cell.get('min_residents') or 0)}"
    value = cell.get("value")
    if value is None:
        return "—"
    unit = cell.get("unit", "count")
    if unit == "text" or isinstance(value, str):
        return str(value)
    if unit == "count":
        return number_format(half_up(value, 0), decimal_pos=0, use_l10n=True, force_grouping=True)
    if unit == "percent":
        return f"{number_format(half_up(value, 1), decimal_pos=1, use_l10n=True)}%"
    if unit == "euro":
        return f"€ {number_format(half_up(value, 0), decimal_pos=0, use_l10n=True, force_grouping=True)}"
    return number_format(half_up(value, 1), decimal_pos=1, use_l10n=True)
