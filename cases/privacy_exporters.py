"""The plans' part of an access request: plans of every household the resident has belonged to,
with goals, actions, evaluations (their goal results and scores), partner feedback, follow-ups,
consents, the case directors in turn and the documents (what and when; the files themselves
are handed over apart, from the plan page)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from intake.exports import Section, labels_for, record, register
from intake.models import Resident

from .models import (
    Action,
    Assignment,
    Case,
    CaseDocument,
    Consent,
    Evaluation,
    EvaluationScore,
    FollowUp,
    Goal,
    GoalEvaluation,
    PartnerFeedback,
)

CASE_FIELDS = ("case_type", "status", "summary", "opened_on", "director", "next_evaluation_on", "complex_decision",
               "closed_on", "outcome", "close_reason")
GOAL_FIELDS = ("domain", "text", "start_score")
ACTION_FIELDS = ("description", "actor", "organisation", "worker", "due_on", "status")
EVALUATION_FIELDS = ("held_on", "by", "note")
FOLLOW_UP_FIELDS = ("months", "due_on", "status", "result", "note", "done_on")
CONSENT_FIELDS = ("organisation", "parts", "valid_until", "recorded_at", "withdrawn_at")
FEEDBACK_FIELDS = ("action", "organisation", "author", "worked", "text", "created_at")
ASSIGNMENT_FIELDS = ("director", "start_on", "end_on", "assigned_by", "reason")
DOCUMENT_FIELDS = ("description", "original_name", "content_type", "size", "uploaded_by", "uploaded_at",
                   "removed_at")


@register
def cases_section(resident: Resident) -> Section:
    cases = (
        Case.objects.filter(household__memberships__resident=resident).distinct()
        .select_related("case_type", "director")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.select_related("domain").order_by("pk")),
            Prefetch("actions", queryset=Action.objects.select_related("organisation", "worker").order_by("pk")),
            Prefetch("evaluations", queryset=Evaluation.objects.select_related("by").order_by("held_on", "pk")
                     .prefetch_related(
                         Prefetch("goal_results", queryset=GoalEvaluation.objects.select_related("goal__domain")
                                  .order_by("pk")),
                         Prefetch("scores", queryset=EvaluationScore.objects.select_related("domain")
                                  .order_by("domain__position")))),
            Prefetch("feedback", queryset=PartnerFeedback.objects.select_related("action", "organisation", "author")
                     .order_by("created_at", "pk")),
            Prefetch("assignments", queryset=Assignment.objects.select_related("director", "assigned_by")
                     .order_by("start_on", "pk")),
            Prefetch("documents", queryset=CaseDocument.objects.select_related("uploaded_by")
                     .order_by("uploaded_at", "pk")),
            Prefetch("follow_ups", queryset=FollowUp.objects.order_by("due_on", "pk")),
            Prefetch("consents", queryset=Consent.objects.select_related("organisation").order_by("pk")),
        ).order_by("opened_on", "pk")
    )
    records = [
        record(case, CASE_FIELDS, id=case.pk, status=case.get_status_display(), outcome=case.get_outcome_display(),
               goals=[record(g, GOAL_FIELDS) for g in case.goals.all()],
               actions=[record(a, ACTION_FIELDS, actor=a.get_actor_display(), status=a.get_status_display())
                        for a in case.actions.all()],
               evaluations=[record(e, EVALUATION_FIELDS,
                                   goal_results=[{"goal": r.goal.text or str(r.goal.domain),
                                                  "result": r.get_result_display()} for r in e.goal_results.all()],
                                   scores=[{"domain": sc.domain.name, "score": sc.score} for sc in e.scores.all()])
                            for e in case.evaluations.all()],
               partner_feedback=[record(f, FEEDBACK_FIELDS, worked=f.get_worked_display())
                                 for f in case.feedback.all()],
               directors=[record(a, ASSIGNMENT_FIELDS) for a in case.assignments.all()],
               documents=[record(d, DOCUMENT_FIELDS) for d in case.documents.all()],
               follow_ups=[record(f, FOLLOW_UP_FIELDS, status=f.get_status_display(), result=f.get_result_display())
                           for f in case.follow_ups.all()],
               consents=[record(c, CONSENT_FIELDS, parts=c.parts_display) for c in case.consents.all()])
        for case in cases
    ]
    labels = {**labels_for(Case, CASE_FIELDS, id=_("number"), goals=_("goals"), actions=_("actions"),
                           evaluations=_("evaluations"), follow_ups=_("follow-ups"), consents=_("consents"),
                           partner_feedback=_("feedback from partners"), directors=_("case directors"),
                           documents=_("documents"), goal_results=_("goal results"),
                           scores=_("self-reliance scores"), goal=_("goal"), score=_("score")),
              **labels_for(Goal, GOAL_FIELDS), **labels_for(Action, ACTION_FIELDS),
              **labels_for(Evaluation, EVALUATION_FIELDS), **labels_for(FollowUp, FOLLOW_UP_FIELDS),
              **labels_for(Consent, CONSENT_FIELDS), **labels_for(PartnerFeedback, FEEDBACK_FIELDS),
              **labels_for(Assignment, ASSIGNMENT_FIELDS), **labels_for(CaseDocument, DOCUMENT_FIELDS)}
    return Section("plans", _("Plans"), records, labels, position=50)
