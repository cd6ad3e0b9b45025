"""The objects the URL matrix (tests/test_url_matrix.py) builds URLs from: one of each kind, all
in the zone of the `worker` persona, the partner objects at the `partner_worker`'s organisation."""

from __future__ import annotations

import datetime
import decimal
import weakref
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.factories import UserFactory
from accounts.models import Role
from cases import documents as case_documents
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
from intake.factories import ConversationFactory, HelpRequestFactory, MembershipFactory
from intake.models import ConversationOutcome, ConversationStatus
from mandates import services as mandate_services
from mandates.factories import MandateFactory, ProvisionFactory
from mandates.models import DecisionKind, DecisionOutcome, Delivery, ProductCategory
from partners.factories import OrganisationFactory, PersonFactory, ReferralFactory, ServiceFactory
from privacy import services as privacy_services
from reporting import services as report_services
from reporting.models import PeriodKind, ReportStatus
from surveys import services as survey_services
from surveys.models import Invitation
from tests.url_matrix import SURVEY_TOKEN

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
# Example-case texts that name nobody (they pass the anonymity check on submit).
EXAMPLE_TEXTS = {"asked": "Een moeder met twee kinderen liep vast met rekeningen en de zorg voor haar zoon.",
                 "done": "Samen met de schuldhulp een plan gemaakt; de zoon gaat naar dagbesteding.",
                 "result": "De rekeningen worden weer betaald en de moeder heeft weer rust."}


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
        **_privacy_objects(worker=worker, resident=resident, zone=zone),
        **_reporting_objects(worker=worker, case=case, zone=zone, today=today),
        **_survey_objects(decision=decision),
        "document": _case_document(worker=worker, case=case),
        "passkey": _passkey(worker),
        "help_request": help_request, "conversation": conversation, "resident": resident, "household": household,
        "case": case, "goal": GoalFactory(case=case), "action": action, "consent": consent,
        "follow_up": FollowUpFactory(case=closed_case), "unplanned_conversation": unplanned_conversation,
        "decision_conversation": decision_conversation, "decision": decision, "objection": objection,
        "referral": referral, "organisation": organisation, "person": person,
        "other_partner_worker": UserFactory(username="partner-zonder", role=Role.PARTNER_WORKER,
                                            organisation=OrganisationFactory(name="Zonder verwijzing")),
    }


def _passkey(user):
    """A passkey of the worker's, as django-otp-webauthn stores one (no real key behind it)."""
    from django_otp_webauthn.models import WebAuthnCredential

    return WebAuthnCredential.objects.create(
        user=user, name="Tablet", confirmed=True, credential_id=b"matrix-credential", public_key=b"matrix-key",
        credential_id_sha256="0" * 64, aaguid="00000000-0000-0000-0000-000000000000")


def _privacy_objects(*, worker, resident, zone) -> dict:
    """An open dispute on the world's resident, and an active restriction on a resident of its own:
    a restriction hides the resident from everyone but the administrator, so the world's resident
    must stay unrestricted."""
    dispute = privacy_services.dispute_open(user=worker, request=None, resident=resident,
                                            description="De geboortedatum klopt niet.", reference="geboortedatum")
    membership = MembershipFactory(household__zone=zone, household__postcode="8441CD")
    restricted = membership.resident
    HelpRequestFactory(household=membership.household, resident=restricted, zone=zone, assigned=True,
                       assigned_worker=worker)
    restriction = privacy_services.restriction_impose(user=worker, request=None, resident=restricted,
                                                      reason="De inwoner betwist de gegevens.")
    return {"dispute": dispute, "restriction": restriction}


def _reporting_objects(*, worker, case, zone, today) -> dict:
    """A draft and a published council report (the scheduled way: no requester, generated by the
    task's function; published by a team leader of the zone's team), and two example cases the
    worker wrote on the world's case: a draft and one submitted for review."""
    publisher = UserFactory(username="teamleider-rapport", role=Role.TEAM_LEADER, team=zone.team)

    def generated(year: int):
        report = report_services.report_request(user=None, request=None, period_kind=PeriodKind.YEAR, year=year,
                                                quarter=None, zone=None, enqueue=False)
        return report_services.report_generate_run(report_id=report.pk)

    draft_report = generated(today.year - 1)
    assert draft_report.status == ReportStatus.DRAFT, draft_report.error
    published_report = report_services.report_publish(user=publisher, request=None, report=generated(today.year - 2))
    example = report_services.example_create(user=worker, request=None, case=case, **EXAMPLE_TEXTS)
    submitted = report_services.example_create(user=worker, request=None, case=case, **EXAMPLE_TEXTS)
    submitted = report_services.example_submit(user=worker, request=None, example=submitted,
                                               expected_version=submitted.version)
    return {"draft_report": draft_report, "published_report": published_report, "example": example,
            "submitted_example": submitted}


def _survey_objects(*, decision) -> dict:
    """Sending the decision invited the resident (surveys subscribes to mandates' event); the
    letter's link is issued by the service with a known token, so the registry can name it."""
    invitation = Invitation.objects.get(decision=decision)
    with mock.patch.object(survey_services.secrets, "token_urlsafe", return_value=SURVEY_TOKEN):
        survey_services.invitation_print_letter(invitation=invitation)
    invitation.refresh_from_db()
    return {"invitation": invitation}


def _case_document(*, worker, case):
    """A document the worker uploaded to the plan through cases' service. Its file lands in the
    private storage; it is deleted again when the world is gone (the test rolls back only the row)."""
    document = case_documents.document_upload(user=worker, request=None, case=case, description="Getekend plan",
                                              upload=SimpleUploadedFile("getekend-plan.pdf", PDF))
    weakref.finalize(document, case_documents.private_storage().delete, document.stored_name)
    return document
