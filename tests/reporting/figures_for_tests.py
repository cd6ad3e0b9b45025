"""Small figures for the engine's tests (the real figures are written elsewhere): registered by
the `test_figures` fixture, and by the Celery worker the worker test starts."""

from __future__ import annotations

import time

from django.db.models import Count

from intake.models import HelpRequest
from reporting.figures import Cell, Chart, Scope, Section, Table


def requests_by_channel(scope: Scope) -> Section:
    """A real aggregate: requests per channel with the distinct residents behind each count, and
    each channel's share (a percent cell carries the residents of its denominator)."""
    qs = HelpRequest.objects.filter(first_contact_on__gte=scope.date_from, first_contact_on__lte=scope.date_to)
    if scope.zone_id:
        qs = qs.filter(zone_id=scope.zone_id)
    total = qs.aggregate(residents=Count("resident", distinct=True))["residents"]
    rows = []
    for row in qs.values("channel").annotate(n=Count("id"), residents=Count("resident", distinct=True)).order_by("channel"):
        rows.append([Cell(row["channel"], unit="text"), Cell(row["n"], residents=row["residents"]),
                     Cell(round(100 * row["residents"] / total, 1) if total else None, unit="percent",
                          residents=total)])
    return Section(key="test-requests", title="Hulpvragen", tables=[
        Table(caption="Hulpvragen per kanaal", columns=["Kanaal", "Hulpvragen", "Aandeel"], rows=rows,
              chart=Chart(kind="bar", label_column=0, value_columns=[1]))])


def costs(scope: Scope) -> Section:
    """Not about residents: never suppressed; a grouped chart of two value columns."""
    return Section(key="test-costs", title="Kosten", tables=[
        Table(caption="Kosten per soort", columns=["Soort", "Begroot", "Besteed"],
              rows=[[Cell("Huishoudelijke hulp", unit="text"), Cell(120000, unit="euro"), Cell(98000, unit="euro")],
                    [Cell("Begeleiding", unit="text"), Cell(80000, unit="euro"), Cell(91000, unit="euro")]],
              chart=Chart(kind="grouped_bar", label_column=0, value_columns=[1, 2]))])


def slow_costs(scope: Scope) -> Section:
    """For the worker test: slow enough that the test sees the progress between figures."""
    time.sleep(1.5)
    section = costs(scope)
    section.key = "test-slow"
    return section
