"""Database-side helpers shared by the figures: a percentile aggregate (PostgreSQL's
percentile_cont, which the ORM lacks), whole days between two date columns, and the small
conversions from aggregate results to cells."""

from __future__ import annotations

import decimal
from typing import Any

from django.db.models import Aggregate, Expression, F, FloatField, Func, IntegerField, Q

from ..suppression import half_up
from .base import Cell, Scope


class Percentile(Aggregate):
    """`percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)`: the interpolated
    percentile, so the median of 2 and 5 days is 3.5 as statisticians (and CBS) report it.
    NULLs are ignored by PostgreSQL, as by every aggregate. `filter=` works as on Count: the
    template must carry `%(filter)s`, where Django puts the FILTER clause (without it the
    condition was dropped without a word)."""

    function = "percentile_cont"
    name = "Percentile"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"

    def __init__(self, expression: Any, *, fraction: float, **extra: Any) -> None:
        # The fraction goes into the SQL text, so only a float between 0 and 1 is accepted.
        fraction = float(fraction)
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile fraction lies between 0 and 1.")
        super().__init__(expression, fraction=repr(fraction), **extra)


class Median(Percentile):
    name = "Median"

    def __init__(self, expression: Any, **extra: Any) -> None:
        super().__init__(expression, fraction=0.5, **extra)


class DaysBetween(Func):
    """`end - start` for two date columns: in PostgreSQL the difference of dates is an integer
    number of days (Django's own date subtraction yields an interval, which percentile_cont and
    comparisons with a number of days cannot use)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def __init__(self, end: Expression | str, start: Expression | str) -> None:
        super().__init__(F(end) if isinstance(end, str) else end, F(start) if isinstance(start, str) else start)


def in_period(field: str, scope: Scope) -> Q:
    """The event's own date lies in the scope's period (both ends included)."""
    return Q(**{f"{field}__gte": scope.date_from, f"{field}__lte": scope.date_to})


def in_scope(field: str, scope: Scope, zone_field: str) -> Q:
    """In the period and, for a zone report, in that zone (through the request's zone)."""
    condition = in_period(field, scope)
    if scope.zone_id is not None:
        condition &= Q(**{zone_field: scope.zone_id})
    return condition


def count(value: int | None, residents: int | None, *, ref: str | None = None) -> Cell:
    """A number of records; `ref` names it when the report shows it in another table too."""
    return Cell(value=value or 0, unit="count", residents=residents or 0, ref=ref)


def percent(part: int | None, whole: int | None, residents: int | None) -> Cell:
    """A share in percent, one decimal; it rests on the residents of the denominator. No
    denominator: no value (not 0%, which would claim something)."""
    value = float(half_up(100 * (part or 0) / whole, 1)) if whole else None
    return Cell(value=value, unit="percent", residents=residents or 0)


def days(value: float | None, residents: int | None) -> Cell:
    return Cell(value=None if value is None else float(half_up(value, 1)), unit="days", residents=residents or 0)


def euro(value: decimal.Decimal | None, residents: int | None) -> Cell:
    return Cell(value=float(half_up(value or 0, 2)), unit="euro", residents=residents or 0)


def score(value: float | decimal.Decimal | None, residents: int | None) -> Cell:
    return Cell(value=None if value is None else float(half_up(value, 2)), unit="score", residents=residents or 0)


def label(text: Any, *, key: str | None = None) -> Cell:
    """A row or column label: not about residents, never suppressed. A label read from a record or a
    choice carries its `key` (see Cell)."""
    return Cell(value=str(text), unit="text", residents=None, key=key)
