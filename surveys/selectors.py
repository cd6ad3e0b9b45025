"""Survey figures, aggregated in the database. Nothing here returns a resident, an invitation or
a response id; remarks come without date and, below the threshold, without zone."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import Zone
from reporting.figures.base import previous_period
from reporting.models import PeriodKind, period_bounds
from reporting.suppression import half_up

from .models import AGREE_SCORES, Answer, Invitation, Response, Statement


def ended_quarters(today: datetime.date, count: int = 8) -> list[tuple[datetime.date, datetime.date]]:
    """The last `count` calendar quarters that have ended, newest first."""
    index = today.year * 4 + (today.month - 1) // 3  # the running quarter
    quarters = []
    for back in range(1, count + 1):
        year, quarter = divmod(index - back, 4)
        quarters.append(period_bounds(PeriodKind.QUARTER, year, quarter + 1))
    return quarters


def share(agreeing: int, respondents: int) -> float | None:
    """Rounded half up, as every share of the council report (reporting.suppression.half_up)."""
    return float(half_up(100 * agreeing / respondents, 1)) if respondents else None


@dataclass(frozen=True)
class StatementFigure:
    statement_id: int
    text: str
    respondents: int
    agreeing: int
    previous_respondents: int
    previous_agreeing: int

    @property
    def share(self) -> float | None:
        return share(self.agreeing, self.respondents)

    @property
    def previous_share(self) -> float | None:
        return share(self.previous_agreeing, self.previous_respondents)


def satisfaction_by_statement(*, date_from: datetime.date, date_to: datetime.date, zone_id: int | None = None,
                              zone_ids: list[int] | None = None) -> list[StatementFigure]:
    """Per statement: respondents and those agreeing (agree or strongly agree), this period and
    the previous one of the same length, in one query. "Don't know" answers count for neither.
    `zone_id` narrows to one zone, `zone_ids` to several (a team's); neither: the municipality."""
    prev_from, prev_to = previous_period(date_from, date_to)
    answered = Q(answers__score__isnull=False)
    if zone_id is not None:
        answered &= Q(answers__response__zone_id=zone_id)
    if zone_ids is not None:
        answered &= Q(answers__response__zone_id__in=zone_ids)
    now = answered & Q(answers__response__answered_on__range=(date_from, date_to))
    before = answered & Q(answers__response__answered_on__range=(prev_from, prev_to))
    agree = Q(answers__score__in=AGREE_SCORES)
    rows = (Statement.objects
            .filter(Q(active=True) | Exists(Answer.objects.filter(
                statement=OuterRef("pk"), response__answered_on__range=(prev_from, date_to))))
            .annotate(respondents=Count("answers", filter=now), agreeing=Count("answers", filter=now & agree),
                      previous_respondents=Count("answers", filter=before),
                      previous_agreeing=Count("answers", filter=before & agree))
            .order_by("position", "id"))
    return [StatementFigure(statement_id=s.pk, text=s.text, respondents=s.respondents, agreeing=s.agreeing,
                            previous_respondents=s.previous_respondents, previous_agreeing=s.previous_agreeing)
            for s in rows]


@dataclass(frozen=True)
class ZoneFigure:
    zone_id: int
    name: str
    invited: int
    responses: int
    previous_responses: int

    @property
    def response_rate(self) -> float | None:
        return share(self.responses, self.invited)


def response_rates(*, zones: list[Zone], date_from: datetime.date, date_to: datetime.date) -> list[ZoneFigure]:
    """Per zone: invitations sent and questionnaires returned in the period (two queries). The
    rate compares returns with invitations of the same period, the usual approximation when
    answers cannot be traced back to invitations."""
    prev_from, prev_to = previous_period(date_from, date_to)
    ids = [z.pk for z in zones]
    start = datetime.datetime.combine(date_from, datetime.time.min)
    end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min)
    invited = dict(Invitation.objects.filter(zone_id__in=ids, created_at__gte=timezone.make_aware(start),
                                             created_at__lt=timezone.make_aware(end))
                   .values_list("zone_id").annotate(n=Count("id")).values_list("zone_id", "n"))
    returned = {row["zone_id"]: row for row in Response.objects.filter(zone_id__in=ids)
                .values("zone_id").annotate(
                    now=Count("id", filter=Q(answered_on__range=(date_from, date_to))),
                    before=Count("id", filter=Q(answered_on__range=(prev_from, prev_to))))}
    return [ZoneFigure(zone_id=z.pk, name=z.name, invited=invited.get(z.pk, 0),
                       responses=returned.get(z.pk, {}).get("now", 0),
                       previous_responses=returned.get(z.pk, {}).get("before", 0)) for z in zones]


def remarks(*, zone_ids: list[int], date_from: datetime.date, date_to: datetime.date,
            shown_zone_ids: set[int]) -> list[tuple[str, str]]:
    """(zone name or "", remark) for the period, in alphabetical order so that the order says
    nothing about when or by whom; the zone only where it has enough respondents."""
    rows = (Response.objects.filter(zone_id__in=zone_ids, answered_on__range=(date_from, date_to))
            .exclude(remark="").values_list("zone_id", "zone__name", "remark").order_by("remark"))
    return [(name if zone_id in shown_zone_ids else "", remark) for zone_id, name, remark in rows]
