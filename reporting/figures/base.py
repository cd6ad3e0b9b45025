"""The contract between figures and the report engine.

A figure function takes a `Scope` and returns a `Section`: JSON-serialisable tables of `Cell`s.
Every number carries the count of distinct residents it rests on, so the engine can suppress
small cells ("<5") in one place, before the snapshot is stored: a published snapshot, its HTML,
its PDF and any export then show exactly the same suppressed figures, whatever later data or a
later threshold says. Figures aggregate in the database (one query per figure group at most)
and never return a name, an address, a date of birth, a BSN or a record id."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Unit = Literal["count", "percent", "days", "euro", "score", "text"]


@dataclass(frozen=True)
class Scope:
    """One report: a period (inclusive dates) and optionally one zone (None: the municipality)."""

    date_from: datetime.date
    date_to: datetime.date
    zone_id: int | None = None

    def previous(self) -> Scope:
        """The period just before this one (for 'against the previous period'): previous_period."""
        date_from, date_to = previous_period(self.date_from, self.date_to)
        return Scope(date_from=date_from, date_to=date_to, zone_id=self.zone_id)


def previous_period(date_from: datetime.date, date_to: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period just before: as many whole calendar months when the period is whole months (a
    quarter's previous is the quarter before, not 92 days that reach into the quarter before
    that, and a year's the year before, leap or not), else the same number of days."""
    previous_to = date_from - datetime.timedelta(days=1)
    if date_from.day == 1 and (date_to + datetime.timedelta(days=1)).day == 1:
        months = (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1
        index = date_from.year * 12 + date_from.month - 1 - months
        return datetime.date(index // 12, index % 12 + 1, 1), previous_to
    return previous_to - (date_to - date_from), previous_to


@dataclass
class Cell:
    """A value and the number of distinct residents behind it. `residents=None` marks a cell that
    is not about residents (a label, a cost total of a catalogue, a legal term) and is never
    suppressed. `min_residents` is a stricter minimum of the figure's own (the survey's minimum
    number of respondents): the engine then hides the cell below the larger of the two.
    `suppressed` is set by the engine only. `ref` names a number that the report shows in more
    than one place (the requests settled with a general provision, under two headings): the
    engine shows or hides all cells of one `ref` together, since one shown copy would give a
    hidden one away. `key` is a label's stable identity (a record's or a choice's, as
    "provision:12"): rows are matched across reports by it, so a provision renamed between a
    quarter and its year is still the same row."""

    value: float | int | str | None
    unit: Unit = "count"
    residents: int | None = None
    suppressed: bool = False
    min_residents: int | None = None
    ref: str | None = None
    key: str | None = None


@dataclass
class Chart:
    """How to draw a table: bars of one value column against the label column."""

    kind: Literal["bar", "grouped_bar"] = "bar"
    label_column: int = 0
    value_columns: list[int] = field(default_factory=lambda: [1])


@dataclass
class AddsUp:
    """Cells of a table that add up, so that a hidden one could be worked out from the others: along
    `axis` "rows", rows `parts` add up to row `total` (in the columns `only`, all when empty); along
    "columns", columns `parts` add up to column `total` in every row. `total=None`: the parts add up
    to a whole that is known anyway (shares of one row to 100%). The engine hides a second cell
    where one would otherwise be given away (reporting/suppression.py)."""

    axis: Literal["rows", "columns"]
    parts: list[int]
    total: int | None = None
    only: list[int] = field(default_factory=list)


@dataclass
class RefSum:
    """Numbers in different tables, named by their `ref`, that add up: the decisions of each kind
    (one table) to all decisions sent (another). Declared on a section; a sum whose cells are not
    all in the report is left out, since a part that is not shown protects the rest."""

    parts: list[str]
    total: str


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[Cell]]
    chart: Chart | None = None
    sums: list[AddsUp] = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table]
    intro: str = ""
    ref_sums: list[RefSum] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


FigureFunction = Callable[[Scope], Section]
_registry: dict[str, tuple[int, FigureFunction]] = {}


def figure(key: str, *, order: int) -> Callable[[FigureFunction], FigureFunction]:
    """Register a figure under a stable key; `order` places its section in the report."""

    def register(function: FigureFunction) -> FigureFunction:
        _registry[key] = (order, function)
        return function

    return register


def registered_figures() -> list[tuple[str, FigureFunction]]:
    return [(key, function) for key, (order, function) in sorted(_registry.items(), key=lambda kv: kv[1][0])]
