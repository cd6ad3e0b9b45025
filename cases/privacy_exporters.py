"""The plans' part of an access request: plans of every household the resident has belonged to,
with goals, actions, evaluations, follow-ups and consents. (Case documents, once they exist,
add their metadata here as one more list per plan.)"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from intake.exports import Section, labels_for, record, register
from intake.models import Resident

from .models import Action, Case, Consent, Evaluation, FollowUp, Goal

CASE_FIELDS = ("case_type", "status", "summary", "opened_on", "director", "next_evaluation_on", "complex_decision",
               "closed_on", "outcome", "close_reason")
GOAL_FIELDS = ("domain", "text", "start_score")
ACTION_FIELDS = ("description", "actor", "organisation", "worker", "due_on", "status")
EVALUATION_FIELDS = ("held_on", "by", "note")
FOLLOW_UP_FIELDS = ("months", "due_on", "status", "result", "note", "done_on")
CONSENT_FIELDS = ("organisation", "parts", "valid_until", "recorded_at", "withdrawn_at")


@register
def cases_section(resident: Resident) -> Section:
    cases = (
        Case.objects.filter(household__memberships__resident=resident).distinct()
        .select_related("case_type", "director")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.select_related("domain").order_by("pk")),
            Prefetch("actions", queryset=Action.objects.select_related("organisation", "worker").order_by("pk")),
            Prefetch("evaluations", queryset=Evaluation.objects.select_related("by").order_by("held_on", "pk")),
            Prefetch("follow_ups", queryset=FollowUp.objects.order_by("due_on", "pk")),
            Prefetch("consents", queryset=Consent.objects.select_related("organisation").order_by("pk")),
        ).order_by("opened_on", "pk")
    )
    records = [
        record(case, CASE_FIELDS, id=case.pk, status=case.get_status_display(), outcome=case.get_outcome_display(),
               goals=[record(g, GOAL_FIELDS) for g in case.goals.all()],
               actions=[record(a, ACTION_FIELDS, actor=a.get_actor_display(), status=a.get_status_display())
                        for a in case.actions.all()],
               evaluations=[record(e, EVALUATION_FIELDS) for e in case.evaluations.all()],
               follow_ups=[record(f, FOLLOW_UP_FIELDS, status=f.get_status_display(), result=f.get_result_display())
                           for f in case.follow_ups.all()],
               consents=[record(c, CONSENT_FIELDS, parts=c.parts_display) for c in case.consents.all()])
        for case in cases
    ]
    labels = {**labels_for(Case, CASE_FIELDS, id=_("number"), goals=_("goals"), actions=_("actions"),
                           evaluations=_("evaluations"), follow_ups=_("follow-ups"), consents=_("consents")),
              **labels_for(Goal, GOAL_FIELDS), **labels_for(Action, ACTION_FIELDS),
              **labels_for(Evaluation, EVALUATION_FIELDS), **labels_for(FollowUp, FOLLOW_UP_FIELDS),
              **labels_for(Consent, CONSENT_FIELDS)}
    return Section("plans", _("Plans"), records, labels, position=50)
