"""The intaker who registered a request for a resident of another zone "keeps sight of it but
leaves the rest to that zone" (intake.access.may_change_request). Any intake worker may register
a request for any resident (intake.access.get_resident_for_registration). These tests show
what this read-only relation must not unlock: opening the household's plan (which makes him its
director), referring the household to a partner, or reading the rest of the resident's history."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.factories import CaseTypeFactory
from cases.models import Case
from intake.factories import ConversationFactory
from intake.models import ConversationOutcome, ConversationStatus, HelpRequest
from partners.factories import OrganisationFactory, ServiceFactory
from partners.models import Referral
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered_by_stranger(help_request, stranger):
    """The zone's request (assigned to the worker) was registered by the stranger at the front door."""
    help_request.created_by = stranger
    help_request.save(update_fields=["created_by"])
    return help_request


@pytest.fixture
def plan_conversation(registered_by_stranger, worker):
    return ConversationFactory(help_request=registered_by_stranger, worker=worker,
                               status=ConversationStatus.FINISHED, outcome=ConversationOutcome.NEEDS_PLAN,
                               finished_at=timezone.now(), scores={"financien": 2})


def test_the_registering_intaker_of_another_zone_cannot_open_the_households_plan(plan_conversation, stranger,
                                                                                 worker):
    client = login(stranger)
    # He may only read the conversation: writing in it is refused.
    assert client.get(reverse("intake:conversation", args=[plan_conversation.pk])).status_code == 200
    assert client.post(reverse("intake:conversation", args=[plan_conversation.pk]), {}).status_code == 403
    case_type = CaseTypeFactory(code="standard", name="Standaard")
    response = client.post(reverse("cases:open", args=[plan_conversation.pk]), {"case_type": case_type.pk})
    case = Case.objects.filter(conversation=plan_conversation).first()
    # Opening the plan makes him its case director (cases.services.case_open), with every right on it.
    assert case is None, f"opened by the stranger, director={case.director}"
    assert response.status_code == 403


def test_the_registering_intaker_of_another_zone_cannot_refer_the_resident_to_a_partner(
        registered_by_stranger, stranger, worker):
    conversation = ConversationFactory(help_request=registered_by_stranger, worker=worker, finished=True)
    service = ServiceFactory(organisation=OrganisationFactory(name="Schuldhulpmaatje"), name="Schuldhulp")
    response = login(stranger).post(reverse("partners:referral_new", args=[conversation.pk]), {
        "service": service.pk, "question": "Graag contact.", "urgency": "normal", "share_request": "on",
        "share_summary": "on", "share_scores": "on", "share_debts": "on",
        "consent_until": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "consent_given": "on"})
    # Sending the household's story to another organisation is a change, not a read.
    assert not Referral.objects.filter(conversation=conversation).exists()
    assert response.status_code == 403


def test_registering_a_request_does_not_open_the_residents_whole_history_to_another_zone(
        help_request, resident, stranger, worker):
    """help_request is the zone's own request (not the stranger's). Any worker may register a new
    request for any resident id; that must not hand them the resident's history in other zones."""
    help_request.question = "Mevrouw heeft schulden bij de woningcorporatie en dreigt uit huis gezet te worden"
    help_request.save(update_fields=["question"])
    client = login(stranger)
    assert client.get(reverse("intake:resident", args=[resident.pk])).status_code == 404
    response = client.post(reverse("intake:request_new", args=[resident.pk]), {
        "channel": "phone", "first_contact_on": timezone.localdate().isoformat(), "urgency": "normal",
        "question": "Vraagt naar de maaltijdservice."})
    assert response.status_code == 302
    assert HelpRequest.objects.filter(resident=resident, created_by=stranger).exists()
    page = client.get(reverse("intake:resident", args=[resident.pk])).content.decode()
    # His own request is there; the other zone's request (its question) is not his to read.
    assert "Vraagt naar de maaltijdservice." in page and "Uw hulpvragen voor deze inwoner" in page
    assert "schulden bij de woningcorporatie" not in page
    # The zone's worker still reads the whole story, his request included.
    page = login(worker).get(reverse("intake:resident", args=[resident.pk])).content.decode()
    assert "schulden bij de woningcorporatie" in page and "Vraagt naar de maaltijdservice." in page
