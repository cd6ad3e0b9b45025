"""Aggregates for the council (the team leader's dashboard reads reporting.team_selectors).
Everything is counted in the database; the council's figures never carry a name, an address or a record number.

The live figures go through the same small-cell suppression as a published report
(reporting/suppression.py): every number carries the distinct residents it rests on, and a
number on too few residents, or a share that would give one back, is shown as '<threshold'.
A quarter in a small zone can hold a handful of residents, so without it a count of 1 could point
to a resident."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q

from accounts.models import Zone
from intake.models import Channel, HelpRequest, RequestStatus

from .figures.aggregates import count, label, percent
from .figures.base import AddsUp, Section, Table
from .suppression import format_cell, suppress_sections


@dataclass(frozen=True)
class Shown:
    """One number as the page shows it: formatted (Dutch), or '<5' when suppressed (value None)."""

    value: int | float | None
    text: str
    suppressed: bool


@dataclass(frozen=True)
class CouncilFigures:
    totals: dict[str, Shown]
    by_zone: list[dict[str, Any]]
    by_channel: list[dict[str, Any]]
    threshold: int


def council_figures(*, date_from: datetime.date, date_to: datetime.date, threshold: int) -> CouncilFigures:
    """The page's figures for a period (inclusive), already suppressed below `threshold` residents."""
    period = HelpRequest.objects.filter(first_contact_on__gte=date_from, first_contact_on__lte=date_to)
    settled = Q(status=RequestStatus.SETTLED)
    visited = Q(status=RequestStatus.COMPLETED)
    in_time = visited & Q(conversation__held_on__lte=F("visit_due_on"))
    totals = period.aggregate(
        total=Count("id"), residents=Count("resident", distinct=True),
        settled=Count("id", filter=settled), settled_residents=Count("resident", distinct=True, filter=settled),
        visited=Count("id", filter=visited), visited_residents=Count("resident", distinct=True, filter=visited),
        visited_in_time=Count("id", filter=in_time),
    )
    in_zone = Q(help_requests__first_contact_on__gte=date_from, help_requests__first_contact_on__lte=date_to)
    zone_settled = in_zone & Q(help_requests__status=RequestStatus.SETTLED)
    zones = Zone.objects.order_by("name").values("name").annotate(
        total=Count("help_requests", filter=in_zone),
        residents=Count("help_requests__resident", distinct=True, filter=in_zone),
        settled=Count("help_requests", filter=zone_settled),
        settled_residents=Count("help_requests__resident", distinct=True, filter=zone_settled),
    )
    channels = {row["channel"]: row for row in period.values("channel").order_by().annotate(
        total=Count("id"), residents=Count("resident", distinct=True))}
    # Rows as the report's figures build them, so suppress_sections applies the report's rule
    # unchanged: a share is hidden with a hidden count of its row, or when it implies a small count.
    # Every channel in a fixed order, as in the report: an order by size would rank the hidden ones.
    # The zones and the channels each add up to the total (the zones nearly: a postcode outside
    # every zone has none), which rides along as their last row so that one hidden zone or channel
    # cannot be worked out from the total; that row is not shown twice.
    # The total stands in three tables and the settled count in two (one is the settled share's
    # base): one number each, hidden everywhere when a sum hides it in one place.
    all_requests = count(totals["total"], totals["residents"], ref="requests")
    all_settled = count(totals["settled"], totals["settled_residents"], ref="settled")
    total_row = [label(""), all_requests, all_settled]
    zone_rows = [[label(z["name"]), count(z["total"], z["residents"]), count(z["settled"], z["settled_residents"])]
                 for z in zones]
    channel_rows = [[label(name), count(channels.get(value, {}).get("total"), channels.get(value, {}).get("residents"))]
                    for value, name in Channel.choices]

    def table(rows: list, *, with_total: list | None = None) -> Table:
        if with_total is None:
            return Table(caption="", columns=[], rows=rows)
        return Table(caption="", columns=[], rows=[*rows, with_total],
                     sums=[AddsUp("rows", parts=list(range(len(rows))), total=len(rows))])

    section = Section(key="council", title="", tables=[
        table([[all_requests, all_settled, percent(totals["settled"], totals["total"], totals["residents"])]]),
        table([[percent(totals["visited_in_time"], totals["visited"], totals["visited_residents"])]]),
        table(zone_rows, with_total=total_row),
        table(channel_rows, with_total=total_row[:2]),
    ])
    totals_rows, visits_rows, zone_rows, channel_rows = (
        suppressed["rows"] for suppressed in suppress_sections([section.as_json()], threshold)[0]["tables"])
    zone_rows, channel_rows = zone_rows[:-1], channel_rows[:-1]

    def shown(cell: dict[str, Any]) -> Shown:
        return Shown(value=cell["value"], text=format_cell(cell, threshold), suppressed=cell["suppressed"])

    [[total, _settled, settled_share]] = totals_rows
    [[in_time_share]] = visits_rows
    return CouncilFigures(
        totals={"total": shown(total), "settled_share": shown(settled_share), "in_time_share": shown(in_time_share)},
        by_zone=[{"name": name["value"], "total": shown(n), "settled": shown(s)}
                 for name, n, s in zone_rows],
        by_channel=[{"channel": name["value"], "total": shown(n)} for name, n in channel_rows],
        threshold=threshold,
    )
