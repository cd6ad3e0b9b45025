"""The only writers of cases (plans), goals, actions, evaluations, follow-ups and consents.

Keyword-only, atomic, and each writes the access log in the same transaction. Plan edits are
compare-and-swap on Case.version, so two people editing the same plan never silently overwrite
each other: the second gets PlanConflict and keeps what they typed.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from audit.models import Action as LogAction
from audit.services import access_log_record
from intake.models import Conversation, ConversationOutcome, ConversationStatus, LifeDomain
from partners.models import Organisation

from . import events
from .models import (
    Action,
    ActionStatus,
    Actor,
    Assignment,
    Case,
    CaseStatus,
    CaseType,
    Consent,
    Evaluation,
    EvaluationScore,
    FollowUp,
    FollowUpResult,
    FollowUpStatus,
    Goal,
    GoalEvaluation,
    PartnerFeedback,
    Task,
    add_months,
)

# Domains scored at or below this level at the conversation become goals of the new plan.
LOW_SCORE = 3


class PlanConflict(Exception):
    """Someone else changed the plan since this editor loaded it."""

    def __init__(self, current: Case) -> None:
        super().__init__("plan changed by someone else")
        self.current = current


class InvalidTransition(Exception):
    pass


class ConsentConflict(Exception):
    """A colleague recorded a consent for the same partner since this user loaded the plan."""

    def __init__(self, current: Consent | None) -> None:
        super().__init__("consent recorded by someone else")
        self.current = current


def _resident_id(case: Case) -> int | None:
    return case.conversation.help_request.resident_id


def _log(*, user: User, request: HttpRequest | None, case: Case, purpose: str, action: str = LogAction.UPDATE,
         obj: Any = None, detail: dict | None = None) -> None:
    access_log_record(user=user, action=action, obj=obj or case, resident_id=_resident_id(case),
                      purpose=purpose, request=request, detail={"case": case.pk, **(detail or {})})


def _claim_version(*, case: Case, expected_version: int, user: User) -> Case:
    """Compare-and-swap: bump the version only if nobody else did since `expected_version`."""
    updated = Case.objects.filter(pk=case.pk, version=expected_version).update(
        version=F("version") + 1, updated_by=user, updated_at=timezone.now())
    if not updated:
        raise PlanConflict(Case.objects.select_related("updated_by").get(pk=case.pk))
    case.refresh_from_db(fields=["version", "updated_by", "updated_at"])
    return case


def default_case_type() -> CaseType:
    case_type = CaseType.objects.filter(active=True, code="standard").first() or CaseType.objects.filter(
        active=True).first()
    if case_type is None:
        case_type = CaseType.objects.create(name="Standaard", code="standard", follow_up_months=[3, 12])
    return case_type


@transaction.atomic
def case_open(*, user: User, request: HttpRequest | None, conversation: Conversation,
              case_type: CaseType | None = None, today: datetime.date) -> Case:
    """Open the household's case from a finished conversation whose outcome is "needs a plan".
    The plan starts from the conversation: a goal for each domain scored low, with the
    resident's words from the conversation, so nothing is typed twice. Opening twice returns
    the same case."""
    existing = Case.objects.filter(conversation=conversation).first()
    if existing is not None:
        return existing
    if conversation.status != ConversationStatus.FINISHED or conversation.outcome != ConversationOutcome.NEEDS_PLAN:
        raise InvalidTransition("only a finished conversation that needs a plan opens a case")
    if Case.objects.filter(household=conversation.household, status=CaseStatus.OPEN).exists():
        raise InvalidTransition("the household already has an open plan")
    case_type = case_type or default_case_type()
    director = user if user.is_worker else conversation.worker
    case = Case.objects.create(
        household=conversation.household, conversation=conversation, case_type=case_type, director=director,
        summary=conversation.outcome_note, opened_on=today, updated_by=user,
        next_evaluation_on=add_months(today, case_type.evaluation_interval_months),
    )
    Assignment.objects.create(case=case, director=director, start_on=today, assigned_by=user)
    low = conversation.scores.filter(score__isnull=False, score__lte=LOW_SCORE).select_related("domain")
    Goal.objects.bulk_create(
        Goal(case=case, domain=score.domain, start_score=score.score,
             text=score.note or str(score.domain.name))
        for score in low.order_by("domain__position")
    )
    _log(user=user, request=request, case=case, action=LogAction.CREATE, purpose="plan: open case",
         detail={"conversation": conversation.pk})
    return case


@transaction.atomic
def plan_update(*, user: User, request: HttpRequest | None, case: Case, expected_version: int,
                summary: str) -> Case:
    _claim_version(case=case, expected_version=expected_version, user=user)
    Case.objects.filter(pk=case.pk).update(summary=summary)
    case.summary = summary
    _log(user=user, request=request, case=case, purpose="plan: edit summary")
    return case


@transaction.atomic
def goal_add(*, user: User, request: HttpRequest | None, case: Case, expected_version: int,
             domain: LifeDomain, text: str) -> Goal:
    _claim_version(case=case, expected_version=expected_version, user=user)
    goal = Goal.objects.create(case=case, domain=domain, text=text)
    _log(user=user, request=request, case=case, purpose="plan: add goal", detail={"goal": goal.pk})
    return goal


@transaction.atomic
def goal_update(*, user: User, request: HttpRequest | None, case: Case, expected_version: int, goal: Goal,
                domain: LifeDomain, text: str) -> Goal:
    """Reword a goal as the resident refines it; its results at earlier evaluations stay."""
    if goal.case_id != case.pk:
        raise InvalidTransition("goal of another case")
    _claim_version(case=case, expected_version=expected_version, user=user)
    goal.domain, goal.text = domain, text
    goal.save(update_fields=["domain", "text"])
    _log(user=user, request=request, case=case, purpose="plan: edit goal", detail={"goal": goal.pk})
    return goal


@transaction.atomic
def action_add(*, user: User, request: HttpRequest | None, case: Case, expected_version: int,
               description: str, actor: str, due_on: datetime.date, goal: Goal | None = None,
               organisation: Organisation | None = None, worker: User | None = None) -> Action:
    _claim_version(case=case, expected_version=expected_version, user=user)
    action = Action.objects.create(
        case=case, goal=goal, description=description, actor=actor, due_on=due_on,
        organisation=organisation if actor == Actor.PARTNER else None,
        worker=worker if actor == Actor.WORKER else None,
    )
    _log(user=user, request=request, case=case, purpose="plan: add action", detail={"action": action.pk})
    return action


@transaction.atomic
def action_set_status(*, user: User, request: HttpRequest | None, case: Case, expected_version: int,
                      action: Action, status: str) -> Action:
    if action.case_id != case.pk:
        raise InvalidTransition("action of another case")
    _claim_version(case=case, expected_version=expected_version, user=user)
    action.status = status
    action.save(update_fields=["status"])
    if status in (ActionStatus.DONE, ActionStatus.CANCELLED):
        Task.objects.filter(case=case, key__startswith=f"action:{action.pk}:", done_at__isnull=True).update(
            done_at=timezone.now())
    _log(user=user, request=request, case=case, purpose="plan: action status",
         detail={"action": action.pk, "status": status})
    return action


@transaction.atomic
def case_decide_complex(*, user: User, request: HttpRequest | None, case: Case, expected_version: int,
                        complex_case: bool) -> Case:
    _claim_version(case=case, expected_version=expected_version, user=user)
    Case.objects.filter(pk=case.pk).update(complex_decision=complex_case, complex_decided_by=user)
    case.complex_decision, case.complex_decided_by = complex_case, user
    _log(user=user, request=request, case=case, purpose="plan: decide complexity",
         detail={"complex": complex_case})
    return case


@transaction.atomic
def case_reassign(*, user: User, request: HttpRequest | None, case: Case, expected_version: int,
                  director: User, today: datetime.date, reason: str = "") -> Case:
    """Hand the case to another worker; the old period is closed, never overwritten, so the team
    leader sees who carried it when."""
    if not case.is_open:
        raise InvalidTransition("only an open case is reassigned")
    if director.pk == case.director_id:
        return case
    _claim_version(case=case, expected_version=expected_version, user=user)
    Assignment.objects.filter(case=case, end_on__isnull=True).update(end_on=today)
    Assignment.objects.create(case=case, director=director, start_on=today, assigned_by=user, reason=reason)
    Case.objects.filter(pk=case.pk).update(director=director)
    # Open evaluation and follow-up tasks move with the case.
    Task.objects.filter(case=case, done_at__isnull=True, kind__in=["evaluation", "follow_up"]).update(
        user=director)
    case.director = director
    _log(user=user, request=request, case=case, purpose="plan: reassign case director",
         detail={"director": director.pk})
    return case


@transaction.atomic
def evaluation_record(*, user: User, request: HttpRequest | None, case: Case, expected_version: int,
                      held_on: datetime.date, goal_results: Mapping[int, str], scores: Mapping[int, int],
                      note: str) -> Evaluation:
    """The regisseur evaluates each goal and re-scores self-reliance per domain; the next
    evaluation is set a case-type interval after this one."""
    if not case.is_open:
        raise InvalidTransition("only an open case is evaluated")
    _claim_version(case=case, expected_version=expected_version, user=user)
    evaluation = Evaluation.objects.create(case=case, held_on=held_on, by=user, note=note)
    goal_ids = set(case.goals.values_list("pk", flat=True))
    GoalEvaluation.objects.bulk_create(
        GoalEvaluation(evaluation=evaluation, goal_id=goal_id, result=result)
        for goal_id, result in goal_results.items() if goal_id in goal_ids and result
    )
    EvaluationScore.objects.bulk_create(
        EvaluationScore(evaluation=evaluation, domain_id=domain_id, score=score)
        for domain_id, score in scores.items() if score
    )
    next_on = add_months(held_on, case.case_type.evaluation_interval_months)
    Case.objects.filter(pk=case.pk).update(next_evaluation_on=next_on)
    case.next_evaluation_on = next_on
    Task.objects.filter(case=case, kind="evaluation", done_at__isnull=True).update(done_at=timezone.now())
    _log(user=user, request=request, case=case, action=LogAction.CREATE, obj=evaluation,
         purpose="plan: evaluation")
    return evaluation


@transaction.atomic
def partner_feedback_record(*, user: User, request: HttpRequest | None, case: Case, action: Action,
                            worked: str, text: str) -> PartnerFeedback:
    """A partner (or the worker on their behalf) tells whether their part of the plan worked."""
    if action.case_id != case.pk:
        raise InvalidTransition("action of another case")
    # The same feedback posted twice (a double click, a reload) is recorded once: the second
    # returns the first. The lock on the action makes a simultaneous second post wait and find it.
    Action.objects.select_for_update().filter(pk=action.pk).first()
    same = PartnerFeedback.objects.filter(action=action, author=user, worked=worked, text=text,
                                          created_at__date=timezone.localdate()).first()
    if same is not None:
        return same
    feedback = PartnerFeedback.objects.create(
        case=case, action=action, organisation=user.organisation if user.is_partner_worker else action.organisation,
        author=user, worked=worked, text=text)
    _log(user=user, request=request, case=case, action=LogAction.CREATE, obj=feedback,
         purpose="plan: partner feedback", detail={"action": action.pk})
    return feedback


def follow_up_schedule(*, case_type: CaseType, closed_on: datetime.date) -> list[tuple[int, datetime.date]]:
    """(months, due date) for each follow-up moment of the case type after closure."""
    return [(months, add_months(closed_on, months)) for months in sorted(set(case_type.follow_up_months))]


@transaction.atomic
def case_close(*, user: User, request: HttpRequest | None, case: Case, expected_version: int,
               outcome: str, reason: str, closed_on: datetime.date) -> Case:
    """Close with an outcome and a reason, and schedule the follow-ups of the case type."""
    if not case.is_open:
        raise InvalidTransition("the case is already closed")
    _claim_version(case=case, expected_version=expected_version, user=user)
    closure = case.closure_count + 1
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, outcome=outcome, close_reason=reason,
                                           closed_on=closed_on, closure_count=closure, next_evaluation_on=None)
    case.status, case.outcome, case.close_reason = CaseStatus.CLOSED, outcome, reason
    case.closed_on, case.closure_count, case.next_evaluation_on = closed_on, closure, None
    FollowUp.objects.bulk_create(
        [FollowUp(case=case, closure=closure, months=months, due_on=due_on)
         for months, due_on in follow_up_schedule(case_type=case.case_type, closed_on=closed_on)],
        ignore_conflicts=True,
    )
    Task.objects.filter(case=case, kind__in=["evaluation", "action"], done_at__isnull=True).update(
        done_at=timezone.now())
    _log(user=user, request=request, case=case, purpose="plan: close case", detail={"outcome": outcome})
    events.case_closed(case)
    return case


@transaction.atomic
def follow_up_record(*, user: User, request: HttpRequest | None, follow_up: FollowUp, result: str, note: str,
                     today: datetime.date) -> FollowUp:
    """Record a follow-up contact. "Needs support again" reopens the case (unless the household
    already has another open plan), with an evaluation due at once."""
    follow_up = FollowUp.objects.select_for_update().select_related("case__case_type").get(pk=follow_up.pk)
    # Done, or cancelled when an earlier contact of the same closure reopened the plan: neither
    # is recorded (again), and a cancelled one must not reopen the plan of a later closure.
    if follow_up.status != FollowUpStatus.PLANNED:
        raise InvalidTransition("only a planned follow-up is recorded")
    follow_up.status, follow_up.result, follow_up.note = FollowUpStatus.DONE, result, note
    follow_up.done_on, follow_up.done_by = today, user
    follow_up.save(update_fields=["status", "result", "note", "done_on", "done_by"])
    Task.objects.filter(key=f"follow_up:{follow_up.pk}").update(done_at=timezone.now())
    case = follow_up.case
    if result == FollowUpResult.NEEDS_SUPPORT and not case.is_open:
        if Case.objects.filter(household_id=case.household_id, status=CaseStatus.OPEN).exists():
            raise InvalidTransition("the household already has an open plan")
        Case.objects.filter(pk=case.pk).update(
            status=CaseStatus.OPEN, outcome="", closed_on=None, close_reason="", next_evaluation_on=today,
            version=F("version") + 1, updated_by=user, updated_at=timezone.now())
        # The rest of this closure's follow-ups are moot now the case is open again; they stay
        # in the history as cancelled, and their open tasks are closed.
        moot = FollowUp.objects.filter(case=case, closure=follow_up.closure, status=FollowUpStatus.PLANNED)
        Task.objects.filter(key__in=[f"follow_up:{pk}" for pk in moot.values_list("pk", flat=True)],
                            done_at__isnull=True).update(done_at=timezone.now())
        moot.update(status=FollowUpStatus.CANCELLED)
        case.refresh_from_db()
    _log(user=user, request=request, case=case, obj=follow_up, purpose="plan: follow-up contact",
         detail={"result": result})
    return follow_up


@transaction.atomic
def consent_record(*, user: User, request: HttpRequest | None, case: Case, organisation: Organisation,
                   parts: list[str], valid_until: datetime.date, seen: Collection[int] | None = None) -> Consent:
    """Record the resident's consent to share parts of the plan with a partner. A new consent
    for the same partner replaces the one in force (which is withdrawn, kept in the history).
    `seen`: the consents in force when the user loaded the plan; one recorded since then for this
    partner is not replaced unseen (ConsentConflict), nor is one recorded at the same moment."""
    in_force = Consent.objects.select_for_update().filter(case=case, organisation=organisation,
                                                          withdrawn_at__isnull=True)
    current = in_force.first()
    if seen is not None and current is not None and current.pk not in seen:
        raise ConsentConflict(current)
    in_force.update(withdrawn_at=timezone.now(), withdrawn_by=user)
    try:
        with transaction.atomic():
            consent = Consent.objects.create(case=case, organisation=organisation, parts=sorted(set(parts)),
                                             valid_until=valid_until, recorded_by=user)
    except IntegrityError:  # one_active_consent_per_partner: recorded by someone else just now
        raise ConsentConflict(in_force.first()) from None
    _log(user=user, request=request, case=case, action=LogAction.CREATE, obj=consent,
         purpose="plan: record consent to share", detail={"organisation": organisation.pk, "parts": consent.parts})
    return consent


@transaction.atomic
def consent_withdraw(*, user: User, request: HttpRequest | None, consent: Consent) -> Consent:
    if consent.withdrawn_at is None:
        consent.withdrawn_at, consent.withdrawn_by = timezone.now(), user
        consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
        _log(user=user, request=request, case=consent.case, obj=consent, purpose="plan: withdraw consent")
    return consent


@transaction.atomic
def notifications_mark_read(*, user: User) -> int:
    from .models import Notification

    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
