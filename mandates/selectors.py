"""Page-shaped reads of decisions, with their joins decided once (constant query counts)."""

from __future__ import annotations

import datetime

from django.db.models import FETCH_RAISE, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from intake.models import restricted_resident_ids
from intake.timeline import TimelineEvent

from .models import ClockTask, Decision, LegalClock, Objection, ObjectionStatus

_LIST_JOINS = ("resident", "household", "prepared_by", "help_request__zone")


def _decision_list(qs: QuerySet[Decision]) -> QuerySet[Decision]:
    return qs.select_related(*_LIST_JOINS).fetch_mode(FETCH_RAISE)


def approval_queue(*, user: User) -> QuerySet[Decision]:
    """Decisions routed for four eyes that the user may see; the longest-waiting first."""
    return _decision_list(Decision.objects.visible_to(user).awaiting_approval()).order_by("submitted_at", "pk")


def open_decisions(*, user: User, today: datetime.date, due_soon_days: int,
                   only: str = "") -> QuerySet[Decision]:
    """Decisions not yet sent, by the day their clock runs out; `only` = overdue or due_soon."""
    qs = Decision.objects.visible_to(user).open()
    if only == "overdue":
        qs = qs.filter(due_on__lt=today)
    elif only == "due_soon":
        qs = qs.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=due_soon_days))
    return _decision_list(qs).order_by("due_on", "pk")


def open_objections(*, user: User) -> QuerySet[Objection]:
    return (Objection.objects.filter(status=ObjectionStatus.OPEN, decision__in=Decision.objects.visible_to(user))
            .select_related("decision__resident", "decision__decided_by").fetch_mode(FETCH_RAISE)
            .order_by("due_on", "pk"))


def running_legal_clocks(*, user: User, today: datetime.date, due_soon_days: int,
                         only: str = "") -> QuerySet[LegalClock]:
    """The legal clocks of requests the user may see that still wait for their act, by due date;
    `only` = overdue or due_soon."""
    qs = LegalClock.objects.visible_to(user).running()
    if only == "overdue":
        qs = qs.filter(due_on__lt=today)
    elif only == "due_soon":
        qs = qs.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=due_soon_days))
    return (qs.select_related("help_request__resident", "help_request__zone", "help_request__assigned_worker")
            .fetch_mode(FETCH_RAISE).order_by("due_on", "pk"))


def clocks_of_request(*, help_request_id: int) -> list[LegalClock]:
    return list(LegalClock.objects.filter(help_request_id=help_request_id).order_by("started_on", "pk"))


def clock_task_open(prefix: str = "") -> Q:
    """A clock task still to act on: not done, and its clock still running (LegalClock.running:
    not met, the request not settled). Restricted residents (AVG art. 18) are hidden from every
    list, tasks and digests included. `prefix` reaches the task through a relation."""
    from intake.models import HelpRequest

    running = LegalClock.objects.running().filter(help_request__in=HelpRequest.objects.unrestricted())
    return Q(**{f"{prefix}done_at__isnull": True, f"{prefix}clock__in": running})


def open_clock_tasks(*, user: User) -> QuerySet[ClockTask]:
    """The user's clock tasks from the daily job that are still to act on, most urgent first."""
    return (ClockTask.objects.filter(clock_task_open(), user=user)
            .select_related("clock__help_request__resident").fetch_mode(FETCH_RAISE).order_by("due_on", "pk"))


def due_legal_clocks(*, today: datetime.date, due_soon_days: int):
    """For the daily job: running clocks due within `due_soon_days` or overdue, with who is
    responsible (the assigned meitinker, else the conversation's, else who registered it)."""
    return (LegalClock.objects.running().filter(due_on__lte=today + datetime.timedelta(days=due_soon_days))
            .values_list("pk", "due_on", "help_request__assigned_worker_id", "conversation__worker_id",
                         "help_request__created_by_id").order_by("pk"))


def timeline_events(*, household_ids: list[int], resident_ids: list[int]) -> list[TimelineEvent]:
    """Decisions on the household's timeline (one query): sent ones on the day they were sent,
    open ones on the day they were prepared, with the day their clock runs out."""
    # A former member of the household whose processing is restricted (AVG art. 18): their
    # decisions stay hidden on the household's timeline too.
    decisions = (Decision.objects.filter(Q(household_id__in=household_ids) | Q(resident_id__in=resident_ids))
                 .exclude(resident_id__in=restricted_resident_ids()))
    events = []
    for d in decisions.order_by("-prepared_at"):
        kind = d.get_kind_display().lower()
        if d.is_sent:
            title = _("Decision: %(kind)s, %(outcome)s") % {"kind": kind, "outcome": d.get_outcome_display().lower()}
            on = d.sent_on
        else:
            title = _("Decision in preparation: %(kind)s (%(status)s), due on %(due)s") % {
                "kind": kind, "status": d.get_status_display().lower(), "due": date_format(d.due_on)}
            on = timezone.localdate(d.prepared_at)
        events.append(TimelineEvent(on=on, kind="decision", title=title, obj=d,
                                    url=reverse("mandates:decision", args=[d.pk])))
    return events
