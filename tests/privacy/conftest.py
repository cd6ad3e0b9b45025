"""A resident with data in every app, and one in the same zone who must never leak into the
first one's export."""

from __future__ import annotations

import datetime
import decimal

import pytest
from django.utils import timezone

from audit.services import access_log_record
from cases.factories import ActionFactory, CaseFactory, ConsentFactory, FollowUpFactory, GoalFactory
from cases.models import Evaluation
from intake import factories as intake_factories
from intake.factories import ConversationFactory, HelpRequestFactory, MembershipFactory
from intake.models import ConversationOutcome, ConversationStatus
from mandates.factories import DecisionFactory, DecisionLineFactory
from mandates.models import Objection
from partners.factories import ReferralFactory


@pytest.fixture(autouse=True)
def _fresh_test_bsn_pool():
    """Every test runs in a rolled-back transaction: restart the BSN iterator (as tests/cases do)."""
    yield
    intake_factories._bsn_pool = intake_factories.iter_test_bsns()


def build_history(*, membership, zone, worker, marker: str):
    """One resident's data in intake, cases, mandates and partners; free texts carry the marker."""
    resident = membership.resident
    help_request = HelpRequestFactory(household=membership.household, resident=resident, zone=zone,
                                      assigned=True, assigned_worker=worker, question=f"Vraag {marker}")
    conversation = ConversationFactory(help_request=help_request, worker=worker, status=ConversationStatus.FINISHED,
                                       outcome=ConversationOutcome.NEEDS_PLAN, finished_at=timezone.now(),
                                       outcome_note=f"Afspraken {marker}", scores={"financien": 2})
    case = CaseFactory(conversation=conversation, summary=f"Plan {marker}")
    GoalFactory(case=case, text=f"Doel {marker}")
    ActionFactory(case=case, description=f"Actie {marker}")
    Evaluation.objects.create(case=case, held_on=timezone.localdate(), by=worker, note=f"Evaluatie {marker}")
    FollowUpFactory(case=case, note=f"Nazorg {marker}", due_on=timezone.localdate() + datetime.timedelta(days=90))
    ConsentFactory(case=case)
    decision = DecisionFactory(conversation=conversation, reasoning=f"Motivering {marker}")
    DecisionLineFactory(decision=decision, volume=decimal.Decimal("3"))
    Objection.objects.create(decision=decision, received_on=timezone.localdate(), grounds=f"Bezwaar {marker}",
                             due_on=timezone.localdate() + datetime.timedelta(weeks=12), registered_by=worker)
    referral = ReferralFactory(conversation=conversation, question=f"Verwijzing {marker}")
    access_log_record(user=worker, action="view", obj=resident, resident_id=resident.pk, purpose=f"inzage {marker}")
    return {"resident": resident, "help_request": help_request, "conversation": conversation, "case": case,
            "decision": decision, "referral": referral}


@pytest.fixture
def history(membership, zone, worker):
    return build_history(membership=membership, zone=zone, worker=worker, marker="EIGEN")


@pytest.fixture
def other_history(zone, worker):
    other = MembershipFactory(household__zone=zone, household__postcode="8441CD")
    return build_history(membership=other, zone=zone, worker=worker, marker="ANDER")
