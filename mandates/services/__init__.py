"""The only writers of decisions, objections and letters. Each writes the access log in the
same transaction as the change.

A package split by sub-domain; every name is importable from `mandates.services` as before:
decisions (and their letters), objections, legal_clocks, and common (the shared errors and
access-log helper).
"""

from .common import DecisionConflict, DecisionError, OutsideMandate
from .decisions import (
    WEEKLY_UNITS,
    DecisionInput,
    LineInput,
    compute_clocks,
    decision_change_term,
    decision_decide,
    decision_discard,
    decision_mandate_check,
    decision_prepare,
    decision_revise,
    decision_submit,
    letter_render,
    letters_requeue,
    line_cost,
)
from .legal_clocks import (
    DEBT_QUESTION,
    ClockStep,
    legal_clock_record,
    legal_clocks_catch_up,
    legal_clocks_catch_up_threats,
    legal_clocks_follow_request,
    legal_clocks_start,
)
from .objections import (
    may_decide_objection,
    objection_decide,
    objection_extend,
    objection_register,
)

__all__ = [
    "DEBT_QUESTION",
    "WEEKLY_UNITS",
    "ClockStep",
    "DecisionConflict",
    "DecisionError",
    "DecisionInput",
    "LineInput",
    "OutsideMandate",
    "compute_clocks",
    "decision_change_term",
    "decision_decide",
    "decision_discard",
    "decision_mandate_check",
    "decision_prepare",
    "decision_revise",
    "decision_submit",
    "legal_clock_record",
    "legal_clocks_catch_up",
    "legal_clocks_catch_up_threats",
    "legal_clocks_follow_request",
    "legal_clocks_start",
    "letter_render",
    "letters_requeue",
    "line_cost",
    "may_decide_objection",
    "objection_decide",
    "objection_extend",
    "objection_register",
]
