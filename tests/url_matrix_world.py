"""The objects the URL matrix (tests/test_url_matrix.py) builds URLs from: one of each kind, all
in the zone of the `worker` persona, the partner objects at the `partner_worker`'s organisation."""

from __future__ import annotations

import datetime
import decimal

from django.utils import timezone

from accounts.factories import UserFactory
from accounts.models import Role
from cases import services as case_services
from cases.factories import (
    ActionFactory,
    CaseFactory,
    CaseTypeFactory,
    ConsentFactory,
    FollowUpFactory,
    GoalFactory,
)
from cases.models import Actor
from intake.factories import ConversationFactory, HelpRequestFactory
from intake.models import ConversationOutcome, ConversationStatus
from mandates import services as mandate_services
from mandates.factories import MandateFactory, ProvisionFactory
from mandates.models import DecisionKind, DecisionOutcome, Delivery, ProductCategory
from partners.factories import OrganisationFactory, PersonFactory, ReferralFactory, ServiceFactory


def build_world(*, worker, help_request, conversation, resident, household, partner_worker, zone) -> dict:
    today = timezone.localdate()
    organisation = partner_worker.organisation
    organisation.zones.add(zone)

    def own_request():
        # One conversation per request (a unique constraint): each needs a request of its own.
        return HelpRequestFactory(household=household, resident=resident, zone=zone, assigned=True,
                                  assigned_worker=worker)

    plan_conversation = ConversationFactory(
        help_request=own_request(), worker=worker, status=ConversationStatus.FINISHED,
        outcome=ConversationOutcome.NEEDS_PLAN, finished_at=timezone.now())
    case = case_services.case_open(user=worker, request=None, conversation=plan_conversation,
                                   case_type=CaseTypeFactory(), today=today)
    unplanned_conversation = ConversationFactory(
        help_request=own_request(), worker=worker, status=ConversationStatus.FINISHED,
        outcome=ConversationOutcome.NEEDS_PLAN, finished_at=timezone.now())
    consent = ConsentFactory(case=case, organisation=organisation, recorded_by=worker)
    action = ActionFactory(case=case, actor=Actor.PARTNER, organisation=organisation)
    closed_case = CaseFactory(closed=True, conversation=ConversationFactory(
        help_request=own_request(), worker=worker, status=ConversationStatus.FINISHED,
        outcome=ConversationOutcome.NEEDS_PLAN, finished_at=timezone.now()))
    decision_conversation = ConversationFactory(help_request=own_request(), worker=worker, finished=True,
                                                outcome=ConversationOutcome.NEEDS_DECISION)
    provision = ProvisionFactory()
    MandateFactory(holder=worker, kind=DecisionKind.WMO, max_amount=decimal.Decimal("5000"),
                   categories=[ProductCategory.objects.get(code="01")])
    data = mandate_services.DecisionInput(
        kind=DecisionKind.WMO, outcome=DecisionOutcome.GRANTED, delivery=Delivery.IN_KIND, start_on=today,
        end_on=today + datetime.timedelta(weeks=26), application_on=today,
        reasoning="Mevrouw kan het huishouden niet zelf doen.", legal_ground="Wmo 2015, artikel 2.3.5",
        lines=(mandate_services.LineInput(provision=provision, volume=decimal.Decimal("3")),))
    decision = mandate_services.decision_prepare(user=worker, request=None, conversation=decision_conversation,
                                                 data=data)
    decision = mandate_services.decision_decide(user=worker, request=None, decision=decision,
                                                expected_version=decision.version, today=today)
    objection = mandate_services.objection_register(user=worker, request=None, decision=decision,
                                                    received_on=today, grounds="Te weinig uren.",
                                                    advisory_committee=False)
    referral = ReferralFactory(conversation=conversation, service=ServiceFactory(organisation=organisation))
    person = PersonFactory(organisation=organisation, zones=[zone], user=partner_worker)
    return {
        "help_request": help_request, "conversation": conversation, "resident": resident, "household": household,
        "case": case, "goal": GoalFactory(case=case), "action": action, "consent": consent,
        "follow_up": FollowUpFactory(case=closed_case), "unplanned_conversation": unplanned_conversation,
        "decision_conversation": decision_conversation, "decision": decision, "objection": objection,
        "referral": referral, "organisation": organisation, "person": person,
        "other_partner_worker": UserFactory(username="partner-zonder", role=Role.PARTNER_WORKER,
                                            organisation=OrganisationFactory(name="Zonder verwijzing")),
    }
