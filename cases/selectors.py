"""Page-shaped reads for plans, with their joins decided once (constant query counts)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import FETCH_RAISE, Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from intake.models import SelfRelianceScore
from intake.timeline import TimelineEvent
from mandates.models import ClockTask
from mandates.selectors import open_clock_tasks
from toegang.charts import LineChart, score_line_chart

from .models import (
    Action,
    Assignment,
    Case,
    CaseDocument,
    CaseStatus,
    Consent,
    Evaluation,
    FollowUp,
    FollowUpStatus,
    Goal,
    GoalEvaluation,
    Notification,
    PartnerFeedback,
    Task,
)


def timeline_events(*, household_ids: list[int], resident_ids: list[int]) -> list[TimelineEvent]:
    """Plans on the household timeline (opened, closed), in one query."""
    if not household_ids:
        return []
    events = []
    for case in Case.objects.filter(household_id__in=household_ids).select_related("director").order_by("pk"):
        url = reverse("cases:detail", args=[case.pk])
        events.append(TimelineEvent(on=case.opened_on, kind="plan", title=_("Plan opened"), obj=case, url=url,
                                    detail=_("case director %(name)s") % {"name": case.director}))
        if case.closed_on:
            events.append(TimelineEvent(on=case.closed_on, kind="plan", title=_("Plan closed"), obj=case, url=url,
                                        detail=case.get_outcome_display()))
    return events


def evaluation_timeline_events(*, household_ids: list[int], resident_ids: list[int]) -> list[TimelineEvent]:
    """Plan evaluations and follow-up contacts held, on the household timeline (one query each
    source; this one reads evaluations)."""
    if not household_ids:
        return []
    return [
        TimelineEvent(on=e.held_on, kind="plan", title=_("Plan evaluated"), obj=e,
                      url=reverse("cases:detail", args=[e.case_id]), detail=_("by %(name)s") % {"name": e.by})
        for e in Evaluation.objects.filter(case__household_id__in=household_ids).select_related("by").order_by("pk")
    ]


def follow_up_timeline_events(*, household_ids: list[int], resident_ids: list[int]) -> list[TimelineEvent]:
    """Follow-up contacts held after closure, on the household timeline (one query)."""
    if not household_ids:
        return []
    return [
        TimelineEvent(on=f.done_on, kind="plan", title=_("Follow-up contact"), obj=f,
                      url=reverse("cases:detail", args=[f.case_id]), detail=f.get_result_display())
        for f in FollowUp.objects.filter(case__household_id__in=household_ids, status=FollowUpStatus.DONE)
        .order_by("pk")
    ]


@dataclass
class ScoreSeries:
    domain: str
    points: list[tuple[datetime.date, int]] = field(default_factory=list)

    @property
    def chart(self) -> LineChart:
        return score_line_chart(self.domain, self.points)


@dataclass
class CasePage:
    case: Case
    goals: list[Goal]
    actions: list[Action]
    evaluations: list[Evaluation]
    follow_ups: list[FollowUp]
    assignments: list[Assignment]
    consents: list[Consent]
    feedback: list[PartnerFeedback]
    chart: list[ScoreSeries]
    domain_count: int
    organisation_count: int
    documents: list[CaseDocument] = field(default_factory=list)

    @property
    def partner_actions(self) -> list[Action]:
        """The actions a partner organisation carries out: feedback can be recorded on their behalf."""
        return [action for action in self.actions if action.by_partner]

    @property
    def complex_suggested(self) -> bool:
        return self.case.complex_suggested(domain_count=self.domain_count,
                                           organisation_count=self.organisation_count)


def score_series(*, case: Case, evaluations: list[Evaluation]) -> list[ScoreSeries]:
    """Per domain: the score at the conversation, then at each evaluation (only domains of the
    plan's goals or re-scored at an evaluation)."""
    series: dict[int, ScoreSeries] = {}
    names: dict[int, tuple[int, str]] = {}
    start = (SelfRelianceScore.objects.filter(conversation_id=case.conversation_id, score__isnull=False)
             .values_list("domain_id", "domain__position", "domain__name", "score"))
    start_scores = {d: (pos, name, s) for d, pos, name, s in start}
    rescored = {s.domain_id: s for e in evaluations for s in e.scores.all()}
    for domain_id in rescored:
        if domain_id in start_scores:
            pos, name, score = start_scores[domain_id]
            names[domain_id] = (pos, name)
            series.setdefault(domain_id, ScoreSeries(domain=name)).points.append(
                (case.conversation.held_on, score))
    for evaluation in evaluations:
        for s in evaluation.scores.all():
            names.setdefault(s.domain_id, (s.domain.position, s.domain.name))
            series.setdefault(s.domain_id, ScoreSeries(domain=s.domain.name)).points.append(
                (evaluation.held_on, s.score))
    return [series[d] for d in sorted(series, key=lambda d: names[d])]


def case_page(*, case: Case) -> CasePage:
    goals = list(case.goals.select_related("domain").prefetch_related("results"))
    actions = list(case.actions.select_related("organisation", "worker", "goal__domain"))
    evaluations = list(
        case.evaluations.select_related("by")
        .prefetch_related(Prefetch("scores", queryset=_scores()),
                          Prefetch("goal_results", queryset=GoalEvaluation.objects.select_related("goal__domain")))
    )
    follow_ups = list(case.follow_ups.select_related("done_by"))
    assignments = list(case.assignments.select_related("director", "assigned_by"))
    consents = list(case.consents.select_related("organisation", "recorded_by", "withdrawn_by"))
    feedback = list(case.feedback.select_related("organisation", "author", "action"))
    return CasePage(
        case=case, goals=goals, actions=actions, evaluations=evaluations, follow_ups=follow_ups,
        assignments=assignments, consents=consents, feedback=feedback,
        chart=score_series(case=case, evaluations=evaluations),
        domain_count=len({g.domain_id for g in goals}),
        organisation_count=len({a.organisation_id for a in actions if a.organisation_id}),
        documents=case_documents(case=case),
    )


def case_documents(*, case: Case) -> list[CaseDocument]:
    """The documents still present on the case, newest first, with their uploader."""
    return list(CaseDocument.objects.filter(case=case, removed_at__isnull=True).select_related("uploaded_by")
                .order_by("-uploaded_at", "-pk").fetch_mode(FETCH_RAISE))


def document_timeline_events(*, household_ids: list[int], resident_ids: list[int]) -> list[TimelineEvent]:
    """Documents added to and removed from the household's plans (one query). The description
    is shown; the file itself only through the plan's download link."""
    if not household_ids:
        return []
    events = []
    documents = (CaseDocument.objects.filter(case__household_id__in=household_ids)
                 .select_related("uploaded_by", "removed_by").order_by("pk"))
    for document in documents:
        url = reverse("cases:detail", args=[document.case_id])
        events.append(TimelineEvent(
            on=timezone.localdate(document.uploaded_at), kind="plan", title=_("Document added to the plan"),
            obj=document, url=url, detail=_("%(description)s, by %(name)s") % {
                "description": document.description, "name": document.uploaded_by}))
        if document.removed_at:
            events.append(TimelineEvent(
                on=timezone.localdate(document.removed_at), kind="plan", title=_("Document removed from the plan"),
                obj=document, url=url, detail=_("%(description)s, by %(name)s") % {
                    "description": document.description, "name": document.removed_by}))
    return events


def _scores():
    from .models import EvaluationScore

    return EvaluationScore.objects.select_related("domain").order_by("domain__position")


@dataclass
class CaseWork:
    tasks: list[Task]
    clock_tasks: list[ClockTask]
    evaluations_due: list[Case]
    follow_ups_due: list[FollowUp]
    open_cases: list[Case]
    unread: int


CLOCK_TASKS_SHOWN = 50


def my_case_work(*, user: User, today: datetime.date, horizon_days: int = 30) -> CaseWork:
    """A worker's plans: evaluations and follow-ups due within the horizon, overdue first (by
    date ascending, so the oldest is on top), and their open tasks."""
    horizon = today + datetime.timedelta(days=horizon_days)
    tasks = list(
        Task.objects.filter(user=user, done_at__isnull=True, case__in=Case.objects.unrestricted())
        .select_related("case__household").order_by("due_on", "pk").fetch_mode(FETCH_RAISE)
    )
    evaluations_due = list(
        Case.objects.unrestricted().filter(director=user, status=CaseStatus.OPEN, next_evaluation_on__lte=horizon)
        .select_related("household").order_by("next_evaluation_on", "pk").fetch_mode(FETCH_RAISE)
    )
    follow_ups_due = list(
        FollowUp.objects.filter(case__director=user, status=FollowUpStatus.PLANNED, case__status=CaseStatus.CLOSED,
                                due_on__lte=horizon, case__in=Case.objects.unrestricted())
        .select_related("case__household").order_by("due_on", "pk").fetch_mode(FETCH_RAISE)
    )
    open_cases = list(
        Case.objects.unrestricted().filter(director=user, status=CaseStatus.OPEN).select_related("household")
        .annotate(goal_count=Count("goals", distinct=True),
                  open_actions=Count("actions", filter=Q(actions__status__in=["planned", "in_progress"]),
                                     distinct=True))
        .order_by("next_evaluation_on", "pk").fetch_mode(FETCH_RAISE)
    )
    # The legal-clock warnings of the same daily job (mandates.ClockTask: a clock usually runs
    # before any plan exists), so a worker sees every deadline on one page.
    clock_tasks = list(open_clock_tasks(user=user)[:CLOCK_TASKS_SHOWN])
    unread = _notifications(user).filter(read_at__isnull=True).count()
    return CaseWork(tasks=tasks, clock_tasks=clock_tasks, evaluations_due=evaluations_due,
                    follow_ups_due=follow_ups_due, open_cases=open_cases, unread=unread)


def _notifications(user: User) -> QuerySet[Notification]:
    # A plan of a household with a restricted member is hidden (AVG art. 18), its notices too.
    return Notification.objects.filter(user=user, task__case__in=Case.objects.unrestricted())


def notifications_for(*, user: User, limit: int = 200) -> list[Notification]:
    return list(
        _notifications(user).select_related("task__case__household")
        .order_by("-created_at", "-pk").fetch_mode(FETCH_RAISE)[:limit]
    )


FEEDBACK_ASKED_DAYS = 14


def shared_cases(*, user: User, today: datetime.date) -> QuerySet[Case]:
    """A partner worker's list: plans shared with their organisation by a consent in force.
    Feedback is asked when the plan's evaluation is near and the organisation has an action in it
    (the evaluation wants to know whether the partner's part worked)."""
    own_action = Action.objects.filter(case=OuterRef("pk"), organisation_id=user.organisation_id)
    return (Case.objects.visible_to(user).select_related("household", "director")
            .annotate(feedback_asked=Exists(own_action) & Q(
                status=CaseStatus.OPEN, next_evaluation_on__lte=today + datetime.timedelta(days=FEEDBACK_ASKED_DAYS)))
            .order_by("-feedback_asked", "next_evaluation_on", "pk").fetch_mode(FETCH_RAISE))


def team_cases(*, user: User, today: datetime.date) -> list[Case]:
    """A team leader's view of the team's open plans: evaluations overdue first, with the
    director and the number of directors so far (reassignments)."""
    return list(
        Case.objects.visible_to(user).filter(status=CaseStatus.OPEN)
        .select_related("household", "director", "case_type")
        .annotate(director_count=Count("assignments", distinct=True))
        .order_by("next_evaluation_on", "pk").fetch_mode(FETCH_RAISE)[:500]
    )
