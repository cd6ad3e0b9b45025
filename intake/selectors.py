"""Page-shaped reads with their joins decided once, so each page runs a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import FETCH_RAISE, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from accounts.models import User
from toegang.charts import LineChart, score_line_chart

from .models import (
    OPEN_STATUSES,
    Conversation,
    ConversationStatus,
    HelpRequest,
    Household,
    HouseholdMembership,
    Resident,
    SelfRelianceScore,
    restricted_resident_ids,
)
from .timeline import TimelineEvent, extra_events


def _request_list(qs: QuerySet[HelpRequest]) -> QuerySet[HelpRequest]:
    # FETCH_RAISE: a template that touches a relation not loaded here fails in the tests instead
    # of quietly running one query per row.
    return (qs.select_related("resident", "household", "zone", "assigned_worker")
            .prefetch_related("life_domains").fetch_mode(FETCH_RAISE))


def intake_queue(*, user: User, zone_id: int | None = None, status: str = "", overdue_only: bool = False,
                 today: datetime.date) -> QuerySet[HelpRequest]:
    """The intake queue: open requests the user may see, overdue home visits first."""
    qs = HelpRequest.objects.visible_to(user)
    qs = qs.filter(status=status) if status else qs.filter(status__in=OPEN_STATUSES)
    if zone_id:
        qs = qs.filter(zone_id=zone_id)
    if overdue_only:
        qs = qs.visit_overdue(today)
    return _request_list(qs).order_by("visit_due_on", "id")


@dataclass
class MyWork:
    visits_today: list[HelpRequest]
    open_requests: list[HelpRequest]
    drafts: list[Conversation]
    overdue_count: int


def my_work(*, user: User, today: datetime.date) -> MyWork:
    mine = HelpRequest.objects.unrestricted().filter(assigned_worker=user)
    visits_today = list(_request_list(mine.filter(visit_planned_at__date=today, status__in=OPEN_STATUSES))
                        .order_by("visit_planned_at"))
    open_requests = list(_request_list(mine.filter(status__in=OPEN_STATUSES)).order_by("visit_due_on", "id"))
    # By the conversation's worker (indexed): a request handed over during the conversation hands
    # its draft to the new worker as well (help_request_reassign). Through `mine` instead, the
    # query read every conversation of the worker's requests (28 ms at 100 000 residents).
    drafts = list(
        Conversation.objects.filter(worker=user, status=ConversationStatus.DRAFT,
                                    help_request__in=HelpRequest.objects.unrestricted())
        .select_related("help_request__resident", "household").order_by("-updated_at")
    )
    overdue = sum(1 for r in open_requests if r.visit_overdue_on(today))
    return MyWork(visits_today=visits_today, open_requests=open_requests, drafts=drafts, overdue_count=overdue)


def surname_variants(typed: str) -> list[str]:
    """The surnames, lower case, that a typed surname may be stored as: 'van der Berg' as the
    resident says it is stored as prefix 'van der' and surname 'Berg', so 'van der berg', 'der
    berg' and 'berg' (each a match on the indexed lower(surname), not a scan of the register)."""
    words = typed.lower().split()
    return [" ".join(words[i:]) for i in range(len(words))]


def resident_candidates(*, bsn: str = "", surname: str = "", date_of_birth: datetime.date | None = None,
                        postcode: str = "", house_number: str = "", limit: int = 20) -> list[Resident]:
    """Duplicate check at intake, across the whole municipality: the front door must find a
    person wherever they live. Callers log the search; results show only identifying fields."""
    condition = Q()
    if bsn:
        condition |= Q(bsn=bsn)
    if surname and date_of_birth:
        condition |= Q(lower_surname__in=surname_variants(surname), date_of_birth=date_of_birth)
    if postcode and house_number:
        condition |= Exists(HouseholdMembership.objects.filter(
            resident=OuterRef("pk"), end_date__isnull=True, household__postcode=postcode,
            household__house_number__iexact=house_number))
    if not condition:
        return []
    current = HouseholdMembership.objects.filter(end_date__isnull=True).select_related("household")
    return list(
        Resident.objects.unrestricted().annotate(lower_surname=Lower("surname")).filter(condition)
        .prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_memberships"))
        .order_by("surname", "first_names")[:limit]
    )


@dataclass
class ScoreSeries:
    domain: str
    points: list[tuple[datetime.date, int]] = field(default_factory=list)

    @property
    def chart(self) -> LineChart:
        return score_line_chart(self.domain, self.points)


def household_story(*, household: Household) -> dict[str, Any]:
    """Everything the household told and was decided, on one timeline (newest first), plus the
    self-reliance scores over time per domain for the chart."""
    # The household is visible, so no current member is restricted; a former member may be
    # (AVG art. 18), and their requests and conversations stay hidden here too.
    requests = list(
        HelpRequest.objects.filter(household=household).unrestricted()
        .select_related("resident", "assigned_worker").prefetch_related("life_domains")
    )
    conversations = list(
        Conversation.objects.filter(household=household)
        .exclude(help_request__resident_id__in=restricted_resident_ids())
        .select_related("worker", "help_request__resident")
    )
    events = [TimelineEvent(on=r.first_contact_on, kind="request", title=r.get_channel_display(), obj=r)
              for r in requests]
    events += [TimelineEvent(on=c.held_on, kind="conversation", title=c.get_outcome_display(), obj=c)
               for c in conversations]
    events += extra_events(household_ids=[household.pk], resident_ids=[])
    events.sort(key=lambda e: (e.on, e.kind), reverse=True)
    return {"events": events, "chart": score_chart(conversation_ids=[c.pk for c in conversations])}


def resident_story(*, resident: Resident, within: QuerySet[HelpRequest] | None = None) -> dict[str, Any]:
    """The resident's whole story: every request, conversation, move and what followed. `within`
    narrows it to those requests and their conversations, nothing else: for a user who sees the
    resident only through requests of their own (the front-door intaker of another zone), since
    anyone may register a request for anyone and that must not open the rest of the history."""
    partial = within is not None
    memberships = [] if partial else list(resident.memberships.select_related("household").order_by("-start_date"))
    requests = within if partial else HelpRequest.objects.all()
    requests = list(
        requests.filter(resident=resident)
        .select_related("household", "assigned_worker").prefetch_related("life_domains")
    )
    conversations = Conversation.objects.filter(help_request__resident=resident)
    if partial:
        conversations = conversations.filter(help_request__in=[r.pk for r in requests])
    conversations = list(conversations.select_related("worker", "household"))
    events = [TimelineEvent(on=r.first_contact_on, kind="request", title=r.get_channel_display(), obj=r)
              for r in requests]
    events += [TimelineEvent(on=c.held_on, kind="conversation", title=c.get_outcome_display(), obj=c)
               for c in conversations]
    events += [TimelineEvent(on=m.start_date, kind="moved", title=str(m.household), obj=m) for m in memberships]
    if not partial:
        events += extra_events(household_ids=[], resident_ids=[resident.pk])
    events.sort(key=lambda e: (e.on, e.kind), reverse=True)
    return {"events": events, "memberships": memberships, "partial_story": partial,
            "chart": score_chart(conversation_ids=[c.pk for c in conversations])}


def score_chart(*, conversation_ids: list[int]) -> list[ScoreSeries]:
    """Scores per domain in date order, only for domains scored at least once."""
    rows = (
        SelfRelianceScore.objects.filter(conversation_id__in=conversation_ids, score__isnull=False)
        .values_list("domain__name", "domain__position", "conversation__held_on", "score")
        .order_by("domain__position", "conversation__held_on")
    )
    series: dict[str, ScoreSeries] = {}
    for name, _position, held_on, score in rows:
        series.setdefault(name, ScoreSeries(domain=name)).points.append((held_on, score))
    return list(series.values())
