"""Intake announces its events (intake.events); the clocks start at once, in the same
transaction, without waiting for the daily job."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.models import Conversation
from mandates.models import ClockKind, LegalClock
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_registering_a_melding_through_intake_starts_the_wmo_investigation_clock(worker, resident):
    login(worker).post(reverse("intake:request_new", args=[resident.pk]), {
        "channel": "phone", "first_contact_on": timezone.localdate().isoformat(), "urgency": "normal",
        "question": "Hulp in het huishouden", "wmo_melding": "on"})
    assert LegalClock.objects.filter(kind=ClockKind.WMO_INVESTIGATION).count() == 1


def test_the_registration_form_offers_the_wmo_melding_ticked(worker, resident):
    page = login(worker).get(reverse("intake:request_new", args=[resident.pk])).content.decode()
    assert 'name="wmo_melding"' in page
    assert re.search(r'<input type="checkbox" name="wmo_melding"[^>]* checked', page)


def test_a_question_about_debts_only_starts_no_wmo_investigation_clock(worker, resident):
    from intake.models import HelpRequest

    client = login(worker)
    client.post(reverse("intake:request_new", args=[resident.pk]), {
        "channel": "phone", "first_contact_on": timezone.localdate().isoformat(), "urgency": "normal",
        "question": "Ik kom niet rond en heb schulden"})  # the Wmo box unticked
    help_request = HelpRequest.objects.get()
    assert help_request.wmo_melding is False
    assert not LegalClock.objects.filter(kind=ClockKind.WMO_INVESTIGATION).exists()
    detail = client.get(reverse("intake:request_detail", args=[help_request.pk])).content.decode()
    assert "nee: een vraag over geld, schulden, werk of informatie" in detail


def test_finishing_a_conversation_with_a_threatened_eviction_starts_the_debt_clock_at_once(worker, help_request):
    client = login(worker)
    client.post(reverse("intake:conversation_start", args=[help_request.pk]))
    conversation = Conversation.objects.get(help_request=help_request)
    data = {"version": conversation.version, "held_on": timezone.localdate().isoformat(),
            "present_residents": [help_request.resident_id], "outcome": "referred",
            "arrears": ["rent"], "threats": ["eviction"]}
    response = client.post(reverse("intake:conversation_finish", args=[conversation.pk]), data)
    assert response.status_code == 302
    clock = LegalClock.objects.get(help_request=help_request, kind=ClockKind.DEBT_FIRST_CONVERSATION)
    assert clock.due_on > timezone.localdate()
