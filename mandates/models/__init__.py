"""Mandated decisions: the legal calendar, the provision catalogue, the mandate register,
decisions (beschikkingen) with their clocks, objections (bezwaar) and decision letters.

Glossary (see /docs and the shared domain guide): a *mandate* (mandaat, Awb 10:1) lets an
official decide on behalf of the college of mayor and aldermen; a *customised provision*
(maatwerkvoorziening) needs a decision, a *general provision* (algemene voorziening) does not.

A package split by sub-domain; every name is importable from `mandates.models` as before:
calendar (holidays and settings), catalogue, register (mandates), decisions (with objections
and letters) and legal_clocks.
"""

from .calendar import DecisionSettings, HolidaySource, LegalHoliday
from .catalogue import (
    LAW_OF_KIND,
    DecisionKind,
    Delivery,
    GeneralProvision,
    OfferedGeneralProvision,
    ProductCategory,
    Provision,
    ProvisionPrice,
    Unit,
)
from .decisions import (
    Decision,
    DecisionLetter,
    DecisionLine,
    DecisionOutcome,
    DecisionQuerySet,
    DecisionStatus,
    LetterStatus,
    Objection,
    ObjectionOutcome,
    ObjectionStatus,
)
from .legal_clocks import (
    DECISION_CLOCKS,
    ClockKind,
    ClockNotification,
    ClockTask,
    LegalClock,
    LegalClockQuerySet,
)
from .register import Mandate, MandateQuerySet

__all__ = [
    "DECISION_CLOCKS",
    "LAW_OF_KIND",
    "ClockKind",
    "ClockNotification",
    "ClockTask",
    "Decision",
    "DecisionKind",
    "DecisionLetter",
    "DecisionLine",
    "DecisionOutcome",
    "DecisionQuerySet",
    "DecisionSettings",
    "DecisionStatus",
    "Delivery",
    "GeneralProvision",
    "HolidaySource",
    "LegalClock",
    "LegalClockQuerySet",
    "LegalHoliday",
    "LetterStatus",
    "Mandate",
    "MandateQuerySet",
    "Objection",
    "ObjectionOutcome",
    "ObjectionStatus",
    "OfferedGeneralProvision",
    "ProductCategory",
    "Provision",
    "ProvisionPrice",
    "Unit",
]
