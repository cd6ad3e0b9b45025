"""Aggregates for the council (the team leader's dashboard reads reporting.team_selectors).
Everything is counted in the database; the council's figures never carry a name, an address or a record number."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, F, Q

from accounts.models import Zone
from intake.models import Channel, HelpRequest, RequestStatus


def council_figures(*, date_from: datetime.date, date_to: datetime.date) -> dict[str, Any]:
    period = HelpRequest.objects.filter(first_contact_on__gte=date_from, first_contact_on__lte=date_to)
    totals = period.aggregate(
        total=Count("id"),
        settled=Count("id", filter=Q(status=RequestStatus.SETTLED)),
        visited=Count("id", filter=Q(status=RequestStatus.COMPLETED)),
        visited_in_time=Count("id", filter=Q(status=RequestStatus.COMPLETED,
                                             conversation__held_on__lte=F("visit_due_on"))),
    )
    by_zone = list(
        Zone.objects.annotate(
            total=Count("help_requests", filter=Q(help_requests__in=period)),
            settled=Count("help_requests", filter=Q(help_requests__in=period,
                                                    help_requests__status=RequestStatus.SETTLED)),
        ).values("name", "total", "settled").order_by("name")
    )
    channel_labels = dict(Channel.choices)
    by_channel = [
        {"channel": channel_labels.get(row["channel"], row["channel"]), "total": row["total"]}
        for row in period.values("channel").annotate(total=Count("id")).order_by("-total")
    ]
    return {"totals": totals, "by_zone": by_zone, "by_channel": by_channel,
            "settled_share": _share(totals["settled"], totals["total"]),
            "in_time_share": _share(totals["visited_in_time"], totals["visited"])}


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
