"""One plan per household (één gezin, één plan): the case, its goals and actions, its case
director (regisseur) and their history, evaluations, closure and follow-up monitoring.

A Case *is* the household's plan: they are one-to-one, so the plan's fields (summary, version)
live on the case and "plan" and "case" name the same record in the UI.

A package split by sub-domain; every name is importable from `cases.models` as before: plans
(the case type, case, directors, goals and actions), evaluations (with partner feedback and
follow-up), work_items (tasks, notifications, digests) and sharing (consents and documents).
"""

# isort: off
# In the order of the former single module, so the models register (and the app registry and
# reverse relations list them) in the same order as before.
from .plans import (
    OPEN_ACTION_STATUSES,
    Action,
    ActionStatus,
    Actor,
    Assignment,
    Case,
    CaseOutcome,
    CaseQuerySet,
    CaseStatus,
    CaseType,
    Goal,
    add_months,
)
from .evaluations import (
    Evaluation,
    EvaluationScore,
    FollowUp,
    FollowUpResult,
    FollowUpStatus,
    GoalEvaluation,
    GoalResult,
    PartnerFeedback,
    Worked,
)
from .work_items import DigestSent, Notification, Task, TaskKind
from .sharing import CaseDocument, Consent, ConsentQuerySet, SharedPart
# isort: on

__all__ = [
    "OPEN_ACTION_STATUSES",
    "Action",
    "ActionStatus",
    "Actor",
    "Assignment",
    "Case",
    "CaseDocument",
    "CaseOutcome",
    "CaseQuerySet",
    "CaseStatus",
    "CaseType",
    "Consent",
    "ConsentQuerySet",
    "DigestSent",
    "Evaluation",
    "EvaluationScore",
    "FollowUp",
    "FollowUpResult",
    "FollowUpStatus",
    "Goal",
    "GoalEvaluation",
    "GoalResult",
    "Notification",
    "PartnerFeedback",
    "SharedPart",
    "Task",
    "TaskKind",
    "Worked",
    "add_months",
]
