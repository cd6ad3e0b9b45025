"""Residents, households, requests for help (meldingen) and kitchen-table conversations.

A package split by sub-domain; every name is importable from `intake.models` as before:
life_domains (the life domains, self-reliance levels and intake settings), households
(households and residents, with their visibility rules and the AVG art. 18 restrictions),
help_requests, and conversations (with the self-reliance scores).
"""

# isort: off
# In the order of the former single module, so the models register (and the app registry and
# reverse relations list them) in the same order as before.
from .life_domains import IntakeSettings, LifeDomain, SelfReliance
from .households import (
    Household,
    HouseholdMembership,
    HouseholdQuerySet,
    Relation,
    Resident,
    ResidentQuerySet,
    household_visibility,
    restricted_household_ids,
    restricted_resident_ids,
)
from .help_requests import (
    AWAITING_VISIT,
    OPEN_STATUSES,
    Channel,
    HelpRequest,
    HelpRequestQuerySet,
    RequestStatus,
    SettledBy,
    Urgency,
)
from .conversations import (
    Arrears,
    Conversation,
    ConversationOutcome,
    ConversationQuerySet,
    ConversationStatus,
    SelfRelianceScore,
    Threat,
    today,
)
# isort: on

# Private, but still reachable at their old path (intake.models._zone_ids, ...). These are the
# households module's own objects: one cache per process for each restriction subquery.
from .households import _restricted_household_ids as _restricted_household_ids
from .households import _restricted_resident_ids as _restricted_resident_ids
from .households import _zone_ids as _zone_ids

__all__ = [
    "AWAITING_VISIT",
    "OPEN_STATUSES",
    "Arrears",
    "Channel",
    "Conversation",
    "ConversationOutcome",
    "ConversationQuerySet",
    "ConversationStatus",
    "HelpRequest",
    "HelpRequestQuerySet",
    "Household",
    "HouseholdMembership",
    "HouseholdQuerySet",
    "IntakeSettings",
    "LifeDomain",
    "Relation",
    "RequestStatus",
    "Resident",
    "ResidentQuerySet",
    "SelfReliance",
    "SelfRelianceScore",
    "SettledBy",
    "Threat",
    "Urgency",
    "household_visibility",
    "restricted_household_ids",
    "restricted_resident_ids",
    "today",
]
