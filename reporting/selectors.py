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

from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import translation

from accounts.models import Zone
from intake.models import Channel, HelpRequest, RequestStatus

from .figures.aggregates import count, label, percent
from .figures.base import AddsUp, Cell, RefSum, Section, Table
from .figures.requests import ALL_CHANNELS, ALL_REQUESTS, SETTLED_AT_INTAKE
from .models import PeriodKind, Report, ReportStatus
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
    """The page's figures for a quarter (inclusive), already suppressed below `threshold` residents,
    together with the quarter's stored reports (see `council_sections`)."""
    sections = council_sections(date_from=date_from, date_to=date_to, threshold=threshold)

    def table(key: str, part: str | None = None) -> list[list[dict[str, Any]]]:
        return next(s for s in sections if s["key"] == key and s.get("part") == part)["tables"][0]["rows"]

    def shown(cell: dict[str, Any]) -> Shown:
        return Shown(value=cell["value"], text=format_cell(cell, threshold), suppressed=cell["suppressed"])

    [[_settled_label, _settled, settled_share], [_all_label, total]] = table("settled_at_intake")
    [[in_time_share]] = table(_VISITS)
    zone_rows = table(_ZONES)[:-1]
    channel_rows = table("requests_by_channel")[:-1]
    return CouncilFigures(
        totals={"total": shown(total), "settled_share": shown(settled_share), "in_time_share": shown(in_time_share)},
        by_zone=[{"name": name["value"], "total": shown(n), "settled": shown(s)} for name, n, s in zone_rows],
        # The channel's name in the reader's language: the cells carry the reports' (matched by it).
        by_channel=[{"channel": name, "total": shown(n)}
                    for (_value, name), (_label, n) in zip(Channel.choices, channel_rows, strict=True)],
        threshold=threshold,
    )


_ZONES = "council_zones"
_VISITS = "council_visits"


def council_part(zone_id: int | None) -> str | None:
    """The part of the live figures (council_sections) that counts what the report of this zone
    (None: the municipality) counts."""
    return None if zone_id is None else f"zone:{zone_id}"


def council_sections(*, date_from: datetime.date, date_to: datetime.date, threshold: int,
                     reports: dict[int | None, list[dict[str, Any]]] | None = None) -> list[dict[str, Any]]:
    """The live figures of a quarter as sections, suppressed. A quarter's figures are also in its
    stored reports (the municipality's and each zone's), which may hide other cells than the page
    alone would: a cell hidden there and shown here, or the other way round, would give it away.
    So the page's cells stand at the places of the report's cells that count the same (requests by
    channel, all requests, settled at intake; per zone in a part of its own) and are suppressed
    together with the stored reports: what they hide, the page hides too, and the page's own sums
    (the zones and channels add up to the total) are solved with theirs. The stored reports stay
    as they are. `reports` (by zone, None the municipality's) are the quarter's stored reports when
    the caller has read them already: reporting.services, for a report being made, which is then
    suppressed against these sections, passes the others."""
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
    zones = list(Zone.objects.order_by("name").values("pk", "name").annotate(
        total=Count("help_requests", filter=in_zone),
        residents=Count("help_requests__resident", distinct=True, filter=in_zone),
        settled=Count("help_requests", filter=zone_settled),
        settled_residents=Count("help_requests__resident", distinct=True, filter=zone_settled),
    ))
    channels = {row["channel"]: row for row in period.values("channel").order_by().annotate(
        total=Count("id"), residents=Count("resident", distinct=True))}
    # Each zone's channels too (not shown): a zone's report shows them, and the municipality's
    # channel minus the other zones' would otherwise give a hidden one back.
    zone_channels = {(row["zone_id"], row["channel"]): row for row in period.filter(zone__isnull=False)
                     .values("zone_id", "channel").order_by().annotate(total=Count("id"),
                                                                        residents=Count("resident", distinct=True))}
    # Rows as the report's figures build them, so suppress_sections applies the report's rule
    # unchanged: a share is hidden with a hidden count of its row, or when it implies a small count.
    # Every channel in a fixed order, as in the report: an order by size would rank the hidden ones.
    # The zones and the channels each add up to the total (the zones nearly: a postcode outside
    # every zone has none), and so do the zones' channels to the municipality's. One number shown in
    # several tables carries one ref: hidden everywhere when a sum hides it in one place. Labels in
    # the reports' language, as the places match by them.
    with translation.override(settings.LANGUAGE_CODE):
        all_requests = count(totals["total"], totals["residents"], ref="requests")
        all_settled = count(totals["settled"], totals["settled_residents"], ref="settled")
        channel_rows = [[label(name), count(channels.get(value, {}).get("total"),
                                                 channels.get(value, {}).get("residents"), ref=f"channel:{value}")]
                        for value, name in Channel.choices]
        zone_cells = {z["pk"]: (count(z["total"], z["residents"], ref=f"requests@{z['pk']}"),
                                count(z["settled"], z["settled_residents"], ref=f"settled@{z['pk']}")) for z in zones}
        zone_rows = [[label(z["name"]), *zone_cells[z["pk"]]] for z in zones]

        def section(key: str, rows: list, *, part: str | None = None, adds_up: bool = False,
                    ref_sums: list[RefSum] | None = None) -> dict[str, Any]:
            sums = [AddsUp("rows", parts=list(range(len(rows) - 1)), total=len(rows) - 1)] if adds_up else []
            return {**Section(key=key, title="", tables=[Table(caption="", columns=[], rows=rows, sums=sums)],
                              ref_sums=ref_sums or []).as_json(), "part": part}

        def settled_at_intake(requests: Cell, settled_: Cell, *extra: Cell, part: str | None = None) -> dict[str, Any]:
            return section("settled_at_intake", [[label(SETTLED_AT_INTAKE), settled_, *extra],
                                                 [label(ALL_REQUESTS), requests]], part=part)

        sections = [
            section("requests_by_channel", [*channel_rows, [label(ALL_CHANNELS), all_requests]], adds_up=True,
                    ref_sums=[RefSum(parts=[f"channel:{value}@{z['pk']}" for z in zones], total=f"channel:{value}")
                              for value in Channel.values]),
            settled_at_intake(all_requests, all_settled, percent(totals["settled"], totals["total"], totals["residents"])),
            section(_ZONES, [*zone_rows, [label(""), all_requests, all_settled]], adds_up=True),
            section(_VISITS, [[percent(totals["visited_in_time"], totals["visited"], totals["visited_residents"])]]),
        ]
        for pk, (requests, settled_) in zone_cells.items():
            in_zone_channels = [[label(name), count(zone_channels.get((pk, value), {}).get("total"),
                                                         zone_channels.get((pk, value), {}).get("residents"),
                                                         ref=f"channel:{value}@{pk}")]
                                for value, name in Channel.choices]
            sections += [section("requests_by_channel", [*in_zone_channels, [label(ALL_CHANNELS), requests]],
                                 part=council_part(pk), adds_up=True),
                         settled_at_intake(requests, settled_, part=council_part(pk))]
    if reports is None:
        reports = {zone_id: data for (_kind, _start, zone_id), data in readable_reports(
            period_kind=PeriodKind.QUARTER, period_start=date_from).items()}
    return suppress_sections(sections, threshold, stored=list(reports.values()),
                             same=[((0, council_part(zone_id)), index) for index, zone_id in enumerate(reports, start=1)])


def readable_reports(**filters: Any) -> dict[tuple[str, datetime.date, int | None], list[dict[str, Any]]]:
    """The stored reports the figures are suppressed against, by (period kind, start, zone; None
    the municipality): per scope the newest published version, which the council reads, else the
    newest draft (it can be published as it is)."""
    reports: dict[tuple[str, datetime.date, int | None], list[dict[str, Any]]] = {}
    for report in (Report.objects.filter(status__in=[ReportStatus.DRAFT, ReportStatus.PUBLISHED], **filters)
                   .order_by(F("published_at").asc(nulls_first=True), "version")
                   .values("period_kind", "period_start", "zone_id", "data")):
        reports[report["period_kind"], report["period_start"], report["zone_id"]] = report["data"]
    return reports
